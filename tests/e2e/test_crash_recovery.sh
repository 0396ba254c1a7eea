#!/usr/bin/env bash
# Crashes tarscli at every durability point of a multi-file execution (modify, create,
# delete, rename), of an auto-rollback, of every form of rollback (all, transaction,
# file, --force), of reject (whole and per file) and of approve, and proves that the
# next start of tarscli leaves every file byte-identical to one consistent state: before
# the execution for an interrupted execution, and for an interrupted rollback, reject or
# approve exactly the state (files and status) the same command reaches uncrashed.
source "${TARS_TEST_LIB:?run it through ctest (it sets TARS_TEST_LIB)}" || exit 1
WS="$TMP/ws"
make_calc_workspace "$WS"
(
  cd "$WS"
  printf 'alpha\r\nbeta\r\n' >crlf.txt
  printf '{"name": "caf\xc3\xa9"}\n' >data.json
  printf 'old\n' >doomed.txt
  mkdir -p src && printf 'moved\n' >src/old_name.txt
  git add -A && git commit -qm extra
  sed -i 's/beta/BETA/' crlf.txt
  sed -i 's/caf/Caf/' data.json
  sed -i 's|    return a + b|    return b + a|' calc.py
  git rm -q doomed.txt
  mkdir -p new/deep && printf 'created\n' >new/deep/file.txt
  git mv src/old_name.txt src/new_name.txt
  git add -A && git diff --cached -M >"$TMP/multi.patch"
  git reset -q --hard && git clean -fdq
)
BEFORE=$(snapshot)
expect 0 improve import "$TMP/multi.patch" --format json
ID=$(json_get 'j["improvements"][0]["id"]')
cp -a "$WS" "$TMP/pristine"

fresh_copy() { rm -rf "$WS" && cp -a "$TMP/pristine" "$WS"; }

count_points() {
  local n
  n=$(TARS_CRASH_LIST=1 "$TARSCLI" --workspace "$WS" "$@" 2>&1 >/dev/null | grep -c "durability point" || true)
  echo "$n"
}

# crash_every_point LABEL ARGS...: crash at each point k, then recover and compare.
crash_every_point() {
  local label="$1"
  shift
  fresh_copy
  local points
  points=$(count_points "$@")
  [ "$points" -ge 5 ] || fail "$label: only $points durability points"
  for k in $(seq 1 "$points"); do
    fresh_copy
    set +e
    TARS_CRASH_AT=$k "$TARSCLI" --workspace "$WS" "$@" >"$TMP/out" 2>"$TMP/err"
    local code=$?
    set -e
    [ "$code" -eq 86 ] || fail "$label: point $k: expected the injected crash, got exit $code"
    err_has "crash injected"
    expect 0 execute status --format json   # any start recovers
    [ "$(json_get 'j["contexts"][0]["status"]')" = rolled_back ] || fail "$label: point $k: status"
    [ "$(snapshot)" = "$BEFORE" ] || fail "$label: point $k: files differ after recovery"
    [ -z "$(find "$WS" -name '*.tars-tmp')" ] || fail "$label: point $k: temp files left"
    [ ! -e "$WS/new" ] || fail "$label: point $k: created directory left"
    [ ! -e "$WS/.tars/originals" ] || fail "$label: point $k: kept originals left"
  done
  ok "$label: $points crash points, each recovered byte-identical"
}

fresh_copy
points_listed=$(TARS_CRASH_LIST=1 "$TARSCLI" --workspace "$WS" execute improvement --id "$ID" 2>&1 >/dev/null)
[[ "$points_listed" == *"original kept for crlf.txt"* ]] || fail "no crash point after keeping an original"
crash_every_point "execution" execute improvement --id "$ID"

# An auto-rollback after failed validation, crashed at every point (the rollback's own
# restores included).
sed -i 's/Caf/Caf"/' "$TMP/multi.patch"  # makes data.json invalid JSON
expect 0 improve import "$TMP/multi.patch" --format json
BROKEN=$(json_get 'j["improvements"][0]["id"]')
rm -rf "$TMP/pristine" && cp -a "$WS" "$TMP/pristine"
fresh_copy
expect 5 execute improvement --id "$BROKEN" --auto-rollback
[ "$(snapshot)" = "$BEFORE" ] || fail "auto-rollback without crash"
crash_every_point "auto-rollback" execute improvement --id "$BROKEN" --auto-rollback

# Rollback, reject and approve of an applied execution, crashed at every point: the
# next start finishes what was interrupted, ending where the uncrashed command ends.
fresh_copy
expect 0 execute improvement --id "$ID" --format json
CTX=$(json_get 'j["contextId"]')
TX=$(json_get 'j["transactions"][0]["id"]')
rm -rf "$TMP/applied" && cp -a "$WS" "$TMP/applied"
from_applied() { rm -rf "$WS" && cp -a "$TMP/applied" "$WS"; }
no_change() { :; }
person_edits() { echo "# my own edit" >>"$WS/calc.py"; }

# crash_command_every_point LABEL PREPARE ARGS...
crash_command_every_point() {
  local label="$1" prepare="$2"
  shift 2
  from_applied && "$prepare"
  tars "$@"
  local want_code=$CODE want_files want_status points
  want_files=$(snapshot)
  expect 0 execute status --context-id "$CTX" --format json
  want_status=$(json_get 'j["status"]')
  status_matches_disk
  from_applied && "$prepare"
  points=$(count_points "$@")
  [ "$points" -ge 2 ] || fail "$label: only $points durability points"
  for k in $(seq 1 "$points"); do
    from_applied && "$prepare"
    set +e
    TARS_CRASH_AT=$k "$TARSCLI" --workspace "$WS" "$@" >"$TMP/out" 2>"$TMP/err"
    local code=$?
    set -e
    [ "$code" -eq 86 ] || fail "$label point $k: expected the injected crash, got $code"
    expect 0 execute status --context-id "$CTX" --format json  # any start finishes it
    [ "$(json_get 'j["status"]')" = "$want_status" ] ||
      fail "$label point $k: status $(json_get 'j["status"]'), want $want_status"
    [ "$(snapshot)" = "$want_files" ] || fail "$label point $k: files differ"
    status_matches_disk
    [ -z "$(find "$WS" -name '*.tars-tmp')" ] || fail "$label point $k: temp files left"
    if [ "$want_status" != partially_rolled_back ]; then
      [ ! -e "$WS/.tars/originals" ] || fail "$label point $k: kept originals left"
    fi
  done
  ok "$label: $points crash points, each finished at the next start (status $want_status, exit $want_code uncrashed)"
}

crash_command_every_point "rollback --all" no_change execute rollback --context-id "$CTX" --all
crash_command_every_point "rollback --transaction-id" no_change \
  execute rollback --context-id "$CTX" --transaction-id "$TX"
crash_command_every_point "rollback --file-path" no_change \
  execute rollback --context-id "$CTX" --file-path crlf.txt
crash_command_every_point "rollback --all --force" person_edits \
  execute rollback --context-id "$CTX" --all --force
crash_command_every_point "reject" no_change execute review --context-id "$CTX" --reject
crash_command_every_point "reject --file-path" no_change \
  execute review --context-id "$CTX" --reject --file-path data.json
crash_command_every_point "approve" no_change execute review --context-id "$CTX" --approve

finish
