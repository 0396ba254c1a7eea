#!/usr/bin/env python3
"""tars-lsp and tars-mcp under load, over pipes as editors and agents drive them.

Scenarios (each on a fresh workspace and a fresh server process):
  pipelined   N requests written back to back (tars/status for tars-lsp, ping and
              tools/list for tars-mcp) while another thread reads: every one answered.
  cancel      R rounds of tars.execute (validation sleeps 0.5 s) with a second one at once
              (busy), then the first one's progress cancel and a $/cancelRequest while it
              runs: every request answered (result, error or cancelled), no execution left
              running, and a.txt is what the contexts' statuses say.
  big-open    a 100 MB didOpen (over the 64 MiB frame limit: refused as a ParseError, its
              bytes skipped) and a 60 MB one (accepted, code actions answered on it).
  no-reader   a client that writes 1,000 tars/improvements requests (~150 KiB answers)
              and reads nothing: the server stops handling its input once 32 MiB wait, its
              RSS stops growing, and it answers all of them once the client reads.
Figures: wall time, the server's peak RSS (VmHWM), and the checks' outcomes. Fails (exit
1) when a check fails.

usage: bench/server_load.py [--lsp build/server/tars-lsp] [--mcp build/mcp/tars-mcp]
       [--tarscli build/cli/tarscli] [--requests 10000] [--rounds 200] [--only SCENARIO...]
"""
import argparse, hashlib, json, os, pathlib, subprocess, sys, tempfile, threading, time


def rss_peak_mib(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def rss_mib(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def make_workspace(root, improvements=0):
    (root / ".tars" / "improvements").mkdir(parents=True)
    (root / "a.txt").write_text("hello world\n")
    base = hashlib.sha256(b"hello world\n").hexdigest()
    imp = {"id": "imp-hi", "title": "Capitalise", "changes": [{"kind": "edit", "path": "a.txt",
           "baseHash": base, "edits": [{"offset": 0, "oldText": "hello", "newText": "HELLO"}]}]}
    (root / ".tars" / "improvements" / "imp-hi.json").write_text(json.dumps(imp))
    for i in range(improvements):
        path = f"src/f{i}.py"
        (root / "src").mkdir(exist_ok=True)
        content = f"value = {i}  # a line long enough to make the listing weigh something\n"
        (root / path).write_text(content)
        imp = {"id": f"imp-{i:05d}", "title": f"Tidy {path} " + "x" * 40, "changes": [{
               "kind": "edit", "path": path, "baseHash": hashlib.sha256(content.encode()).hexdigest(),
               "edits": [{"offset": 0, "oldText": "value", "newText": "VALUE"}]}]}
        (root / ".tars" / "improvements" / f"{imp['id']}.json").write_text(json.dumps(imp))


class Client:
    """A client over the server's stdin/stdout; a reader thread collects what it sends and
    answers the server's own requests with null results."""

    def __init__(self, command, lines=False, cwd=None):
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL, cwd=cwd)
        self.lines = lines
        self.lock = threading.Lock()
        self.replies = {}
        self.notifications = []
        self.reading = threading.Event()
        self.reading.set()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def frame(self, message):
        body = json.dumps(message).encode()
        return body + b"\n" if self.lines else b"Content-Length: %d\r\n\r\n" % len(body) + body

    def write(self, data):
        with self.lock:
            self.process.stdin.write(data)
            self.process.stdin.flush()

    def send(self, message):
        self.write(self.frame(message))

    def _read_one(self):
        out = self.process.stdout
        if self.lines:
            line = out.readline()
            return json.loads(line) if line else None
        length = None
        while True:
            line = out.readline()
            if not line:
                return None
            if not line.strip():
                break
            name, value = line.split(b":", 1)
            if name.lower() == b"content-length":
                length = int(value)
        return json.loads(out.read(length))

    def _read(self):
        while True:
            self.reading.wait()
            message = self._read_one()
            if message is None:
                return
            if "method" in message and "id" in message:
                self.send({"jsonrpc": "2.0", "id": message["id"], "result": None})
            elif "method" in message:
                self.notifications.append(message)
            else:
                self.replies[message.get("id")] = message

    def wait_for(self, ids, timeout=600):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if all(i in self.replies for i in ids):
                return True
            time.sleep(0.01)
        return False

    def request(self, id, method, params):
        self.send({"jsonrpc": "2.0", "id": id, "method": method, "params": params})
        assert self.wait_for([id]), f"no reply to {method}"
        return self.replies[id]

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=120)


