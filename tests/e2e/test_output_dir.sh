#!/usr/bin/env bash
# --output-dir: report.json, a changes.patch that `git apply` accepts, validation logs.
source "${TARS_TEST_LIB:?run it through ctest (it sets TARS_TEST_LIB)}" || exit 1
WS="$TMP/ws"
make_calc_workspace "$WS"
cp -a "$WS" "$TMP/pristine"
expect 0 trust
cp "$REPO_ROOT/examples/calc/use-sum.patch" "$TMP/"
expect 0 improve import "$TMP/use-sum.patch" --format json
ID=$(json_get 'j["improvements"][0]["id"]')

expect 0 execute improvement --id "$ID" --dry-run --output-dir "$TMP/dry"
(cd "$TMP/pristine" && git apply --check "$TMP/dry/changes.patch") || fail "dry-run patch does not apply"
python3 -c "import json; r=json.load(open('$TMP/dry/report.json')); assert r['status']=='simulated', r['status']; assert r['steps']"
ok "a dry run writes the patch it would apply"

expect 0 execute improvement --id "$ID" --validate --output-dir "$TMP/real"
python3 - "$TMP/real/report.json" <<'PY' || fail "report.json"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["status"] == "awaiting_review", r["status"]
assert r["files"][0]["path"] == "calc.py"
assert any(v["name"] == "test" and v["status"] == "passed" for v in r["validation"])
PY
[ -s "$TMP/real/validation/test.log" ] || fail "validation log"
[ "$(head -1 "$TMP/real/validation/test.log")" = passed ] || fail "log status line"
(cd "$TMP/pristine" && git apply "$TMP/real/changes.patch") || fail "git apply of changes.patch"
cmp "$TMP/pristine/calc.py" "$WS/calc.py" || fail "patched copy differs"
(cd "$TMP/pristine" && git apply -R "$TMP/real/changes.patch") || fail "git apply -R"
ok "changes.patch applies with git apply and reverses with git apply -R"

finish
