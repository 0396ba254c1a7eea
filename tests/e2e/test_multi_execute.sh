#!/usr/bin/env bash
# Several improvements in one execution: `execute improvement --id A --id B` and
# `--all-pending` run one context with one transaction per improvement (improvements
# changing a common file share one), each rebased onto the one before; a transaction
# rolls back one improvement; a pair that cannot be combined is refused, nothing written.
source "${TARS_TEST_LIB:?run it through ctest (it sets TARS_TEST_LIB)}" || exit 1
WS="$TMP/ws"
make_calc_workspace "$WS"
printf 'one\nalpha\n' >"$WS/one.txt"
printf 'two\nbeta\n' >"$WS/two.txt"
(cd "$WS" && git add -A && git commit -qm texts)

# import_patch NAME: imports $TMP/NAME.patch and sets the variable NAME to its id.
import_patch() {
  expect 0 improve import "$TMP/$1.patch" --format json
  printf -v "$1" '%s' "$(json_get 'j["improvements"][0]["id"]')"
}
statuses() { expect 0 improve list --format json; json_get '{i["id"]: i["status"] for i in j["improvements"]}'; }
status_of() { expect 0 improve list --format json; json_get "[i['status'] for i in j['improvements'] if i['id'] == '$1'][0]"; }

make_patch one.txt 's|alpha|ALPHA|' "$TMP/A.patch"
make_patch two.txt 's|beta|BETA|' "$TMP/B.patch"
make_patch calc.py 's|^def add(a, b):|def add(a, b):\n    """Adds two numbers."""|' "$TMP/C.patch"
make_patch calc.py 's|^def divide(a, b):|def divide(a, b):\n    """Divides a by b."""|' "$TMP/D.patch"
for name in A B C D; do import_patch "$name"; done

# Disjoint files: one context, two transactions.
expect 0 execute improvement --id "$A" --id "$B" --format json
[ "$(json_get 'j["status"]')" = awaiting_review ] || fail "A and B apply"
[ "$(json_get 'j["improvementIds"]')" = "['$A', '$B']" ] || fail "the context names both"
[ "$(json_get 'j["improvementId"]')" = "$A" ] || fail "improvementId is the first"
[ "$(json_get 'len(j["transactions"])')" = 2 ] || fail "one transaction per improvement"
CTX=$(json_get 'j["contextId"]')
TX_B=$(json_get '[t["id"] for t in j["transactions"] if t["files"] == ["two.txt"]][0]')
[ "$(json_get 'sorted(t["name"] for t in j["transactions"])')" = "$(python3 -c "print(sorted(['$A: Apply A.patch', '$B: Apply B.patch']))")" ] ||
  fail "each transaction is named after its improvement"
grep -q ALPHA "$WS/one.txt" && grep -q BETA "$WS/two.txt" || fail "both written"
[ "$(status_of "$A")" = applied ] && [ "$(status_of "$B")" = applied ] || fail "both applied"
expect 0 execute status
out_has "$CTX"
out_has "$A +1"
expect 0 execute status --context-id "$CTX"
out_has "improvements: $A $B"
expect 0 execute status --context-id "$CTX" --format json
[ "$(json_get 'len(j["validation"])')" = 0 ] || fail "text files have no checks"
status_matches_disk
ok "two improvements on disjoint files: one context, one transaction each"

expect 0 execute rollback --context-id "$CTX" --transaction-id "$TX_B"
grep -q ALPHA "$WS/one.txt" || fail "A stays"
grep -q beta "$WS/two.txt" || fail "B rolled back"
[ "$(status_of "$B")" = pending ] || fail "B is pending again"
[ "$(status_of "$A")" = applied ] || fail "A stays applied"
expect 0 execute status --context-id "$CTX" --format json
[ "$(json_get 'j["status"]')" = partially_rolled_back ] || fail "context partly rolled back"
status_matches_disk
ok "rolling back one transaction undoes just that improvement"

# One file, two improvements made against the same content: both apply, one transaction,
# and the validation (calc.py's syntax check) runs once.
expect 0 execute improvement --id "$C" --id "$D" --format json
[ "$(json_get 'j["status"]')" = awaiting_review ] || fail "C and D apply"
[ "$(json_get 'len(j["transactions"])')" = 1 ] || fail "a common file makes one transaction"
[ "$(json_get 'j["transactions"][0]["name"]')" = "$C: Apply C.patch + $D: Apply D.patch" ] ||
  fail "a shared transaction is named after both"
[ "$(json_get 'len(j["validation"])')" = 1 ] || fail "one syntax check of calc.py"
CTX2=$(json_get 'j["contextId"]')
grep -q '"""Adds two numbers."""' "$WS/calc.py" || fail "first change"
grep -q '"""Divides a by b."""' "$WS/calc.py" || fail "second change"
(cd "$WS" && python3 -m unittest -q test_calc 2>/dev/null) || fail "calc still passes"
ok "two improvements of one file: both applied in one transaction"

