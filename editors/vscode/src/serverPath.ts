// Where tars-lsp is: the configured path, else tars-lsp on PATH, else bin/tars-lsp
// bundled in the extension (a platform-specific .vsix). When there is none, the error
// says what to install.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export type ServerSource = 'setting' | 'PATH' | 'bundled';

export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

// What a person does when no server was found; VERSION is the extension's.
export function missingServerMessage(version: string): string {
  return (
    'tars-lsp, the TARS language server, was not found: tars.server.path is empty, no directory ' +
    'on PATH holds tars-lsp, and this extension has no bundled server. Install one of: ' +
    `the tars package (sudo apt-get install ./tars_${version}_amd64.deb puts tars-lsp in /usr/bin); ` +
    `the TARS extension built for your platform, with the server inside (tars-${version}-linux-x64.vsix, ` +
    'in /usr/share/tars/ of an installed tars); or tars from source (cmake --install). ' +
    'Or set tars.server.path to a tars-lsp binary.'
  );
}

export function resolveServerPath(
  configured: string,
  extensionDir: string,
  env: NodeJS.ProcessEnv,
  executable: (path: string) => boolean = isExecutable,
  version = '',
): { path: string; source: ServerSource } | { error: string } {
  if (configured.includes('/')) {
    return executable(configured)
      ? { path: configured, source: 'setting' }
      : { error: `tars.server.path is ${configured}, which is not an executable file` };
  }
  const name = configured || 'tars-lsp';
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name);
    if (executable(candidate)) return { path: candidate, source: configured ? 'setting' : 'PATH' };
  }
  const bundled = join(extensionDir, 'bin', name);
  if (executable(bundled)) return { path: bundled, source: 'bundled' };
  if (configured) return { error: `tars.server.path is ${configured}, which is on no directory of PATH` };
  return { error: missingServerMessage(version) };
}
