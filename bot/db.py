"""Engine, sessions and migrations: the only module that knows which database we run on."""

from __future__ import annotations

import contextlib
import os
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import CursorResult, Engine, Executable, Table, create_engine, event, make_url, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
POOL_SIZE, POOL_OVERFLOW = 10, 30


def make_engine(url: str) -> Engine:
    """An engine whose transactions serialize writers on SQLite, as PostgreSQL's row locks do.

    Its errors never carry their SQL parameters: those are what people wrote, and errors reach
    logs."""
    if not url.startswith("sqlite"):
        try:
            return create_engine(
                url,
                pool_pre_ping=True,
                hide_parameters=True,
                # Enough for the outbox's senders and a burst's modal lane to rarely wait for one.
                pool_size=POOL_SIZE,
                max_overflow=POOL_OVERFLOW,
            )
        except ImportError as missing:
            scheme = url.partition(":")[0]
            raise NoSuchModuleError(f"no database driver installed for {scheme}") from missing
    _create_private(make_url(url).database)
    engine = create_engine(
        url, connect_args={"check_same_thread": False, "timeout": 30}, hide_parameters=True
    )

    @event.listens_for(engine, "connect")
    def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take over transaction control so every transaction can start IMMEDIATE: two deferred
        # transactions that both read then write would otherwise fail with "database is locked".
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        # In WAL mode, NORMAL syncs at checkpoints rather than at every commit: a crash of the
        # process loses nothing, and a whole staff's clicks are not queued behind disk flushes.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _sqlite_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _create_private(path: str | None) -> None:
    """Create a new SQLite file readable by its owner only: it holds private reflections, and
    SQLite gives the -wal and -shm files it makes the database file's mode. An existing file
    keeps the mode it has."""
    if not path or path == ":memory:" or path.startswith("file:"):
        return
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def unit_of_work(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One transaction per user action: committed once at the end, rolled back on any error."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def migrate(engine: Engine, revision: str = "head", downgrade: bool = False) -> None:
    """Bring the schema to `revision` (the newest by default); `serve`, `demo` and tests start here.

    SQLite rebuilds a table to alter it, which its foreign keys forbid while rows point at it, so
    they are off for the migration and checked as a whole before it commits.
    """
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        raw = connection.connection.driver_connection
        assert raw is not None, "a connection just opened has its driver's"
        if sqlite:
            raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                (command.downgrade if downgrade else command.upgrade)(config, revision)
                if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first():
                    raise RuntimeError("the migration left rows pointing at nothing")
        finally:
            if sqlite:
                raw.execute("PRAGMA foreign_keys=ON")


def newest_revision() -> str | None:
    """The revision this code expects, read from the migration scripts it ships with."""
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def schema_is_current(engine: Engine, expected: str | None) -> bool:
    """True when the database answers and carries the expected revision: what /healthz reports."""
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision() == expected
    except SQLAlchemyError:
        return False


PLANNING_LOCK_SPACE = 0x0D00


def planning_lock(session: Session, job: str, workspace_id: int) -> None:
    """Wait until this transaction is the only one planning `job` for the workspace.

    On PostgreSQL, a transaction-scoped advisory lock keyed by the job and the workspace: several
    instances planning at once take turns, and the later ones find the earlier ones' rows (unique
    keys) instead of inserting beside them. They wait rather than skip: the instance holding the
    lock may be planning for an earlier `now`, or a different job, and a skip would then plan
    nothing (a digest lost between three instances that each saw another one busy). SQLite's
    `BEGIN IMMEDIATE` already runs one writer at a time.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    session.execute(
        text("SELECT pg_advisory_xact_lock(:space, :key)"),
        {"space": PLANNING_LOCK_SPACE + _job_number(job), "key": workspace_id},
    )


def _job_number(job: str) -> int:
    """A small stable number per job name, so each job has its own lock space."""
    return zlib.crc32(job.encode()) % 0x1000


def changed(session: Session, statement: Executable) -> int:
    """Run an UPDATE or DELETE and say how many rows it changed: how the conditional updates
    (a seat taken, a visit moved, a claim renewed) learn whether they won."""
    return cast("CursorResult[Any]", session.execute(statement)).rowcount


def insert_unless_present(
    session: Session, table: Table, values: dict[str, Any], unique: str
) -> int | None:
    """INSERT ... ON CONFLICT DO NOTHING RETURNING id, in the session's transaction: the new row's
    id, or None when a row with the same `unique` value is already there (or being inserted by a
    transaction this one then waits for). Both databases run it as one statement."""
    dialect = session.get_bind().dialect.name
    insert = sqlite.insert if dialect == "sqlite" else postgresql.insert
    statement = (
        insert(table).values(values).on_conflict_do_nothing(index_elements=[unique])
    ).returning(table.c.id)
    return session.execute(statement).scalar()
