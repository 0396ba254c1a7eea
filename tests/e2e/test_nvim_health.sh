#!/usr/bin/env bash
# :checkhealth tars in Debian's headless Neovim 0.7.2 (its health API): Neovim's version,
# the server found with its version (or what to install), the workspace, and the config
# as the server sees it: valid and untrusted, trusted, malformed; no workspace at all.
source "${TARS_TEST_LIB:?run it through ctest (it sets TARS_TEST_LIB)}" || exit 1
: "${TARS_LSP:?set TARS_LSP to the tars-lsp binary}"
command -v nvim >/dev/null || fail "nvim is not installed (scripts/setup installs Debian's neovim)"
WS="$TMP/ws"
make_calc_workspace "$WS"
export HOME="$TMP/home" XDG_CONFIG_HOME="$TMP/config" XDG_DATA_HOME="$TMP/data" XDG_STATE_HOME="$TMP/state"
VERSION="$("$TARS_LSP" --version | cut -d' ' -f2)"

# checkhealth DIR CMD: the report of :checkhealth tars, run in DIR with setup{ cmd = CMD }
checkhealth() {
  (cd "$1" && timeout 120 nvim --headless -u NONE -i NONE -n --cmd "set runtimepath^=$REPO_ROOT/editors/nvim" \
    -c "lua require('tars').setup{ cmd = { '$2' } }" -c "edit calc.py" -c 'checkhealth tars' \
    -c 'lua io.stdout:write(table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), "\n"), "\n")' \
    -c 'qa!' </dev/null >"$TMP/out" 2>"$TMP/err") || fail "nvim :checkhealth tars exited $?"
}

checkhealth "$WS" "$TARS_LSP"
out_has "OK: Neovim 0.7"
out_has "OK: require('tars').setup{} was called"
out_has "OK: tars-lsp $VERSION (git "
out_has "at $TARS_LSP"
out_has "OK: workspace $WS"
out_has "the server $VERSION (git"
out_has "WARNING: .tars/config.json is valid but not trusted: its commands do not run; it runs: test: python3"
out_has "Run \`tarscli trust\` in $WS"
ok ":checkhealth tars: Neovim, the server and its version, the workspace, an untrusted config"

expect 0 trust
checkhealth "$WS" "$TARS_LSP"
out_has "OK: .tars/config.json is valid and trusted; it runs: test: python3"
ok ":checkhealth tars: a trusted config"

echo '{"validation": {"commands": [{"name": 1}]}}' >"$WS/.tars/config.json"
checkhealth "$WS" "$TARS_LSP"
out_has "ERROR: .tars/config.json is not valid: .tars/config.json"
ok ":checkhealth tars: a malformed config, with the reason"

checkhealth "$WS" "$TMP/nowhere/tars-lsp"
out_has "ERROR: $TMP/nowhere/tars-lsp was not found"
out_has "sudo apt-get install ./tars_<version>_amd64.deb"
ok ":checkhealth tars: no server, and what to install"

mkdir -p "$TMP/plain" && touch "$TMP/plain/calc.py"
checkhealth "$TMP/plain" "$TARS_LSP"
out_has "WARNING: no workspace: no .tars or .git in $TMP/plain"
ok ":checkhealth tars: no workspace"
finish
