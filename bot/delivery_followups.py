"""Rendering the messages of flows 4–7 (reminders to digests) at send time.

Each returns None when the message no longer makes sense: the visit was cancelled, the reflection
was already written, the request found a host. The dispatcher then records it as skipped.
"""

from __future__ import annotations

from datetime import datetime
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.digest import build_digest
from bot.domain.reflections import reflection_of
from bot.domain.timing import Timing
from bot.models import Member, Notification, Offer, Reflection, Request, Visit, Workspace
from bot.views import followups
from bot.views.digest import digest_message
from bot.views.messages import Message

T = TypeVar("T")


def subject_of(session: Session, model: type[T], notification: Notification) -> T:
    subject = session.get(model, notification.subject_id)
    if subject is None:
        raise LookupError(f"{model.__name__} {notification.subject_id} is gone")
    return subject


def render_after_visit(
    session: Session,
    notification: Notification,
    workspace: Workspace,
    now: datetime,
    timing: Timing,
) -> Message | None:
    kind, zone = notification.kind, workspace.timezone
    if kind in ("reminder_day_before", "reminder_hour_before"):
        visit = subject_of(session, Visit, notification)
        if visit.status != "confirmed":
            return None
        return followups.visitor_reminder(visit, zone, soon=kind == "reminder_hour_before")
    if kind in ("host_reminder_day_before", "host_reminder_hour_before"):
        offer = subject_of(session, Offer, notification)
        if offer.status != "open" or not any(v.status == "confirmed" for v in offer.visits):
            return None
        return followups.host_reminder(offer, zone, soon=kind == "host_reminder_hour_before")
    if kind in ("reflection_prompt", "reflection_reminder"):
        visit = subject_of(session, Visit, notification)
        if visit.status != "confirmed" or reflection_of(session, visit.offer, visit.visitor):
            return None
        return followups.reflection_prompt(visit, zone, again=kind == "reflection_reminder")
    if kind == "host_prompt":
        offer = subject_of(session, Offer, notification)
        came = any(v.status in ("confirmed", "completed") for v in offer.visits)
        if offer.status != "open" or not came or reflection_of(session, offer, offer.host):
            return None
        return followups.host_prompt(offer, zone)
    if kind == "visit_check":
        visit = subject_of(session, Visit, notification)
        return followups.visit_check(visit, zone) if visit.status == "confirmed" else None
    if kind == "follow_up":
        visit = subject_of(session, Visit, notification)
        if visit.status not in ("confirmed", "completed"):
            return None
        reflection = reflection_of(session, visit.offer, visit.visitor)
        return followups.follow_up(visit, reflection, zone, timing.follow_up_days)
    if kind == "help_asked":
        visit = subject_of(session, Visit, notification)
        return followups.help_asked(visit, reflection_of(session, visit.offer, visit.visitor), zone)
    if kind in ("thanks", "reflection_shared"):
        reflection = subject_of(session, Reflection, notification)
        return followups.thanks(reflection, zone, first=kind == "thanks")
    if kind == "host_note":
        return followups.host_note(subject_of(session, Reflection, notification), zone)
    if kind == "nudge_visit":
        return _nudge_visit(session, notification, now, zone)
    if kind == "nudge_host":
        offer = subject_of(session, Offer, notification)
        return None if offer.host.nudges_muted else followups.nudge_host(offer, zone)
    if kind == "nudge_request":
        request = subject_of(session, Request, notification)
        if request.status != "open" or request.helper_id is not None:
            return None
        return followups.nudge_request(request, zone, timing.unanswered_request_school_days)
    if kind == "coach_helping":
        return followups.coach_helping(subject_of(session, Request, notification), zone)
    if kind == "digest":
        reader = subject_of(session, Member, notification)
        return digest_message(build_digest(session, workspace, reader, timing, now), zone)
    if kind == "admin_notice":
        return followups.admin_notice(notification.payload.get("text", ""))
    raise ValueError(f"no view for notification kind {kind!r}")


def _nudge_visit(
    session: Session, notification: Notification, now: datetime, zone: str
) -> Message | None:
    member = subject_of(session, Member, notification)
    if member.nudges_muted:
        return None
    offers = session.scalars(
        select(Offer).where(Offer.id.in_(notification.payload.get("offer_ids", [])))
    )
    still_open = [
        offer
        for offer in offers
        if offer.status == "open" and offer.seats_left > 0 and offer.starts_at > now
    ]
    return (
        followups.nudge_visit(member, sorted(still_open, key=lambda o: o.starts_at), zone)
        if still_open
        else None
    )
