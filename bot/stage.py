"""A whole Open Door running against the local stand-in for Slack: the demo's and the tests' stage.

It is real end to end: the Bolt app behind its HTTP endpoint, requests signed as Slack signs
them, every Web API call answered (and recorded) by the stand-in on 127.0.0.1.
"""

from __future__ import annotations

from typing import Any

from bot.clock import Clock, system_clock
from bot.config import Settings
from bot.http_server import EventsServer
from bot.services import Services, bootstrap
from bot.standin import SlackRequests, StandInSlack
from bot.token_check import resume_if_reinstalled

SIGNING_SECRET = "stand-in-signing-secret"
TEAM_ID = "T0SCHOOL"
VISITS_CHANNEL = "C0VISITS"


class Stage:
    """Start it, play people's clicks through `send`, `settle()`, then read what each person sees."""

    def __init__(
        self,
        database_url: str,
        clock: Clock = system_clock,
        migrate: bool = True,
        **settings: Any,
    ) -> None:
        """`settings` override the deployment's (for example slack_timeout_seconds)."""
        self.slack = StandInSlack(team_id=TEAM_ID).start()
        self.slack.add_channel(VISITS_CHANNEL, "visits")
        configured = Settings(
            _env_file=None,
            slack_bot_token=self.slack.bot_token,
            slack_signing_secret=SIGNING_SECRET,
            slack_app_token="",
            slack_api_url=self.slack.base_url,
            database_url=database_url,
            **settings,
        )
        self.services: Services = bootstrap(configured, clock=clock, apply_migrations=migrate)
        resume_if_reinstalled(self.services)
        self.server = EventsServer(self.services).start()
        self.send = SlackRequests(self.server.url, SIGNING_SECRET, self.slack, team_id=TEAM_ID)

    def settle(self, timeout: float = 10.0) -> None:
        """Wait until every listener has finished and every message it owed has been tried."""
        for _ in range(3):
            if not self.server.lanes.wait_idle(timeout) or not self.services.outbox.wait_idle(
                timeout
            ):
                raise TimeoutError("Open Door did not settle in time")

    def stop(self) -> None:
        self.server.stop()
        self.services.outbox.wait_idle(10)
        self.services.engine.dispose()
        self.slack.stop()

    def __enter__(self) -> Stage:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()
