#!/usr/bin/env bash
# Attack 2, writing through symlinks: a symlink planted at the temp name beside a file,
# at .tars/lock, or as .tars/backups, .tars/staging, .tars/originals or .tars itself,
# pointing outside the workspace (and, for --output-dir, inside the output directory).
# Nothing may be written through any of them. Each case starts from a fresh workspace.
source "${TARS_TEST_LIB:?run it through ctest (it sets TARS_TEST_LIB)}" || exit 1
cp "$REPO_ROOT/examples/calc/use-sum.patch" "$TMP/"

# A fresh hostile workspace with use-sum.patch imported as $ID.
fresh() {
  rm -rf "$TMP/ws" "$SENTINEL" "$RAN"
  WS="$TMP/ws"
  make_hostile_workspace "$WS"
  expect 0 improve import "$TMP/use-sum.patch" --format json
  ID=$(json_get 'j["improvements"][0]["id"]')
}

# Executes $ID, keeping its context id in $CTX.
execute() {
  expect 0 execute improvement --id "$ID" --format json "$@"
  CTX=$(json_get 'j["contextId"]')
}

fresh
# The temp name the old code used (".<file>.tars-tmp") and a guess at a new one.
ln -s "$SENTINEL/victim.txt" "$WS/.calc.py.tars-tmp"
ln -s "$SENTINEL/victim.txt" "$WS/.calc.py.0000000000000000.tars-tmp"
execute
[ -f "$WS/calc.py" ] && [ ! -L "$WS/calc.py" ] || fail "calc.py is no longer a regular file"
grep -q "sum(values)" "$WS/calc.py" || fail "calc.py was not changed"
[ -L "$WS/.calc.py.tars-tmp" ] || fail "the planted symlink was replaced"
contained "a symlink at the temp name"
ok "temp files are created exclusively under unpredictable names: a planted link is never written through"

fresh
ln -s "$SENTINEL/victim.txt" "$WS/.tars/lock"
expect 1 execute improvement --id "$ID"
err_has ".tars/lock is a symlink"
contained "a symlink at .tars/lock"
ok "a .tars/lock symlink is refused, never truncated through"

fresh
execute
printf '# mine\n' >>"$WS/calc.py"  # a person's edit: rollback --force keeps it as a backup
ln -s "$SENTINEL" "$WS/.tars/backups"
expect 1 execute rollback --context-id "$CTX" --all --force
err_has ".tars/backups is a symlink"
grep -q "# mine" "$WS/calc.py" || fail "the person's version was lost"
contained "a symlink at .tars/backups"
rm "$WS/.tars/backups"
expect 0 execute rollback --context-id "$CTX" --all --force
[ -n "$(find "$WS/.tars/backups" -name calc.py)" ] || fail "the person's version was not kept"
ok "a .tars/backups symlink is refused; rollback --force keeps the version once it is gone"

fresh
ln -s "$SENTINEL" "$WS/.tars/originals"
expect 1 execute improvement --id "$ID"
err_has ".tars/originals is a symlink"
cmp -s "$WS/calc.py" "$REPO_ROOT/examples/calc/calc.py" || fail "calc.py was changed"
contained "a symlink at .tars/originals"
ok "a .tars/originals symlink is refused before anything is written"

fresh
# Staged copies are made for a configured checker (of a trusted config).
cat >"$WS/.tars/config.json" <<'JSON'
{"validation": {"syntax": {"python": ["python3", "-I", "-m", "py_compile"]}}}
JSON
expect 0 trust
ln -s "$SENTINEL" "$WS/.tars/staging"
expect 1 execute improvement --id "$ID" --validate
err_has ".tars/staging is a symlink"
contained "a symlink at .tars/staging"
ok "a .tars/staging symlink is refused"

fresh
mkdir -p "$WS/out"
ln -s "$SENTINEL" "$WS/out/validation"
expect 0 execute improvement --id "$ID" --output-dir "$WS/out"  # the execution finished
err_has "warning: output files not written"
err_has "out/validation is a symlink"
contained "a symlink in the output directory"
rm "$WS/out/validation"
ln -s "$SENTINEL/victim.txt" "$WS/out/report.json"
expect 0 execute status --format json
expect 0 execute rollback --context-id "$(json_get 'j["contexts"][0]["contextId"]')" --all
execute --output-dir "$WS/out"
[ -f "$WS/out/report.json" ] && [ ! -L "$WS/out/report.json" ] || fail "report.json not written"
contained "a symlink at report.json"
ok "--output-dir: a planted validation/ symlink is refused, a report.json symlink replaced"

fresh
execute
mv "$WS/.tars" "$TMP/state"
ln -s "$SENTINEL" "$WS/.tars"
for command in "improve list" "execute status" "execute improvement --id $ID" \
  "improve import $TMP/use-sum.patch" "execute rollback --context-id $CTX --all --force"; do
  # shellcheck disable=SC2086
  expect 1 $command
  err_has ".tars is a symlink"
done
contained "a symlink as .tars"
ok ".tars itself as a symlink is refused by every command"

finish
