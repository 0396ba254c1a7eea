#!/usr/bin/env bash
# What a small execution and its rollback ask of the system, counted with strace: one
# WAL sync per durability point (the journal before any file is touched, the result
# after), the file and its directory fsynced instead of a syncfs of the whole file
# system, no thread started for one file; and the order that makes it safe. Skipped (77)
# without strace or where ptrace is not permitted.
source "${TARS_TEST_LIB:?run it through ctest (it sets TARS_TEST_LIB)}" || exit 1

command -v strace >/dev/null || { echo "skip: strace is not installed"; exit 77; }
strace -f -qq -o /dev/null true 2>/dev/null || { echo "skip: ptrace is not permitted"; exit 77; }

WS="$TMP/ws"
mkdir -p "$WS/src"
seq 1 20 >"$WS/src/a.txt"
seq 1 20 >"$WS/src/b.txt"
(cd "$WS" && git init -q && git add -A && git commit -qm initial)
printf 'diff --git a/src/a.txt b/src/a.txt\n--- a/src/a.txt\n+++ b/src/a.txt\n@@ -3 +3 @@\n-3\n+three\n' \
  >"$TMP/edit.patch"
printf 'diff --git a/new/dir/c.txt b/new/dir/c.txt\nnew file mode 100644\n--- /dev/null\n+++ b/new/dir/c.txt\n@@ -0,0 +1 @@\n+c\n' \
  >"$TMP/create.patch"

# traced NAME ARGS...: runs tarscli under strace, the trace in $TMP/NAME.trace.
# (LeakSanitizer cannot run under ptrace: scripts/sanitize's build checks leaks elsewhere.)
traced() {
  local name="$1"
  shift
  ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" strace -f -qq -y -e trace=fsync,fdatasync,syncfs,sync,clone,clone3,renameat,renameat2,linkat \
    -o "$TMP/$name.trace" "$TARSCLI" --workspace "$WS" --format json "$@" >"$TMP/out" 2>"$TMP/err" ||
    fail "tarscli $* failed under strace"
}

# check TRACE ARGS...: tests/e2e/fixed_cost_check.py's verdict on a trace.
check() { python3 "$(dirname "$0")/fixed_cost_check.py" "$WS" "$@" || fail "$1: see above"; }

import_id() {
  expect 0 --format json improve import "$1"
  json_get 'j["improvements"][0]["id"]'
}

EDIT="$(import_id "$TMP/edit.patch")"
traced edit execute improvement --id "$EDIT"
CTX="$(json_get 'j["contextId"]')"
[ "$(sed -n 3p "$WS/src/a.txt")" = three ] || fail "the edit was not applied"
check "$TMP/edit.trace" --wal-syncs 2 --journal-first --synced src/a.txt --synced-dirs src
ok "a one-file edit: two WAL syncs, the file and its directory fsynced, no syncfs, no thread"

traced rollback execute rollback --context-id "$CTX" --all
cmp -s "$WS/src/a.txt" <(seq 1 20) || fail "the rollback did not restore src/a.txt"
check "$TMP/rollback.trace" --wal-syncs 2 --journal-first --synced-dirs src
ok "its rollback: two WAL syncs, the directory fsynced, no syncfs, no thread"

CREATE="$(import_id "$TMP/create.patch")"
traced create execute improvement --id "$CREATE"
[ "$(cat "$WS/new/dir/c.txt")" = c ] || fail "the create was not applied"
check "$TMP/create.trace" --wal-syncs 2 --journal-first --synced new/dir/c.txt \
  --synced-dirs new/dir new .
ok "a create in new directories: the file and every directory on its way fsynced"

CTX="$(json_get 'j["contextId"]')"
traced rollback-create execute rollback --context-id "$CTX" --all
[ ! -e "$WS/new" ] || fail "the rollback left the created directories"
check "$TMP/rollback-create.trace" --wal-syncs 2 --synced-dirs .
ok "its rollback removes the directories and fsyncs the one above them"

# A WAL that another SQLite client removed (the last to close deletes it) is made again,
# and its directory entry made durable by the process that made it.
rm "$WS/.tars/state.db-wal"
traced list improve list
[ "$(grep -c "sync(.*<$WS/.tars>)" "$TMP/list.trace")" -ge 1 ] || fail "the new WAL's entry was not synced"
ok "a WAL made again gets its directory synced"

# Past the limit (here 0 files), one syncfs replaces the fsyncs.
TARS_SYNCFS_ABOVE=0 traced many execute improvement --id "$EDIT"
[ "$(sed -n 3p "$WS/src/a.txt")" = three ] || fail "the edit was not applied"
check "$TMP/many.trace" --wal-syncs 2 --journal-first --syncfs
ok "above TARS_SYNCFS_ABOVE files, one syncfs"

finish
