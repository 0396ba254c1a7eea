#!/usr/bin/env bash
# tars-lsp over pipes: lifecycle errors, malformed input answered with service going on,
# code action -> execute -> progress end -> file changed, failing validation ->
# diagnostic with the test's message, rollback, unsaved buffers refused, exit codes.
source "${TARS_TEST_LIB:?run it through ctest (it sets TARS_TEST_LIB)}" || exit 1
: "${TARS_LSP:?set TARS_LSP to the tars-lsp binary}"
WS="$TMP/ws"
make_calc_workspace "$WS"
expect 0 trust
cp "$REPO_ROOT/examples/calc/use-sum.patch" "$TMP/"
expect 0 improve import "$TMP/use-sum.patch" --format json
GOOD=$(json_get 'j["improvements"][0]["id"]')
make_patch calc.py 's|    return a + b|    return a - b|' "$TMP/broken.patch"
expect 0 improve import "$TMP/broken.patch" --format json
BAD=$(json_get 'j["improvements"][0]["id"]')
make_patch calc.py 's|    return a / b|    return a / float(b)|' "$TMP/late.patch"

PYTHONPATH="$(dirname "$TARS_TEST_LIB")" python3 - "$TARS_LSP" "$WS" "$GOOD" "$BAD" "$TARSCLI" "$TMP/late.patch" <<'PY' || fail "lsp session"
import pathlib, subprocess, sys, time
from lsp_client import Client

server, ws, good, bad, tarscli, late_patch = sys.argv[1:]
root = pathlib.Path(ws)
uri = (root / "calc.py").as_uri()
c = Client([server])

early = c.request("textDocument/codeAction", {})
assert early["error"]["code"] == -32002, early

c.raw(b"Content-Length: 9\r\n\r\n{not json")
parse = c.wait(lambda m: m.get("error", {}).get("code") == -32700, "a parse error")
assert parse["id"] is None, parse

init = c.request("initialize", {"processId": None, "rootUri": root.as_uri(), "capabilities": {
    "window": {"workDoneProgress": True},
    "general": {"positionEncodings": ["utf-16"]},
    "textDocument": {"codeAction": {"codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["refactor"]}}}}}})
caps = init["result"]["capabilities"]
assert caps["positionEncoding"] == "utf-16", caps
assert "tars.execute" in caps["executeCommandProvider"]["commands"]
c.notify("initialized", {})
assert c.request("initialize", {"rootUri": root.as_uri()})["error"]["code"] == -32600
assert c.request("no/such/method")["error"]["code"] == -32601
bad_params = c.request("textDocument/codeAction", {"textDocument": {"uri": 5}})
assert bad_params["error"]["code"] == -32602 and "params.textDocument.uri" in bad_params["error"]["message"], bad_params

text = (root / "calc.py").read_text()
c.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}})
line = text.splitlines().index("    total = 0")
actions = c.request("textDocument/codeAction", {"textDocument": {"uri": uri},
    "range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}},
    "context": {"diagnostics": []}})["result"]
titles = [a["title"] for a in actions]
assert any(t.startswith("TARS: ") for t in titles) and any(t.startswith("Preview (dry run)") for t in titles), titles
none = c.request("textDocument/codeAction", {"textDocument": {"uri": uri},
    "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "context": {"diagnostics": []}})
assert none["result"] == [], none
action = next(a for a in actions if a["title"].startswith("TARS: "))
assert action["kind"] == "refactor.rewrite" and action["command"]["command"] == "tars.execute"

# An unsaved buffer is never written.
c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
    "contentChanges": [{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "# edit\n"}]})
refused = c.request("workspace/executeCommand", action["command"])
assert refused["error"]["code"] == -32803 and "unsaved changes" in refused["error"]["message"], refused
c.wait(lambda m: m.get("method") == "window/showMessage" and "unsaved" in m["params"]["message"], "a showMessage")
assert (root / "calc.py").read_text() == text
c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": text}]})

done = c.request("workspace/executeCommand", action["command"])
context = done["result"]["contextId"]
token = done["result"]["workDoneToken"]
c.wait(lambda m: m.get("method") == "$/progress" and m["params"]["token"] == token
       and m["params"]["value"]["kind"] == "begin", "progress begin")
end = c.wait(lambda m: m.get("method") == "$/progress" and m["params"]["token"] == token
             and m["params"]["value"]["kind"] == "end", "progress end")
assert "awaiting_review" in end["params"]["value"]["message"], end
c.wait(lambda m: m.get("method") == "tars/contextChanged" and m["params"] == {"contextId": context, "status": "running"},
       "the start announced")
c.wait(lambda m: m.get("method") == "tars/contextChanged" and m["params"] == {"contextId": context, "status": "awaiting_review"},
       "the end announced")
c.wait(lambda m: m.get("method") == "tars/filesChanged" and uri in m["params"]["uris"])
assert "return sum(values) / len(values)" in (root / "calc.py").read_text()

status = c.request("tars/status", {"contextId": context})["result"]
assert status["status"] == "awaiting_review", status
review = c.request("tars/review", {"contextId": context})["result"]
assert review["files"][0]["uri"] == uri and review["files"][0]["original"] == text, review
assert "+    return sum(values) / len(values)" in review["files"][0]["diff"]

rolled = c.request("workspace/executeCommand", {"command": "tars.rollback", "arguments": [{"contextId": context}]})
assert rolled["result"]["status"] == "rolled_back", rolled
assert (root / "calc.py").read_text() == text

# A failing test: rolled back, and its message published as a diagnostic.
failing = c.request("workspace/executeCommand", {"command": "tars.execute", "arguments": [{"improvementId": bad}]})
failed_context = failing["result"]["contextId"]
diagnostics = c.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["diagnostics"],
                     "diagnostics")["params"]
assert diagnostics["uri"].endswith("test_calc.py"), diagnostics
first = diagnostics["diagnostics"][0]
assert first["source"] == "tars" and "AssertionError" in first["message"], first
c.wait(lambda m: m.get("method") == "tars/contextChanged" and m["params"]["contextId"] == failed_context
       and m["params"]["status"] == "rolled_back", "the failed context rolled back")
assert (root / "calc.py").read_text() == text

# An improvement imported by tarscli while the server runs shows up in code actions.
divide = text.splitlines().index("    return a / b")
def divide_actions():
    return c.request("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": {
        "start": {"line": divide, "character": 4}, "end": {"line": divide, "character": 4}},
        "context": {"diagnostics": []}})["result"]
