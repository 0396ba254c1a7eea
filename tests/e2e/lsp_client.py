"""A minimal LSP client for the session tests: drives the real tars-lsp over pipes,
answers its requests, and waits for messages with a bound (failing, never sleeping)."""
import json
import queue
import subprocess
import threading

TIMEOUT = 60


class Client:
    def __init__(self, command, capabilities=None):
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE)
        self.messages = queue.Queue()
        self.seen = []  # every message from the server, in order
        self.next_id = 1
        self.answer_requests = True
        self.answers = {}  # method -> result, or a function of the params giving it
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        stream = self.process.stdout
        while True:
            headers = {}
            while True:
                line = stream.readline()
                if not line:
                    self.messages.put(None)
                    return
                line = line.decode().strip()
                if not line:
                    break
                name, value = line.split(":", 1)
                headers[name.lower()] = value.strip()
            body = stream.read(int(headers["content-length"]))
            message = json.loads(body)
            if "method" in message and "id" in message and self.answer_requests:
                answer = self.answers.get(message["method"])
                result = answer(message.get("params")) if callable(answer) else answer
                self.send({"jsonrpc": "2.0", "id": message["id"], "result": result})
            self.messages.put(message)

    def raw(self, data):
        self.process.stdin.write(data)
        self.process.stdin.flush()

    def send(self, message):
        body = json.dumps(message).encode()
        self.raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request_async(self, method, params):
        request_id = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": request_id, "method": method, "params": params})
        return request_id

    def request(self, method, params=None):
        request_id = self.request_async(method, params if params is not None else {})
        return self.wait(lambda m: m.get("id") == request_id and "method" not in m)

    def wait(self, predicate, what="a message"):
        for message in self.seen:
            if predicate(message):
                self.seen.remove(message)
                return message
        while True:
            message = self.messages.get(timeout=TIMEOUT)
            if message is None:
                raise AssertionError(f"server closed its output while waiting for {what}")
            if predicate(message):
                return message
            self.seen.append(message)

    def exit_code(self):
        return self.process.wait(timeout=TIMEOUT)
