#!/usr/bin/env bash
# package-vsix.sh --out FILE [--server TARS_LSP --target linux-x64]: builds the extension
# and packages it as a .vsix. With --server, a platform-specific .vsix (vsce --target)
# with that tars-lsp inside as bin/tars-lsp, which the extension uses when no server is
# configured or on PATH. Works on a copy, so the source tree stays as it is.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="" server="" target=""
while (($#)); do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --server) server="$2"; shift 2 ;;
    --target) target="$2"; shift 2 ;;
    *) echo "usage: $0 --out FILE [--server TARS_LSP --target TARGET]" >&2; exit 2 ;;
  esac
done
[ -n "$out" ] || { echo "usage: $0 --out FILE [--server TARS_LSP --target TARGET]" >&2; exit 2; }
[ -z "$server" ] || [ -n "$target" ] || { echo "$0: --server needs --target" >&2; exit 2; }
[ -d "$here/node_modules/@vscode/vsce" ] ||
  { echo "$0: $here/node_modules is missing: run npm ci there (scripts/setup does)" >&2; exit 1; }
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
(cd "$here" && cp -r package.json package-lock.json tsconfig.json esbuild.mjs .vscodeignore README.md src "$stage/")
ln -s "$here/node_modules" "$stage/node_modules"
if [ -n "$server" ]; then
  mkdir "$stage/bin"
  cp "$server" "$stage/bin/tars-lsp"
  chmod 755 "$stage/bin/tars-lsp"
fi
cd "$stage"
npm --silent run build
args=(--out "$out")
[ -z "$target" ] || args+=(--target "$target")
npm --silent run package -- "${args[@]}"
