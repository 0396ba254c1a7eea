#!/usr/bin/env bash
# `cmake --install` of the build into a temporary prefix, used as an installed tool is:
# the binaries and their --version, the man pages (rendered without warnings, naming
# every command and option the programs' --help lists), bash, zsh and fish completions
# loaded the way each shell loads them and offering every command and option, the Neovim
# plugin found through 'packpath' with :help tags, the docs, the sample workspace, and
# the .vsix with its server when the build made one.
source "${TARS_TEST_LIB:?run it through ctest (it sets TARS_TEST_LIB)}" || exit 1
: "${TARS_BUILD_DIR:?set TARS_BUILD_DIR to the build directory}"
P="$TMP/prefix"
cmake --install "$TARS_BUILD_DIR" --prefix "$P" >"$TMP/out" 2>"$TMP/err" || fail "cmake --install failed"
for f in bin/tarscli bin/tars-lsp bin/tars-mcp share/man/man1/tarscli.1.gz share/man/man1/tars-lsp.1.gz \
  share/man/man1/tars-mcp.1.gz share/bash-completion/completions/tarscli \
  share/bash-completion/completions/tars-lsp share/bash-completion/completions/tars-mcp \
  share/zsh/site-functions/_tarscli share/zsh/site-functions/_tars-lsp share/zsh/site-functions/_tars-mcp \
  share/fish/vendor_completions.d/tarscli.fish share/fish/vendor_completions.d/tars-lsp.fish \
  share/fish/vendor_completions.d/tars-mcp.fish \
  share/nvim/site/pack/tars/start/tars/lua/tars/init.lua share/nvim/site/pack/tars/start/tars/doc/tars.txt \
  share/nvim/site/pack/tars/start/tars/doc/tags share/doc/tars/README.md share/doc/tars/README.vscode.md \
  share/tars/examples/calc/calc.py share/tars/examples/calc/.tars/config.json; do
  [ -e "$P/$f" ] || fail "not installed: $f"
done
[ -x "$P/bin/tarscli" ] && [ -x "$P/bin/tars-lsp" ] && [ -x "$P/bin/tars-mcp" ] ||
  fail "the binaries are not executable"
ok "cmake --install: binaries, man pages, completions, Neovim plugin, docs, sample workspace"

VERSION="$(sed -n 's/^project(tars VERSION \([0-9.]*\).*/\1/p' "$REPO_ROOT/CMakeLists.txt")"
DESCRIBE="$(git -C "$REPO_ROOT" describe --tags --always 2>/dev/null || echo unknown)"
"$P/bin/tarscli" --version >"$TMP/out" || fail "tarscli --version"
grep -qE "^tarscli $VERSION \(git $DESCRIBE(-dirty)?\)$" "$TMP/out" || fail "tarscli --version: $(out)"
"$P/bin/tars-lsp" --version >"$TMP/out" || fail "tars-lsp --version"
grep -qE "^tars-lsp $VERSION \(git $DESCRIBE(-dirty)?\)$" "$TMP/out" || fail "tars-lsp --version: $(out)"
"$P/bin/tars-lsp" --help >"$TMP/out" && out_has "--log-file FILE" || fail "tars-lsp --help"
"$P/bin/tars-mcp" --version >"$TMP/out" || fail "tars-mcp --version"
grep -qE "^tars-mcp $VERSION \(git $DESCRIBE(-dirty)?\)$" "$TMP/out" || fail "tars-mcp --version: $(out)"
"$P/bin/tars-mcp" --help >"$TMP/out" && out_has "--workspace DIR" || fail "tars-mcp --help"
ok "tarscli, tars-lsp and tars-mcp --version: $VERSION and git describe ($DESCRIBE)"

# Every command path and option of tarscli, read from its --help (not from our generator).
COMMANDS=()
declare -A OPTIONS
walk_help() {
  local path="$1" help line section="" word
  # shellcheck disable=SC2086
  help="$("$P/bin/tarscli" $path --help)"
  COMMANDS+=("$path")
  while IFS= read -r line; do
    case "$line" in
      Options:) section=options; continue ;; Subcommands:) section=subs; continue ;;
      Positionals:) section=""; continue ;; "") section=""; continue ;;
    esac
    word="${line#"${line%%[![:space:]]*}"}"
    word="${word%%[[:space:]]*}"
    if [ "$section" = options ] && [[ "$word" == -* ]]; then
      OPTIONS["${path:-.}"]+=" ${word//,/ }"
    elif [ "$section" = subs ] && [[ "$line" == "  "[a-z]* ]]; then
      walk_help "${path:+$path }$word"
    fi
  done <<<"$help"
}
walk_help ""
[ "${#COMMANDS[@]}" -ge 12 ] || fail "expected at least 12 commands in --help, got ${#COMMANDS[@]}"

