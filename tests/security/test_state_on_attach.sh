#!/usr/bin/env bash
# Attack 5, planting state where nobody asked: an editor attaching to / (or to a home
# directory, or any folder) must leave no .tars/ behind. The server creates .tars/ only
# when the person first imports, generates or executes, and never at a file system's
# root; neither does tarscli.
source "${TARS_TEST_LIB:?run it through ctest (it sets TARS_TEST_LIB)}" || exit 1
: "${TARS_LSP:?set TARS_LSP to the tars-lsp binary}"
WS="$TMP/ws"
make_hostile_workspace "$WS"
SHARED="$TMP/shared"  # a repository sharing its config: .tars/config.json is committed
cp -r "$WS" "$SHARED"
git_safe -C "$WS" rm -rq .tars
git_safe -C "$WS" commit -qm "no config"
ROOT_HAD_STATE=0
[ -e /.tars ] && ROOT_HAD_STATE=1
cleanup_root() { if [ "$ROOT_HAD_STATE" = 0 ] && [ -e /.tars ]; then rm -rf /.tars; fi; }
trap 'cleanup_root; rm -rf "$TMP"' EXIT

attach() {
  PYTHONPATH="$(dirname "$TARS_TEST_LIB")/../e2e" python3 - "$TARS_LSP" "$1" <<'PY'
import pathlib, sys
from lsp_client import Client

server, root = sys.argv[1:]
c = Client([server])
init = c.request("initialize", {"processId": None, "rootUri": pathlib.Path(root).as_uri(),
                                "capabilities": {}})
assert "result" in init, init
c.notify("initialized", {})
assert c.request("tars/improvements")["result"] == {"improvements": []}
assert "result" in c.request("tars/status", {})
c.request("shutdown")
c.notify("exit", None)
assert c.exit_code() == 0
PY
}

attach "$WS" || fail "attaching to a workspace"
[ ! -e "$WS/.tars" ] || fail "attaching created .tars/"
git_safe -C "$WS" status --porcelain | grep -q . && fail "attaching left files"
attach "$SHARED" || fail "attaching to a workspace with a shared config"
[ "$(ls -A "$SHARED/.tars")" = config.json ] || fail "attaching wrote into .tars/: $(ls -A "$SHARED/.tars")"
contained "attaching to a folder"
ok "attaching an editor creates no .tars/, nor anything in a shared one"

if [ "$ROOT_HAD_STATE" = 0 ]; then
  attach / || fail "attaching to /"
  [ ! -e /.tars ] || fail "attaching to / created /.tars"
  WS=/ expect 0 improve list
  [ ! -e /.tars ] || fail "improve list in / created /.tars"
  printf 'diff --git a/tars-probe.txt b/tars-probe.txt\nnew file mode 100644\n--- /dev/null\n+++ b/tars-probe.txt\n@@ -0,0 +1 @@\n+x\n' >"$TMP/create.patch"
  WS=/ expect 1 improve import "$TMP/create.patch"
  err_has "Refusing to create /.tars: / is a file system's root, not a project"
  [ ! -e /.tars ] || fail "importing in / created /.tars"
  contained "attaching to /"
  ok "nothing creates /.tars: not attaching, not listing, not importing"
fi

# The server sees the state the first import makes later, though nothing was there to
# watch when it attached.
cp "$REPO_ROOT/examples/calc/use-sum.patch" "$TMP/"
LATER="$TMP/later"
cp -r "$WS" "$LATER"
PYTHONPATH="$(dirname "$TARS_TEST_LIB")/../e2e" python3 - "$TARS_LSP" "$LATER" "$TARSCLI" "$TMP/use-sum.patch" <<'PY' || fail "an import after attaching"
import pathlib, subprocess, sys, time
from lsp_client import Client

server, root, tarscli, patch = sys.argv[1:]
c = Client([server])
c.request("initialize", {"processId": None, "rootUri": pathlib.Path(root).as_uri(), "capabilities": {
    "textDocument": {"codeAction": {"codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["refactor"]}}}}}})
c.notify("initialized", {})
uri = (pathlib.Path(root) / "calc.py").as_uri()
text = (pathlib.Path(root) / "calc.py").read_text()
c.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}})
line = text.splitlines().index("    total = 0")
subprocess.run([tarscli, "--workspace", root, "improve", "import", patch], check=True, capture_output=True)
deadline = time.time() + 20
while True:
    actions = c.request("textDocument/codeAction", {"textDocument": {"uri": uri},
        "range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}},
        "context": {"diagnostics": [], "triggerKind": 2}})["result"]
    if any(a["title"].startswith("TARS: ") for a in actions):
        break
    assert time.time() < deadline, actions
    time.sleep(0.2)
c.request("shutdown")
c.notify("exit", None)
assert c.exit_code() == 0
PY
ok "an import after attaching is seen by the server (it watches .tars/ once it exists)"

expect 0 improve list
expect 0 execute status
[ ! -e "$WS/.tars" ] || fail "reading created .tars/"
expect 0 improve import "$TMP/use-sum.patch"
[ -d "$WS/.tars" ] && [ -f "$WS/.tars/.gitignore" ] || fail "the first import did not create .tars/"
contained "the first import"
ok "tarscli creates .tars/ on the first import, not on list or status"

finish
