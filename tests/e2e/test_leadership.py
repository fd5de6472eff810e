"""A leader's own records: walk-throughs (classrooms walked, look-fors, a tally or a few words
each, a note shared with the teachers the leader picks, never the tallies) and recurring
check-ins on a school's goals (both sides reminded the school day before, the leader's notes per
goal after each one, the goals' history in the leader's digest), through three monthly check-ins
and a daylight-saving change."""

import logging

from sqlalchemy import select

from bot.models import CheckIn, CheckInNote, Notification, WalkThrough
from tests.people import (
    ADMIN,
    COACH,
    HOST,
    HOST2,
    VISITOR,
    dms_saying,
    press,
    run_jobs,
    set_up,
)

LEAD = "U0LEAD"
LOOK_FORS = "Students working at three stations\nTeacher table with a small group"
TALLIES = "4 of 6 rooms\nSmall groups of four, reading data together"
SHARED = "The stations ran without you at the teacher table. Glad to have seen it."
WALK = {
    "teachers": [HOST, HOST2],
    "look_fors": LOOK_FORS,
    "notes": TALLIES,
    "shared_with": [HOST],
    "shared_note": SHARED,
}
GOALS = ["Station rotation in every 6th grade math class", "Teachers check the data biweekly"]
# Monthly on the third Tuesday at 15:00 school time (New York): Dec 15, Jan 19, Feb 16, and
# Mar 16, two days after clocks go forward.
CHECK_IN = {
    "partner": ADMIN,
    "school": "Ranson Middle",
    "goals": "\n".join(GOALS),
    "ordinal": "Third",
    "weekday": "Tuesday",
    "hour": "15:00",
}
REMINDER = "Check-in on Ranson Middle's goals"
ASK = "How is Ranson Middle doing on its goals?"


def leader_set_up(stage):
    stage.slack.add_user(LEAD, "ms.lead")
    set_up(stage, leaders=[LEAD])


def open_and_submit(stage, person, command, form):
    stage.send.command(person, command)
    stage.settle()
    reply = stage.send.submit(person, form)
    assert reply.status == 200, reply.body
    stage.settle()
    return stage.slack.modal_errors(person)


def test_only_leaders_coaches_and_admins_keep_walk_throughs_and_check_ins(stage):
    leader_set_up(stage)
    for command in ("walkthrough", "checkin", "walkthroughs"):
        stage.send.command(HOST, command)
        stage.settle()
        assert "Only coaches, school leaders and admins" in stage.slack.ephemerals(HOST)[-1].plain()
        assert not stage.slack.modal_stack(HOST)


def test_a_leader_logs_a_walk_through_and_a_teacher_gets_only_the_shared_note(stage, caplog):
    caplog.set_level(logging.INFO)
    leader_set_up(stage)
    errors = open_and_submit(stage, LEAD, "walkthrough", WALK | {"shared_with": [VISITOR]})
    assert "teachers you visited" in errors["shared_with"]
    stage.send.submit(LEAD, WALK | {"notes": TALLIES + "\none line too many"})
    assert "One line per look-for" in stage.slack.modal_errors(LEAD)["notes"]
    stage.send.submit(LEAD, WALK | {"shared_note": ""})
    assert "Write the note to share" in stage.slack.modal_errors(LEAD)["shared_note"]
    stage.send.submit(LEAD, WALK)
    stage.settle()
    assert not stage.slack.modal_errors(LEAD)
    (note,) = stage.slack.dms(HOST)
    assert SHARED in note.plain() and "walked through your classroom" in note.plain()
    assert "4 of 6" not in note.plain() and "three stations" not in note.plain()
    assert not stage.slack.dms(HOST2)
    with stage.services.session_factory() as session:
        walk = session.scalars(select(WalkThrough)).one()
        assert walk.notes == TALLIES.splitlines() and walk.shared_with == [HOST]

    stage.send.command(LEAD, "walkthrough")
    stage.settle()
    (modal,) = stage.slack.modal_stack(LEAD)
    look_fors = next(b for b in modal["blocks"] if b.get("block_id") == "look_fors")
    assert look_fors["element"]["initial_value"] == LOOK_FORS

    stage.send.command(LEAD, "walkthroughs")
    stage.settle()
    listed = stage.slack.ephemerals(LEAD)[-1].plain()
    assert "4 of 6 rooms" in listed and "Teacher table with a small group" in listed
    stage.send.command(COACH, "walkthroughs")
    stage.settle()
    assert "No walk-throughs yet" in stage.slack.ephemerals(COACH)[-1].plain()
    assert "4 of 6" not in caplog.text and SHARED not in caplog.text


def test_a_check_in_is_checked_before_it_is_scheduled(stage):
    leader_set_up(stage)
    errors = open_and_submit(stage, LEAD, "checkin", CHECK_IN | {"partner": LEAD, "goals": " "})
    assert "not yourself" in errors["partner"] and "1 to 10 goals" in errors["goals"]
    stage.send.submit(LEAD, CHECK_IN | {"goals": "\n".join(f"Goal {n}" for n in range(11))})
    assert "1 to 10 goals" in stage.slack.modal_errors(LEAD)["goals"]


def note_progress(stage, day, notes):
    ask = next(m for m in dms_saying(stage, LEAD, ASK) if day in m.plain())
    stage.send.click(LEAD, "check_in_notes", message=ask)
    stage.settle()
    reply = stage.send.submit(LEAD, {f"goal_{n}": text for n, text in enumerate(notes)})
    assert reply.status == 200, reply.body
    stage.settle()
    assert not stage.slack.modal_errors(LEAD)