def lsp(args, root, options=None):
    client = Client([args.lsp, "--log-level", "off"])
    reply = client.request("init", "initialize", {
        "processId": None, "rootUri": root.as_uri(), "initializationOptions": options or {},
        "capabilities": {"window": {"workDoneProgress": True}}})
    assert "result" in reply, reply
    client.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    return client


def pipelined_lsp(args, root):
    client = lsp(args, root)
    start = time.perf_counter()
    data = b"".join(client.frame({"jsonrpc": "2.0", "id": i, "method": "tars/status", "params": {}})
                    for i in range(args.requests))
    client.write(data)
    ok = client.wait_for(range(args.requests))
    seconds = time.perf_counter() - start
    answered = sum(1 for i in range(args.requests) if "result" in client.replies.get(i, {}))
    peak = rss_peak_mib(client.process.pid)
    client.close()
    return ok and answered == args.requests, (f"{args.requests} tars/status pipelined: {answered} answered "
                                              f"in {seconds:.2f} s, peak RSS {peak:.0f} MiB")


def pipelined_mcp(args, root):
    client = Client([args.mcp, "--workspace", str(root), "--log-level", "off"], lines=True)
    client.request("init", "initialize", {"protocolVersion": "2025-11-25", "capabilities": {},
                                          "clientInfo": {"name": "bench", "version": "1"}})
    client.send({"jsonrpc": "2.0", "method": "notifications/initialized"})
    start = time.perf_counter()
    method = lambda i: "ping" if i % 2 else "tools/list"
    client.write(b"".join(client.frame({"jsonrpc": "2.0", "id": i, "method": method(i), "params": {}})
                          for i in range(args.requests)))
    ok = client.wait_for(range(args.requests))
    seconds = time.perf_counter() - start
    answered = sum(1 for i in range(args.requests) if "result" in client.replies.get(i, {}))
    peak = rss_peak_mib(client.process.pid)
    client.close()
    return ok and answered == args.requests, (f"{args.requests} ping/tools/list pipelined (tars-mcp): "
                                              f"{answered} answered in {seconds:.2f} s, peak RSS {peak:.0f} MiB")


def execute(i):
    return {"jsonrpc": "2.0", "id": i, "method": "workspace/executeCommand",
            "params": {"command": "tars.execute", "arguments": [{"improvementId": "imp-hi"}]}}


def cancel_storm(args, root):
    # Validation sleeps 0.5 s, so each execution is in flight when its cancel arrives.
    (root / ".tars" / "config.json").write_text(json.dumps({"validation": {"commands": [
        {"name": "sleep", "run": ["sleep", "0.5"], "timeoutSeconds": 60}]}}))
    subprocess.run([args.tarscli, "--workspace", str(root), "trust"], check=True, capture_output=True)
    client = lsp(args, root, {"validate": True})
    start = time.perf_counter()
    for i in range(args.rounds):
        # An execution, a second one at once (busy), then the first one's cancel.
        client.write(client.frame(execute(i)) + client.frame(execute(f"busy{i}")))
        client.wait_for([i, f"busy{i}"])
        token = client.replies[i].get("result", {}).get("workDoneToken")
        client.write(client.frame({"jsonrpc": "2.0", "method": "window/workDoneProgress/cancel",
                                   "params": {"token": token}}) +
                     client.frame({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": i}}))
        if i % 10 == 9:  # now and then a rollback of what ran last
            context = client.replies[i].get("result", {}).get("contextId")
            if context:
                client.send({"jsonrpc": "2.0", "id": f"rb{i}", "method": "workspace/executeCommand",
                             "params": {"command": "tars.rollback", "arguments": [{"contextId": context}]}})
    ok = client.wait_for(list(range(args.rounds)) + [f"rb{i}" for i in range(9, args.rounds, 10)
                                                     if client.replies.get(i, {}).get("result")])
    kinds = {"result": 0, "cancelled": 0, "error": 0}
    for i in [*range(args.rounds), *(f"busy{i}" for i in range(args.rounds))]:
        reply = client.replies.get(i, {})
        kinds["result" if "result" in reply else
              "cancelled" if reply.get("error", {}).get("code") == -32800 else "error"] += 1
    # Quiet: no context running any more.
    deadline = time.time() + 120
    while time.time() < deadline:
        status = client.request(f"st{time.time()}", "tars/status", {})["result"]["contexts"]
        if not any(c["status"] == "running" for c in status):
            break
        time.sleep(0.2)
    statuses = {}
    for c in status:
        statuses[c["status"]] = statuses.get(c["status"], 0) + 1
    text = (root / "a.txt").read_text()
    applied = any(c["status"] in ("awaiting_review", "approved") for c in status)
    consistent = text == ("HELLO world\n" if applied else "hello world\n")
    seconds = time.perf_counter() - start
    peak = rss_peak_mib(client.process.pid)
    client.close()
    return ok and consistent and "running" not in statuses, (
        f"{args.rounds} executions (0.5 s validation), each with a second one at once and its cancel "
        f"while it runs: answers {kinds}, contexts {statuses}, "
        f"a.txt {'matches' if consistent else 'DOES NOT MATCH'} them; {seconds:.1f} s, peak RSS {peak:.0f} MiB")


def big_open(args, root):
    client = lsp(args, root)
    out = []
    ok = True
    for mib, accepted in ((100, False), (60, True)):
        uri = (root / f"big{mib}.txt").as_uri()
        text = ("x" * 99 + "\n") * (mib * 1024 * 1024 // 100)
        start = time.perf_counter()
        errors_before = len([r for r in client.replies if r is None])
        client.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "plaintext", "version": 1, "text": text}}})
        reply = client.request(f"ca{mib}", "textDocument/codeAction", {
            "textDocument": {"uri": uri}, "range": {"start": {"line": 5, "character": 0},
                                                    "end": {"line": 5, "character": 3}},
            "context": {"diagnostics": []}})
        seconds = time.perf_counter() - start
        refused = None in client.replies and client.replies[None].get("error", {}).get("code") == -32700
        ok = ok and "result" in reply and (refused if not accepted else True)
        out.append(f"{mib} MB didOpen {'refused (ParseError), skipped' if not accepted else 'accepted'}, "
                   f"next request answered in {seconds:.2f} s")
        client.replies.pop(None, None)
        del errors_before
    peak = rss_peak_mib(client.process.pid)
    client.close()
    return ok, "; ".join(out) + f"; peak RSS {peak:.0f} MiB"


