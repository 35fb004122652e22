"""A small HTTP server on 127.0.0.1 for the harvest benchmarks and tests: one answer function.

``answer(method, path, headers)`` returns ``(status, [(header, value)], body)``; the body may be
bytes or an iterable of byte chunks, written and flushed one by one (a server that drips). HEAD
answers carry the headers only. The backlog is a real server's, not http.server's five.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Body = bytes | Iterable[bytes]
Answer = Callable[[str, str, dict[str, str]], tuple[int, list[tuple[str, str]], Body]]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128


class LoopbackServer:
    """Serve ``answer`` on a free port of 127.0.0.1 (``base`` is its URL, with a trailing slash)."""

    def __init__(self, answer: Answer) -> None:
        self.answer = answer
        self.httpd = _Server(("127.0.0.1", 0), _handler(self))
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}/"

    @contextmanager
    def running(self) -> Iterator[LoopbackServer]:
        """Serve in a thread while the block runs, then close the port."""
        thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self.httpd.shutdown()
            self.httpd.server_close()


def _handler(server: LoopbackServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _send(self) -> None:
            status, headers, body = server.answer(
                self.command, self.path, {k.lower(): v for k, v in self.headers.items()}
            )
            self.send_response(status)
            for key, value in headers:
                self.send_header(key, value)
            if isinstance(body, bytes):
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command == "HEAD":
                return
            for chunk in [body] if isinstance(body, bytes) else body:
                self.wfile.write(chunk)
                self.wfile.flush()

        def do_GET(self) -> None:
            self._send()

        def do_HEAD(self) -> None:
            self._send()

        def log_message(self, format: str, *args: object) -> None:
            return

    return Handler
