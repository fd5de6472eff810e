"""Teams are real: a leader creates one in a modal, its lead edits who is in it, and the lead
gets the team's own digest (a multi-classroom leader sees their team, not the whole school)."""

from __future__ import annotations

from sqlalchemy import select

from bot.models import GroupVisit, Member, Team, TeamMember
from tests.e2e.test_bad_input import setting
from tests.people import (
    ADMIN,
    COACH,
    HOST,
    HOST2,
    TEACHER3,
    VISITOR,
    book,
    dms_saying,
    open_door,
    run_jobs,
    set_up,
)

MCL = HOST  # Ms. Rivera leads the 6th–7th math team as its multi-classroom leader
FRIDAY_DIGEST = "2026-11-27 19:00:00"  # 14:00 in New York, the default digest hour


def _teams(stage, who: str):
    stage.send.command(who, "teams")
    stage.settle()
    return stage.slack.ephemerals(who)[-1]


def _new_team(stage, who: str, **values):
    stage.send.click(who, "new_team", message=_teams(stage, who))
    stage.settle()
    form = {"name": "6th-7th math", "kind": "multi_classroom", "lead": MCL,
            "members": [VISITOR, TEACHER3]} | values  # fmt: skip
    return stage.send.submit(who, form)


def _team_members(stage) -> dict[str, set[str]]:
    with stage.services.session_factory() as session:
        rows = session.execute(
            select(Team.name, Member.slack_user_id)
            .join(TeamMember, TeamMember.team_id == Team.id)
            .join(Member, Member.id == TeamMember.member_id)
        )
        teams: dict[str, set[str]] = {}
        for name, user in rows:
            teams.setdefault(name, set()).add(user)
        return teams


def test_a_leader_creates_a_team_in_one_modal_and_everyone_in_it_can_see_it(stage):
    set_up(stage, leaders=[ADMIN])
    reply = _new_team(stage, ADMIN)
    assert reply.status == 200 and not stage.slack.modal_errors(ADMIN)
    stage.settle()
    assert "Saved *6th-7th math*" in str(stage.slack.modal_stack(ADMIN)[-1])
    assert _team_members(stage) == {"6th-7th math": {VISITOR, TEACHER3}}
    seen = _teams(stage, VISITOR).plain()
    assert "6th-7th math" in seen and f"Lead: <@{MCL}>" in seen and "2 members" in seen
    assert "New team" not in seen, "teachers don't create teams"
    assert "no teams yet" not in _teams(stage, ADMIN).plain()
    assert "not in a team yet" in _teams(stage, HOST2).plain()


def test_the_team_modal_says_what_to_fix(stage):
    set_up(stage, leaders=[ADMIN])
    _new_team(stage, ADMIN, name="  ", members=[MCL])
    errors = stage.slack.modal_errors(ADMIN)
    assert errors == {
        "name": "Give the team a name.",
        "members": "Add at least one person besides the lead.",
    }
    stage.send.close_view(ADMIN)
    _new_team(stage, ADMIN)
    stage.settle()
    _new_team(stage, ADMIN, name="6TH-7TH MATH", lead=HOST2)
    assert stage.slack.modal_errors(ADMIN) == {"name": "Another team has that name. Pick another."}


def test_only_leaders_and_admins_create_teams_and_a_forged_click_is_refused(stage):
    set_up(stage, leaders=[ADMIN])
    stage.send.command(COACH, "teams")
    stage.settle()
    assert "New team" not in stage.slack.ephemerals(COACH)[-1].plain()
    _new_team(stage, ADMIN)
    stage.settle()
    forged = setting("actions", 0, "action_id", "new_team")
    reply = stage.send.click(MCL, "edit_team", message=_teams(stage, MCL), tamper=forged)
    stage.settle()
    assert reply.status == 200
    assert "set up by your school leaders and admins" in stage.slack.ephemerals(MCL)[-1].plain()
    assert not stage.slack.modal_stack(MCL), "no team modal opened"


