#!/usr/bin/env bash
# A full disk (ENOSPC) during the writes: the execution rolls back in the same run,
# leaves no temp file, names the file that failed and why; output files that cannot be
# written after the execution finished are a warning (exit 0), not a failure. First
# with injected faults (TARS_FAIL_WRITE_AT), then, when mounting is permitted, on a
# real small tmpfs.
source "$TARS_TEST_LIB"

# six_file_workspace DIR SIZE: f1..f6.txt of one line, and $TMP/six.patch making each
# SIZE bytes.
six_file_workspace() {
  WS="$1"
  make_calc_workspace "$WS"
  (
    cd "$WS"
    for n in 1 2 3 4 5 6; do printf 'line %s\n' "$n" >"f$n.txt"; done
    git add -A && git commit -qm files
    for n in 1 2 3 4 5 6; do head -c "$2" /dev/zero | tr '\0' "$n" >"f$n.txt" && echo >>"f$n.txt"; done
    git diff >"$TMP/six.patch"
    git checkout -q .
  )
}

check_rolled_back() {
  local label="$1"
  [ "$CODE" -eq 1 ] || fail "$label: exit $CODE, expected 1"
  err_has "No space left on device"
  grep -Eq "Cannot write '?[^ ']*/f[1-6]\.txt'?: No space left on device" "$TMP/err" || fail "$label: the failing file is named"
  err_has "changes rolled back"
  [ "$(snapshot)" = "$BEFORE" ] || fail "$label: rolled back in the same run"
  [ -z "$(find "$WS" -name '*.tars-tmp')" ] || fail "$label: temp files left"
  [ ! -e "$WS/.tars/originals" ] || fail "$label: kept originals left"
  expect 0 execute status --format json
  local ctx
  ctx=$(json_get 'j["contexts"][0]["contextId"]')
  [ "$(json_get 'j["contexts"][0]["status"]')" = rolled_back ] || fail "$label: status"
  expect 0 execute status --context-id "$ctx" --format json
  status_matches_disk
}

six_file_workspace "$TMP/ws" 100
BEFORE=$(snapshot)
expect 0 improve import "$TMP/six.patch" --format json
ID=$(json_get 'j["improvements"][0]["id"]')
for k in 1 3 6; do
  set +e
  TARS_FAIL_WRITE_AT=$k "$TARSCLI" --workspace "$WS" execute improvement --id "$ID" >"$TMP/out" 2>"$TMP/err"
  CODE=$?
  set -e
  check_rolled_back "write $k of 6 fails"
done
ok "injected ENOSPC at writes 1, 3 and 6: rolled back in the same run, the file named"

set +e
TARS_FAIL_WRITE_AT=7 "$TARSCLI" --workspace "$WS" execute improvement --id "$ID" \
  --output-dir "$TMP/report" >"$TMP/out" 2>"$TMP/err"
CODE=$?
set -e
[ "$CODE" -eq 0 ] || fail "an execution that finished exits 0 (got $CODE)"
err_has "output files not written"
err_has "No space left on device"
out_has "awaiting_review"
ok "output files failing after the execution finished: a warning, exit 0"

# A real full file system, when this user may mount one.
mkdir -p "$TMP/mnt"
if ! mount -t tmpfs -o size=6m tmpfs "$TMP/mnt" 2>/dev/null; then
  echo "skip: cannot mount a tmpfs here"
  finish
  exit 0
fi
trap 'umount "$TMP/mnt" 2>/dev/null; rm -rf "$TMP"' EXIT
six_file_workspace "$TMP/mnt/ws" 400000
BEFORE=$(snapshot)
expect 0 improve import "$TMP/six.patch" --format json
ID=$(json_get 'j["improvements"][0]["id"]')
free_kb=$(df -k --output=avail "$TMP/mnt" | tail -1)
head -c $(((free_kb - 1500) * 1024)) /dev/zero >"$TMP/mnt/filler"  # ~3 files' room left
tars execute improvement --id "$ID"
check_rolled_back "tmpfs"
ok "a real full tmpfs: rolled back in the same run, the file named"
finish