assert divide_actions() == []
subprocess.run([tarscli, "--workspace", ws, "improve", "import", late_patch], check=True, capture_output=True)
for _ in range(1200):  # inotify is asynchronous: bounded retries, no timing assertion
    if divide_actions():
        break
    time.sleep(0.05)
assert any("late.patch" in a["title"] for a in divide_actions()), divide_actions()

# Unknown improvement: an error answer, the server keeps going.
missing = c.request("workspace/executeCommand", {"command": "tars.execute", "arguments": [{"improvementId": "imp-nope"}]})
assert missing["error"]["code"] == -32602 and "Improvement not found" in missing["error"]["message"], missing

assert c.request("shutdown")["result"] is None
assert c.request("textDocument/codeAction", {})["error"]["code"] == -32600
c.notify("exit", None)
assert c.exit_code() == 0

# exit without shutdown: status 1; end of input: the server exits too.
c2 = Client([server])
c2.notify("exit", None)
assert c2.exit_code() == 1
c3 = Client([server])
c3.process.stdin.close()
assert c3.exit_code() == 1
print("session ok")
PY
ok "tars-lsp session over pipes"

# Cancel mid-execution: the validation command blocks until cancelled; the change is rolled back.
WS="$TMP/ws2"
make_calc_workspace "$WS"
cat >"$WS/.tars/config.json" <<JSON
{"validation": {"commands": [{"name": "gate", "run": ["sh", "-c", "touch $TMP/started; while true; do sleep 0.05; done"]}]}}
JSON
expect 0 trust
expect 0 improve import "$TMP/use-sum.patch" --format json
GOOD=$(json_get 'j["improvements"][0]["id"]')
PYTHONPATH="$(dirname "$TARS_TEST_LIB")" python3 - "$TARS_LSP" "$WS" "$GOOD" "$TMP/started" <<'PY' || fail "lsp cancel"
import os, pathlib, sys, time
from lsp_client import Client

server, ws, good, started = sys.argv[1:]
root = pathlib.Path(ws)
before = (root / "calc.py").read_text()
c = Client([server])
c.request("initialize", {"rootUri": root.as_uri(), "capabilities": {"window": {"workDoneProgress": True}}})
c.notify("initialized", {})
done = c.request("workspace/executeCommand", {"command": "tars.execute", "arguments": [{"improvementId": good}]})
token, context = done["result"]["workDoneToken"], done["result"]["contextId"]
c.wait(lambda m: m.get("method") == "$/progress" and m["params"]["value"]["kind"] == "begin", "progress begin")
for _ in range(1200):  # the gate command signals that it runs; bounded, not a timing assertion
    if os.path.exists(started):
        break
    time.sleep(0.05)
assert os.path.exists(started), "the validation command never started"
assert "sum(values)" in (root / "calc.py").read_text()
c.notify("window/workDoneProgress/cancel", {"token": token})
end = c.wait(lambda m: m.get("method") == "$/progress" and m["params"]["value"]["kind"] == "end", "progress end")
assert "cancelled" in end["params"]["value"]["message"], end
c.wait(lambda m: m.get("method") == "tars/contextChanged" and m["params"] == {"contextId": context, "status": "cancelled"},
       "the cancellation announced")
assert (root / "calc.py").read_text() == before
assert c.request("shutdown")["result"] is None
c.notify("exit", None)
assert c.exit_code() == 0
print("cancel ok")
PY
ok "cancelling an execution's progress stops it and rolls it back"
finish