def test_a_lead_changes_who_is_in_the_team_but_cannot_hand_it_on(stage):
    set_up(stage, leaders=[ADMIN])
    _new_team(stage, ADMIN)
    stage.settle()
    listing = _teams(stage, MCL)
    stage.send.click(MCL, "edit_team", message=listing)
    stage.settle()
    view = stage.slack.modal_stack(MCL)[-1]
    assert not any(b.get("type") == "actions" for b in view["blocks"]), "no Delete for a lead"
    stage.send.submit(MCL, {"members": [VISITOR, TEACHER3, HOST2]})
    stage.settle()
    assert _team_members(stage) == {"6th-7th math": {VISITOR, TEACHER3, HOST2}}
    stage.send.click(MCL, "edit_team", message=_teams(stage, MCL))
    stage.settle()
    stage.send.submit(MCL, {"lead": VISITOR})
    assert stage.slack.modal_errors(MCL) == {
        "lead": "Only a school leader or admin can hand the team to a new lead."
    }


def test_a_team_lead_gets_their_teams_week_not_the_whole_schools(stage, frozen):
    set_up(stage, leaders=[ADMIN])
    _new_team(stage, ADMIN, members=[VISITOR, TEACHER3, HOST2])
    stage.settle()
    book(stage, VISITOR, open_door(stage, host=HOST2, day="2026-11-24", practices=["Number talks"]))
    run_jobs(stage, frozen, "2026-11-24 16:30:00")
    run_jobs(stage, frozen, FRIDAY_DIGEST)
    (digest,) = dms_saying(stage, MCL, "Your team's week: 6th-7th math")
    text = digest.plain()
    assert "*Visits inside the team this week:* 1" in text
    assert f"<@{VISITOR}> visited <@{HOST2}>" in text
    assert "67% of 3 members" in text, "Chen visited and Patel hosted; Nguyen not yet"
    assert f"not yet visiting or hosting: <@{TEACHER3}>" in text
    assert "Number talks: 1 visit" in text
    assert not dms_saying(stage, MCL, "Your week in visits"), "a teacher lead gets no school digest"
    assert dms_saying(stage, COACH, "Your week in visits"), "the coach's digest is unchanged"
    assert not dms_saying(stage, COACH, "Your team's week")
    run_jobs(stage, frozen, "2026-11-27 20:00:00")
    assert len(dms_saying(stage, MCL, "Your team's week")) == 1, "once a week"


def test_a_team_lead_asks_for_the_digest_and_sees_their_team(stage):
    set_up(stage, leaders=[ADMIN])
    _new_team(stage, ADMIN)
    stage.settle()
    stage.send.command(MCL, "digest")
    stage.settle()
    assert "Your team's week: 6th-7th math" in stage.slack.ephemerals(MCL)[-1].plain()
    stage.send.command(VISITOR, "digest")
    stage.settle()
    assert "for coaches and school leaders" in stage.slack.ephemerals(VISITOR)[-1].plain()


def test_a_person_can_be_in_several_teams(stage):
    set_up(stage, leaders=[ADMIN])
    _new_team(stage, ADMIN)
    stage.settle()
    stage.send.close_view(ADMIN)
    _new_team(stage, ADMIN, name="Grade 6", kind="grade_level", lead=HOST2, members=[VISITOR])
    stage.settle()
    seen = _teams(stage, VISITOR).plain()
    assert "6th-7th math" in seen and "Grade 6" in seen


def test_deleting_a_team_asks_first_and_keeps_its_people(stage):
    set_up(stage, leaders=[ADMIN])
    _new_team(stage, ADMIN)
    stage.settle()
    stage.send.close_view(ADMIN)
    stage.send.click(ADMIN, "edit_team", message=_teams(stage, ADMIN))
    stage.settle()
    view = stage.slack.modal_stack(ADMIN)[-1]
    stage.send.click(ADMIN, "delete_team", view=view)
    stage.settle()
    assert "Deleted the team “6th-7th math”" in str(stage.slack.modal_stack(ADMIN)[-1])
    assert _team_members(stage) == {}
    with stage.services.session_factory() as session:
        assert session.scalar(select(Member.id).where(Member.slack_user_id == VISITOR))


