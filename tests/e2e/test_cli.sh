#!/usr/bin/env bash
# --help on every level, --version, colour only on a TTY, NO_COLOR honoured.
source "${TARS_TEST_LIB:?run it through ctest (it sets TARS_TEST_LIB)}" || exit 1
WS="$TMP/ws"
make_calc_workspace "$WS"

for args in "" "improve" "improve list" "improve show" "improve import" "execute" "execute improvement" \
  "execute monitor" "execute review" "execute rollback" "execute status" "trust"; do
  # shellcheck disable=SC2086
  "$TARSCLI" $args --help >"$TMP/out" 2>&1 || fail "tarscli $args --help"
  grep -q "Usage" "$TMP/out" || fail "tarscli $args --help prints usage"
done
"$TARSCLI" execute --help >"$TMP/help" && grep -q "improvement" "$TMP/help" || fail "execute help lists improvement"
"$TARSCLI" execute improvement --help >"$TMP/help" && grep -q -- "--auto-rollback" "$TMP/help" || fail "options listed"
ok "--help on every level"

"$TARSCLI" --version >"$TMP/version" && grep -q "tarscli" "$TMP/version" || fail "--version"
ok "--version"

cp "$REPO_ROOT/examples/calc/use-sum.patch" "$TMP/"
expect 0 improve import "$TMP/use-sum.patch" --format json
ID=$(json_get 'j["improvements"][0]["id"]')
expect 0 execute improvement --id "$ID"
CTX=$(out | sed -n 's/^\(ctx-[0-9a-f]*\).*/\1/p')
expect 0 execute review --context-id "$CTX"
! grep -q $'\033' "$TMP/out" || fail "escape codes when stdout is not a TTY"
# On a terminal (script(1) gives one) the diff is coloured, unless NO_COLOR is set.
if command -v script >/dev/null; then
  env -u NO_COLOR script -qec "$TARSCLI --workspace $WS execute review --context-id $CTX </dev/null" /dev/null >"$TMP/tty" || true
  grep -q $'\033\[32m' "$TMP/tty" || fail "no colour on a TTY"
  NO_COLOR=1 script -qec "$TARSCLI --workspace $WS execute review --context-id $CTX </dev/null" /dev/null >"$TMP/tty" || true
  ! grep -q $'\033\[3' "$TMP/tty" || fail "NO_COLOR ignored"
  ok "colour only on a TTY, NO_COLOR honoured"

  # On a TTY, review asks per file; an unknown answer asks again.
  printf 'maybe\nr\n' >"$TMP/answers"
  script -qec "$TARSCLI --workspace $WS execute review --context-id $CTX" /dev/null <"$TMP/answers" >"$TMP/tty" ||
    fail "interactive review: $(cat "$TMP/tty")"
  grep -q "calc.py.*\[a\]pprove, \[r\]eject, \[s\]kip?" "$TMP/tty" || fail "no per-file prompt"
  expect 0 execute status --context-id "$CTX" --format json
  [ "$(json_get 'j["status"]')" = rejected ] || fail "rejecting the only file rejects the context"
  grep -q "total = 0" "$WS/calc.py" || fail "the rejected file is restored"
  expect 0 execute improvement --id "$ID"
  CTX2=$(out | sed -n 's/^\(ctx-[0-9a-f]*\).*/\1/p')
  printf 'a\n' >"$TMP/answers"
  script -qec "$TARSCLI --workspace $WS execute review --context-id $CTX2" /dev/null <"$TMP/answers" >"$TMP/tty" ||
    fail "interactive approve: $(cat "$TMP/tty")"
  expect 0 execute status --context-id "$CTX2" --format json
  [ "$(json_get 'j["status"]')" = approved ] || fail "approving every file approves the context"
  ok "review on a TTY asks per file: reject rolls back, approve approves"
fi

# Workspace discovery: the nearest parent holding .tars/.
mkdir -p "$WS/sub/dir"
(cd "$WS/sub/dir" && "$TARSCLI" execute status --format json) >"$TMP/out"
[ "$(json_get 'len(j["contexts"])')" -ge 1 ] || fail "discovery from a subdirectory"
[ "$(json_get 'j["contexts"][-1]["contextId"]')" = "$CTX" ] || fail "discovery from a subdirectory"
ok "workspace found from a subdirectory"

# A repository TARS first meets stays clean in git: reading creates nothing, the first
# import creates .tars/ ignored by git.
FRESH="$TMP/fresh"
mkdir -p "$FRESH" && (cd "$FRESH" && git init -q && echo x >f.txt && git add f.txt && git commit -qm i)
"$TARSCLI" --workspace "$FRESH" improve list >/dev/null || fail "improve list in a fresh repository"
[ ! -e "$FRESH/.tars" ] || fail "improve list created .tars/"
printf 'diff --git a/f.txt b/f.txt\n--- a/f.txt\n+++ b/f.txt\n@@ -1 +1 @@\n-x\n+y\n' >"$TMP/f.patch"
"$TARSCLI" --workspace "$FRESH" improve import "$TMP/f.patch" >/dev/null || fail "first import"
[ -d "$FRESH/.tars" ] || fail ".tars/ created on the first import"
[ -z "$(git -C "$FRESH" status --porcelain)" ] || fail "git status shows TARS state: $(git -C "$FRESH" status --porcelain)"
ok "the state directory of a fresh repository is made by the first import and ignored by git"

finish
