"""When Slack says a person or the visits channel can't be reached: stop, record, tell someone.

Errors about a recipient are answers about the world, so the bot stops writing to them, calls off
their upcoming visits (telling the other side) and lets the workspace's admins know.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.domain.bookings import release
from bot.domain.outbox import owe, refresh_card, tell, withdraw
from bot.models import ACTIVE_VISIT_STATUSES, Member, Notification, Offer, Visit, Workspace


def mark_member_unreachable(
    session: Session, workspace: Workspace, slack_user_id: str, code: str, now: datetime
) -> None:
    member = session.scalar(
        select(Member).where(
            Member.workspace_id == workspace.id, Member.slack_user_id == slack_user_id
        )
    )
    if member is None or member.undeliverable:
        return
    member.undeliverable = code
    reason = f"{member.name or 'They'} can no longer be reached in Slack ({code})."
    visiting = session.scalars(
        select(Visit)
        .join(Offer, Visit.offer_id == Offer.id)
        .where(
            Visit.visitor_id == member.id,
            Visit.status.in_(ACTIVE_VISIT_STATUSES),
            Offer.starts_at > now,
        )
    )
    for visit in visiting:
        release(session, visit, None, reason)
        tell(session, workspace, "visit_cancelled", visit.offer.host.slack_user_id, visit, now)
        refresh_card(session, workspace, visit.offer, now)
    hosting = session.scalars(
        select(Offer).where(
            Offer.host_id == member.id, Offer.status == "open", Offer.starts_at > now
        )
    )
    for offer in hosting:
        offer.status = "cancelled"
        for visit in offer.visits:
            if visit.status in ACTIVE_VISIT_STATUSES:
                release(session, visit, None, reason)
                tell(session, workspace, "visit_cancelled", visit.visitor.slack_user_id, visit, now)
        withdraw(session, offer)
        refresh_card(session, workspace, offer, now)
    session.execute(
        update(Notification)
        .where(
            Notification.workspace_id == workspace.id,
            Notification.recipient == slack_user_id,
            Notification.state == "pending",
        )
        .values(state="withdrawn", last_error=code)
        .execution_options(synchronize_session=False)
    )
    _tell_admins(session, workspace, f"member:{member.id}", now,
                 f"I can't reach <@{slack_user_id}> in Slack any more ({code}). I've called off their "
                 "upcoming visits and told the people involved.")  # fmt: skip


def mark_channel_unreachable(
    session: Session, workspace: Workspace, channel_id: str, code: str, now: datetime
) -> None:
    if workspace.channel_problem == code:
        return
    workspace.channel_problem = code
    _tell_admins(session, workspace, f"channel:{channel_id}:{code}", now,
                 f"I can't post in <#{channel_id}> ({code}). Open doors and requests aren't reaching the "
                 "channel: invite me back, or pick another channel with `/visit setup`.")  # fmt: skip


def _tell_admins(
    session: Session, workspace: Workspace, about: str, now: datetime, text: str
) -> None:
    admins = session.scalars(
        select(Member).where(
            Member.workspace_id == workspace.id, Member.role == "admin", Member.undeliverable == ""
        )
    )
    for admin in admins:
        owe(session, workspace, kind="admin_notice", recipient=admin.slack_user_id,
            key=f"admin_notice:{about}:{admin.id}", due_at=now, now=now, payload={"text": text})  # fmt: skip


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
                     f"Slack refused my token ({reason}) from {since:%Y-%m-%d %H:%M} UTC until now, so I "
                     "held every message. They're going out now; nothing was lost.")  # fmt: skip


def ask_host_directly(session: Session, workspace: Workspace, visit_id: int, now: datetime) -> None:
    """A visitor waiting on an approval must not wait forever because the channel is out of reach."""
    visit = session.get(Visit, visit_id)
    if visit is None or visit.status != "pending":
        return
    tell(session, workspace, "approval_ask", visit.offer.host.slack_user_id, visit, now)
