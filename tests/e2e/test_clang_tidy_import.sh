#!/usr/bin/env bash
# Real clang-tidy --export-fixes over a sample whose shared header is reached from two
# translation units: importing and executing the fixes gives, byte for byte, what
# clang-apply-replacements gives on a copy.
source "${TARS_TEST_LIB:?run it through ctest (it sets TARS_TEST_LIB)}" || exit 1
command -v clang-tidy >/dev/null || fail "clang-tidy is not installed (scripts/setup installs it)"
command -v clang-apply-replacements >/dev/null || fail "clang-apply-replacements is not installed"
CHECKS='-*,readability-braces-around-statements,modernize-use-nullptr,readability-else-after-return'

# make_sample DIR: include/shared.h (non-ASCII comment) used by src/a.cpp (CRLF line
# ends) and src/b.cpp, and build/compile_commands.json with paths relative to build/.
make_sample() {
  local dir="$1"
  mkdir -p "$dir/include" "$dir/src" "$dir/build"
  cat >"$dir/include/shared.h" <<'EOF'
#pragma once
// Ünïcode: café — “quoted”
inline int pick(int* p, int x) {
  if (x > 0) return 1;
  if (p == 0) return 2;
  return 3;
}
EOF
  printf '#include "shared.h"\r\nint a(int x) {\r\n  int* p = 0;\r\n  if (x) return pick(p, x);\r\n  return 0;\r\n}\r\n' >"$dir/src/a.cpp"
  cat >"$dir/src/b.cpp" <<'EOF'
#include "shared.h"
// “b” – ÄÖÜ
int b(int x) {
  int* q = 0;
  if (x > 1) {
    return pick(q, x);
  } else {
    return 0;
  }
}
EOF
  cat >"$dir/build/compile_commands.json" <<EOF
[{"directory": "$dir/build", "file": "../src/a.cpp", "command": "c++ -std=c++17 -I../include -c ../src/a.cpp"},
 {"directory": "$dir/build", "file": "../src/b.cpp", "command": "c++ -std=c++17 -I../include -c ../src/b.cpp"}]
EOF
}

# export_fixes DIR OUTDIR: one clang-tidy run per translation unit, as run-clang-tidy
# does, each writing its own YAML (both hold the header's fixes).
export_fixes() {
  mkdir -p "$2"
  for tu in a b; do
    (cd "$1/build" && clang-tidy -p . -checks="$CHECKS" -header-filter='.*' \
      --export-fixes "$2/$tu.yaml" "../src/$tu.cpp" >/dev/null 2>&1) || true
    [ -s "$2/$tu.yaml" ] || fail "clang-tidy exported no fixes for $tu.cpp"
  done
}

sources() { (cd "$1" && cat include/shared.h src/a.cpp src/b.cpp | sha256sum); }

# sample_with_fixes DIR YAML: a sample in DIR and its fixes, both TUs', in one YAML.
sample_with_fixes() {
  make_sample "$1"
  export_fixes "$1" "$1-fixes"
  cat "$1-fixes/a.yaml" "$1-fixes/b.yaml" >"$2"
}

# Executes, in order, every improvement the last `--format json improve import` printed.
execute_imported() {
  for ID in $(json_get '" ".join(i["id"] for i in j["improvements"])'); do
    expect 0 execute improvement --id "$ID"
  done
}

PEER="$TMP/peer"
make_sample "$PEER"
export_fixes "$PEER" "$TMP/peer-fixes"
clang-apply-replacements "$TMP/peer-fixes" || fail "clang-apply-replacements failed"
grep -q "nullptr" "$PEER/include/shared.h" || fail "the peer did not fix the header"
ok "clang-apply-replacements fixes the peer copy"

WS="$TMP/ws"
sample_with_fixes "$WS" "$TMP/fixes.yaml"
[ "$(grep -c 'shared.h' "$TMP/fixes.yaml")" -gt 4 ] || fail "the header's fixes are not in both documents"
expect 0 --format json improve import "$TMP/fixes.yaml" --from clang-tidy --group-by all
[ "$(json_get 'len(j["improvements"])')" = 1 ] || fail "--group-by all gives one improvement"
ID=$(json_get 'j["improvements"][0]["id"]')
expect 0 improve show --id "$ID"
out_has "include/shared.h"
ok "import with --from clang-tidy --group-by all"

