"""Several `opendoor serve` processes behind a load balancer, sharing one database.

Real processes, each with its scheduler and its one dispatcher, answering signed requests spread
across them; the stand-in Slack in this process records every call. On PostgreSQL in CI (and on
one SQLite file otherwise): a booking race across instances never oversells, every message goes
out exactly once, and digests are planned once however many instances plan them.
"""

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from bot.db import make_engine
from bot.models import Notification, Visit
from bot.outbox.delivery import METADATA_EVENT
from bot.standin import SlackRequests, StandInSlack
from tests.e2e.test_serve import free_port, wait_for_port

SECRET = "instances-secret"
TEAM = "T0DISTRICT"
CHANNEL = "C0VISITS"
ADMIN, HOST, COACH = "U0ADMIN", "U0RIVERA", "U0DIAZ"
VISITORS = [f"U0VISITOR{n:02d}" for n in range(24)]
SEATS = 5


def environment(slack: StandInSlack, database_url: str, **extra: str) -> dict[str, str]:
    return os.environ | {
        "SLACK_BOT_TOKEN": slack.bot_token,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_APP_TOKEN": "",
        "SLACK_API_URL": slack.base_url,
        "DATABASE_URL": database_url,
        "OPENDOOR_HOST": "127.0.0.1",
        "OPENDOOR_DISPATCH_SECONDS": "1",
        "LOG_LEVEL": "WARNING",
        **extra,
    }


@contextmanager
def instances(slack: StandInSlack, database_url: str, tmp_path, count: int = 3):
    ports = [free_port() for _ in range(count)]
    processes = [
        subprocess.Popen([sys.executable, "-m", "bot", "serve"], cwd=tmp_path,
                         env=environment(slack, database_url, PORT=str(port)),
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for port in ports
    ]  # fmt: skip
    try:
        for port, process in zip(ports, processes, strict=True):
            wait_for_port(port, process)
        yield [
            SlackRequests(f"http://127.0.0.1:{port}/slack/events", SECRET, slack, team_id=TEAM)
            for port in ports
        ]
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        codes = [process.wait(timeout=30) for process in processes]
        errors = [process.stderr.read().decode() for process in processes]
    assert codes == [0] * count, errors
    assert not any(errors), errors


def wait_until_sent(engine, timeout: float = 60) -> None:
    """Until nothing due is left in the outbox (whoever sends it)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with engine.connect() as connection:
            owed = connection.scalar(
                select(func.count()).where(
                    Notification.state.in_(("pending", "sending")),
                    Notification.due_at <= datetime.now(UTC),
                )
            )
        if owed == 0:
            return
        time.sleep(0.2)
    raise AssertionError(f"{owed} messages still owed after {timeout}s")


def posts_per_notification(slack: StandInSlack) -> Counter:
    ids = Counter()
    for call in slack.calls("chat.postMessage"):
        metadata = call.args.get("metadata") or {}
        if metadata.get("event_type") == METADATA_EVENT:
            ids[metadata["event_payload"]["notification_id"]] += 1
    return ids


def test_three_instances_share_one_door_one_outbox_and_one_digest(database_url, tmp_path):
    engine = make_engine(database_url)
    with StandInSlack(team_id=TEAM) as slack:
        slack.add_user(ADMIN, "principal", is_admin=True)
        for person in (HOST, COACH, *VISITORS):
            slack.add_user(person, person.lower())
        slack.add_channel(CHANNEL, "visits")
        with instances(slack, database_url, tmp_path) as (first, second, third):
            first.command(ADMIN, "setup")
            slack.wait_for("views.open", timeout=10)
            assert first.submit(ADMIN, {"channel": CHANNEL, "schools": "Ranson Middle",
                                        "coaches": [COACH]}).status == 200  # fmt: skip
            second.command(HOST, "offer")
            slack.wait_for("views.open", count=2, timeout=10)
            day = (datetime.now(UTC) + timedelta(days=7)).date()
            while day.weekday() >= 5:
                day += timedelta(days=1)
            assert second.submit(HOST, {"day": day.isoformat(), "start": "10:15", "end": "11:00",
                                        "room": "204", "practices": ["Station rotation"],
                                        "seats": str(SEATS)}).status == 200  # fmt: skip
            slack.wait_for("chat.postMessage", lambda a: a.get("channel") == CHANNEL, count=2)
            card = slack.channel_messages(CHANNEL)[-1]
            senders = [first, second, third]
            with ThreadPoolExecutor(len(VISITORS)) as pool:
                replies = list(pool.map(
                    lambda n: senders[n % 3].click(VISITORS[n], "book", message=card),
                    range(len(VISITORS)),
                ))  # fmt: skip
            assert {reply.status for reply in replies} == {200}
            slack.wait_for("response_url", count=len(VISITORS) - SEATS, timeout=30)
            wait_until_sent(engine)

            with engine.connect() as connection:
                booked = connection.scalar(select(func.count()).where(Visit.status == "confirmed"))
            assert booked == SEATS, "no door is ever oversold"
            welcomed = [v for v in VISITORS if any("booked" in m.plain() for m in slack.dms(v))]
            assert len(welcomed) == SEATS
            assert "Full" in slack.channel_messages(CHANNEL)[-1].plain()

            friday = day - timedelta(days=day.weekday()) + timedelta(days=4)
            at = datetime(friday.year, friday.month, friday.day, 20, tzinfo=UTC).isoformat()
            runs = [
                subprocess.Popen([sys.executable, "-m", "bot", "jobs", "run", "--at", at],
                                 cwd=tmp_path, env=environment(slack, database_url),
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                for _ in range(3)
            ]  # fmt: skip
            assert [run.wait(timeout=60) for run in runs] == [0, 0, 0]
            errors = [run.stderr.read() for run in runs]
            assert not any(errors), f"no job failed, none was logged: {errors}"
            assert len([m for m in slack.dms(COACH) if "Your week in visits" in m.plain()]) == 1

        repeats = {n: c for n, c in posts_per_notification(slack).items() if c > 1}
        assert not repeats, f"messages posted more than once: {repeats}"
        with engine.connect() as connection:
            left = connection.execute(
                select(Notification.kind, Notification.state).where(
                    Notification.state.not_in(("sent", "skipped")),
                    Notification.due_at <= datetime.now(UTC),
                )
            ).all()
        assert not left, f"owed and not sent: {left}"
    engine.dispose()
