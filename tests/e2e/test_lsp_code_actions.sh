#!/usr/bin/env bash
# tars-lsp code actions and editor state: hint diagnostics and the quick fix answering
# them, lazy codeAction/resolve, fix-all, stale improvements disabled, roll back / approve
# / reject actions on changed files, contexts changed by tarscli announced, $/cancelRequest,
# the trust question declined, and the server leaving when its client process dies.
source "${TARS_TEST_LIB:?run it through ctest (it sets TARS_TEST_LIB)}" || exit 1
: "${TARS_LSP:?set TARS_LSP to the tars-lsp binary}"
WS="$TMP/ws"
make_calc_workspace "$WS"
expect 0 trust
cp "$REPO_ROOT/examples/calc/use-sum.patch" "$TMP/"
expect 0 improve import "$TMP/use-sum.patch" --format json
GOOD=$(json_get 'j["improvements"][0]["id"]')
make_patch calc.py 's|    return a / b|    return a / float(b)|' "$TMP/divide.patch"
expect 0 improve import "$TMP/divide.patch" --format json
DIVIDE=$(json_get 'j["improvements"][0]["id"]')

PYTHONPATH="$(dirname "$TARS_TEST_LIB")" python3 - "$TARS_LSP" "$WS" "$GOOD" "$DIVIDE" "$TARSCLI" <<'PY' || fail "code actions"
import pathlib, subprocess, sys
from lsp_client import Client

server, ws, good, divide, tarscli = sys.argv[1:]
root = pathlib.Path(ws)
uri = (root / "calc.py").as_uri()
text = (root / "calc.py").read_text()
c = Client([server])
c.request("initialize", {"rootUri": root.as_uri(), "initializationOptions": {"hints": True},
    "capabilities": {"textDocument": {"codeAction": {
        "codeActionLiteralSupport": {"codeActionKind": {"valueSet": []}},
        "disabledSupport": True, "dataSupport": True, "resolveSupport": {"properties": ["command"]}}}}})
c.notify("initialized", {})
c.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}})

def actions(line, context=None, character=0):
    return c.request("textDocument/codeAction", {"textDocument": {"uri": uri},
        "range": {"start": {"line": line, "character": character}, "end": {"line": line, "character": character}},
        "context": context or {"diagnostics": []}})["result"]

# Hints where improvements apply; the quick fix answering one is preferred and resolved lazily.
hints = c.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
               and m["params"]["diagnostics"], "hint diagnostics")["params"]
assert hints["version"] == 1, hints
hint = next(d for d in hints["diagnostics"] if d["code"] == good)
assert hint["severity"] == 4 and hint["source"] == "tars", hint
line = hint["range"]["start"]["line"]
fix = next(a for a in actions(line, {"diagnostics": [hint]}) if a["kind"] == "quickfix")
assert fix["isPreferred"] and fix["diagnostics"] == [hint] and "command" not in fix, fix
resolved = c.request("codeAction/resolve", fix)["result"]
assert resolved["command"]["command"] == "tars.execute", resolved
assert resolved["command"]["arguments"][0]["improvementId"] == good, resolved

# Fix-all only when source actions are asked for; `only` filters the kinds.
fix_all = actions(line, {"diagnostics": [], "only": ["source.fixAll"]})
assert [a["kind"] for a in fix_all] == ["source.fixAll.tars"], fix_all
ids = c.request("codeAction/resolve", fix_all[0])["result"]["command"]["arguments"][0]["improvementIds"]
assert sorted(ids) == sorted([good, divide]), ids
assert all(a["kind"] != "source.fixAll.tars" for a in actions(line))
assert actions(line, {"diagnostics": [], "only": ["quickfix"]}) == []

# A buffer edit that removes the text an improvement replaces makes it stale: disabled, with why.
divide_line = text.splitlines().index("    return a / b")
c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"range": {
    "start": {"line": divide_line, "character": 4}, "end": {"line": divide_line, "character": 16}},
    "text": "return a // b"}]})
