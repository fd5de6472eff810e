"""A small threaded HTTP server for the Events API endpoint, shared by `serve`, the demo and tests."""

from __future__ import annotations

import threading
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

EVENTS_PATH = "/slack/events"


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    request_queue_size = 128  # a morning rush of clicks queues instead of being refused


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Bolt logs what matters; one access line per click is noise."""


def events_server(app: App, host: str = "127.0.0.1", port: int = 0) -> WSGIServer:
    """Every request goes through Bolt, which verifies the signature before anything else."""
    bolt = SlackRequestHandler(app)

    def application(environ: dict[str, Any], start_response: Any) -> Any:
        if environ.get("PATH_INFO") != EVENTS_PATH:
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"Not found"]
        return bolt(environ, start_response)

    return make_server(
        host, port, application, server_class=_ThreadingServer, handler_class=_QuietHandler
    )


def serve_in_thread(server: WSGIServer) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, name="events-http", daemon=True)
    thread.start()
    return thread


def url_of(server: WSGIServer) -> str:
    host, port = server.server_address[:2]
    return f"http://{host}:{port}{EVENTS_PATH}"
