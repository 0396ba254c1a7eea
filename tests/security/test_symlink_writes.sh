#!/usr/bin/env bash
# Attack 2, writing through symlinks: a symlink planted at the temp name beside a file,
# at .tars/lock, or as .tars/backups, .tars/staging, .tars/originals or .tars itself,
# pointing outside the workspace. Nothing may be written through any of them.
source "$TARS_TEST_LIB"
WS="$TMP/ws"
make_hostile_workspace "$WS"
cp "$REPO_ROOT/examples/calc/use-sum.patch" "$TMP/"
expect_bounded 0 improve import "$TMP/use-sum.patch" --format json
ID=$(json_get 'j["improvements"][0]["id"]')

# The temp name the old code used (".<file>.tars-tmp") and a guess at a new one.
ln -s "$SENTINEL/victim.txt" "$WS/.calc.py.tars-tmp"
ln -s "$SENTINEL/victim.txt" "$WS/.calc.py.0000000000000000.tars-tmp"
expect_bounded 0 execute improvement --id "$ID" --format json
CTX=$(json_get 'j["contextId"]')
[ -f "$WS/calc.py" ] && [ ! -L "$WS/calc.py" ] || fail "calc.py is no longer a regular file"
grep -q "sum(values)" "$WS/calc.py" || fail "calc.py was not changed"
[ -L "$WS/.calc.py.tars-tmp" ] || fail "the planted symlink was replaced"
contained "a symlink at the temp name"
expect_bounded 0 execute rollback --context-id "$CTX" --all
rm "$WS/.calc.py.tars-tmp" "$WS/.calc.py.0000000000000000.tars-tmp"
ok "temp files are created exclusively under unpredictable names: a planted link is never written through"

ln -sf "$SENTINEL/victim.txt" "$WS/.tars/lock"
expect_bounded 1 execute improvement --id "$ID"
err_has ".tars/lock is a symlink"
contained "a symlink at .tars/lock"
rm "$WS/.tars/lock"
ok "a .tars/lock symlink is refused, never truncated through"

# A person edits the file after the execution; rollback --force would keep their
# version under .tars/backups/.
expect_bounded 0 execute improvement --id "$ID" --format json
CTX=$(json_get 'j["contextId"]')
printf '# mine\n' >>"$WS/calc.py"
ln -s "$SENTINEL" "$WS/.tars/backups"
expect_bounded 1 execute rollback --context-id "$CTX" --all --force
err_has ".tars/backups is a symlink"
grep -q "# mine" "$WS/calc.py" || fail "the person's version was lost"
contained "a symlink at .tars/backups"
rm "$WS/.tars/backups"
expect_bounded 0 execute rollback --context-id "$CTX" --all --force
[ -n "$(find "$WS/.tars/backups" -name calc.py)" ] || fail "the person's version was not kept"
ok "a .tars/backups symlink is refused; rollback --force keeps the version once it is gone"

ln -s "$SENTINEL" "$WS/.tars/originals"
expect_bounded 1 execute improvement --id "$ID"
err_has ".tars/originals is a symlink"
contained "a symlink at .tars/originals"
rm "$WS/.tars/originals"
ok "a .tars/originals symlink is refused before anything is written"

# Staged copies are made for a configured checker (a trusted config).
cat >"$WS/.tars/config.json" <<'JSON'
{"validation": {"syntax": {"python": ["python3", "-I", "-m", "py_compile"]}}}
JSON
expect_bounded 0 trust
ln -s "$SENTINEL" "$WS/.tars/staging"
expect_bounded 1 execute improvement --id "$ID" --validate
err_has ".tars/staging is a symlink"
contained "a symlink at .tars/staging"
rm "$WS/.tars/staging" "$WS/.tars/config.json"
ok "a .tars/staging symlink is refused"

mv "$WS/.tars" "$TMP/state"
ln -s "$SENTINEL" "$WS/.tars"
for command in "improve list" "execute status" "execute improvement --id $ID" \
  "improve import $TMP/use-sum.patch" "execute rollback --context-id $CTX --all --force"; do
  # shellcheck disable=SC2086
  expect_bounded 1 $command
  err_has ".tars is a symlink"
done
contained "a symlink as .tars"
ok ".tars itself as a symlink is refused by every command"

finish
