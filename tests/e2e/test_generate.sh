#!/usr/bin/env bash
# `improve generate`: built-in rules over a git workspace (ignore rules and binary files
# respected), execute one with --validate, re-generation replacing rather than piling
# up, generators refused until trusted, a patch generator, a failing one, and a real
# clang-tidy run whose --export-fixes file is imported.
source "${TARS_TEST_LIB:?run it through ctest (it sets TARS_TEST_LIB)}" || exit 1
WS="$TMP/ws"
make_calc_workspace "$WS"
printf 'notes  \nmore\t\nno final newline' >"$WS/notes.txt"
printf 'one\r\ntwo\r\nthree\nfour\r\n' >"$WS/dos.txt"
mkdir -p "$WS/include"
printf '// Ünïcode café\nint util(int x);  \n' >"$WS/include/util.h"
printf 'bin  \0ary  \n' >"$WS/blob.dat"
printf 'debug  \n' >"$WS/trace.log"
printf '*.log\n' >"$WS/.gitignore"
(cd "$WS" && git add notes.txt include .gitignore && git commit -qm more)  # dos.txt untracked

source_ids() { python3 -c "import json,sys; print(' '.join(i['id'] for i in json.load(open('$TMP/out'))['improvements'] if i['source'] == '$1'))"; }

expect 0 improve generate --format json
[ "$(json_get 'len(j["improvements"])')" = 4 ] || fail "four rules found something"
json_has '[i["files"] for i in j["improvements"] if i["source"] == "rule:trailing-whitespace"][0]' \
  "['include/util.h', 'notes.txt']" || fail "trailing-whitespace files"
json_has '[i["files"] for i in j["improvements"] if i["source"] == "rule:mixed-line-endings"][0]' \
  "['dos.txt']" || fail "untracked, not ignored files are looked at"
json_has '[i["files"] for i in j["improvements"] if i["source"] == "rule:pragma-once"][0]' \
  "['include/util.h']" || fail "pragma-once files"
if out | grep -q -e trace.log -e blob.dat; then fail "ignored or binary file touched"; fi
TRAILING=$(source_ids rule:trailing-whitespace)
NEWLINE=$(source_ids rule:final-newline)
ok "generate: one improvement per rule; .gitignore and binary files respected"

expect 0 improve show --id "$TRAILING"
out_has "fixes notes.txt:1: trailing whitespace"
out_has "fixes include/util.h:2: trailing whitespace"
expect 0 improve list
out_has "Remove trailing whitespace (2 files)"
ok "generated improvements list and show with their diagnostics"

expect 0 trust
expect 0 execute improvement --id "$TRAILING" --validate --format json
[ "$(json_get 'j["status"]')" = awaiting_review ] || fail "execute with --validate"
[ "$(json_get 'len(j["transactions"])')" = 2 ] || fail "one transaction per file"
[ "$(od -An -c "$WS/notes.txt" | tr -s ' ' | tr -d '\n')" = " n o t e s \n m o r e \n n o f i n a l n e w l i n e" ] ||
  fail "notes.txt after the fix: $(od -c "$WS/notes.txt")"
ok "a generated improvement executes with --validate"

expect 0 improve generate --rule trailing-whitespace --rule final-newline --format json
[ "$(json_get 'len(j["improvements"])')" = 1 ] || fail "only final-newline still finds something"
NEWLINE2=$(source_ids rule:final-newline)
[ "$NEWLINE2" != "$NEWLINE" ] || fail "notes.txt changed, so final-newline's fix is new"
json_has 'j["replaced"]' "$NEWLINE" || fail "the earlier final-newline improvement is replaced"
expect 0 improve list --format json
[ "$(json_get 'len(j["improvements"])')" = 4 ] || fail "no duplicates pile up"
json_has '[i["status"] for i in j["improvements"] if i["id"] == "'"$TRAILING"'"]' applied ||
  fail "the executed improvement is kept with its status"
expect 0 improve generate --rule final-newline --format json
[ "$(json_get 'j["replaced"]')" = "[]" ] || fail "unchanged findings replace nothing"
[ "$(source_ids rule:final-newline)" = "$NEWLINE2" ] || fail "same findings, same id"
ok "re-generating replaces pending improvements, keeps executed ones, ids are stable"

expect 2 improve generate --rule tabs
err_has "Unknown rule 'tabs' (known: trailing-whitespace, final-newline, mixed-line-endings, pragma-once)"
expect 2 improve generate --generator lint
err_has "Unknown generator 'lint'"
ok "unknown rules and generators are usage errors"

# A generator printing a unified diff on stdout (and chatter on stderr).
cat >"$WS/fix_doc.py" <<'EOF'
import sys
print("analysing calc.py", file=sys.stderr)
print('--- a/calc.py\n+++ b/calc.py\n@@ -1 +1 @@\n-"""A tiny calculator, the sample workspace of TARS\'s README and tests."""\n+"""A tiny calculator: the sample workspace of the README and the tests."""')
EOF
python3 - "$WS/.tars/config.json" <<'EOF'
import json, sys
config = json.load(open(sys.argv[1]))
config["generators"] = [
    {"name": "doc", "run": ["python3", "fix_doc.py"], "produces": "patch", "timeoutSeconds": 30},
    {"name": "broken", "run": ["sh", "-c", "echo 'analyzer crashed' >&2; exit 2"], "produces": "patch"}]
