"""A message as the bot sends it, and the pieces that channel cards and DMs share.

A Message is fallback text plus blocks already turned into JSON: `compose` does that, so each
block is checked against Slack's limits when the message is built, not when Slack refuses it.
The channel's cards and thread asks are in `cards`; the DMs about a booking in `booking_dms`."""

from __future__ import annotations

from dataclasses import dataclass, field

from slack_sdk.models.blocks import (
    Block,
    ButtonElement,
    ConfirmObject,
    ContextBlock,
    MarkdownTextObject,
)

from bot.models import Visit
from bot.views import ids
from bot.views.text import clip
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
