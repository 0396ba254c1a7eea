#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100 in the browser, the last release that runs
# on Node 20) into DIR for the extension's UI test (tests/e2e/test_vscode_code_server.sh).
# npm's install of it fails offline in two places, worked around here: @vscode/ripgrep
# downloads rg from GitHub (Debian's ripgrep stands in), and node-pty's post-install runs
# `npx node-gyp` (allowed with npm_config_yes). Takes a few minutes (native modules).
set -euo pipefail
VERSION=4.100.3
DIR="${1:-${TARS_CODE_SERVER_DIR:-$HOME/.cache/tars/code-server-$VERSION}}"
[ "$(node -p 'process.versions.node.split(".")[0]')" = 20 ] || { echo "code-server $VERSION needs Node 20" >&2; exit 1; }

packages=(libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev ripgrep chromium)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y --no-install-recommends "${missing[@]}"
fi

export npm_config_unsafe_perm=true npm_config_yes=true npm_config_audit=false npm_config_fund=false
mkdir -p "$DIR"
cd "$DIR"
[ -f package.json ] || echo '{"name": "tars-code-server", "private": true}' >package.json
npm install --ignore-scripts "code-server@$VERSION"
npm rebuild argon2

# Debian's rg in place of the download; an existing bin/ makes the package's postinstall skip.
CS="$DIR/node_modules/code-server"
RG_VERSION="$(node -p "require('$CS/lib/vscode/npm-shrinkwrap.json').packages['node_modules/@vscode/ripgrep'].version")"
RG="$CS/lib/vscode/node_modules/@vscode/ripgrep"
if [ ! -x "$RG/bin/rg" ]; then
  mkdir -p "$RG"
  tarball="$(npm pack --silent "@vscode/ripgrep@$RG_VERSION")"
  tar xzf "$tarball" -C "$RG" --strip-components=1
  rm -f "$tarball"
  mkdir -p "$RG/bin"
  ln -sf "$(command -v rg)" "$RG/bin/rg"
fi

cd "$CS"
npm_config_user_agent="npm/$(npm --version) node/$(node --version) linux x64" sh ./postinstall.sh
echo "code-server $VERSION installed in $DIR"
