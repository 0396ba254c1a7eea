// Drives the packaged extension inside real VS Code (code-server 4.100 in Debian's
// chromium, through playwright-core): execute, review in the multi-file diff, reject
// from the editor title, approve from the notification, roll back, a failing validation's
// diagnostic in the Problems view, the server restarted after a crash, show status.
// Run by tests/e2e/test_vscode_code_server.sh with URL, WS and SHOTS set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const { URL: url, WS: ws, SHOTS: shots, TARS_LSP: server, CODE_SERVER_PID: codeServerPid } = process.env;
const calc = join(ws, 'calc.py');
const original = readFileSync(calc, 'utf8');
const TIMEOUT = 60_000;

async function until(what, check) {
  const deadline = Date.now() + TIMEOUT;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

// The tars-lsp processes this code-server started (other tests may run their own).
function ourServers() {
  const parent = (pid) => {
    try {
      return readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')[1];
    } catch {
      return '0';
    }
  };
  const descends = (pid) => {
    for (let p = pid; p !== '0' && p !== '1'; p = parent(p)) if (p === codeServerPid) return true;
    return false;
  };
  return readdirSync('/proc')
    .filter((pid) => /^\d+$/.test(pid))
    .filter((pid) => {
      try {
        return readlinkSync(`/proc/${pid}/exe`) === server && descends(pid);
      } catch {
        return false;
      }
    });
}

test('the extension in code-server', { timeout: 300_000 }, async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(TIMEOUT);
    await page.goto(`${url}?folder=${encodeURIComponent(ws)}`);
    const statusItem = (text) => page.locator('.statusbar-item', { hasText: text }).first();
    const toast = (text) => page.locator('.notification-toast', { hasText: text }).first();
    const row = (text) => page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
    const run = async (title) => {
      await page.keyboard.press('F1');
      await page.locator('.quick-input-widget input').fill(`>${title}`);
      await row(title.replace(/^TARS: /, '')).waitFor();
      await page.keyboard.press('Enter');
    };
    const execute = async () => {
      await run('TARS: Execute Improvement');
      await row('Apply use-sum.patch').waitFor();
      await page.keyboard.press('Enter');
      await statusItem('TARS: 1 to review').waitFor();
    };
    const review = async () => {
      await run('TARS: Review Changes');
      await toast('1 file changed').waitFor();
      await page.locator('.view-lines', { hasText: 'total = 0' }).first().waitFor();
      await page.locator('.view-lines', { hasText: 'return sum(values) / len(values)' }).first().waitFor();
    };
    const dismiss = async () => {
      await page.locator('.notifications-toasts').hover().catch(() => {});
      await page.keyboard.press('Escape');
    };

    await page.locator('.monaco-workbench').waitFor();
    await page.waitForFunction(() =>
      [...document.querySelectorAll('.statusbar-item')].some((e) => e.textContent.trim() === 'TARS'),
      null, { timeout: TIMEOUT });

    // Execute, review, reject with the editor-title button: the file is restored
    await execute();
    assert.match(readFileSync(calc, 'utf8'), /return sum\(values\) \/ len\(values\)/);
    await review();
    await page.screenshot({ path: join(shots, 'review.png') });
    await page.locator('.editor-actions a[aria-label="Reject"]').first().click();
    await toast('TARS: rejected').waitFor();
    await until('calc.py restored by Reject', () => readFileSync(calc, 'utf8') === original);
    await dismiss();

    // Execute again, review, approve from the notification: the change stays
    await execute();
    await review();
    await toast('1 file changed').locator('a.monaco-button', { hasText: 'Approve' }).click();
    await toast('TARS: approved').waitFor();
    assert.match(readFileSync(calc, 'utf8'), /return sum\(values\)/);
    await dismiss();

    // Roll Back the approved execution, all of it
    await run('TARS: Roll Back');
    await row('All changes of').waitFor();
    await page.keyboard.press('Enter');
    await toast('TARS: rolled back').waitFor();
    await until('calc.py restored by Roll Back', () => readFileSync(calc, 'utf8') === original);

    // List Improvements -> the broken patch -> Execute: validation fails, the change is
    // rolled back, and its diagnostic (in test_calc.py) reaches the Problems view
    await run('TARS: List Improvements');
    await row('Apply use-sum.patch').waitFor();
    await page.locator('.quick-input-widget input').fill('broken');
    await row('Apply broken.patch').waitFor();
    await page.keyboard.press('Enter');
    await row('Dry Run').waitFor();
    await page.keyboard.press('Enter'); // Execute, the first action
    await page.locator('[id="status.problems"]', { hasText: '1' }).waitFor();
    await until('calc.py restored by auto-rollback', () => readFileSync(calc, 'utf8') === original);
    await statusItem('TARS').waitFor();

    // The server dies: the language client starts it again and the commands keep working
    const [first] = ourServers();
    assert.ok(first, 'no tars-lsp under code-server');
    process.kill(Number(first), 'SIGKILL');
    await until('tars-lsp restarted', () => ourServers().some((pid) => pid !== first));

    // Show Status: the overview names the executions
    await run('TARS: Show Status');
    await row('All executions').waitFor();
    await page.keyboard.press('Enter');
    const report = page.locator('.view-lines', { hasText: 'Executions (newest first):' }).first();
    await report.waitFor();
    const text = await report.innerText();
    assert.match(text, /rejected/);
    assert.match(text, /rolled\sback/); // monaco renders spaces as U+00A0
    await page.screenshot({ path: join(shots, 'status.png') });
  } finally {
    await browser.close();
  }
});