expect 0 execute rollback --context-id "$CTX2" --all
(cd "$WS" && git diff --quiet -- calc.py) || fail "calc.py restored"
[ "$(status_of "$C")" = pending ] && [ "$(status_of "$D")" = pending ] || fail "both pending again"
ok "rolling the context back makes every improvement pending"

# A pair whose edits overlap is refused before anything is written.
make_patch calc.py 's|    return a + b|    return b + a|' "$TMP/E.patch"
make_patch calc.py 's|    return a + b|    return sum((a, b))|' "$TMP/F.patch"
import_patch E
import_patch F
BEFORE=$(snapshot)
expect 0 execute status --format json
CONTEXTS=$(json_get 'len(j["contexts"])')
expect 4 execute improvement --id "$E" --id "$F"
err_has "Execution plan validation failed: improvements $E and $F cannot be combined"
err_has "calc.py"
[ "$(snapshot)" = "$BEFORE" ] || fail "nothing written"
expect 0 execute status --format json
[ "$(json_get 'len(j["contexts"])')" = "$CONTEXTS" ] || fail "no context made"
[ "$(status_of "$E")" = pending ] || fail "E stays pending"
ok "a conflicting pair is refused, naming both (exit 4)"

expect 2 execute improvement --id "$E" --id "$E"
err_has "given more than once"
expect 2 execute improvement --id "$E" --all-pending
expect 2 execute improvement
ok "usage errors: an id twice, --id with --all-pending, neither"

# --all-pending: every pending improvement, in `improve list` order, in one context.
expect 0 improve list --format json
PENDING=$(json_get '[i["id"] for i in j["improvements"] if i["status"] == "pending" and i["id"] != "'"$F"'"]')
rm "$WS/.tars/improvements/$F.json"
expect 0 execute improvement --all-pending --format json
[ "$(json_get 'j["improvementIds"]')" = "$PENDING" ] || fail "all pending, in list order"
[ "$(json_get 'j["status"]')" = awaiting_review ] || fail "all pending apply"
grep -q BETA "$WS/two.txt" || fail "B applied again"
grep -q 'return b + a' "$WS/calc.py" || fail "E applied"
grep -q '"""Adds two numbers."""' "$WS/calc.py" || fail "C applied"
CTX3=$(json_get 'j["contextId"]')
for id in $B $C $D $E; do [ "$(status_of "$id")" = applied ] || fail "$id applied"; done
expect 3 execute improvement --all-pending
err_has "No pending improvements to execute"
expect 0 execute review --context-id "$CTX3" --approve
ok "--all-pending executes every pending improvement in one context"

# Crash safety is the single execution's: crashed at each durability point, the next
# start rolls the whole context back and every improvement is pending again.
WS="$TMP/crash"
make_calc_workspace "$WS"
printf 'one\nalpha\n' >"$WS/one.txt"
(cd "$WS" && git add -A && git commit -qm texts)
make_patch one.txt 's|alpha|ALPHA|' "$TMP/G.patch"
make_patch calc.py 's|    return a + b|    return b + a|' "$TMP/H.patch"
make_patch calc.py 's|^def divide(a, b):|def divide(a, b):\n    """Divides a by b."""|' "$TMP/I.patch"
for name in G H I; do import_patch "$name"; done
BEFORE=$(snapshot)
cp -a "$WS" "$TMP/pristine"
RUN=(execute improvement --id "$G" --id "$H" --id "$I")
POINTS=$(TARS_CRASH_LIST=1 "$TARSCLI" --workspace "$WS" "${RUN[@]}" 2>&1 >/dev/null | grep -c "durability point" || true)
[ "$POINTS" -ge 5 ] || fail "only $POINTS durability points"
for k in $(seq 1 "$POINTS"); do
  rm -rf "$WS" && cp -a "$TMP/pristine" "$WS"
  set +e
  TARS_CRASH_AT=$k "$TARSCLI" --workspace "$WS" "${RUN[@]}" >"$TMP/out" 2>"$TMP/err"
  CODE=$?
  set -e
  [ "$CODE" -eq 86 ] || fail "point $k: expected the injected crash, got exit $CODE"
  expect 0 execute status --format json # any start recovers
  [ "$(json_get 'j["contexts"][0]["status"]')" = rolled_back ] || fail "point $k: status"
  [ "$(snapshot)" = "$BEFORE" ] || fail "point $k: files differ after recovery"
  for id in $G $H $I; do [ "$(status_of "$id")" = pending ] || fail "point $k: $id pending"; done
done
ok "crashed at each of $POINTS durability points, recovered byte-identical, all pending"

finish
