// The TARS status bar item, driven by tars/contextChanged and, while an execution runs,
// by polling tars/status (the $/progress notification itself belongs to the client).
import * as vscode from 'vscode';
import { statusBar } from './statusView';
import { TarsApi } from './tarsApi';

const POLL_MS = 1000;

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 10);
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly api: () => TarsApi) {
    this.item.text = '$(loading~spin) TARS';
    this.item.command = 'tars.showStatus';
    this.item.show();
  }

  refresh(): void {
    void this.update();
  }

  // Polls until no execution is running.
  follow(): void {
    if (this.timer) return;
    this.timer = setInterval(async () => {
      if (!(await this.update())) this.stopPolling();
    }, POLL_MS);
  }

  dispose(): void {
    this.stopPolling();
    this.item.dispose();
  }

  private stopPolling(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  // Returns whether an execution is running.
  private async update(): Promise<boolean> {
    try {
      const contexts = await this.api().contexts();
      const view = statusBar(contexts);
      this.item.text = view.text;
      this.item.tooltip = view.tooltip;
      const waiting = contexts.find((c) => c.contextId === view.contextId)?.status === 'awaiting_review';
      this.item.command = waiting
        ? { title: 'Review', command: 'tars.reviewChanges', arguments: [view.contextId] }
        : 'tars.showStatus';
      return contexts.some((c) => c.status === 'running');
    } catch (error) {
      this.item.text = '$(warning) TARS';
      this.item.tooltip = `TARS: ${error instanceof Error ? error.message : String(error)}`;
      return false;
    }
  }
}
