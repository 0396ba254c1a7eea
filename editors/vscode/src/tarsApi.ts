// Typed calls of the tars-lsp requests over anything that sends LSP requests: the
// extension's LanguageClient or a plain vscode-jsonrpc connection in the tests.
import {
  ContextDetail,
  ContextSummary,
  ExecuteCommandParams,
  ExecuteReply,
  ImprovementSummary,
  Methods,
  ReviewReply,
  RollbackReport,
} from './protocol';

export interface Requester {
  sendRequest<R>(method: string, param: unknown): Promise<R>;
}

export class TarsApi {
  constructor(private readonly connection: Requester) {}

  async improvements(): Promise<ImprovementSummary[]> {
    return (await this.connection.sendRequest<{ improvements: ImprovementSummary[] }>(Methods.improvements, {}))
      .improvements;
  }

  async contexts(): Promise<ContextSummary[]> {
    return (await this.connection.sendRequest<{ contexts: ContextSummary[] }>(Methods.status, {})).contexts;
  }

  context(contextId: string): Promise<ContextDetail> {
    return this.connection.sendRequest<ContextDetail>(Methods.status, { contextId });
  }

  review(contextId: string): Promise<ReviewReply> {
    return this.connection.sendRequest<ReviewReply>(Methods.review, { contextId });
  }

  execute(params: ExecuteCommandParams): Promise<ExecuteReply> {
    return this.connection.sendRequest<ExecuteReply>(Methods.executeCommand, params);
  }

  // tars.rollback and tars.reject answer with a rollback report.
  restore(params: ExecuteCommandParams): Promise<RollbackReport> {
    return this.connection.sendRequest<RollbackReport>(Methods.executeCommand, params);
  }

  approve(params: ExecuteCommandParams): Promise<{ status: string }> {
    return this.connection.sendRequest<{ status: string }>(Methods.executeCommand, params);
  }
}
