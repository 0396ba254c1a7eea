# Shared helpers of the end-to-end tests. Each test sources this file, gets a fresh
# temporary directory ($TMP) removed on exit, and runs the real tarscli ($TARSCLI).
set -euo pipefail
: "${TARSCLI:?set TARSCLI to the tarscli binary}"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
export TARS_TRUST_FILE="$TMP/trusted.json"
export NO_COLOR=1
export GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@example.com
export GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@example.com
PASSED=0

fail() {
  echo "FAIL: $*" >&2
  [ -f "$TMP/out" ] && { echo "--- stdout:" >&2; cat "$TMP/out" >&2; }
  [ -f "$TMP/err" ] && { echo "--- stderr:" >&2; cat "$TMP/err" >&2; }
  exit 1
}

ok() { PASSED=$((PASSED + 1)); echo "ok - $*"; }

# A copy of examples/calc: calc.py, a unittest suite that passes, and a config whose
# validation command runs it. A git repository, so `git apply` can be compared.
make_calc_workspace() {
  local dir="$1"
  mkdir -p "$dir"
  cp -r "$REPO_ROOT/examples/calc/." "$dir/"
  rm -f "$dir/use-sum.patch"
  (cd "$dir" && git init -q && git add -A && git commit -qm initial)
}

# Runs tarscli in $WS; keeps stdout in $TMP/out, stderr in $TMP/err, the code in $CODE.
tars() {
  set +e
  "$TARSCLI" --workspace "$WS" "$@" >"$TMP/out" 2>"$TMP/err"
  CODE=$?
  set -e
}

# expect CODE args...: runs tarscli and fails the test unless it exits with CODE.
expect() {
  local want="$1"
  shift
  tars "$@"
  [ "$CODE" -eq "$want" ] || fail "tarscli $* exited $CODE, expected $want"
}

out() { cat "$TMP/out"; }
err() { cat "$TMP/err"; }
out_has() { grep -qF -- "$1" "$TMP/out" || fail "stdout lacks: $1"; }
err_has() { grep -qF -- "$1" "$TMP/err" || fail "stderr lacks: $1"; }

# json_get EXPR: evaluates a Python expression over the JSON on stdout (bound to j).
json_get() { python3 -c "import json,sys; j=json.load(open('$TMP/out')); print($1)"; }

# json_has EXPR TEXT: the value of EXPR contains TEXT (no pipe: grep -q closing early
# would make the writer fail under pipefail).
json_has() { [[ "$(json_get "$1")" == *"$2"* ]]; }

# A patch made by git from the workspace's own edit, with the edit then undone.
# make_patch FILE SED_EXPR OUT
make_patch() {
  (cd "$WS" && sed -i "$2" "$1" && git diff -- "$1" >"$3" && git checkout -q -- "$1")
}

# The workspace's files, byte for byte, without .tars/ and .git/.
snapshot() {
  (cd "$WS" && find . -path ./.tars -prune -o -path ./.git -prune -o -type f -print0 | sort -z |
    xargs -0 sha256sum; find . -path ./.tars -prune -o -path ./.git -prune -o -type f -printf '%p %m\n' | sort)
}

# path_without NAME: $PATH with no directory holding NAME; a directory that does is
# replaced by one of links to everything else in it.
path_without() {
  local name="$1" dir dirs out=() copies=0
  IFS=: read -ra dirs <<<"$PATH"
  for dir in "${dirs[@]}"; do
    if [ -e "$dir/$name" ]; then
      copies=$((copies + 1))
      mkdir -p "$TMP/path-$copies"
      find "$dir" -mindepth 1 -maxdepth 1 ! -name "$name" -exec ln -s -t "$TMP/path-$copies" {} +
      out+=("$TMP/path-$copies")
    else
      out+=("$dir")
    fi
  done
  (IFS=:; echo "${out[*]}")
}

finish() { echo "$PASSED passed, 0 failed"; }

# status_matches_disk: the JSON of `execute status --context-id C --format json` on
# stdout agrees with the files: rolled back ones hold their original bytes, applied
# ones what the execution wrote, and none is left half-way (intent, rolling_back).
status_matches_disk() {
  python3 "$REPO_ROOT/scripts/status_matches_disk.py" "$WS" "$TMP/out" || fail "status does not match the disk"
}
