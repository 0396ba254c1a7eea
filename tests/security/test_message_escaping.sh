#!/usr/bin/env bash
# Attack 6, hiding in messages: a path with a NUL byte cut the message short at the
# NUL; control characters (a terminal escape sequence) were printed raw. Paths in
# messages are quoted as git quotes them, and nothing reaches the terminal unescaped.
source "${TARS_TEST_LIB:?run it through ctest (it sets TARS_TEST_LIB)}" || exit 1
WS="$TMP/ws"
make_hostile_workspace "$WS"

put_improvement imp-nul <<'JSON'
{"id": "imp-nul", "title": "nul", "changes": [
  {"kind": "create", "path": "innocent.txt\u0000/../../../etc/cron.d/x", "content": "x"}]}
JSON
expect 4 execute improvement --id imp-nul
err_has 'Execution plan validation failed: path "innocent.txt\000/../../../etc/cron.d/x" contains a NUL byte'
contained "a path with a NUL byte"
ok "a path with a NUL byte is refused with the whole path, quoted"

put_improvement imp-escape <<'JSON'
{"id": "imp-escape", "title": "escape\u001b[8m hidden", "changes": [
  {"kind": "edit", "path": "\u001b]0;owned\u0007\u001b[2Jmissing.py", "baseHash": "00", "edits": []}]}
JSON
expect 8 execute improvement --id imp-escape
err_has 'Improvement is stale: "\033]0;owned\a\033[2Jmissing.py" no longer exists'
if LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$TMP/err"; then fail "a control character reached stderr"; fi
contained "a path with control characters"
ok "control characters in a path are escaped as git escapes them"

for command in "improve list" "improve show --id imp-escape"; do
  # shellcheck disable=SC2086
  expect 0 $command
  if LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$TMP/out"; then fail "$command printed a control character"; fi
done
out_has '"\033]0;owned\a\033[2Jmissing.py"'
contained "listing an improvement with control characters"
ok "improve list and show print paths quoted and titles escaped"

printf 'diff --git "a/\\033[31mred.py" "b/\\033[31mred.py"\n--- "a/\\033[31mred.py"\n+++ "b/\\033[31mred.py"\n@@ -1 +1 @@\n-a\n+b\n' >"$TMP/escape.patch"
expect 9 improve import "$TMP/escape.patch"
err_has '"\033[31mred.py" does not exist in the workspace'
if LC_ALL=C grep -q $'\x1b' "$TMP/err"; then fail "an escape sequence reached stderr"; fi
contained "a patch naming a path with control characters"
ok "a patch's quoted path is quoted back in the message"

finish
