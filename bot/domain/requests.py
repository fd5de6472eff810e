"""Visit requests: a visitor asks to see a practice, the bot suggests the doors that fit, and the
request goes to the visits channel (a host's answer is in bot/domain/hosting.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain import calendar
from bot.domain.catalogue import GRADES, PRACTICES, SUBJECTS
from bot.domain.errors import DomainError, FieldErrors, NotAllowed, NotFound, check
from bot.domain.form_input import TOO_FAR, read_date, too_far
from bot.domain.matching import hosts_visited_this_term, rank_doors
from bot.domain.offer_form import MAX_DETAILS
from bot.domain.offers import visitor_clash
from bot.domain.open_doors import bookable_doors
from bot.domain.outbox import refresh_card, tell
from bot.models import Member, Offer, Request, Workspace
from bot.vocabulary import NotificationKind, OfferStatus, RequestStatus

MAX_WINDOW_DAYS = 120
MATCH_LIMIT = 5


@dataclass
class RequestForm:
    practices: list[str] = field(default_factory=list)
    grades: list[str] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)
    window_start: str | None = None
    window_end: str | None = None
    any_school: bool = False
    notes: str = ""


def create_request(
    session: Session, workspace: Workspace, visitor: Member, form: RequestForm, now: datetime
) -> Request:
    today = calendar.local_today(workspace, now)
    errors: dict[str, str] = {}
    first = read_date(form.window_start) or today
    if too_far(first, today):
        raise FieldErrors({"window_start": TOO_FAR})
    last = read_date(form.window_end) or first + timedelta(days=14)
    if not form.practices and not form.notes.strip():
        errors["practices"] = "Pick a practice you'd like to see, or describe it in the notes."
    if not set(form.practices) <= set(PRACTICES):
        errors["practices"] = "Pick practices from the list."
    if not set(form.grades) <= set(GRADES):
        errors["grades"] = "Pick grades from the list."
    if not set(form.subjects) <= set(SUBJECTS):
        errors["subjects"] = "Pick subjects from the list."
    if first < today:
        errors["window_start"] = "Start from today or later."
    if last < first:
        errors["window_end"] = "The last day should be on or after the first."
    elif (last - first).days > MAX_WINDOW_DAYS:
        errors["window_end"] = f"Keep the window under {MAX_WINDOW_DAYS} days."
    if len(form.notes) > MAX_DETAILS:
        errors["notes"] = f"Keep notes under {MAX_DETAILS} characters."
    if not form.any_school and visitor.school_id is None:
        errors["scope"] = "Set your school in `/visit profile` first, or choose any school."
    check(errors)
    request = Request(
        workspace_id=workspace.id,
        visitor_id=visitor.id,
        school_id=visitor.school_id,
        practices=list(form.practices),
        grades=list(form.grades),
        subjects=list(form.subjects),
        window_start=first,
        window_end=last,
        any_school=form.any_school,
        notes=form.notes.strip(),
        created_at=now,
    )
    session.add(request)
    session.flush()
    return request


def get_request(session: Session, workspace: Workspace, request_id: int) -> Request:
    request = session.get(Request, request_id)
    if request is None or request.workspace_id != workspace.id:
        raise NotFound("I can't find that request any more.")
    return request


def matching_offers(
    session: Session, workspace: Workspace, request: Request, now: datetime
) -> list[Offer]:
    """The open doors best fitting the request (shared practices, then grade, subject), in the
    order `matching.ranked` gives: among equal fits, hosts new to the visitor this term first."""
    window_from = max(calendar.to_utc(workspace, request.window_start, time(0)), now)
    window_to = calendar.to_utc(workspace, request.window_end + timedelta(days=1), time(0))
    query = bookable_doors(session, workspace, request.visitor, window_from).where(
        Offer.starts_at < window_to
    )
    if not request.any_school:
        query = query.where(Offer.school_id == request.school_id)
    fitting = [
        offer
        for offer in session.scalars(query)
        if _score(request, offer) > 0
        and not visitor_clash(session, request.visitor, offer.starts_at, offer.ends_at)
    ]
    seen = hosts_visited_this_term(session, workspace, request.visitor, now)
    return rank_doors(
        session, workspace, request.visitor, fitting, lambda offer: _score(request, offer), seen
    )[:MATCH_LIMIT]


def _score(request: Request, offer: Offer) -> int:
    score = 4 * len(set(request.practices) & set(offer.practices))
    if request.grades and offer.grade in request.grades:
        score += 2
    if request.subjects and offer.subject in request.subjects:
        score += 1
    if request.practices and not set(request.practices) & set(offer.practices):
        return 0
    if not request.practices:
        words = {word for word in request.notes.lower().split() if len(word) > 3}
        text = f"{offer.details} {' '.join(offer.practices)}".lower()
        score += sum(1 for word in words if word in text)
    return score


def ask_channel(
    session: Session, workspace: Workspace, visitor: Member, request_id: int, now: datetime
) -> Request:
    """Post the request in the visits channel so a colleague who does this practice can answer."""
    request = get_request(session, workspace, request_id)
    if request.visitor_id != visitor.id:
        raise NotAllowed("Only the person who asked can post this request.")
    if request.status != RequestStatus.OPEN:
        raise DomainError(f"This request is already {request.status}.")
    if request.channel_id is None:
        request.channel_id = workspace.visits_channel_id
        request.posted_at = now
        refresh_card(session, workspace, request, now)
    return request


def withdraw_request(
    session: Session, workspace: Workspace, visitor: Member, request_id: int, now: datetime
) -> Request:
    request = get_request(session, workspace, request_id)
    session.scalars(
        select(Request)
        .where(Request.id == request.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    if request.visitor_id != visitor.id:
        raise NotAllowed("Only the person who asked can withdraw this request.")
    if request.status != RequestStatus.OPEN:
        raise DomainError(f"This request is already {request.status}.")
    request.status = RequestStatus.WITHDRAWN
    for offer in _open_proposals(session, request):
        offer.status = OfferStatus.CANCELLED
        tell(
            session,
            workspace,
            NotificationKind.HOSTING_NOT_NEEDED,
            offer.host.slack_user_id,
            offer,
            now,
        )
    refresh_card(session, workspace, request, now)
    return request


def proposals(session: Session, request: Request) -> list[Offer]:
    return list(
        session.scalars(select(Offer).where(Offer.request_id == request.id).order_by(Offer.id))
    )


def _open_proposals(session: Session, request: Request) -> list[Offer]:
    return [
        offer
        for offer in proposals(session, request)
        if offer.status == OfferStatus.OPEN and offer.seats_taken == 0
    ]
