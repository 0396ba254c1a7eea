// The tars-lsp extensions to LSP (requests, notifications, command arguments and replies)
// as the extension sees them. No 'vscode' import: shared by the extension and its tests.

export const Methods = {
  improvements: 'tars/improvements',
  status: 'tars/status',
  review: 'tars/review',
  contextChanged: 'tars/contextChanged',
  filesChanged: 'tars/filesChanged',
  executeCommand: 'workspace/executeCommand',
} as const;

// Commands of the server's executeCommandProvider.
export const ServerCommands = {
  execute: 'tars.execute',
  rollback: 'tars.rollback',
  approve: 'tars.approve',
  reject: 'tars.reject',
} as const;

export type ContextStatus =
  | 'running'
  | 'simulated'
  | 'awaiting_review'
  | 'failed'
  | 'rolled_back'
  | 'partially_rolled_back'
  | 'rolling_back'
  | 'approved'
  | 'rejected'
  | 'cancelled';

export interface ImprovementSummary {
  id: string;
  title: string;
  source: string;
  status: string;
  files: string[];
}

export interface ContextSummary {
  contextId: string;
  improvementId: string;
  status: ContextStatus;
  mode: string;
  message: string;
  progress: { done: number; total: number; percent: number; currentStep: string };
  createdAt: string | null;
  finishedAt?: string | null;
}

export interface FileOperation {
  path: string;
  newPath?: string;
  kind: 'modify' | 'create' | 'delete' | 'rename';
  state: string;
  transactionId: string;
}

export interface ValidationRecord {
  name: string;
  kind: string;
  phase: string;
  status: string;
  durationMs: number;
  output: string;
  diagnostics: unknown[];
}

export interface ContextDetail extends ContextSummary {
  transactions: { id: string; status: string; files: string[] }[];
  files: FileOperation[];
  validation: ValidationRecord[];
  logs: { at: string; level: string; message: string }[];
}

export interface ReviewFile {
  uri: string;
  path: string;
  originalPath: string;
  state: string;
  original: string;
  current: string;
  diff: string;
}

export interface ReviewReply {
  contextId: string;
  files: ReviewFile[];
}

export interface RollbackReport {
  status: string;
  restored: string[];
  conflicts: string[];
  savedBackups: string[];
}

export interface ExecuteReply {
  contextId: string;
  workDoneToken: string | null;
}

export interface ContextChangedParams {
  contextId: string;
  status: ContextStatus;
}

export interface FilesChangedParams {
  contextId: string;
  uris: string[];
}

export interface ExecuteCommandParams {
  command: string;
  arguments: [Record<string, unknown>];
}
