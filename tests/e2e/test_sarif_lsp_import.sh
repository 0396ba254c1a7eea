#!/usr/bin/env bash
# SARIF results with fixes and an LSP WorkspaceEdit, imported through tarscli (format
# guessed from the content), executed, and checked byte for byte.
source "${TARS_TEST_LIB:?run it through ctest (it sets TARS_TEST_LIB)}" || exit 1
WS="$TMP/ws"
mkdir -p "$WS/src"
printf 's = "caf\xc3\xa9 \xf0\x9f\x98\x80" + x\r\nkeep = 1\r\ndrop = 2\r\n' >"$WS/src/a.py"
printf 'old = 1\n' >"$WS/old.py"

cat >"$TMP/scan.sarif" <<EOF
{"version": "2.1.0", "\$schema": "https://json.schemastore.org/sarif-2.1.0.json",
 "runs": [{"tool": {"driver": {"name": "semgrep"}},
   "originalUriBaseIds": {"SRCROOT": {"uri": "file://$WS/"}},
   "results": [
     {"ruleId": "rename-x", "level": "warning", "message": {"text": "use y"},
      "locations": [{"physicalLocation": {"artifactLocation": {"uri": "src/a.py", "uriBaseId": "SRCROOT"},
                     "region": {"startLine": 1, "startColumn": 17}}}],
      "fixes": [{"artifactChanges": [{"artifactLocation": {"uri": "src/a.py", "uriBaseId": "SRCROOT"},
        "replacements": [{"deletedRegion": {"startLine": 1, "startColumn": 17, "endColumn": 18},
                          "insertedContent": {"text": "y"}}]}]}]},
     {"ruleId": "dead-line", "message": {"text": "drop it"},
      "fixes": [{"artifactChanges": [{"artifactLocation": {"uri": "src/a.py", "uriBaseId": "SRCROOT"},
        "replacements": [{"deletedRegion": {"startLine": 3, "startColumn": 1, "endLine": 4, "endColumn": 1}}]}]}]}
   ]}]}
EOF
expect 0 --format json improve import "$TMP/scan.sarif"
[ "$(json_get 'len(j["improvements"])')" = 2 ] || fail "one improvement per result"
json_has '[i["title"] for i in j["improvements"]]' "rename-x: use y" || fail "title from the result"
for ID in $(json_get '" ".join(i["id"] for i in j["improvements"])'); do
  expect 0 execute improvement --id "$ID"
done
[ "$(cat "$WS/src/a.py")" = "$(printf 's = "caf\xc3\xa9 \xf0\x9f\x98\x80" + y\r\nkeep = 1\r')" ] ||
  fail "SARIF fixes: $(od -c "$WS/src/a.py")"
ok "SARIF: sniffed, one improvement per result, UTF-16 columns, whole-line deletion on CRLF"

cat >"$TMP/edit.json" <<EOF
{"label": "Move old.py", "edit": {"documentChanges": [
  {"kind": "create", "uri": "file://$WS/pkg/__init__.py"},
  {"textDocument": {"uri": "file://$WS/pkg/__init__.py", "version": null},
   "edits": [{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
              "newText": "# package\n"}]},
  {"kind": "rename", "oldUri": "file://$WS/old.py", "newUri": "file://$WS/pkg/new.py"},
  {"textDocument": {"uri": "file://$WS/pkg/new.py", "version": 1},
   "edits": [{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 3}},
              "newText": "new"}]}]}}
EOF
expect 0 --format json improve import "$TMP/edit.json"
[ "$(json_get 'j["improvements"][0]["title"]')" = "Move old.py" ] || fail "label as title"
ID=$(json_get 'j["improvements"][0]["id"]')
expect 0 execute improvement --id "$ID"
[ "$(cat "$WS/pkg/__init__.py")" = "# package" ] || fail "created file"
[ "$(cat "$WS/pkg/new.py")" = "new = 1" ] || fail "renamed and edited file"
[ ! -e "$WS/old.py" ] || fail "old.py still there"
ok "LSP WorkspaceEdit: sniffed; create, edit, rename executed"

printf '{"changes": {"file://%s/src/a.py": [{"range": {"start": {"line": 0, "character": 0}}, "newText": ""}]}}' \
  "$WS" >"$TMP/bad.json"
expect 9 improve import "$TMP/bad.json" --from lsp
err_has "bad.json:1:"
err_has ": changes[\"file://$WS/src/a.py\"][0].range: 'end' is required"
printf '{"runs": [\n  {"results": [}]}' >"$TMP/bad.sarif"
expect 9 improve import "$TMP/bad.sarif" --from sarif
err_has "bad.sarif:2:16: not valid JSON"
ok "malformed SARIF and WorkspaceEdits are refused naming the place"

finish
