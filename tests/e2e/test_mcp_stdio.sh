#!/usr/bin/env bash
# The official MCP TypeScript SDK client drives tars-mcp over stdio (node --test):
# tools and schemas, propose, execute with validation, roll back, cancel, bad input.
source "${TARS_TEST_LIB:?run it through ctest (it sets TARS_TEST_LIB)}" || exit 1
: "${TARS_MCP:?set TARS_MCP to the tars-mcp binary}"
CLIENT="$REPO_ROOT/tests/clients/node"
[ -d "$CLIENT/node_modules/@modelcontextprotocol/sdk" ] ||
  fail "run scripts/setup first: it installs the Node test client's packages (npm ci)"
export WS="$TMP/ws" SLOW_WS="$TMP/slow" TARS_MCP TARSCLI
make_calc_workspace "$WS"
expect 0 trust
make_calc_workspace "$SLOW_WS"
cat >"$SLOW_WS/.tars/config.json" <<'JSON'
{"validation": {"commands": [{"name": "slow", "timeoutSeconds": 120,
  "run": ["python3", "-c", "import time; open('started', 'w').close(); time.sleep(120)"]}]}}
JSON
(WS="$SLOW_WS" expect 0 trust)
(cd "$CLIENT" && timeout 300 node --test mcp_stdio.test.mjs) >"$TMP/out" 2>"$TMP/err" ||
  fail "node --test mcp_stdio.test.mjs failed"
out_has "# fail 0"
ok "the MCP SDK client proposes, executes, rolls back and cancels through tars-mcp"

# What the agent left is the person's to see: tarscli lists its contexts and improvements.
expect 0 execute status --format json
json_has "[c['status'] for c in j['contexts']]" "rolled_back"
expect 0 improve list --format json
json_has "[i['source'] for i in j['improvements']]" "agent"
ok "tarscli shows the agent's contexts and improvements"

# Anything on stdout but protocol is a bug; --version and bad usage answer like tarscli.
"$TARS_MCP" --version | grep -q "^tars-mcp [0-9.]* (git " || fail "tars-mcp --version"
set +e
"$TARS_MCP" --bogus 2>"$TMP/err"
code=$?
set -e
[ "$code" -eq 2 ] || fail "tars-mcp --bogus exited $code, expected 2"
err_has "unknown argument --bogus"
ok "tars-mcp --version and usage errors"
finish
