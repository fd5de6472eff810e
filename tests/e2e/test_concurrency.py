"""Seats are never oversold: many people clicking at once, through the real app and database."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from bot.db import planning_lock
from bot.models import Offer, Visit
from tests.people import COACH, card, dms_saying, open_door, run_jobs, school, set_up

CROWD = [f"U0CROWD{n:02d}" for n in range(20)]


def test_twenty_clicks_on_a_two_seat_door_make_exactly_two_bookings(stage):
    set_up(stage)
    posted = open_door(stage, seats="2")
    for user_id in CROWD:
        stage.slack.add_user(user_id, user_id.lower())
    with ThreadPoolExecutor(max_workers=len(CROWD)) as pool:
        replies = list(
            pool.map(lambda user_id: stage.send.click(user_id, "book", message=posted), CROWD)
        )
    assert all(reply.status == 200 for reply in replies)
    stage.settle()
    answers = [stage.slack.ephemerals(user_id)[-1].plain() for user_id in CROWD]
    assert sum("You're booked" in answer for answer in answers) == 2
    assert sum("just filled up" in answer for answer in answers) == 18
    booked_dms = [user_id for user_id in CROWD if stage.slack.dms(user_id)]
    assert len(booked_dms) == 2
    with stage.services.session_factory() as session:
        assert session.scalar(select(func.count(Visit.id))) == 2
        assert session.scalar(select(Offer.seats_taken)) == 2
    assert "Full" in card(stage, posted.ts).plain()


def test_one_person_racing_themselves_books_once(stage):
    set_up(stage)
    posted = open_door(stage, seats="5")
    person = CROWD[0]
    stage.slack.add_user(person, "racer")
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda _: stage.send.click(person, "book", message=posted), range(8)))
    stage.settle()
    with stage.services.session_factory() as session:
        assert session.scalar(select(func.count(Visit.id))) == 1
        assert session.scalar(select(Offer.seats_taken)) == 1


def test_a_double_click_on_cant_make_it_frees_the_seat_once(stage):
    from tests.people import TEACHER3, VISITOR, dms_saying

    set_up(stage)
    posted = open_door(stage, seats="2")
    for person in (VISITOR, TEACHER3):
        stage.send.click(person, "book", message=posted)
    stage.settle()
    (booked,) = dms_saying(stage, VISITOR, "You're booked")
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(
            pool.map(lambda _: stage.send.click(VISITOR, "cancel_visit", message=booked), range(4))
        )
    stage.settle()
    with stage.services.session_factory() as session:
        assert session.scalar(select(Offer.seats_taken)) == 1
        statuses = sorted(session.scalars(select(Visit.status)))
    assert statuses == ["cancelled", "confirmed"]
    assert "1 of 2 seats left" in card(stage, posted.ts).plain()


def test_a_host_closing_the_door_while_people_book_leaves_no_one_booked(stage):
    set_up(stage)
    posted = open_door(stage, seats="10")
    for user_id in CROWD[:9]:
        stage.slack.add_user(user_id, user_id.lower())
    from tests.people import HOST

    stage.send.command(HOST, "mine")
    stage.settle()
    mine = stage.slack.ephemerals(HOST)[-1]

    def act(user_id):
        if user_id == HOST:
            return stage.send.click(HOST, "cancel_offer", message=mine)
        return stage.send.click(user_id, "book", message=posted)

    with ThreadPoolExecutor(max_workers=10) as pool:
        list(pool.map(act, [*CROWD[:4], HOST, *CROWD[4:9]]))
    stage.settle()
    with stage.services.session_factory() as session:
        active = session.scalar(
            select(func.count(Visit.id)).where(Visit.status.in_(("pending", "confirmed")))
        )
        assert session.scalar(select(Offer.status)) == "cancelled"
        assert active == 0
        assert session.scalar(select(Offer.seats_taken)) == 0


def _another_instance_planning(stage, job: str, started: threading.Event, seconds: float) -> None:
    """Another instance holds `job`'s planning lock on the school for a while, then commits."""
    with stage.services.session_factory() as session:
        planning_lock(session, job, school(session).id)
        started.set()
        time.sleep(seconds)
        session.commit()


@pytest.mark.parametrize("busy_with", ["nudges", "digests"])
def test_the_digest_is_planned_whatever_another_instance_is_planning(stage, frozen, busy_with):
    """Three `jobs run` processes once lost the digest: each, reaching digests, saw the school
    locked by another one's different job (or the same job for an earlier instant) and skipped."""
    set_up(stage, digest_weekday="4", digest_hour="14")
    open_door(stage)
    frozen.move_to("2026-11-27 19:00:00")  # Friday 14:00 in Ranson
    started = threading.Event()
    holder = threading.Thread(
        target=_another_instance_planning, args=(stage, busy_with, started, 1.0)
    )
    holder.start()
    started.wait(timeout=10)
    run_jobs(stage, frozen, "2026-11-27 19:00:00")
    holder.join()
    assert len(dms_saying(stage, COACH, "Your week in visits")) == 1
