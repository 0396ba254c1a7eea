// The oldest tars-lsp this extension works with, and the warning shown when the server it
// started (its initialize result's serverInfo.version) is older.
export const MINIMUM_SERVER_VERSION = '0.1.0';

// -1, 0 or 1 as A is older than, the same as or newer than B ("0.1.0", "1.2"; a suffix
// such as "-rc1" is ignored).
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) => v.replace(/[-+].*$/, '').split('.').map((p) => Number.parseInt(p, 10) || 0);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

export function serverVersionWarning(
  serverVersion: string | undefined,
  serverPath: string,
  minimum: string = MINIMUM_SERVER_VERSION,
): string | undefined {
  if (serverVersion && compareVersions(serverVersion, minimum) >= 0) return undefined;
  const which = serverVersion ? `tars-lsp ${serverVersion}` : 'tars-lsp of an unknown version';
  return (
    `${which} (${serverPath}) is older than this extension needs (${minimum} or newer): ` +
    `install tars ${minimum} or newer, or set tars.server.path to a newer tars-lsp.`
  );
}
