"""Claiming stays cheap however much is owed for later: one `claim_due` timed with 1,000 and then
1,000,000 notifications in the table, the same 100 due now at both sizes, and the plan of its
SELECT printed so a figure can be explained."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, event, func, select, text, update
from sqlalchemy.orm import Session

from bot.db import make_engine
from bot.models import Notification
from bot.outbox import claims as claiming
from bot.outbox import dispatcher
from bot.outbox.pacing import Pacer
from scripts.bench_support import Spread, dialect, fresh_database
from scripts.district import fill_district

TEAM = "T0BENCH"
# Rows due now at every size, each to its own person, so every claim takes a full batch.
DUE_NOW = 100


@dataclass
class ClaimCost:
    """Milliseconds per `claim_due` with `rows` notifications, and the SELECT's plan there."""

    rows: int
    claimed: int
    ms: Spread
    plan: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{self.rows:>9,} rows: {self.ms} ms per claim of {self.claimed}"


@dataclass
class ClaimGrowth:
    """The target: claiming with 1,000,000 rows costs at most twice what it costs with 1,000."""

    database: str
    small: ClaimCost
    large: ClaimCost

    @property
    def ratio(self) -> float:
        return self.large.ms.median / self.small.ms.median

    def __str__(self) -> str:
        verdict = "met" if self.ratio <= 2 else "MISSED"
        plan = "\n".join(f"    {line}" for line in self.large.plan)
        return (
            f"claim cost on {self.database}:\n  {self.small}\n  {self.large}\n"
            f"  ratio {self.ratio:.2f} (target ≤ 2: {verdict})\n"
            f"  plan of the claiming SELECT at {self.large.rows:,} rows:\n{plan}"
        )


def measure_claim_growth(
    url: str | None, sizes: tuple[int, int] = (1_000, 1_000_000), repeats: int = 15
) -> ClaimGrowth:
    """The same due work claimed at both sizes; only the rows owed for later differ."""
    small, large = (claim_cost(url, rows, repeats) for rows in sizes)
    return ClaimGrowth(dialect(url), small, large)


def claim_cost(url: str | None, rows: int, repeats: int) -> ClaimCost:
    """Fill a small district with `rows` notifications (mostly due over the next year), then
    claim the due batch `repeats` times, putting it back after each so every claim does the same
    work. The fill's own clock instant is used throughout, so the due set never moves."""
    now = datetime.now(UTC)
    with fresh_database(url) as database:
        engine = make_engine(database)
        try:
            district = fill_district(engine, schools=2, members=100, visits=0, reflections=0,
                                     notifications=rows, team_id=TEAM, now=now)  # fmt: skip
            _owe_due_now(engine, district.workspace_id, now)
            if engine.dialect.name == "postgresql":
                with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
                    c.execute(text("ANALYZE"))
            _claim_and_release(engine, now)  # warm the pool and the caches once, untimed
            timings, claimed = [], 0
            for _ in range(repeats):
                seconds, claimed = _claim_and_release(engine, now)
                timings.append(1000 * seconds)
            return ClaimCost(rows, claimed, Spread.of(timings), _claim_plan(engine, now))
        finally:
            engine.dispose()


def _owe_due_now(engine: Engine, workspace_id: int, now: datetime) -> None:
    """Top up the district's few due rows to DUE_NOW, the oldest first, one person each."""
    table = Notification.__table__
    with engine.begin() as connection:
        due = connection.scalar(
            select(func.count()).where(Notification.state == "pending", Notification.due_at <= now)
        )
        connection.execute(table.insert(), [{
            "workspace_id": workspace_id, "key": f"admin_notice:bench-due-{n}:0",
            "kind": "admin_notice", "recipient": f"U0DUE{n:04d}", "subject_type": "",
            "payload": {"text": f"due {n}"}, "due_at": now - timedelta(hours=1, seconds=n),
            "state": "pending", "attempts": 0, "last_error": "", "look_first": False,
            "created_at": now - timedelta(hours=2),
        } for n in range(max(0, DUE_NOW - due))])  # fmt: skip


def _claim_and_release(engine: Engine, now: datetime) -> tuple[float, int]:
    """One timed claim (its commit included, as the dispatcher pays for it), then its rows put
    back as they were. A fresh Pacer has every bucket full, so pacing holds nothing back."""
    with Session(engine) as session:
        started = time.perf_counter()
        claims, _held_back = claiming.claim_due(session, now, Pacer(clock=dispatcher.monotonic))
        seconds = time.perf_counter() - started
        session.execute(
            update(Notification)
            .where(Notification.id.in_([claim.id for claim in claims]))
            .values(state="pending", claimed_until=None, attempts=Notification.attempts - 1)
        )
        session.commit()
    return seconds, len(claims)


def _claim_plan(engine: Engine, now: datetime) -> list[str]:
    """The plan of claim_due's SELECT, caught as it runs so the benchmark explains the very
    statement the dispatcher sends (on PostgreSQL with real row counts, then rolled back)."""
    caught: list[tuple[str, Any]] = []

    def catch(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_rest: Any) -> None:
        if "row_number" in statement:
            caught.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", catch)
    try:
        _claim_and_release(engine, now)
    finally:
        event.remove(engine, "before_cursor_execute", catch)
    statement, parameters = caught[0]
    explain = "EXPLAIN QUERY PLAN" if engine.dialect.name == "sqlite" else "EXPLAIN ANALYZE"
    with engine.connect() as connection:
        rows = connection.exec_driver_sql(f"{explain} {statement}", parameters).all()
        connection.rollback()
    return [str(row[-1]) for row in rows]
