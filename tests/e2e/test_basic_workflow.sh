#!/usr/bin/env bash
# The guide's Basic Workflow: list, execute, monitor, review, approve.
source "${TARS_TEST_LIB:?run it through ctest (it sets TARS_TEST_LIB)}" || exit 1
WS="$TMP/ws"
make_calc_workspace "$WS"

expect 0 improve list
out_has "No improvements"

cp "$REPO_ROOT/examples/calc/use-sum.patch" "$TMP/"
expect 0 improve import "$TMP/use-sum.patch" --from patch
out_has "Imported imp-"
expect 0 improve list --format json
ID=$(json_get 'j["improvements"][0]["id"]')
[ "$(json_get 'j["improvements"][0]["files"]')" = "['calc.py']" ] || fail "files of the improvement"
ok "import and list"

expect 0 improve show --id "$ID"
out_has "edit    calc.py"
ok "show"

expect 0 execute improvement --id "$ID" --format json
CTX=$(json_get 'j["contextId"]')
[ "$(json_get 'j["status"]')" = awaiting_review ] || fail "status after execute"
grep -q "return sum(values) / len(values)" "$WS/calc.py" || fail "calc.py not changed"
ok "execute"

expect 0 execute monitor --context-id "$CTX"
out_has "awaiting_review"
ok "monitor a finished execution returns at once with its status"

expect 0 execute review --context-id "$CTX"
out_has "-    total = 0"
out_has "+    return sum(values) / len(values)"
out_has "--approve"
ok "review shows the diff"

expect 0 execute review --context-id "$CTX" --approve
expect 0 execute status --context-id "$CTX" --format json
[ "$(json_get 'j["status"]')" = approved ] || fail "approved status"
[ "$(json_get 'j["mode"]')" = real ] || fail "mode"
[ "$(json_get 'len(j["transactions"][0]["files"])')" = 1 ] || fail "transactions"
[ "$(json_get 'j["files"][0]["path"]')" = calc.py ] || fail "files"
json_has 'j["logs"][0]["message"]' "started" || fail "logs"
ok "approve"

expect 0 execute status
out_has "$CTX"
out_has "approved"
ok "status lists contexts"

finish
