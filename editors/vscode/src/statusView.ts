// Renders tars/status replies: the status bar item, context quick-pick items and the
// text of TARS: Show Status.
import { ContextDetail, ContextStatus, ContextSummary } from './protocol';

export interface StatusBarView {
  text: string;
  tooltip: string;
  contextId?: string; // the execution a click reviews
}

const statusLabel: Record<ContextStatus, string> = {
  running: 'running',
  simulated: 'dry run',
  awaiting_review: 'awaiting review',
  failed: 'failed',
  rolled_back: 'rolled back',
  partially_rolled_back: 'partially rolled back',
  rolling_back: 'rolling back',
  approved: 'approved',
  rejected: 'rejected',
  cancelled: 'cancelled',
};

export function describeStatus(status: ContextStatus): string {
  return statusLabel[status] ?? status;
}

// Newest first; the server lists contexts in creation order.
function newestFirst(contexts: ContextSummary[]): ContextSummary[] {
  return [...contexts].sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''));
}

export function statusBar(contexts: ContextSummary[]): StatusBarView {
  const running = newestFirst(contexts).filter((c) => c.status === 'running');
  if (running.length > 0) {
    const c = running[0];
    const step = c.progress.currentStep ? ` ${c.progress.currentStep}` : '';
    return {
      text: `$(sync~spin) TARS ${c.progress.percent}%${step}`,
      tooltip: `TARS: executing ${c.improvementId} (${c.contextId})`,
      contextId: c.contextId,
    };
  }
  // A rollback, reject or approve under way, or one a crash interrupted (the server
  // finishes that when it starts): the files are between two states until it ends.
  const undoing = newestFirst(contexts).find((c) => c.status === 'rolling_back');
  if (undoing) {
    return {
      text: '$(sync~spin) TARS: rolling back',
      tooltip: `TARS: rolling back ${undoing.improvementId} (${undoing.contextId})${undoing.message ? `: ${undoing.message}` : ''}`,
      contextId: undoing.contextId,
    };
  }
  const waiting = reviewable(contexts);
  if (waiting.length > 0) {
    return {
      text: `$(git-compare) TARS: ${waiting.length} to review`,
      tooltip: waiting.map((c) => `${c.contextId}: ${c.improvementId}`).join('\n') + '\nClick to review',
      contextId: waiting[0].contextId,
    };
  }
  const last = newestFirst(contexts)[0];
  if (last?.status === 'failed') {
    return { text: '$(error) TARS: failed', tooltip: `${last.contextId}: ${last.message}`, contextId: last.contextId };
  }
  return { text: '$(check) TARS', tooltip: last ? `Last execution ${last.contextId}: ${describeStatus(last.status)}` : 'TARS: no executions' };
}

// Executions whose changes are on disk waiting for approve / reject, newest first.
export function reviewable(contexts: ContextSummary[]): ContextSummary[] {
  return newestFirst(contexts).filter((c) => c.status === 'awaiting_review');
}

const finished: ContextStatus[] = ['rolled_back', 'rejected', 'cancelled', 'simulated', 'running'];

// Executions that still have changes a rollback can undo, newest first.
export function rollbackable(contexts: ContextSummary[]): ContextSummary[] {
  return newestFirst(contexts).filter((c) => !finished.includes(c.status));
}

export interface ContextItem {
  label: string;
  description: string;
  detail: string;
  contextId: string;
}

export function contextItems(contexts: ContextSummary[]): ContextItem[] {
  return newestFirst(contexts).map((c) => ({
    label: c.improvementId,
    description: `${c.contextId} · ${describeStatus(c.status)}`,
    detail: [c.createdAt ?? '', c.message].filter(Boolean).join(' · '),
    contextId: c.contextId,
  }));
}

// The plain-text report of one execution, like `tarscli execute status <context>`.
export function renderDetail(d: ContextDetail): string {
  const lines = [
    `Execution ${d.contextId}`,
    `  improvement: ${d.improvementId}`,
    `  status:      ${describeStatus(d.status)}${d.mode === 'dry-run' ? ' (dry run)' : ''}`,
    `  progress:    ${d.progress.done}/${d.progress.total} steps (${d.progress.percent}%)`,
  ];
  if (d.message) lines.push(`  message:     ${d.message}`);
  if (d.createdAt) lines.push(`  created:     ${d.createdAt}`);
  if (d.files.length > 0) {
    lines.push('', 'Files:');
    for (const f of d.files) {
      const target = f.newPath ? `${f.path} -> ${f.newPath}` : f.path;
      lines.push(`  ${f.kind.padEnd(7)} ${target}  [${f.state}, ${f.transactionId}]`);
    }
  }
  if (d.transactions.length > 0) {
    lines.push('', 'Transactions:');
    for (const t of d.transactions) lines.push(`  ${t.id}  ${t.status}  ${t.files.join(', ')}`);
  }
  if (d.validation.length > 0) {
    lines.push('', 'Validation:');
    for (const v of d.validation) {
      lines.push(`  ${v.status.padEnd(7)} ${v.name} (${v.phase}, ${v.durationMs} ms)`);
      if (v.status !== 'passed' && v.output) lines.push(...v.output.trimEnd().split('\n').map((l) => `      ${l}`));
    }
  }
  if (d.logs.length > 0) {
    lines.push('', 'Log:');
    for (const l of d.logs) lines.push(`  ${l.at} ${l.level} ${l.message}`);
  }
  return lines.join('\n') + '\n';
}

// The overview of TARS: Show Status without a chosen execution.
export function renderContexts(contexts: ContextSummary[]): string {
  if (contexts.length === 0) return 'No TARS executions in this workspace.\n';
  const rows = newestFirst(contexts).map(
    (c) => `${c.contextId}  ${describeStatus(c.status).padEnd(21)} ${c.improvementId}${c.message ? `  ${c.message}` : ''}`,
  );
  return ['Executions (newest first):', ...rows].join('\n') + '\n';
}
