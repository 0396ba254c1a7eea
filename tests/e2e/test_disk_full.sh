#!/usr/bin/env bash
# A full disk (ENOSPC) during the writes: the execution rolls back in the same run,
# leaves no temp file, names the file that failed and why; output files that cannot be
# written after the execution finished are a warning (exit 0), not a failure. Faults
# injected with TARS_FAIL_WRITE_AT; test_disk_full_tmpfs.sh fills a real tmpfs.
source "${TARS_TEST_LIB:?run it through ctest (it sets TARS_TEST_LIB)}" || exit 1

source "$(dirname "${BASH_SOURCE[0]}")/disk_full_lib.sh"

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

finish
