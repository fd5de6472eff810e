"""Flows 5 and 6: the two-week follow-up with its *Need help*, and gentle nudges: quiet members,
unvisited hosts, unanswered requests, it-has-been-a-while and giving back."""

from tests.people import (
    COACH,
    HOST,
    HOST2,
    TEACHER3,
    VISITOR,
    book,
    dms_saying,
    open_door,
    profile,
    run_jobs,
    set_up,
)


def visited_and_reflected(stage, frozen, **reflection):
    """Mr. Chen visits Ms. Rivera's station rotation on Tuesday and reflects after it."""
    set_up(stage)
    book(stage, VISITOR, open_door(stage))
    run_jobs(stage, frozen, "2026-11-24 16:10:00")
    (message,) = dms_saying(stage, VISITOR, "How was your visit")
    stage.send.click(VISITOR, "open_reflection", message=message)
    stage.settle()
    stage.send.submit(VISITOR, {"noticed": "Students rotated on a timer."} | reflection)
    stage.settle()


def test_did_you_try_it_two_weeks_later_and_need_help_reaches_the_host(stage, frozen):
    visited_and_reflected(stage, frozen, will_try="Stations on Friday",
                          question="How do you manage the noise?")  # fmt: skip
    open_door(stage, host=HOST, day="2026-12-10", start="09:00", end="09:45")
    run_jobs(stage, frozen, "2026-12-08 14:59:00")
    assert not dms_saying(stage, VISITOR, "Did you try it?")
    run_jobs(stage, frozen, "2026-12-08 15:00:00")  # two weeks on, 10:00 school time
    (follow_up,) = dms_saying(stage, VISITOR, "Did you try it?")
    assert "Stations on Friday" in follow_up.plain()
    stage.send.click(VISITOR, "follow_up_answer:need_help", message=follow_up)
    stage.settle()
    modal = stage.slack.modal_stack(VISITOR)[-1]
    assert "What got in the way?" in str(modal)
    assert not dms_saying(stage, HOST, "would love a hand"), "nothing goes before they say what"
    stage.send.submit(VISITOR, {"got_in_the_way": "The timer kept running over."})
    stage.settle()
    (help_asked,) = dms_saying(stage, HOST, "would love a hand")
    assert "The timer kept running over." in help_asked.plain()
    assert "How do you manage the noise?" in help_asked.plain()
    assert not dms_saying(stage, COACH, "would love a hand"), "the coach only if they tick it"
    answer = stage.slack.modal_stack(VISITOR)[-1]
    assert "passed what got in the way" in str(answer)
    assert [e["action_id"] for b in answer["blocks"] if "accessory" in b
            for e in [b["accessory"]]] == ["book"], "offers to book another visit"  # fmt: skip


def test_need_help_suggests_doors_showing_the_practice_colleagues_new_to_them_first(stage, frozen):
    """Ms. Nguyen's visit to Ms. Rivera showed station rotation; stuck two weeks on, she is
    offered Mr. Patel's rotation door first (new to her), then Ms. Rivera's own, and not a door
    showing something else, though it is the soonest."""
    visited_and_reflected(stage, frozen)
    open_door(stage, host=HOST, day="2026-12-10", start="09:00", end="09:45")
    open_door(stage, host=HOST2, day="2026-12-11", start="09:00", end="09:45")
    open_door(stage, host=TEACHER3, day="2026-12-09", practices=["Number talks"])
    run_jobs(stage, frozen, "2026-12-08 15:00:00")
    (follow_up,) = dms_saying(stage, VISITOR, "Did you try it?")
    stage.send.click(VISITOR, "follow_up_answer:need_help", message=follow_up)
    stage.settle()
    stage.send.submit(VISITOR, {"got_in_the_way": "The timer kept running over."})
    stage.settle()
    answer = stage.slack.modal_stack(VISITOR)[-1]
    doors = [str(block) for block in answer["blocks"] if "accessory" in block]
    assert len(doors) == 2, "only doors showing station rotation"
    assert f"<@{HOST2}>" in doors[0] and "New to you" in doors[0]
    assert f"<@{HOST}>" in doors[1] and "New to you" not in doors[1]


