// The agent changes code through tars-mcp; a person reviews it in the editor through
// tars-lsp (npm's vscode-languageserver-protocol client, as VS Code's language client
// talks), and with tarscli: one workspace, one state, seen by all three.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import protocol from 'vscode-languageserver-protocol/node';

const {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter, InitializeRequest,
  InitializedNotification, DidOpenTextDocumentNotification, CodeActionRequest, ExecuteCommandRequest,
  ShutdownRequest, ExitNotification,
} = protocol;

const ws = process.env.WS;
const calc = `${ws}/calc.py`;
const uri = pathToFileURL(calc).href;
const original = readFileSync(calc, 'utf8');

let agent, editor, lsp, contextEvents;

async function startAgent() {
  const transport = new StdioClientTransport({
    command: process.env.TARS_MCP, args: ['--workspace', ws], env: { ...process.env },
  });
  const client = new Client({ name: 'agent', version: '1.0.0' });
  await client.connect(transport);
  await client.listTools();
  return client;
}

async function startEditor() {
  lsp = spawn(process.env.TARS_LSP, [], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createProtocolConnection(new StreamMessageReader(lsp.stdout), new StreamMessageWriter(lsp.stdin));
  contextEvents = [];
  connection.onNotification('tars/contextChanged', (params) => contextEvents.push(params));
  connection.listen();
  await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid, rootUri: pathToFileURL(ws).href, workspaceFolders: null,
    capabilities: { textDocument: { codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: [] } } } } },
  });
  await connection.sendNotification(InitializedNotification.type, {});
  return connection;
}

// The editor is told when a context changes, whoever changed it (its watcher looks each second).
async function editorSees(contextId, status) {
  for (let i = 0; i < 200; i++) {
    if (contextEvents.some((e) => e.contextId === contextId && e.status === status)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`the editor never heard that ${contextId} is ${status}: ${JSON.stringify(contextEvents)}`);
}

async function proposeAndExecute(title, oldText, newText) {
  const proposed = await agent.callTool({ name: 'propose_change', arguments: {
    title, edits: [{ path: 'calc.py', oldText, newText }],
  } });
  assert.equal(proposed.isError, false, proposed.content[0].text);
  const executed = await agent.callTool({ name: 'execute', arguments: { ids: [proposed.structuredContent.improvementId] } });
  const [result] = executed.structuredContent.results;
  assert.equal(result.status, 'awaiting_review', JSON.stringify(result));
  return result.contextId;
}

async function agentStatus(contextId) {
  const status = await agent.callTool({ name: 'status', arguments: { contextId } });
  return status.structuredContent.contexts[0].status;
}

before(async () => {
  editor = await startEditor();
  agent = await startAgent();
});

after(async () => {
  await agent.close();
  await editor.sendRequest(ShutdownRequest.type);
  await editor.sendNotification(ExitNotification.type);
  editor.dispose();
  lsp.kill();
});

test('the agent executes; a person reviews and approves it in the editor', async () => {
  const contextId = await proposeAndExecute('Use sum() in mean',
    '    total = 0\n    for value in values:\n        total = total + value\n    return total / len(values)',
    '    return sum(values) / len(values)');
  await editorSees(contextId, 'awaiting_review');

  const review = await editor.sendRequest('tars/review', { contextId });
  assert.equal(review.files[0].original, original);
  assert.match(review.files[0].current, /return sum\(values\)/);

  const text = readFileSync(calc, 'utf8');
  await editor.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: 'python', version: 1, text },
  });
  const actions = await editor.sendRequest(CodeActionRequest.type, {
    textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    context: { diagnostics: [] },
  });
  const approve = actions.find((a) => a.title === `Approve execution ${contextId}`);
  assert.ok(approve, JSON.stringify(actions.map((a) => a.title)));
  const approved = await editor.sendRequest(ExecuteCommandRequest.type, approve.command);
  assert.equal(approved.status, 'approved');

  assert.equal(await agentStatus(contextId), 'approved');
  const undo = await agent.callTool({ name: 'rollback', arguments: { contextId } });
  assert.equal(undo.isError, true);
  assert.match(undo.content[0].text, /only a person can undo that/);
  assert.match(readFileSync(calc, 'utf8'), /return sum\(values\)/);
});

test('a person rejects with tarscli; the editor and the agent see it', async () => {
  const contextId = await proposeAndExecute('Name the quotient', 'return a / b', 'quotient = a / b\n    return quotient');
  const listed = JSON.parse(execFileSync(process.env.TARSCLI, ['--workspace', ws, 'execute', 'status', '--format', 'json']));
  assert.equal(listed.contexts.find((c) => c.contextId === contextId).status, 'awaiting_review');
  execFileSync(process.env.TARSCLI, ['--workspace', ws, 'execute', 'review', '--context-id', contextId, '--reject']);
  await editorSees(contextId, 'rejected');
  assert.equal(await agentStatus(contextId), 'rejected');
  assert.match(readFileSync(calc, 'utf8'), /return a \/ b/);
});
