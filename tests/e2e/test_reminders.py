"""Flow 4: reminders the school day before and an hour before, across days, DST and closures."""

from sqlalchemy import select

from bot.models import Notification
from bot.stage import VISITS_CHANNEL
from tests.people import (
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


def test_host_and_visitor_are_reminded_the_day_before_and_an_hour_before(stage, frozen):
    set_up(stage)
    posted = open_door(stage)  # Tuesday 10:15 in New York
    book(stage, VISITOR, posted)
    run_jobs(stage, frozen, "2026-11-23 19:59:00")  # Monday 14:59 school time
    assert not dms_saying(stage, VISITOR, "Coming up")
    run_jobs(stage, frozen, "2026-11-23 20:00:00")  # Monday 15:00 school time
    assert dms_saying(stage, VISITOR, "Coming up") and dms_saying(stage, HOST, "you're hosting")
    run_jobs(stage, frozen, "2026-11-24 14:15:00")  # Tuesday 09:15, an hour before
    assert dms_saying(stage, VISITOR, "In about an hour") and dms_saying(
        stage, HOST, "In about an hour"
    )
    run_jobs(stage, frozen, "2026-11-24 14:20:00")
    assert len(dms_saying(stage, VISITOR, "In about an hour")) == 1, "sent once"


def test_cant_make_it_on_a_reminder_frees_the_seat_and_tells_the_host(stage, frozen):
    set_up(stage)
    posted = open_door(stage)
    book(stage, VISITOR, posted)
    run_jobs(stage, frozen, "2026-11-23 20:00:00")
    (reminder,) = dms_saying(stage, VISITOR, "Coming up")
    stage.send.click(VISITOR, "cancel_visit", message=reminder)
    stage.settle()
    assert "2 of 2 seats left" in card(stage, posted.ts).plain()
    assert dms_saying(stage, HOST, "cancelled their visit")
    run_jobs(stage, frozen, "2026-11-24 14:15:00")
    assert not dms_saying(stage, VISITOR, "In about an hour"), (
        "a cancelled visit's reminders are withdrawn"
    )
    assert not dms_saying(stage, HOST, "In about an hour")


def test_reminders_whose_moment_passed_are_skipped_but_the_reflection_prompt_still_comes(
    stage, frozen
):
    set_up(stage)
    book(stage, VISITOR, open_door(stage))
    run_jobs(stage, frozen, "2026-11-24 16:30:00")  # the bot was down until after the visit
    assert not dms_saying(stage, VISITOR, "Coming up") and not dms_saying(
        stage, VISITOR, "In about an hour"
    )
    assert dms_saying(stage, VISITOR, "How was your visit")
    with stage.services.session_factory() as session:
        states = {
            n.kind: n.state
            for n in session.scalars(select(Notification).where(Notification.recipient == VISITOR))
        }
    assert states["reminder_day_before"] == states["reminder_hour_before"] == "skipped"


def test_a_nine_oclock_visit_is_reminded_at_local_times_across_the_dst_change(stage, frozen):
    frozen.move_to("2027-03-08 14:00:00")  # Monday, still EST
    set_up(stage)
    posted = open_door(stage, day="2027-03-15", start="10:00", end="10:45")  # Monday, now EDT
    book(stage, VISITOR, posted)
    run_jobs(stage, frozen, "2027-03-12 19:59:00")
    assert not dms_saying(stage, VISITOR, "Coming up")
    run_jobs(stage, frozen, "2027-03-12 20:00:00")  # Friday 15:00 EST
    assert dms_saying(stage, VISITOR, "Coming up")
    run_jobs(stage, frozen, "2027-03-15 12:59:00")
    assert not dms_saying(stage, VISITOR, "In about an hour")
    run_jobs(stage, frozen, "2027-03-15 13:00:00")  # 09:00 EDT, an hour before 10:00
    assert dms_saying(stage, VISITOR, "In about an hour")


def test_the_day_before_reminder_skips_a_no_visit_date(stage, frozen):
    set_up(stage, no_visit_dates="2026-11-27")  # the Friday before
    book(stage, VISITOR, open_door(stage, day="2026-11-30"))  # Monday
    run_jobs(stage, frozen, "2026-11-26 19:59:00")
    assert not dms_saying(stage, VISITOR, "Coming up")
    run_jobs(stage, frozen, "2026-11-26 20:00:00")  # Thursday 15:00, the last school day before
    assert len(dms_saying(stage, VISITOR, "Coming up")) == 1
    run_jobs(stage, frozen, "2026-11-27 20:00:00")
    assert len(dms_saying(stage, VISITOR, "Coming up")) == 1


def test_a_seat_refilled_after_a_cancel_brings_the_hosts_reminder_back(stage, frozen):
    from tests.people import TEACHER3

    set_up(stage)
    posted = open_door(stage, seats="1")
    book(stage, VISITOR, posted)
    (booked,) = dms_saying(stage, VISITOR, "You're booked")
    stage.send.click(VISITOR, "cancel_visit", message=booked)
    stage.settle()
    book(stage, TEACHER3, card(stage, posted.ts))
    run_jobs(stage, frozen, "2026-11-23 20:00:00")
    (reminder,) = dms_saying(stage, HOST, "you're hosting")
    assert f"<@{TEACHER3}>" in reminder.plain() and f"<@{VISITOR}>" not in reminder.plain()


def test_a_day_before_reminder_is_not_sent_at_night(stage, frozen):
    set_up(stage)
    book(stage, VISITOR, open_door(stage))
    run_jobs(stage, frozen, "2026-11-24 04:30:00")  # Monday 23:30 in New York
    assert not dms_saying(stage, VISITOR, "Coming up") and not dms_saying(stage, HOST, "Coming up")


def test_the_hosts_reminder_names_only_accepted_visitors(stage, frozen):
    set_up(stage)
    posted = open_door(stage, approval=["yes"])
    book(stage, VISITOR, posted)
    ask = stage.slack.thread(VISITS_CHANNEL, posted.ts)[-1]
    stage.send.click(HOST, "approve_visitor", message=ask)
    stage.settle()
    book(stage, TEACHER3, card(stage, posted.ts))
    run_jobs(stage, frozen, "2026-11-23 20:00:00")
    (reminder,) = dms_saying(stage, HOST, "you're hosting")
    assert f"<@{VISITOR}>" in reminder.plain() and f"<@{TEACHER3}>" not in reminder.plain()


def test_a_reflection_reminder_due_on_a_saturday_waits_for_monday_morning(stage, frozen):
    set_up(stage)
    book(stage, VISITOR, open_door(stage, day="2026-11-26"))  # Thursday 10:15
    run_jobs(stage, frozen, "2026-11-26 16:10:00")
    assert dms_saying(stage, VISITOR, "How was your visit")
    run_jobs(stage, frozen, "2026-11-28 16:10:00")  # Saturday, 48 hours on
    assert not dms_saying(stage, VISITOR, "here it is again")
    run_jobs(stage, frozen, "2026-11-30 14:59:00")
    assert not dms_saying(stage, VISITOR, "here it is again")
    run_jobs(stage, frozen, "2026-11-30 15:00:00")  # Monday 10:00 school time
    assert len(dms_saying(stage, VISITOR, "here it is again")) == 1


def test_after_months_down_what_followed_a_visit_is_skipped_not_sent(stage, frozen):
    set_up(stage)
    book(stage, VISITOR, open_door(stage))  # Tuesday November 24
    run_jobs(stage, frozen, "2027-03-15 15:00:00")  # back after the winter, a Monday 11:00
    for words in ("How was your visit", "here it is again", "Did you try it?"):
        assert not dms_saying(stage, VISITOR, words), words
    assert not dms_saying(stage, HOST, "Thank you for opening your door")
    with stage.services.session_factory() as session:
        after = session.scalars(
            select(Notification).where(
                Notification.kind.in_(
                    ("reflection_prompt", "reflection_reminder", "host_prompt", "visit_check",
                     "follow_up")
                )
            )
        ).all()  # fmt: skip
    assert len(after) == 5
    assert all(n.state == "skipped" and n.last_error.startswith("stale") for n in after)


def test_a_host_with_one_visitor_is_told_of_one_visitor(stage, frozen):
    set_up(stage)
    book(stage, VISITOR, open_door(stage))
    run_jobs(stage, frozen, "2026-11-23 20:00:00")
    (reminder,) = dms_saying(stage, HOST, "you're hosting")
    assert "you're hosting 1 visitor," in reminder.plain() and "(s)" not in reminder.plain()
