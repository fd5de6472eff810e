"""The DMs a booking sends its two sides: booked, coming, waiting, reminded, declined, lapsed or
called off, and a time offered for a request, taken up or not.

Each says what happened when it was owed, so the outbox sends it whatever came after. Those with
buttons on a visit also say what became of it since (`while_still`), instead of the buttons:
they are rendered again, by `dm_refresh`, whenever the visit changes."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    SectionBlock,
)

from bot.models import Offer, Visit
from bot.views import ids
from bot.views.messages import Message, cancel_visit_button, compose, context, while_still
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
from bot.vocabulary import VisitStatus


def visit_booked(visit: Visit, zone: str) -> Message:
    offer = visit.offer
    buttons = [
        ButtonElement(text="Add to calendar", action_id=ids.CALENDAR_LINK, url=calendar_url(offer)),
        cancel_visit_button(visit, shown=VisitStatus.CONFIRMED),
    ]
    return compose(
        f"You're visiting {offer.host.name} on {day_label(offer.starts_at, zone)}",
        [
            SectionBlock(
                text=f":tada: You're booked to visit {mention(offer.host.slack_user_id)}!"
            ),
            SectionBlock(text=offer_summary(offer, zone)),
            SectionBlock(text=offer_details(offer)),
            while_still(visit, VisitStatus.CONFIRMED, buttons),
        ],
    )


def visitor_coming(visit: Visit, zone: str) -> Message:
    """The seats line is the door's as it is now, so a visit called off shows the seat it freed."""
    offer = visit.offer
    coming = "is" if visit.status == VisitStatus.CONFIRMED else "was"
    cancel = cancel_visit_button(visit, "Cancel this visit", VisitStatus.CONFIRMED)
    return compose(
        f"{visit.visitor.name} is coming to your class on {day_label(offer.starts_at, zone)}",
        [
            SectionBlock(
                text=f":wave: {mention(visit.visitor.slack_user_id)} {coming} coming to visit "
                "your class."
            ),
            SectionBlock(text=offer_summary(offer, zone)),
            context(seats_line(offer)),
            while_still(visit, VisitStatus.CONFIRMED, [cancel]),
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
            while_still(
                visit,
                VisitStatus.PENDING,
                [cancel_visit_button(visit, "Withdraw", VisitStatus.PENDING)],
            ),
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


def approval_reminder(visit: Visit, zone: str, answer_by: datetime) -> Message:
    """The host's one reminder of an ask, with the answer buttons again and when it lapses."""
    offer = visit.offer
    visitor = mention(visit.visitor.slack_user_id)
    return compose(
        f"{visit.visitor.name} is still hoping to visit on {day_label(offer.starts_at, zone)}",
        [
            SectionBlock(
                text=f":hourglass: {visitor} is still hoping to visit your class. Can they come? "
                f"If I haven't heard by {_moment(answer_by, zone)}, I'll free the seat and "
                "let them know kindly."
            ),
            SectionBlock(text=offer_summary(offer, zone)),
            ActionsBlock(
                elements=[
                    ButtonElement(
                        text="Accept", action_id=ids.APPROVE, value=str(visit.id), style="primary"
                    ),
                    ButtonElement(text="Decline", action_id=ids.DECLINE, value=str(visit.id)),
                ]
            ),
        ],
    )


def visit_lapsed(visit: Visit, zone: str, doors: list[Offer]) -> Message:
    """The visitor of an ask nobody answered in time: the seat is freed, through no fault of
    theirs, and here are other open doors to ask instead."""
    offer = visit.offer
    text = (
        f"I didn't hear back from {mention(offer.host.slack_user_id)} in time for your visit on "
        f"{day_label(offer.starts_at, zone)}, so I've freed that seat. Busy weeks happen; "
        "it's nothing about you."
    )
    blocks: list[Block] = [SectionBlock(text=text)]
    if doors:
        blocks.append(SectionBlock(text="These open doors still have a seat:"))
    for door in doors:
        button = ButtonElement(text="Ask to visit", action_id=ids.BOOK, value=str(door.id))
        blocks.append(SectionBlock(text=offer_summary(door, zone), accessory=button))
    blocks.append(context("`/visit list` shows every open door; `/visit request` asks colleagues."))
    return compose(f"Your ask to visit {offer.host.name} lapsed", blocks)


def ask_lapsed(visit: Visit, zone: str) -> Message:
    offer = visit.offer
    text = (
        f"{mention(visit.visitor.slack_user_id)}'s ask to visit your class on "
        f"{day_label(offer.starts_at, zone)} wasn't answered in time, so I've freed the seat and "
        "suggested other open doors to them. Nothing to do. If you'd still like them to come, "
        "a DM to them is all it takes."
    )
    return compose("An ask to visit your class lapsed", [SectionBlock(text=text)])


def _moment(instant: datetime, zone: str) -> str:
    """A day and time, in each reader's own zone (the school's as the fallback)."""
    local = instant.astimezone(ZoneInfo(zone))
    fallback = f"{local:%a %b} {local.day}, {local:%H:%M}"
    return f"<!date^{int(instant.timestamp())}^{{date_short_pretty}} at {{time}}|{fallback}>"


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
