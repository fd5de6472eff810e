"""The outbox against the issue's targets: claiming stays cheap however much is owed for later,
and a backlog drains at the rate Slack's limits allow, none lost and none sent twice.

    python scripts/bench_outbox.py [DATABASE_URL]

Without a URL it runs on SQLite in a temporary folder. A PostgreSQL URL names a database the
benchmark owns: its `public` schema is dropped and made again before every fill. Each figure is a
median over several runs with its range, because one run on a shared machine says little.
Timings are printed, never asserted: these are measurements, not tests.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import Engine, event, func, select, text, update
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.db import make_engine
from bot.domain.outbox import owe
from bot.domain.workspaces import SetupForm, run_setup
from bot.models import Notification, Workspace
from bot.outbox import dispatcher
from bot.outbox.delivery import METADATA_EVENT
from bot.outbox.pacing import Pacer
from bot.outbox.runner import OutboxRunner
from bot.services import Services, bootstrap
from bot.standin import StandInSlack
from scripts.district import fill_district

TEAM = "T0BENCH"
CHANNEL = "C0VISITS"
# Rows due now at every size, each to its own person, so every claim takes a full batch.
DUE_NOW = 100


@dataclass(frozen=True)
class Spread:
    """A median with the lowest and highest run beside it, so a noisy figure shows as one."""

    median: float
    low: float
    high: float

    @classmethod
    def of(cls, values: Sequence[float]) -> Spread:
        return cls(statistics.median(values), min(values), max(values))

    def __str__(self) -> str:
        return f"{self.median:.2f} ({self.low:.2f}–{self.high:.2f})"


@contextmanager
def fresh_database(url: str | None) -> Iterator[str]:
    """An empty database for one fill: a new SQLite file, or the given PostgreSQL database with
    its schema dropped, so no run inherits another's rows (or their statistics)."""
    if url is None or url.startswith("sqlite"):
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{Path(folder) / 'bench.db'}"
        return
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    yield url


def dialect(url: str | None) -> str:
    return "sqlite" if url is None else url.split(":", 1)[0].split("+", 1)[0]


# -- 1. what a claim costs as the table grows ------------------------------------------------


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
        claims, _held_back = dispatcher.claim_due(session, now, Pacer(clock=dispatcher.monotonic))
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


# -- 2. draining a backlog under Slack's rate limits -----------------------------------------


@dataclass(frozen=True)
class Tuning:
    """Dispatcher knobs to try in this process only (None keeps the shipped value)."""

    per_workspace: int | None = None
    senders: int | None = None
    budget: float | None = None

    def __str__(self) -> str:
        changed = [f"{name}={value}" for name, value in vars(self).items() if value is not None]
        return ", ".join(changed) or "as shipped"


@contextmanager
def tuned(tuning: Tuning) -> Iterator[None]:
    """Set the dispatcher's module constants (and the run budget, a keyword default bound when
    dispatch_due was defined) for the duration, then put them back."""
    saved = (dispatcher.PER_WORKSPACE, dispatcher.SENDERS, dict(dispatcher.dispatch_due.__kwdefaults__))  # fmt: skip
    if tuning.per_workspace is not None:
        dispatcher.PER_WORKSPACE = tuning.per_workspace
    if tuning.senders is not None:
        dispatcher.SENDERS = tuning.senders
    if tuning.budget is not None:
        dispatcher.dispatch_due.__kwdefaults__["budget"] = tuning.budget
    try:
        yield
    finally:
        dispatcher.PER_WORKSPACE, dispatcher.SENDERS = saved[0], saved[1]
        dispatcher.dispatch_due.__kwdefaults__.update(saved[2])


