#!/usr/bin/env bash
# `execute monitor` follows an execution run by another process until it finishes;
# meanwhile a second execution is refused as busy and status/review are not blocked.
# The running execution waits on a file, so nothing depends on timing.
source "${TARS_TEST_LIB:?run it through ctest (it sets TARS_TEST_LIB)}" || exit 1
WS="$TMP/ws"
make_calc_workspace "$WS"
cat >"$WS/.tars/config.json" <<JSON
{"validation": {"commands": [
  {"name": "gate", "run": ["sh", "-c", "touch $TMP/started; while [ ! -f $TMP/go ]; do sleep 0.05; done"], "timeoutSeconds": 300},
  {"name": "test", "run": ["python3", "-m", "unittest", "-q", "test_calc"], "matcher": "python"}]}}
JSON
expect 0 trust
cp "$REPO_ROOT/examples/calc/use-sum.patch" "$TMP/"
expect 0 improve import "$TMP/use-sum.patch" --format json
ID=$(json_get 'j["improvements"][0]["id"]')

"$TARSCLI" --workspace "$WS" execute improvement --id "$ID" --validate --format json >"$TMP/exec.out" 2>"$TMP/exec.err" &
EXEC=$!
while [ ! -f "$TMP/started" ]; do
  kill -0 "$EXEC" 2>/dev/null || fail "execution ended early: $(cat "$TMP/exec.err")"
  sleep 0.05
done

expect 0 execute status --format json
CTX=$(json_get 'j["contexts"][0]["contextId"]')
[ "$(json_get 'j["contexts"][0]["status"]')" = running ] || fail "running status"
expect 7 execute improvement --id "$ID"
err_has "Workspace busy: context $CTX"
expect 0 execute review --context-id "$CTX"
ok "while running: busy for executions, status and review answer"

"$TARSCLI" --workspace "$WS" execute monitor --context-id "$CTX" --interval-ms 50 >"$TMP/monitor.out" 2>&1 &
MON=$!
touch "$TMP/go"
wait "$EXEC" || fail "execution failed: $(cat "$TMP/exec.err")"
wait "$MON" || fail "monitor exit: $(cat "$TMP/monitor.out")"
grep -q "running" "$TMP/monitor.out" || fail "monitor saw the running execution"
grep -q "awaiting_review" "$TMP/monitor.out" || fail "monitor returned with the final status"
ok "monitor follows another process's execution to its end"

# An execution killed mid-way is recovered by whoever looks next; monitor returns.
rm -f "$TMP/started" "$TMP/go"
expect 0 execute review --context-id "$CTX" --reject
BEFORE=$(snapshot)
"$TARSCLI" --workspace "$WS" execute improvement --id "$ID" --validate >/dev/null 2>&1 &
EXEC=$!
while [ ! -f "$TMP/started" ]; do sleep 0.05; done
expect 0 execute status --format json
CTX=$(json_get 'j["contexts"][0]["contextId"]')
grep -q "return sum(values)" "$WS/calc.py" || fail "the change was written before validation"
kill -9 "$EXEC"
wait "$EXEC" 2>/dev/null || true
pkill -f "$TMP/go" || true
expect 0 execute monitor --context-id "$CTX" --interval-ms 50
out_has "rolled_back"
[ "$(snapshot)" = "$BEFORE" ] || fail "killed execution not rolled back"
ok "a killed execution is rolled back and monitor returns"

finish
