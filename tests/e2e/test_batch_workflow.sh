#!/usr/bin/env bash
# The guide's Batch Workflow: three improvements to one file, each made against the
# original, executed one after another (later ones are rebased), then approved.
source "${TARS_TEST_LIB:?run it through ctest (it sets TARS_TEST_LIB)}" || exit 1
WS="$TMP/ws"
make_calc_workspace "$WS"
expect 0 trust

make_patch calc.py 's|^def add(a, b):|def add(a, b):\n    """Adds two numbers."""|' "$TMP/1.patch"
make_patch calc.py 's|^def divide(a, b):|def divide(a, b):\n    """Divides a by b."""|' "$TMP/2.patch"
cp "$REPO_ROOT/examples/calc/use-sum.patch" "$TMP/3.patch"
IDS=()
for n in 1 2 3; do
  expect 0 improve import "$TMP/$n.patch" --format json
  IDS+=("$(json_get 'j["improvements"][0]["id"]')")
done

expect 0 improve list
for id in "${IDS[@]}"; do out_has "$id"; done

CTXS=()
for id in "${IDS[@]}"; do
  expect 0 execute improvement --id "$id" --validate --auto-rollback --format json
  [ "$(json_get 'j["status"]')" = awaiting_review ] || fail "$id should apply"
  CTXS+=("$(json_get 'j["contextId"]')")
done
grep -q '"""Adds two numbers."""' "$WS/calc.py" || fail "first change"
grep -q '"""Divides a by b."""' "$WS/calc.py" || fail "second change"
grep -q 'return sum(values) / len(values)' "$WS/calc.py" || fail "third change"
ok "three improvements to one file apply one after another"

expect 0 execute status
for ctx in "${CTXS[@]}"; do out_has "$ctx"; done
expect 0 execute status --format json
[ "$(json_get 'len(j["contexts"])')" = 3 ] || fail "three contexts"
[ "$(json_get 'j["contexts"][0]["contextId"]')" = "${CTXS[2]}" ] || fail "newest first"
ok "execute status lists the contexts"

for ctx in "${CTXS[@]}"; do expect 0 execute review --context-id "$ctx" --approve; done
expect 0 execute status --format json
[ "$(json_get 'sorted(set(c["status"] for c in j["contexts"]))')" = "['approved']" ] || fail "all approved"
ok "each context approved"

# An improvement whose replaced text changed is refused as stale.
(cd "$WS" && git commit -qam "batch applied")
make_patch calc.py 's|    return a + b|    return b + a|' "$TMP/4.patch"
expect 0 improve import "$TMP/4.patch" --format json
STALE=$(json_get 'j["improvements"][0]["id"]')
sed -i 's|    return a + b|    return int(a) + int(b)|' "$WS/calc.py"
expect 8 execute improvement --id "$STALE"
err_has "Improvement is stale: calc.py changed since it was created"
grep -q 'return int(a) + int(b)' "$WS/calc.py" || fail "stale improvement must not write"
ok "a stale improvement is refused (exit 8)"

finish
