#!/usr/bin/env bash
# The VS Code extension (editors/vscode): type check and bundle, unit tests, its client
# code against the real tars-lsp (node --test through vscode-languageserver-protocol),
# and packaging into a .vsix, so a broken manifest fails here.
source "${TARS_TEST_LIB:?run it through ctest (it sets TARS_TEST_LIB)}" || exit 1
: "${TARS_LSP:?set TARS_LSP to the tars-lsp binary}"
EXT="$REPO_ROOT/editors/vscode"
[ -d "$EXT/node_modules/vscode-languageclient" ] && [ -d "$EXT/node_modules/@vscode/vsce" ] ||
  fail "editors/vscode/node_modules is missing: run scripts/setup (it runs npm ci there)"
# A copy, so parallel tests never build into the same dist/ and out/.
mkdir "$TMP/ext"
(cd "$EXT" && cp -r package.json package-lock.json tsconfig.json tsconfig.test.json esbuild.mjs \
  .vscodeignore README.md src test "$TMP/ext/")
ln -s "$EXT/node_modules" "$TMP/ext/node_modules"
EXT="$TMP/ext"
export WS="$TMP/ws" TARS_LSP

npm() { (cd "$EXT" && command npm --silent "$@") >"$TMP/out" 2>"$TMP/err" || fail "npm $* failed"; }

# One release: the extension's version is the project's, and so is its server's.
VERSION="$(sed -n 's/^project(tars VERSION \([0-9.]*\).*/\1/p' "$REPO_ROOT/CMakeLists.txt")"
[ "$(node -p 'require(process.argv[1]).version' "$EXT/package.json")" = "$VERSION" ] ||
  fail "editors/vscode/package.json's version is not the project's ($VERSION)"
"$TARS_LSP" --version | grep -q "^tars-lsp $VERSION " || fail "tars-lsp --version is not $VERSION"
ok "the extension, the server and the project are version $VERSION"

npm run build
[ -s "$EXT/dist/extension.js" ] || fail "npm run build wrote no dist/extension.js"
grep -q 'require("vscode")' "$EXT/dist/extension.js" || fail "the bundle does not leave 'vscode' external"
ok "npm run build: tsc (strict) type-checks, esbuild bundles dist/extension.js"

make_calc_workspace "$WS"
expect 0 trust
expect 0 improve import "$REPO_ROOT/examples/calc/use-sum.patch" --format json
export GOOD="$(json_get 'j["improvements"][0]["id"]')"
make_patch calc.py 's|    return a + b|    return a - b|' "$TMP/broken.patch"
expect 0 improve import "$TMP/broken.patch" --format json
export BAD="$(json_get 'j["improvements"][0]["id"]')"
npm test
out_has "# fail 0"
out_has "# skipped 0"
[[ "$(grep -o '^# pass [0-9]*' "$TMP/out")" =~ ([0-9]+)$ ]] && [ "${BASH_REMATCH[1]}" -ge 20 ] ||
  fail "expected at least 20 passing tests"
ok "npm test: $(grep '^# pass' "$TMP/out" | cut -c3-) (unit tests and the client code against tars-lsp)"

npm run package -- --out "$TMP/tars.vsix"
python3 - "$TMP/tars.vsix" <<'PY' || fail "the .vsix lacks the manifest or the bundle"
import json, sys, zipfile
names = set(zipfile.ZipFile(sys.argv[1]).namelist())
need = {"extension.vsixmanifest", "extension/package.json", "extension/dist/extension.js", "extension/readme.md"}
missing = need - names
assert not missing, missing
assert not any(n.startswith("extension/node_modules/") or n.startswith("extension/src/") for n in names), names
PY
ok "npm run package: vsce packages tars.vsix with the bundle and the manifest"
finish
