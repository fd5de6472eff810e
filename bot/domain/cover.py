"""Cover requests: one list a school day for a school's coverage coordinators of the visits that
take a teacher out of a class they teach, period by period.

Nothing here books, moves or cancels a visit. The list goes to the coordinators at a set hour
the school day before (`Timing.cover_request_hour`), or at once for a visit booked later than
that. After it has gone, each change updates their message in place (a line answered at once,
a visit booked or cancelled at the next run), and a booking or cancellation also gets a short
notice so it is seen.
A coordinator answers each line *Covered* or *Can't cover*; a visitor whose cover is refused is
told in time to arrange it or cancel, and decides.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.domain import calendar
from bot.domain.bell_schedule import day_types
from bot.domain.errors import DomainError, NotAllowed, NotFound
from bot.domain.free_periods import taught_periods
from bot.domain.outbox import owe, tell
from bot.domain.timing import Timing
from bot.models import CoverDay, Member, Notification, Offer, School, Visit, Workspace
from bot.vocabulary import (
    ACTIVE_VISIT_STATUSES,
    NotificationKind,
    NotificationState,
)

COVERED, REFUSED = "covered", "refused"
COVER_ANSWERS = (COVERED, REFUSED)


@dataclass(frozen=True)
class CoverLine:
    """A visit that needs cover and the classes it takes its visitor out of."""

    visit: Visit
    periods: tuple[str, ...]


def cover_lines(
    session: Session, workspace: Workspace, school: School, day: date
) -> list[CoverLine]:
    """The visits on `day` of visitors from `school` that overlap a period they teach, soonest
    first. Asks still waiting on their host count: the class is out if the host says yes."""
    start = calendar.to_utc(workspace, day, time(0))
    visits = session.scalars(
        select(Visit)
        .join(Offer, Visit.offer_id == Offer.id)
        .join(Member, Visit.visitor_id == Member.id)
        .where(
            Visit.workspace_id == workspace.id,
            Visit.status.in_(ACTIVE_VISIT_STATUSES),
            Member.school_id == school.id,
            Offer.starts_at >= start,
            Offer.starts_at < calendar.to_utc(workspace, day + timedelta(days=1), time(0)),
        )
        .options(selectinload(Visit.offer), selectinload(Visit.visitor))
    )
    lines = []
    for visit in visits:
        periods = taught_periods(
            visit.visitor, visit.offer.starts_at, visit.offer.ends_at, workspace.timezone
        )
        if periods:
            lines.append(CoverLine(visit, tuple(periods)))
    return sorted(lines, key=lambda line: (line.visit.offer.starts_at, line.visit.id))


def needs_cover(visit: Visit, zone: str) -> bool:
    return bool(taught_periods(visit.visitor, visit.offer.starts_at, visit.offer.ends_at, zone))


def coordinators_of(session: Session, workspace: Workspace, school: School) -> list[Member]:
    """Those who coordinate cover at the school, and those who do it for every school."""
    return list(
        session.scalars(
            select(Member)
            .where(
                Member.workspace_id == workspace.id,
                Member.coordinates_cover,
                (Member.school_id == school.id) | Member.school_id.is_(None),
                Member.undeliverable == "",
            )
            .order_by(Member.id)
        )
    )


def plan_cover_requests(
    session: Session, workspace: Workspace, timing: Timing, now: datetime
) -> int:
    """On a school day, owe each school's cover request for the next school day once its hour
    has come, and today's from the start of school if a visit was booked after that hour; and
    an update of each one already sent whose list changed. Returns the messages owed."""
    days = calendar.school_calendar(session, workspace)
    today = days.day_of(now)
    tomorrow = next(
        (
            today + timedelta(days=n)
            for n in range(1, 15)
            if days.is_open(today + timedelta(days=n))
        ),
        None,
    )
    owed = 0
    for school in workspace.schools:
        if not day_types(school):
            continue
        coordinators = coordinators_of(session, workspace, school)
        if not coordinators:
            continue
        if not days.is_open(today):
            continue
        if now >= days.at(today, time(timing.school_day_start_hour)):
            owed += _plan_day(session, workspace, school, today, coordinators, now)
        if tomorrow is not None and now >= days.at(today, time(timing.cover_request_hour)):
            owed += _plan_day(session, workspace, school, tomorrow, coordinators, now)
    return owed


def _plan_day(
    session: Session,
    workspace: Workspace,
    school: School,
    day: date,
    coordinators: list[Member],
    now: datetime,
) -> int:
    lines = cover_lines(session, workspace, school, day)
    cover_day = session.scalar(
        select(CoverDay).where(CoverDay.school_id == school.id, CoverDay.day == day)
    )
    if cover_day is None:
        if not lines:
            return 0
        cover_day = CoverDay(workspace_id=workspace.id, school_id=school.id, day=day)
        session.add(cover_day)
    visit_ids = [line.visit.id for line in lines]
    fingerprint = _fingerprint(lines)
    if cover_day.requested_at is None:
        if not lines:
            return 0
        cover_day.requested_at, cover_day.fingerprint, cover_day.visits = (
            now,
            fingerprint,
            visit_ids,
        )
        for coordinator in coordinators:
            tell(session, workspace, NotificationKind.COVER_REQUEST, coordinator.slack_user_id,
                 cover_day, now, expires_at=_end_of(workspace, day))  # fmt: skip
        return len(coordinators)
    if fingerprint == cover_day.fingerprint:
        return 0
    changed = set(visit_ids) != set(cover_day.visits)
    cover_day.fingerprint, cover_day.visits = fingerprint, visit_ids
    cover_day.revision += 1
    return _reshow(session, workspace, cover_day, changed, now)


def _reshow(
    session: Session, workspace: Workspace, cover_day: CoverDay, changed: bool, now: datetime
) -> int:
    """Each coordinator's list already sent is updated in place; a change of visits (not just
    an answer) also gets a line of its own, since an edit alone goes unnoticed."""
    session.flush()
    sent = session.scalars(
        select(Notification).where(
            Notification.workspace_id == workspace.id,
            Notification.kind == NotificationKind.COVER_REQUEST,
            Notification.subject_type == "coverday",
            Notification.subject_id == cover_day.id,
            Notification.state.in_((NotificationState.SENT, NotificationState.SENDING)),
        )
    ).all()
    expires = _end_of(workspace, cover_day.day)
    for dm in sent:
        owe(session, workspace, kind=NotificationKind.COVER_REFRESH, recipient=dm.recipient,
            key=f"cover-refresh:{dm.id}:{cover_day.revision}", due_at=now, now=now, subject=dm,
            expires_at=expires)  # fmt: skip
        if changed:
            tell(session, workspace, NotificationKind.COVER_CHANGED, dm.recipient, cover_day, now,
                 key_suffix=f":{cover_day.revision}", expires_at=expires)  # fmt: skip
    return len(sent) * (2 if changed else 1)


def _end_of(workspace: Workspace, day: date) -> datetime:
    """A day's cover list means nothing once the day is over."""
    return calendar.to_utc(workspace, day + timedelta(days=1), time(0))