def test_need_help_can_reach_the_coach_with_only_what_the_visitor_wrote_for_them(stage, frozen):
    visited_and_reflected(stage, frozen, question="How do you manage the noise?")
    run_jobs(stage, frozen, "2026-12-08 15:00:00")
    (follow_up,) = dms_saying(stage, VISITOR, "Did you try it?")
    stage.send.click(VISITOR, "follow_up_answer:need_help", message=follow_up)
    stage.settle()
    stage.send.submit(VISITOR, {"got_in_the_way": "   ", "coach": ["coach"]})
    assert "got_in_the_way" in stage.slack.modal_errors(VISITOR)
    stage.send.submit(VISITOR, {"got_in_the_way": "Groups finish at different times.",
                                "coach": ["coach"]})  # fmt: skip
    stage.settle()
    (to_host,) = dms_saying(stage, HOST, "would love a hand")
    (to_coach,) = dms_saying(stage, COACH, "would love a hand")
    assert "Groups finish at different times." in to_host.plain()
    assert "Groups finish at different times." in to_coach.plain()
    assert f"<@{HOST}>" in to_coach.plain()
    assert "manage the noise" not in to_coach.plain(), "the reflection stays private"
    assert "your coach" in str(stage.slack.modal_stack(VISITOR)[-1])


def test_quiet_members_get_matching_open_doors_once_a_week_in_school_hours(stage, frozen):
    set_up(stage)
    profile(stage, TEACHER3, ["Station rotation", "Number talks"])
    open_door(stage, host=HOST)
    open_door(stage, host=HOST2, day="2026-11-25", practices=["Exit tickets"])
    run_jobs(stage, frozen, "2026-11-23 23:30:00")  # 18:30, after school
    assert not dms_saying(stage, TEACHER3, "Open doors that match")
    run_jobs(stage, frozen, "2026-11-24 13:30:00")  # Tuesday 08:30
    (nudge,) = dms_saying(stage, TEACHER3, "Open doors that match")
    assert "Station rotation" in nudge.plain() and "Exit tickets" not in nudge.plain()
    assert [b["action_id"] for b in nudge.buttons()] == ["book"]
    run_jobs(stage, frozen, "2026-11-25 14:00:00")
    assert len(dms_saying(stage, TEACHER3, "Open doors that match")) == 1, "at most one a week"


def test_muted_members_and_weekends_get_no_nudges(stage, frozen):
    set_up(stage)
    profile(stage, TEACHER3, ["Station rotation"])
    open_door(stage, host=HOST, day="2026-12-01")
    run_jobs(stage, frozen, "2026-11-28 15:00:00")  # Saturday
    assert not dms_saying(stage, TEACHER3, "Open doors that match")
    stage.send.command(TEACHER3, "nudges off")
    stage.settle()
    run_jobs(stage, frozen, "2026-11-30 15:00:00")  # Monday
    assert not dms_saying(stage, TEACHER3, "Open doors that match")


def test_hosts_nobody_visited_get_encouragement(stage, frozen):
    set_up(stage)
    open_door(stage, host=HOST)
    run_jobs(stage, frozen, "2026-11-25 14:00:00")
    assert dms_saying(stage, HOST, "Nobody made it to your open door")


def test_requests_unanswered_for_three_school_days_go_to_coaches(stage, frozen):
    set_up(stage)
    stage.send.command(VISITOR, "request")
    stage.settle()
    stage.send.submit(VISITOR, {"practices": ["Data conferences"]})
    stage.settle()
    run_jobs(stage, frozen, "2026-11-25 15:00:00")
    assert not dms_saying(stage, COACH, "waited 3 school days")
    run_jobs(stage, frozen, "2026-11-27 15:00:00")
    (alert,) = dms_saying(stage, COACH, "waited 3 school days")
    stage.send.click(COACH, "help_request", message=alert)
    stage.settle()
    assert dms_saying(stage, VISITOR, "is helping find a host")


