import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contextItems, renderContexts, renderDetail, reviewable, rollbackable, statusBar } from '../src/statusView';
import { detail, summary } from './fixtures';

test('the status bar shows a running execution with its progress', () => {
  const view = statusBar([
    summary({ contextId: 'ctx-1' }),
    summary({ contextId: 'ctx-2', status: 'running', progress: { done: 1, total: 4, percent: 25, currentStep: 'validate' }, createdAt: '2026-11-24T11:00:00Z' }),
  ]);
  assert.equal(view.text, '$(sync~spin) TARS 25% validate');
  assert.equal(view.contextId, 'ctx-2');
});

test('the status bar shows a rollback under way, or one a crash interrupted', () => {
  const view = statusBar([
    summary({ contextId: 'ctx-1' }),
    summary({ contextId: 'ctx-2', status: 'rolling_back', message: 'interrupted rollback', createdAt: '2026-11-24T09:00:00Z' }),
  ]);
  assert.equal(view.text, '$(sync~spin) TARS: rolling back');
  assert.equal(view.tooltip, 'TARS: rolling back use-sum (ctx-2): interrupted rollback');
  assert.equal(view.contextId, 'ctx-2');
  assert.match(renderContexts([summary({ status: 'rolling_back' })]), /ctx-1 {2}rolling back +use-sum/);
});

test('the status bar counts executions awaiting review, newest first', () => {
  const view = statusBar([summary({ contextId: 'ctx-1' }), summary({ contextId: 'ctx-2', createdAt: '2026-11-24T11:00:00Z' })]);
  assert.equal(view.text, '$(git-compare) TARS: 2 to review');
  assert.equal(view.contextId, 'ctx-2');
});

test('the status bar reports a failure, else the last outcome', () => {
  assert.equal(statusBar([summary({ status: 'failed', message: 'validation failed' })]).text, '$(error) TARS: failed');
  const idle = statusBar([summary({ status: 'rolled_back' })]);
  assert.equal(idle.text, '$(check) TARS');
  assert.equal(idle.tooltip, 'Last execution ctx-1: rolled back');
  assert.equal(statusBar([]).tooltip, 'TARS: no executions');
});

test('reviewable and rollbackable executions', () => {
  const all = ['awaiting_review', 'approved', 'failed', 'rolled_back', 'rejected', 'simulated', 'running'].map((status, i) =>
    summary({ contextId: `ctx-${i}`, status: status as never, createdAt: `2026-11-24T10:0${i}:00Z` }),
  );
  assert.deepEqual(reviewable(all).map((c) => c.contextId), ['ctx-0']);
  assert.deepEqual(rollbackable(all).map((c) => c.contextId), ['ctx-2', 'ctx-1', 'ctx-0']);
  assert.deepEqual(contextItems(all.slice(0, 2)).map((i) => i.description), ['ctx-1 · approved', 'ctx-0 · awaiting review']);
});

test('the detail report lists files, transactions, failed validation output and the log', () => {
  const text = renderDetail(
    detail({
      status: 'failed',
      message: 'validation failed',
      validation: [{ name: 'tests', kind: 'command', phase: 'post', status: 'failed', durationMs: 12, output: 'FAILED (errors=1)\n', diagnostics: [] }],
      logs: [{ at: '2026-11-24T10:00:01Z', level: 'info', message: 'applied calc.py' }],
    }),
  );
  assert.match(text, /^Execution ctx-1\n {2}improvement: use-sum\n {2}status: {6}failed\n/);
  assert.match(text, /modify {2}calc\.py {2}\[applied, tx-1\]/);
  assert.match(text, /tx-1 {2}committed {2}calc\.py/);
  assert.match(text, /failed {2}tests \(post, 12 ms\)\n {6}FAILED \(errors=1\)/);
  assert.match(text, /2026-11-24T10:00:01Z info applied calc\.py/);
  assert.equal(renderContexts([]), 'No TARS executions in this workspace.\n');
  assert.match(renderContexts([summary()]), /ctx-1 {2}awaiting review +use-sum/);
});
