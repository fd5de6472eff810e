"""A day closed after people booked it: nobody new books it, nobody is cancelled without deciding,
and reminders never land on a day the school is closed (issue 7, items 4 and 9e)."""

from sqlalchemy import select

from bot.models import Notification, Offer, Visit
from bot.standin.blocks import view_lines
from tests.people import (
    ADMIN,
    HOST,
    TEACHER3,
    VISITOR,
    book,
    card,
    dms_saying,
    open_door,
    run_jobs,
    set_up,
)


def close_days(stage, no_visit_dates: str) -> str:
    """The admin opens setup again and saves it with these no-visit dates; returns what the
    modal says after saving (empty when it just closed)."""
    stage.send.command(ADMIN, "setup")
    stage.settle()
    stage.send.submit(ADMIN, {"no_visit_dates": no_visit_dates})
    assert not stage.slack.modal_errors(ADMIN)
    stage.settle()
    stack = stage.slack.modal_stack(ADMIN)
    return " ".join(view_lines(stack[-1])) if stack else ""


def ask(stage, person: str):
    (message,) = dms_saying(stage, person, "closed to visits")
    return message


def test_a_door_on_a_day_closed_after_booking_takes_no_new_visitors_and_lists_drop_it(stage):
    set_up(stage)
    posted = open_door(stage)  # Tuesday Nov 24
    book(stage, VISITOR, posted)
    stage.send.command(TEACHER3, "list")
    stage.settle()
    listed_before = stage.slack.ephemerals(TEACHER3)[-1]
    close_days(stage, "2026-11-24")
    assert "Ask to visit" not in card(stage, posted.ts).plain()
    assert "No new visitors" in card(stage, posted.ts).plain()
    stage.send.click(TEACHER3, "book", message=listed_before)  # the list shown before it closed
    stage.settle()
    assert "no-visit date" in stage.slack.ephemerals(TEACHER3)[-1].plain()
    with stage.services.session_factory() as session:
        visitors = session.scalars(select(Visit.visitor_id).where(Visit.status == "confirmed"))
        assert len(list(visitors)) == 1, "only the visit booked before the day closed"
    stage.send.command(TEACHER3, "list")
    stage.settle()
    assert "Station rotation" not in stage.slack.ephemerals(TEACHER3)[-1].plain()


def test_closing_a_day_asks_the_host_and_each_visitor_and_tells_the_admin(stage):
    set_up(stage)
    book(stage, VISITOR, open_door(stage))
    said = close_days(stage, "2026-11-24")
    assert "1 open door with 1 visit booked" in said and "Tue Nov 24" in said
    host_ask, visitor_ask = ask(stage, HOST), ask(stage, VISITOR)
    assert {b["text"] for b in host_ask.buttons()} == {"Cancel", "Keep it"}
    assert {b["text"] for b in visitor_ask.buttons()} == {"Cancel", "Keep it"}
    assert f"<@{VISITOR}>" in host_ask.plain()
    with stage.services.session_factory() as session:
        assert session.scalars(select(Visit.status)).one() == "confirmed", "nothing cancelled"
        assert session.scalars(select(Offer.status)).one() == "open"


def test_a_visitors_cancel_frees_the_seat_and_tells_the_host(stage):
    set_up(stage)
    book(stage, VISITOR, open_door(stage))
    close_days(stage, "2026-11-24")
    stage.send.click(VISITOR, "closed_day_cancel_visit", message=ask(stage, VISITOR))
    stage.settle()
    assert dms_saying(stage, VISITOR, "Your visit on Tue Nov 24 is cancelled")
    (told,) = dms_saying(stage, HOST, "cancelled their visit")
    assert "closed Tuesday November 24 to visits" in told.plain()
    with stage.services.session_factory() as session:
        assert session.scalars(select(Visit.status)).one() == "cancelled"


def test_a_hosts_cancel_closes_the_door_and_tells_every_visitor(stage):
    set_up(stage)
    posted = open_door(stage)
    book(stage, VISITOR, posted)
    close_days(stage, "2026-11-24")
    stage.send.click(HOST, "closed_day_cancel_door", message=ask(stage, HOST))
    stage.settle()
    assert dms_saying(stage, VISITOR, "cancelled your visit")
    assert "Cancelled by the host" in card(stage, posted.ts).plain()


