// The TARS extension: starts tars-lsp, registers the palette commands, keeps the status
// bar current. Everything shown comes from the server.
import * as vscode from 'vscode';
import { approveCommand, executeCommand, rejectCommand, rollbackCommand } from './commandArgs';
import { improvementActions, improvementItems, renderImprovement } from './improvementItems';
import { ContextSummary, ImprovementSummary } from './protocol';
import { ORIGINAL_SCHEME } from './reviewModel';
import { contextOfResource, OriginalContentProvider, openReview } from './reviewUi';
import { describeRollback, rollbackItems } from './rollbackItems';
import { currentSettings, Session } from './session';
import { StatusBar } from './statusBar';
import { contextItems, renderContexts, renderDetail, reviewable, rollbackable } from './statusView';

const REPORT_SCHEME = 'tars-report';

let session: Session | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('TARS');
  const provider = new OriginalContentProvider();
  const reports = new ReportProvider();
  const statusBar = new StatusBar(() => session!.api);
  const version = (context.extension.packageJSON as { version: string }).version;
  session = new Session(context.extensionPath, version, output, {
    contextChanged: () => statusBar.refresh(),
    // An open review shows the files as they are now.
    filesChanged: ({ contextId }) => {
      if (!provider.store.has(contextId)) return;
      session!.api.review(contextId).then(
        (review) => provider.update(review),
        (error) => output.appendLine(`tars/review ${contextId}: ${error instanceof Error ? error.message : error}`),
      );
    },
    executionStarted: () => statusBar.follow(),
  });
  const commands = new Commands(session, provider, reports, statusBar);
  context.subscriptions.push(
    output,
    provider,
    statusBar,
    session,
    vscode.workspace.registerTextDocumentContentProvider(ORIGINAL_SCHEME, provider),
    vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, reports),
    ...commands.register(),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('tars.server')) void session!.restart().then(() => statusBar.refresh());
    }),
  );
  await session.start();
  statusBar.refresh();
}

export async function deactivate(): Promise<void> {
  await session?.stop();
}

// Read-only documents for Show Status and an improvement's Show.
class ReportProvider implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.path) ?? '';
  }

  async show(name: string, text: string): Promise<void> {
    this.texts.set(name, text);
    const uri = vscode.Uri.from({ scheme: REPORT_SCHEME, path: name });
    this.changed.fire(uri);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true });
  }
}

class Commands {
  private reviewing: string | undefined; // the execution of the open review

  constructor(
    private readonly session: Session,
    private readonly provider: OriginalContentProvider,
    private readonly reports: ReportProvider,
    private readonly statusBar: StatusBar,
  ) {}

  register(): vscode.Disposable[] {
    const table: [string, (...args: unknown[]) => Promise<unknown>][] = [
      ['tars.listImprovements', () => this.listImprovements()],
      ['tars.executeImprovement', () => this.executeImprovement()],
      ['tars.reviewChanges', (id) => this.review(typeof id === 'string' ? id : undefined)],
      ['tars.approveExecution', (resource) => this.approve(contextOfResource(resource) ?? this.reviewing)],
      ['tars.rejectExecution', (resource) => this.reject(contextOfResource(resource) ?? this.reviewing)],
      ['tars.rollbackExecution', () => this.rollback()],
      ['tars.showStatus', () => this.showStatus()],
      ['tars.restartServer', () => this.session.restart()],
    ];
    return table.map(([id, run]) =>
      vscode.commands.registerCommand(id, (...args: unknown[]) => run(...args).catch((e) => this.fail(e))),
    );
  }

  private get api() {
    return this.session.api;
  }

  private fail(error: unknown): void {
    void vscode.window.showErrorMessage(`TARS: ${error instanceof Error ? error.message : String(error)}`);
  }

  private async pickImprovement(placeHolder: string) {
    const improvements = await this.api.improvements();
    if (improvements.length === 0) {
      void vscode.window.showInformationMessage('TARS: no improvements in .tars/improvements');
      return undefined;
    }
    const item = await vscode.window.showQuickPick(improvementItems(improvements), { placeHolder, matchOnDetail: true });
    return item && improvements.find((i) => i.id === item.improvementId);
  }

  async listImprovements(): Promise<void> {
    const improvement = await this.pickImprovement('TARS improvements');
    if (!improvement) return;
    const action = await vscode.window.showQuickPick(improvementActions, { placeHolder: improvement.title });
    if (action?.action === 'show') await this.reports.show(`${improvement.id}.txt`, renderImprovement(improvement));
    else if (action) await this.execute(improvement, action.action === 'dryRun');
  }

