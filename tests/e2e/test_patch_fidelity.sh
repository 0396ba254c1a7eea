#!/usr/bin/env bash
# Patches as `git apply` takes them: several sections for one file, mode changes, binary
# data, copies, renames and deletes that empty a directory, -p N and plain `diff -ruN`;
# each executed and rolled back exactly. Refusals name the patch line and exit 9.
source "${TARS_TEST_LIB:?run it through ctest (it sets TARS_TEST_LIB)}" || exit 1
WS="$TMP/ws"
mkdir -p "$WS/d" "$WS/gone"
printf 'one\ntwo\nthree\n' >"$WS/a.txt"
printf '#!/bin/sh\necho hi\n' >"$WS/run.sh"
printf 'x\n' >"$WS/d/x.txt"
printf 'only\n' >"$WS/gone/only.txt"
printf '\0\1\2binary' >"$WS/blob.bin"
(cd "$WS" && git init -q && git add -A && git commit -qm initial)
snapshot() { (cd "$WS" && find . -path ./.git -prune -o -path ./.tars -prune -o -print0 | sort -z |
  xargs -0 stat -c '%n %a %F' && git diff --binary HEAD && git status --short --untracked-files=all); }
BEFORE="$(snapshot)"

# import_execute PATCH [import options]: imports, executes, leaves $CTX.
import_execute() {
  local patch="$1"
  shift
  expect 0 improve import "$patch" --format json "$@"
  local id
  id="$(json_get 'j["improvements"][0]["id"]')"
  expect 0 execute improvement --id "$id" --format json
  CTX="$(json_get 'j["contextId"]')"
}
roll_back() {
  expect 0 execute rollback --context-id "$CTX" --all
  [ "$(snapshot)" = "$BEFORE" ] || fail "rollback did not bring the tree back: $(snapshot)"
}

cat >"$TMP/two.patch" <<'PATCH'
--- a/a.txt
+++ b/a.txt
@@ -1,3 +1,3 @@
 one
-two
+TWO
 three
--- a/a.txt
+++ b/a.txt
@@ -1,3 +1,3 @@
-one
+ONE
 TWO
 three
PATCH
(cd "$WS" && git apply --check "$TMP/two.patch") || fail "git apply refuses the patch"
import_execute "$TMP/two.patch"
[ "$(cat "$WS/a.txt")" = "$(printf 'ONE\nTWO\nthree')" ] || fail "sections not applied in order"
roll_back
ok "two sections for one file apply in order, as git apply does, and roll back"

printf 'diff --git a/run.sh b/run.sh\nold mode 100644\nnew mode 100755\n' >"$TMP/mode.patch"
import_execute "$TMP/mode.patch"
[ -x "$WS/run.sh" ] || fail "the mode change was not applied"
roll_back
[ ! -x "$WS/run.sh" ] || fail "the mode change was not rolled back"
ok "old mode / new mode applied and rolled back"

(cd "$WS" && printf '\0\1\2BINARY!' >blob.bin && cp a.txt copy.txt && git mv d/x.txt moved.txt &&
  git rm -q gone/only.txt && chmod +x run.sh && git add -A &&
  git diff --cached --binary -C --find-copies-harder >"$TMP/mixed.patch" && git reset -q --hard)
[ "$(snapshot)" = "$BEFORE" ] || fail "the test's own reset"
grep -q 'GIT binary patch' "$TMP/mixed.patch" || fail "no binary section"
grep -q 'copy from' "$TMP/mixed.patch" || fail "no copy section"
import_execute "$TMP/mixed.patch"
[ "$(od -An -c "$WS/blob.bin" | tr -d ' ')" = '\0001002BINARY!' ] || fail "binary not applied"
[ ! -e "$WS/d" ] && [ ! -e "$WS/gone" ] || fail "emptied directories left behind"
[ -f "$WS/copy.txt" ] && [ -f "$WS/moved.txt" ] && [ -x "$WS/run.sh" ] || fail "copy, rename or mode missing"
roll_back
[ -d "$WS/gone" ] && [ -f "$WS/d/x.txt" ] || fail "directories not brought back"
ok "binary, copy, rename and delete that empty directories: applied and rolled back exactly"

mkdir -p "$TMP/old" "$TMP/new"
printf 'one\ntwo\nthree\n' >"$TMP/old/a.txt"
printf 'one\n2\nthree\n' >"$TMP/new/a.txt"
printf 'brand new\n' >"$TMP/new/fresh.txt"
(cd "$TMP" && diff -ruN old new >"$TMP/plain.patch") || true
import_execute "$TMP/plain.patch"
[ "$(sed -n 2p "$WS/a.txt")" = 2 ] && [ -f "$WS/fresh.txt" ] || fail "diff -ruN not applied"
roll_back
(cd "$TMP/new" && diff -u ../old/a.txt a.txt | sed 's|^--- ../old/a.txt|--- x/y/a.txt|; s|^+++ a.txt|+++ x/y/a.txt|' >"$TMP/deep.patch") || true
expect 9 improve import "$TMP/deep.patch"
import_execute "$TMP/deep.patch" -p 2
[ "$(sed -n 2p "$WS/a.txt")" = 2 ] || fail "-p 2 not applied"
roll_back
ok "plain diff -ruN output and -p N"

(cd "$WS" && ln -s a.txt link && git add link && git commit -qm link && ln -sfn run.sh link &&
  printf '\0\1\2BINARY!' >blob.bin && git diff --binary >"$TMP/retarget.patch" && git reset -q --hard)
BEFORE="$(snapshot)"
import_execute "$TMP/retarget.patch"
[ "$(readlink "$WS/link")" = run.sh ] || fail "symlink not retargeted"
expect 0 execute review --context-id "$CTX"
out_has "symlink link: a.txt -> run.sh"
out_has "Binary files a/blob.bin and b/blob.bin differ"
roll_back
[ "$(readlink "$WS/link")" = a.txt ] || fail "symlink target not rolled back"
ok "review says what a symlink pointed to and points to, and that binary files differ"

printf -- '--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-one\n+ONE\n--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-one\n+1\n' >"$TMP/clash.patch"
expect 9 improve import "$TMP/clash.patch"
err_has "clash.patch:8: hunk does not apply to a.txt"
printf -- '--- a/d\n+++ b/d\n@@ -1 +1 @@\n-a\n+b\n' >"$TMP/dir.patch"
expect 9 improve import "$TMP/dir.patch"
err_has "dir.patch:1: d is a directory"
expect 9 improve import "$TMP/two.patch" -p 3
err_has "two.patch:1: -p 3 strips more than the whole path"
ok "refusals name the patch line and exit 9"

finish
