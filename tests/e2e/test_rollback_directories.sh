#!/usr/bin/env bash
# Rollback never stops half-way: an execution that deleted dir/a and created dir/b (the
# only file then in dir/) rolls back in one run; a file that cannot be restored does not
# stop the others, and the context ends partially_rolled_back with that file's reason.
source "${TARS_TEST_LIB:?run it through ctest (it sets TARS_TEST_LIB)}" || exit 1
WS="$TMP/ws"
make_calc_workspace "$WS"
(
  cd "$WS"
  mkdir -p dir other && printf 'a\n' >dir/a && printf 'keep\n' >other/k.txt
  git add -A && git commit -qm dirs
  git rm -q dir/a && mkdir -p dir && printf 'b\n' >dir/b && printf 'changed\n' >other/k.txt
  git add -A && git diff --cached >"$TMP/swap.patch"
  git reset -q --hard && git clean -fdq
)
BEFORE=$(snapshot)
expect 0 improve import "$TMP/swap.patch" --format json
ID=$(json_get 'j["improvements"][0]["id"]')
expect 0 execute improvement --id "$ID" --format json
CTX=$(json_get 'j["contextId"]')
[ ! -e "$WS/dir/a" ] && [ -f "$WS/dir/b" ] || fail "execution deleted dir/a and created dir/b"
expect 0 execute rollback --context-id "$CTX" --all
[ "$(snapshot)" = "$BEFORE" ] || fail "rollback restores dir/a and removes dir/b in one run"
expect 0 execute status --context-id "$CTX" --format json
[ "$(json_get 'j["status"]')" = rolled_back ] || fail "status rolled_back"
ok "rollback of a delete and a create in the same directory"

# The same, rejected; and with dir/ removed by hand before the rollback.
expect 0 execute improvement --id "$ID" --format json
CTX=$(json_get 'j["contextId"]')
expect 0 execute review --context-id "$CTX" --reject
[ "$(snapshot)" = "$BEFORE" ] || fail "reject restores dir/a"
expect 0 execute improvement --id "$ID" --format json
CTX=$(json_get 'j["contextId"]')
rm -rf "$WS/dir"
expect 0 execute rollback --context-id "$CTX" --all --force
[ "$(snapshot)" = "$BEFORE" ] || fail "rollback recreates a removed parent directory"
ok "reject, and rollback after the parent directory was removed"

# One file cannot be restored (its directory was replaced by a regular file): the others
# still are, and the status names it with the reason.
expect 0 execute improvement --id "$ID" --format json
CTX=$(json_get 'j["contextId"]')
rm -rf "$WS/other" && printf 'in the way\n' >"$WS/other"
expect 6 execute rollback --context-id "$CTX" --all
err_has "other/k.txt"
[ -f "$WS/dir/a" ] && [ ! -e "$WS/dir/b" ] || fail "the other files were restored"
expect 0 execute status --context-id "$CTX" --format json
[ "$(json_get 'j["status"]')" = partially_rolled_back ] || fail "partially_rolled_back"
json_has '[f for f in j["files"] if f["path"] == "other/k.txt"][0]' "not a directory" ||
  fail "status gives the file's reason"
rm "$WS/other" && mkdir "$WS/other" && printf 'changed\n' >"$WS/other/k.txt"
expect 0 execute rollback --context-id "$CTX" --all
[ "$(snapshot)" = "$BEFORE" ] || fail "a second rollback finishes it"
ok "one file's failure does not stop the others; partially_rolled_back with its reason"

finish
