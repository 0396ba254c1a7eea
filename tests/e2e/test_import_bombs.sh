#!/usr/bin/env bash
# Hostile inputs through the real `tarscli improve import`: an alias bomb, deep nesting
# and numbers past 2^32 are refused as bad input (exit 9, the place named), quickly and
# in little memory, and nothing is stored.
source "${TARS_TEST_LIB:?run it through ctest (it sets TARS_TEST_LIB)}" || exit 1
WS="$TMP/ws"
mkdir -p "$WS"
printf 'int *p = 0;\n' >"$WS/a.cpp"
printf 'abcdef\n' >"$WS/a.py"

# run_bounded LIMIT_MB SECONDS args...: tarscli in $WS; fails the test when it needs more
# than LIMIT_MB of memory (resident, polled; the process is killed then) or SECONDS of
# time. Sets CODE like tars().
run_bounded() {
  local limit_mb="$1" seconds="$2"
  shift 2
  set +e
  python3 - "$limit_mb" "$seconds" "$TARSCLI" --workspace "$WS" "$@" >"$TMP/out" 2>"$TMP/err" <<'PY'
import subprocess, sys, time
limit_mb, seconds = int(sys.argv[1]), float(sys.argv[2])
child = subprocess.Popen(sys.argv[3:])
deadline = time.monotonic() + seconds
while child.poll() is None:
    try:
        with open(f"/proc/{child.pid}/status") as status:
            rss_kb = next((int(l.split()[1]) for l in status if l.startswith("VmRSS:")), 0)
    except OSError:
        rss_kb = 0
    if rss_kb > limit_mb * 1024 or time.monotonic() > deadline:
        child.kill()
        sys.exit(f"killed at {rss_kb // 1024} MB after {seconds - deadline + time.monotonic():.1f} s")
    time.sleep(0.02)
sys.exit(child.returncode)
PY
  CODE=$?
  set -e
}

nothing_stored() {
  [ -z "$(ls -A "$WS/.tars/improvements" 2>/dev/null)" ] || fail "an improvement was stored"
}

# "Billion laughs": nine levels of ten aliases are 10^9 nodes once expanded (it once
# took more than 6.9 GB and 60 s before it was killed).
{
  echo "---"
  echo "Diagnostics:"
  echo "  - DiagnosticName: bomb"
  echo "    l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"
  for level in 1 2 3 4 5 6 7 8; do
    prev="*l$((level - 1))"
    echo "    l$level: &l$level [$prev, $prev, $prev, $prev, $prev, $prev, $prev, $prev, $prev, $prev]"
  done
  echo "    DiagnosticMessage: {Message: boom, FilePath: a.cpp, FileOffset: 0, Replacements: [*l8]}"
} >"$TMP/bomb.yaml"
run_bounded 1500 60 improve import "$TMP/bomb.yaml" --from clang-tidy
[ "$CODE" -eq 9 ] || fail "alias bomb: exit $CODE, expected 9"
err_has "error: "
err_has "bomb.yaml:"
err_has "YAML aliases expand to more than 64 MiB"
nothing_stored
ok "a YAML alias bomb is refused (exit 9) in bounded time and memory, naming the alias"

{
  echo "Diagnostics:"
  for i in $(seq 1 2000); do printf -- '- '; done
  echo x
} >"$TMP/deep.yaml"
run_bounded 1500 60 improve import "$TMP/deep.yaml" --from clang-tidy
[ "$CODE" -eq 9 ] || fail "deep nesting: exit $CODE, expected 9"
err_has "deep.yaml:2:"
err_has "nesting deeper than 128 levels"
nothing_stored
ok "YAML nested 2000 deep is refused (exit 9) naming the place"

cat >"$TMP/wrap.sarif" <<'EOF2'
{"version": "2.1.0", "runs": [{"results": [{"ruleId": "r", "message": {"text": "m"},
  "fixes": [{"artifactChanges": [{"artifactLocation": {"uri": "a.py"},
    "replacements": [{"deletedRegion": {"startLine": 1, "startColumn": 4294967298, "endColumn": 4294967299},
                      "insertedContent": {"text": "X"}}]}]}]}]}]}
EOF2
expect 9 improve import "$TMP/wrap.sarif"
err_has "wrap.sarif:3:72: "
err_has "deletedRegion.startColumn: must be an integer from 1 to 2147483647"
nothing_stored
ok "a SARIF column of 2^32 + 2 is bad input (exit 9), not column 2"

cat >"$TMP/wrap.json" <<EOF2
{"changes": {"file://$WS/a.py": [{"range": {"start": {"line": 0, "character": 4294967298},
  "end": {"line": 0, "character": 4294967299}}, "newText": "X"}]}}
EOF2
expect 9 improve import "$TMP/wrap.json"
err_has "wrap.json:1:"
err_has "range.start.character: must be an integer from 0 to 2147483647"
nothing_stored
[ "$(cat "$WS/a.py")" = "abcdef" ] || fail "a.py changed"
ok "an LSP character of 2^32 + 2 is bad input (exit 9), not character 2"
finish
