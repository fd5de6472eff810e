"""The reflection modals: a visitor's (private unless shared) and a host's note to visitors.

Descriptive, not judgmental: the hints say so, and a nudge appears if judging words slip in."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    Block,
    ButtonElement,
    CheckboxesElement,
    ContextBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    SectionBlock,
)

from bot.models import Offer, Reflection, Visit
from bot.views import ids
from bot.views.modals import modal, text_field
from bot.views.text import clip, day_label, door_marks, mention, offer_summary, quoted

SHARE_LABELS = {
    "warm": "Share what I noticed and what I'll try with the host (warm notes)",
    "lookfors": "Share my reflection with the host (they asked for notes)",
}
# (field, label, hint, optional): each field is a Reflection column and the modal's block_id.
FIELDS = [
    (
        "noticed",
        "What I noticed",
        "Describe, don't judge: “I saw…”, “I heard students say…”, not “I liked…”.",
        False,
    ),
    ("wondered", "What I wondered", "A question the visit raised for you.", True),
    ("will_try", "What I'll try, and when", "“Exit tickets in period 2 next week.”", True),
    ("question", "A question for the host", None, True),
    ("thanks", "A thank-you note for the host", "This always reaches the host.", True),
]
MAX_TEXT = 2000


def _context(text: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=clip(text, 3000))])


def _text_input(
    field: str, label: str, initial: str | None, hint: str | None = None, optional: bool = True
) -> InputBlock:
    element = PlainTextInputElement(
        action_id=field, multiline=True, max_length=MAX_TEXT, initial_value=initial or None
    )
    return InputBlock(block_id=field, label=label, element=element, optional=optional, hint=hint)


def _sharing(offer: Offer, shared: bool) -> Block:
    """The share box, worded by what the host asked for; no box when they asked for none."""
    if offer.feedback not in SHARE_LABELS:
        return _context(
            "The host asked for no feedback this time, so only your thank-you reaches them."
        )
    option = Option(value="share", text=SHARE_LABELS[offer.feedback])
    return InputBlock(
        block_id="share",
        label="Sharing",
        optional=True,
        element=CheckboxesElement(
            action_id="share", options=[option], initial_options=[option] if shared else None
        ),
    )


def reflection_modal(
    visit: Visit,
    reflection: Reflection | None,
    zone: str,
    hint: str | None = None,
    typed: dict[str, str] | None = None,
    share: bool | None = None,
) -> dict:
    """`typed` and `share` carry what the person wrote when the modal is shown again with a hint,
    so nothing they typed is lost."""
    saved = {field: getattr(reflection, field) for field, *_ in FIELDS} if reflection else {}
    values = typed or saved
    offer = visit.offer
    blocks: list[Block] = [
        _context(
            f"Your visit to {mention(offer.host.slack_user_id)}, {day_label(offer.starts_at, zone)}. "
            "Private to you unless you share it."
        )
    ]
    if hint:
        blocks.append(SectionBlock(text=f":bulb: {hint}"))
    if offer.feedback == "lookfors" and offer.look_fors:
        blocks.append(_context(f"*The host's look-fors:* {quoted(offer.look_fors, 600)}"))
    blocks += [
        _text_input(field, label, values.get(field), help_text, optional)
        for field, label, help_text, optional in FIELDS
    ]
    shared = reflection.shared if share is None and reflection else bool(share)
    blocks.append(_sharing(offer, shared))
    metadata = {"visit_id": visit.id, "hinted": bool(hint)}
    return modal(
        ids.REFLECTION_MODAL, "Reflect on a visit", blocks, metadata=metadata, close="Later"
    )


def host_reflection_modal(offer: Offer, reflection: Reflection | None, zone: str) -> dict:
    option = Option(value="send", text="Send my note to the visitors who came")
    blocks: list[Block] = [
        _context(
            f"Your open door, {day_label(offer.starts_at, zone)}. Private unless you send the note."
        ),
        _text_input(
            "hoped", "What I hoped visitors would see", reflection.hoped if reflection else None
        ),
        _text_input("note", "Anything to add for them", reflection.thanks if reflection else None),
        InputBlock(
            block_id="send",
            label="Visitors",
            optional=True,
            element=CheckboxesElement(action_id="send", options=[option]),
        ),
    ]
    return modal(
        ids.HOST_REFLECTION_MODAL,
        "Your open door",
        blocks,
        metadata={"offer_id": offer.id},
        close="Later",
    )


def help_modal(visit: Visit, zone: str) -> dict:
    """Need help: a line on what got in the way, for the host, and a box to tell the coach."""
    offer = visit.offer
    option = Option(value="coach", text="Tell my coach too")
    blocks: list[Block] = [
        _context(
            f"Your visit to {mention(offer.host.slack_user_id)}, {day_label(offer.starts_at, zone)}. "
            "This goes to the host, and to your coach only if you tick the box."
        ),
        text_field(
            "got_in_the_way",
            "What got in the way?",
            multiline=True,
            max_length=1000,
            optional=False,
            placeholder="“Groups finish at different times.”",
        ),
        InputBlock(
            block_id="coach",
            label="Your coach",
            optional=True,
            element=CheckboxesElement(action_id="coach", options=[option]),
        ),
    ]
    return modal(ids.HELP_MODAL, "Ask for a hand", blocks, submit="Send",
                 metadata={"visit_id": visit.id})  # fmt: skip


def help_sent_modal(
    visit: Visit, doors: list[Offer], zone: str, coach_told: bool, seen: set[int]
) -> dict:
    """What happens next, and open doors showing the same practice: seeing it again, in the
    host's room or a colleague's, often helps."""
    host = mention(visit.offer.host.slack_user_id)
    who = f"{host} and your coach" if coach_told else host
    text = f"I've passed what got in the way to {who}."
    text += (
        " Seeing it again often helps:"
        if doors
        else " `/visit list` shows open doors whenever you'd like another look."
    )
    blocks: list[Block] = [SectionBlock(text=text)]
    for offer in doors:
        blocks.append(SectionBlock(
            text=clip(offer_summary(offer, zone) + door_marks(offer, visit.visitor, zone, seen), 3000),
            accessory=ButtonElement(text="Ask to visit", action_id=ids.BOOK, value=str(offer.id)),
        ))  # fmt: skip
    return modal("notice", "Open Door", blocks, submit=None, close="Close")