expect 0 execute improvement --id "$ID"
[ "$(sources "$WS")" = "$(sources "$PEER")" ] || {
  diff -r "$PEER/include" "$WS/include" >&2
  diff -r "$PEER/src" "$WS/src" >&2
  fail "executed fixes differ from clang-apply-replacements"
}
for f in include/shared.h src/a.cpp src/b.cpp; do cmp "$WS/$f" "$PEER/$f" || fail "$f differs"; done
ok "every byte equals clang-apply-replacements' result (header fixes applied once)"

# Format sniffed, default grouping: one improvement per check, with its diagnostics.
WS="$TMP/ws2"
sample_with_fixes "$WS" "$TMP/fixes2.yaml"
expect 0 --format json improve import "$TMP/fixes2.yaml"
[ "$(json_get 'len(j["improvements"])')" = 3 ] || fail "one improvement per check"
json_has '[i["title"] for i in j["improvements"]]' "modernize-use-nullptr: 3 fixes" ||
  fail "titles name the check"
python3 - "$WS/.tars/improvements" <<'EOF' || fail "improvements keep the diagnostics they fix"
import glob, json, sys
found = {(d["code"], d["path"], d["line"], d["column"])
         for f in glob.glob(sys.argv[1] + "/*.json") for d in json.load(open(f))["diagnostics"]}
assert ("readability-else-after-return", "src/b.cpp", 7, 5) in found, found
assert ("modernize-use-nullptr", "include/shared.h", 5, 12) in found, found
assert len([d for d in found if d[1] == "include/shared.h"]) == 3, found  # once, not per TU
EOF
ok "format sniffed; one improvement per check, each with its diagnostics"

expect 0 --format json improve import "$TMP/fixes2.yaml" --group-by file
[ "$(json_get 'len(j["improvements"])')" = 3 ] || fail "one improvement per file"
execute_imported
[ "$(sources "$WS")" = "$(sources "$PEER")" ] || fail "per-file improvements differ from the peer"
ok "--group-by file: every improvement executed, same bytes as the peer"

# Default grouping, one check executed after another: the fixes of different checks on
# one line (braces and nullptr on `if (p == 0) return 2;`) are rebased onto each other.
WS="$TMP/ws4"
sample_with_fixes "$WS" "$TMP/fixes4.yaml"
expect 0 --format json improve import "$TMP/fixes4.yaml"
execute_imported
[ "$(sources "$WS")" = "$(sources "$PEER")" ] || fail "per-check improvements differ from the peer"
ok "one improvement per check, executed in turn: same-line fixes merge, same bytes as the peer"

# run-clang-tidy's merged export (PyYAML: indentless lists, folded multi-line scalars).
if command -v run-clang-tidy >/dev/null; then
  WS="$TMP/ws3"
  make_sample "$WS"
  (cd "$WS" && run-clang-tidy -p build -checks="$CHECKS" -header-filter='.*' -quiet \
    -export-fixes "$TMP/merged.yaml" >/dev/null 2>&1) || true
  [ -s "$TMP/merged.yaml" ] || fail "run-clang-tidy exported nothing"
  expect 0 --format json improve import "$TMP/merged.yaml" --group-by all
  expect 0 execute improvement --id "$(json_get 'j["improvements"][0]["id"]')"
  [ "$(sources "$WS")" = "$(sources "$PEER")" ] || fail "run-clang-tidy's merged fixes differ"
  ok "run-clang-tidy's merged YAML gives the same bytes"
fi

# Errors name the position and import nothing.
printf 'Diagnostics:\n  - DiagnosticName: [x\n' >"$TMP/bad.yaml"
expect 9 improve import "$TMP/bad.yaml" --from clang-tidy
err_has "bad.yaml:3:1: not valid YAML"
printf -- '---\nDiagnostics:\n  - DiagnosticName: a\n    DiagnosticMessage:\n      Replacements:\n        - { FilePath: %s, Offset: 0, Length: 3, ReplacementText: x }\n        - { FilePath: %s, Offset: 2, Length: 3, ReplacementText: y }\n' \
  "$WS/src/b.cpp" "$WS/src/b.cpp" >"$TMP/conflict.yaml"
expect 9 improve import "$TMP/conflict.yaml"
err_has "conflict.yaml:7:11: the replacement of bytes 2-5 of src/b.cpp conflicts with the one at"
ok "malformed and conflicting fixes are refused with their position"

finish