def test_kept_visits_stay_and_their_reminders_still_come(stage, frozen):
    set_up(stage)
    book(stage, VISITOR, open_door(stage, day="2026-11-25"))  # Wednesday
    close_days(stage, "2026-11-25")
    stage.send.click(VISITOR, "closed_day_keep_visit", message=ask(stage, VISITOR))
    stage.send.click(HOST, "closed_day_keep_door", message=ask(stage, HOST))
    stage.settle()
    assert dms_saying(stage, VISITOR, "You're keeping your visit")
    assert dms_saying(stage, HOST, "You're keeping your open door")
    run_jobs(stage, frozen, "2026-11-24 20:00:00")  # Tuesday 15:00, the school day before
    assert dms_saying(stage, VISITOR, "Coming up") and dms_saying(stage, HOST, "you're hosting")
    run_jobs(stage, frozen, "2026-11-25 14:15:00")  # an hour before
    assert dms_saying(stage, VISITOR, "In about an hour")


def test_an_unanswered_ask_cancels_nothing_and_reminders_come(stage, frozen):
    set_up(stage)
    book(stage, VISITOR, open_door(stage, day="2026-11-25"))
    close_days(stage, "2026-11-25")
    assert ask(stage, VISITOR) and ask(stage, HOST)
    run_jobs(stage, frozen, "2026-11-25 14:15:00")
    assert dms_saying(stage, VISITOR, "In about an hour")
    with stage.services.session_factory() as session:
        assert session.scalars(select(Visit.status)).one() == "confirmed"


def test_late_clicks_answer_plainly_and_never_act_on_a_newer_visit(stage):
    set_up(stage)
    posted = open_door(stage)
    book(stage, VISITOR, posted)
    close_days(stage, "2026-11-24")
    visitor_ask = ask(stage, VISITOR)
    (booked,) = dms_saying(stage, VISITOR, "You're booked")
    stage.send.click(VISITOR, "cancel_visit", message=booked)
    stage.settle()
    close_days(stage, "")  # the day takes visits again, and the visitor books anew
    book(stage, VISITOR, card(stage, posted.ts))
    stage.send.click(VISITOR, "closed_day_cancel_visit", message=visitor_ask)
    stage.settle()
    assert "already cancelled" in stage.slack.ephemerals(VISITOR)[-1].plain()
    with stage.services.session_factory() as session:
        statuses = list(session.scalars(select(Visit.status).order_by(Visit.id)))
    assert statuses == ["cancelled", "confirmed"], "the new booking is untouched"
    stage.send.click(HOST, "closed_day_cancel_door", message=ask(stage, HOST))
    stage.settle()
    assert "takes visits again" in stage.slack.ephemerals(HOST)[-1].plain()
    with stage.services.session_factory() as session:
        assert session.scalars(select(Offer.status)).one() == "open"


def test_a_reminder_planned_before_a_day_closed_moves_off_it(stage, frozen):
    set_up(stage)
    book(stage, VISITOR, open_door(stage, day="2026-11-25"))  # Wednesday
    close_days(stage, "2026-11-24")  # the Tuesday before, when the reminder was due
    run_jobs(stage, frozen, "2026-11-23 20:00:00")  # Monday 15:00, the school day before now
    assert len(dms_saying(stage, VISITOR, "Coming up")) == 1
    run_jobs(stage, frozen, "2026-11-24 20:00:00")
    assert len(dms_saying(stage, VISITOR, "Coming up")) == 1


def test_a_reflection_reminder_planned_before_a_day_closed_moves_to_the_next_school_day(
    stage, frozen
):
    set_up(stage)
    book(stage, VISITOR, open_door(stage))  # Tuesday 10:15: the reminder is due Thursday 11:10
    close_days(stage, "2026-11-26")
    run_jobs(stage, frozen, "2026-11-24 16:10:00")
    run_jobs(stage, frozen, "2026-11-26 16:10:00")
    assert not dms_saying(stage, VISITOR, "here it is again")
    run_jobs(stage, frozen, "2026-11-27 15:00:00")  # Friday 10:00 school time
    assert len(dms_saying(stage, VISITOR, "here it is again")) == 1


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
