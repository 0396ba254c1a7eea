#!/usr/bin/env bash
# The guide's Cautious Workflow, with a test command that really passes and one
# improvement that really breaks it.
source "${TARS_TEST_LIB:?run it through ctest (it sets TARS_TEST_LIB)}" || exit 1
WS="$TMP/ws"
make_calc_workspace "$WS"
BEFORE=$(snapshot)

make_patch calc.py 's|    return a + b|    return a - b|' "$TMP/broken.patch"  # breaks test_add
cp "$REPO_ROOT/examples/calc/use-sum.patch" "$TMP/"
expect 0 improve import "$TMP/use-sum.patch"
GOOD=$(out | sed -n 's/^Imported \(imp-[0-9a-f]*\).*/\1/p')
expect 0 improve import "$TMP/broken.patch"
BAD=$(out | sed -n 's/^Imported \(imp-[0-9a-f]*\).*/\1/p')
[ -n "$GOOD" ] && [ -n "$BAD" ] || fail "import ids"

expect 0 execute improvement --id "$GOOD" --dry-run --format json
DRY=$(json_get 'j["contextId"]')
[ "$(json_get 'j["status"]')" = simulated ] || fail "dry run status"
[ "$(snapshot)" = "$BEFORE" ] || fail "dry run changed files"
ok "dry run writes nothing"

expect 0 execute status --context-id "$DRY" --detail
out_has "+    return sum(values) / len(values)"
out_has "modify:calc.py"
ok "status --detail shows the simulated changes"

# Configured commands need trust.
expect 5 execute improvement --id "$GOOD" --validate --auto-rollback
err_has "Validation failed"
err_has "tarscli trust"
[ "$(snapshot)" = "$BEFORE" ] || fail "untrusted run changed files"
expect 0 trust
out_has "python3 -m unittest -q test_calc"
ok "validation commands run only after tarscli trust"

expect 5 execute improvement --id "$BAD" --validate --auto-rollback --format json
[ "$(json_get 'j["status"]')" = rolled_back ] || fail "failed validation should roll back"
BADCTX=$(json_get 'j["contextId"]')
[ "$(snapshot)" = "$BEFORE" ] || fail "auto-rollback left changes"
err_has "Validation failed: test failed"
expect 0 execute status --context-id "$BADCTX" --format json
[ "$(json_get 'j["validation"][-1]["status"]')" = failed ] || fail "validation recorded"
json_has 'j["validation"][-1]["output"]' "AssertionError" || fail "test output captured"
[ "$(json_get 'j["validation"][-1]["diagnostics"][0]["path"]')" = test_calc.py ] || fail "diagnostic path"
expect 5 execute monitor --context-id "$BADCTX"
ok "a failing test rolls the change back (exit 5) with its diagnostics"

expect 5 execute improvement --id "$BAD" --validate
grep -q "return a - b" "$WS/calc.py" || fail "without --auto-rollback the change stays"
out_has "failed"
FAILED=$(out | sed -n 's/^\(ctx-[0-9a-f]*\).*/\1/p')
expect 0 execute rollback --context-id "$FAILED" --all
[ "$(snapshot)" = "$BEFORE" ] || fail "rollback of the failed context"
ok "without --auto-rollback a failed context keeps its changes with status failed"

expect 0 execute improvement --id "$GOOD" --validate --auto-rollback --format json
CTX=$(json_get 'j["contextId"]')
[ "$(json_get 'j["status"]')" = awaiting_review ] || fail "good improvement validated"
[ "$(json_get 'j["validation"][-1]["name"]')" = test ] || fail "test command ran"
expect 0 execute monitor --context-id "$CTX"
expect 0 execute review --context-id "$CTX"
out_has "+    return sum(values) / len(values)"
expect 0 execute review --context-id "$CTX" --approve
(cd "$WS" && python3 -m unittest -q test_calc) 2>/dev/null || fail "tests pass after approval"
ok "validated improvement executes, is reviewed and approved"

# A changed config must be trusted again.
echo ' ' >>"$WS/.tars/config.json"
expect 5 execute improvement --id "$BAD" --validate
err_has "not trusted"
ok "a changed config needs trusting again"

finish
