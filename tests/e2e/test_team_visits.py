"""Team visits: a team's morning at a host school, planned in one modal, each stop confirmed by its
host, one itinerary per person kept current, one reminder and one prompt for the whole route, the
team's vote on what to try, and two weeks on, going back to ask a host."""

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import select

from bot.models import GroupMember, GroupVisit, Stop
from bot.standin.blocks import view_lines
from tests.people import (
    ADMIN,
    COACH,
    HOST,
    HOST2,
    TEACHER3,
    VISITOR,
    dms_saying,
    press,
    run_jobs,
    set_up,
)
from tests.team_visit_steps import (
    ASKED,
    ITINERARY,
    KIM,
    TEAM,
    answer,
    confirmed_route,
    itinerary,
    plan,
    planned,
    replace_stop_two,
)


def test_planning_asks_each_host_once_and_one_itinerary_follows_their_answers(stage):
    planned(stage)
    for host in (HOST, HOST2):
        (ask,) = dms_saying(stage, host, ASKED)
        assert [b["text"] for b in ask.buttons()] == ["Confirm", "Decline"]
    for person in [*TEAM, ADMIN]:
        assert "waiting for the host" in itinerary(stage, person).plain()
    assert not dms_saying(stage, VISITOR, ASKED), "nobody on the team clicks to be booked"

    answer(stage, HOST, "team_stop_confirm")
    answer(stage, HOST2, "team_stop_decline")
    for person in [*TEAM, ADMIN]:
        shown = itinerary(stage, person).plain()
        assert "confirmed" in shown and "declined" in shown, shown
    (declined,) = dms_saying(stage, ADMIN, "can't host stop 2")
    assert [b["text"] for b in declined.buttons()] == ["Replace this stop"]

    replace_stop_two(stage)
    assert dms_saying(stage, KIM, ASKED)
    answer(stage, KIM, "team_stop_confirm")
    for person in [*TEAM, ADMIN]:
        shown = itinerary(stage, person).plain()
        assert f"<@{KIM}>" in shown and f"<@{HOST2}>" not in shown, shown
        assert "waiting" not in shown and shown.count("confirmed") == 2, shown
    assert not dms_saying(stage, ADMIN, "can't host stop 2")[0].buttons(), "replaced: no button"


def test_a_second_click_on_a_stop_is_answered_plainly_and_changes_nothing(stage):
    planned(stage)
    answer(stage, HOST, "team_stop_confirm")
    press(stage.send, HOST, "team_stop_decline", value=_stop_id(stage, HOST))
    stage.settle()
    assert "already answered" in stage.slack.ephemerals(HOST)[-1].plain()
    assert _stop_status(stage, HOST) == "confirmed"


def test_a_team_member_cannot_confirm_a_stop(stage):
    planned(stage)
    press(stage.send, VISITOR, "team_stop_confirm", value=_stop_id(stage, HOST))
    stage.settle()
    assert "can answer for this stop" in stage.slack.ephemerals(VISITOR)[-1].plain()
    assert _stop_status(stage, HOST) == "asked"


def test_a_teacher_cannot_plan_a_team_visit(stage):
    set_up(stage)
    stage.send.command(VISITOR, "team")
    stage.settle()
    assert not stage.slack.modal_stack(VISITOR)
    assert (
        "Only coaches, leaders, admins and team leads"
        in stage.slack.ephemerals(VISITOR)[-1].plain()
    )


def test_bad_input_comes_back_as_field_errors_and_nothing_is_planned(stage):
    set_up(stage, no_visit_dates="2026-11-26")
    plan(stage, day="2026-11-26", stop1_host=VISITOR, stop2_start="09:30",
         stop2_end="17:00", debrief_time="09:00")  # fmt: skip
    errors = stage.slack.modal_errors(ADMIN)
    assert "no visits that day" in errors["day"]
    assert "on the visiting team" in errors["stop1_host"]
    assert "within school hours" in errors["stop2_end"]
    plan(stage, stop2_start="09:30", stop2_end="10:00", debrief_time="10:00")
    errors = stage.slack.modal_errors(ADMIN)
    assert "one after another" in errors["stop2_start"]
    plan(stage, stop2_host=HOST, day="2029-01-10")
    errors = stage.slack.modal_errors(ADMIN)
    assert "two years" in errors["day"]
    with stage.services.session_factory() as session:
        assert session.scalars(select(GroupVisit)).all() == []
    assert not dms_saying(stage, HOST, ASKED)


