"""`/visit forget me`: a member's personal data and what they wrote go; anonymous counts stay.

The member's row is kept, blanked, under a tombstone id (`FORGOTTEN`): every visit they made or
hosted still points at it, so the digest's history and the PD hours of the people they visited
or hosted stay right, while nothing left names them or holds their words. Their plans to come
are called off the way a departure calls them off, so the other side hears, and nothing more is
sent to them. Someone who comes back after it is a new member: no Slack id matches a tombstone.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from bot.domain.outbox import withdraw
from bot.domain.requests import withdraw_request
from bot.domain.team_answers import free_stops_of
from bot.domain.unreachable import call_off_visits, close_doors
from bot.models import (
    CheckIn,
    CheckInNote,
    GroupReflection,
    Member,
    Notification,
    Offer,
    Reflection,
    Request,
    RoundNote,
    TeamMember,
    Visit,
    WalkThrough,
    Workspace,
)
from bot.vocabulary import (
    FORGOTTEN,
    NotificationKind,
    NotificationState,
    RequestStatus,
    Role,
)

# Their mark in `undeliverable`, which planners read as "send nothing". Not `left:`: the digest
# stops counting people who left, and a forgotten member's visits must still count.
FORGOTTEN_MARK = "forgotten"
REASON = "Your colleague has left Open Door, so this visit can't go ahead. Sorry for the change."


def forget(session: Session, workspace: Workspace, member: Member, now: datetime) -> None:
    """In the caller's one transaction: call off what is to come, delete what they wrote, take
    them off every list, and blank their row."""
    _call_off_plans(session, workspace, member, now)
    _stop_messages(session, workspace, member)
    _delete_writing(session, member)
    _drop_from_walk_throughs(session, workspace, member.slack_user_id)
    _blank(member)


def _call_off_plans(session: Session, workspace: Workspace, member: Member, now: datetime) -> None:
    """Upcoming visits, open doors, stops on team visits and rounds, open requests and check-ins
    end as they would if the person had left Slack: each person involved is told."""
    call_off_visits(session, workspace, member, REASON, now)
    close_doors(session, workspace, member, REASON, now)
    free_stops_of(session, workspace, member, now)
    asking = session.scalars(
        select(Request.id).where(
            Request.visitor_id == member.id, Request.status == RequestStatus.OPEN
        )
    )
    for request_id in asking.all():
        withdraw_request(session, workspace, member, request_id, now)
    check_ins = session.scalars(
        select(CheckIn).where(
            or_(CheckIn.leader_id == member.id, CheckIn.partner_id == member.id),
            CheckIn.stopped_at.is_(None),
        )
    )
    for check_in in check_ins.all():
        check_in.stopped_at = now
        withdraw(session, check_in, (NotificationKind.CHECK_IN_REMINDER,))


def _stop_messages(session: Session, workspace: Workspace, member: Member) -> None:
    """Everything still owed to them is called off, and every message row addressed to them
    loses their Slack id and its facts; one being sent this instant is left to finish."""
    session.flush()
    addressed = (
        Notification.workspace_id == workspace.id,
        Notification.recipient == member.slack_user_id,
    )
    session.execute(
        update(Notification)
        .where(*addressed, Notification.state == NotificationState.PENDING)
        .values(state=NotificationState.WITHDRAWN, last_error=FORGOTTEN_MARK)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(Notification)
        .where(*addressed, Notification.state != NotificationState.SENDING)
        .values(recipient=_tombstone(member), payload={})
        .execution_options(synchronize_session=False)
    )


def _delete_writing(session: Session, member: Member) -> None:
    """Their reflections, notes and free text go; the rows that count visits stay."""
    for table, author in (
        (Reflection, Reflection.author_id),
        (GroupReflection, GroupReflection.author_id),
        (RoundNote, RoundNote.author_id),
        (TeamMember, TeamMember.member_id),
        (WalkThrough, WalkThrough.leader_id),
    ):
        session.execute(delete(table).where(author == member.id))
    led = select(CheckIn.id).where(CheckIn.leader_id == member.id)
    session.execute(delete(CheckInNote).where(CheckInNote.check_in_id.in_(led)))
    session.execute(update(CheckIn).where(CheckIn.leader_id == member.id).values(goals=[]))
    session.execute(update(Request).where(Request.visitor_id == member.id).values(notes=""))
    session.execute(
        update(Offer)
        .where(Offer.host_id == member.id)
        .values(details="", key_moment="", look_fors="", video_url="")
    )
    session.execute(
        update(Visit).where(Visit.cancelled_by_id == member.id).values(cancel_reason="")
    )


def _drop_from_walk_throughs(session: Session, workspace: Workspace, slack_user_id: str) -> None:
    """Leaders' walk-throughs name the teachers visited by Slack id: theirs is taken out."""
    for walk in session.scalars(
        select(WalkThrough).where(WalkThrough.workspace_id == workspace.id)
    ):
        if slack_user_id in walk.teachers or slack_user_id in walk.shared_with:
            walk.teachers = [t for t in walk.teachers if t != slack_user_id]
            walk.shared_with = [t for t in walk.shared_with if t != slack_user_id]


def _blank(member: Member) -> None:
    """The school and staff-list mark stay (the digest counts by them); nothing else does."""
    member.slack_user_id = _tombstone(member)
    member.name = ""
    member.role = Role.TEACHER
    member.grades, member.subjects, member.interests = [], [], []
    member.planning_periods, member.teaching_periods = [], []
    member.coordinates_cover = False
    member.hosting_limit = None
    member.nudges_muted = True
    member.undeliverable = FORGOTTEN_MARK
    member.profile_saved_at = None


def _tombstone(member: Member) -> str:
    return f"{FORGOTTEN}{member.id}"
