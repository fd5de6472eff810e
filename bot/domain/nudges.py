"""Gentle nudges, planned into the outbox: open doors for people who haven't visited lately,
an invitation for staff who never tried it, a once-a-term ask to open their door for those who
visit but never host, encouragement for hosts nobody came to, and unanswered requests for the
school's coaches.

Never on weekends, no-visit dates or outside school hours; at most one nudge a week per person.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from bot.domain import calendar
from bot.domain.errors import DomainError
from bot.domain.giving_back import givers, term_key
from bot.domain.host_load import Load, host_loads
from bot.domain.matching import hosts_visited_this_term, rank_doors
from bot.domain.members import reachable_coaches
from bot.domain.open_doors import bookable_doors
from bot.domain.outbox import owe, tell
from bot.domain.timing import Timing, in_school_hours, school_days_since
from bot.models import Member, Notification, Offer, Request, Visit, Workspace
from bot.vocabulary import (
    ACTIVE_VISIT_STATUSES,
    SCHOOL_WIDE_ROLES,
    NotificationKind,
    NotificationState,
    OfferStatus,
    RequestStatus,
    Role,
    VisitStatus,
)

MEMBER_NUDGES = (
    NotificationKind.NUDGE_VISIT,
    NotificationKind.NUDGE_HOST,
    NotificationKind.INVITE,
    NotificationKind.NUDGE_GIVE_BACK,
)
MAX_DOORS = 3
INVITE_WINDOW = timedelta(days=7)


def plan_nudges(session: Session, workspace: Workspace, timing: Timing, now: datetime) -> int:
    if workspace.setup_at is None or not in_school_hours(session, workspace, timing, now):
        return 0
    week = f"{now.isocalendar().year}-W{now.isocalendar().week:02d}"
    # Due now and stale after school hours today, so a late dispatcher never nudges at night.
    end_of_day = time(min(timing.school_day_end_hour, 23))
    closing = calendar.to_utc(workspace, calendar.local_today(workspace, now), end_of_day)
    nudged = set(
        session.scalars(
            select(Notification.recipient).where(
                Notification.workspace_id == workspace.id,
                Notification.kind.in_(MEMBER_NUDGES),
                Notification.created_at > now - timedelta(days=7),
            )
        )
    )
    planned = 0
    quiet = _quiet_members(session, workspace, timing, now)
    visited = _ever_visited(session, [member.id for member in quiet])
    for member in quiet:
        if member.slack_user_id in nudged:
            continue
        doors = _doors_for(session, workspace, member, now)
        if doors:
            payload = {
                "offer_ids": [offer.id for offer in doors],
                "first": member.id not in visited,
            }
            tell(session, workspace, NotificationKind.NUDGE_VISIT, member.slack_user_id, member, now,
                 payload=payload, key_suffix=f":{week}", expires_at=closing)  # fmt: skip
            nudged.add(member.slack_user_id)
            planned += 1
    for member in _newcomers(session, workspace):
        if member.slack_user_id in nudged:
            continue
        doors = _doors_this_week(session, workspace, member, now)
        if doors:  # an invitation with nothing to visit waits for a week that has something
            tell(session, workspace, NotificationKind.INVITE, member.slack_user_id, member, now,
                 payload={"offer_ids": [offer.id for offer in doors]}, expires_at=closing)  # fmt: skip
            nudged.add(member.slack_user_id)
            planned += 1
    term = term_key(workspace, now)
    for giver in givers(session, workspace, now):
        if giver.member.slack_user_id in nudged:
            continue
        tell(session, workspace, NotificationKind.NUDGE_GIVE_BACK, giver.member.slack_user_id,
             giver.member, now, payload={"visits": giver.visits, "practices": giver.practices},
             key_suffix=f":{term}", expires_at=closing)  # fmt: skip
        nudged.add(giver.member.slack_user_id)
        planned += 1
    for offer in _empty_doors(session, workspace, now):
        if (
            offer.host.slack_user_id in nudged
            or offer.host.nudges_muted
            or offer.host.undeliverable
        ):
            continue
        tell(session, workspace, NotificationKind.NUDGE_HOST, offer.host.slack_user_id, offer, now,
             expires_at=closing)  # fmt: skip
        nudged.add(offer.host.slack_user_id)
        planned += 1
    for request in unanswered_requests(session, workspace, timing, now):
        for coach in coaches_for(session, workspace, request.school_id):
            tell(session, workspace, NotificationKind.NUDGE_REQUEST, coach.slack_user_id, request, now,
                 expires_at=closing)  # fmt: skip
            planned += 1
    return planned


def set_muted(member: Member, muted: bool) -> None:
    member.nudges_muted = muted


def help_with_request(
    session: Session, workspace: Workspace, coach: Member, request_id: int, now: datetime
) -> Request:
    """A coach takes an unanswered request on; the visitor hears that someone is on it."""
    request = session.get(Request, request_id)
    if request is None or request.workspace_id != workspace.id:
        raise DomainError("I can't find that request any more.")
    if coach.role not in SCHOOL_WIDE_ROLES:
        raise DomainError("Only coaches, school leaders and admins can take on requests.")
    if request.status != RequestStatus.OPEN:
        raise DomainError(f"This request is already {request.status}.")
    if request.helper_id is None:
        request.helper_id = coach.id
        tell(
            session,
            workspace,
            NotificationKind.COACH_HELPING,
            request.visitor.slack_user_id,
            request,
            now,
        )
    return request


def share_door_again(
    session: Session, workspace: Workspace, coach: Member, offer_id: int, now: datetime
) -> Offer:
    """A coach brings an open door with empty seats back to the channel's attention, once a day."""
    if coach.role not in SCHOOL_WIDE_ROLES:
        raise DomainError("Only coaches, school leaders and admins can share open doors again.")
    offer = session.get(Offer, offer_id)
    if offer is None or offer.workspace_id != workspace.id or offer.channel_id is None:
        raise DomainError("I can't find that open door any more.")
    if offer.status != OfferStatus.OPEN or offer.starts_at <= now or offer.seats_left == 0:
        raise DomainError("That open door is no longer open for booking.")
    if host_loads(session, workspace, [offer])[offer.id] is Load.FULL:
        raise DomainError(
            f"{offer.host.name or 'Its host'} already has the visits they're glad to host that "
            f"{offer.host.hosting_per}, so I won't push this door. It stays open for anyone who "
            "finds it."
        )
    day = calendar.local_today(workspace, now).isoformat()
    owe(session, workspace, kind=NotificationKind.DOOR_SHARED, recipient=offer.channel_id,
        key=f"door_shared:offer:{offer.id}:{day}", due_at=now, now=now, subject=offer)  # fmt: skip
    return offer