def test_each_member_gets_one_reminder_with_the_whole_route_and_one_prompt_after_it(stage, frozen):
    confirmed_route(stage)
    run_jobs(stage, frozen, "2026-11-24 19:59:00")  # Tuesday 14:59 school time
    assert not dms_saying(stage, VISITOR, "Coming up")
    run_jobs(stage, frozen, "2026-11-24 20:00:00")
    run_jobs(stage, frozen, "2026-11-25 14:30:00")  # Wednesday, during the route
    for person in TEAM:
        (reminder,) = dms_saying(stage, person, "Coming up: your team visit")
        assert f"<@{HOST}>" in reminder.plain() and f"<@{HOST2}>" in reminder.plain()
        assert "Lunch in the library" in reminder.plain()
        assert not dms_saying(stage, person, "While the route")
    assert not dms_saying(stage, HOST, "Coming up: your team visit")
    run_jobs(stage, frozen, "2026-11-25 15:40:00")  # ten minutes after the last stop
    run_jobs(stage, frozen, "2026-11-26 15:40:00")
    for person in TEAM:
        assert len(dms_saying(stage, person, "While the route")) == 1
    (prompt,) = dms_saying(stage, VISITOR, "While the route")
    stage.send.click(VISITOR, "team_reflect", message=prompt)
    stage.settle()
    stage.send.submit(VISITOR, {"noticed": "Students rotated on a timer without asking."})
    stage.settle()
    assert "private to you" in stage.slack.modal_stack(VISITOR)[-1]["blocks"][0]["text"]["text"]
    assert not dms_saying(stage, HOST, "shared their reflection")
    (prompt,) = dms_saying(stage, TEACHER3, "While the route")
    stage.send.click(TEACHER3, "team_reflect", message=prompt)
    stage.settle()
    stage.send.submit(TEACHER3, {"will_try": "A timer on the board.", "share": ["share"]})
    stage.settle()
    for host in (HOST, HOST2):
        (shared,) = dms_saying(stage, host, "shared their reflection")
        assert "A timer on the board." in shared.plain()
        assert "without asking" not in shared.plain(), "the private one stays private"


def test_the_team_votes_and_the_result_reaches_the_planner_and_the_coach(stage, frozen):
    confirmed_route(stage)
    run_jobs(stage, frozen, "2026-11-25 17:29:00")  # the debrief (11:30) isn't over
    assert not dms_saying(stage, VISITOR, "what will the team try")
    run_jobs(stage, frozen, "2026-11-25 17:30:00")
    (poll,) = dms_saying(stage, VISITOR, "what will the team try")
    assert [b["text"] for b in poll.buttons()] == ["Teacher-led station", "Exit tickets by station"]
    stage.send.click(VISITOR, "team_vote:0", message=poll)
    stage.settle()
    (poll,) = dms_saying(stage, VISITOR, "what will the team try")
    stage.send.click(VISITOR, "team_vote:1", message=poll)  # changed their mind
    stage.settle()
    (other,) = dms_saying(stage, TEACHER3, "what will the team try")
    stage.send.click(TEACHER3, "team_vote:1", message=other)
    stage.settle()
    (closing,) = dms_saying(stage, ADMIN, "The team is voting")
    stage.send.click(ADMIN, "team_close_poll", message=closing)
    stage.settle()
    with stage.services.session_factory() as session:
        decided = session.scalars(select(GroupVisit)).one()
        assert decided.decision == {"Teacher-led station": 0, "Exit tickets by station": 2}
    (result,) = dms_saying(stage, COACH, "decided what to try")
    assert "Exit tickets by station: 2 votes" in result.plain()
    assert "Teacher-led station: 0 votes" in result.plain()
    assert len(dms_saying(stage, ADMIN, "decided what to try")) == 1, "shown in place, not twice"
    press(stage.send, TEACHER3, "team_vote:0", value=str(decided.id))
    stage.settle()
    assert "poll has closed" in stage.slack.ephemerals(TEACHER3)[-1].plain()
    run_jobs(stage, frozen, "2026-11-27 17:30:00")  # past its closing time: closed once
    assert len(dms_saying(stage, COACH, "decided what to try")) == 1


