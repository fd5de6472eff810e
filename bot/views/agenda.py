"""Lists people browse: `/visit mine`, `/visit list`, the App Home tab and matches."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TypeVar

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ConfirmObject,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.domain.agenda import Agenda, GroupPart
from bot.domain.cover import COVERED, REFUSED, cover_status
from bot.models import Member, Offer, Request, Visit
from bot.views import ids
from bot.views.cards import request_text
from bot.views.messages import Message, cancel_visit_button, compose
from bot.views.modals import modal
from bot.views.team_visits import STOP_MARK, morning, noun, stop_answer_buttons, stop_line
from bot.views.text import clip, door_marks, mention, offer_summary, seats_line
from bot.vocabulary import (
    ACTIVE_VISIT_STATUSES,
    OFFERED_TIME,
    ROUTE_STOP_STATUSES,
    GroupVisitKind,
    StopStatus,
    VisitStatus,
)

T = TypeVar("T")
MAX_PER_LIST = 8
MAX_LISTED = 10


def _confirm(title: str, text: str, yes: str) -> ConfirmObject:
    return ConfirmObject(title=title, text=text, confirm=yes, deny="Keep it")


def _more(count: int) -> list[Block]:
    if count <= MAX_PER_LIST:
        return []
    return [ContextBlock(elements=[MarkdownTextObject(text=f"…and {count - MAX_PER_LIST} more.")])]


def _listed(title: str, rows: Sequence[T], row: Callable[[T], list[Block]]) -> list[Block]:
    """One Home/`mine` section: a header, the first rows, and how many more there are."""
    if not rows:
        return []
    blocks: list[Block] = [HeaderBlock(text=title)]
    for item in rows[:MAX_PER_LIST]:
        blocks += row(item)
    return blocks + _more(len(rows))


def _proposal(offer: Offer, zone: str) -> list[Block]:
    confirm = ButtonElement(
        text="Confirm", action_id=ids.CONFIRM_TIME, value=str(offer.id), style="primary"
    )
    decline = ButtonElement(text="Decline", action_id=ids.DECLINE_TIME, value=str(offer.id))
    return [
        SectionBlock(text=offer_summary(offer, zone)),
        ActionsBlock(elements=[confirm, decline]),
    ]


COVER_WORDS = {
    "asked": ":hourglass: Cover for your class: asked of the coverage coordinator",
    COVERED: ":white_check_mark: Cover for your class is arranged",
    REFUSED: ":warning: Cover for your class can't be arranged: keep the visit only if you "
    "can arrange it",
}
HOST_COVER_WORDS = {
    "asked": "cover for their class asked",
    COVERED: "their class is covered",
    REFUSED: "cover for their class can't be arranged",
}


def _visiting(visit: Visit, zone: str) -> list[Block]:
    waiting = (
        ""
        if visit.status == VisitStatus.CONFIRMED
        else "\n:hourglass: Waiting for the host to accept"
    )
    cover = cover_status(visit, zone)
    if cover:
        waiting += f"\n{COVER_WORDS[cover]}"
    return [
        SectionBlock(
            text=clip(offer_summary(visit.offer, zone) + waiting, 3000),
            accessory=cancel_visit_button(visit, "Cancel"),
        )
    ]


def _hosting(offer: Offer, zone: str) -> list[Block]:
    visitors = [visit for visit in offer.visits if visit.status in ACTIVE_VISIT_STATUSES]
    who = (
        ", ".join(mention(visit.visitor.slack_user_id) for visit in visitors[:10])
        or "no visitors yet"
    )
    cancel = ButtonElement(
        text="Cancel",
        action_id=ids.CANCEL_OFFER,
        value=str(offer.id),
        style="danger",
        confirm=_confirm(
            "Cancel this open door?",
            "Every visitor will be told, and the card will say it's cancelled.",
            "Cancel it",
        ),
    )
    covers = [
        f"{mention(visit.visitor.slack_user_id)}: {HOST_COVER_WORDS[status]}"
        for visit in visitors[:10]
        if (status := cover_status(visit, zone))
    ]
    cover_lines = "".join(f"\n{line}" for line in covers)
    text = clip(f"{offer_summary(offer, zone)}\n{seats_line(offer)} · {who}{cover_lines}", 3000)
    return [SectionBlock(text=text, accessory=cancel)]


def _offered(offer: Offer, zone: str) -> list[Block]:
    visitor = mention(offer.request.visitor.slack_user_id) if offer.request else "a colleague"
    withdraw = ButtonElement(
        text="Withdraw",
        action_id=ids.CANCEL_OFFER,
        value=f"{offer.id}:{OFFERED_TIME}",
        confirm=_confirm("Withdraw this time?", "I'll let them know.", "Withdraw"),
    )
    text = clip(f"{offer_summary(offer, zone)}\nOffered to {visitor}; waiting for them.", 3000)
    return [SectionBlock(text=text, accessory=withdraw)]


def _group(part: GroupPart, zone: str) -> list[Block]:
    """A team visit or round in brief: the person's part in it and how far its hosts have
    answered. The whole route stays in the itinerary DM; here is only what is theirs to do."""
    visit = part.visit
    on_route = [stop for stop in visit.stops if stop.status in ROUTE_STOP_STATUSES]
    confirmed = sum(stop.status == StopStatus.CONFIRMED for stop in on_route)
    lines = [f"*{noun(visit).capitalize()}*, {morning(visit)}"]
    if part.stop is not None:
        mark = STOP_MARK[StopStatus(part.stop.status)]
        lines.append(f"You host stop {stop_line(part.stop, zone)} — {mark}")
    if part.on_it:
        lines.append(
            "You take part." if visit.kind == GroupVisitKind.ROUND else "You're on the team."
        )
    if part.planned:
        lines.append("You planned it; its itinerary DM has *Call it off*.")
    lines.append(f"{confirmed} of {len(on_route)} stops confirmed")
    blocks: list[Block] = [SectionBlock(text=clip("\n".join(lines), 3000))]
    if part.stop is not None and part.stop.status == StopStatus.ASKED:
        blocks.append(stop_answer_buttons(part.stop))
    return blocks


def _requested(request: Request) -> list[Block]:
    posted = "Posted in the visits channel." if request.channel_id else "Not posted in the channel."
    withdraw = ButtonElement(
        text="Withdraw",
        action_id=ids.WITHDRAW_REQUEST,
        value=str(request.id),
        confirm=_confirm(
            "Withdraw this request?", "Hosts who offered a time will be told.", "Withdraw"
        ),
    )
    return [
        SectionBlock(text=clip(f"{request_text(request)}\n_{posted}_", 3000), accessory=withdraw)
    ]


def agenda_blocks(agenda: Agenda, member: Member, zone: str) -> list[Block]:
    """What a member has coming, section by section, each with only the buttons that apply."""
    blocks = [
        *_listed("Times offered to you", agenda.proposals, lambda offer: _proposal(offer, zone)),
        *_listed("Visits I'm making", agenda.visiting, lambda visit: _visiting(visit, zone)),
        *_listed("Team visits and coaching rounds", agenda.group_visits, lambda p: _group(p, zone)),
        *_listed("My open doors", agenda.hosting, lambda offer: _hosting(offer, zone)),
        *_listed("Times I offered to host", agenda.offered, lambda offer: _offered(offer, zone)),
        *_listed("My requests", agenda.requests, _requested),
    ]
    if agenda.empty:
        blocks.append(
            SectionBlock(
                text="Nothing coming up yet. `/visit list` shows open doors; "
                "`/visit offer` opens yours."
            )
        )
    return blocks


def mine_message(agenda: Agenda, member: Member, zone: str) -> Message:
    return compose("Your visits, open doors and requests", agenda_blocks(agenda, member, zone))


def offer_list_blocks(offers: list[Offer], viewer: Member, zone: str, now: datetime) -> list[Block]:
    blocks: list[Block] = []
    for offer in offers:
        accessory = None
        if offer.host_id != viewer.id and offer.seats_left > 0 and offer.starts_at > now:
            accessory = ButtonElement(text="Ask to visit", action_id=ids.BOOK, value=str(offer.id))
        blocks.append(
            SectionBlock(
                text=clip(f"{offer_summary(offer, zone)}\n{seats_line(offer)}", 3000),
                accessory=accessory,
            )
        )
    return blocks


def list_message(
    offers: list[Offer], viewer: Member, words: str, zone: str, now: datetime
) -> Message:
    if not offers:
        about = f" matching “{clip(words, 60)}”" if words else ""
        return compose(
            "No open doors",
            [
                SectionBlock(
                    text=f"No upcoming open doors{about}. `/visit request` asks colleagues to host you."
                )
            ],
        )
    title = f"Open doors matching “{clip(words, 60)}”" if words else "Upcoming open doors"
    blocks = [
        HeaderBlock(text=clip(title, 150)),
        *offer_list_blocks(offers[:MAX_LISTED], viewer, zone, now),
    ]
    if len(offers) > MAX_LISTED:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(
            text="There are more. Add words to narrow the list, like `/visit list grade 6 math`.")]))  # fmt: skip
    return compose(title, blocks)


def home_view(agenda: Agenda, member: Member, week: list[Offer], zone: str, now: datetime) -> dict:
    blocks: list[Block] = [
        HeaderBlock(text="Open Door"),
        ActionsBlock(
            elements=[
                ButtonElement(text="Open my door", action_id=ids.OPEN_OFFER, style="primary"),
                ButtonElement(text="Ask for a visit", action_id=ids.OPEN_REQUEST),
                ButtonElement(text="My profile", action_id=ids.OPEN_PROFILE),
            ]
        ),
        DividerBlock(),
        *agenda_blocks(agenda, member, zone),
        DividerBlock(),
        HeaderBlock(text="Open doors this week"),
        *(offer_list_blocks(week, member, zone, now) or [SectionBlock(text="None yet this week.")]),
    ]
    view = View(type="home", blocks=blocks[:100])
    return view.to_dict()


def matches_modal(
    request: Request,
    offers: list[Offer],
    viewer: Member,
    zone: str,
    now: datetime,
    booked: set[int],
    seen_hosts: set[int] | frozenset[int] = frozenset(),
) -> dict:
    """The doors that fit, each with Book; a host the visitor hasn't visited this term is marked
    "new to you" (`seen_hosts` are those they have)."""
    if offers:
        intro = "Here are the open doors that fit best. Book one, or ask colleagues in the channel."
    else:
        intro = "No open door fits yet, so I've asked colleagues in the visits channel. I'll DM you when someone offers."
    blocks: list[Block] = [SectionBlock(text=intro)]
    for offer in offers:
        if offer.id in booked:
            accessory = None
            status = "\n:white_check_mark: *Booked.* Details are in your DMs."
        else:
            accessory = (
                ButtonElement(text="Book", action_id=ids.BOOK, value=str(offer.id), style="primary")
                if offer.seats_left > 0 and offer.starts_at > now
                else None
            )
            status = "" if accessory else "\n:lock: Full"
        if offer.host_id != viewer.id:
            status += door_marks(offer, viewer, zone, seen_hosts)
        blocks.append(
            SectionBlock(text=clip(offer_summary(offer, zone) + status, 3000), accessory=accessory)
        )
    if request.channel_id:
        if offers:
            blocks.append(
                ContextBlock(elements=[MarkdownTextObject(text="Posted in the visits channel.")])
            )
    else:
        blocks.append(
            ActionsBlock(
                elements=[
                    ButtonElement(
                        text="Ask the channel instead",
                        action_id=ids.ASK_CHANNEL,
                        value=str(request.id),
                    )
                ]
            )
        )
    metadata = {"request_id": request.id, "offer_ids": [offer.id for offer in offers]}
    return modal(
        ids.MATCHES_MODAL,
        "Open doors for you",
        blocks,
        submit=None,
        metadata=metadata,
        close="Done",
    )


def not_set_up_home(text: str) -> dict:
    view = View(
        type="home", blocks=[HeaderBlock(text="Open Door"), SectionBlock(text=clip(text, 3000))]
    )
    return view.to_dict()