stale = [a for a in actions(divide_line) if a["title"].endswith("divide.patch")]
assert stale and all("Improvement is stale: calc.py" in a["disabled"]["reason"] for a in stale), stale
c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": text}]})
assert all("disabled" not in a for a in actions(divide_line)), actions(divide_line)

# Execute through the resolved command; then the changed file offers approve / reject / roll back.
started = c.request("workspace/executeCommand", resolved["command"])["result"]
context = started["contextId"]
c.wait(lambda m: m.get("method") == "tars/contextChanged" and m["params"]["contextId"] == context
       and m["params"]["status"] == "awaiting_review", "the execution")
c.wait(lambda m: m.get("method") == "window/showMessage" and good in m["params"]["message"], "the end message")
changed_text = (root / "calc.py").read_text()
c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 4}, "contentChanges": [{"text": changed_text}]})
offered = {a["title"]: a for a in actions(0, {"diagnostics": [], "triggerKind": 1})}
assert "Approve execution " + context in offered and "Reject execution " + context in offered, offered
assert offered["Approve execution " + context]["kind"] == "refactor.tars.approve"
rollback = next(a for t, a in offered.items() if t.startswith("Roll back this file"))
assert actions(0, {"diagnostics": [], "only": ["quickfix"]}) == []
command = c.request("codeAction/resolve", rollback)["result"]["command"]
assert command["arguments"][0] == {"contextId": context, "path": "calc.py"}, command
rolled = c.request("workspace/executeCommand", command)["result"]
assert rolled["status"] == "rolled_back" and (root / "calc.py").read_text() == text, rolled
assert not any(t.startswith("Roll back") for t in (a["title"] for a in actions(0)))

# A context run by tarscli is announced (the server notices the shared store changed).
subprocess.run([tarscli, "--workspace", ws, "execute", "improvement", "--id", divide], check=True,
               capture_output=True)
cli = c.wait(lambda m: m.get("method") == "tars/contextChanged" and m["params"]["contextId"] != context
             and m["params"]["status"] == "awaiting_review", "the tarscli context")["params"]["contextId"]
subprocess.run([tarscli, "--workspace", ws, "execute", "review", "--context-id", cli, "--approve"], check=True,
               capture_output=True)
c.wait(lambda m: m.get("method") == "tars/contextChanged" and m["params"] == {"contextId": cli, "status": "approved"},
       "the approval by tarscli")

def frame(message):
    import json
    body = json.dumps(message).encode() if not isinstance(message, bytes) else message
    return b"Content-Length: %d\r\n\r\n" % len(body) + body

# Hostile input: wrong types everywhere, out-of-range positions, bad headers, bad UTF-8.
# Each request gets an answer, and the server keeps serving.
weird = [
    {"textDocument": {"uri": uri}, "range": {"start": {"line": "x", "character": 0}, "end": None}},
    {"textDocument": {"uri": uri}, "range": {"start": {"line": 10**9, "character": -5},
     "end": {"line": 10**9, "character": 10**9}}, "context": {"diagnostics": "no", "only": 5, "triggerKind": "x"}},
    {"textDocument": {"uri": "http://elsewhere/x.py"}, "range": {}},
    {"textDocument": {"uri": "file:///etc/passwd"}, "range": {"start": {"line": 0, "character": 0},
     "end": {"line": 0, "character": 0}}},
    [], None, "text", 42,
]
for params in weird:
    answer = c.request("textDocument/codeAction", params)
    assert "error" in answer or isinstance(answer.get("result"), list), answer
c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 9}, "contentChanges": [
    {"range": {"start": {"line": 999, "character": 999}, "end": {"line": 0, "character": 0}}, "text": "x"}, 7]})
