"""Issue 12, forget me: `/visit forget me` deletes a member's personal data and what they wrote,
after they confirm, and keeps the anonymous counts, so the digest's history stays right."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from bot.domain.digest import build_digest
from bot.models import Member, Notification, Reflection, Request, Team, TeamMember
from bot.vocabulary import NotificationState
from tests.people import (
    COACH,
    HOST,
    TEACHER3,
    VISITOR,
    book,
    card,
    dms_saying,
    open_door,
    run_jobs,
    school,
    set_up,
)

FRIDAY_AFTERNOON = "2026-11-27 15:00:00"  # the check after Tuesday's visit
NEXT_MONDAY = "2026-11-30 14:00:00"


def asked(stage, who, words):
    stage.send.command(who, words)
    stage.settle()
    return stage.slack.ephemerals(who)[-1]


def forget_me(stage, who):
    stage.send.click(who, "forget_me", message=asked(stage, who, "forget me"))
    stage.settle()
    return stage.slack.ephemerals(who)[-1]


def a_reflected_visit(stage, frozen):
    """Chen visits Rivera on Tuesday, says on Friday that it happened, and reflects."""
    book(stage, VISITOR, open_door(stage))
    run_jobs(stage, frozen, FRIDAY_AFTERNOON)
    (check,) = dms_saying(stage, VISITOR, "happen? Plans change")
    stage.send.click(VISITOR, "visit_happened", message=check)
    (prompt,) = dms_saying(stage, VISITOR, "How was your visit")
    stage.send.click(VISITOR, "open_reflection", message=prompt)
    stage.settle()
    stage.send.submit(VISITOR, {"noticed": "Students rotated every 12 minutes on a timer."})
    stage.settle()


def member_rows(stage, slack_user_id=None):
    with stage.services.session_factory() as session:
        query = select(Member)
        if slack_user_id is not None:
            query = query.where(Member.slack_user_id == slack_user_id)
        return list(session.scalars(query))


def week_counts(stage, now):
    """The numbers of the coach's digest of the week before `now`."""
    with stage.services.session_factory() as session:
        coach = session.scalars(select(Member).where(Member.slack_user_id == COACH)).one()
        digest = build_digest(session, school(session), coach, stage.services.timing, now)
        return (digest.completed, digest.staff, digest.took_part, digest.visited.total,
                digest.hosted.total, digest.not_yet.total)  # fmt: skip


def test_only_forget_me_exactly_asks_and_nothing_goes_before_the_confirmation(stage):
    set_up(stage)
    assert "Use `/visit forget me`" in asked(stage, VISITOR, "forget").plain()
    assert "Use `/visit forget me`" in asked(stage, VISITOR, "forget everything").plain()
    asking = asked(stage, VISITOR, "forget me")
    said = asking.plain()
    assert "What goes" in said and "reflections" in said and "team memberships" in said
    assert "What stays" in said and "digest" in said
    (button,) = asking.buttons()
    assert button["action_id"] == "forget_me"
    assert "can't be undone" in str(asking.blocks), "the button asks for a confirmation"
    assert member_rows(stage, VISITOR), "nothing changed before the click"
    assert "/visit forget me" in asked(stage, VISITOR, "help").plain()


def test_forgetting_deletes_what_they_wrote_and_keeps_the_digests_counts(stage, frozen):
    set_up(stage)
    a_reflected_visit(stage, frozen)
    frozen.move_to(NEXT_MONDAY)
    now = datetime(2026, 11, 30, 14, tzinfo=UTC)
    before = week_counts(stage, now)
    assert before[0] == 1 and before[3] == 1, "the visit counts"
    hours_before = asked(stage, HOST, "hours").plain()
    with stage.services.session_factory() as session:
        chen = session.scalars(select(Member).where(Member.slack_user_id == VISITOR)).one()
        team = Team(workspace_id=chen.workspace_id, name="Math", kind="grade_level",
                    lead_id=chen.id, created_at=now)  # fmt: skip
        session.add(team)
        session.flush()
        session.add(TeamMember(team_id=team.id, member_id=chen.id))
        session.commit()
        chen_id = chen.id

    assert "forgotten you" in forget_me(stage, VISITOR).plain()

    assert week_counts(stage, now) == before, "the digest's history stays right"
    assert asked(stage, HOST, "hours").plain() == hours_before, "the host's PD hours stay"
    with stage.services.session_factory() as session:
        row = session.get(Member, chen_id)
        assert row.slack_user_id == f"forgotten:{chen_id}" and row.name == ""
        assert row.grades == row.subjects == row.interests == [] and row.role == "teacher"
        assert session.scalar(select(func.count()).select_from(Reflection)) == 0
        assert session.scalar(select(func.count()).select_from(TeamMember)) == 0
        assert not session.scalars(
            select(Notification).where(Notification.recipient == VISITOR)
        ).all(), "no message row holds their Slack id"


def test_their_upcoming_plans_are_called_off_and_the_other_side_is_told(stage, frozen):
    set_up(stage)
    posted = open_door(stage)
    book(stage, TEACHER3, posted)
    book(stage, VISITOR, open_door(stage, host=TEACHER3, start="13:00", end="13:45"))
    stage.send.command(VISITOR, "request")
    stage.settle()
    stage.send.submit(VISITOR, {"practices": ["Station rotation"], "notes": "My own words"})
    stage.settle()

    forget_me(stage, HOST)
    forget_me(stage, VISITOR)

    assert "Cancelled" in card(stage, posted.ts).plain()
    told = [dm.plain() for dm in dms_saying(stage, TEACHER3, "is off")]
    assert len(told) == 2 and all("left Open Door" in dm for dm in told), "as visitor and host"
    assert "a former member was coming" in stage.slack.dms(TEACHER3)[-3].plain(), "no tombstone"
    with stage.services.session_factory() as session:
        assert all(r.notes == "" and r.status != "open" for r in session.scalars(select(Request)))
        owed = session.scalars(
            select(Notification).where(
                Notification.recipient.in_((HOST, VISITOR)),
                Notification.state == NotificationState.PENDING,
            )
        ).all()
        assert not owed, "nothing more is owed to them"
    dms_before = len(stage.slack.dms(HOST)) + len(stage.slack.dms(VISITOR))
    run_jobs(stage, frozen, FRIDAY_AFTERNOON)
    assert len(stage.slack.dms(HOST)) + len(stage.slack.dms(VISITOR)) == dms_before


def test_a_person_who_comes_back_after_being_forgotten_starts_as_a_new_member(stage):
    set_up(stage)
    stage.send.command(VISITOR, "nudges off")
    stage.settle()
    forget_me(stage, VISITOR)
    assert not member_rows(stage, VISITOR)
    stage.send.command(VISITOR, "mine")
    stage.settle()
    (again,) = member_rows(stage, VISITOR)
    assert not again.nudges_muted and again.profile_saved_at is None