def test_only_people_who_visited_before_hear_it_has_been_a_while(stage, frozen):
    set_up(stage)
    profile(stage, VISITOR, ["Station rotation"])
    profile(stage, TEACHER3, ["Station rotation"])
    book(stage, VISITOR, open_door(stage))
    open_door(stage, host=HOST2, day="2027-01-07")
    run_jobs(stage, frozen, "2027-01-05 15:00:00")  # Tuesday 10:00, six weeks on
    (returning,) = dms_saying(stage, VISITOR, "Open doors that match")
    (newcomer,) = dms_saying(stage, TEACHER3, "Open doors that match")
    assert "been a while since your last visit" in returning.plain()
    assert "been a while" not in newcomer.plain()
    assert "first visit" in newcomer.plain()
    assert [b["action_id"] for b in newcomer.buttons()] == ["book"]


def _three_completed_visits(stage, visitor=VISITOR):
    """Three colleagues' doors this week, each visited and marked as happened."""
    from sqlalchemy import update

    from bot.models import Visit

    days = ("2026-11-24", "2026-11-25", "2026-11-27")
    for host, day in zip((HOST, HOST2, TEACHER3), days, strict=True):
        book(stage, visitor, open_door(stage, host=host, day=day))
    with stage.services.session_factory() as session:
        session.execute(update(Visit).values(status="completed"))
        session.commit()


def test_a_teacher_who_visits_but_never_hosts_is_asked_once_a_term_to_open_their_door(
    stage, frozen
):
    set_up(stage)
    _three_completed_visits(stage)
    run_jobs(stage, frozen, "2026-11-30 15:00:00")  # Monday 10:00 school time
    (ask,) = dms_saying(stage, VISITOR, "Your door could be the next one")
    assert "`/visit offer tomorrow 10:15 station rotation`" in ask.plain()
    assert "3 colleagues’ classrooms to see Station rotation" in ask.plain()
    assert [b["text"] for b in ask.buttons()] == ["Open my door"]
    run_jobs(stage, frozen, "2026-12-07 15:00:00")  # a week on: still this term
    run_jobs(stage, frozen, "2026-12-14 15:00:00")
    assert len(dms_saying(stage, VISITOR, "Your door could be the next one")) == 1
    run_jobs(stage, frozen, "2027-01-11 15:00:00")  # the next term
    assert len(dms_saying(stage, VISITOR, "Your door could be the next one")) == 2


def test_no_giving_back_nudge_for_the_muted_or_for_someone_who_opened_a_door(stage, frozen):
    set_up(stage)
    _three_completed_visits(stage)
    stage.send.command(VISITOR, "nudges off")
    stage.settle()
    run_jobs(stage, frozen, "2026-11-30 15:00:00")
    assert not dms_saying(stage, VISITOR, "Your door could be the next one")
    stage.send.command(VISITOR, "nudges on")
    stage.settle()
    open_door(stage, host=VISITOR, day="2026-12-09")
    run_jobs(stage, frozen, "2026-12-07 15:00:00")
    assert not dms_saying(stage, VISITOR, "Your door could be the next one"), "they host now"


def test_a_nudge_puts_a_host_new_to_the_member_first_and_marks_it(stage, frozen):
    """Ms. Nguyen visited Ms. Rivera this term; five weeks on, nudged, Mr. Patel's door comes
    first and is marked new to her, though Ms. Rivera's is sooner."""
    set_up(stage)
    profile(stage, TEACHER3, ["Station rotation"])
    book(stage, TEACHER3, open_door(stage, host=HOST))  # Tuesday Nov 24
    frozen.move_to("2026-12-28 13:00:00")  # Monday, five weeks on, before school
    stage.settle()
    open_door(stage, host=HOST, day="2026-12-29")
    open_door(stage, host=HOST2, day="2026-12-30")
    run_jobs(stage, frozen, "2026-12-28 15:00:00")
    (nudge,) = dms_saying(stage, TEACHER3, "Open doors that match")
    doors = [b for b in nudge.blocks if b.get("accessory")]
    assert f"<@{HOST2}>" in str(doors[0]) and "New to you" in str(doors[0])
    assert f"<@{HOST}>" in str(doors[1]) and "New to you" not in str(doors[1])
