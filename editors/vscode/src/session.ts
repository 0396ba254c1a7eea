// The running tars-lsp: a LanguageClient over stdio, restarted after a crash by its
// error handler, with the server's log in the TARS output channel.
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from 'vscode-languageclient/node';
import { ContextChangedParams, ExecuteReply, FilesChangedParams, Methods, ServerCommands } from './protocol';
import { RestartPolicy } from './restartPolicy';
import { isExecutable, resolveServerPath } from './serverPath';
import { serverVersionWarning } from './serverVersion';
import { initializationOptions, keepDiagnostic, readSettings, serverArguments, TarsSettings } from './settings';
import { TarsApi } from './tarsApi';

export function currentSettings(): TarsSettings {
  const config = vscode.workspace.getConfiguration('tars');
  return readSettings((key, fallback) => config.get(key, fallback));
}

export interface SessionEvents {
  contextChanged(params: ContextChangedParams): void;
  filesChanged(params: FilesChangedParams): void;
  executionStarted(contextId: string): void;
}

export class Session implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private readonly policy = new RestartPolicy();

  constructor(
    private readonly extensionDir: string,
    private readonly extensionVersion: string,
    private readonly output: vscode.OutputChannel,
    private readonly events: SessionEvents,
  ) {}

  get api(): TarsApi {
    if (!this.client) throw new Error('tars-lsp is not running; run TARS: Restart Server');
    return new TarsApi(this.client);
  }

  async start(): Promise<void> {
    const settings = currentSettings();
    const found = resolveServerPath(
      settings.serverPath,
      this.extensionDir,
      process.env,
      isExecutable,
      this.extensionVersion,
    );
    if ('error' in found) {
      this.output.appendLine(found.error);
      void vscode.window.showErrorMessage(`TARS: ${found.error}`, 'Open Settings').then((choice) => {
        if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', 'tars.server.path');
      });
      return;
    }
    this.output.appendLine(`Starting ${found.path} (${found.source}) ${serverArguments(settings).join(' ')}`);
    const serverOptions: ServerOptions = { command: found.path, args: serverArguments(settings) };
    this.client = new LanguageClient('tars', 'TARS', serverOptions, this.clientOptions(settings));
    this.client.onNotification(Methods.contextChanged, (p: ContextChangedParams) => this.events.contextChanged(p));
    this.client.onNotification(Methods.filesChanged, (p: FilesChangedParams) => this.events.filesChanged(p));
    try {
      await this.client.start();
      const info = this.client.initializeResult?.serverInfo;
      this.output.appendLine(`${info?.name ?? 'tars-lsp'} ${info?.version ?? '(no version)'} is running`);
      const warning = serverVersionWarning(info?.version, found.path);
      if (warning) {
        this.output.appendLine(warning);
        void vscode.window.showWarningMessage(`TARS: ${warning}`);
      }
    } catch (error) {
      const message = `tars-lsp did not start: ${error instanceof Error ? error.message : String(error)}`;
      this.output.appendLine(message);
      void vscode.window.showErrorMessage(`TARS: ${message}`, 'Show Log').then((choice) => {
        if (choice) this.output.show();
      });
    }
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client?.isRunning()) await client.stop();
    await client?.dispose();
  }

  async restart(): Promise<void> {
    await this.stop();
    this.policy.reset();
    await this.start();
  }

  dispose(): void {
    void this.stop();
  }

  private clientOptions(settings: TarsSettings): LanguageClientOptions {
    return {
      documentSelector: [{ scheme: 'file' }],
      workspaceFolder: vscode.workspace.workspaceFolders?.[0],
      outputChannel: this.output,
      initializationOptions: initializationOptions(settings),
      errorHandler: {
        error: () => ({ action: ErrorAction.Continue }),
        closed: () =>
          this.policy.shouldRestart()
            ? { action: CloseAction.Restart, message: 'tars-lsp stopped; restarting it' }
            : {
                action: CloseAction.DoNotRestart,
                message: 'tars-lsp stopped 5 times in 3 minutes; run TARS: Restart Server after fixing it',
              },
      },
      middleware: {
        // Hints off: only errors and warnings of TARS validations reach the Problems view.
        handleDiagnostics: (uri, diagnostics, next) => {
          const now = currentSettings();
          next(
            uri,
            diagnostics.filter((d) => d.source !== 'tars' || keepDiagnostic(d.severity + 1, now)),
          );
        },
        // Code actions run tars.execute through the client; the status bar follows them too.
        executeCommand: async (command, args, next) => {
          const result = (await next(command, args)) as ExecuteReply | undefined;
          if (command === ServerCommands.execute && result?.contextId) this.events.executionStarted(result.contextId);
          return result;
        },
      },
    };
  }
}
