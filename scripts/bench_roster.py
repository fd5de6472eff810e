"""A district's staff lists read once: 5,000 people in the directory, 100 schools each naming a
staff channel of 50, read by the real `rosters` job through the stand-in Slack, then read again
the next day when nothing changed. Reports wall time, Slack calls, SQL statements and the peak
Python memory the reading took."""

from __future__ import annotations

import sys
import time
import tracemalloc
from datetime import UTC, datetime, timedelta

from slack_sdk import WebClient
from sqlalchemy import event, func, select

from bot.db import make_engine, make_session_factory, migrate
from bot.domain.workspaces import SetupForm, run_setup
from bot.models import Member, School
from bot.standin import StandInSlack
from jobs.roster import rosters
from scripts.bench_support import dialect, fresh_database

TEAM = "T0BENCH"
SCHOOLS = 100
STAFF_PER_SCHOOL = 50
NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


def _district(slack: StandInSlack) -> None:
    slack.add_channel("C0VISITS", "visits")
    for school in range(SCHOOLS):
        members = []
        for n in range(STAFF_PER_SCHOOL):
            user_id = f"U{school:03d}{n:03d}"
            slack.add_user(user_id, f"teacher.{school}.{n}", guest=n == 0, is_bot=n == 1)
            members.append(user_id)
        slack.add_channel(f"C{school:05d}STAFF", f"staff-{school}", members=members)


def _set_up(factory) -> None:
    with factory() as session:
        names = "\n".join(f"School {n}" for n in range(SCHOOLS))
        workspace = run_setup(session, TEAM, "UADMIN", SetupForm("C0VISITS", names), NOW)
        session.flush()
        for school in session.scalars(select(School).order_by(School.id)):
            index = int(school.name.split()[1])
            school.staff_channel_id = f"C{index:05d}STAFF"
        workspace.roster_due_at = NOW
        session.commit()


def _read_once(factory, slack: StandInSlack, engine, now: datetime) -> str:
    statements = 0

    def count(*_: object) -> None:
        nonlocal statements
        statements += 1

    event.listen(engine, "before_cursor_execute", count)
    slack.reset_calls()
    tracemalloc.start()
    started = time.perf_counter()
    with factory() as session:
        read = rosters(session, WebClient(token=slack.bot_token, base_url=slack.base_url), now)
    took = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    event.remove(engine, "before_cursor_execute", count)
    assert read == 1, "the workspace was due and read"
    return (
        f"{took:.1f} s | {len(slack.calls())} Slack calls | {statements} SQL statements | "
        f"peak {peak / 2**20:.0f} MiB"
    )


def main() -> None:
    url = sys.argv[1] if len(sys.argv) > 1 else None
    with fresh_database(url) as database, StandInSlack(team_id=TEAM) as slack:
        engine = make_engine(database)
        migrate(engine)
        factory = make_session_factory(engine)
        _district(slack)
        _set_up(factory)
        first = _read_once(factory, slack, engine, NOW)
        again = _read_once(factory, slack, engine, NOW + timedelta(days=1, minutes=1))
        with factory() as session:
            on_roster = session.scalar(select(func.count()).where(Member.on_roster.is_(True)))
        print(f"| {dialect(url)} | first reading | {first} | {on_roster} on the roster |")
        print(f"| {dialect(url)} | next day, no change | {again} | |")
        engine.dispose()


if __name__ == "__main__":
    main()
