// Turns a tars/review reply into the entries of a diff view: for each file, a left side
// (the original, served under the tars-original: scheme) and a right side (the file
// itself, or a served empty text when the execution deleted it).
import { ContextDetail, FileOperation, ReviewReply } from './protocol';

export const ORIGINAL_SCHEME = 'tars-original';

export type Side = 'original' | 'current';
export type ChangeKind = FileOperation['kind'];

export interface DiffEntry {
  path: string; // where the result lives
  originalPath: string; // where the original lived (differs for a rename)
  kind: ChangeKind;
  state: string;
  left: string; // uri of the original
  right: string; // uri of the result
  title: string;
  unchanged: boolean; // the file is back to its original content
}

export interface OriginalRef {
  contextId: string;
  path: string; // workspace-relative, as tars/review names it
  side: Side;
}

// The uri's path is the file's own, so VS Code labels the diff as a change of that file
// (not a rename); the query names what is served.
export function originalUri(ref: OriginalRef, fileUri: string): string {
  const filePath = fileUri.replace(/^file:\/\//, '').replace(/[?#].*$/, '');
  const query = new URLSearchParams({ context: ref.contextId, path: ref.path, side: ref.side });
  return `${ORIGINAL_SCHEME}:${filePath}?${query.toString()}`;
}

export function parseOriginalUri(uri: string): OriginalRef | undefined {
  if (!uri.startsWith(`${ORIGINAL_SCHEME}:`)) return undefined;
  return parseOriginal(new URL(uri).search.slice(1));
}

// From the query of a tars-original: uri (vscode.Uri's query).
export function parseOriginal(query: string): OriginalRef | undefined {
  const params = new URLSearchParams(query);
  const contextId = params.get('context');
  const path = params.get('path');
  const side = params.get('side');
  if (!contextId || !path || (side !== 'original' && side !== 'current')) return undefined;
  return { contextId, path, side };
}

// tars/review carries no operation kind; tars/status {contextId} does. Without it, the
// kind is read from the diff's /dev/null sides and the paths.
export function changeKind(file: ReviewReply['files'][number], detail?: ContextDetail): ChangeKind {
  const op = detail?.files.find((f) => f.path === file.originalPath && (f.newPath ?? f.path) === file.path);
  if (op) return op.kind;
  if (file.originalPath !== file.path) return 'rename';
  if (/^--- \/dev\/null$/m.test(file.diff)) return 'create';
  if (/^\+\+\+ \/dev\/null$/m.test(file.diff)) return 'delete';
  return 'modify';
}

export function diffEntries(review: ReviewReply, detail?: ContextDetail): DiffEntry[] {
  return review.files.map((file) => {
    const kind = changeKind(file, detail);
    const ref = { contextId: review.contextId, path: file.path };
    const left = originalUri({ ...ref, side: 'original' }, file.uri);
    const right = kind === 'delete' ? originalUri({ ...ref, side: 'current' }, file.uri) : file.uri;
    const name = kind === 'rename' ? `${file.originalPath} → ${file.path}` : file.path;
    return {
      path: file.path,
      originalPath: file.originalPath,
      kind,
      state: file.state,
      left,
      right,
      title: `${name} (${kindLabel[kind]}, TARS ${review.contextId})`,
      unchanged: file.diff === '',
    };
  });
}

const kindLabel: Record<ChangeKind, string> = {
  modify: 'modified',
  create: 'created',
  delete: 'deleted',
  rename: 'renamed',
};

export function reviewTitle(review: ReviewReply): string {
  const count = review.files.length;
  return `TARS ${review.contextId}: ${count} file${count === 1 ? '' : 's'} changed`;
}

// Arguments of VS Code's vscode.changes command: a title (VS Code appends the file count)
// and [resource, left, right] per file.
export function changesArguments(review: ReviewReply, entries: DiffEntry[]): [string, [string, string, string][]] {
  return [`TARS review: ${review.contextId}`, entries.map((e) => [e.right, e.left, e.right])];
}

// The texts served under tars-original:, one review per execution context.
export class ReviewStore {
  private readonly reviews = new Map<string, ReviewReply>();

  put(review: ReviewReply): void {
    this.reviews.set(review.contextId, review);
  }

  has(contextId: string): boolean {
    return this.reviews.has(contextId);
  }

  contextIds(): string[] {
    return [...this.reviews.keys()];
  }

  content(ref: OriginalRef | undefined): string | undefined {
    if (!ref) return undefined;
    const file = this.reviews.get(ref.contextId)?.files.find((f) => f.path === ref.path);
    if (!file) return undefined;
    return ref.side === 'original' ? file.original : file.current;
  }

  // The tars-original: uris of a context, to refresh after its files changed.
  uris(contextId: string): string[] {
    const review = this.reviews.get(contextId);
    if (!review) return [];
    return review.files.flatMap((f) =>
      (['original', 'current'] as const).map((side) => originalUri({ contextId, path: f.path, side }, f.uri)),
    );
  }
}
