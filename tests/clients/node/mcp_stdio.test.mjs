// Drives tars-mcp with the official MCP TypeScript SDK client over stdio, as an AI coding
// agent's host does: initialize, list the tools and check their schemas, propose a good
// change and a failing one, execute both with validation (the failing one comes back with
// its test's diagnostic and rolled back, the good one awaits review), roll back, cancel a
// long execution, and bad input answered properly while the server keeps serving.
// The SDK validates every structuredContent against the tool's outputSchema.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const server = process.env.TARS_MCP;
const ws = process.env.WS;            // examples/calc, its unittest config trusted
const slowWs = process.env.SLOW_WS;   // the same, its validation command sleeps
const calc = `${ws}/calc.py`;
const original = readFileSync(calc, 'utf8');

async function connect(workspace) {
  const transport = new StdioClientTransport({
    command: server, args: ['--workspace', workspace], env: { ...process.env }, stderr: 'inherit',
  });
  const client = new Client({ name: 'tars-mcp-test', version: '1.0.0' });
  await client.connect(transport);
  await client.listTools();  // caches the output schemas the client validates results with
  return { client, transport };
}

function edit(oldText, newText) {
  return { path: 'calc.py', oldText, newText };
}

let agent;
before(async () => { agent = await connect(ws); });
after(async () => { await agent.client.close(); });

test('initialize: server info, capabilities and instructions', () => {
  assert.equal(agent.client.getServerVersion().name, 'tars-mcp');
  const capabilities = agent.client.getServerCapabilities();
  assert.ok(capabilities.tools);
  assert.ok(capabilities.logging);
  assert.match(agent.client.getInstructions(), /propose_change/);
});

test('tools/list: six tools, each with input and output schemas', async () => {
  const { tools } = await agent.client.listTools();
  const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
  assert.deepEqual(Object.keys(byName).sort(),
    ['execute', 'list_improvements', 'propose_change', 'review', 'rollback', 'status']);
  for (const tool of tools) {
    assert.equal(tool.inputSchema.type, 'object', tool.name);
    assert.equal(tool.outputSchema.type, 'object', tool.name);
  }
  assert.deepEqual(byName.execute.inputSchema.required, ['ids']);
  assert.deepEqual(Object.keys(byName.propose_change.inputSchema.properties).sort(),
    ['description', 'edits', 'files', 'patch', 'title']);
  assert.ok(!byName.approve, 'a person approves, not the agent');
  assert.equal(byName.review.annotations.readOnlyHint, true);
});

let good, bad;

test('propose_change: a good change and a failing one, answered with the diff to apply', async () => {
  const proposed = await agent.client.callTool({ name: 'propose_change', arguments: {
    title: 'Use sum() in mean', description: 'The loop adds up what sum() does.',
    edits: [edit('    total = 0\n    for value in values:\n        total = total + value\n    return total / len(values)',
                 '    return sum(values) / len(values)')],
  } });
  assert.equal(proposed.isError, false);
  good = proposed.structuredContent.improvementId;
  assert.match(proposed.structuredContent.diff, /^\+    return sum\(values\) \/ len\(values\)$/m);
  assert.match(proposed.structuredContent.diff, /^-    total = 0$/m);
  assert.deepEqual(proposed.structuredContent.files, ['calc.py']);

  const failing = await agent.client.callTool({ name: 'propose_change', arguments: {
    title: 'Subtract in add', edits: [edit('return a + b', 'return a - b')],
  } });
  bad = failing.structuredContent.improvementId;
  assert.notEqual(bad, good);
  assert.equal(readFileSync(calc, 'utf8'), original, 'proposing writes no file');

  const listed = await agent.client.callTool({ name: 'list_improvements', arguments: { status: 'pending' } });
  const ids = listed.structuredContent.improvements.map((i) => i.id);
  assert.ok(ids.includes(good) && ids.includes(bad));
});

let goodContext;

test('execute both with validation: the failing one is rolled back with its diagnostic', async () => {
  const progress = [];
  const result = await agent.client.callTool({ name: 'execute', arguments: { ids: [good, bad] } }, undefined, {
    onprogress: (p) => progress.push(p.progress),
  });
  assert.equal(result.isError, true, 'one of them failed');
  const [first, second] = result.structuredContent.results;
  assert.equal(first.status, 'awaiting_review');
  assert.match(first.diff, /\+    return sum\(values\)/);
  goodContext = first.contextId;
  assert.equal(second.status, 'rolled_back');
  assert.ok(second.diagnostics.some((d) => /^test_calc\.py:\d+: AssertionError: -1 != 5/.test(d)),
    JSON.stringify(second.diagnostics));
  assert.match(second.diff, /-        return a \+ b|-    return a \+ b/);
  assert.match(result.content[0].text, /you cannot approve/);
  assert.ok(progress.length > 0 && progress.every((p, i) => i === 0 || p > progress[i - 1]), String(progress));
  assert.equal(progress.at(-1), 100);
  const now = readFileSync(calc, 'utf8');
  assert.match(now, /return sum\(values\)/, 'the good change stays for review');
  assert.match(now, /return a \+ b/, 'the failing one is gone');

  const status = await agent.client.callTool({ name: 'status', arguments: { contextId: goodContext } });
  assert.equal(status.structuredContent.contexts[0].status, 'awaiting_review');
  const review = await agent.client.callTool({ name: 'review', arguments: { contextId: goodContext } });
  assert.equal(review.structuredContent.files[0].path, 'calc.py');
  assert.match(review.structuredContent.diff, /\+    return sum\(values\)/);
});

