"""A day closed after people booked it: nobody new books it, nobody is cancelled without deciding,
and reminders never land on a day the school is closed (issue 7, items 4 and 9e)."""

from sqlalchemy import select

from bot.models import Notification
from tests.people import HOST, VISITOR, book, dms_saying, open_door, run_jobs, set_up


def test_after_a_seventy_day_closure_the_reminder_comes_the_morning_of_the_visit(stage, frozen):
    set_up(stage, no_visit_dates="2026-11-24 to 2027-01-31")  # 70 days, to a Sunday
    book(stage, VISITOR, open_door(stage, day="2027-02-01"))  # Monday, 10:15
    run_jobs(stage, frozen, "2027-01-31 20:00:00")  # Sunday 15:00, inside the closure
    assert not dms_saying(stage, VISITOR, "Coming up")
    assert not dms_saying(stage, HOST, "you're hosting")
    run_jobs(stage, frozen, "2027-02-01 13:00:00")  # Monday 08:00, school's first hour
    assert len(dms_saying(stage, VISITOR, "Coming up")) == 1
    assert len(dms_saying(stage, HOST, "you're hosting")) == 1
    with stage.services.session_factory() as session:
        due = {
            n.kind: n.due_at
            for n in session.scalars(select(Notification).where(Notification.recipient == VISITOR))
        }
    assert due["reminder_day_before"] < due["reminder_hour_before"]
