"""Open doors and bookings: the offer modal, "Ask to visit", host approval, cancels."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App

from bot.domain.bookings import AlreadyAnswered, book, cancel_visit, decide
from bot.domain.errors import DomainError
from bot.domain.offer_form import OfferForm
from bot.domain.offers import cancel_offer, create_offer
from bot.services import Services
from bot.views import ids
from bot.views.notices import already_answered
from bot.vocabulary import VisitStatus
from handlers.answers import answer_in_place
from handlers.shell import Acting, ack_now, acting, decide_then_answer
from handlers.slack_io import form_id, form_values, offer_value, visit_value


def register(app: App) -> None:
    app.view(ids.OFFER_MODAL)(submit_offer)
    app.action(ids.BOOK)(**decide_then_answer(decide_book, answer_in_place))
    app.action(ids.APPROVE)(**decide_then_answer(decide_approve, answer_in_place))
    app.action(ids.DECLINE)(**decide_then_answer(decide_decline, answer_in_place))
    app.action(ids.CANCEL_VISIT)(**decide_then_answer(decide_cancel_visit, answer_in_place))
    app.action(ids.CANCEL_OFFER)(**decide_then_answer(decide_cancel_offer, answer_in_place))
    # Link buttons open their URL in the browser, and Slack still sends the click: acknowledged,
    # or Slack shows the person an error beside the button.
    app.action(ids.CALENDAR_LINK)(ack_now)
    app.action(ids.VIDEO_LINK)(ack_now)


def offer_form(values: dict[str, Any]) -> OfferForm:
    return OfferForm(
        day=values.get("day"),
        start=values.get("start"),
        end=values.get("end"),
        room=values.get("room") or "",
        grade=values.get("grade"),
        subject=values.get("subject"),
        practices=values.get("practices") or [],
        details=values.get("details") or "",
        key_moment=values.get("key_moment") or "",
        seats=values.get("seats") or "",
        approval="yes" in (values.get("approval") or []),
        feedback=values.get("feedback") or "warm",
        look_fors=values.get("look_fors") or "",
        video_url=values.get("video_url") or "",
        school_id=form_id(values, "school"),
        period=values.get("period"),
    )


def submit_offer(ack: Ack, body: dict[str, Any], services: Services) -> None:
    form = offer_form(form_values(body["view"]))
    with acting(services, body) as act:
        create_offer(act.session, act.workspace, act.member, form, act.now)
    ack()


def decide_book(click: Acting) -> str:
    visit = book(click.session, click.workspace, click.member, click.value, click.now, click.timing)
    host = visit.offer.host.slack_user_id
    if visit.status == VisitStatus.PENDING:
        return f"I've asked <@{host}> if you can visit. You'll hear back in a DM."
    return f"You're booked to visit <@{host}>! The details are in your DMs."


def decide_approve(click: Acting) -> str:
    return _decide(click, accept=True)


def decide_decline(click: Acting) -> str:
    return _decide(click, accept=False)


def _decide(click: Acting, accept: bool) -> str:
    try:
        visit = decide(
            click.session, click.workspace, click.member, click.value, accept, click.now,
            click.timing,
        )  # fmt: skip
    except AlreadyAnswered as first:
        words = already_answered(first.visitor, first.status, first.by_host, first.by_visitor)
        raise DomainError(words) from first
    word = "welcomed" if accept else "declined"
    return f"Done: you {word} <@{visit.visitor.slack_user_id}>. I've let them know."


def decide_cancel_visit(click: Acting) -> str:
    visit_id, shown = visit_value(click.body)
    cancel_visit(click.session, click.workspace, click.member, visit_id, click.now, shown)
    return "Cancelled. I've freed the seat and told the other person."


def decide_cancel_offer(click: Acting) -> str:
    offer_id, untaken = offer_value(click.body)
    cancel_offer(click.session, click.workspace, click.member, offer_id, click.now, untaken)
    return "Your open door is cancelled. I've told everyone who booked."