def test_a_poll_nobody_closes_is_closed_at_its_time(stage, frozen):
    confirmed_route(stage)
    run_jobs(stage, frozen, "2026-11-25 17:30:00")
    (poll,) = dms_saying(stage, VISITOR, "what will the team try")
    stage.send.click(VISITOR, "team_vote:0", message=poll)
    stage.settle()
    run_jobs(stage, frozen, "2026-11-26 17:29:00")
    assert not dms_saying(stage, COACH, "decided what to try")
    run_jobs(stage, frozen, "2026-11-26 17:31:00")  # a day after the debrief ended
    (result,) = dms_saying(stage, COACH, "decided what to try")
    assert "Teacher-led station: 1 vote" in result.plain()


def test_two_weeks_on_a_member_says_how_it_went_and_goes_back_to_ask_a_host(stage, frozen):
    confirmed_route(stage)
    run_jobs(stage, frozen, "2026-12-09 14:59:00")
    assert not dms_saying(stage, VISITOR, "Did you try it")
    run_jobs(stage, frozen, "2026-12-09 15:00:00")  # two weeks on, 10:00 school time
    (follow_up,) = dms_saying(stage, VISITOR, "Did you try it")
    stage.send.click(VISITOR, "team_follow_up:not_yet", message=follow_up)
    stage.settle()
    (asked,) = dms_saying(stage, TEACHER3, "Did you try it")
    stage.send.click(TEACHER3, "team_need_help", message=asked)
    stage.settle()
    stage.send.submit(TEACHER3, {"host": "mr.patel", "question": "The timer ran out mid-station."})
    stage.settle()
    (question,) = dms_saying(stage, HOST2, "went back to try it")
    assert "The timer ran out mid-station." in question.plain()
    assert "Wednesday November 25 at Ranson Middle" in question.plain()
    assert f"<@{TEACHER3}>" in question.plain() and "room 118" in question.plain()
    assert not dms_saying(stage, HOST, "went back to try it")
    with stage.services.session_factory() as session:
        answers = dict(session.execute(select(GroupMember.member_id, GroupMember.follow_up)).all())
        assert sorted(answers.values()) == ["need_help", "not_yet"]


def test_a_hosts_confirm_racing_the_planners_cancel_leaves_one_consistent_state(stage):
    planned(stage)
    (ask,) = dms_saying(stage, HOST, ASKED)
    mine = itinerary(stage, ADMIN)
    with ThreadPoolExecutor(max_workers=2) as pool:
        confirming = pool.submit(stage.send.click, HOST, "team_stop_confirm", message=ask)
        cancelling = pool.submit(stage.send.click, ADMIN, "team_cancel", message=mine)
        assert confirming.result().status == 200 and cancelling.result().status == 200
    stage.settle()
    with stage.services.session_factory() as session:
        assert session.scalars(select(GroupVisit.status)).one() == "cancelled"
        assert set(session.scalars(select(Stop.status))) == {"cancelled"}
    # The host heard either way: thanked in place of the ask (confirmed first, then called off
    # with the rest), or told it was called off (the cancel came first; nothing was confirmed).
    thanked = [v for v in stage.slack.versions(ask.channel, ask.ts) if "Thank you!" in v.plain()]
    refused = [e for e in stage.slack.ephemerals(HOST) if "called off" in e.plain()]
    assert len(thanked) + len(refused) == 1, (thanked, refused)
    assert "called off" in dms_saying(stage, HOST, ASKED)[0].plain()
    for person in (HOST, HOST2, *TEAM):
        assert len(dms_saying(stage, person, "is called off")) == 1, person
    assert "Called off" in itinerary(stage, VISITOR).plain()
    assert not dms_saying(stage, ADMIN, "can't host")


