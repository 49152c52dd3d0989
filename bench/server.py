#!/usr/bin/env python3
"""The benchmark's OpenAI-compatible streaming server (Python stdlib only).

Listens on 127.0.0.1 and a free port, prints the port on stdout, and exits when its stdin closes
(the benchmark also stops it by its PID). Routes:

  POST /tp/v1/chat/completions   the fixed throughput stream: CHUNKS chat.completion.chunk events with
                                 mixed Chinese and English content, written as fast as possible
                                 (the pre-built body goes out in 16 KiB writes, HTTP chunked encoding)
  POST /lat/v1/chat/completions  the latency stream: LAT_CHUNKS events, one write each, GAP ms apart;
                                 each content carries its send time as @T<time.monotonic_ns()>@
  GET  /*/v1/models              one model, "bench"

    server.py [--chunks 100000] [--lat-chunks 2000] [--gap-ms 2] [--dump FILE]

--dump FILE writes the throughput stream's SSE body to FILE and exits (for the in-process decoder timing).
"""
import argparse
import json
import os
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PIECES = [
    "雾", "港的", "灯塔", "在夜里", "亮了", "。", "林晚", "推开门", "，", "潮水", "退去", "\n\n",
    " The", " harbour", " light", " flickered", ".", " She", " said", ",", " “", "你好", "”", " OK",
    "钟声", "响起", "三年", "以前", " 2025", "年", " mist", " and", " salt", "——", "旧信", "上写着",
]

HEAD = {"id": "chatcmpl-bench", "object": "chat.completion.chunk", "created": 1700000000, "model": "bench",
        "system_fingerprint": "fp_bench"}


def event(obj):
    return b"data: " + json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode() + b"\n\n"


def chunk(content=None, role=None, finish=None):
    delta = {}
    if role:
        delta["role"] = role
    if content is not None:
        delta["content"] = content
    return event(dict(HEAD, choices=[{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}]))


def usage(n):
    return event(dict(HEAD, choices=[], usage={"prompt_tokens": 1000, "completion_tokens": n, "total_tokens": 1000 + n}))


def throughput_body(n):
    parts = [chunk(content="", role="assistant")]
    for i in range(n - 2):
        parts.append(chunk(content=PIECES[i % len(PIECES)]))
    parts.append(chunk(finish="stop"))
    parts.append(usage(n))
    parts.append(b"data: [DONE]\n\n")
    return b"".join(parts)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _json(self, obj):
        body = json.dumps(obj).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path.endswith("/models"):
            self._json({"object": "list", "data": [{"id": "bench", "object": "model"}]})
        else:
            self.send_error(404)

    def _start_stream(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.flush()
        self.close_connection = True

    def _send(self, data):
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        if self.path.startswith("/tp/") and self.path.endswith("/chat/completions"):
            self._start_stream()
            body = self.server.body
            step = 16384
            for off in range(0, len(body), step):
                self._send(body[off:off + step])
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
        elif self.path.startswith("/lat/") and self.path.endswith("/chat/completions"):
            self._start_stream()
            n, gap = self.server.lat_chunks, self.server.gap
            sock = self.connection
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk(content="", role="assistant")), chunk(content="", role="assistant")))
            self.wfile.flush()
            nxt = time.monotonic() + gap
            for i in range(n):
                while True:  # a short sleep, then spin: keeps the send times even without oversleeping
                    left = nxt - time.monotonic()
                    if left <= 0:
                        break
                    if left > 0.0015:
                        time.sleep(left - 0.001)
                nxt += gap
                text = PIECES[i % len(PIECES)]
                # The stamp is taken as late as possible: right before the one write(2) of this event.
                data = chunk(content="%s@T%d@" % (text, time.monotonic_ns()))
                self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
                self.wfile.flush()
            tail = chunk(finish="stop") + usage(n) + b"data: [DONE]\n\n"
            self._send(tail)
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
        else:
            self.send_error(404)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--chunks", type=int, default=100_000)
    ap.add_argument("--lat-chunks", type=int, default=2000)
    ap.add_argument("--gap-ms", type=float, default=2.0)
    ap.add_argument("--dump")
    a = ap.parse_args()
    body = throughput_body(a.chunks)
    if a.dump:
        with open(a.dump, "wb") as f:
            f.write(body)
        return
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.body = body
    server.lat_chunks = a.lat_chunks
    server.gap = a.gap_ms / 1000
    print(server.server_address[1], flush=True)

    def watch_stdin():
        try:
            while sys.stdin.buffer.read(4096):
                pass
        finally:
            os._exit(0)

    threading.Thread(target=watch_stdin, daemon=True).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
