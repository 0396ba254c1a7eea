#!/usr/bin/env bash
# The guide's error messages, with their reasons and exit codes; bad input never
# loses anything and never stops the other improvements from listing.
source "${TARS_TEST_LIB:?run it through ctest (it sets TARS_TEST_LIB)}" || exit 1
WS="$TMP/ws"
make_calc_workspace "$WS"
BEFORE=$(snapshot)

expect 3 execute improvement --id imp-doesnotexist
err_has "Improvement not found: imp-doesnotexist"
expect 3 execute status --context-id ctx-nope
err_has "Execution context not found: ctx-nope"
expect 3 execute review --context-id ctx-nope
expect 3 execute rollback --context-id ctx-nope --all
ok "unknown ids: exit 3 with the guide's message"

cp "$REPO_ROOT/examples/calc/use-sum.patch" "$TMP/"
expect 0 improve import "$TMP/use-sum.patch" --format json
GOOD=$(json_get 'j["improvements"][0]["id"]')
echo '{"id": "imp-broken", "changes": [{"kind": "edit", "path": 42}]' >"$WS/.tars/improvements/imp-broken.json"
expect 0 improve list
out_has "$GOOD"
err_has "imp-broken.json"
expect 0 improve list --format json
[ "$(json_get 'len(j["improvements"])')" = 1 ] || fail "the good improvement still lists"
[ "$(json_get 'len(j["errors"])')" = 1 ] || fail "the corrupt file is reported"
expect 9 execute improvement --id imp-broken
err_has "imp-broken.json"
ok "a corrupt improvement file is named and never stops the listing"

cat >"$WS/.tars/improvements/imp-escape.json" <<'JSON'
{"id": "imp-escape", "title": "escape", "changes": [{"kind": "create", "path": "../outside.txt", "content": "x"}]}
JSON
expect 4 execute improvement --id imp-escape
err_has "Execution plan validation failed"
err_has "outside the workspace"
[ ! -e "$TMP/outside.txt" ] || fail "wrote outside the workspace"
cat >"$WS/.tars/improvements/imp-git.json" <<'JSON'
{"id": "imp-git", "title": "git", "changes": [{"kind": "create", "path": ".git/hooks/post-checkout", "content": "x"}]}
JSON
expect 4 execute improvement --id imp-git
err_has "Execution plan validation failed"
ln -s "$TMP" "$WS/link"
cat >"$WS/.tars/improvements/imp-link.json" <<'JSON'
{"id": "imp-link", "title": "link", "changes": [{"kind": "create", "path": "link/evil.txt", "content": "x"}]}
JSON
expect 4 execute improvement --id imp-link
[ ! -e "$TMP/evil.txt" ] || fail "followed a symlink out of the workspace"
rm "$WS/link"
ok "paths outside the workspace, in .git/ or through symlinks: exit 4"

printf 'this is not a patch\n' >"$TMP/garbage.txt"
expect 9 improve import "$TMP/garbage.txt" --from patch
err_has "garbage.txt"
printf 'diff --git a/x.bin b/x.bin\nindex 1..2 100644\nGIT binary patch\nliteral 3\nKcmV+b0RR6000031\n\n' >"$TMP/bin.patch"
expect 9 improve import "$TMP/bin.patch"
err_has "binary"
expect 3 improve import "$TMP/missing.patch"
expect 2 improve import "$TMP/use-sum.patch" --from nonsense
ok "malformed and binary patches are refused with the file named"

expect 2 execute rollback --context-id ctx-x
err_has "--all"
expect 2 execute frobnicate
expect 2 execute review --context-id x --approve --reject
[ "$(snapshot)" = "$BEFORE" ] || fail "errors changed files"
ok "usage errors: exit 2"

# Busy: hold the workspace lock the way an execution does.
expect 0 execute improvement --id "$GOOD" --dry-run
set +e
flock "$WS/.tars/lock" "$TARSCLI" --workspace "$WS" execute improvement --id "$GOOD" >"$TMP/out" 2>"$TMP/err"
CODE=$?
set -e
[ "$CODE" -eq 7 ] || fail "busy workspace: exit $CODE"
err_has "Workspace busy"
set +e
flock "$WS/.tars/lock" "$TARSCLI" --workspace "$WS" execute status >"$TMP/out" 2>"$TMP/err"
CODE=$?
set -e
[ "$CODE" -eq 0 ] || fail "status must not be blocked by a running execution"
[ "$(snapshot)" = "$BEFORE" ] || fail "busy run changed files"
ok "a second execution fails fast as busy (exit 7); status is never blocked"

finish
