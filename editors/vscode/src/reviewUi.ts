// Review Changes: VS Code's native diff of each changed file against its original, the
// original served under tars-original: from tars/review.
import * as vscode from 'vscode';
import { ReviewReply } from './protocol';
import { changesArguments, DiffEntry, diffEntries, ORIGINAL_SCHEME, parseOriginal, ReviewStore, reviewTitle } from './reviewModel';
import { TarsApi } from './tarsApi';

export class OriginalContentProvider implements vscode.TextDocumentContentProvider {
  readonly store = new ReviewStore();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.store.content(parseOriginal(uri.query)) ?? '';
  }

  update(review: ReviewReply): void {
    this.store.put(review);
    for (const uri of this.store.uris(review.contextId)) this.changed.fire(vscode.Uri.parse(uri));
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export type Verdict = 'approve' | 'reject' | undefined;

// Opens the diffs of an execution and asks for the verdict.
export async function openReview(api: TarsApi, provider: OriginalContentProvider, contextId: string): Promise<Verdict> {
  const [review, detail] = await Promise.all([api.review(contextId), api.context(contextId)]);
  provider.update(review);
  const entries = diffEntries(review, detail);
  if (entries.length === 0) {
    void vscode.window.showInformationMessage(`TARS: ${contextId} changed no files`);
    return undefined;
  }
  await vscode.commands.executeCommand('setContext', 'tars.reviewing', true);
  await showDiffs(review, entries);
  const choice = await vscode.window.showInformationMessage(
    `${reviewTitle(review)} (${detail.improvementId}, ${detail.status.replace(/_/g, ' ')})`,
    'Approve',
    'Reject',
  );
  return choice === 'Approve' ? 'approve' : choice === 'Reject' ? 'reject' : undefined;
}

// One multi-file diff editor where VS Code has vscode.changes (1.86+), else a diff per file.
async function showDiffs(review: ReviewReply, entries: DiffEntry[]): Promise<void> {
  const commands = await vscode.commands.getCommands(true);
  if (commands.includes('vscode.changes')) {
    const [title, resources] = changesArguments(review, entries);
    const uris = resources.map((triple) => triple.map((u) => vscode.Uri.parse(u)));
    await vscode.commands.executeCommand('vscode.changes', title, uris);
    return;
  }
  for (const entry of entries)
    await vscode.commands.executeCommand(
      'vscode.diff',
      vscode.Uri.parse(entry.left),
      vscode.Uri.parse(entry.right),
      entry.title,
      { preview: false },
    );
}

// The execution a click on an editor-title button means: the one of a tars-original: side.
export function contextOfResource(resource: unknown): string | undefined {
  if (!(resource instanceof vscode.Uri) || resource.scheme !== ORIGINAL_SCHEME) return undefined;
  return parseOriginal(resource.query)?.contextId;
}
