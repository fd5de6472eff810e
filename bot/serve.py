"""`opendoor serve`: the bot as a long-running process, started and stopped as operators expect.

SIGTERM (or Ctrl-C) stops it gracefully: no new requests are taken, the ones in flight are
answered, the work they acknowledged is finished, and the outbox ends its current run. Whatever
is still owed stays in the database for the next start or another instance.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading

from bot import __version__
from bot.config import Settings
from bot.db import newest_revision
from bot.http_server import EVENTS_PATH, HEALTH_PATH, EventsServer
from bot.services import Services, bootstrap
from bot.token_check import resume_if_reinstalled
from jobs.scheduler import start_scheduler

log = logging.getLogger("opendoor")


def serve(settings: Settings) -> int:
    worker = settings.opendoor_worker_of != 0
    services = bootstrap(settings, apply_migrations=not worker)
    stopping = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stopping.set())
    if not worker:
        _announce(services)
        resume_if_reinstalled(services)
    scheduler = start_scheduler(services) if settings.opendoor_scheduler else None
    if settings.slack_app_token:
        return _serve_socket_mode(services, stopping, scheduler)
    shared = settings.opendoor_workers > 1 or worker
    server = EventsServer(
        services, host=settings.opendoor_host, port=settings.port, reuse_port=shared
    ).start()
    workers = [] if worker else _start_workers(settings)
    if not worker:
        log.info(
            "listening on http://%s:%s (Slack: %s, health: %s)",
            settings.opendoor_host,
            server.port,
            EVENTS_PATH,
            HEALTH_PATH,
        )
    while not stopping.wait(1):
        pass
    if not worker:
        log.info("stopping: finishing requests in flight and the messages being sent")
    for process in workers:
        process.send_signal(signal.SIGTERM)
    server.stop()
    _finish(services, scheduler, quiet=worker)
    return max([0, *(process.wait() for process in workers)])


def _start_workers(settings: Settings) -> list[subprocess.Popen[bytes]]:
    """OPENDOOR_WORKERS - 1 more processes on the same port (SO_REUSEPORT): the kernel spreads
    connections across them, so a burst uses every core. Each is a whole instance, with its own
    scheduler and dispatcher, as several instances behind a load balancer would be."""
    env = os.environ | {"OPENDOOR_WORKER_OF": str(os.getpid()), "OPENDOOR_WORKERS": "1"}
    command = [sys.executable, "-m", "bot", "serve"]
    return [subprocess.Popen(command, env=env) for _ in range(settings.opendoor_workers - 1)]


def _serve_socket_mode(services: Services, stopping: threading.Event, scheduler: object) -> int:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from bot.app import create_app
    from bot.lanes import Lanes

    settings = services.settings
    lanes = Lanes.for_settings(settings)
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


def _finish(services: Services, scheduler: object, quiet: bool = False) -> None:
    if scheduler is not None:
        scheduler.shutdown(wait=True)  # type: ignore[attr-defined]
    services.outbox.stop(services.settings.opendoor_shutdown_seconds)
    services.engine.dispose()
    if not quiet:
        log.info("stopped")


def _announce(services: Services) -> None:
    """One line per fact an operator checks at start-up; never a secret."""
    settings = services.settings
    url = services.engine.url.render_as_string(hide_password=True)
    log.info("Open Door %s, pid %s", __version__, os.getpid())
    log.info("database: %s, schema at %s", url, newest_revision())
    log.info(
        "processes: %s; threads each: %s for HTTP, %s for opening modals, %s for other work",
        settings.opendoor_workers,
        settings.opendoor_http_threads,
        settings.opendoor_modal_threads,
        settings.opendoor_listener_threads,
    )
    if settings.opendoor_scheduler:
        log.info("scheduler: on, every %s s", settings.opendoor_dispatch_seconds)
    else:
        log.info("scheduler: off (run `opendoor jobs run` from cron)")
    log.info("logs: %s at %s", settings.log_format, settings.log_level)