def coaches_for(session: Session, workspace: Workspace, school_id: int | None) -> list[Member]:
    """The school's coaches, and district coaches (no school), who can still be reached."""
    coaches = reachable_coaches(session, workspace)
    return [coach for coach in coaches if coach.school_id in (None, school_id)]


def unanswered_requests(
    session: Session, workspace: Workspace, timing: Timing, now: datetime
) -> list[Request]:
    """Posted requests no host offered a time for in N school days, and no coach took on."""
    requests = session.scalars(
        select(Request).where(
            Request.workspace_id == workspace.id,
            Request.status == RequestStatus.OPEN,
            Request.helper_id.is_(None),
            Request.posted_at.is_not(None),
            ~exists().where(Offer.request_id == Request.id),
        )
    )
    return [
        request
        for request in requests
        if request.posted_at is not None
        and school_days_since(session, workspace, request.posted_at, now)
        >= timing.unanswered_request_school_days
    ]


def _quiet_members(
    session: Session, workspace: Workspace, timing: Timing, now: datetime
) -> list[Member]:
    recent_visit = (
        select(Visit.id)
        .join(Offer, Visit.offer_id == Offer.id)
        .where(
            Visit.visitor_id == Member.id,
            Visit.status.in_((*ACTIVE_VISIT_STATUSES, VisitStatus.COMPLETED)),
            Offer.starts_at > now - timedelta(days=timing.nudge_quiet_days),
        )
    )
    members = session.scalars(
        select(Member).where(
            Member.workspace_id == workspace.id,
            Member.nudges_muted.is_(False),
            Member.undeliverable == "",
            ~recent_visit.exists(),
        )
    )
    return [member for member in members if member.interests]