def no_reader(args, root):
    client = lsp(args, root)
    first = client.request("size", "tars/improvements", {})
    size = len(json.dumps(first))
    client.reading.clear()  # the client stops reading
    count = 1000
    data = b"".join(client.frame({"jsonrpc": "2.0", "id": i, "method": "tars/improvements", "params": {}})
                    for i in range(count))
    writer = threading.Thread(target=client.write, args=(data,), daemon=True)
    writer.start()
    rss_before = rss_mib(client.process.pid)
    samples = []
    while len(samples) < 4 or samples[-1] != samples[-4]:  # until it stops growing
        time.sleep(1)
        samples.append(round(rss_mib(client.process.pid)))
        if len(samples) > 120:
            break
    answered_blocked = len(client.replies) - 2  # init and size
    client.reading.set()  # reads again
    ok = client.wait_for(range(count))
    writer.join()
    peak = rss_peak_mib(client.process.pid)
    client.close()
    return ok, (f"{count} requests of ~{size // 1024} KiB answers (~{count * size // 2**20} MiB) with nobody "
                f"reading: RSS {rss_before:.0f} -> {samples[-1]} MiB, then steady ({len(samples)} s); "
                f"all answered once read: {ok}; peak RSS {peak:.0f} MiB")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lsp", default="build/server/tars-lsp")
    parser.add_argument("--mcp", default="build/mcp/tars-mcp")
    parser.add_argument("--tarscli", default="build/cli/tarscli")
    parser.add_argument("--requests", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--only", nargs="*")
    args = parser.parse_args()
    args.lsp, args.mcp, args.tarscli = map(os.path.abspath, (args.lsp, args.mcp, args.tarscli))
    scenarios = [("pipelined", pipelined_lsp, 0), ("pipelined-mcp", pipelined_mcp, 0),
                 ("cancel", cancel_storm, 0), ("big-open", big_open, 0), ("no-reader", no_reader, 1000)]
    failed = False
    for name, run, improvements in scenarios:
        if args.only and name not in args.only:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            root = pathlib.Path(tmp) / "ws"
            root.mkdir()
            os.environ["TARS_TRUST_FILE"] = str(pathlib.Path(tmp) / "trusted.json")
            make_workspace(root, improvements)
            ok, line = run(args, root)
            print(f"{name:14} {'ok  ' if ok else 'FAIL'} {line}", flush=True)
            failed |= not ok
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
