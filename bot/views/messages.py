"""Messages the bot posts: channel cards, thread asks and direct messages, one function each."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ConfirmObject,
    ContextBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.models import Offer, Request, Visit
from bot.views import ids
from bot.views.text import (
    calendar_url,
    clip,
    day_label,
    mention,
    offer_details,
    offer_summary,
    quoted,
    seats_line,
    what,
    when,
)
from bot.vocabulary import OfferStatus, RequestStatus, VisitStatus


@dataclass
class Message:
    text: str
    blocks: list[dict] = field(default_factory=list)


def compose(text: str, blocks: list[Block]) -> Message:
    """slack-sdk validates each block against Slack's limits as it turns it into JSON."""
    return Message(text=clip(text, 3000), blocks=[block.to_dict() for block in blocks])


def _context(text: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=clip(text, 3000))])


def cancel_visit_button(visit: Visit, label: str = "Can't make it") -> ButtonElement:
    return ButtonElement(
        text=label,
        action_id=ids.CANCEL_VISIT,
        value=str(visit.id),
        style="danger",
        confirm=ConfirmObject(
            title="Cancel this visit?",
            text="I'll free the seat and let the other person know.",
            confirm="Cancel visit",
            deny="Keep it",
        ),
    )


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
        _context(status),
    ]
    buttons: list[ButtonElement] = []
    bookable = offer.status == OfferStatus.OPEN and offer.seats_left > 0 and not closed_day
    if bookable and offer.starts_at > now:
        buttons.append(
            ButtonElement(
                text="Ask to visit", action_id=ids.BOOK, value=str(offer.id), style="primary"
            )
        )
    if offer.video_url:
        buttons.append(
            ButtonElement(text="Watch the video", action_id=ids.VIDEO_LINK, url=offer.video_url)
        )
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
        facts.append(f"Grades {', '.join(request.grades)}")
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
            _context(
                f":white_check_mark: Matched with {mention(matched.host.slack_user_id)} "
                f"for {day_label(matched.starts_at, zone)}. Thank you!"
            )
        )
    elif request.status == RequestStatus.WITHDRAWN:
        blocks.append(_context("Withdrawn by the visitor."))
    else:
        offered = [offer for offer in proposals if offer.status == OfferStatus.OPEN]
        note = (
            f"{len(offered)} colleague{'s' if len(offered) != 1 else ''} offered a time."
            if offered
            else "Do you teach this? Offer a time that suits you."
        )
        blocks.append(_context(note))
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
    host, visitor = mention(visit.offer.host.slack_user_id), mention(visit.visitor.slack_user_id)
    if visit.status == VisitStatus.CONFIRMED:
        text = f":white_check_mark: {host} welcomed {visitor}."
    else:
        text = f"{host} couldn't take {visitor} this time."
    return compose(text, [SectionBlock(text=text)])


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
            _context(seats_line(offer)),
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
        [SectionBlock(text=text), _context(quoted(visit.cancel_reason, 300) or "No reason given.")],
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
