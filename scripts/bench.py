"""Benchmarks: how fast Open Door answers clicks and drains its outbox, and how much memory it uses.

Runs the real app against the stand-in Slack on 127.0.0.1 (like the tests), on SQLite by default
or on BENCH_DATABASE_URL. Results go in docs/benchmarks.md; tests never assert on timings.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select

from bot.db import make_engine, migrate
from bot.domain.members import member_for
from bot.domain.offers import OfferForm, create_offer
from bot.domain.outbox import owe
from bot.domain.workspaces import SetupForm, run_setup
from bot.models import Workspace
from bot.stage import TEAM_ID, VISITS_CHANNEL, Stage
from jobs.dispatch import dispatch_due

OFFERS, VISITORS, NOTICES = 50, 100, 1000


def main() -> None:
    url = os.environ.get("BENCH_DATABASE_URL")
    with tempfile.TemporaryDirectory() as folder:
        url = url or f"sqlite:///{Path(folder) / 'bench.db'}"
        engine = make_engine(url)
        migrate(engine)
        engine.dispose()
        tracemalloc.start()
        with Stage(url, migrate=False) as stage:
            cards = _seed(stage)
            clicks = _clicks(stage, cards)
            drained = _drain(stage)
        peak = tracemalloc.get_traced_memory()[1] / 2**20
    print(f"database: {url.split(':')[0]}")
    print(f"click to ack, {len(clicks)} bookings: median {statistics.median(clicks):.1f} ms, "
          f"p95 {sorted(clicks)[int(len(clicks) * 0.95)]:.1f} ms")  # fmt: skip
    print(f"outbox: {NOTICES} messages in {drained:.2f} s ({NOTICES / drained:.0f} per second)")
    print(f"peak traced Python memory: {peak:.1f} MiB")


def _seed(stage: Stage) -> list:
    now = datetime.now(UTC)
    with stage.services.session_factory() as session:
        workspace = run_setup(session, TEAM_ID, "U0ADMIN", SetupForm(channel_id=VISITS_CHANNEL,
                              schools="Bench Middle", school_days=list(range(7))), now)  # fmt: skip
        for n in range(OFFERS):
            host = member_for(session, workspace, f"U0HOST{n:03d}", f"host{n}")
            stage.slack.add_user(host.slack_user_id, host.name)
            form = OfferForm(day=(now.date() + timedelta(days=2 + n)).isoformat(), start="09:00",
                             end="09:45", room=str(n), practices=["Station rotation"], seats="2")  # fmt: skip
            create_offer(session, workspace, host, form, now)
        session.commit()
    stage.services.client.conversations_join(channel=VISITS_CHANNEL)
    stage.services.outbox.kick()
    stage.settle(60)
    for n in range(VISITORS):
        stage.slack.add_user(f"U0VIS{n:03d}", f"visitor{n}")
    return stage.slack.channel_messages(VISITS_CHANNEL)[1:]


def _clicks(stage: Stage, cards: list) -> list[float]:
    timings = []
    for n in range(VISITORS):
        card = cards[n % len(cards)]
        started = time.perf_counter()
        stage.send.click(f"U0VIS{n:03d}", "book", message=card)
        timings.append((time.perf_counter() - started) * 1000)
    stage.settle(60)
    return timings


def _drain(stage: Stage) -> float:
    now = datetime.now(UTC)
    with stage.services.session_factory() as session:
        workspace = session.scalars(select(Workspace)).one()
        for n in range(NOTICES):
            owe(session, workspace, kind="admin_notice", recipient=f"U0VIS{n % VISITORS:03d}",
                key=f"bench:{n}", due_at=now, now=now, payload={"text": f"notice {n}"})  # fmt: skip
        session.commit()
        started = time.perf_counter()
        while dispatch_due(session, stage.services.client, datetime.now(UTC), limit=500):
            pass
        return time.perf_counter() - started


if __name__ == "__main__":
    main()
