#!/usr/bin/env bash
# Rollback by transaction and by file, conflicts with a person's later edit, --force.
source "${TARS_TEST_LIB:?run it through ctest (it sets TARS_TEST_LIB)}" || exit 1
WS="$TMP/ws"
make_calc_workspace "$WS"
BEFORE=$(snapshot)
(
  cd "$WS"
  sed -i 's|    return a + b|    return b + a|' calc.py
  sed -i 's|calc.add(2, 3), 5|calc.add(3, 2), 5|' test_calc.py
  git diff >"$TMP/two.patch"
  git checkout -q .
)
expect 0 improve import "$TMP/two.patch" --format json
ID=$(json_get 'j["improvements"][0]["id"]')
expect 0 execute improvement --id "$ID" --format json
CTX=$(json_get 'j["contextId"]')
[ "$(json_get 'len(j["transactions"])')" = 2 ] || fail "one transaction per file"
TX=$(json_get '[t["id"] for t in j["transactions"] if t["files"] == ["test_calc.py"]][0]')

expect 0 execute rollback --context-id "$CTX" --transaction-id "$TX"
out_has "restored test_calc.py"
grep -q 'calc.add(2, 3), 5' "$WS/test_calc.py" || fail "transaction rolled back"
grep -q 'return b + a' "$WS/calc.py" || fail "other transaction kept"
expect 0 execute status --context-id "$CTX" --format json
[ "$(json_get 'j["status"]')" = partially_rolled_back ] || fail "partial status"
ok "rollback of one transaction"

echo "# my own edit" >>"$WS/calc.py"
expect 6 execute rollback --context-id "$CTX" --file-path calc.py
err_has "Rollback failed: calc.py changed since the execution wrote it"
grep -q "# my own edit" "$WS/calc.py" || fail "a conflicting file must not be touched"
expect 6 execute rollback --context-id "$CTX" --all
expect 0 execute rollback --context-id "$CTX" --file-path calc.py --force
out_has "kept your version as .tars/backups/$CTX/calc.py"
grep -q "# my own edit" "$WS/.tars/backups/$CTX/calc.py" || fail "backup of the person's version"
[ "$(snapshot)" = "$BEFORE" ] || fail "forced rollback restores the original"
expect 0 execute status --context-id "$CTX" --format json
[ "$(json_get 'j["status"]')" = rolled_back ] || fail "fully rolled back"
expect 0 execute rollback --context-id "$CTX" --all
[ "$(snapshot)" = "$BEFORE" ] || fail "rollback is idempotent"
ok "conflict refused (exit 6), --force keeps the person's version, rollback idempotent"

expect 0 execute improvement --id "$ID" --format json
CTX2=$(json_get 'j["contextId"]')
expect 3 execute rollback --context-id "$CTX2" --file-path README.nope
expect 3 execute rollback --context-id "$CTX2" --transaction-id tx-nope
expect 0 execute review --context-id "$CTX2" --reject --file-path ./test_calc.py
grep -q 'calc.add(2, 3), 5' "$WS/test_calc.py" || fail "per-file reject"
expect 0 execute review --context-id "$CTX2" --reject
[ "$(snapshot)" = "$BEFORE" ] || fail "reject restores everything"
expect 0 execute status --context-id "$CTX2" --format json
[ "$(json_get 'j["status"]')" = rejected ] || fail "rejected status"
ok "review --reject per file and whole"

finish
