// Where tars-lsp is: the configured path, else tars-lsp on PATH, else bin/tars-lsp
// shipped next to the extension.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function resolveServerPath(
  configured: string,
  extensionDir: string,
  env: NodeJS.ProcessEnv,
  executable: (path: string) => boolean = isExecutable,
): { path: string } | { error: string } {
  if (configured.includes('/')) {
    return executable(configured)
      ? { path: configured }
      : { error: `tars.server.path is ${configured}, which is not an executable file` };
  }
  const name = configured || 'tars-lsp';
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name);
    if (executable(candidate)) return { path: candidate };
  }
  const bundled = join(extensionDir, 'bin', name);
  if (executable(bundled)) return { path: bundled };
  return { error: `${name} was not found on PATH nor in the extension's bin/; set tars.server.path` };
}
