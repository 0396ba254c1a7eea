import { test } from 'node:test';
import assert from 'node:assert/strict';
import { changesArguments, diffEntries, originalUri, parseOriginal, parseOriginalUri, ReviewStore, reviewTitle } from '../src/reviewModel';
import { detail, review } from './fixtures';

test('each reviewed file becomes a diff of its original against the file', () => {
  const [calc, created, deleted] = diffEntries(review);
  assert.equal(calc.kind, 'modify');
  assert.equal(calc.left, 'tars-original:/ws/calc.py?context=ctx-1&path=calc.py&side=original');
  assert.equal(calc.right, 'file:///ws/calc.py');
  assert.equal(calc.title, 'calc.py (modified, TARS ctx-1)');
  assert.equal(created.kind, 'create');
  assert.equal(created.right, 'file:///ws/docs/new%20file.md');
  // a deleted file has no right side on disk: the served (empty) current text stands in
  assert.equal(deleted.kind, 'delete');
  assert.equal(deleted.right, 'tars-original:/ws/old.py?context=ctx-1&path=old.py&side=current');
});

test('the kind comes from tars/status when given (a rename)', () => {
  const renamed = {
    contextId: 'ctx-1',
    files: [{ ...review.files[0], uri: 'file:///ws/calculator.py', path: 'calculator.py', originalPath: 'calc.py', diff: '' }],
  };
  const info = detail({ files: [{ path: 'calc.py', newPath: 'calculator.py', kind: 'rename', state: 'applied', transactionId: 'tx-1' }] });
  const [entry] = diffEntries(renamed, info);
  assert.equal(entry.kind, 'rename');
  assert.equal(entry.title, 'calc.py → calculator.py (renamed, TARS ctx-1)');
  assert.equal(entry.unchanged, true);
  assert.equal(diffEntries(renamed)[0].kind, 'rename');
});

test('tars-original uris round-trip, including spaces and folders', () => {
  const ref = { contextId: 'ctx-7', path: 'docs/new file.md', side: 'original' as const };
  const uri = originalUri(ref, 'file:///ws/docs/new%20file.md');
  assert.equal(uri, 'tars-original:/ws/docs/new%20file.md?context=ctx-7&path=docs%2Fnew+file.md&side=original');
  assert.deepEqual(parseOriginalUri(uri), ref);
  // as vscode.Uri hands the query over: percent-encoded
  assert.deepEqual(parseOriginal('context=ctx-7&path=docs%2Fnew%20file.md&side=original'), ref);
  assert.equal(parseOriginal('context=ctx-7&path=a.py&side=both'), undefined);
  assert.equal(parseOriginalUri('file:///a.py'), undefined);
});

test('the store serves the original and the current text of a reviewed file', () => {
  const store = new ReviewStore();
  store.put(review);
  assert.equal(store.content(parseOriginalUri(diffEntries(review)[0].left)), 'total = 0\n');
  assert.equal(store.content(parseOriginalUri(diffEntries(review)[2].right)), '');
  assert.equal(store.content({ contextId: 'ctx-2', path: 'calc.py', side: 'original' }), undefined);
  assert.equal(store.uris('ctx-1').length, 6);
});

test('vscode.changes gets a title and one [resource, original, modified] per file', () => {
  const [title, resources] = changesArguments(review, diffEntries(review));
  assert.equal(title, 'TARS review: ctx-1');
  assert.equal(reviewTitle(review), 'TARS ctx-1: 3 files changed');
  assert.deepEqual(resources[0], ['file:///ws/calc.py', 'tars-original:/ws/calc.py?context=ctx-1&path=calc.py&side=original', 'file:///ws/calc.py']);
});