class CountingRunner(OutboxRunner):
    """The production runner, counting its runs: each run that ends with work left waits for
    the scheduler's next kick, so the count explains time spent idle."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.runs = 0

    def run_once(self) -> int:
        self.runs += 1
        return super().run_once()


@dataclass
class DrainRun:
    sent: int
    lost: int
    duplicates: int
    rate_limited: int
    runs: int
    seconds: float


@dataclass
class Drain:
    """The target: none lost or sent twice, throughput at least 90% of what the limits allow.

    Allowed rate R = min(W/60, people × per-channel rate). Both buckets start full, so the first
    B = min(workspace burst, people × channel burst) messages may go at once; the least time the
    limits allow is (messages − B) / R, and the share is that time over the time taken.
    """

    database: str
    tuning: Tuning
    tick: float
    messages: int
    people: int
    per_minute: int
    runs: list[DrainRun]

    @property
    def allowed_per_second(self) -> float:
        return min(self.per_minute / 60, self.people * 1.0)

    @property
    def least_seconds(self) -> float:
        burst = min(max(1, self.per_minute // 6), self.people * 3)
        return max(0, self.messages - burst) / self.allowed_per_second

    @property
    def share(self) -> Spread:
        return Spread.of([100 * self.least_seconds / run.seconds for run in self.runs])

    def __str__(self) -> str:
        share = self.share
        verdict = "met" if share.median >= 90 and self.clean else "MISSED"
        runs = self.runs
        return (
            f"drain on {self.database} ({self.tuning}; scheduler kick every {self.tick:g} s): "
            f"{self.messages} messages to {self.people} people, W={self.per_minute}/min, "
            f"{len(runs)} runs\n"
            f"  sent {Spread.of([r.sent for r in runs])}, lost {Spread.of([r.lost for r in runs])}"
            f", duplicates {Spread.of([r.duplicates for r in runs])}, "
            f"429s {Spread.of([r.rate_limited for r in runs])}, "
            f"dispatcher runs {Spread.of([r.runs for r in runs])}\n"
            f"  elapsed {Spread.of([r.seconds for r in runs])} s, throughput "
            f"{Spread.of([r.sent / r.seconds for r in runs])}/s; allowed "
            f"{self.allowed_per_second:g}/s after a burst, least time {self.least_seconds:.0f} s;"
            f" share {share} % (target ≥ 90 %, none lost or doubled: {verdict})"
        )

    @property
    def clean(self) -> bool:
        return all(run.lost == 0 and run.duplicates == 0 for run in self.runs)


def measure_drain(
    url: str | None,
    *,
    repeats: int = 3,
    messages: int = 2000,
    people: int = 500,
    per_minute: int = 1200,
    latency: float = 0.15,
    tick: float = 30.0,
    tuning: Tuning = Tuning(),
) -> Drain:
    """`repeats` drains, each on a fresh database and a fresh stand-in. `tick` is the scheduler's
    interval (OPENDOOR_DISPATCH_SECONDS, 30 by default), the only thing that kicks the runner
    again once its run ends with messages still held back by the limits."""
    with tuned(tuning):
        runs = [
            _drain_once(url, messages, people, per_minute, latency, tick) for _ in range(repeats)
        ]
    return Drain(dialect(url), tuning, tick, messages, people, per_minute, runs)


def _drain_once(
    url: str | None, messages: int, people: int, per_minute: int, latency: float, tick: float
) -> DrainRun:
    with fresh_database(url) as database, StandInSlack(team_id=TEAM, latency=latency) as slack:
        recipients = [f"U0BENCH{n:04d}" for n in range(people)]
        for person in recipients:
            slack.add_user(person, person.lower())
        slack.add_channel(CHANNEL, "visits", members=[slack.bot_user_id])
        settings = Settings(_env_file=None, database_url=database,  # type: ignore[call-arg]
                            slack_bot_token=slack.bot_token, slack_api_url=slack.base_url,
                            opendoor_posts_per_minute=per_minute, opendoor_scheduler=False)  # fmt: skip
        services = bootstrap(settings)
        try:
            _set_up(services, slack, per_minute)
            runner = CountingRunner(services.session_factory, services.client, services.clock,
                                    services.timing, per_minute)  # fmt: skip
            now = datetime.now(UTC)
            with services.session_factory() as session:
                workspace = session.scalars(select(Workspace)).one()
                for n in range(messages):
                    owe(session, workspace, kind="admin_notice", recipient=recipients[n % people],
                        key=f"admin_notice:bench-{n}:0", due_at=now, now=now,
                        payload={"text": f"notice {n}"})  # fmt: skip
                session.commit()
            started = time.time()
            _drive_like_production(runner, slack, messages, tick)
            runner.stop(60)
            seconds = max(call.at for call in slack.calls("chat.postMessage")) + latency - started
            return _tally(services.engine, slack, recipients, messages, runner.runs, seconds)
        finally:
            services.engine.dispose()


def _set_up(services: Services, slack: StandInSlack, per_minute: int) -> None:
    """Setup owes a hello to the visits channel; it goes out before the limits are enforced and
    the calls are counted, so only the benchmark's messages are measured."""
    with services.session_factory() as session:
        run_setup(session, TEAM, "U0ADMIN", SetupForm(channel_id=CHANNEL, schools="Bench Middle"),
                  datetime.now(UTC))  # fmt: skip
        session.commit()
    services.outbox.kick()
    services.outbox.wait_idle(30)
    slack.reset_calls()
    slack.enforce_rate_limits(per_channel_per_second=1.0, burst=3, workspace_per_minute=per_minute)


