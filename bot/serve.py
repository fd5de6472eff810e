"""`opendoor serve`: the bot as a long-running process, started and stopped as operators expect.

SIGTERM (or Ctrl-C) stops it gracefully: no new requests are taken, the ones in flight are
answered, the work they acknowledged is finished, and the outbox ends its current run. Whatever
is still owed stays in the database for the next start or another instance.
"""

from __future__ import annotations

import logging
import os
import signal
import threading

from bot import __version__
from bot.config import Settings
from bot.db import newest_revision
from bot.http_server import EVENTS_PATH, HEALTH_PATH, EventsServer
from bot.services import Services, bootstrap
from jobs.scheduler import start_scheduler

log = logging.getLogger("opendoor")


def serve(settings: Settings) -> int:
    services = bootstrap(settings)
    stopping = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stopping.set())
    _announce(services)
    scheduler = start_scheduler(services) if settings.opendoor_scheduler else None
    if settings.slack_app_token:
        return _serve_socket_mode(services, stopping, scheduler)
    server = EventsServer(services, host=settings.opendoor_host, port=settings.port).start()
    log.info(
        "listening on http://%s:%s (Slack: %s, health: %s)",
        settings.opendoor_host,
        server.port,
        EVENTS_PATH,
        HEALTH_PATH,
    )
    while not stopping.wait(1):
        pass
    log.info("stopping: finishing requests in flight and the messages being sent")
    server.stop()
    _finish(services, scheduler)
    return 0


def _serve_socket_mode(services: Services, stopping: threading.Event, scheduler: object) -> int:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from bot.app import create_app
    from bot.lanes import Lanes

    settings = services.settings
    lanes = Lanes(settings.opendoor_modal_threads, settings.opendoor_listener_threads)
    handler = SocketModeHandler(create_app(services, lanes), settings.slack_app_token)
    handler.connect()
    log.info("connected to Slack in Socket Mode")
    while not stopping.wait(1):
        pass
    log.info("stopping: finishing the work acknowledged and the messages being sent")
    handler.close()
    lanes.wait_idle(settings.opendoor_shutdown_seconds)
    lanes.shutdown(wait=True)
    _finish(services, scheduler)
    return 0


def _finish(services: Services, scheduler: object) -> None:
    if scheduler is not None:
        scheduler.shutdown(wait=True)  # type: ignore[attr-defined]
    services.outbox.stop(services.settings.opendoor_shutdown_seconds)
    services.engine.dispose()
    log.info("stopped")


def _announce(services: Services) -> None:
    """One line per fact an operator checks at start-up; never a secret."""
    settings = services.settings
    url = services.engine.url.render_as_string(hide_password=True)
    log.info("Open Door %s, pid %s", __version__, os.getpid())
    log.info("database: %s, schema at %s", url, newest_revision())
    log.info(
        "threads: %s for HTTP, %s for opening modals, %s for other listener work",
        settings.opendoor_http_threads,
        settings.opendoor_modal_threads,
        settings.opendoor_listener_threads,
    )
    if settings.opendoor_scheduler:
        log.info("scheduler: on, every %s s", settings.opendoor_dispatch_seconds)
    else:
        log.info("scheduler: off (run `opendoor jobs run` from cron)")
    log.info("logs: %s at %s", settings.log_format, settings.log_level)