json.dump(config, open(sys.argv[1], "w"), indent=2)
EOF
BEFORE=$(snapshot)
expect 5 improve generate
err_has "Validation failed: .tars/config.json defines generators but is not trusted"
err_has "tarscli trust"
[ "$(snapshot)" = "$BEFORE" ] || fail "an untrusted generator changed files"
expect 0 improve list --format json
[ "$(json_get 'len(j["improvements"])')" = 4 ] || fail "refused generation changed the improvements"
expect 0 improve generate --rule pragma-once
ok "generators are refused until the config is trusted; rules still run"

expect 0 trust
out_has "generator doc: python3 fix_doc.py"
expect 1 improve generate --format json
err_has "Generator 'broken' failed: exited with 2 and produced no output:"
err_has "analyzer crashed"
json_has 'j["errors"]' "Generator 'broken' failed" || fail "errors in the JSON"
DOC=$(source_ids generator:doc)
[ -n "$DOC" ] || fail "the working generator still ran"
json_has '[i["title"] for i in j["improvements"] if i["id"] == "'"$DOC"'"]' "Apply doc.patch" ||
  fail "title of the patch generator's improvement"
ok "a failing generator exits 1 with its message; the others still run"

expect 0 improve generate --generator doc --format json
[ "$(source_ids generator:doc)" = "$DOC" ] || fail "the same patch, the same id"
expect 0 execute improvement --id "$DOC" --validate --format json
[ "$(json_get 'j["status"]')" = awaiting_review ] || fail "the generated patch passes the tests"
head -1 "$WS/calc.py" | grep -qF 'the sample workspace of the README' || fail "calc.py not patched"
ok "a trusted generator's patch is imported and executes with --validate"

if "$TARSCLI" improve import --help | grep -q clang-tidy; then
  CT="$TMP/ct"
  mkdir -p "$CT/build" "$CT/.tars"
  printf 'int first(int* p) { return p == 0; }\n' >"$CT/a.cpp"
  printf 'int second(int* q) {\r\n  return q != 0;\r\n}\r\n' >"$CT/b.cpp"
  (cd "$CT" && git init -q)
  cat >"$CT/.tars/config.json" <<'EOF'
{"generators": [{"name": "clang-tidy", "produces": "clang-tidy", "output": "build/fixes.yaml",
  "run": ["clang-tidy", "--quiet", "--checks=-*,modernize-use-nullptr",
          "--export-fixes=build/fixes.yaml", "a.cpp", "b.cpp", "--", "-std=c++17"]}]}
EOF
  WS="$CT"
  expect 0 trust
  expect 0 improve generate --generator clang-tidy --format json
  ID=$(source_ids generator:clang-tidy)
  [ -n "$ID" ] || fail "clang-tidy's fixes were imported"
  expect 0 execute improvement --id "$ID"
  grep -qF 'return p == nullptr;' "$CT/a.cpp" || fail "a.cpp fixed"
  [ "$(od -c "$CT/b.cpp")" = "$(printf 'int second(int* q) {\r\n  return q != nullptr;\r\n}\r\n' | od -c)" ] ||
    fail "b.cpp fixed, CRLF kept"
  expect 0 improve generate --generator clang-tidy --format json
  err_has "wrote no build/fixes.yaml; taken as nothing to fix"
  [ "$(json_get 'len(j["improvements"])')" = 0 ] || fail "nothing left to fix"
  ok "a generator running the real clang-tidy --export-fixes is imported and executes"
fi

# Ctrl-C stops a running generator: its process group is killed, tarscli exits 130.
SLOW="$TMP/slow"
mkdir -p "$SLOW/.tars"
echo '{"generators": [{"name": "slow", "run": ["sh", "-c", "sleep 53; echo late"], "produces": "patch"}]}' \
  >"$SLOW/.tars/config.json"
WS="$SLOW"
expect 0 trust
set +e
"$TARSCLI" --workspace "$SLOW" improve generate >"$TMP/out" 2>"$TMP/err" &
PID=$!
for _ in $(seq 100); do pgrep -f "sleep 53" >/dev/null && break; sleep 0.1; done  # it runs
kill -INT "$PID"
wait "$PID"
CODE=$?
set -e
[ "$CODE" -eq 130 ] || fail "Ctrl-C during a generator exits 130, not $CODE"
err_has "Generator 'slow' failed: cancelled; its process group was killed"
# A killed process may take a moment to be reaped: wait for that, bounded, not a fixed time.
for _ in $(seq 100); do pgrep -f "sleep 53" >/dev/null || break; sleep 0.1; done
if pgrep -f "sleep 53" >/dev/null; then fail "the generator's process outlived Ctrl-C"; fi
ok "Ctrl-C kills the running generator's process group and exits 130"

finish
