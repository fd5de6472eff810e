"""A real `opendoor serve` killed with SIGKILL in the middle of a burst of clicks, then restarted:
every click it acknowledged was decided before the acknowledgement, so each person who got an
answer from Slack is booked (and told so in a DM) or is told why not."""

import os
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from bot.models import Member, Offer, Visit
from bot.stage import SIGNING_SECRET, TEAM_ID, Stage
from bot.standin import SlackRequests
from tests.e2e.test_serve import free_port, wait_for_port
from tests.people import ADMIN, PEOPLE, open_door, press, set_up

CROWD = [f"U0BURST{n:02d}" for n in range(20)]
SEATS = 3
KILLED_AFTER = 6  # acknowledged clicks, so that some refusals are acknowledged before the kill


def test_clicks_acknowledged_before_a_kill_are_booked_or_answered_after_the_restart(database_url):
    stage = Stage(database_url, migrate=False)
    for user_id, (name, is_admin) in PEOPLE.items():
        stage.slack.add_user(user_id, name, is_admin=is_admin)
    for user_id in CROWD:
        stage.slack.add_user(user_id, user_id.lower())
    set_up(stage)
    posted = open_door(stage, seats=str(SEATS), day=_school_day_ahead().isoformat())
    stage.server.stop()
    stage.services.outbox.wait_idle(10)
    stage.services.engine.dispose()
    with stage.services.session_factory() as session:
        offer_id = session.scalars(select(Offer.id)).one()
    port = free_port()
    env = os.environ | {
        "SLACK_BOT_TOKEN": stage.slack.bot_token, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_APP_TOKEN": "", "SLACK_API_URL": stage.slack.base_url,
        "DATABASE_URL": database_url, "PORT": str(port),
    }  # fmt: skip
    try:
        server = _serve(env, port)
        send = SlackRequests(f"http://127.0.0.1:{port}/slack/events", SIGNING_SECRET,
                             stage.slack, team_id=TEAM_ID)  # fmt: skip

        assert send.command(ADMIN, "help").status == 200  # warm: the burst meets a ready process
        acks = threading.Semaphore(0)

        def click(n: int) -> int | None:
            time.sleep(n * 0.01)
            try:
                status = press(send, CROWD[n], "book", str(offer_id), on=posted).status
            except (OSError, AssertionError):
                return None
            acks.release()
            return status

        def kill_mid_burst() -> None:
            for _ in range(KILLED_AFTER):
                acks.acquire(timeout=10)
            server.send_signal(signal.SIGKILL)

        threading.Thread(target=kill_mid_burst).start()
        with ThreadPoolExecutor(max_workers=len(CROWD)) as pool:
            statuses = dict(zip(CROWD, pool.map(click, range(len(CROWD))), strict=True))
        server.wait(timeout=10)
        acknowledged = [user_id for user_id, status in statuses.items() if status == 200]
        assert 0 < len(acknowledged) < len(CROWD), statuses
        server = _serve(env, port)
        later = datetime.now(UTC) + timedelta(minutes=2)
        jobs = [sys.executable, "-m", "bot", "jobs", "run", "--at", later.isoformat()]
        subprocess.run(jobs, env=env, check=True, capture_output=True, timeout=60)
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    finally:
        stage.slack.stop()
    with stage.services.session_factory() as session:
        booked = set(
            session.scalars(
                select(Member.slack_user_id).join(Visit.visitor).where(Visit.status == "confirmed")
            )
        )
    assert len(booked) <= SEATS
    for user_id in acknowledged:
        heard = [m.plain() for m in [*stage.slack.ephemerals(user_id), *stage.slack.dms(user_id)]]
        if user_id in booked:
            assert any("You're booked" in text for text in heard), (user_id, heard)
        else:
            assert any("just filled up" in text for text in heard), (user_id, heard)


def _serve(env: dict[str, str], port: int) -> subprocess.Popen:
    server = subprocess.Popen([sys.executable, "-m", "bot"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    wait_for_port(port, server)
    return server


def _school_day_ahead() -> date:
    """A weekday at least two days from the real today: the killed process runs on real time."""
    day = datetime.now(UTC).date() + timedelta(days=2)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day
