"""Rules found in review: each was a real defect, kept here so it stays fixed."""

from bot.stage import VISITS_CHANNEL
from tests.people import (
    ADMIN,
    COACH,
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


def test_the_host_is_asked_directly_when_the_channel_refuses_the_approval_ask(stage, frozen):
    set_up(stage)
    posted = open_door(stage, approval=["yes"])
    stage.slack.fail_next("chat.postMessage", "not_in_channel", times=5,
                          when=lambda args: args.get("channel") == VISITS_CHANNEL)  # fmt: skip
    stage.slack.fail_next("chat.update", "not_in_channel", times=5,
                          when=lambda args: args.get("channel") == VISITS_CHANNEL)  # fmt: skip
    book(stage, VISITOR, posted)
    (ask,) = dms_saying(stage, HOST, "asks to visit")
    assert dms_saying(stage, ADMIN, "can't post in")
    stage.send.click(HOST, "approve_visitor", message=ask)
    stage.settle()
    assert dms_saying(stage, VISITOR, "You're booked")
    assert "welcomed" in stage.slack.dms(HOST)[-1].plain() or dms_saying(stage, HOST, "welcomed")


def test_a_thank_you_added_when_editing_reaches_the_host(stage, frozen):
    set_up(stage)
    book(stage, VISITOR, open_door(stage))
    run_jobs(stage, frozen, "2026-11-24 16:10:00")
    (prompt,) = dms_saying(stage, VISITOR, "How was your visit")
    stage.send.click(VISITOR, "open_reflection", message=prompt)
    stage.settle()
    stage.send.submit(VISITOR, {"noticed": "Students rotated on a timer."})
    stage.settle()
    stage.send.close_view(VISITOR)
    stage.send.click(VISITOR, "open_reflection", message=prompt)
    stage.settle()
    stage.send.submit(VISITOR, {"thanks": "Thank you, I learned a lot"})
    stage.settle()
    assert dms_saying(stage, HOST, "Thank you, I learned a lot")


def test_a_day_before_reminder_is_not_sent_at_night(stage, frozen):
    set_up(stage)
    book(stage, VISITOR, open_door(stage))
    run_jobs(stage, frozen, "2026-11-24 04:30:00")  # Monday 23:30 in New York
    assert not dms_saying(stage, VISITOR, "Coming up") and not dms_saying(stage, HOST, "Coming up")


def test_a_coach_back_from_leave_gets_the_digest_again(stage, frozen):
    set_up(stage)
    stage.slack.set_user_deleted(COACH, True)
    run_jobs(stage, frozen, "2026-11-27 19:00:00")
    stage.slack.set_user_deleted(COACH, False)
    stage.send.command(COACH, "digest")
    stage.settle()
    run_jobs(stage, frozen, "2026-12-04 19:00:00")
    assert dms_saying(stage, COACH, "Your week in visits")


def test_leaders_see_participation_counts_but_not_the_names_of_who_has_not_yet(stage, frozen):
    set_up(stage, coaches=[], leaders=[TEACHER3])
    stage.send.command(HOST, "profile")
    stage.settle()
    stage.send.submit(HOST, {"grades": ["6"]})
    stage.settle()
    stage.send.command(TEACHER3, "digest")
    stage.settle()
    digest = stage.slack.ephemerals(TEACHER3)[-1].plain()
    assert "Participation" in digest and "not yet visiting" not in digest


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
