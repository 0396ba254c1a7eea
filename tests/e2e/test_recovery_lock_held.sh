#!/usr/bin/env bash
# An execution killed while a child it forked (a syntax check) sits between fork and exec:
# the child holds the workspace lock's descriptor for a moment after its parent died.
# The next start must wait for it and recover, not take the lock for a live execution's
# and leave the context `running` (found by the kill soak under load). Here a process
# that is none of the context's holds the lock for half a second.
source "${TARS_TEST_LIB:?run it through ctest (it sets TARS_TEST_LIB)}" || exit 1

WS="$TMP/ws"
mkdir -p "$WS"
printf 'one\ntwo\n' >"$WS/a.txt"
(cd "$WS" && git init -q && git add -A && git commit -qm initial)
printf 'diff --git a/a.txt b/a.txt\n--- a/a.txt\n+++ b/a.txt\n@@ -1,2 +1,2 @@\n-one\n+ONE\n two\n' \
  >"$TMP/a.patch"
expect 0 --format json improve import "$TMP/a.patch"
ID="$(json_get 'j["improvements"][0]["id"]')"

# Killed after its journal: a running context whose process is gone.
TARS_PAUSE_AT=1 TARS_PAUSE_FILE="$TMP/pause" "$TARSCLI" --workspace "$WS" \
  execute improvement --id "$ID" >/dev/null 2>&1 &
RUN=$!
while [ ! -e "$TMP/pause" ]; do sleep 0.01; done
kill -9 "$RUN"
wait "$RUN" 2>/dev/null || true

# holds .tars/lock for 0.5 s from a process that is not the execution's.
python3 - "$WS/.tars/lock" "$TMP/held" <<'PY' &
import fcntl, sys, time
with open(sys.argv[1], "r+") as lock:
    fcntl.flock(lock, fcntl.LOCK_EX)
    open(sys.argv[2], "w").close()
    time.sleep(0.5)
PY
HOLDER=$!
while [ ! -e "$TMP/held" ]; do sleep 0.01; done
expect 0 execute status --format json
wait "$HOLDER"
[ "$(json_get 'j["contexts"][0]["status"]')" = rolled_back ] ||
  fail "the killed execution was not recovered once the lock was free"
[ "$(cat "$WS/a.txt")" = "$(printf 'one\ntwo')" ] || fail "a.txt not restored"
err_has "rolled back"
ok "the next start waits for a lock no running process holds, then recovers"

# A live execution's lock is respected: no wait, the context stays running.
rm -f "$TMP/pause"
expect 0 --format json improve import "$TMP/a.patch"
TARS_PAUSE_AT=1 TARS_PAUSE_FILE="$TMP/pause" "$TARSCLI" --workspace "$WS" \
  execute improvement --id "$ID" >/dev/null 2>&1 &
RUN=$!
while [ ! -e "$TMP/pause" ]; do sleep 0.01; done
expect 0 execute status --format json
[ "$(json_get 'j["contexts"][0]["status"]')" = running ] || fail "a live execution was recovered"
rm "$TMP/pause"
wait "$RUN" || fail "the paused execution failed"
ok "a live execution keeps its context"

finish
