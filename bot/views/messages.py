"""A message as the bot sends it, and the pieces that channel cards and DMs share.

A Message is fallback text plus blocks already turned into JSON: `compose` does that, so each
block is checked against Slack's limits when the message is built, not when Slack refuses it.
The channel's cards and thread asks are in `cards`; the DMs about a booking in `booking_dms`."""

from __future__ import annotations

from dataclasses import dataclass, field

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ConfirmObject,
    ContextBlock,
    MarkdownTextObject,
)

from bot.models import Visit
from bot.views import ids
from bot.views.text import clip, quoted
from bot.vocabulary import VisitStatus


@dataclass
class Message:
    text: str
    blocks: list[dict] = field(default_factory=list)


def compose(text: str, blocks: list[Block]) -> Message:
    """slack-sdk validates each block against Slack's limits as it turns it into JSON."""
    return Message(text=clip(text, 3000), blocks=[block.to_dict() for block in blocks])


def context(text: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=clip(text, 3000))])


def cancel_visit_button(
    visit: Visit, label: str = "Can't make it", shown: VisitStatus | None = None
) -> ButtonElement:
    """The value carries the status the visit had when the button was shown (`shown`, else its
    status now), so a late click on an old message never cancels what the visit has become."""
    return ButtonElement(
        text=label,
        action_id=ids.CANCEL_VISIT,
        value=f"{visit.id}:{shown or visit.status}",
        style="danger",
        confirm=ConfirmObject(
            title="Cancel this visit?",
            text="I'll free the seat and let the other person know.",
            confirm="Cancel visit",
            deny="Keep it",
        ),
    )


def while_still(visit: Visit, shown: VisitStatus, buttons: list[ButtonElement]) -> Block:
    """A message's buttons while its visit is still as the message shows it; once it has changed,
    a line saying what it is now instead, so the message never offers what no longer applies."""
    if visit.status == shown:
        return ActionsBlock(elements=buttons)
    return context(f"*Update:* {since(visit)}")


def since(visit: Visit) -> str:
    """What became of a visit, in words fit for either side (the cancel reason is written so)."""
    if visit.status == VisitStatus.CONFIRMED:
        return (
            ":white_check_mark: the host said yes, so this visit is confirmed. "
            "Its details are in a newer message."
        )
    if visit.status == VisitStatus.CANCELLED:
        reason = quoted(visit.cancel_reason, 300)
        return f":no_entry_sign: this visit was cancelled. {reason}".rstrip()
    if visit.status == VisitStatus.COMPLETED:
        return "this visit took place."
    if visit.status == VisitStatus.MISSED:
        return "this visit didn't happen."
    return "this visit is waiting for the host's answer."
