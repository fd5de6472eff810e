"""The one place that wires settings, database, Slack client, clock and outbox together."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from slack_sdk import WebClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.clock import Clock, system_clock
from bot.config import Settings
from bot.db import make_engine, make_session_factory, migrate, unit_of_work
from bot.domain.outbox import OWED
from bot.domain.timing import Timing
from bot.installations import EncryptedInstallationStore, installation_store
from bot.outbox.runner import OutboxRunner
from bot.workspace_clients import InstallationsClient


@dataclass
class Services:
    settings: Settings
    engine: Engine
    session_factory: sessionmaker[Session]
    client: WebClient
    clock: Clock
    outbox: OutboxRunner
    timing: Timing
    # OAuth mode only: each workspace's installation, its tokens encrypted (bot/installations.py).
    installations: EncryptedInstallationStore | None = None

    def __deepcopy__(self, _memo: dict[int, object]) -> Services:
        """Shared, never copied: Bolt deep-copies a request's context for its lazy listeners."""
        return self

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """One transaction per user action; when it owed a message, the outbox is kicked once it
        has committed (most clicks owe nothing, and needn't wake it)."""
        with unit_of_work(self.session_factory) as session:
            yield session
            owed = session.info.get(OWED, False)
        if owed:
            self.outbox.kick()


def make_client(
    settings: Settings, installations: EncryptedInstallationStore | None = None
) -> WebClient:
    """Every Slack client the bot makes honours SLACK_API_URL, so tests and the demo can stand in.
    In OAuth mode it has no token, and gives each workspace a client with its own."""
    if installations is not None:
        return InstallationsClient(
            installations,
            base_url=settings.slack_api_url,
            timeout=settings.slack_timeout_seconds,
            retry_handlers=[],
        )
    return WebClient(
        token=settings.slack_bot_token or None,
        base_url=settings.slack_api_url,
        timeout=settings.slack_timeout_seconds,  # type: ignore[arg-type]  # a float works
        # No blind retries: a connection lost after Slack took the message may have posted it.
        # The outbox looks before it tries again; a listener answers the person instead.
        retry_handlers=[],
    )


def bootstrap(
    settings: Settings, clock: Clock = system_clock, apply_migrations: bool = True
) -> Services:
    engine = make_engine(settings.database_url)
    if apply_migrations:
        migrate(engine)
    session_factory = make_session_factory(engine)
    installations = (
        installation_store(settings.slack_client_id, engine, settings.opendoor_token_keys)
        if settings.oauth
        else None
    )
    client = make_client(settings, installations)
    return Services(
        settings=settings,
        engine=engine,
        session_factory=session_factory,
        client=client,
        clock=clock,
        outbox=OutboxRunner(
            session_factory, client, clock, settings.timing(), settings.opendoor_posts_per_minute
        ),
        timing=settings.timing(),
        installations=installations,
    )
