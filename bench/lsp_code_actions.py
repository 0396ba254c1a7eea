#!/usr/bin/env python3
"""Code action latency and memory of tars-lsp with 10,000 improvements over 2,000 files.

Measures how long a started server takes from initialize to its first code action
(twice: the first start after the improvement files were written reads them all; a
later one reads their summaries from state.db), textDocument/codeAction round trips (p50 / p99, as a client sees them over
pipes) while the server is idle and while an execution runs in its background executor
(its validation command sleeps, so the execution stays in flight), and the server's RSS.

usage: bench/lsp_code_actions.py [--server build/server/tars-lsp] [--tarscli build/cli/tarscli]
       [--files 2000] [--improvements 10000] [--requests 3000]
"""
import argparse, hashlib, json, os, pathlib, random, subprocess, tempfile, time

LINES = 40


def make_workspace(root, files, improvements):
    (root / ".tars" / "improvements").mkdir(parents=True)
    per_file = improvements // files
    for f in range(files):
        path = f"src/m{f:04d}.py"
        lines = [f"value_{i} = {i}  # line {i}\n" for i in range(LINES)]
        content = "".join(lines)
        (root / "src").mkdir(exist_ok=True)
        (root / path).write_text(content)
        base = hashlib.sha256(content.encode()).hexdigest()
        for k in range(per_file):
            line = (k * LINES) // per_file
            offset = sum(len(l) for l in lines[:line])
            improvement = {"id": f"imp-b{f:04d}{k}", "title": f"Tidy line {line} of {path}",
                           "changes": [{"kind": "edit", "path": path, "baseHash": base, "edits": [
                               {"offset": offset, "oldText": lines[line], "newText": lines[line].upper()}]}]}
            (root / ".tars" / "improvements" / f"{improvement['id']}.json").write_text(json.dumps(improvement))
    # The one executed during the "busy" measurement; its validation command sleeps.
    (root / "slow.py").write_text("x = 1\n")
    slow = {"id": "imp-slow", "title": "Slow", "changes": [{"kind": "edit", "path": "slow.py",
            "baseHash": hashlib.sha256(b"x = 1\n").hexdigest(),
            "edits": [{"offset": 0, "oldText": "x = 1\n", "newText": "x = 2\n"}]}]}
    (root / ".tars" / "improvements" / "imp-slow.json").write_text(json.dumps(slow))
    (root / ".tars" / "config.json").write_text(json.dumps(
        {"validation": {"commands": [{"name": "sleep", "run": ["sleep", "600"], "timeoutSeconds": 900}]}}))


class Session:
    def __init__(self, server):
        self.process = subprocess.Popen([server, "--log-level", "off"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE)
        self.next_id = 1

    def send(self, message):
        body = json.dumps(message).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def read(self):
        length = 0
        while True:
            line = self.process.stdout.readline().strip()
            if not line:
                break
            name, value = line.split(b":", 1)
            if name.lower() == b"content-length":
                length = int(value)
        return json.loads(self.process.stdout.read(length))

    def request(self, method, params):
        request_id = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": request_id, "method": method, "params": params})
        while True:
            message = self.read()
            if message.get("id") == request_id and "method" not in message:
                return message
            if "method" in message and "id" in message:  # the server's own requests
                self.send({"jsonrpc": "2.0", "id": message["id"], "result": None})

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def rss_mib(self):
        for line in open(f"/proc/{self.process.pid}/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0


def start_session(server, root):
    """A new tars-lsp: the milliseconds from initialize to the first code action answered."""
    session = Session(server)
    start = time.perf_counter()
    session.request("initialize", {"rootUri": root.as_uri(), "capabilities": {"textDocument": {
        "codeAction": {"codeActionLiteralSupport": {"codeActionKind": {"valueSet": []}}}}}})
    session.notify("initialized", {})
    first = session.request("textDocument/codeAction", {
        "textDocument": {"uri": (root / "src/m0000.py").as_uri()},
        "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
        "context": {"diagnostics": []}})
    elapsed = (time.perf_counter() - start) * 1000
    assert first["result"], first
    return session, elapsed


def measure(session, root, open_files, requests, rng):
    latencies = []
    for _ in range(requests):
        f = rng.choice(open_files)
        uri = (root / f"src/m{f:04d}.py").as_uri()
        line = rng.randrange(LINES)
        start = time.perf_counter()
        reply = session.request("textDocument/codeAction", {
            "textDocument": {"uri": uri},
            "range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 3}},
            "context": {"diagnostics": [], "triggerKind": 2}})
        latencies.append((time.perf_counter() - start) * 1000)
        assert "result" in reply, reply
    latencies.sort()
    return latencies[len(latencies) // 2], latencies[int(len(latencies) * 0.99) - 1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", default="build/server/tars-lsp")
    parser.add_argument("--tarscli", default="build/cli/tarscli")
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--improvements", type=int, default=10000)
    parser.add_argument("--requests", type=int, default=3000)
    args = parser.parse_args()
    server, tarscli = os.path.abspath(args.server), os.path.abspath(args.tarscli)
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp) / "ws"
        root.mkdir()
        os.environ["TARS_TRUST_FILE"] = str(pathlib.Path(tmp) / "trusted.json")
        make_workspace(root, args.files, args.improvements)
        subprocess.run([tarscli, "--workspace", str(root), "trust"], check=True, capture_output=True)
        session, cold_ms = start_session(server, root)
        session.request("shutdown", None)
        session.notify("exit", None)
        session.process.wait(timeout=60)
        session, load_ms = start_session(server, root)
        open_files = list(range(0, args.files, 10))  # editors ask about open documents
        for f in open_files:
            path = root / f"src/m{f:04d}.py"
            session.notify("textDocument/didOpen", {"textDocument": {
                "uri": path.as_uri(), "languageId": "python", "version": 1, "text": path.read_text()}})
        idle = measure(session, root, open_files, args.requests, rng)
        rss_idle = session.rss_mib()
        started = session.request("workspace/executeCommand", {"command": "tars.execute",
                                  "arguments": [{"improvementId": "imp-slow"}]})
        context = started["result"]["contextId"]
        busy = measure(session, root, open_files, args.requests, rng)
        status = session.request("tars/status", {"contextId": context})["result"]["status"]
        rss_busy = session.rss_mib()
        session.request("shutdown", None)  # cancels (and rolls back) the sleeping execution
        session.notify("exit", None)
        session.process.wait(timeout=60)
    print(f"tars-lsp, {args.improvements} improvements over {args.files} files, "
          f"{args.requests} code action requests each on {len(open_files)} open documents:")
    print(f"  initialize to the first code action: {load_ms:.0f} ms "
          f"(the first start after the improvement files were written: {cold_ms:.0f} ms)")
    print(f"  idle:               p50 {idle[0]:.3f} ms   p99 {idle[1]:.3f} ms   RSS {rss_idle:.1f} MiB")
    print(f"  during execution ({status}): p50 {busy[0]:.3f} ms   p99 {busy[1]:.3f} ms   RSS {rss_busy:.1f} MiB")


if __name__ == "__main__":
    main()
