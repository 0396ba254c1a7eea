import { test } from 'node:test';
import assert from 'node:assert/strict';
import { improvementItems, renderImprovement } from '../src/improvementItems';
import { RestartPolicy } from '../src/restartPolicy';
import { describeRollback, rollbackItems } from '../src/rollbackItems';
import { resolveServerPath } from '../src/serverPath';
import { compareVersions, serverVersionWarning } from '../src/serverVersion';
import { detail } from './fixtures';

test('rollback offers the whole execution, each transaction (when several) and each file', () => {
  const one = rollbackItems(detail());
  assert.deepEqual(one.map((i) => i.label), ['All changes of ctx-1', 'File calc.py']);
  assert.deepEqual(one[1].scope, { kind: 'file', path: 'calc.py' });
  const two = rollbackItems(
    detail({
      transactions: [
        { id: 'tx-1', status: 'committed', files: ['a.py'] },
        { id: 'tx-2', status: 'committed', files: ['b.py', 'c.py'] },
      ],
      files: [
        { path: 'a.py', kind: 'modify', state: 'applied', transactionId: 'tx-1' },
        { path: 'b.py', newPath: 'd.py', kind: 'rename', state: 'applied', transactionId: 'tx-2' },
      ],
    }),
  );
  assert.deepEqual(two.map((i) => i.label), ['All changes of ctx-1', 'Transaction tx-1', 'Transaction tx-2', 'File a.py', 'File d.py']);
  assert.equal(two[0].description, 'use-sum, 2 files');
  assert.deepEqual(two[2].scope, { kind: 'transaction', transactionId: 'tx-2' });
  assert.deepEqual(two[4].scope, { kind: 'file', path: 'd.py' });
  const named = rollbackItems(
    detail({
      transactions: [
        { id: 'tx-1', name: 'modernize-use-nullptr', status: 'committed', files: ['a.cpp', 'b.cpp'] },
        { id: 'tx-2', name: 'commit 2/3: Fix b', status: 'committed', files: ['c.cpp'] },
      ],
    }),
  );
  assert.deepEqual(named.slice(1, 3).map((i) => i.label), ['Transaction modernize-use-nullptr', 'Transaction commit 2/3: Fix b']);
  assert.equal(named[1].description, 'tx-1, committed: a.cpp, b.cpp');
  assert.deepEqual(named[2].scope, { kind: 'transaction', transactionId: 'tx-2' });
});

test('a rollback report reads as one line', () => {
  assert.equal(describeRollback({ status: 'rolled_back', restored: ['calc.py'], conflicts: [], savedBackups: [] }), 'TARS: rolled back · restored calc.py');
  assert.match(
    describeRollback({ status: 'partially_rolled_back', restored: [], conflicts: ['calc.py changed since'], savedBackups: [] }),
    /partially rolled back · conflicts: calc.py changed since/,
  );
});

test('improvements become quick-pick items', () => {
  const list = [{ id: 'use-sum', title: 'Use sum()', source: 'patch', status: 'pending', files: ['calc.py'] }];
  assert.deepEqual(improvementItems(list), [{ label: 'Use sum()', description: 'patch · pending', detail: 'use-sum: calc.py', improvementId: 'use-sum' }]);
  assert.match(renderImprovement(list[0]), /^Use sum\(\) \(use-sum\)\n/);
});

test('the server is the configured path, else on PATH, else next to the extension', () => {
  const have = (paths: string[]) => (p: string) => paths.includes(p);
  assert.deepEqual(resolveServerPath('/opt/tars-lsp', '/ext', {}, have(['/opt/tars-lsp'])), { path: '/opt/tars-lsp', source: 'setting' });
  assert.match((resolveServerPath('/opt/none', '/ext', {}, have([])) as { error: string }).error, /not an executable/);
  assert.deepEqual(resolveServerPath('', '/ext', { PATH: '/a:/b' }, have(['/b/tars-lsp', '/ext/bin/tars-lsp'])), { path: '/b/tars-lsp', source: 'PATH' });
  assert.deepEqual(resolveServerPath('', '/ext', { PATH: '/a' }, have(['/ext/bin/tars-lsp'])), { path: '/ext/bin/tars-lsp', source: 'bundled' });
  const none = resolveServerPath('', '/ext', { PATH: '/a' }, have([]), '0.1.0') as { error: string };
  assert.match(none.error, /sudo apt-get install \.\/tars_0\.1\.0_amd64\.deb/);
  assert.match(none.error, /tars-0\.1\.0-linux-x64\.vsix/);
  assert.match(none.error, /set tars\.server\.path/);
  assert.match((resolveServerPath('my-lsp', '/ext', { PATH: '/a' }, have([])) as { error: string }).error, /my-lsp, which is on no directory of PATH/);
});

test('a server older than the extension needs is warned about', () => {
  assert.equal(compareVersions('0.1.0', '0.1.0'), 0);
  assert.equal(compareVersions('0.1', '0.1.0'), 0);
  assert.equal(compareVersions('0.0.9', '0.1.0'), -1);
  assert.equal(compareVersions('0.10.0', '0.9.1'), 1);
  assert.equal(compareVersions('1.0.0-rc1', '1.0.0'), 0);
  assert.equal(serverVersionWarning('0.1.0', '/usr/bin/tars-lsp', '0.1.0'), undefined);
  assert.equal(serverVersionWarning('0.2.0', '/usr/bin/tars-lsp', '0.1.0'), undefined);
  assert.equal(
    serverVersionWarning('0.0.9', '/usr/bin/tars-lsp', '0.1.0'),
    'tars-lsp 0.0.9 (/usr/bin/tars-lsp) is older than this extension needs (0.1.0 or newer): ' +
      'install tars 0.1.0 or newer, or set tars.server.path to a newer tars-lsp.',
  );
  assert.match(serverVersionWarning(undefined, '/x/tars-lsp', '0.1.0')!, /^tars-lsp of an unknown version \(\/x\/tars-lsp\)/);
});

test('a crashing server is restarted four times within three minutes, then left stopped', () => {
  const policy = new RestartPolicy(4, 180_000);
  assert.deepEqual([0, 1, 2, 3, 4].map((t) => policy.shouldRestart(t * 1000)), [true, true, true, true, false]);
  assert.equal(policy.shouldRestart(200_000), true); // the old crashes are out of the window
});
