#!/usr/bin/env bash
# Transactions that mean something: a clang-tidy fixes file imported as one improvement
# holds one transaction per check (checks sharing a file merged); rolling one back by
# --transaction-id restores exactly that check's files. A patch series imported as one
# improvement holds one transaction per commit.
source "${TARS_TEST_LIB:?run it through ctest (it sets TARS_TEST_LIB)}" || exit 1

WS="$TMP/ws"
mkdir -p "$WS"
for f in a b c d; do printf 'int *%s = 0;\n' "$f" >"$WS/$f.cpp"; done
(cd "$WS" && git init -q && git add -A && git commit -qm base)

# diag CHECK OFFSET TEXT FILE...: a diagnostic of CHECK whose fix replaces the byte at
# OFFSET of each FILE ("int *a = 0;": 9 is the 0, 10 the semicolon) with TEXT.
diag() {
  local check="$1" offset="$2" text="$3"
  shift 3
  printf '  - DiagnosticName: %s\n    DiagnosticMessage:\n      Message: fix\n      FilePath: %s\n      FileOffset: %s\n      Replacements:\n' "$check" "$WS/$1.cpp" "$offset"
  for f in "$@"; do
    printf "        - FilePath: %s\n          Offset: %s\n          Length: 1\n          ReplacementText: '%s'\n" "$WS/$f.cpp" "$offset" "$text"
  done
  printf '    Level: Warning\n    BuildDirectory: %s\n' "$WS"
}
# Checks nullptr (a, b) and misc-y (d) share nothing, but misc-z (b, d) merges them.
{
  printf -- '---\nMainSourceFile: a.cpp\nDiagnostics:\n'
  diag modernize-use-nullptr 9 nullptr a b
  diag readability-x 9 nullptr c
  diag misc-y 9 nullptr d
  diag misc-z 10 '; // z' b d
  printf -- '...\n'
} >"$TMP/fixes.yaml"

expect 0 improve import "$TMP/fixes.yaml" --group-by all --format json
IMP=$(json_get 'j["improvements"][0]["id"]')
expect 0 improve show --id "$IMP"
out_has "Transactions:"
out_has "  readability-x: c.cpp"
out_has "  modernize-use-nullptr + misc-y + misc-z: a.cpp b.cpp d.cpp"
expect 0 execute improvement --id "$IMP" --format json
CTX=$(json_get 'j["contextId"]')
expect 0 execute status --context-id "$CTX" --detail --format json
[ "$(json_get 'len(j["transactions"])')" = 2 ] || fail "two transactions: {nullptr, misc-y, misc-z} and readability-x"
MERGED="modernize-use-nullptr + misc-y + misc-z"
[ "$(json_get '[t["name"] for t in j["transactions"]]' | grep -c "$MERGED")" = 1 ] || fail "merged name"
[ "$(json_get '[sorted(t["files"]) for t in j["transactions"] if t["name"] == "'"$MERGED"'"][0]')" = "['a.cpp', 'b.cpp', 'd.cpp']" ] ||
  fail "merged files"
TX=$(json_get '[t["id"] for t in j["transactions"] if t["name"] == "readability-x"][0]')
[ "$(json_get '[t["files"] for t in j["transactions"] if t["id"] == "'"$TX"'"][0]')" = "['c.cpp']" ] || fail "readability-x files"
json_has 'list(j["transactions"][0].keys())' "status" || fail "existing keys kept"
ok "clang-tidy --group-by all: one transaction per check, merged where checks share a file"

expect 0 execute status --context-id "$CTX" --detail
out_has "$TX  committed  readability-x: c.cpp"
out_has "$MERGED:"
expect 0 execute review --context-id "$CTX"
out_has "Transactions"
out_has "$TX  readability-x: c.cpp"
expect 0 execute review --context-id "$CTX" --format json
[ "$(json_get '[f["transactionName"] for f in j["files"] if f["path"] == "c.cpp"][0]')" = readability-x ] ||
  fail "review JSON names the transaction"
ok "status --detail and review show the names"

expect 0 execute rollback --context-id "$CTX" --transaction-id "$TX"
[ "$(cat "$WS/c.cpp")" = 'int *c = 0;' ] || fail "c.cpp restored"
for f in a b d; do grep -q "int \*$f = nullptr;" "$WS/$f.cpp" || fail "$f.cpp still applied"; done
grep -q '// z' "$WS/b.cpp" || fail "misc-z still applied"
expect 0 execute status --context-id "$CTX" --detail --format json
[ "$(json_get '[t["status"] for t in j["transactions"] if t["id"] == "'"$TX"'"][0]')" = rolled_back ] ||
  fail "the transaction is rolled back"
ok "rollback --transaction-id restores exactly that check's files"

# A series of three commits as one improvement; commits 1 and 3 share a.txt.
WS="$TMP/series"
mkdir -p "$WS"
printf 'one\n' >"$WS/a.txt"
printf 'bee\n' >"$WS/b.txt"
(cd "$WS" && git init -q && git add -A && git commit -qm base &&
  printf 'ONE\n' >a.txt && git commit -qam 'Shout a' &&
  printf 'BEE\n' >b.txt && git commit -qam 'Shout b' &&
  printf 'ONE!\n' >a.txt && printf 'sea\n' >c.txt && git add -A && git commit -qm 'Exclaim a, add c' &&
  git format-patch -q --stdout HEAD~3..HEAD >"$TMP/series.mbox" && git reset -q --hard HEAD~3)
expect 2 improve import "$TMP/fixes.yaml" --series-as-one
err_has "--series-as-one applies to patch series"
expect 0 improve import "$TMP/series.mbox" --series-as-one --format json
[ "$(json_get 'len(j["improvements"])')" = 1 ] || fail "one improvement"
IMP=$(json_get 'j["improvements"][0]["id"]')
expect 0 execute improvement --id "$IMP" --format json
CTX=$(json_get 'j["contextId"]')
[ "$(cat "$WS/a.txt")$(cat "$WS/b.txt")$(cat "$WS/c.txt")" = 'ONE!BEEsea' ] || fail "the whole series applied"
expect 0 execute status --context-id "$CTX" --detail --format json
[ "$(json_get 'sorted(t["name"] for t in j["transactions"])')" = "['commit 1/3: Shout a + commit 3/3: Exclaim a, add c', 'commit 2/3: Shout b']" ] ||
  fail "one transaction per commit, 1 and 3 merged"
TX=$(json_get '[t["id"] for t in j["transactions"] if t["name"] == "commit 2/3: Shout b"][0]')
expect 0 execute rollback --context-id "$CTX" --transaction-id "$TX"
[ "$(cat "$WS/b.txt")" = bee ] || fail "commit 2 rolled back"
[ "$(cat "$WS/a.txt")$(cat "$WS/c.txt")" = 'ONE!sea' ] || fail "commits 1 and 3 kept"
ok "a series as one improvement: one commit rolled back by --transaction-id"

finish
