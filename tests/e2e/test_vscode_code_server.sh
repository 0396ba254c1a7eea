#!/usr/bin/env bash
# The packaged VS Code extension in real VS Code: code-server 4.100 driven through
# Playwright in Debian's chromium (editors/vscode/test/ui/code-server.mjs). Skipped (77)
# unless code-server is installed: editors/vscode/test/ui/install-code-server.sh.
source "${TARS_TEST_LIB:?run it through ctest (it sets TARS_TEST_LIB)}" || exit 1
: "${TARS_LSP:?set TARS_LSP to the tars-lsp binary}"
EXT="$REPO_ROOT/editors/vscode"
CODE_SERVER_DIR="${TARS_CODE_SERVER_DIR:-$HOME/.cache/tars/code-server-4.100.3}"
ENTRY="$CODE_SERVER_DIR/node_modules/code-server/out/node/entry.js"
if [ ! -f "$ENTRY" ] || [ ! -x /usr/bin/chromium ]; then
  echo "SKIP: code-server or chromium missing; run editors/vscode/test/ui/install-code-server.sh"
  exit 77
fi
[ -d "$EXT/node_modules/playwright-core" ] ||
  fail "editors/vscode/node_modules is missing: run scripts/setup (it runs npm ci there)"

# code-server runs in its own process group, all of which (file watcher, extension host,
# tars-lsp) is ended on exit.
CS_PID=""
trap '[ -n "$CS_PID" ] && kill -- "-$CS_PID" 2>/dev/null && wait "$CS_PID"; rm -rf "$TMP"' EXIT
code_server=(node "$ENTRY" --user-data-dir "$TMP/data" --extensions-dir "$TMP/extensions" --disable-telemetry)

# The platform-specific .vsix with the server inside, as the build installs it under
# share/tars/; VS Code runs without tars.server.path and without tars-lsp on PATH, so
# the extension must start its bundled server.
"$EXT/package-vsix.sh" --server "$TARS_LSP" --target linux-x64 --out "$TMP/tars.vsix" >"$TMP/out" 2>"$TMP/err" ||
  fail "building the .vsix failed"
"${code_server[@]}" --install-extension "$TMP/tars.vsix" >"$TMP/out" 2>"$TMP/err" || fail "code-server --install-extension failed"
out_has "successfully installed"
BUNDLED="$(find "$TMP/extensions" -path '*/bin/tars-lsp')"
[ -n "$BUNDLED" ] && [ -x "$BUNDLED" ] || fail "the installed extension has no executable bin/tars-lsp"
cmp -s "$BUNDLED" "$TARS_LSP" || fail "the bundled server is not the one built"
ok "code-server installs the linux-x64 .vsix with its server (bin/tars-lsp, executable)"

export WS="$TMP/ws"
make_calc_workspace "$WS"
cp "$REPO_ROOT/examples/calc/use-sum.patch" "$TMP/"
expect 0 improve import "$TMP/use-sum.patch"
make_patch calc.py 's|    return a + b|    return a - b|' "$TMP/broken.patch"
expect 0 improve import "$TMP/broken.patch"
expect 0 trust
mkdir -p "$TMP/data/User"
printf '{"workbench.startupEditor": "none", "security.workspace.trust.enabled": false}\n' \
  >"$TMP/data/User/settings.json"

PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
# VS Code gives extensions the PATH of a login shell unless VSCODE_CLI is set (as when it
# is started from a shell): set, the extension host keeps this PATH.
VSCODE_CLI=1 PATH="$(path_without tars-lsp)" setsid "${code_server[@]}" --auth none --bind-addr "127.0.0.1:$PORT" "$WS" >"$TMP/code-server.log" 2>&1 &
CS_PID=$!
for _ in $(seq 100); do
  grep -qs "HTTP server listening" "$TMP/code-server.log" && break
  sleep 0.2
done
grep -q "HTTP server listening" "$TMP/code-server.log" || fail "code-server did not start: $(cat "$TMP/code-server.log")"

# the UI test follows the server the extension started: the bundled one
export URL="http://127.0.0.1:$PORT/" SHOTS="${TARS_SCREENSHOTS:-$TMP}" CODE_SERVER_PID="$CS_PID" TARS_LSP="$BUNDLED"
(cd "$EXT" && node --test test/ui/code-server.mjs) >"$TMP/out" 2>"$TMP/err" ||
  fail "the UI test failed (screenshots in $SHOTS; log: $(find "$TMP/data/logs" -name '*TARS.log' | head -1))"
out_has "# pass 1"
grep -q "bin/tars-lsp (bundled)" "$(find "$TMP/data/logs" -name '*TARS.log' | head -1)" ||
  fail "the extension did not say it started its bundled server"
ok "in code-server, on the bundled server: execute, multi-file diff review, reject, approve, roll back, Problems on failure, server restart, show status"
finish
