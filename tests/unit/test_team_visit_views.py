"""Team visits' views as pure functions: the biggest team visit a planner can make still fits
Slack's limits, and each message offers its buttons only while they apply."""

from __future__ import annotations

from datetime import date, timedelta

from bot.models import GroupMember, GroupReflection, GroupVisit, School, Stop
from bot.standin.blocks import buttons, on_screen
from bot.standin.validation import message_problems, view_problems
from bot.views import team_after, team_visits
from bot.views.messages import Message
from tests.unit import scene
from tests.unit.scene import NOW, ZONE

LONG = "x" * 119


def group_visit(status: str = "planned", stop_status: str = "asked") -> GroupVisit:
    """Twelve people, three stops, every text as long as the form allows."""
    visit = GroupVisit(
        id=5, kind="team_visit", planner=scene.member("UPLAN", "Coach Diaz", role="coach"),
        planner_id=1, school=School(id=1, name="Lincoln Middle " + "y" * 100),
        day=date(2026, 11, 25), debrief_at=NOW + timedelta(days=2, hours=3),
        debrief_place=LONG, debrief_prompt="<b>" + "z" * 996, poll_options=["o" * 75] * 5,
        status=status, poll_closes_at=NOW + timedelta(days=3), decision={"o" * 75: 3},
        decided_at=None, revision=0,
    )  # fmt: skip
    visit.members = [
        GroupMember(member=scene.member(f"UTEAM{n:02d}", f"Teacher {n}"), vote="")
        for n in range(12)
    ]
    visit.stops = [
        Stop(id=n, position=n, host=scene.member(f"UHOST{n}", f"Host {n}"), room=LONG,
             starts_at=NOW + timedelta(days=2, minutes=50 * n),
             ends_at=NOW + timedelta(days=2, minutes=50 * n + 40), status=stop_status,
             group_visit=visit)
        for n in (1, 2, 3)
    ]  # fmt: skip
    return visit


def _read(message: Message) -> str:
    assert message.text.strip()
    assert message_problems(message.blocks) == []
    return on_screen(message.text, message.blocks)


def test_every_team_visit_message_is_one_slack_accepts() -> None:
    visit = group_visit()
    stop = visit.stops[0]
    reflection = GroupReflection(group_visit=visit, author=visit.members[0].member,
                                 noticed="n" * 2000, wondered="w" * 2000, will_try="t" * 2000,
                                 shared=True)  # fmt: skip
    for message in (
        team_visits.stop_ask(stop, ZONE),
        team_visits.itinerary(visit, ZONE, for_planner=True),
        team_visits.stop_declined(stop, ZONE),
        team_visits.team_cancelled(visit, ZONE),
        team_after.team_reminder(visit, ZONE),
        team_after.reflection_prompt(visit, ZONE),
        team_after.reflection_shared(reflection),
        team_after.poll(visit, visit.poll_options, "o" * 75),
        team_after.poll_open(visit, ZONE),
        team_after.decision(visit),
        team_after.follow_up(visit, 14),
        team_after.follow_up_answered(visit, "tried"),
        team_after.question(visit, stop, "UTEAM01", "q" * 1000, ZONE),
    ):
        _read(message)


def test_every_team_visit_modal_is_one_slack_accepts() -> None:
    visit = group_visit()
    for view in (
        team_visits.team_visit_modal(scene.workspace(), scene.member(), NOW.date()),
        team_visits.replace_modal(visit.stops[1], ZONE),
        team_after.reflection_modal(visit, None),
        team_after.ask_modal(visit, [stop.host for stop in visit.stops], need_help=True),
    ):
        assert view_problems(view) == []


def test_a_called_off_team_visit_still_renders_for_everyone() -> None:
    visit = group_visit(status="cancelled", stop_status="cancelled")
    assert "Called off" in _read(team_visits.itinerary(visit, ZONE, for_planner=True))
    assert _read(team_after.team_reminder(visit, ZONE))


def test_a_hosts_ask_shows_its_buttons_only_while_the_stop_waits_for_them() -> None:
    asked = group_visit().stops[0]
    assert [b["text"] for b in buttons(team_visits.stop_ask(asked, ZONE).blocks)] == [
        "Confirm", "Decline"
    ]  # fmt: skip
    for visit in (group_visit(stop_status="confirmed"), group_visit(status="cancelled")):
        assert buttons(team_visits.stop_ask(visit.stops[0], ZONE).blocks) == []


def test_the_itinerary_marks_each_stop_and_only_the_planners_can_call_it_off() -> None:
    visit = group_visit()
    visit.stops[1].status = "confirmed"
    visit.stops[2].status = "replaced"
    shown = _read(team_visits.itinerary(visit, ZONE, for_planner=False))
    assert "waiting for the host" in shown and "confirmed" in shown
    assert "UHOST3" not in shown, "a replaced stop gives way to its replacement"
    assert buttons(team_visits.itinerary(visit, ZONE, for_planner=False).blocks) == []
    planner = team_visits.itinerary(visit, ZONE, for_planner=True)
    assert [b["text"] for b in buttons(planner.blocks)] == ["Call it off"]
    assert "&lt;b&gt;" in shown, "what the planner typed is escaped"
    visit.stops[0].status = "declined"
    reminded = _read(team_after.team_reminder(visit, ZONE))
    assert "UHOST2" in reminded and "UHOST1" not in reminded, "a reminder shows the route only"
