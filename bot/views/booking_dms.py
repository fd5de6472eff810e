"""The DMs a booking sends its two sides: booked, coming, waiting, declined or called off, and a
time offered for a request, taken up or not.

Each says what happened when it was owed, so the outbox sends it whatever came after; what is
still true shows on the cards and in `/visit mine`."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    SectionBlock,
)

from bot.models import Offer, Visit
from bot.views import ids
from bot.views.messages import Message, cancel_visit_button, compose, context
from bot.views.text import (
    calendar_url,
    day_label,
    mention,
    offer_details,
    offer_summary,
    quoted,
    seats_line,
    when,
)


def visit_booked(visit: Visit, zone: str) -> Message:
    offer = visit.offer
    buttons = [
        ButtonElement(text="Add to calendar", action_id=ids.CALENDAR_LINK, url=calendar_url(offer)),
        cancel_visit_button(visit),
    ]
    return compose(
        f"You're visiting {offer.host.name} on {day_label(offer.starts_at, zone)}",
        [
            SectionBlock(
                text=f":tada: You're booked to visit {mention(offer.host.slack_user_id)}!"
            ),
            SectionBlock(text=offer_summary(offer, zone)),
            SectionBlock(text=offer_details(offer)),
            ActionsBlock(elements=buttons),
        ],
    )


def visitor_coming(visit: Visit, zone: str) -> Message:
    offer = visit.offer
    return compose(
        f"{visit.visitor.name} is coming to your class on {day_label(offer.starts_at, zone)}",
        [
            SectionBlock(
                text=f":wave: {mention(visit.visitor.slack_user_id)} is coming to visit your class."
            ),
            SectionBlock(text=offer_summary(offer, zone)),
            context(seats_line(offer)),
            ActionsBlock(elements=[cancel_visit_button(visit, "Cancel this visit")]),
        ],
    )


def visit_pending(visit: Visit, zone: str) -> Message:
    offer = visit.offer
    return compose(
        f"I've asked {offer.host.name} if you can visit",
        [
            SectionBlock(
                text=f":hourglass: I've asked {mention(offer.host.slack_user_id)} if you can visit. "
                "You'll hear back here; your seat is held meanwhile."
            ),
            SectionBlock(text=offer_summary(offer, zone)),
            ActionsBlock(elements=[cancel_visit_button(visit, "Withdraw")]),
        ],
    )


def visit_declined(visit: Visit, zone: str) -> Message:
    offer = visit.offer
    return compose(
        f"{offer.host.name} can't take a visitor this time",
        [
            SectionBlock(
                text=f"{mention(offer.host.slack_user_id)} can't take a visitor on "
                f"{day_label(offer.starts_at, zone)} this time. "
                "`/visit list` shows other open doors, and `/visit request` asks colleagues."
            )
        ],
    )


def visit_cancelled(visit: Visit, zone: str) -> Message:
    offer = visit.offer
    slot = when(offer, zone)
    if visit.cancelled_by_id is None:
        text = f":calendar: The visit on {slot} is off."
    elif visit.cancelled_by_id == offer.host_id:
        text = f":calendar: {mention(offer.host.slack_user_id)} cancelled your visit on {slot}."
    else:
        text = f":calendar: {mention(visit.visitor.slack_user_id)} cancelled their visit to your class on {slot}."
    return compose(
        f"Visit cancelled: {day_label(offer.starts_at, zone)}",
        [SectionBlock(text=text), context(quoted(visit.cancel_reason, 300) or "No reason given.")],
    )


def hosting_proposed(offer: Offer, zone: str) -> Message:
    return compose(
        f"{offer.host.name} can host you on {day_label(offer.starts_at, zone)}",
        [
            SectionBlock(text=f":raised_hands: {mention(offer.host.slack_user_id)} can host you!"),
            SectionBlock(
                text=offer_summary(offer, zone)
                + (f"\n> {quoted(offer.details, 800)}" if offer.details else "")
            ),
            ActionsBlock(
                elements=[
                    ButtonElement(
                        text="Confirm",
                        action_id=ids.CONFIRM_TIME,
                        value=str(offer.id),
                        style="primary",
                    ),
                    ButtonElement(text="Decline", action_id=ids.DECLINE_TIME, value=str(offer.id)),
                ]
            ),
        ],
    )


def hosting_not_needed(offer: Offer, zone: str) -> Message:
    assert offer.request is not None
    visitor = mention(offer.request.visitor.slack_user_id)
    text = (
        f"Thank you for offering to host {visitor} on {day_label(offer.starts_at, zone)}. "
        "They've settled on another time or withdrawn the request, so your slot is free again."
    )
    return compose(text, [SectionBlock(text=text)])


def hosting_withdrawn(offer: Offer, zone: str) -> Message:
    host = mention(offer.host.slack_user_id)
    text = (
        f"{host} can no longer host you on {day_label(offer.starts_at, zone)}, so that time is off. "
        "Your request stays open for other colleagues."
    )
    return compose(text, [SectionBlock(text=text)])


def hosting_declined(offer: Offer, zone: str) -> Message:
    assert offer.request is not None
    visitor = mention(offer.request.visitor.slack_user_id)
    text = (
        f"{visitor} can't make {day_label(offer.starts_at, zone)}. "
        "Thank you for offering! Feel free to offer another time on the request."
    )
    return compose(text, [SectionBlock(text=text)])