test('rollback: the agent withdraws its change', async () => {
  const result = await agent.client.callTool({ name: 'rollback', arguments: { contextId: goodContext } });
  assert.equal(result.isError, false);
  assert.equal(result.structuredContent.status, 'rolled_back');
  assert.deepEqual(result.structuredContent.restored, ['calc.py']);
  assert.equal(readFileSync(calc, 'utf8'), original);
});

test('cancel a long execution: no answer, the change rolled back, status cancelled', async () => {
  const slow = await connect(slowWs);
  try {
    const proposed = await slow.client.callTool({ name: 'propose_change', arguments: {
      title: 'Slowly checked', edits: [{ path: 'calc.py', oldText: 'return a / b', newText: 'return a / b  # checked' }],
    } });
    const id = proposed.structuredContent.improvementId;
    const controller = new AbortController();
    const running = slow.client.callTool({ name: 'execute', arguments: { ids: [id] } }, undefined, {
      signal: controller.signal, onprogress: () => {},
    });
    for (let i = 0; i < 600 && !existsSync(`${slowWs}/started`); i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(existsSync(`${slowWs}/started`), 'the validation command started');
    assert.match(readFileSync(`${slowWs}/calc.py`, 'utf8'), /# checked/);
    controller.abort('the agent changed its mind');
    await assert.rejects(running);
    let context;
    for (let i = 0; i < 200; i++) {
      const status = await slow.client.callTool({ name: 'status', arguments: {} });
      context = status.structuredContent.contexts[0];
      if (context.status !== 'running' && context.status !== 'rolling_back') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(context.status, 'cancelled');
    assert.doesNotMatch(readFileSync(`${slowWs}/calc.py`, 'utf8'), /# checked/);
  } finally {
    await slow.client.close();
  }
});

test('SIGTERM during an execution: it is cancelled and rolled back before the server exits', async () => {
  rmSync(`${slowWs}/started`, { force: true });
  const slow = await connect(slowWs);
  const proposed = await slow.client.callTool({ name: 'propose_change', arguments: {
    title: 'Interrupted', files: [{ path: 'notes.txt', content: 'written\n' }],
  } });
  const closed = new Promise((resolve) => { slow.transport.onclose = resolve; });
  const controller = new AbortController();  // ends the SDK's request timer once the server is gone
  const running = slow.client.callTool({ name: 'execute', arguments: { ids: [proposed.structuredContent.improvementId] } },
    undefined, { signal: controller.signal });
  running.catch(() => {});  // the connection closes before it is answered
  for (let i = 0; i < 600 && !existsSync(`${slowWs}/started`); i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(existsSync(`${slowWs}/notes.txt`), 'the execution wrote its file');
  process.kill(slow.transport.pid, 'SIGTERM');
  await closed;
  controller.abort();
  assert.ok(!existsSync(`${slowWs}/notes.txt`), 'rolled back before exiting');
  const status = JSON.parse(execFileSync(process.env.TARSCLI, ['--workspace', slowWs, 'execute', 'status', '--format', 'json']));
  assert.equal(status.contexts[0].status, 'cancelled');
});

test('bad input: unknown tool, wrong argument types, malformed JSON; the server keeps serving', async () => {
  await assert.rejects(agent.client.callTool({ name: 'approve', arguments: { contextId: 'ctx-x' } }),
    (e) => e.code === -32602 && /Unknown tool: approve/.test(e.message));
  const typed = await agent.client.callTool({ name: 'execute', arguments: { ids: 'imp-1', dryRun: 'yes' } });
  assert.equal(typed.isError, true);
  assert.match(typed.content[0].text, /arguments\.ids must be an array/);
  const misspelt = await agent.client.callTool({ name: 'execute', arguments: { ids: [good], dry_run: true } });
  assert.equal(misspelt.isError, true);
  assert.match(misspelt.content[0].text, /unknown argument 'dry_run'/);
  const missing = await agent.client.callTool({ name: 'propose_change', arguments: {
    title: 'Nowhere', edits: [edit('no such text', 'x')],
  } });
  assert.equal(missing.isError, true);
  assert.match(missing.content[0].text, /edits\[0\]: oldText was not found in calc\.py/);

  const errors = [];
  agent.client.onerror = (e) => errors.push(e.message);
  agent.transport._process.stdin.write('{"jsonrpc": "2.0", "id": 1, "method": \n');
  for (let i = 0; i < 100 && errors.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
  assert.match(errors[0] ?? '', /-32700/, 'the malformed line is answered with a parse error');
  assert.deepEqual(await agent.client.ping(), {});
  const listed = await agent.client.callTool({ name: 'list_improvements', arguments: {} });
  assert.equal(listed.isError, false);
});
