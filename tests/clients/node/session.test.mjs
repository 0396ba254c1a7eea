// Drives tars-lsp with npm's vscode-languageserver-protocol client connection, the way
// VS Code's language client talks to it: initialize, code action, execute (the untrusted
// workspace's validation commands are accepted through window/showMessageRequest) with
// progress, review, rollback, shutdown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import protocol from 'vscode-languageserver-protocol/node';

const {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter, InitializeRequest, InitializedNotification,
  DidOpenTextDocumentNotification, CodeActionRequest, ExecuteCommandRequest, ShutdownRequest, ExitNotification,
  WorkDoneProgressCreateRequest, ShowMessageRequest,
} = protocol;

const server = process.env.TARS_LSP;
const ws = process.env.WS;
const calc = `${ws}/calc.py`;
const uri = pathToFileURL(calc).href;

function waitFor(register) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out waiting')), 60000);
    register((value) => { clearTimeout(timer); resolve(value); });
  });
}

test('tars-lsp with the vscode-languageserver-protocol client', async () => {
  const child = spawn(server, [], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    await session(child, exited);
  } finally {
    child.kill();  // a failed assertion must not leave the server (and node --test) running
  }
});

async function session(child, exited) {
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  connection.onRequest(WorkDoneProgressCreateRequest.type, () => null);
  const questions = [];
  connection.onRequest(ShowMessageRequest.type, (params) => {
    questions.push(params.message);
    return params.actions.find((a) => a.title === 'Trust and run');
  });
  const progress = [];
  let progressEnded;
  const ended = new Promise((resolve) => { progressEnded = resolve; });
  connection.onNotification('$/progress', (params) => {
    progress.push(params.value.kind);
    if (params.value.kind === 'end') progressEnded(params.value);
  });
  const contexts = [];
  const listeners = [];
  connection.onNotification('tars/contextChanged', (params) => {
    contexts.push(params);
    listeners.forEach((listener) => listener(params));
  });
  connection.listen();

  const init = await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid, rootUri: pathToFileURL(ws).href, workspaceFolders: null,
    capabilities: { window: { workDoneProgress: true, showMessage: { messageActionItem: {} } },
                    textDocument: { codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: [] } } } } },
  });
  assert.equal(init.capabilities.positionEncoding, 'utf-16');
  await connection.sendNotification(InitializedNotification.type, {});

  const text = readFileSync(calc, 'utf8');
  await connection.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: 'python', version: 1, text },
  });
  const line = text.split('\n').indexOf('    total = 0');
  const actions = await connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri }, range: { start: { line, character: 0 }, end: { line, character: 0 } },
    context: { diagnostics: [] },
  });
  const action = actions.find((a) => a.title.startsWith('TARS: '));
  assert.ok(action, JSON.stringify(actions));

  const finished = waitFor((done) => listeners.push((p) => { if (p.status === 'awaiting_review') done(p); }));
  const started = await connection.sendRequest(ExecuteCommandRequest.type, action.command);
  assert.equal(started.awaitingTrust, true, JSON.stringify(started));
  const changed = await finished;
  assert.match(questions[0], /python3 -m unittest/);
  assert.ok(existsSync(process.env.TARS_TRUST_FILE), 'the answer is recorded where tarscli trust writes');
  started.contextId = changed.contextId;
  assert.match(readFileSync(calc, 'utf8'), /return sum\(values\) \/ len\(values\)/);
  assert.match((await ended).message, /awaiting_review/);
  assert.deepEqual([progress[0], progress[progress.length - 1]], ['begin', 'end']);

  const review = await connection.sendRequest('tars/review', { contextId: started.contextId });
  assert.equal(review.files[0].original, text);
  const rolled = await connection.sendRequest(ExecuteCommandRequest.type, {
    command: 'tars.rollback', arguments: [{ contextId: started.contextId }],
  });
  assert.equal(rolled.status, 'rolled_back');
  assert.equal(readFileSync(calc, 'utf8'), text);

  await connection.sendRequest(ShutdownRequest.type);
  await connection.sendNotification(ExitNotification.type);
  assert.equal(await exited, 0);
  connection.dispose();
}
