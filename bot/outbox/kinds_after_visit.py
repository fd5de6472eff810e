"""Kinds of message of flows 4–7, from reminders to digests.

Each renderer returns None when the message no longer makes sense: the visit was cancelled, the
reflection was already written, the request found a host. The dispatcher records it as skipped.
"""

from __future__ import annotations

from sqlalchemy import select

from bot.domain.digest import build_digest
from bot.domain.matching import hosts_visited_this_term
from bot.domain.reflections import reflection_of
from bot.domain.team_digest import build_team_week
from bot.models import Member, Offer, Reflection, Request, Team, Visit
from bot.outbox.outgoing import Outgoing, Owed
from bot.views import followups, giving_back
from bot.views.digest import digest_message
from bot.views.teams import team_digest_message
from bot.vocabulary import NotificationKind, OfferStatus, RequestStatus, VisitStatus


def visitor_reminder(owed: Owed) -> Outgoing | None:
    visit = owed.subject(Visit)
    if visit.status != VisitStatus.CONFIRMED:
        return None
    soon = owed.notification.kind == NotificationKind.REMINDER_HOUR_BEFORE
    return owed.dm(followups.visitor_reminder(visit, owed.zone, soon=soon))


def host_reminder(owed: Owed) -> Outgoing | None:
    offer = owed.subject(Offer)
    if offer.status != OfferStatus.OPEN or not any(
        v.status == VisitStatus.CONFIRMED for v in offer.visits
    ):
        return None
    soon = owed.notification.kind == NotificationKind.HOST_REMINDER_HOUR_BEFORE
    return owed.dm(followups.host_reminder(offer, owed.zone, soon=soon))


def reflection_prompt(owed: Owed) -> Outgoing | None:
    visit = owed.subject(Visit)
    if visit.status != VisitStatus.CONFIRMED or reflection_of(
        owed.session, visit.offer, visit.visitor
    ):
        return None
    again = owed.notification.kind == NotificationKind.REFLECTION_REMINDER
    return owed.dm(followups.reflection_prompt(visit, owed.zone, again=again))


def host_prompt(owed: Owed) -> Outgoing | None:
    offer = owed.subject(Offer)
    came = any(v.status in (VisitStatus.CONFIRMED, VisitStatus.COMPLETED) for v in offer.visits)
    if (
        offer.status != OfferStatus.OPEN
        or not came
        or reflection_of(owed.session, offer, offer.host)
    ):
        return None
    return owed.dm(followups.host_prompt(offer, owed.zone))


def visit_check(owed: Owed) -> Outgoing | None:
    visit = owed.subject(Visit)
    return (
        owed.dm(followups.visit_check(visit, owed.zone))
        if visit.status == VisitStatus.CONFIRMED
        else None
    )


def follow_up(owed: Owed) -> Outgoing | None:
    visit = owed.subject(Visit)
    if visit.status not in (VisitStatus.CONFIRMED, VisitStatus.COMPLETED):
        return None
    reflection = reflection_of(owed.session, visit.offer, visit.visitor)
    days = owed.timing.follow_up_days
    return owed.dm(followups.follow_up(visit, reflection, owed.zone, days))


def help_asked(owed: Owed) -> Outgoing | None:
    visit = owed.subject(Visit)
    reflection = reflection_of(owed.session, visit.offer, visit.visitor)
    words = str(owed.notification.payload.get("words", ""))
    to_coach = owed.notification.recipient != visit.offer.host.slack_user_id
    return owed.dm(followups.help_asked(visit, reflection, words, to_coach))


def thanks(owed: Owed) -> Outgoing | None:
    first = owed.notification.kind == NotificationKind.THANKS
    return owed.dm(followups.thanks(owed.subject(Reflection), owed.zone, first=first))


def host_note(owed: Owed) -> Outgoing | None:
    return owed.dm(followups.host_note(owed.subject(Reflection), owed.zone))


def nudge_visit(owed: Owed) -> Outgoing | None:
    member = owed.subject(Member)
    if member.nudges_muted:
        return None
    still_open = _still_open(owed)
    if not still_open:
        return None
    first = bool(owed.notification.payload.get("first"))
    seen = hosts_visited_this_term(owed.session, owed.workspace, member, owed.now)
    return owed.dm(followups.nudge_visit(member, still_open, owed.zone, first=first, seen=seen))


def invite(owed: Owed) -> Outgoing | None:
    """Not sent once the person has found Open Door on their own, or asked for no nudges."""
    member = owed.subject(Member)
    if member.nudges_muted or member.profile_saved_at is not None:
        return None
    return owed.dm(followups.invite(member, _still_open(owed), owed.zone))


def give_back(owed: Owed) -> Outgoing | None:
    """Not sent once they have opened a door after all, or asked for no nudges."""
    member = owed.subject(Member)
    hosted = owed.session.scalar(select(Offer.id).where(Offer.host_id == member.id).limit(1))
    if member.nudges_muted or hosted is not None:
        return None
    payload = owed.notification.payload
    return owed.dm(
        giving_back.ask(int(payload.get("visits", 0)), list(payload.get("practices", [])))
    )


def _still_open(owed: Owed) -> list[Offer]:
    """The nudge's doors that can still be booked, in the order they were planned in (a nudge's
    ranked by `matching`, an invitation's soonest first)."""
    offer_ids = [i for i in owed.notification.payload.get("offer_ids", []) if type(i) is int]
    offers = {
        offer.id: offer
        for offer in owed.session.scalars(select(Offer).where(Offer.id.in_(offer_ids)))
        if offer.status == OfferStatus.OPEN and offer.seats_left > 0 and offer.starts_at > owed.now
    }
    return [offers[offer_id] for offer_id in offer_ids if offer_id in offers]


def nudge_host(owed: Owed) -> Outgoing | None:
    offer = owed.subject(Offer)
    return None if offer.host.nudges_muted else owed.dm(followups.nudge_host(offer, owed.zone))


def nudge_request(owed: Owed) -> Outgoing | None:
    request = owed.subject(Request)
    if request.status != RequestStatus.OPEN or request.helper_id is not None:
        return None
    days = owed.timing.unanswered_request_school_days
    return owed.dm(followups.nudge_request(request, owed.zone, days))


def coach_helping(owed: Owed) -> Outgoing | None:
    return owed.dm(followups.coach_helping(owed.subject(Request), owed.zone))


def digest(owed: Owed) -> Outgoing | None:
    reader = owed.subject(Member)
    built = build_digest(owed.session, owed.workspace, reader, owed.timing, owed.now)
    return owed.dm(digest_message(built, owed.zone))


def admin_notice(owed: Owed) -> Outgoing | None:
    return owed.dm(followups.admin_notice(owed.notification.payload))


def team_digest(owed: Owed) -> Outgoing | None:
    """Built when sent, for the team's lead as they are then: a team handed on meanwhile goes
    to its new lead's next digest, not to the old lead."""
    team = owed.subject(Team)
    if team.lead.slack_user_id != owed.to:
        return None
    week = build_team_week(owed.session, team, owed.now)
    return owed.dm(team_digest_message(week, owed.zone))
