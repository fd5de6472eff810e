"""A whole Open Door running against the local stand-in for Slack: the demo's and the tests' stage.

It is real end to end: the Bolt app behind its HTTP endpoint, requests signed as Slack signs
them, every Web API call answered (and recorded) by the stand-in on 127.0.0.1.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from bot.app import create_app
from bot.clock import Clock, system_clock
from bot.config import Settings
from bot.http_server import events_server, serve_in_thread, url_of
from bot.services import Services, bootstrap
from bot.standin import SlackRequests, StandInSlack

SIGNING_SECRET = "stand-in-signing-secret"
TEAM_ID = "T0SCHOOL"
VISITS_CHANNEL = "C0VISITS"


class TrackingExecutor(ThreadPoolExecutor):
    """Bolt runs listeners here after the ack; knowing when they are done lets a script settle."""

    def __init__(self) -> None:
        super().__init__(max_workers=16, thread_name_prefix="listener")
        self._busy = 0
        self._changed = threading.Condition()

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future:
        with self._changed:
            self._busy += 1
        future = super().submit(fn, *args, **kwargs)
        future.add_done_callback(self._done)
        return future

    def _done(self, _future: Future) -> None:
        with self._changed:
            self._busy -= 1
            self._changed.notify_all()

    def wait_idle(self, timeout: float) -> bool:
        with self._changed:
            return self._changed.wait_for(lambda: self._busy == 0, timeout)


class Stage:
    """Start it, play people's clicks through `send`, `settle()`, then read what each person sees."""

    def __init__(
        self, database_url: str, clock: Clock = system_clock, migrate: bool = True
    ) -> None:
        self.slack = StandInSlack(team_id=TEAM_ID).start()
        self.slack.add_channel(VISITS_CHANNEL, "visits")
        settings = Settings(
            _env_file=None,
            slack_bot_token=self.slack.bot_token,
            slack_signing_secret=SIGNING_SECRET,
            slack_app_token="",
            slack_api_url=self.slack.base_url,
            database_url=database_url,
        )
        self.services: Services = bootstrap(settings, clock=clock, apply_migrations=migrate)
        self.listeners = TrackingExecutor()
        self.app = create_app(self.services, listener_executor=self.listeners)
        self.server = events_server(self.app)
        serve_in_thread(self.server)
        self.send = SlackRequests(url_of(self.server), SIGNING_SECRET, self.slack, team_id=TEAM_ID)

    def settle(self, timeout: float = 10.0) -> None:
        """Wait until every listener has finished and every message it owed has been tried."""
        for _ in range(3):
            if not self.listeners.wait_idle(timeout) or not self.services.outbox.wait_idle(timeout):
                raise TimeoutError("Open Door did not settle in time")

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.listeners.shutdown(wait=True)
        self.services.outbox.wait_idle(10)
        self.services.engine.dispose()
        self.slack.stop()

    def __enter__(self) -> Stage:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()
