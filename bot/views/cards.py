"""What the bot posts in the visits channel: open door and request cards, the asks in their
threads, a door shared again and the bot's hello.

Cards are updated in place as seats fill and requests are answered, so each shows only the
buttons that still apply."""

from __future__ import annotations

from datetime import datetime

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    SectionBlock,
)

from bot.domain.form_input import web_link
from bot.models import Offer, Request, Visit
from bot.views import ids
from bot.views.messages import Message, compose, context
from bot.views.text import (
    clip,
    counted,
    day_label,
    mention,
    offer_details,
    offer_summary,
    plural,
    quoted,
    seats_line,
    what,
)
from bot.vocabulary import OfferStatus, RequestStatus, VisitStatus


def offer_card(offer: Offer, zone: str, now: datetime, closed_day: bool = False) -> Message:
    """`closed_day`: the school closed the door's day after it was posted; no new visitors."""
    status = seats_line(offer) + (
        " · Host approves each visitor" if offer.approval_required else ""
    )
    if closed_day and offer.status == OfferStatus.OPEN:
        status = ":no_entry_sign: *No new visitors:* the school closed this day to visits"
    blocks: list[Block] = [
        SectionBlock(text=f":door: *Open door* · {offer_summary(offer, zone)}"),
        SectionBlock(text=offer_details(offer)),
        context(status),
    ]
    buttons: list[ButtonElement] = []
    bookable = offer.status == OfferStatus.OPEN and offer.seats_left > 0 and not closed_day
    if bookable and offer.starts_at > now:
        buttons.append(
            ButtonElement(
                text="Ask to visit", action_id=ids.BOOK, value=str(offer.id), style="primary"
            )
        )
    video = web_link(offer.video_url)  # an old row's javascript: link is never a button
    if video:
        buttons.append(ButtonElement(text="Watch the video", action_id=ids.VIDEO_LINK, url=video))
    if buttons:
        blocks.append(ActionsBlock(elements=buttons))
    return compose(f"Open door: {offer.host.name}, {day_label(offer.starts_at, zone)}", blocks)


def request_text(request: Request) -> str:
    lines = [
        f":raising_hand: {mention(request.visitor.slack_user_id)} *would like to see* "
        f"{quoted(', '.join(request.practices)) or 'a practice'}"
    ]
    facts = []
    if request.grades:
        facts.append(f"{plural(len(request.grades), 'Grade')} {', '.join(request.grades)}")
    if request.subjects:
        facts.append(quoted(", ".join(request.subjects)))
    facts.append(
        f"{request.window_start:%b} {request.window_start.day}–{request.window_end:%b} {request.window_end.day}"
    )
    facts.append(
        "any school"
        if request.any_school
        else (quoted(request.school.name) if request.school else "")
    )
    lines.append(" · ".join(fact for fact in facts if fact))
    if request.notes:
        lines.append(f"> {quoted(request.notes, 800)}")
    return clip("\n".join(lines), 3000)


def request_card(request: Request, proposals: list[Offer], zone: str) -> Message:
    blocks: list[Block] = [SectionBlock(text=request_text(request))]
    matched = next(
        (
            offer
            for offer in proposals
            if offer.seats_taken > 0 and offer.status == OfferStatus.OPEN
        ),
        None,
    )
    if request.status == RequestStatus.MATCHED and matched is not None:
        blocks.append(
            context(
                f":white_check_mark: Matched with {mention(matched.host.slack_user_id)} "
                f"for {day_label(matched.starts_at, zone)}. Thank you!"
            )
        )
    elif request.status == RequestStatus.WITHDRAWN:
        blocks.append(context("Withdrawn by the visitor."))
    else:
        offered = [offer for offer in proposals if offer.status == OfferStatus.OPEN]
        note = (
            f"{counted(len(offered), 'colleague')} offered a time."
            if offered
            else "Do you teach this? Offer a time that suits you."
        )
        blocks.append(context(note))
        blocks.append(
            ActionsBlock(
                elements=[
                    ButtonElement(
                        text="I can host",
                        action_id=ids.CAN_HOST,
                        value=str(request.id),
                        style="primary",
                    )
                ]
            )
        )
    return compose(
        f"{request.visitor.name} would like to see {', '.join(request.practices) or 'a practice'}",
        blocks,
    )


def approval_ask(visit: Visit, zone: str) -> Message:
    offer = visit.offer
    return compose(
        f"{visit.visitor.name} asks to visit",
        [
            SectionBlock(
                text=f"{mention(visit.visitor.slack_user_id)} asks to visit on "
                f"{day_label(offer.starts_at, zone)}. {mention(offer.host.slack_user_id)}, can they come?"
            ),
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


def approval_answered(visit: Visit) -> Message:
    """The ask, answered: a welcome names both; any other end names nobody, because the thread
    is public and nobody should read there that a colleague was turned away."""
    if visit.status == VisitStatus.CONFIRMED:
        host = mention(visit.offer.host.slack_user_id)
        text = f":white_check_mark: {host} welcomed {mention(visit.visitor.slack_user_id)}."
    else:
        text = "This ask is closed."
    return compose(text, [SectionBlock(text=text)])


def door_shared(offer: Offer, zone: str) -> Message:
    text = (
        f":chair: Seats are still open in {mention(offer.host.slack_user_id)}'s class on "
        f"{day_label(offer.starts_at, zone)}: {what(offer)}. Come and see!"
    )
    button = ButtonElement(
        text="Ask to visit", action_id=ids.BOOK, value=str(offer.id), style="primary"
    )
    return compose(text, [SectionBlock(text=text), ActionsBlock(elements=[button])])


def channel_hello(channel_note: str) -> Message:
    text = (
        ":wave: Hello! I'm *Open Door*. Teachers learn most by watching each other teach, "
        "so I help you open your classroom and visit colleagues'.\n"
        "• `/visit offer` opens your door for a class colleagues can drop into\n"
        "• `/visit request` asks to see a practice; I'll suggest open doors or ask here\n"
        "• `/visit list` shows what's open, `/visit mine` your visits\n"
        f"Visits are for growth, never evaluation. {channel_note}"
    )
    return compose("Hello! I'm Open Door.", [SectionBlock(text=text)])
