#!/usr/bin/env bash
# npm's vscode-languageserver-protocol client drives tars-lsp (node --test).
source "${TARS_TEST_LIB:?run it through ctest (it sets TARS_TEST_LIB)}" || exit 1
: "${TARS_LSP:?set TARS_LSP to the tars-lsp binary}"
CLIENT="$REPO_ROOT/tests/clients/node"
[ -d "$CLIENT/node_modules/vscode-languageserver-protocol" ] ||
  fail "run scripts/setup first: it installs the Node test client's packages (npm ci)"
export WS="$TMP/ws" TARS_LSP
make_calc_workspace "$WS"
cp "$REPO_ROOT/examples/calc/use-sum.patch" "$TMP/"
expect 0 improve import "$TMP/use-sum.patch"
(cd "$CLIENT" && timeout 300 node --test session.test.mjs) >"$TMP/out" 2>"$TMP/err" || fail "node --test failed"
out_has "# pass 1"
ok "the Node vscode-languageserver-protocol client executes, reviews and rolls back"
finish
