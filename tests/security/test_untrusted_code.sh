#!/usr/bin/env bash
# Attack 1, running code without trust: a cloned repository plants ast.py and
# warnings.py beside its Python files and names a program as core.fsmonitor (and
# hooks) in .git/config. Executing an improvement with no config, no --validate and no
# `tarscli trust`, from the CLI and from the editor with validate false, and
# `improve generate --rule`, documented as needing no trust, must run none of it.
source "${TARS_TEST_LIB:?run it through ctest (it sets TARS_TEST_LIB)}" || exit 1
: "${TARS_LSP:?set TARS_LSP to the tars-lsp binary}"
WS="$TMP/ws"
make_hostile_workspace "$WS"
cp "$REPO_ROOT/examples/calc/use-sum.patch" "$TMP/"
expect 0 improve import "$TMP/use-sum.patch" --format json
ID=$(json_get 'j["improvements"][0]["id"]')

expect 0 execute improvement --id "$ID" --dry-run --format json
contained "a dry run's syntax check"
expect 0 execute improvement --id "$ID" --format json
[ "$(json_get 'j["status"]')" = awaiting_review ] || fail "the execution did not finish"
CTX=$(json_get 'j["contextId"]')
json_has '[v["name"] + " " + v["status"] for v in j["validation"]]' "syntax:calc.py passed" ||
  fail "calc.py was not syntax-checked"
contained "execute improvement"
expect 0 execute rollback --context-id "$CTX" --all
ok "the built-in Python check runs none of the workspace's code (CLI, dry run and real)"

put_improvement imp-broken <<'JSON'
{"id": "imp-broken", "title": "broken", "changes": [
  {"kind": "create", "path": "pkg/broken.py", "content": "def f(:\n    pass\n"},
  {"kind": "create", "path": "pkg/fine.py", "content": "x = 1\n"}]}
JSON
expect 5 execute improvement --id imp-broken --auto-rollback
err_has "Validation failed: syntax:pkg/broken.py failed: pkg/broken.py:1"
[ ! -e "$WS/pkg" ] || fail "the broken file was not rolled back"
contained "a failing syntax check"
ok "an invalid Python file is still found, in the same isolated interpreter"

printf 'x = 1   \n' >"$WS/spaces.py"
expect 0 improve generate --rule trailing-whitespace --format json
json_has '[c for i in j["improvements"] for c in i["files"]]' "spaces.py" ||
  fail "git's file list was not used"
contained "improve generate --rule"
ok "improve generate --rule lists files with git, its config-driven programs off"

PYTHONPATH="$(dirname "$TARS_TEST_LIB")/../e2e" python3 - "$TARS_LSP" "$WS" "$ID" <<'PY' || fail "tars.execute from the editor"
import pathlib, sys
from lsp_client import Client

server, ws, improvement = sys.argv[1:]
c = Client([server])
c.request("initialize", {"processId": None, "rootUri": pathlib.Path(ws).as_uri(), "capabilities": {},
                         "initializationOptions": {"validate": False, "autoRollback": False}})
c.notify("initialized", {})
started = c.request("workspace/executeCommand", {"command": "tars.execute", "arguments": [
    {"improvementId": improvement, "validate": False}]})
assert started["result"]["contextId"], started
c.wait(lambda m: m.get("method") == "tars/contextChanged" and m["params"]["status"] != "running",
       "the execution's end")
c.request("shutdown")
c.notify("exit", None)
assert c.exit_code() == 0
PY
contained "tars.execute with validate false"
ok "the editor's tars.execute runs none of the workspace's code either"

finish
