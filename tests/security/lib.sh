# Shared by the attack tests (tests/security/test_*.sh): the end-to-end helpers, plus
# what every attack is checked against. A sentinel directory outside the workspace
# must be byte-identical afterwards (names, types, modes, owners, link targets,
# contents), and a tripwire that workspace code would run (a planted ast.py, the git
# repository's core.fsmonitor and hooks) must never have fired.
source "$(dirname "${BASH_SOURCE[0]}")/../e2e/lib.sh"

SENTINEL="$TMP/sentinel"
TRIPWIRE="$TMP/tripwire"  # written by anything of the workspace's that runs
RAN="$TMP/ran"            # exists once the tripwire fired

# Directory mtimes too: a file written outside and removed again changes them.
sentinel_state() {
  (cd "$SENTINEL" && find . -printf '%p %y %m %U %s %l\n' | LC_ALL=C sort &&
    find . -type d -printf '%p %T@\n' | LC_ALL=C sort &&
    find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
}

make_sentinel() {
  mkdir -p "$SENTINEL/sub"
  printf 'precious bytes\n' >"$SENTINEL/victim.txt"
  printf '#!/bin/sh\necho mine\n' >"$SENTINEL/sub/tool.sh"
  chmod 755 "$SENTINEL/sub/tool.sh"
  SENTINEL_BEFORE=$(sentinel_state)
}

sentinel_unchanged() {
  [ "$(sentinel_state)" = "$SENTINEL_BEFORE" ] ||
    fail "$1: the sentinel outside the workspace changed:$(diff <(echo "$SENTINEL_BEFORE") <(sentinel_state))"
}

nothing_ran() {
  [ ! -e "$RAN" ] || fail "$1: workspace code ran: $(cat "$RAN")"
}

# Both checks every attack ends with.
contained() {
  sentinel_unchanged "$1"
  nothing_ran "$1"
}

# The calc workspace (a git repository) with code planted where a careless tool would
# run it: ast.py and warnings.py beside the Python files (python3 -c puts the current
# directory first on sys.path), core.fsmonitor (git runs it on index reads) and hooks.
make_hostile_workspace() {
  local dir="$1"
  make_calc_workspace "$dir"
  make_sentinel
  printf '#!/bin/sh\necho "$0 $*" >>"%s"\n' "$RAN" >"$TRIPWIRE"
  chmod 755 "$TRIPWIRE"
  for module in ast warnings; do
    printf 'open(%s, "a").write("%s.py imported\\n")\n' "'$RAN'" "$module" >"$dir/$module.py"
  done
  (cd "$dir" && git add -A && git commit -qm planted && git config core.fsmonitor "$TRIPWIRE" &&
    git config core.pager "$TRIPWIRE" &&
    for hook in pre-commit post-checkout post-index-change reference-transaction; do
      cp "$TRIPWIRE" ".git/hooks/$hook"
    done)
  rm -f "$RAN"
}

# Every tarscli run is bounded in time and memory: an attack that hangs or exhausts a
# vulnerable build fails the test (exit 124 on timeout) instead of the machine.
BOUNDED_TARSCLI="$TMP/bounded-tarscli"
# Under AddressSanitizer (scripts/sanitize), which reserves terabytes of address space,
# the memory bound is ASan's own RSS limit instead of ulimit -v.
if grep -qa __asan_init "$TARSCLI"; then
  export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}hard_rss_limit_mb=4000"
  printf '#!/bin/sh\nexec timeout 60 "%s" "$@"\n' "$TARSCLI" >"$BOUNDED_TARSCLI"
else
  printf '#!/bin/sh\nulimit -v 4000000\nexec timeout 60 "%s" "$@"\n' "$TARSCLI" >"$BOUNDED_TARSCLI"
fi
chmod 755 "$BOUNDED_TARSCLI"
TARSCLI="$BOUNDED_TARSCLI"

# An improvement file written by hand (as an attacker would ship one).
put_improvement() {
  mkdir -p "$WS/.tars/improvements"
  cat >"$WS/.tars/improvements/$1.json"
}

# The tests' own git commands, with the planted programs off.
git_safe() { git -c core.fsmonitor=false -c core.hooksPath=/dev/null "$@"; }

# TARS_SECURITY_KEEP_GOING=1, for running the attacks against an older build: every
# failed check is reported, the test goes on and fails at the end.
if [ "${TARS_SECURITY_KEEP_GOING:-}" = 1 ]; then
  FAILED=0
  fail() {
    FAILED=$((FAILED + 1))
    echo "FAIL: $*" >&2
  }
  finish() {
    echo "$PASSED checks passed, $FAILED failed"
    [ "$FAILED" -eq 0 ]
  }
fi
