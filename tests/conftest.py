"""Fixtures: a migrated database (SQLite, or PostgreSQL via OPENDOOR_TEST_DATABASE_URL), a frozen
school morning, and a Stage running the real app against the stand-in Slack."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from freezegun import freeze_time
from sqlalchemy import select, text

from bot.db import make_engine, migrate
from bot.installations import INSTALLATION_TABLES
from bot.models import Base, Notification
from bot.outbox.kinds import KINDS, Stale
from bot.stage import VISITS_CHANNEL, Stage
from tests.people import PEOPLE

MONDAY_MORNING = "2026-11-23 14:00:00"  # 09:00 in New York, the school's zone


@pytest.fixture(scope="session")
def migrated_url() -> Iterator[str]:
    with tempfile.TemporaryDirectory(dir=_in_memory_files()) as folder:
        url = os.environ.get("OPENDOOR_TEST_DATABASE_URL") or f"sqlite:///{folder}/opendoor.db"
        engine = make_engine(url)
        migrate(engine)
        engine.dispose()
        yield url


def _in_memory_files() -> str | None:
    """The SQLite file lives in memory-backed files where the machine has them: the suite tests
    what the bot does, not the disk, and a busy CI disk stalling a WAL checkpoint's fsync for
    seconds would fail an answer Slack waits three seconds for."""
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None


@pytest.fixture
def database_url(migrated_url: str) -> Iterator[str]:
    """The same schema every test, emptied first, so tests never see each other's rows."""
    engine = make_engine(migrated_url)
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())
        for name in INSTALLATION_TABLES:
            connection.execute(text(f"DELETE FROM {name}"))
    engine.dispose()
    yield migrated_url


@pytest.fixture
def frozen() -> Iterator[object]:
    with freeze_time(MONDAY_MORNING, tick=True) as clock:
        yield clock


@pytest.fixture
def stage(database_url: str, frozen: object) -> Iterator[Stage]:
    with Stage(database_url, migrate=False) as running:
        seat_people(running)
        yield running
        assert_owed_as_registered(running)


@pytest.fixture
def oauth_stage(database_url: str, frozen: object) -> Iterator[Stage]:
    """A deployment in OAuth mode, with the school's people in Slack but installed nowhere yet."""
    with Stage(database_url, migrate=False, oauth=True) as running:
        seat_people(running)
        yield running
        assert_owed_as_registered(running)


def seat_people(stage: Stage) -> None:
    """The school's people in the stand-in Slack, each in the visits channel."""
    for user_id, (name, is_admin) in PEOPLE.items():
        stage.slack.add_user(user_id, name, is_admin=is_admin)
    stage.slack.join_channel(VISITS_CHANNEL, *PEOPLE)


def assert_owed_as_registered(stage: Stage) -> None:
    """Every message any flow owed has a registered kind, a key of that kind's pinned shape, and
    an expiry exactly when the kind goes stale: so every end-to-end test pins the key shapes."""
    with stage.services.session_factory() as session:
        owed = session.execute(select(Notification.kind, Notification.key, Notification.expires_at))
        for kind_name, key, expires_at in owed:
            kind = KINDS.get(kind_name)
            assert kind is not None, f"kind {kind_name!r} is not in bot/outbox/kinds.py"
            assert kind.key_matches(key), f"{key!r} is not a key shape of {kind_name}: {kind.keys}"
            assert (expires_at is None) == (kind.stale is Stale.NEVER), (kind_name, expires_at)
