#!/usr/bin/env python3
"""Scripted OpenAI-compatible test server for novelist (stdlib only).

Usage:
    python3 Tests/Support/fake_openai.py [--script FILE] [--record FILE] [--verbose]

Binds 127.0.0.1 on a free port and prints exactly ``PORT <n>`` as the first
stdout line. Exits by itself when stdin reaches EOF.

Endpoints (any path prefix is accepted before ``/v1``):
    GET  {prefix}/v1/models
    POST {prefix}/v1/chat/completions

Faults are selected by the path prefix ``/fault/<name>`` (e.g. a base URL of
``http://127.0.0.1:PORT/fault/cut/v1``) or by the header ``X-Fault: <name>``.
Several faults may be combined with commas (``/fault/slow,keepalive/v1``).

Script file (re-read on every request):
    {"rules": [{"match": "substring", "reply": "text",
                "reasoning": "optional", "finish_reason": "stop"}],
     "default": "text"}
The first rule whose ``match`` is a substring of the last ``user`` message wins.
A rule may also say ``"repeat": N`` (its reply N times: a reply of a set length)
and ``"delay": S`` (wait S seconds before answering).
"""

import argparse
import json
import os
import select
import signal
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DEFAULT_REPLY = "好的。这是测试服务器的回答。OK, this is the test server's reply."
DEFAULT_REASONING = "先想一想。Let me think."
MODELS = ["fake-model", "fake-model-2"]
CREATED = 1700000000
COMPLETION_ID = "chatcmpl-test"
PIECE = 3  # Unicode characters per streamed content piece

# Faults that turn any chat request into a plain HTTP error.
STATUS_FAULTS = {
    "401": (401, {"message": "Incorrect API key provided",
                  "type": "invalid_request_error", "code": "invalid_api_key"}),
    "403": (403, {"message": "You are not allowed to access this resource",
                  "type": "permission_error", "code": "forbidden"}),
    "404": (404, {"message": "model not found",
                  "type": "invalid_request_error", "code": "model_not_found"}),
    # Every path answers 404, GET /models included (a wrong path prefix, a proxy).
    "404-all": (404, {"message": "no such path", "type": "invalid_request_error"}),
    "400-context": (400, {"message": "This model's maximum context length is 4096 tokens. "
                                     "However, your messages resulted in 9000 tokens. "
                                     "Please reduce the length of the messages.",
                          "type": "invalid_request_error", "param": "messages",
                          "code": "context_length_exceeded"}),
    "429": (429, {"message": "Rate limit reached for requests. Please try again in 1s.",
                  "type": "requests", "code": "rate_limit_exceeded"}),
    "500": (500, {"message": "The server had an error while processing your request. "
                             "Sorry about that!", "type": "server_error", "code": None}),
    "502": (502, {"message": "Bad gateway", "type": "server_error", "code": None}),
    "503": (503, {"message": "The engine is currently overloaded, please try again later.",
                  "type": "server_error", "code": None}),
}
ONCE_FAULTS = {"429-once": "429", "503-once": "503"}
# Faults that also apply to GET /v1/models (404 and 400-context deliberately don't).
MODELS_FAULTS = {"401", "403", "429", "500", "502", "503", "html", "404-all"}

HTML_PAGE = (
    "<!DOCTYPE html>\n<html>\n<head><title>502 Bad Gateway</title></head>\n"
    "<body>\n<center><h1>502 Bad Gateway</h1></center>\n"
    "<hr><center>nginx</center>\n</body>\n</html>\n"
)

ARGS = None
RECORD_LOCK = threading.Lock()
BATCH_LOCK = threading.Lock()
BATCH = {"inflight": 0, "limited": 0}
ONCE_LOCK = threading.Lock()
ONCE_SEEN = set()


def log(msg):
    if ARGS is not None and ARGS.verbose:
        try:
            sys.stderr.write("[fake_openai] %s\n" % msg)
            sys.stderr.flush()
        except Exception:
            pass


def timeline(event, **fields):
    """--timeline FILE: one JSON line per chat request event (arrival, end, 429), with the time and how
    many chat requests were being answered at that moment."""
    if not ARGS.timeline:
        return
    entry = dict(fields, event=event, t=time.time(), inflight=BATCH["inflight"])
    with open(ARGS.timeline, "a", encoding="utf-8") as f:
        f.write(json.dumps(entry) + "\n")


