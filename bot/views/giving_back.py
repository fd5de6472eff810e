"""The once-a-term ask to open one's door, to a teacher who visits and has never hosted."""

from __future__ import annotations

from slack_sdk.models.blocks import ActionsBlock, ButtonElement, SectionBlock

from bot.views import ids
from bot.views.messages import Message, compose, context
from bot.views.text import clip, counted, escape


def offer_example(practices: list[str]) -> str:
    """A line `/visit offer` reads as it stands: a day, a time and the practice they saw most."""
    seen = f" {practices[0].lower()}" if practices else ""
    return f"/visit offer tomorrow 10:15{seen}"


def ask(visits: int, practices: list[str]) -> Message:
    seen = ", ".join(escape(practice) for practice in practices)
    went = f" to see {seen}" if seen else ""
    text = (
        f":seedling: You've been into {counted(visits, 'colleague’s classroom', 'colleagues’ classrooms')}"
        f"{went}. Thank you for learning out loud. Your door could be the next one a colleague "
        "learns from: open it for one lesson, with as many seats as you like. One line does it:\n"
        f"`{clip(offer_example(practices), 200)}`"
    )
    return compose(
        "Your door could be the next one",
        [
            SectionBlock(text=clip(text, 3000)),
            ActionsBlock(
                elements=[
                    ButtonElement(text="Open my door", action_id=ids.OPEN_OFFER, style="primary")
                ]
            ),
            context("Once a term at most. `/visit nudges off` stops every nudge."),
        ],
    )
