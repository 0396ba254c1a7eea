#!/usr/bin/env bash
# The real Neovim client (Debian's 0.7.2, headless) drives tars-lsp.
source "${TARS_TEST_LIB:?run it through ctest (it sets TARS_TEST_LIB)}" || exit 1
: "${TARS_LSP:?set TARS_LSP to the tars-lsp binary}"
command -v nvim >/dev/null || fail "nvim is not installed (scripts/setup installs Debian's neovim)"
WS="$TMP/ws"
make_calc_workspace "$WS"
expect 0 trust
cp "$REPO_ROOT/examples/calc/use-sum.patch" "$TMP/"
expect 0 improve import "$TMP/use-sum.patch"
make_patch calc.py 's|    return a + b|    return a - b|' "$TMP/broken.patch"
expect 0 improve import "$TMP/broken.patch" --format json
export BAD=$(json_get 'j["improvements"][0]["id"]') WS TARS_LSP
export HOME="$TMP/home" XDG_CONFIG_HOME="$TMP/config" XDG_DATA_HOME="$TMP/data" XDG_STATE_HOME="$TMP/state"
set +e
timeout 120 nvim --headless -u NONE -i NONE -n -c "luafile $(dirname "$TARS_TEST_LIB")/nvim_client.lua" \
  >"$TMP/out" 2>"$TMP/err" </dev/null
CODE=$?
set -e
[ "$CODE" -eq 0 ] || fail "nvim exited $CODE"
out_has "nvim session ok"
ok "headless Neovim 0.7 attaches, executes a code action, rolls back, shows diagnostics"
finish