def _stop_id(stage, host):
    with stage.services.session_factory() as session:
        from bot.models import Member

        return str(
            session.scalars(
                select(Stop.id)
                .join(Member, Stop.host_id == Member.id)
                .where(Member.slack_user_id == host)
            ).one()
        )


def _stop_status(stage, host):
    with stage.services.session_factory() as session:
        from bot.models import Member

        return session.scalars(
            select(Stop.status)
            .join(Member, Stop.host_id == Member.id)
            .where(Member.slack_user_id == host)
        ).one()


def test_a_team_visit_counts_as_visiting_and_hosting_in_the_digests(stage, frozen):
    """A teacher whose month was a team's morning visited; the hosts of its confirmed stops
    hosted. Neither is listed as not yet visiting, in the school's digest or the team lead's."""
    confirmed_route(stage)
    run_jobs(stage, frozen, "2026-11-27 19:00:00")  # Friday 14:00, the digest's moment
    (digest,) = dms_saying(stage, COACH, "Your week in visits")
    text = digest.plain()
    visited = text.split("*Visited:*", 1)[1].split("\n", 1)[0]
    hosted = text.split("*Hosted:*", 1)[1].split("\n", 1)[0]
    assert f"<@{VISITOR}>" in visited and f"<@{TEACHER3}>" in visited, text
    assert f"<@{HOST}>" in hosted and f"<@{HOST2}>" in hosted, text
    not_yet = text.partition("not yet visiting or hosting:")[2].split("\n", 1)[0]
    for person in (VISITOR, TEACHER3, HOST, HOST2):
        assert f"<@{person}>" not in not_yet, (person, text)


def test_a_called_off_team_visit_counts_for_nobody(stage, frozen):
    confirmed_route(stage)
    (shown,) = dms_saying(stage, ADMIN, ITINERARY)
    stage.send.click(ADMIN, "team_cancel", message=shown)
    stage.settle()
    run_jobs(stage, frozen, "2026-11-27 19:00:00")
    (digest,) = dms_saying(stage, COACH, "Your week in visits")
    not_yet = digest.plain().split("not yet visiting or hosting:", 1)[1]
    assert f"<@{VISITOR}>" in not_yet and f"<@{HOST}>" in not_yet


def test_each_host_who_confirmed_is_reminded_the_school_day_before(stage, frozen):
    planned(stage)
    answer(stage, HOST, "team_stop_confirm")
    answer(stage, HOST2, "team_stop_decline")
    run_jobs(stage, frozen, "2026-11-24 19:59:00")  # Tuesday 14:59 school time
    assert not dms_saying(stage, HOST, "Coming up")
    run_jobs(stage, frozen, "2026-11-24 20:00:00")
    run_jobs(stage, frozen, "2026-11-25 14:30:00")
    (reminder,) = dms_saying(stage, HOST, "Coming up: a team visits your class")
    assert "stop 1" in reminder.plain() and "204" in reminder.plain()
    assert f"<@{VISITOR}>" in reminder.plain() and f"<@{TEACHER3}>" in reminder.plain()
    assert not dms_saying(stage, HOST2, "Coming up"), "a declined stop's host isn't reminded"


def test_a_called_off_morning_reminds_no_host(stage, frozen):
    confirmed_route(stage)
    (shown,) = dms_saying(stage, ADMIN, ITINERARY)
    stage.send.click(ADMIN, "team_cancel", message=shown)
    stage.settle()
    run_jobs(stage, frozen, "2026-11-24 20:00:00")
    for host in (HOST, HOST2):
        assert not dms_saying(stage, host, "Coming up"), host


