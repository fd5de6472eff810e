"""When Slack can't deliver to a person or the visits channel: record it, find out, tell someone.

A DM that fails is a question, not an answer: Slack also says `channel_not_found` for a moment's
trouble. So one failure only marks the person (no nudges or digests pile up meanwhile) and owes a
check (`member_check`), which asks Slack whether they are still in the workspace. Only someone who
has left (deactivated, or unknown to Slack) has their upcoming visits released and their open
doors closed, with the other side told and the admins let know. A DM that gets through, or the
person using Open Door again, clears the mark.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.domain.offers import close_door, lock_door
from bot.domain.outbox import owe, reshow, seats_changed, tell
from bot.domain.team_answers import free_stops_of
from bot.domain.visits import lock_visit, release
from bot.models import Member, Notification, Offer, Visit, Workspace
from bot.vocabulary import (
    ACTIVE_VISIT_STATUSES,
    NotificationKind,
    NotificationState,
    OfferStatus,
    Role,
    VisitStatus,
)

# A member's `undeliverable` mark once Slack said they have left, with why ("deactivated" or
# "user_not_found"): a failed DM alone leaves Slack's error code there instead.
LEFT = "left:"
CHECK = NotificationKind.MEMBER_CHECK


def note_undeliverable(
    session: Session,
    workspace: Workspace,
    slack_user_id: str,
    code: str,
    failed: Notification,
    now: datetime,
) -> None:
    """A DM to this person failed: mark them, and owe one check of whether they are still there
    (the outbox asks Slack outside any transaction; see bot/outbox/checks.py)."""
    member = _member(session, workspace, slack_user_id)
    if member is not None:
        check_on(session, workspace, member, code, str(failed.id), now)


def check_on(
    session: Session, workspace: Workspace, member: Member, code: str, cause: str, now: datetime
) -> None:
    """Mark the person with Slack's word for the trouble and owe one check (`cause` keys it: the
    failed notification, or the day a staff list showed the account deactivated)."""
    if not member.undeliverable.startswith(LEFT):
        member.undeliverable = code
    checking = session.scalar(
        select(Notification.id).where(
            Notification.workspace_id == workspace.id,
            Notification.kind == CHECK,
            Notification.recipient == member.slack_user_id,
            Notification.state.in_((NotificationState.PENDING, NotificationState.SENDING)),
        )
    )
    if checking is None:
        tell(session, workspace, CHECK, member.slack_user_id, member, now, key_suffix=f":{cause}")


def reached(session: Session, workspace: Workspace, slack_user_id: str) -> None:
    """A DM got through: whatever Slack said before, the person can be reached."""
    session.execute(
        update(Member)
        .where(
            Member.workspace_id == workspace.id,
            Member.slack_user_id == slack_user_id,
            Member.undeliverable != "",
        )
        .values(undeliverable="")
        .execution_options(synchronize_session=False)
    )


def member_left(
    session: Session, workspace: Workspace, slack_user_id: str, why: str, now: datetime
) -> None:
    """Slack says the person has left: release their upcoming visits, close their open doors and
    free the stops they were to host on team visits and rounds, telling each person involved
    (the planner, for a stop), withdraw what they were still owed, and tell the admins."""
    member = _member(session, workspace, slack_user_id)
    if member is None or member.undeliverable == LEFT + why:
        return
    member.undeliverable = LEFT + why
    reason = (
        f"{member.name or 'Your colleague'} is no longer in this Slack workspace, "
        "so this visit can't go ahead. Sorry for the change of plans."
    )
    call_off_visits(session, workspace, member, reason, now)
    close_doors(session, workspace, member, reason, now)
    free_stops_of(session, workspace, member, now)
    session.execute(
        update(Notification)
        .where(
            Notification.workspace_id == workspace.id,
            Notification.recipient == slack_user_id,
            Notification.state == NotificationState.PENDING,
        )
        .values(state=NotificationState.WITHDRAWN, last_error=LEFT + why)
        .execution_options(synchronize_session=False)
    )
    _tell_admins(session, workspace, f"member:{member.id}", now,
                 {"about": "member_left", "member": slack_user_id, "why": why})  # fmt: skip


def call_off_visits(
    session: Session, workspace: Workspace, member: Member, reason: str, now: datetime
) -> None:
    """Release each upcoming visit of theirs, read again under lock in the one order, and tell
    its host; one changed meanwhile (cancelled, say) is left alone."""
    visiting = session.scalars(
        select(Visit)
        .join(Offer, Visit.offer_id == Offer.id)
        .where(
            Visit.visitor_id == member.id,
            Visit.status.in_(ACTIVE_VISIT_STATUSES),
            Offer.starts_at > now,
        )
    )
    for found in visiting.all():
        visit = lock_visit(session, workspace, found.id)  # then read again: it may have changed
        if visit.status not in ACTIVE_VISIT_STATUSES:
            continue
        release(session, visit, None, reason)
        tell(
            session,
            workspace,
            NotificationKind.VISIT_CANCELLED,
            visit.offer.host.slack_user_id,
            visit,
            now,
        )
        reshow(session, workspace, visit, now)
        seats_changed(session, workspace, visit.offer, now)


def close_doors(
    session: Session, workspace: Workspace, member: Member, reason: str, now: datetime
) -> None:
    """Close each upcoming open door of theirs, locked in the one order, and tell its visitors;
    one already closed meanwhile is left alone."""
    hosting = session.scalars(
        select(Offer).where(
            Offer.host_id == member.id, Offer.status == OfferStatus.OPEN, Offer.starts_at > now
        )
    )
    for offer in hosting.all():
        lock_door(session, offer)
        if offer.status == OfferStatus.OPEN:  # not closed meanwhile
            close_door(session, workspace, offer, None, reason, now)


def _member(session: Session, workspace: Workspace, slack_user_id: str) -> Member | None:
    return session.scalar(
        select(Member).where(
            Member.workspace_id == workspace.id, Member.slack_user_id == slack_user_id
        )
    )


def mark_channel_unreachable(
    session: Session, workspace: Workspace, channel_id: str, code: str, now: datetime
) -> None:
    if workspace.channel_problem == code:
        return
    workspace.channel_problem = code
    _tell_admins(session, workspace, f"channel:{channel_id}:{code}", now,
                 {"about": "channel_unreachable", "channel": channel_id, "code": code})  # fmt: skip


def _tell_admins(
    session: Session, workspace: Workspace, about: str, now: datetime, facts: dict[str, Any]
) -> None:
    """Owe each admin a notice holding the facts (ids, codes, times), never finished text: the
    view words it, with Slack's markup, when it is sent (bot/views/followups.py)."""
    admins = session.scalars(
        select(Member).where(
            Member.workspace_id == workspace.id,
            Member.role == Role.ADMIN,
            Member.undeliverable == "",
        )
    )
    for admin in admins:
        owe(session, workspace, kind=NotificationKind.ADMIN_NOTICE, recipient=admin.slack_user_id,
            key=f"admin_notice:{about}:{admin.id}", due_at=now, now=now, payload=facts)  # fmt: skip


def pause_workspace(workspace: Workspace, code: str, until: datetime, now: datetime) -> None:
    """Slack refused the token: hold every message for this workspace, lose none."""
    workspace.paused_since = workspace.paused_since or now
    workspace.paused_until, workspace.pause_reason = until, code


def resume_workspace(session: Session, workspace: Workspace, now: datetime) -> None:
    """Sending works again: tell the admins what happened, now that they can be told."""
    since = workspace.paused_since
    workspace.paused_since = workspace.paused_until = None
    reason, workspace.pause_reason = workspace.pause_reason, ""
    if since is not None:
        _tell_admins(session, workspace, f"resumed:{int(since.timestamp())}", now,
                     {"about": "token_refused", "code": reason, "since": since.isoformat()})  # fmt: skip


def ask_host_directly(session: Session, workspace: Workspace, visit_id: int, now: datetime) -> None:
    """A visitor waiting on an approval must not wait forever because the channel is out of reach."""
    visit = session.get(Visit, visit_id)
    if visit is None or visit.status != VisitStatus.PENDING:
        return
    tell(
        session,
        workspace,
        NotificationKind.APPROVAL_ASK,
        visit.offer.host.slack_user_id,
        visit,
        now,
    )
