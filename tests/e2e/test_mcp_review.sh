#!/usr/bin/env bash
# End to end: an agent executes through tars-mcp, a person approves in the editor
# (tars-lsp with npm's vscode-languageserver-protocol client) and rejects with tarscli.
source "${TARS_TEST_LIB:?run it through ctest (it sets TARS_TEST_LIB)}" || exit 1
: "${TARS_MCP:?set TARS_MCP to the tars-mcp binary}"
: "${TARS_LSP:?set TARS_LSP to the tars-lsp binary}"
CLIENT="$REPO_ROOT/tests/clients/node"
[ -d "$CLIENT/node_modules/@modelcontextprotocol/sdk" ] ||
  fail "run scripts/setup first: it installs the Node test client's packages (npm ci)"
export WS="$TMP/ws" TARS_MCP TARS_LSP TARSCLI
make_calc_workspace "$WS"
expect 0 trust
(cd "$CLIENT" && timeout 300 node --test mcp_review.test.mjs) >"$TMP/out" 2>"$TMP/err" ||
  fail "node --test mcp_review.test.mjs failed"
out_has "# fail 0"
ok "the agent's context is reviewed and approved in the editor, rejected with tarscli"
expect 0 execute status --format json
json_has "[c['status'] for c in j['contexts']]" "approved"
json_has "[c['status'] for c in j['contexts']]" "rejected"
ok "tarscli sees what the person decided"
finish
