"""A whole Open Door running against the local stand-in for Slack: the demo's and the tests' stage.

It is real end to end: the Bolt app behind its HTTP endpoint, requests signed as Slack signs
them, every Web API call answered (and recorded) by the stand-in on 127.0.0.1.
"""

from __future__ import annotations

from typing import Any

from bot.clock import Clock, system_clock
from bot.config import Settings
from bot.http_server import EVENTS_PATH, EventsServer
from bot.services import Services, bootstrap
from bot.standin import SlackRequests, StandInSlack, browser
from bot.standin.browser import Page
from bot.token_check import resume_if_reinstalled

SIGNING_SECRET = "stand-in-signing-secret"
CLIENT_ID = "1111.2222"
CLIENT_SECRET = "stand-in-client-secret"
# A Fernet key for the stage's installations (never a real deployment's).
TOKEN_KEY = "c3RhbmQtaW4gdG9rZW4ga2V5LCBub3QgYSByZWFsIG8="
TEAM_ID = "T0SCHOOL"
VISITS_CHANNEL = "C0VISITS"


class Stage:
    """Start it, play people's clicks through `send`, `settle()`, then read what each person sees."""

    def __init__(
        self,
        database_url: str,
        clock: Clock = system_clock,
        migrate: bool = True,
        oauth: bool = False,
        **settings: Any,
    ) -> None:
        """`settings` override the deployment's (for example slack_timeout_seconds); `oauth`
        runs it in OAuth mode, where each workspace installs it (`install`) instead of one
        bot token being set."""
        self.slack = StandInSlack(team_id=TEAM_ID).start()
        self.slack.add_channel(VISITS_CHANNEL, "visits")
        if oauth:
            self.slack.oauth_client = (CLIENT_ID, CLIENT_SECRET)
            settings |= {"slack_client_id": CLIENT_ID, "slack_client_secret": CLIENT_SECRET}
            settings |= {"opendoor_token_keys": settings.get("opendoor_token_keys", TOKEN_KEY)}
        configured = Settings(
            _env_file=None,
            slack_bot_token="" if oauth else self.slack.bot_token,
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

    @property
    def root(self) -> str:
        """The app's address, where a browser finds /slack/install."""
        return self.server.url.removesuffix(EVENTS_PATH)

    def install(self, **grant: Any) -> Page:
        """A person installs the app through the OAuth flow (see bot/standin/browser.py)."""
        return browser.install(self.root, self.slack, **grant)

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