for page in tarscli tars-lsp tars-mcp; do
  MANWIDTH=100 man --warnings -l "$P/share/man/man1/$page.1.gz" >"$TMP/$page.man" 2>"$TMP/err" ||
    fail "man -l $page.1.gz"
  [ ! -s "$TMP/err" ] || fail "groff warnings in $page(1): $(err)"
  grep -q "^NAME" "$TMP/$page.man" && grep -q "EXIT STATUS" "$TMP/$page.man" || fail "$page(1) lacks sections"
done
for path in "${COMMANDS[@]}"; do
  [ -z "$path" ] || grep -q "tarscli $path" "$TMP/tarscli.man" || fail "tarscli(1) lacks the command '$path'"
  for option in ${OPTIONS[${path:-.}]}; do
    grep -q -- "$option" "$TMP/tarscli.man" || fail "tarscli(1) lacks $option of '$path'"
  done
done
for server in tars-lsp tars-mcp; do
  for option in $("$P/bin/$server" --help | grep -o -- '^  --[a-z-]*'); do
    grep -q -- "$option" "$TMP/$server.man" || fail "$server(1) lacks $option"
  done
done
ok "man -l renders tarscli(1), tars-lsp(1) and tars-mcp(1) without warnings, with all ${#COMMANDS[@]} commands and their options"

# bash: bash-completion loads the script on demand from the prefix's share/ (XDG_DATA_DIRS).
if [ -f /usr/share/bash-completion/bash_completion ]; then
  XDG_DATA_DIRS="$P/share" bash --norc -c 'source /usr/share/bash-completion/bash_completion
    __load_completion tarscli && complete -p tarscli' >"$TMP/out" 2>&1 || fail "bash-completion did not load it"
  out_has "complete -F _tarscli tarscli"
  ok "bash-completion loads tarscli's completion from the installed prefix"
fi
bash_complete() {  # bash_complete WORD...: what bash offers for the last word
  bash --norc -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _tarscli
    printf "%s\n" "${COMPREPLY[@]}"' _ "$P/share/bash-completion/completions/tarscli" tarscli "$@"
}
for path in "${COMMANDS[@]}"; do
  # shellcheck disable=SC2086
  bash_complete $path - >"$TMP/out" 2>"$TMP/err"
  for option in ${OPTIONS[${path:-.}]}; do grep -qx -- "$option" "$TMP/out" || fail "bash: '$path -' lacks $option"; done
done
bash_complete ex >"$TMP/out" && out_has execute
bash_complete execute ro >"$TMP/out" && out_has rollback
bash_complete --format js >"$TMP/out" && out_has json
bash_complete improve import --from s >"$TMP/out" && out_has sarif
bash_complete improve generate --rule pr >"$TMP/out" && out_has pragma-once
(cd "$REPO_ROOT/examples/calc" && bash_complete improve import use >"$TMP/out") && out_has use-sum.patch
(cd "$REPO_ROOT" && bash_complete --workspace exa >"$TMP/out") && out_has examples
ok "bash completes every command and option, choices, files and directories"

