"""Open Door's HTTP front, built the same way for `serve`, the demo and the tests.

One factory makes the Bolt app, the lanes its listeners' work runs in, and the server, so what
the tests exercise is what production runs. The server is cheroot: a well-kept, pure-Python WSGI
server whose thread pool answers each request on its own thread, which can run inside a test
process, and whose `stop()` finishes the requests in flight before it returns.
"""

from __future__ import annotations

import io
import logging
import threading
import time
from collections.abc import Iterable
from typing import Any

from cheroot import wsgi
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk.signature import SignatureVerifier

from bot import slack_shapes
from bot.app import create_app
from bot.db import newest_revision, schema_is_current
from bot.lanes import Lanes
from bot.oauth import INSTALL_PATH, REDIRECT_PATH
from bot.services import Services

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
# Slack's largest payloads (a full modal's state) are tens of kilobytes; anything far bigger is
# refused before it is read.
MAX_BODY_BYTES = 512 * 1024
# Connections the kernel queues while every thread is busy: a staff-meeting burst waits, not fails.
ACCEPT_BACKLOG = 1024

log = logging.getLogger(__name__)


class _Server(wsgi.Server):
    def error_log(self, msg: str = "", level: int = 20, traceback: bool = False) -> None:
        """One short line per connection problem; cheroot would print tracebacks to stderr."""
        log.log(max(level, logging.WARNING) if traceback else level, "http: %s", msg)

    def stop(self) -> None:
        """Also drop the statistics cheroot files under `logging.statistics` for every server it
        makes: left there, they keep the whole app alive, and a process that starts servers one
        after another (the test suite) grows until its garbage collector stalls for seconds."""
        super().stop()
        statistics: dict[str, Any] = getattr(logging, "statistics", {})
        statistics.pop(f"Cheroot HTTPServer {id(self)}", None)


def wsgi_server(
    application: Any,
    host: str,
    port: int,
    threads: int,
    shutdown_seconds: int,
    reuse_port: bool = False,
) -> wsgi.Server:
    """The server every Open Door process (and the benchmark's bare Bolt app) listens with;
    `reuse_port` lets several processes share one port."""
    server = _Server(
        (host, port),
        application,
        numthreads=threads,
        request_queue_size=ACCEPT_BACKLOG,
        shutdown_timeout=shutdown_seconds,
        reuse_port=reuse_port,
    )
    server.max_request_body_size = MAX_BODY_BYTES
    server.prepare()
    return server


class _Refusals:
    """Refused requests are one short warning, at most one per interval, so a flood of them can't
    fill the disk; the line names the sender and why, never what the body carried."""

    INTERVAL = 10.0

    def __init__(self, reason: str) -> None:
        self._reason = reason
        self._lock = threading.Lock()
        self._last = -self.INTERVAL
        self._quiet = 0

    def note(self, remote: str, detail: str = "") -> None:
        now = time.monotonic()
        with self._lock:
            if now - self._last < self.INTERVAL:
                self._quiet += 1
                return
            quiet, self._quiet, self._last = self._quiet, 0, now
        why = f"{self._reason} ({detail})" if detail else self._reason
        more = f" (and {quiet} more since the last warning)" if quiet else ""
        log.warning("refused a request from %s: %s%s", remote, why, more)


class EventsServer:
    """The Bolt app behind cheroot. `start()` serves from a thread; `stop()` drains gracefully."""

    def __init__(
        self, services: Services, host: str = "127.0.0.1", port: int = 0, reuse_port: bool = False
    ) -> None:
        settings = services.settings
        self.services = services
        self.lanes = Lanes.for_settings(settings)
        self.app = create_app(services, self.lanes)
        services.outbox.yield_to(self.lanes.busy)
        self._bolt = SlackRequestHandler(self.app)
        self._expected_revision = newest_revision()
        self._http = wsgi_server(
            self._application,
            host,
            port,
            settings.opendoor_http_threads,
            settings.opendoor_shutdown_seconds,
            reuse_port,
        )
        self._thread: threading.Thread | None = None
        self._verifier = SignatureVerifier(settings.slack_signing_secret)
        self._forged = _Refusals("bad or missing Slack signature")
        self._malformed = _Refusals("signed, but not a payload Slack sends")

    @property
    def port(self) -> int:
        return int(self._http.socket.getsockname()[1])

    @property
    def url(self) -> str:
        host = self._http.socket.getsockname()[0]
        return f"http://{host}:{self.port}{EVENTS_PATH}"

    def start(self) -> EventsServer:
        self._thread = threading.Thread(target=self._http.serve, name="http", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop taking requests, finish the ones in flight, then the work they acknowledged."""
        self._http.stop()
        if self._thread is not None:
            self._thread.join(self.services.settings.opendoor_shutdown_seconds)
        self.lanes.wait_idle(self.services.settings.opendoor_shutdown_seconds)
        self.lanes.shutdown(wait=True)

    def healthy(self) -> bool:
        return schema_is_current(self.services.engine, self._expected_revision)

    def _application(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        path = environ.get("PATH_INFO")
        if path == EVENTS_PATH and environ.get("REQUEST_METHOD") == "POST":
            return self._events(environ, start_response)
        if path in (INSTALL_PATH, REDIRECT_PATH) and self.services.installations is not None:
            return self._bolt(environ, start_response)  # a browser's GET: Bolt checks its state
        if path == HEALTH_PATH:
            ok = self.healthy()
            start_response(
                "200 OK" if ok else "503 Service Unavailable", [("Content-Type", "text/plain")]
            )
            return [b"ok\n" if ok else b"database unreachable or not migrated\n"]
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"Not found\n"]

    def _events(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        """Verify the signature over the raw bytes, then the payload's shape, before Bolt parses
        anything: a forged or malformed body never reaches a listener or a traceback. Bolt is
        given the body already read (its own signature check is off: this is it)."""
        remote = environ.get("REMOTE_ADDR", "?")
        body = _read_body(environ)
        if body is None or not self._signed(environ, body):
            self._forged.note(remote)
            return _plain(start_response, "401 Unauthorized", b"Invalid request signature\n")
        wrong = slack_shapes.problem(body, environ.get("CONTENT_TYPE"))
        if wrong is not None:
            self._malformed.note(remote, wrong)
            return _plain(start_response, "400 Bad Request", b"Malformed Slack payload\n")
        body = slack_shapes.for_bolt(body, environ.get("CONTENT_TYPE"))
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        return self._bolt(environ, start_response)

    def _signed(self, environ: dict[str, Any], body: bytes) -> bool:
        timestamp = environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", "")
        signature = environ.get("HTTP_X_SLACK_SIGNATURE", "")
        if not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 12):
            return False  # the verifier would int() anything, '١٧' included, or raise
        try:
            return self._verifier.is_valid(body, timestamp, signature)
        except UnicodeDecodeError:  # Slack signs UTF-8 text; the verifier decodes before hashing
            return False


def _read_body(environ: dict[str, Any]) -> bytes | None:
    """The whole body (cheroot refuses one over MAX_BODY_BYTES unread), or None if its declared
    length is not a length or the client sent less than it said."""
    declared = environ.get("CONTENT_LENGTH") or "0"
    if not (declared.isascii() and declared.isdigit()):
        return None
    length = int(declared)
    body = environ["wsgi.input"].read(length) if length else b""
    return body if len(body) == length else None


def _plain(start_response: Any, status: str, text: bytes) -> list[bytes]:
    start_response(status, [("Content-Type", "text/plain"), ("Content-Length", str(len(text)))])
    return [text]
