"""What people see when setup closes a day they have a door or a visit on, and what they chose."""

from __future__ import annotations

from slack_sdk.models.blocks import ActionsBlock, ButtonElement, ConfirmObject, SectionBlock

from bot.domain.closed_days import NewlyClosed
from bot.models import Offer, Visit
from bot.views import ids
from bot.views.messages import Message, compose
from bot.views.text import counted, day_label, mention, offer_summary, plural
from bot.vocabulary import ACTIVE_VISIT_STATUSES

MAX_DAYS_SHOWN = 5
UNANSWERED = (
    "If you don't answer, nothing is cancelled: it stays as booked and reminders come as usual."
)


def _buttons(cancel_id: str, keep_id: str, value: int, confirm: str) -> ActionsBlock:
    return ActionsBlock(
        elements=[
            ButtonElement(
                text="Cancel", action_id=cancel_id, value=str(value), style="danger",
                confirm=ConfirmObject(title="Cancel it?", text=confirm, confirm="Cancel it",
                                      deny="Go back"),
            ),
            ButtonElement(text="Keep it", action_id=keep_id, value=str(value)),
        ]
    )  # fmt: skip


def closed_day_host(offer: Offer, zone: str) -> Message:
    day = day_label(offer.starts_at, zone)
    coming = [v.visitor for v in offer.visits if v.status in ACTIVE_VISIT_STATUSES]
    who = ", ".join(mention(member.slack_user_id) for member in coming[:20])
    booked = f" {who} booked a seat." if coming else " Nobody has booked it yet."
    text = (
        f":calendar: {day} is now closed to visits at your school, and you have an open door "
        f"that day.{booked} Nobody new can book it. Would you like to cancel it, or keep it?"
    )
    return compose(
        f"{day} is now closed to visits: cancel your open door or keep it?",
        [
            SectionBlock(text=text),
            SectionBlock(text=offer_summary(offer, zone)),
            SectionBlock(text=UNANSWERED),
            _buttons(
                ids.CLOSED_DAY_CANCEL_DOOR, ids.CLOSED_DAY_KEEP_DOOR, offer.id,
                "I'll cancel your open door and tell everyone who booked.",
            ),
        ],
    )  # fmt: skip


def closed_day_visitor(visit: Visit, zone: str) -> Message:
    offer = visit.offer
    day = day_label(offer.starts_at, zone)
    host = mention(offer.host.slack_user_id)
    text = (
        f":calendar: {day} is now closed to visits at your school, and you're visiting {host} "
        f"that day. Would you like to cancel your visit, or keep it? {host} is asked too."
    )
    return compose(
        f"{day} is now closed to visits: cancel your visit or keep it?",
        [
            SectionBlock(text=text),
            SectionBlock(text=offer_summary(offer, zone)),
            SectionBlock(text=UNANSWERED),
            _buttons(
                ids.CLOSED_DAY_CANCEL_VISIT, ids.CLOSED_DAY_KEEP_VISIT, visit.id,
                f"I'll cancel your visit and tell {host}.",
            ),
        ],
    )  # fmt: skip


def host_answered(offer: Offer, zone: str, cancelled: bool) -> Message:
    day = day_label(offer.starts_at, zone)
    text = (
        f"Your open door on {day} is cancelled. I've told everyone who booked."
        if cancelled
        else f"You're keeping your open door on {day}. Visitors who booked still come and "
        "reminders come as usual; nobody new can book it."
    )
    return compose(text, [SectionBlock(text=text)])


def visitor_answered(visit: Visit, zone: str, cancelled: bool) -> Message:
    day = day_label(visit.offer.starts_at, zone)
    host = mention(visit.offer.host.slack_user_id)
    text = (
        f"Your visit on {day} is cancelled. I've told {host}."
        if cancelled
        else f"You're keeping your visit to {host} on {day}. Reminders come as usual."
    )
    return compose(text, [SectionBlock(text=text)])


def setup_saved(news: NewlyClosed) -> str:
    """For the admin who just closed days that already had open doors, team visits or rounds."""
    said = ["Saved."]
    if news.doors:
        seats = f" with {counted(news.visits, 'visit')} booked" if news.visits else ""
        days = ", ".join(f"{day:%a %b} {day.day}" for day in news.days[:MAX_DAYS_SHOWN])
        if len(news.days) > MAX_DAYS_SHOWN:
            days += f" and {len(news.days) - MAX_DAYS_SHOWN} more"
        said.append(
            f"{counted(news.doors, 'open door')}{seats} {plural(news.doors, 'falls', 'fall')} "
            f"on the days you just closed ({days}). I've asked each host and visitor whether to "
            "cancel or keep theirs; nothing is cancelled unless they choose to."
        )
    if news.group_visits:
        said.append(
            f"{counted(news.group_visits, 'team visit or coaching round')} "
            f"{plural(news.group_visits, 'falls', 'fall')} on a day you just closed; I've told "
            f"{plural(news.group_visits, 'its planner', 'their planners')}, who can keep it or "
            "call it off."
        )
    return " ".join(said)