def batch_begin():
    with BATCH_LOCK:
        BATCH["inflight"] += 1
        timeline("start")


def batch_end():
    with BATCH_LOCK:
        BATCH["inflight"] -= 1
        timeline("end")


def rate_limited(handler):
    """--rate-limit K:SECONDS: the first K chat requests answer 429 with Retry-After SECONDS."""
    if not ARGS.rate_limit:
        return False
    count, _, after = ARGS.rate_limit.partition(":")
    with BATCH_LOCK:
        if BATCH["limited"] >= int(count):
            return False
        BATCH["limited"] += 1
        timeline("429", retry_after=int(after or "1"))
    status, err = STATUS_FAULTS["429"]
    handler.send_error_json(status, err, {"Retry-After": after or "1"})
    return True


def reply_delay():
    """--delay SECONDS: every chat reply starts only after this long (a slow model)."""
    if ARGS.delay:
        time.sleep(ARGS.delay)


class ClientGone(Exception):
    pass


def pieces(text):
    return [text[i:i + PIECE] for i in range(0, len(text), PIECE)]


def content_text(content):
    """Flatten a message content (string or list of parts) to text."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        out = []
        for part in content:
            if isinstance(part, dict):
                t = part.get("text")
                if isinstance(t, str):
                    out.append(t)
            elif isinstance(part, str):
                out.append(part)
        return "".join(out)
    return str(content)


def mask_auth(value):
    token = value.strip()
    if token.lower().startswith("bearer "):
        token = token[7:].strip()
    return "Bearer \u2026" + token[-4:]


def load_script():
    """Returns (script_dict, error_message)."""
    if not ARGS.script:
        return {}, None
    try:
        with open(ARGS.script, "r", encoding="utf-8") as f:
            data = json.load(f)
        if not isinstance(data, dict):
            return None, "script must be a JSON object"
        return data, None
    except Exception as e:  # noqa: BLE001
        return None, "cannot read script %s: %s" % (ARGS.script, e)


def choose_reply(body, script):
    """Returns (reply, reasoning_or_None, finish_reason)."""
    last_user = ""
    messages = body.get("messages") if isinstance(body, dict) else None
    if isinstance(messages, list):
        for m in messages:
            if isinstance(m, dict) and m.get("role") == "user":
                last_user = content_text(m.get("content"))
    for rule in script.get("rules") or []:
        if not isinstance(rule, dict):
            continue
        match = rule.get("match", "")
        if match is None or str(match) in last_user:
            return (str(rule.get("reply", "")),
                    rule.get("reasoning") or None,
                    rule.get("finish_reason") or "stop")
    if "default" in script:
        return str(script.get("default") or ""), None, "stop"
    return DEFAULT_REPLY, None, "stop"


def matching_rule(body, script):
    """The rule choose_reply picked (None for the default reply)."""
    last_user = ""
    for m in (body.get("messages") or []) if isinstance(body, dict) else []:
        if isinstance(m, dict) and m.get("role") == "user":
            last_user = content_text(m.get("content"))
    for rule in script.get("rules") or []:
        if isinstance(rule, dict) and (rule.get("match", "") is None or str(rule.get("match", "")) in last_user):
            return rule
    return None


def rule_extras(body, script, reply):
    """A rule's ``repeat`` (the reply that many times: a reply of a set length) and
    ``delay`` (seconds to wait before answering). Returns (reply, delay)."""
    rule = matching_rule(body, script) or {}
    try:
        times = int(rule.get("repeat") or 1)
    except (TypeError, ValueError):
        times = 1
    try:
        delay = float(rule.get("delay") or 0)
    except (TypeError, ValueError):
        delay = 0.0
    return reply * max(1, times), delay


def prompt_tokens(body):
    total = 0
    messages = body.get("messages") if isinstance(body, dict) else None
    if isinstance(messages, list):
        for m in messages:
            if isinstance(m, dict):
                total += len(content_text(m.get("content")))
    return total // 2 + 1


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FakeOpenAI/1.0"
    sys_version = ""

    def log_message(self, fmt, *args):  # never stdout; stderr only if --verbose
        log("%s - %s" % (self.address_string(), fmt % args))

    # ---------------------------------------------------------------- helpers
    def split_path(self):
        """Returns (faults, route_path)."""
        path = self.path.split("?", 1)[0]
        faults = []
        if path.startswith("/fault/"):
            rest = path[len("/fault/"):]
            name, _, tail = rest.partition("/")
            faults.extend(f for f in name.split(",") if f)
            path = "/" + tail
        hdr = self.headers.get("X-Fault")
        if hdr:
            faults.extend(f.strip() for f in hdr.split(",") if f.strip())
        return faults, path

    def read_body(self):
        te = (self.headers.get("Transfer-Encoding") or "").lower()
        if "chunked" in te:
            chunks = []
            while True:
                line = self.rfile.readline()
                if not line:
                    break
                size = int(line.split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    # trailers until blank line
                    while True:
                        t = self.rfile.readline()
                        if not t or t in (b"\r\n", b"\n"):
                            break
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            return b"".join(chunks)
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def send_bytes(self, status, ctype, data, extra=None):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()

    def send_json(self, status, obj, extra=None):
        data = json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        self.send_bytes(status, "application/json", data, extra)

    def send_error_json(self, status, err, extra=None):
        self.send_json(status, {"error": err}, extra)

    def client_gone(self):
        """True if the peer has closed its side of the connection."""
        try:
            r, _, _ = select.select([self.connection], [], [], 0)
            if r:
                data = self.connection.recv(1, socket.MSG_PEEK)
                return not data
        except Exception:  # noqa: BLE001
            return True
        return False

    def hard_close(self):
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except Exception:  # noqa: BLE001
            pass
        try:
            self.connection.close()
        except Exception:  # noqa: BLE001
            pass

    def wait_for_disconnect(self, limit=600.0):
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            try:
                r, _, _ = select.select([self.connection], [], [], 0.2)
            except Exception:  # noqa: BLE001
                return
            if r:
                try:
                    if not self.connection.recv(1, socket.MSG_PEEK):
                        return
                except Exception:  # noqa: BLE001
                    return
                time.sleep(0.2)  # client sent something; keep stalling

    def status_fault(self, faults, for_models):
        """Sends an error response if one of the faults calls for it."""
        for f in faults:
            if for_models and f not in MODELS_FAULTS:
                continue
            if f == "html":
                self.send_bytes(502, "text/html; charset=utf-8", HTML_PAGE.encode("utf-8"))
                return True
            if f in STATUS_FAULTS:
                status, err = STATUS_FAULTS[f]
                extra = {"Retry-After": "1"} if status == 429 else None
                self.send_error_json(status, err, extra)
                return True
            if not for_models and f in ONCE_FAULTS:
                with ONCE_LOCK:
                    first = f not in ONCE_SEEN
                    ONCE_SEEN.add(f)
                if first:
                    status, err = STATUS_FAULTS[ONCE_FAULTS[f]]
                    extra = {"Retry-After": "1"} if status == 429 else None
                    self.send_error_json(status, err, extra)
                    return True
        return False

    # ---------------------------------------------------------------- routing
    def handle_one_request(self):
        try:
            super().handle_one_request()
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError,
                ClientGone, socket.timeout, OSError) as e:
            log("connection ended: %r" % (e,))
            self.close_connection = True

    def do_GET(self):
        faults, path = self.split_path()
        if ARGS.record:
            with RECORD_LOCK:
                with open(ARGS.record + ".get", "a", encoding="utf-8") as f:
                    f.write(self.path + "\n")
        if path.rstrip("/").endswith("/models"):
            if self.status_fault(faults, for_models=True):
                return
            self.send_json(200, {"object": "list", "data": [
                {"id": m, "object": "model", "owned_by": "test"} for m in MODELS]})
            return
        if path.rstrip("/").endswith("/props") and "props" in faults:
            # llama.cpp's /props: the context window the server was started with.
            self.send_json(200, {"default_generation_settings": {"n_ctx": 2048}, "total_slots": 1})
            return
        self.send_error_json(404, {"message": "Unknown path %s" % self.path,
                                   "type": "invalid_request_error", "code": "unknown_url"})

    def do_POST(self):
        faults, path = self.split_path()
        raw = self.read_body()
        if not path.rstrip("/").endswith("/chat/completions"):
            self.send_error_json(404, {"message": "Unknown path %s" % self.path,
                                       "type": "invalid_request_error", "code": "unknown_url"})
            return
        try:
            body = json.loads(raw.decode("utf-8")) if raw else None
        except Exception:  # noqa: BLE001
            body = None
        self.record(body, raw)
        if not isinstance(body, dict):
            self.send_error_json(400, {"message": "We could not parse the JSON body of your request.",
                                       "type": "invalid_request_error", "code": None})
            return
        if self.status_fault(faults, for_models=False):
            return
        batch_begin()
        self.batch_open = True
        try:
            if rate_limited(self):
                return
            reply_delay()
            self.answer(body, faults)
        finally:
            self.end_batch()

    def end_batch(self):
        """Ends this request in the in-flight count, once."""
        if getattr(self, "batch_open", False):
            self.batch_open = False
            batch_end()

    def answer(self, body, faults):
        script, err = load_script()
        if err:
            self.send_error_json(500, {"message": "fake server: " + err, "type": "server_error"})
            return
        reply, reasoning, finish = choose_reply(body, script)
        reply, rule_delay = rule_extras(body, script, reply)
        if rule_delay > 0:
            time.sleep(rule_delay)
        if "reasoning" in faults and not reasoning:
            reasoning = DEFAULT_REASONING
        if "think" in faults:
            reply = "<think>" + (reasoning or DEFAULT_REASONING) + "</think>" + reply
            reasoning = None
        if "escapes" in faults:  # a malicious reply: OSC title, clipboard write, screen clear, BEL, NUL, C1 CSI
            reply = "\x1b]0;pwned\x07" + reply[:6] + "\x1b]52;c;ZXZpbA==\x07\x00" + reply[6:] + "\x1b[2J\x07\x9b31m"
        if "length" in faults:
            finish = "length"
        model = body.get("model") or MODELS[0]
        if body.get("stream") is True and "json" not in faults:
            self.stream(body, faults, model, reply, reasoning, finish)
        else:
            self.complete(body, faults, model, reply, reasoning, finish)

    def record(self, body, raw):
        if not ARGS.record:
            return
        headers = {}
        for k, v in self.headers.items():
            k = k.lower()
            if k == "authorization":
                v = mask_auth(v)
            headers[k] = headers[k] + ", " + v if k in headers else v
        entry = {"path": self.path, "headers": headers,
                 "body": body if body is not None else raw.decode("utf-8", "replace")}
        line = json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n"
        with RECORD_LOCK:
            with open(ARGS.record, "a", encoding="utf-8") as f:
                f.write(line)
                f.flush()

    # ---------------------------------------------------------------- replies
    def usage(self, body, n_pieces):
        p = prompt_tokens(body)
        script, _ = load_script()
        if isinstance(script, dict) and isinstance(script.get("prompt_tokens"), int):
            p = script["prompt_tokens"]  # a proxy that reports a fixed count (issue 15)
        return {"prompt_tokens": p, "completion_tokens": n_pieces,
                "total_tokens": p + n_pieces,
                "prompt_tokens_details": {"cached_tokens": 0}}

    def complete(self, body, faults, model, reply, reasoning, finish):
        message = {"role": "assistant", "content": reply}
        if reasoning:
            message["reasoning_content"] = reasoning
        obj = {"id": COMPLETION_ID, "object": "chat.completion", "created": CREATED,
               "model": model,
               "choices": [{"index": 0, "message": message, "finish_reason": finish}],
               "usage": self.usage(body, len(pieces(reply)))}
        if "no-choices" in faults:
            obj = {"id": COMPLETION_ID, "object": "chat.completion", "created": CREATED, "model": model}
        data = json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        if "stream-error" in faults:
            self.send_error_json(500, {"message": "upstream overloaded", "type": "server_error"})
        elif "malformed" in faults:
            self.send_bytes(200, "application/json", b"{not json")
        elif "cut" in faults:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 3])
            self.hard_close()
        elif "stall" in faults or "endless" in faults:
            self.close_connection = True
            self.wait_for_disconnect()
        else:
            self.send_bytes(200, "application/json", data)

    def stream(self, body, faults, model, reply, reasoning, finish):
        eol = "\r\n" if "crlf" in faults else "\n"
        keepalive = "keepalive" in faults
        delay = 0.05 if "slow" in faults else 0.0
        self.close_connection = True
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.flush()
        state = {"first": True}

        def write_raw(text):
            self.wfile.write(text.encode("utf-8"))
            self.wfile.flush()

        def event(payload):
            if not state["first"] and delay:
                time.sleep(delay)
            state["first"] = False
            if keepalive:
                write_raw(": keep-alive" + eol + eol)
            if not isinstance(payload, str):
                payload = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
            if payload == "[DONE]":
                # The request is answered once [DONE] leaves: count it as ended before the client can see it,
                # so a client's next request never overlaps it in the in-flight count (no race under load).
                self.end_batch()
            write_raw("data: " + payload + eol + eol)

        def chunk(delta, finish_reason=None):
            return {"id": COMPLETION_ID, "object": "chat.completion.chunk",
                    "created": CREATED, "model": model,
                    "choices": [{"index": 0, "delta": delta,
                                 "finish_reason": finish_reason}]}

        if "no-choices" in faults:  # a 200 stream whose chunks carry no choices at all
            event({"id": COMPLETION_ID, "object": "chat.completion.chunk", "created": CREATED, "model": model})
            event("[DONE]")
            self.hard_close()
            return
        if "llama-error" in faults:  # llama.cpp before PR #16109: an `error:` field, then [DONE]
            write_raw('error: {"code":500,"message":"the request exceeds the available context size","type":"exceed_context_size_error"}' + eol + eol)
            event("[DONE]")
            self.hard_close()
            return
        event(chunk({"role": "assistant", "content": ""}))
        if reasoning:
            for p in pieces(reasoning):
                event(chunk({"reasoning_content": p}))

        if "endless" in faults:
            i = 0
            while True:
                time.sleep(0.01)
                event(chunk({"content": "字%d " % i}))  # raises when client leaves
                i += 1

        parts = pieces(reply)
        for i, p in enumerate(parts):
            if "cut" in faults and i == 3:
                self.hard_close()
                return
            if "stall" in faults and i == 2:
                self.wait_for_disconnect()
                self.hard_close()
                return
            if "stream-error" in faults and i == 2:
                event({"error": {"message": "upstream overloaded", "type": "server_error"}})
                self.hard_close()
                return
            event(chunk({"content": p}))
            if "malformed" in faults and i == 0:
                event("{not json")
        if "stall" in faults:  # reply shorter than 2 pieces
            self.wait_for_disconnect()
            self.hard_close()
            return
        if "stream-error" in faults:
            event({"error": {"message": "upstream overloaded", "type": "server_error"}})
            self.hard_close()
            return
        if "cut" in faults or "no-done" in faults:
            self.hard_close()
            return
        event(chunk({}, finish))
        opts = body.get("stream_options")
        if isinstance(opts, dict) and opts.get("include_usage") is True:
            u = chunk({})
            u["choices"] = []
            u["usage"] = self.usage(body, len(parts))
            event(u)
        event("[DONE]")
        self.hard_close()


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        if ARGS is not None and ARGS.verbose:
            import traceback
            sys.stderr.write("[fake_openai] error from %s:\n" % (client_address,))
            traceback.print_exc(file=sys.stderr)


def watch_stdin():
    try:
        while True:
            data = os.read(0, 65536)
            if not data:
                break
    except Exception:  # noqa: BLE001
        pass
    os._exit(0)


def main():
    global ARGS
    try:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, signal.valid_signals())
    except (AttributeError, ValueError, OSError):
        pass
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_IGN)  # get EPIPE errors instead

    ap = argparse.ArgumentParser(description="Scripted OpenAI-compatible test server")
    ap.add_argument("--script", help="JSON rules file, re-read on every request")
    ap.add_argument("--record", help="append one JSON line per chat request")
    ap.add_argument("--verbose", action="store_true", help="log to stderr")
    ap.add_argument("--delay", type=float, default=0.0, help="seconds before each chat reply")
    ap.add_argument("--rate-limit", help="K:SECONDS: the first K chat requests answer 429 with Retry-After")
    ap.add_argument("--timeline", help="append one JSON line per chat request event (start, end, 429)")
    ARGS = ap.parse_args()

    threading.Thread(target=watch_stdin, name="stdin-watch", daemon=True).start()
    server = Server(("127.0.0.1", 0), Handler)
    sys.stdout.write("PORT %d\n" % server.server_address[1])
    sys.stdout.flush()
    log("listening on 127.0.0.1:%d" % server.server_address[1])
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        os._exit(0)


if __name__ == "__main__":
    main()