def test_a_team_lead_plans_a_team_visit_for_the_whole_team_in_one_step(stage, frozen):
    """Ms. Rivera, a teacher who leads the team, picks her team: everyone on it is booked, and
    her Friday digest says what the team decided to try."""
    set_up(stage, leaders=[ADMIN])
    stage.slack.add_user("U0KIM", "ms.kim")
    _new_team(stage, ADMIN)
    stage.settle()
    with stage.services.session_factory() as session:
        team_id = session.scalar(select(Team.id))
    stage.send.command(MCL, "team")
    stage.settle()
    labels = [b.get("label", {}).get("text") for b in stage.slack.modal_stack(MCL)[-1]["blocks"]]
    assert "Team" in labels and "Others joining (their principal, say)" in labels
    stage.send.submit(
        MCL,
        {"team_id": str(team_id), "team": [ADMIN], "school": "Ranson Middle",
         "day": "2026-11-25", "stop1_host": HOST2, "stop1_room": "118", "stop1_start": "09:00",
         "stop1_end": "09:40", "stop2_host": "U0KIM", "stop2_room": "112",
         "stop2_start": "09:50", "stop2_end": "10:30", "debrief_time": "11:30",
         "options": "Exit tickets by station\nA timer on the board"},
    )  # fmt: skip
    assert not stage.slack.modal_errors(MCL)
    stage.settle()
    for person in (VISITOR, TEACHER3, ADMIN, MCL):
        assert dms_saying(stage, person, "Team visit, Wed"), person
    for host in (HOST2, "U0KIM"):
        (ask,) = dms_saying(stage, host, "Could a team visit your class")
        stage.send.click(host, "team_stop_confirm", message=ask)
        stage.settle()
    run_jobs(stage, frozen, "2026-11-25 17:30:00")
    for person in (VISITOR, TEACHER3):
        (poll,) = dms_saying(stage, person, "what will the team try")
        stage.send.click(person, "team_vote:0", message=poll)
        stage.settle()
    run_jobs(stage, frozen, "2026-11-26 17:31:00")  # the poll closes a day after the debrief
    run_jobs(stage, frozen, FRIDAY_DIGEST)
    (digest,) = dms_saying(stage, MCL, "Your team's week")
    assert "*What the team decided to try*" in digest.plain()
    assert "Wed Nov 25: Exit tickets by station (2 votes of 2)" in digest.plain()
    visited = digest.plain().split("*Visited:*", 1)[1].split("\n", 1)[0]
    assert f"<@{VISITOR}>" in visited and f"<@{TEACHER3}>" in visited, "the team's morning counts"
    assert "not yet visiting" not in digest.plain()


def test_a_teacher_who_leads_no_team_cannot_plan_and_a_lead_only_for_their_team(stage):
    set_up(stage, leaders=[ADMIN])
    _new_team(stage, ADMIN)
    stage.settle()
    stage.send.close_view(ADMIN)
    _new_team(stage, ADMIN, name="Grade 6", kind="grade_level", lead=HOST2, members=[TEACHER3])
    stage.settle()
    with stage.services.session_factory() as session:
        other = session.scalar(select(Team.id).where(Team.name == "Grade 6"))
    stage.send.command(VISITOR, "team")
    stage.settle()
    assert "team leads" in stage.slack.ephemerals(VISITOR)[-1].plain()
    stage.send.command(MCL, "team")
    stage.settle()
    options = [
        option["value"]
        for block in stage.slack.modal_stack(MCL)[-1]["blocks"]
        if block.get("block_id") == "team_id"
        for option in block["element"]["options"]
    ]
    assert str(other) not in options, "a lead is offered only their own team"
    forged = setting("view", "state", "values", "team_id", "team_id", "selected_option", "value",
                     str(other))  # fmt: skip
    route = {"school": "Ranson Middle", "day": "2026-11-25", "stop1_host": HOST2, "stop1_room": "118", "stop2_room": "112",
             "stop1_start": "09:00", "stop1_end": "09:40", "stop2_host": ADMIN,
             "stop2_start": "09:50", "stop2_end": "10:30", "debrief_time": "11:30"}  # fmt: skip
    stage.send.submit(MCL, route, tamper=forged)
    assert stage.slack.modal_errors(MCL).get("team_id") == "Pick one of the teams in the list."
    with stage.services.session_factory() as session:
        assert session.scalar(select(GroupVisit.id)) is None
