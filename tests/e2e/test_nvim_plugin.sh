#!/usr/bin/env bash
# The Neovim plugin (editors/nvim) in Debian's headless Neovim 0.7.2 against the real
# tars-lsp: attach, code action, diagnostics, review, reject, rollback, approve, :help.
source "${TARS_TEST_LIB:?run it through ctest (it sets TARS_TEST_LIB)}" || exit 1
: "${TARS_LSP:?set TARS_LSP to the tars-lsp binary}"
command -v nvim >/dev/null || fail "nvim is not installed (scripts/setup installs Debian's neovim)"
WS="$TMP/ws"
make_calc_workspace "$WS"
expect 0 trust
expect 0 improve import "$REPO_ROOT/examples/calc/use-sum.patch" --format json
GOOD=$(json_get 'j["improvements"][0]["id"]')
make_patch calc.py 's|    return a + b|    return a - b|' "$TMP/broken.patch"
expect 0 improve import "$TMP/broken.patch" --format json
BAD=$(json_get 'j["improvements"][0]["id"]')
# two files in one improvement: the review gets a tab per file
(cd "$WS" && sed -i '1a # reviewed' calc.py test_calc.py && git diff >"$TMP/two.patch" && git checkout -q -- .)
expect 0 improve import "$TMP/two.patch" --format json
TWO=$(json_get 'j["improvements"][0]["id"]')
# a copy of the plugin, so :helptags writes its tags file outside the source tree
cp -r "$REPO_ROOT/editors/nvim" "$TMP/plugin"
export GOOD BAD TWO WS TARS_LSP PLUGIN="$TMP/plugin"
export HOME="$TMP/home" XDG_CONFIG_HOME="$TMP/config" XDG_DATA_HOME="$TMP/data" XDG_STATE_HOME="$TMP/state"
set +e
timeout 300 nvim --headless -u NONE -i NONE -n --cmd "set runtimepath^=$PLUGIN" \
  -c "luafile $(dirname "$TARS_TEST_LIB")/nvim_plugin.lua" >"$TMP/out" 2>"$TMP/err" </dev/null
CODE=$?
set -e
[ "$CODE" -eq 0 ] || fail "nvim exited $CODE"
out_has "nvim plugin ok"
while read -r line; do
  if [[ "$line" == "ok - "* ]]; then ok "${line#ok - }"; fi
done <"$TMP/out"
finish