c.notify("textDocument/didOpen", {"textDocument": "nope"})
for params in [None, {}, {"command": 5}, {"command": "tars.execute", "arguments": [5]},
               {"command": "tars.rollback", "arguments": [{"contextId": "ctx-none"}]},
               {"command": "tars.execute", "arguments": [{"improvementIds": []}]}]:
    answer = c.request("workspace/executeCommand", params)
    assert answer["error"]["code"] in (-32602, -32803), answer
c.raw(frame(b'{"jsonrpc":"2.0","id":77,"method":"tars/status","params":{"x":"\xff\xfe"}}'.replace(b"\\xff\\xfe", bytes([0xff, 0xfe]))))
assert c.wait(lambda m: m.get("id") is None and "error" in m, "a parse error")["error"]["code"] == -32700
c.raw(b"Content-Length: abc\r\n\r\n")
c.raw(b"X-Nothing: 1\r\n\r\n")
assert "contexts" in c.request("tars/status")["result"], "the server stopped serving"

# $/cancelRequest in the same read as its request: answered once, RequestCancelled.
c.raw(frame({"jsonrpc": "2.0", "id": 900, "method": "tars/status", "params": {}}) +
      frame({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": 900}}))
cancelled = c.wait(lambda m: m.get("id") == 900, "the cancelled request")
assert cancelled["error"]["code"] == -32800, cancelled
assert c.request("shutdown")["result"] is None
c.notify("exit", None)
assert c.exit_code() == 0
assert not any(m.get("id") == 900 for m in c.seen), "answered twice"
print("code actions ok")
PY
ok "quick fix from hints, lazy resolve, fix-all, stale disabled, context actions, tarscli changes seen, cancel"

# Untrusted workspace: the server asks; "Don't run" executes nothing.
WS="$TMP/ws2"
make_calc_workspace "$WS"
# Trusting covers every program of the config, so the question names them all.
python3 - "$WS/.tars/config.json" <<'PY'
import json, sys
config = json.load(open(sys.argv[1]))
config["validation"]["syntax"] = {"cpp": ["g++", "-fsyntax-only"]}
json.dump(config, open(sys.argv[1], "w"))
PY
expect 0 improve import "$TMP/use-sum.patch" --format json
GOOD=$(json_get 'j["improvements"][0]["id"]')
PYTHONPATH="$(dirname "$TARS_TEST_LIB")" python3 - "$TARS_LSP" "$WS" "$GOOD" <<'PY' || fail "trust declined"
import pathlib, subprocess, sys
from lsp_client import Client

server, ws, good = sys.argv[1:]
root = pathlib.Path(ws)
before = (root / "calc.py").read_text()
c = Client([server])
asked = []
c.answers["window/showMessageRequest"] = lambda p: asked.append(p) or {"title": "Don't run"}
c.request("initialize", {"rootUri": root.as_uri(),
                         "capabilities": {"window": {"showMessage": {"messageActionItem": {}}}}})
c.notify("initialized", {})
started = c.request("workspace/executeCommand", {"command": "tars.execute", "arguments": [{"improvementId": good}]})
assert started["result"] == {"contextId": None, "awaitingTrust": True}, started
c.wait(lambda m: m.get("method") == "window/showMessage" and "not trusted" in m["params"]["message"], "the refusal")
assert "python3 -m unittest" in asked[0]["message"], asked
assert "syntax check (cpp): g++ -fsyntax-only" in asked[0]["message"], asked
assert (root / "calc.py").read_text() == before
assert c.request("tars/status")["result"]["contexts"] == []

# The client process named in initialize dies: the server leaves by itself.
parent = subprocess.Popen(["sleep", "0.5"])
orphan = Client([server])
orphan.request("initialize", {"processId": parent.pid, "rootUri": root.as_uri(), "capabilities": {}})
parent.wait()
assert orphan.exit_code() == 1
print("trust ok")
PY
ok "an untrusted config's commands run only when the user accepts; a dead client ends the server"
finish
