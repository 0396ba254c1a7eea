// The extension's settings and what they become for the server: initialization options,
// command-line arguments and the client-side filter of hint diagnostics.

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'off';

export interface TarsSettings {
  validate: boolean;
  autoRollback: boolean;
  hints: boolean;
  serverPath: string;
  logLevel: LogLevel;
}

export const defaultSettings: TarsSettings = {
  validate: true,
  autoRollback: true,
  hints: true,
  serverPath: '',
  logLevel: 'info',
};

// Reads the settings through a getter shaped like vscode.WorkspaceConfiguration.get.
export function readSettings(get: <T>(key: string, fallback: T) => T): TarsSettings {
  return {
    validate: get('validate', defaultSettings.validate),
    autoRollback: get('autoRollback', defaultSettings.autoRollback),
    hints: get('hints', defaultSettings.hints),
    serverPath: get('server.path', defaultSettings.serverPath).trim(),
    logLevel: get('server.logLevel', defaultSettings.logLevel),
  };
}

export function initializationOptions(settings: TarsSettings): { validate: boolean; autoRollback: boolean } {
  return { validate: settings.validate, autoRollback: settings.autoRollback };
}

export function serverArguments(settings: TarsSettings): string[] {
  return ['--stdio', '--log-level', settings.logLevel];
}

// LSP severities: 1 error, 2 warning, 3 information, 4 hint. With hints off, only
// errors and warnings reach the Problems view.
export function keepDiagnostic(severity: number | undefined, settings: TarsSettings): boolean {
  return settings.hints || severity === undefined || severity <= 2;
}