def test_a_stop_nobody_answered_is_given_up_when_the_reminders_go(stage, frozen):
    """Like a one-to-one ask: unanswered when the route's reminders go, the stop is freed and
    the planner asked to replace it with a school day to spare; a late click changes nothing."""
    planned(stage)
    answer(stage, HOST, "team_stop_confirm")
    run_jobs(stage, frozen, "2026-11-24 19:59:00")  # Tuesday 14:59 school time
    assert not dms_saying(stage, ADMIN, "didn't answer in time")
    run_jobs(stage, frozen, "2026-11-24 20:00:00")
    (lapsed,) = dms_saying(stage, ADMIN, "didn't answer in time for stop 2")
    assert [b["text"] for b in lapsed.buttons()] == ["Replace this stop"]
    (ask,) = dms_saying(stage, HOST2, ASKED)
    assert not ask.buttons() and "no answer came in time" in ask.plain()
    assert "no answer in time" in itinerary(stage, VISITOR).plain()
    press(stage.send, HOST2, "team_stop_confirm", value=_stop_id(stage, HOST2))
    stage.settle()
    assert "No answer came in time" in stage.slack.ephemerals(HOST2)[-1].plain()

    stage.send.click(ADMIN, "team_replace", message=lapsed)
    stage.settle()
    stage.send.submit(ADMIN, {"stop_host": KIM, "stop_room": "112"})
    stage.settle()
    assert not stage.slack.modal_errors(ADMIN), stage.slack.modal_errors(ADMIN)
    (asked,) = dms_saying(stage, KIM, ASKED)
    assert [b["text"] for b in asked.buttons()] == ["Confirm", "Decline"], "a late ask has grace"
    run_jobs(stage, frozen, "2026-11-24 21:00:00")
    assert [b["text"] for b in dms_saying(stage, KIM, ASKED)[0].buttons()] == ["Confirm", "Decline"]


def test_a_morning_closed_to_visits_after_planning_is_the_planners_to_keep(stage, frozen):
    """Setup adds the team's Wednesday as a no-visit date: the admin hears how many team visits
    fall on it, the planner is told, nothing is called off, and the reminders leave the day."""
    confirmed_route(stage)
    stage.send.command(ADMIN, "setup")
    stage.settle()
    stage.send.submit(ADMIN, {"no_visit_dates": "2026-11-24, 2026-11-25"})
    stage.settle()
    saved = " ".join(view_lines(stage.slack.modal_stack(ADMIN)[-1]))
    assert "1 team visit or coaching round falls on a day you just closed" in saved, saved
    (told,) = dms_saying(stage, ADMIN, "is now a no-visit date")
    assert "Call it off" in told.plain()
    assert not dms_saying(stage, VISITOR, "called off")
    assert "confirmed" in itinerary(stage, VISITOR).plain()
    run_jobs(stage, frozen, "2026-11-23 20:00:00")  # Monday 15:00: Tuesday is closed too
    assert dms_saying(stage, VISITOR, "Coming up: your team visit")
    assert dms_saying(stage, HOST, "Coming up: a team visits your class")
    run_jobs(stage, frozen, "2026-11-24 20:00:00")
    assert len(dms_saying(stage, VISITOR, "Coming up")) == 1


def test_a_host_who_left_slack_frees_their_stop_and_the_planner_is_asked_to_replace_it(stage):
    set_up(stage)
    stage.slack.add_user(KIM, "ms.kim")
    stage.slack.set_user_deleted(HOST)
    plan(stage)  # the ask to Ms. Rivera can't be delivered; Slack says she was deactivated
    (freed,) = dms_saying(stage, ADMIN, "can't host stop 1")
    assert [b["text"] for b in freed.buttons()] == ["Replace this stop"]
    assert "declined" in itinerary(stage, VISITOR).plain()
    answer(stage, HOST2, "team_stop_confirm")
    assert "confirmed" in itinerary(stage, VISITOR).plain()