def _fingerprint(lines: list[CoverLine]) -> str:
    shown = "|".join(
        f"{line.visit.id}:{line.visit.status}:{line.visit.cover_status}:{','.join(line.periods)}"
        for line in lines
    )
    return hashlib.sha256(shown.encode()).hexdigest()


def answer_cover(
    session: Session,
    workspace: Workspace,
    coordinator: Member,
    visit_id: int,
    answer: str,
    now: datetime,
) -> Visit:
    """A coordinator's *Covered* or *Can't cover* for one line. Refused, the visitor is told and
    decides; the visit itself is never changed."""
    visit = session.get(Visit, visit_id)
    if visit is None or visit.workspace_id != workspace.id or answer not in COVER_ANSWERS:
        raise NotFound("I can't find that visit any more.")
    school_id = visit.visitor.school_id
    if not coordinator.coordinates_cover or coordinator.school_id not in (None, school_id):
        raise NotAllowed("Only the school's coverage coordinators can answer for cover.")
    if visit.status not in ACTIVE_VISIT_STATUSES or visit.offer.starts_at <= now:
        raise DomainError("That visit isn't coming up any more, so it needs no cover.")
    if visit.cover_status == answer:
        return visit
    visit.cover_status, visit.cover_by_id = answer, coordinator.id
    if answer == REFUSED:
        tell(session, workspace, NotificationKind.COVER_REFUSED, visit.visitor.slack_user_id,
             visit, now, expires_at=visit.offer.starts_at)  # fmt: skip
    _show_answer(session, workspace, visit, now)
    return visit


def _show_answer(session: Session, workspace: Workspace, visit: Visit, now: datetime) -> None:
    """Every coordinator's list that showed the line shows its answer now, not at the next run,
    so a second coordinator doesn't arrange cover already arranged (or refused)."""
    school = visit.visitor.school
    if school is None:
        return
    day = calendar.local(workspace, visit.offer.starts_at).date()
    requested = session.scalar(
        select(CoverDay.id).where(
            CoverDay.school_id == school.id,
            CoverDay.day == day,
            CoverDay.requested_at.is_not(None),
        )
    )
    if requested is not None:
        _plan_day(session, workspace, school, day, coordinators_of(session, workspace, school), now)


def cover_status(visit: Visit, zone: str) -> str:
    """Where a visit's cover stands ("asked", "covered", "refused"); "" when it needs none."""
    if visit.status not in ACTIVE_VISIT_STATUSES or not needs_cover(visit, zone):
        return ""
    return visit.cover_status or "asked"
