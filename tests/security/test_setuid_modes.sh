#!/usr/bin/env bash
# Attack 3, setuid files: "new file mode 104755" in a patch or "mode": 2559 (04777) in
# an improvement file must be refused as bad input naming the change; an existing
# file's setuid bit is never carried over to the file TARS writes (as root it would
# become root's). Modes follow git: 0644 or 0755.
source "${TARS_TEST_LIB:?run it through ctest (it sets TARS_TEST_LIB)}" || exit 1
WS="$TMP/ws"
make_hostile_workspace "$WS"

cat >"$TMP/setuid.patch" <<'PATCH'
diff --git a/bin/escalate b/bin/escalate
new file mode 104755
--- /dev/null
+++ b/bin/escalate
@@ -0,0 +1,2 @@
+#!/bin/sh
+id
PATCH
expect 9 improve import "$TMP/setuid.patch"
err_has "setuid.patch:2: bin/escalate: mode 104755 is not a file mode git records"
[ ! -e "$WS/bin" ] || fail "something was created"
sed 's/104755/100755/' "$TMP/setuid.patch" >"$TMP/exec.patch"
expect 0 improve import "$TMP/exec.patch" --format json
expect 0 execute improvement --id "$(json_get 'j["improvements"][0]["id"]')"
[ "$(stat -c %a "$WS/bin/escalate")" = 755 ] || fail "100755 is not 0755"
contained "a setuid mode in a patch"
ok "a patch's setuid mode is bad input (exit 9) naming the file; 100755 gives 0755"

put_improvement imp-setuid <<'JSON'
{"id": "imp-setuid", "title": "setuid", "changes": [
  {"kind": "create", "path": "tool", "content": "#!/bin/sh\nid\n", "mode": 2559}]}
JSON
expect 9 execute improvement --id imp-setuid
err_has "imp-setuid.json: changes[0]: 'mode' 2559 (octal 4777) is not a file mode git records"
[ ! -e "$WS/tool" ] || fail "the setuid file was created"
contained "a setuid mode in an improvement file"
ok "an improvement file's setuid mode is bad input (exit 9) naming the change"

printf '#!/bin/sh\necho old\n' >"$WS/run.sh"
if [ "$(id -u)" = 0 ]; then chown 65534:65534 "$WS/run.sh"; fi  # before chmod: chown clears setuid
chmod 4755 "$WS/run.sh"
put_improvement imp-edit <<'JSON'
{"id": "imp-edit", "title": "edit", "changes": [
  {"kind": "edit", "path": "run.sh", "edits": [{"offset": 15, "oldText": "old", "newText": "new"}]}]}
JSON
expect 0 execute improvement --id imp-edit
grep -q "echo new" "$WS/run.sh" || fail "run.sh was not edited"
[ "$(stat -c %a "$WS/run.sh")" = 755 ] || fail "the edited file kept a special bit: $(stat -c %a "$WS/run.sh")"
contained "editing a setuid file"
ok "editing a setuid file writes it without the setuid bit"

finish