def _ever_visited(session: Session, member_ids: list[int]) -> set[int]:
    """Which of these members have ever been through a colleague's door: only they are told it
    has been a while; the others are invited to a first visit."""
    return set(
        session.scalars(
            select(Visit.visitor_id)
            .where(
                Visit.visitor_id.in_(member_ids),
                Visit.status.in_((VisitStatus.CONFIRMED, VisitStatus.COMPLETED)),
            )
            .distinct()
        )
    )


def _newcomers(session: Session, workspace: Workspace) -> list[Member]:
    """Teachers on the school's list who have never used Open Door: no profile, never a visit,
    never an open door. Coaches, leaders and admins were given their role in setup, so they know
    it already. Each is invited once (the invitation's key is theirs alone)."""
    any_visit = select(Visit.id).where(Visit.visitor_id == Member.id)
    any_door = select(Offer.id).where(Offer.host_id == Member.id)
    invited = select(Notification.id).where(
        Notification.workspace_id == workspace.id,
        Notification.kind == NotificationKind.INVITE,
        Notification.subject_id == Member.id,
        Notification.state != NotificationState.SKIPPED,
    )
    return list(
        session.scalars(
            select(Member).where(
                Member.workspace_id == workspace.id,
                Member.on_roster.is_(True),
                Member.role == Role.TEACHER,
                Member.profile_saved_at.is_(None),
                Member.nudges_muted.is_(False),
                Member.undeliverable == "",
                ~any_visit.exists(),
                ~any_door.exists(),
                ~invited.exists(),
            )
        )
    )


def _doors_this_week(
    session: Session, workspace: Workspace, member: Member, now: datetime
) -> list[Offer]:
    """The soonest open doors of the coming week, the member's own school first."""
    offers = session.scalars(
        bookable_doors(session, workspace, member, now).where(
            Offer.starts_at <= now + INVITE_WINDOW
        )
    )
    return sorted(offers, key=lambda offer: (offer.school_id != member.school_id, offer.starts_at))[
        :MAX_DOORS
    ]


def _doors_for(
    session: Session, workspace: Workspace, member: Member, now: datetime
) -> list[Offer]:
    """Doors showing a practice the member would like to see: their own school's first, then
    hosts new to them this term, then the soonest (`matching.rank_doors`)."""
    offers = session.scalars(bookable_doors(session, workspace, member, now))
    wanted = set(member.interests)
    fitting = [offer for offer in offers if wanted & set(offer.practices)]
    seen = hosts_visited_this_term(session, workspace, member, now)
    own_school = member.school_id
    return rank_doors(
        session, workspace, member, fitting, lambda offer: int(offer.school_id == own_school), seen
    )[:MAX_DOORS]


def _empty_doors(session: Session, workspace: Workspace, now: datetime) -> list[Offer]:
    """Open doors that ended this past week with nobody through them."""
    any_visit = select(Visit.id).where(Visit.offer_id == Offer.id)
    return list(
        session.scalars(
            select(Offer).where(
                Offer.workspace_id == workspace.id,
                Offer.status == OfferStatus.OPEN,
                Offer.request_id.is_(None),
                Offer.ends_at <= now,
                Offer.ends_at > now - timedelta(days=7),
                ~any_visit.exists(),
            )
        )
    )
