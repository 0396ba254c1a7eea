// The extension's client code (settings -> initialize options, command arguments, review
// model, status rendering, rollback items) against the real tars-lsp over stdio, through
// the vscode-languageserver-protocol connection VS Code's language client is built on.
// Run by tests/e2e/test_vscode_extension.sh, which sets TARS_LSP and a trusted calc
// workspace WS with examples/calc/use-sum.patch imported (id GOOD) and a patch that
// breaks its tests (id BAD).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  ProtocolConnection,
  PublishDiagnosticsNotification,
  PublishDiagnosticsParams,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  WorkDoneProgressCreateRequest,
} from 'vscode-languageserver-protocol/node';
import { approveCommand, executeCommand, rejectCommand, rollbackCommand } from '../src/commandArgs';
import { improvementItems } from '../src/improvementItems';
import { ContextChangedParams, ContextStatus, FilesChangedParams, Methods } from '../src/protocol';
import { diffEntries, parseOriginalUri, ReviewStore } from '../src/reviewModel';
import { describeRollback, rollbackItems } from '../src/rollbackItems';
import { defaultSettings, initializationOptions, keepDiagnostic, serverArguments } from '../src/settings';
import { serverVersionWarning } from '../src/serverVersion';
import { renderDetail, statusBar } from '../src/statusView';
import { TarsApi } from '../src/tarsApi';

const server = process.env.TARS_LSP;
const ws = process.env.WS;
const skip =
  !server || !ws || !process.env.GOOD || !process.env.BAD
    ? 'needs TARS_LSP, WS, GOOD and BAD (run through ctest: e2e.test_vscode_extension)'
    : false;

interface Client {
  connection: ProtocolConnection;
  api: TarsApi;
  progress: string[];
  filesChanged: FilesChangedParams[];
  diagnostics: PublishDiagnosticsParams[];
  until(contextId: string, status: ContextStatus): Promise<void>;
  waitFor(what: string, done: () => boolean): Promise<void>;
  close(): Promise<number | null>;
  kill(): void;
}

