#!/usr/bin/env bash
# Another process holding a write transaction on .tars/state.db: tarscli never aborts.
# Reading works; an execution whose journal cannot be written rolls back what it wrote
# and says why (exit 1); the next start records it, and status matches the disk.
source "${TARS_TEST_LIB:?run it through ctest (it sets TARS_TEST_LIB)}" || exit 1
WS="$TMP/ws"
make_calc_workspace "$WS"
(
  cd "$WS"
  for n in 1 2 3 4 5 6; do printf 'line %s\n' "$n" >"f$n.txt"; done
  git add -A && git commit -qm files
  for n in 1 2 3 4 5 6; do printf 'changed %s\n' "$n" >"f$n.txt"; done
  git diff >"$TMP/six.patch"
  git checkout -q .
)
BEFORE=$(snapshot)
expect 0 improve import "$TMP/six.patch" --format json
ID=$(json_get 'j["improvements"][0]["id"]')
export TARS_BUSY_TIMEOUT_MS=200

# lock_state_db: holds BEGIN IMMEDIATE on state.db until $TMP/release exists.
lock_state_db() {
  rm -f "$TMP/locked" "$TMP/release"
  python3 - "$WS/.tars/state.db" "$TMP" <<'PY' &
import os, sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
open(os.path.join(sys.argv[2], "locked"), "w").close()
while not os.path.exists(os.path.join(sys.argv[2], "release")):
    time.sleep(0.01)
db.execute("ROLLBACK")
PY
  LOCKER=$!
  while [ ! -e "$TMP/locked" ]; do sleep 0.01; done
}
unlock_state_db() { touch "$TMP/release" && wait "$LOCKER"; }

# Locked before the execution starts: nothing is written, status still reads.
lock_state_db
expect 1 execute improvement --id "$ID"
err_has "state.db is locked by another process"
[ "$(snapshot)" = "$BEFORE" ] || fail "nothing written"
expect 0 execute status --format json
unlock_state_db
ok "locked before the start: clear error, nothing written, status readable"

# Locked while the files are being written (paused after the journal commit).
rm -f "$TMP/pause"
set +e
TARS_PAUSE_AT=1 TARS_PAUSE_FILE="$TMP/pause" "$TARSCLI" --workspace "$WS" \
  execute improvement --id "$ID" >"$TMP/out" 2>"$TMP/err" &
RUN=$!
set -e
while [ ! -e "$TMP/pause" ]; do sleep 0.01; done
lock_state_db
rm "$TMP/pause"
set +e
wait "$RUN"
CODE=$?
set -e
[ "$CODE" -eq 1 ] || fail "locked during the writes: exit $CODE, expected 1 (134 is SIGABRT)"
err_has "state.db is locked by another process"
err_has "the files written were rolled back"
[ "$(snapshot)" = "$BEFORE" ] || fail "files rolled back in the same run"
[ -z "$(find "$WS" -name '*.tars-tmp')" ] || fail "temp files left"
unlock_state_db
expect 0 execute status --format json
CTX=$(json_get 'j["contexts"][0]["contextId"]')
[ "$(json_get 'j["contexts"][0]["status"]')" = rolled_back ] || fail "the next start records it"
expect 0 execute status --context-id "$CTX" --format json
status_matches_disk
ok "locked during the writes: no abort, rolled back in the same run, recorded at the next start"

# Locked while an applied execution awaits review: rollback waits, then fails clearly.
expect 0 execute improvement --id "$ID" --format json
CTX=$(json_get 'j["contextId"]')
AFTER=$(snapshot)
lock_state_db
expect 1 execute rollback --context-id "$CTX" --all
err_has "state.db is locked by another process"
[ "$(snapshot)" = "$AFTER" ] || fail "a rollback that cannot journal touches nothing"
unlock_state_db
expect 0 execute rollback --context-id "$CTX" --all
[ "$(snapshot)" = "$BEFORE" ] || fail "rollback once unlocked"
ok "rollback while locked: clear error, nothing touched"

finish