  async executeImprovement(): Promise<void> {
    const improvement = await this.pickImprovement('Improvement to execute');
    if (improvement) await this.execute(improvement, false);
  }

  private async execute(improvement: ImprovementSummary, dryRun: boolean): Promise<void> {
    if (!dryRun && !(await this.saveTouchedFiles(improvement))) return;
    await this.api.execute(executeCommand(improvement.id, currentSettings(), { dryRun }));
    this.statusBar.follow();
  }

  // The server refuses to change a file with unsaved edits; offer to save them first.
  private async saveTouchedFiles(improvement: ImprovementSummary): Promise<boolean> {
    const dirty = vscode.workspace.textDocuments.filter(
      (d) => d.isDirty && improvement.files.includes(vscode.workspace.asRelativePath(d.uri, false)),
    );
    if (dirty.length === 0) return true;
    const names = dirty.map((d) => vscode.workspace.asRelativePath(d.uri, false)).join(', ');
    const save = 'Save and Execute';
    if ((await vscode.window.showWarningMessage(`TARS: ${names} has unsaved changes`, save)) !== save) return false;
    return (await Promise.all(dirty.map((d) => d.save()))).every(Boolean);
  }

  private async pickContext(contexts: ContextSummary[], none: string): Promise<string | undefined> {
    if (contexts.length === 0) {
      void vscode.window.showInformationMessage(`TARS: ${none}`);
      return undefined;
    }
    if (contexts.length === 1) return contexts[0].contextId;
    return (await vscode.window.showQuickPick(contextItems(contexts), { placeHolder: 'Execution' }))?.contextId;
  }

  async review(contextId?: string): Promise<void> {
    const id = contextId ?? (await this.pickContext(reviewable(await this.api.contexts()), 'no execution awaits review'));
    if (!id) return;
    this.reviewing = id;
    const verdict = await openReview(this.api, this.provider, id);
    if (verdict === 'approve') await this.approve(id);
    if (verdict === 'reject') await this.reject(id);
  }

  async approve(contextId?: string): Promise<void> {
    const id = contextId ?? (await this.pickContext(reviewable(await this.api.contexts()), 'no execution awaits review'));
    if (!id) return;
    await this.api.approve(approveCommand(id));
    await this.reviewDone(`TARS: approved ${id}`);
  }

  async reject(contextId?: string): Promise<void> {
    const id = contextId ?? (await this.pickContext(reviewable(await this.api.contexts()), 'no execution awaits review'));
    if (!id) return;
    const report = await this.api.restore(rejectCommand(id));
    await this.reviewDone(describeRollback(report), report.conflicts.length > 0);
  }

  private async reviewDone(message: string, warn = false): Promise<void> {
    this.reviewing = undefined;
    await vscode.commands.executeCommand('setContext', 'tars.reviewing', false);
    void (warn ? vscode.window.showWarningMessage(message) : vscode.window.showInformationMessage(message));
    this.statusBar.refresh();
  }

  async rollback(): Promise<void> {
    const id = await this.pickContext(rollbackable(await this.api.contexts()), 'no execution to roll back');
    if (!id) return;
    const detail = await this.api.context(id);
    const item = await vscode.window.showQuickPick(rollbackItems(detail), { placeHolder: `Roll back ${id}` });
    if (!item) return;
    let report = await this.api.restore(rollbackCommand(id, item.scope));
    if (report.conflicts.length > 0) {
      const force = 'Roll Back Anyway (keep my version under .tars/backups)';
      if ((await vscode.window.showWarningMessage(describeRollback(report), force)) !== force) return;
      report = await this.api.restore(rollbackCommand(id, item.scope, true));
    }
    void vscode.window.showInformationMessage(describeRollback(report));
    this.statusBar.refresh();
  }

  async showStatus(): Promise<void> {
    const contexts = await this.api.contexts();
    if (contexts.length === 0) {
      await this.reports.show('status.txt', renderContexts(contexts));
      return;
    }
    const all = { label: 'All executions', contextId: '', description: '', detail: '' };
    const pick = await vscode.window.showQuickPick([all, ...contextItems(contexts)], { placeHolder: 'TARS status' });
    if (!pick) return;
    const text = pick.contextId ? renderDetail(await this.api.context(pick.contextId)) : renderContexts(contexts);
    await this.reports.show(pick.contextId ? `${pick.contextId}.txt` : 'status.txt', text);
  }
}