async function startServer(): Promise<Client> {
  const settings = { ...defaultSettings, logLevel: 'warn' as const };
  const child = spawn(server!, serverArguments(settings), { cwd: ws, stdio: ['pipe', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => child.on('spawn', resolve).on('error', reject));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const progress: string[] = [];
  const filesChanged: FilesChangedParams[] = [];
  const diagnostics: PublishDiagnosticsParams[] = [];
  const seen: ContextChangedParams[] = [];
  const waiters: (() => void)[] = [];
  connection.onRequest(WorkDoneProgressCreateRequest.type, () => null);
  const wakeAll = () => waiters.splice(0).forEach((wake) => wake());
  connection.onNotification('$/progress', (p: { value: { kind: string } }) => {
    progress.push(p.value.kind);
    wakeAll();
  });
  connection.onNotification(Methods.filesChanged, (p: FilesChangedParams) => filesChanged.push(p));
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    diagnostics.push(p);
    wakeAll();
  });
  connection.onNotification(Methods.contextChanged, (p: ContextChangedParams) => {
    seen.push(p);
    wakeAll();
  });
  connection.listen();
  const initialized = await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: pathToFileURL(ws!).href,
    workspaceFolders: null,
    capabilities: { window: { workDoneProgress: true } },
    initializationOptions: initializationOptions(settings),
  });
  await connection.sendNotification(InitializedNotification.type, {});
  // the server is of the extension's release, so no version warning
  const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
  assert.equal(initialized.serverInfo?.version, manifest.version);
  assert.equal(serverVersionWarning(initialized.serverInfo?.version, server!), undefined);

  const waitFor = async (what: string, done: () => boolean) => {
    const deadline = Date.now() + 60_000;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(seen)}`);
      await new Promise<void>((wake) => {
        waiters.push(wake);
        setTimeout(wake, 1000);
      });
    }
  };
  const until = (contextId: string, status: ContextStatus) =>
    waitFor(`${contextId} to become ${status}`, () => seen.some((p) => p.contextId === contextId && p.status === status));
  const close = async () => {
    await connection.sendRequest(ShutdownRequest.type);
    await connection.sendNotification(ExitNotification.type);
    const code = await exited;
    connection.dispose();
    return code;
  };
  const kill = () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    connection.dispose();
  };
  return { connection, api: new TarsApi(connection), progress, filesChanged, diagnostics, until, waitFor, close, kill };
}

// Runs a scenario against a fresh server, which never outlives it.
async function withServer(scenario: (client: Client) => Promise<void>): Promise<void> {
  const client = await startServer();
  try {
    await scenario(client);
    assert.equal(await client.close(), 0);
  } finally {
    client.kill();
  }
}

const options = { skip, timeout: 120_000 };

test('execute, review, roll back, reject and approve through the extension client code', options, () =>
  withServer(async (client) => {
    const calc = join(ws!, 'calc.py');
    const original = readFileSync(calc, 'utf8');
    const { api } = client;

    // TARS: List Improvements
    const improvements = await api.improvements();
    const item = improvementItems(improvements).find((i) => i.improvementId === process.env.GOOD);
    assert.ok(item, JSON.stringify(improvements));

    // Execute Improvement: the server answers at once, the execution runs with progress
    const started = await api.execute(executeCommand(item.improvementId, defaultSettings));
    assert.match(started.contextId, /^ctx-/);
    await client.until(started.contextId, 'awaiting_review');
    await client.waitFor('the end of progress', () => client.progress.includes('end'));
    assert.equal(client.progress[0], 'begin');
    assert.match(readFileSync(calc, 'utf8'), /return sum\(values\) \/ len\(values\)/);
    assert.ok(client.filesChanged.some((p) => p.uris.includes(pathToFileURL(calc).href)));

    // the status bar and Show Status
    const contexts = await api.contexts();
    const bar = statusBar(contexts);
    assert.equal(bar.text, '$(git-compare) TARS: 1 to review');
    assert.equal(bar.contextId, started.contextId);
    const detail = await api.context(started.contextId);
    assert.match(renderDetail(detail), /status: {6}awaiting review/);
    assert.match(renderDetail(detail), /modify {2}calc\.py/);

    // Review Changes: the diff entries and the texts served under tars-original:
    const review = await api.review(started.contextId);
    const entries = diffEntries(review, detail);
    assert.deepEqual(entries.map((e) => [e.path, e.kind, e.right]), [['calc.py', 'modify', pathToFileURL(calc).href]]);
    const store = new ReviewStore();
    store.put(review);
    assert.equal(store.content(parseOriginalUri(entries[0].left)), original);
    assert.equal(review.files[0].current, readFileSync(calc, 'utf8'));

    // Roll Back one file, chosen from the quick-pick items
    const fileItem = rollbackItems(detail).find((i) => i.scope.kind === 'file');
    assert.ok(fileItem);
    const rolled = await api.restore(rollbackCommand(started.contextId, fileItem.scope));
    assert.equal(describeRollback(rolled), 'TARS: rolled back · restored calc.py');
    assert.equal(readFileSync(calc, 'utf8'), original);
    assert.equal(statusBar(await api.contexts()).text, '$(check) TARS');

    // Dry run changes nothing on disk
    const dry = await api.execute(executeCommand(item.improvementId, defaultSettings, { dryRun: true }));
    await client.until(dry.contextId, 'simulated');
    assert.equal(readFileSync(calc, 'utf8'), original);

    // Execute again, then Reject restores the file
    const second = await api.execute(executeCommand(item.improvementId, defaultSettings));
    await client.until(second.contextId, 'awaiting_review');
    const rejected = await api.restore(rejectCommand(second.contextId));
    assert.deepEqual(rejected.restored, ['calc.py']);
    assert.equal(readFileSync(calc, 'utf8'), original);
    await client.until(second.contextId, 'rejected');

    // Execute once more, then Approve keeps the change
    const third = await api.execute(executeCommand(item.improvementId, defaultSettings));
    await client.until(third.contextId, 'awaiting_review');
    assert.deepEqual(await api.approve(approveCommand(third.contextId)), { status: 'approved' });
    assert.match(readFileSync(calc, 'utf8'), /return sum\(values\)/);
    assert.equal(statusBar(await api.contexts()).tooltip, `Last execution ${third.contextId}: approved`);

    // Roll Back all of an approved execution still works; bad input gets a clear error
    const all = await api.restore(rollbackCommand(third.contextId, { kind: 'all' }));
    assert.equal(all.status, 'rolled_back');
    assert.equal(readFileSync(calc, 'utf8'), original);
    await assert.rejects(api.review('ctx-nope'), /not found/);
  }));

test('a file edited after the execution makes rollback report a conflict; force keeps a backup', options, () =>
  withServer(async (client) => {
    const calc = join(ws!, 'calc.py');
    const original = readFileSync(calc, 'utf8');
    const started = await client.api.execute(executeCommand(process.env.GOOD!, defaultSettings));
    await client.until(started.contextId, 'awaiting_review');
    writeFileSync(calc, readFileSync(calc, 'utf8') + '# my edit\n');

    const refused = await client.api.restore(rollbackCommand(started.contextId, { kind: 'all' }));
    assert.equal(refused.conflicts.length, 1, JSON.stringify(refused));
    assert.match(describeRollback(refused), /conflicts: /);
    assert.match(readFileSync(calc, 'utf8'), /# my edit/);

    const forced = await client.api.restore(rollbackCommand(started.contextId, { kind: 'all' }, true));
    assert.equal(forced.status, 'rolled_back');
    assert.equal(forced.savedBackups.length, 1);
    assert.match(describeRollback(forced), /your edits saved to /);
    assert.equal(readFileSync(calc, 'utf8'), original);
  }));

test('a failing validation rolls back and publishes diagnostics for the Problems view', options, () =>
  withServer(async (client) => {
    const calc = join(ws!, 'calc.py');
    const original = readFileSync(calc, 'utf8');
    const started = await client.api.execute(executeCommand(process.env.BAD!, defaultSettings));
    await client.until(started.contextId, 'rolled_back');
    assert.equal(readFileSync(calc, 'utf8'), original);
    await client.waitFor('tars diagnostics', () =>
      client.diagnostics.some((p) => p.diagnostics.some((d) => d.source === 'tars')),
    );
    const published = client.diagnostics.find((p) => p.diagnostics.some((d) => d.source === 'tars'))!;
    assert.match(published.uri, /test_calc\.py$/);
    const [diagnostic] = published.diagnostics;
    assert.match(diagnostic.message, /AssertionError/);
    assert.equal(keepDiagnostic(diagnostic.severity, { ...defaultSettings, hints: false }), true);

    const detail = await client.api.context(started.contextId);
    assert.match(renderDetail(detail), /failed +\S+ \(/);
    assert.equal(statusBar(await client.api.contexts()).tooltip, `Last execution ${started.contextId}: rolled back`);
  }));