if command -v zsh >/dev/null; then
  # compinit registers it from fpath; the primitives it calls are stubbed to print.
  zsh -fc 'fpath=("$1" $fpath); autoload -Uz compinit; compinit -u -d "$2"; print -r -- $_comps[tarscli]' \
    _ "$P/share/zsh/site-functions" "$TMP/zcompdump" >"$TMP/out" 2>"$TMP/err" || fail "zsh compinit"
  out_has _tarscli
  zsh_complete() {  # zsh_complete PREFIX WORD...
    zsh -fc 'source "$1"; prefix="$2"; shift 2
      _describe() { print -rl -- ${(P)argv[-1]} }; compadd() { print -rl -- "${@[$@[(i)--]+1,-1]}" }
      _files() { print -- FILES "$@" }; _message() { print -- MESSAGE }
      words=("$@" "$prefix"); CURRENT=${#words}; PREFIX="$prefix"; _tarscli' \
      _ "$P/share/zsh/site-functions/_tarscli" "$@" >"$TMP/out" 2>"$TMP/err" || fail "zsh: $*"
  }
  for path in "${COMMANDS[@]}"; do
    # shellcheck disable=SC2086
    zsh_complete - tarscli $path
    for option in ${OPTIONS[${path:-.}]}; do grep -q -- "^$option:" "$TMP/out" || fail "zsh: '$path -' lacks $option"; done
  done
  zsh_complete "" tarscli execute && out_has "rollback:Roll back the changes of an execution"
  zsh_complete "" tarscli --format && out_has json
  zsh_complete "" tarscli improve import && out_has FILES
  zsh_complete "" tarscli execute improvement --output-dir && out_has "FILES -/"
  ok "zsh: compinit finds _tarscli; it completes every command and option, choices, files and directories"
fi

if command -v fish >/dev/null; then
  # fish loads a command's completions once the command is on PATH
  fish_complete() {
    PATH="$P/bin:$PATH" XDG_DATA_DIRS="$P/share" HOME="$TMP/fish" XDG_CONFIG_HOME="$TMP/fish/config" \
      fish -c "complete -C '$*'" >"$TMP/out" 2>"$TMP/err" || fail "fish: $*"
  }
  for path in "${COMMANDS[@]}"; do
    fish_complete "tarscli $path${path:+ }-"
    for option in ${OPTIONS[${path:-.}]}; do grep -q -- "^$option"$'\t\|^'"$option\$" "$TMP/out" || fail "fish: '$path -' lacks $option"; done
  done
  fish_complete "tarscli exec" && out_has execute
  fish_complete "tarscli execute rollback --context-id x --a" && out_has --all
  fish_complete "tarscli --format " && out_has json
  ok "fish loads the completion from the prefix (XDG_DATA_DIRS); every command and option, choices"
fi

# Neovim: the plugin is a start package under <prefix>/share/nvim/site, on the default
# 'packpath' when the prefix is in XDG_DATA_DIRS (/usr and /usr/local are by default).
if command -v nvim >/dev/null; then
  XDG_DATA_DIRS="$P/share" XDG_CONFIG_HOME="$TMP/config" XDG_DATA_HOME="$TMP/data" HOME="$TMP" \
    timeout 60 nvim --headless -u NORC -i NONE -n \
    -c 'lua io.stdout:write(vim.inspect(vim.api.nvim_get_runtime_file("lua/tars/init.lua", false)), "\n")' \
    -c 'lua require("tars"); io.stdout:write("required\n")' \
    -c 'help tars-setup' -c 'lua io.stdout:write(vim.fn.expand("%:t"), "\n")' -c 'qa!' >"$TMP/out" 2>"$TMP/err" </dev/null ||
    fail "nvim with the installed plugin"
  out_has "pack/tars/start/tars/lua/tars/init.lua"
  out_has required
  out_has tars.txt
  # the tags file is the one :helptags writes
  cp -r "$P/share/nvim/site/pack/tars/start/tars/doc" "$TMP/doc"
  rm "$TMP/doc/tags"
  timeout 60 nvim --headless -u NONE -i NONE -n -c "helptags $TMP/doc" -c 'qa!' </dev/null >/dev/null 2>&1
  cmp -s "$TMP/doc/tags" "$P/share/nvim/site/pack/tars/start/tars/doc/tags" ||
    fail "the installed help tags differ from :helptags's: $(diff "$TMP/doc/tags" "$P/share/nvim/site/pack/tars/start/tars/doc/tags")"
  ok "Neovim finds the installed plugin through packpath; :help tars works (tags as :helptags writes them)"
fi

if grep -q '^TARS_BUILD_VSIX:BOOL=ON' "$TARS_BUILD_DIR/CMakeCache.txt"; then
  python3 - "$P/share/tars" "$VERSION" <<'PY' || fail "the installed .vsix"
import glob, json, os, sys, zipfile
vsix = glob.glob(os.path.join(sys.argv[1], "*.vsix"))
assert len(vsix) == 1, vsix
z = zipfile.ZipFile(vsix[0])
names = set(z.namelist())
assert "extension/bin/tars-lsp" in names, names
assert json.loads(z.read("extension/package.json"))["version"] == sys.argv[2]
manifest = z.read("extension.vsixmanifest").decode()
assert 'TargetPlatform="linux-' in manifest, manifest
mode = z.getinfo("extension/bin/tars-lsp").external_attr >> 16
assert mode & 0o111, oct(mode)
PY
  ok "share/tars/ holds the linux .vsix with tars-lsp inside (executable), version $VERSION"
fi
finish
