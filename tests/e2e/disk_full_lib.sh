# Helpers of test_disk_full*.sh (sourced after lib.sh).
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

