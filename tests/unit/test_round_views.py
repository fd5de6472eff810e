"""A coaching round's look-fors, and its messages and modals at Block Kit's limits: the most a
round can hold (four look-fors, twelve participants, long notes) still renders as one message
Slack accepts, and the debrief and the data picture never name a participant or a host."""

from __future__ import annotations

from datetime import date, timedelta

from bot.domain.round_debrief import LookForNotes, RoundPicture
from bot.domain.rounds import read_look_fors
from bot.models import GroupMember, GroupVisit, Stop
from bot.standin.validation import message_problems, view_problems
from bot.views import rounds, team_visits
from bot.vocabulary import DebriefStep
from tests.unit import scene
from tests.unit.scene import NOW, ZONE

LOOK_FORS = ["x" * 150, "y" * 150, "z" * 150, "w" * 150]


def a_round(step: str = "", next_step: str = "") -> GroupVisit:
    coach = scene.member("UCOACH", "Coach Diaz", "coach")
    visit = GroupVisit(
        id=7, kind="round", status="planned", day=date(2026, 11, 25),
        debrief_at=NOW + timedelta(days=2), debrief_place="p" * 120, problem="q" * 500,
        look_fors=LOOK_FORS, debrief_step=step, next_step=next_step, planner=coach,
        planner_id=coach.id, school=scene.workspace().schools[0], previous=None,
    )  # fmt: skip
    visit.members = [GroupMember(member=scene.member(f"UPART{n}", f"P{n}")) for n in range(12)]
    visit.stops = [
        Stop(id=n, position=n, host=scene.member(f"UHOST{n}", f"H{n}"), room="204",
             starts_at=NOW + timedelta(days=2, hours=n - 5),
             ends_at=NOW + timedelta(days=2, hours=n - 4, minutes=-10), status="confirmed")
        for n in (1, 2, 3)
    ]  # fmt: skip
    return visit


def full_notes() -> list[LookForNotes]:
    return [LookForNotes(look_for, [f"note {n} " + "n" * 990 for n in range(12)])
            for look_for in LOOK_FORS]  # fmt: skip


def test_two_to_four_short_distinct_look_fors_one_a_line():
    assert read_look_fors("  a \n\n b ") == (["a", "b"], "")
    assert "2 to 4" in read_look_fors("only one")[1]
    assert "2 to 4" in read_look_fors("a\nb\nc\nd\ne")[1]
    assert "under 150" in read_look_fors("a\n" + "b" * 151)[1]
    assert "once" in read_look_fors("a\na")[1]


def test_the_fullest_debrief_is_one_message_slack_accepts_at_every_step():
    for step in [*DebriefStep, ""]:
        visit = a_round(step, "s" * 1000 if step == DebriefStep.DONE else "")
        for coach in (True, False):
            message = rounds.debrief(visit, full_notes(), coach, ZONE)
            assert message_problems(message.blocks) == [], step
            assert len(message.blocks) <= 50


def test_the_debrief_and_the_picture_name_no_participant_and_no_host():
    visit = a_round(DebriefStep.DONE, "Turn and explain")
    shown = str(rounds.debrief(visit, full_notes(), True, ZONE).blocks)
    picture = rounds.picture(visit, RoundPicture("q", [(LOOK_FORS[0], 3)], 3, 12, "Turn"))
    for text in (shown, str(picture.blocks)):
        assert "UPART" not in text and "UHOST" not in text and "204" not in text
    assert message_problems(picture.blocks) == []


def test_the_round_modals_and_the_itinerary_fit_slacks_limits():
    space, coach = scene.workspace(), scene.member("UCOACH", "Coach Diaz", "coach")
    earlier = [a_round(DebriefStep.DONE, "s" * 1000) for _ in range(20)]
    views = [
        rounds.round_modal(space, coach, NOW.date(), earlier),
        rounds.round_modal(space, coach, NOW.date(), []),
        rounds.notes_modal(a_round(), {0: "n" * 1000}, hint="A small nudge"),
        rounds.next_step_modal(a_round(DebriefStep.NEXT)),
    ]
    for view in views:
        assert view_problems(view) == [] and len(view["blocks"]) <= 100
        assert len(view["title"]["text"]) <= 24
    visit = a_round()
    visit.previous = a_round(DebriefStep.DONE, "s" * 1000)
    for message in (
        team_visits.itinerary(visit, ZONE, True, True),
        team_visits.stop_ask(visit.stops[0], ZONE),
        rounds.notes_prompt(visit, ZONE),
    ):
        assert message_problems(message.blocks) == []