def _drive_like_production(
    runner: OutboxRunner, slack: StandInSlack, messages: int, tick: float, timeout: float = 900
) -> None:
    """The commit that owed the messages kicks the runner once; after that only the scheduler's
    periodic kick does, as in `opendoor serve`. Done when Slack has taken every message."""
    started = time.monotonic()
    next_kick = started + tick
    runner.kick()
    while _posted(slack) < messages and time.monotonic() - started < timeout:
        if time.monotonic() >= next_kick:
            runner.kick()
            next_kick += tick
        time.sleep(0.1)


def _posted(slack: StandInSlack) -> int:
    """Posts Slack took: every chat.postMessage not turned away by a rate limit lands."""
    return len(slack.calls("chat.postMessage")) - slack.rate_limited_count("chat.postMessage")


def _tally(
    engine: Engine,
    slack: StandInSlack,
    recipients: list[str],
    messages: int,
    runs: int,
    seconds: float,
) -> DrainRun:
    """Lost: owed rows not sent. Duplicates: messages in people's DMs beyond one per id, read
    from what landed because a call refused with 429 is recorded as a call too."""
    with Session(engine) as session:
        sent = (
            session.scalar(
                select(func.count()).where(
                    Notification.key.like("admin_notice:bench-%"), Notification.state == "sent"
                )
            )
            or 0
        )
    landed: Counter[int] = Counter()
    for person in recipients:
        for message in slack.dms(person):
            meta = message.metadata or {}
            if meta.get("event_type") == METADATA_EVENT:
                landed[meta["event_payload"]["notification_id"]] += 1
    return DrainRun(
        sent=sent,
        lost=messages - sent,
        duplicates=sum(count - 1 for count in landed.values() if count > 1),
        rate_limited=slack.rate_limited_count(),
        runs=runs,
        seconds=seconds,
    )


def main() -> None:
    """The issue's two targets, then the shipped default of 300 posts a minute."""
    if len(sys.argv) > 2:
        sys.exit("usage: python scripts/bench_outbox.py [DATABASE_URL]")
    url = sys.argv[1] if len(sys.argv) == 2 else None
    print(measure_claim_growth(url), flush=True)
    print(measure_drain(url), flush=True)
    default = {"repeats": 2, "messages": 300, "people": 75, "per_minute": 300}
    print(measure_drain(url, **default), flush=True)  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
