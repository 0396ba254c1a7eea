import { test } from 'node:test';
import assert from 'node:assert/strict';
import { approveCommand, executeCommand, rejectCommand, rollbackCommand } from '../src/commandArgs';
import { defaultSettings, initializationOptions, keepDiagnostic, readSettings, serverArguments } from '../src/settings';

test('execute carries the settings and the dry-run choice', () => {
  assert.deepEqual(executeCommand('use-sum', { validate: false, autoRollback: true }, { dryRun: true }), {
    command: 'tars.execute',
    arguments: [{ improvementId: 'use-sum', dryRun: true, validate: false, autoRollback: true }],
  });
  assert.equal(executeCommand('use-sum', defaultSettings).arguments[0].dryRun, false);
});

test('rollback scopes become the server arguments', () => {
  assert.deepEqual(rollbackCommand('ctx-1', { kind: 'all' }).arguments, [{ contextId: 'ctx-1' }]);
  assert.deepEqual(rollbackCommand('ctx-1', { kind: 'transaction', transactionId: 'tx-2' }).arguments, [
    { contextId: 'ctx-1', transactionId: 'tx-2' },
  ]);
  assert.deepEqual(rollbackCommand('ctx-1', { kind: 'file', path: 'a/b.py' }, true).arguments, [
    { contextId: 'ctx-1', path: 'a/b.py', force: true },
  ]);
  assert.equal(rollbackCommand('ctx-1', { kind: 'all' }).command, 'tars.rollback');
});

test('approve and reject name the execution, reject optionally one file', () => {
  assert.deepEqual(approveCommand('ctx-1'), { command: 'tars.approve', arguments: [{ contextId: 'ctx-1' }] });
  assert.deepEqual(rejectCommand('ctx-1').arguments, [{ contextId: 'ctx-1' }]);
  assert.deepEqual(rejectCommand('ctx-1', 'file:///ws/a.py').arguments, [{ contextId: 'ctx-1', uri: 'file:///ws/a.py' }]);
});

test('settings are read with defaults and become the server options', () => {
  const stored: Record<string, unknown> = { validate: false, 'server.path': '  /opt/tars-lsp ', 'server.logLevel': 'debug' };
  const settings = readSettings(<T>(key: string, fallback: T) => (key in stored ? (stored[key] as T) : fallback));
  assert.deepEqual(settings, { validate: false, autoRollback: true, hints: true, serverPath: '/opt/tars-lsp', logLevel: 'debug' });
  assert.deepEqual(initializationOptions(settings), { validate: false, autoRollback: true });
  assert.deepEqual(serverArguments(settings), ['--stdio', '--log-level', 'debug']);
});

test('hints off keeps only errors and warnings', () => {
  const off = { ...defaultSettings, hints: false };
  assert.deepEqual([1, 2, 3, 4].map((s) => keepDiagnostic(s, off)), [true, true, false, false]);
  assert.deepEqual([1, 2, 3, 4].map((s) => keepDiagnostic(s, defaultSettings)), [true, true, true, true]);
});
