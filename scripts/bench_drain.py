"""A backlog drains at the rate Slack's limits allow, none lost and none sent twice: messages owed
at once, sent by the real OutboxRunner kicked as `opendoor serve` kicks it, through the stand-in
enforcing Slack's per-channel and workspace limits."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.domain.outbox import owe
from bot.domain.workspaces import SetupForm, run_setup
from bot.models import Notification, Workspace
from bot.outbox import claims as claiming
from bot.outbox import dispatcher
from bot.outbox.delivery import METADATA_EVENT
from bot.outbox.runner import OutboxRunner
from bot.services import Services, bootstrap
from bot.standin import StandInSlack
from scripts.bench_support import Spread, dialect, fresh_database

TEAM = "T0BENCH"
CHANNEL = "C0VISITS"


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
    saved = (claiming.PER_WORKSPACE, dispatcher.SENDERS, dict(dispatcher.dispatch_due.__kwdefaults__))  # fmt: skip
    if tuning.per_workspace is not None:
        claiming.PER_WORKSPACE = tuning.per_workspace
    if tuning.senders is not None:
        dispatcher.SENDERS = tuning.senders
    if tuning.budget is not None:
        dispatcher.dispatch_due.__kwdefaults__["budget"] = tuning.budget
    try:
        yield
    finally:
        claiming.PER_WORKSPACE, dispatcher.SENDERS = saved[0], saved[1]
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
