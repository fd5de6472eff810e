"""The HTTP plumbing of the stand-in: decode requests as Slack's servers do, answer in JSON.

Kept apart from StandInSlack so that the workspace logic reads without sockets in the way.
Requests arrive the ways slack_sdk sends them: form-encoded or JSON POSTs (or GET with a
query string), with the token in an Authorization header or, for old clients, a form field.
"""

from __future__ import annotations

import contextlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol
from urllib.parse import parse_qsl, urlsplit

# Fields slack_sdk sends as JSON strings inside form bodies.
_JSON_FIELDS = ("blocks", "attachments", "view", "metadata", "users", "files")

# How often serve_forever checks for shutdown: short, so stopping does not slow every test.
_POLL_SECONDS = 0.02

Answer = tuple[int, dict[str, str], dict[str, Any]]


class Backend(Protocol):
    """What the server hands decoded requests to (StandInSlack)."""

    def handle_api(self, method: str, args: dict[str, Any], token: str | None) -> Answer | None:
        """The answer to a Web API call; None to close the connection without one."""

    def handle_response_url(self, token: str, payload: dict[str, Any]) -> Answer | None:
        """The answer to a response_url POST; None to close the connection without one."""

    def handle_upload(self, file_id: str, data: bytes) -> tuple[int, str]:
        """The answer to a file's bytes POSTed to its upload URL: a status and plain text."""


class LoopbackServer(ThreadingHTTPServer):
    """A threaded HTTP server on 127.0.0.1 (at a free port by default), serving from a daemon
    thread; each request has its own thread, so an answer held back delays no other."""

    daemon_threads = True
    # Benchmarks open many connections at once; the default backlog of 5 would make the kernel
    # drop connection attempts, which clients retry only after a second.
    request_queue_size = 128

    def __init__(self, backend: Backend, port: int = 0) -> None:
        super().__init__(("127.0.0.1", port), _RequestHandler)
        self.backend = backend
        self.thread = threading.Thread(
            target=self.serve_forever, args=(_POLL_SECONDS,), name="standin", daemon=True
        )
        self.thread.start()

    @property
    def port(self) -> int:
        return self.server_address[1]

    def close(self) -> None:
        self.shutdown()
        self.server_close()
        self.thread.join()


class _RequestHandler(BaseHTTPRequestHandler):
    server: LoopbackServer

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def _dispatch(self) -> None:
        url = urlsplit(self.path)
        data = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if url.path.startswith("/upload/") and self.command == "POST":
            self._reply_text(*self.server.backend.handle_upload(url.path[len("/upload/") :], data))
            return
        raw = data.decode()
        is_json = (self.headers.get("Content-Type") or "").startswith("application/json")
        try:
            body = json.loads(raw) if is_json and raw else dict(parse_qsl(raw, True))
        except ValueError:
            self._reply((400, {}, {"ok": False, "error": "invalid_json"}))
            return
        backend = self.server.backend
        if url.path.startswith("/api/"):
            args = {**dict(parse_qsl(url.query, True)), **body}
            for key in _JSON_FIELDS:
                if isinstance(args.get(key), str) and args[key][:1] in ("[", "{"):
                    # Undecodable text stays text: the method's own checks reject it as Slack would.
                    with contextlib.suppress(ValueError):
                        args[key] = json.loads(args[key])
            form_token = args.pop("token", None)
            bearer = (self.headers.get("Authorization") or "").removeprefix("Bearer ").strip()
            self._reply(backend.handle_api(url.path[len("/api/") :], args, bearer or form_token))
        elif url.path.startswith("/response/") and self.command == "POST":
            self._reply(backend.handle_response_url(url.path[len("/response/") :], body))
        else:
            self._reply((404, {}, {"ok": False, "error": "not_found"}))

    def _reply(self, answer: Answer | None) -> None:
        if answer is None:
            self.close_connection = True
            return
        status, headers, body = answer
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _reply_text(self, status: int, text: str) -> None:
        data = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: tests and the demo print what people see, not an access log."""