def test_three_monthly_check_ins_remind_both_sides_collect_notes_and_show_in_the_digest(
    stage, frozen
):
    leader_set_up(stage)
    assert not open_and_submit(stage, LEAD, "checkin", CHECK_IN)
    assert "The first is" in str(stage.slack.modal_stack(LEAD))

    months = [
        # (the Monday before at 14:59 and 15:00 New York, the ask an hour after it starts)
        ("2026-12-14 19:59:00", "2026-12-14 20:00:00", "2026-12-15 21:00:00", "Dec 15"),
        ("2027-01-18 19:59:00", "2027-01-18 20:00:00", "2027-01-19 21:00:00", "Jan 19"),
        ("2027-02-15 19:59:00", "2027-02-15 20:00:00", "2027-02-16 21:00:00", "Feb 16"),
    ]
    progress = {
        "Dec 15": ["Two of five classes rotating", "Not yet"],
        "Jan 19": ["Four of five classes rotating", "Every team checks on Fridays"],
        "Feb 16": ["All five classes rotating", ""],
    }
    for month, (before, reminded, asked, day) in enumerate(months, start=1):
        run_jobs(stage, frozen, before)
        assert len(dms_saying(stage, LEAD, REMINDER)) == month - 1
        run_jobs(stage, frozen, reminded)
        run_jobs(stage, frozen, reminded)  # a second run owes nothing twice
        for person in (LEAD, ADMIN):
            assert len(dms_saying(stage, person, REMINDER)) == month
            assert GOALS[1] in dms_saying(stage, person, REMINDER)[-1].plain()
        run_jobs(stage, frozen, asked)
        assert len(dms_saying(stage, LEAD, ASK)) == month
        assert not dms_saying(stage, ADMIN, ASK)
        note_progress(stage, day, progress[day])

    with stage.services.session_factory() as session:
        assert session.scalar(select(CheckInNote.text).where(CheckInNote.goal == 0).order_by(
            CheckInNote.day.desc()).limit(1)) == "All five classes rotating"  # fmt: skip

    # The weekly digest on Friday at 14:00: the leader's own goals' history, newest first.
    run_jobs(stage, frozen, "2027-02-19 19:00:00")
    (digest,) = dms_saying(stage, LEAD, "Your week in visits")
    shown = digest.plain()
    assert "Check-ins with" in shown and GOALS[0] in shown
    assert shown.index("Feb 16: All five") < shown.index("Jan 19: Four of five")
    assert "Every team checks on Fridays" in shown
    (coach_digest,) = dms_saying(stage, COACH, "Your week in visits")
    assert "Check-ins with" not in coach_digest.plain()

    # Clocks go forward on Sunday March 14: the reminder still comes at 15:00 school time.
    run_jobs(stage, frozen, "2027-03-15 18:59:00")
    assert len(dms_saying(stage, ADMIN, REMINDER)) == 3
    run_jobs(stage, frozen, "2027-03-15 19:00:00")
    assert len(dms_saying(stage, ADMIN, REMINDER)) == 4
    with stage.services.session_factory() as session:
        keys = session.scalars(
            select(Notification.key).where(Notification.kind == "check_in_notes")
        )
        assert len(set(keys.all())) == 3


def test_only_the_check_ins_leader_notes_progress_and_only_on_one_of_its_days(stage, frozen):
    leader_set_up(stage)
    assert not open_and_submit(stage, LEAD, "checkin", CHECK_IN)
    run_jobs(stage, frozen, "2026-12-15 21:00:00")
    with stage.services.session_factory() as session:
        check_in = session.scalars(select(CheckIn)).one().id
    (ask,) = dms_saying(stage, LEAD, ASK)
    for person, value in (
        (COACH, f"{check_in}:2026-12-15"),
        (LEAD, f"{check_in}:2026-12-16"),
        (LEAD, f"{check_in}:2027-01-19"),
        (LEAD, "not-a-check-in"),
    ):
        reply = press(stage.send, person, "check_in_notes", value, on=ask)
        assert reply.status == 200
        stage.settle()
        assert "I can't find that check-in" in stage.slack.ephemerals(person)[-1].plain()
        shown = stage.slack.modal_stack(person)
        assert not any(view.get("callback_id") == "check_in_notes" for view in shown)
    stage.send.click(LEAD, "check_in_notes", message=ask)
    stage.settle()
    stage.send.submit(LEAD, {"goal_0": " ", "goal_1": ""})
    assert "at least one goal" in stage.slack.modal_errors(LEAD)["goal_0"]


def test_a_leader_lists_their_check_ins_and_stops_one_and_no_reminder_follows(stage, frozen):
    leader_set_up(stage)
    assert not open_and_submit(stage, LEAD, "checkin", CHECK_IN)
    stage.send.command(LEAD, "checkins")
    stage.settle()
    listed = stage.slack.ephemerals(LEAD)[-1]
    assert "Your check-ins" in listed.plain() and GOALS[0] in listed.plain()
    assert "Dec 15" in listed.plain(), "the next one's date"
    stage.send.command(ADMIN, "checkins")
    stage.settle()
    assert "no check-ins running" in stage.slack.ephemerals(ADMIN)[-1].plain(), "only their own"
    stage.send.click(LEAD, "stop_check_in", message=listed)
    stage.settle()
    assert "Stopped your check-in" in stage.slack.ephemerals(LEAD)[-1].plain()
    run_jobs(stage, frozen, "2026-12-14 20:00:00")
    assert not dms_saying(stage, LEAD, REMINDER) and not dms_saying(stage, ADMIN, REMINDER)
    stage.send.command(LEAD, "checkins")
    stage.settle()
    assert "no check-ins running" in stage.slack.ephemerals(LEAD)[-1].plain()
