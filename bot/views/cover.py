"""The coverage coordinator's list for a day, the notice when it changes, and a visitor's word
that their cover was refused."""

from __future__ import annotations

from datetime import date

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement, SectionBlock

from bot.domain.cover import COVERED, REFUSED, CoverLine
from bot.models import School, Visit
from bot.views import ids
from bot.views.messages import Message, cancel_visit_button, compose, context
from bot.views.text import clip, counted, escape, mention, what, when
from bot.vocabulary import VisitStatus

# Two blocks a line (what and its buttons) inside a message's fifty.
MAX_LINES = 22
ANSWERED = {
    COVERED: ":white_check_mark: Covered",
    REFUSED: ":x: Can't be covered: the visitor has been told",
}


def _day(day: date) -> str:
    return f"{day:%A %b} {day.day}"


def cover_request(school: School, day: date, lines: list[CoverLine], zone: str) -> Message:
    """Period by period, who is out of their class visiting; each line answered in place."""
    title = f"Cover for {_day(day)} at {school.name}"
    if not lines:
        blocks: list[Block] = [
            SectionBlock(text=clip(f"*{escape(title)}*\nNo visit needs cover now.", 3000))
        ]
        return compose(title, blocks)
    blocks = [
        SectionBlock(
            text=clip(
                f"*{escape(title)}*\n{counted(len(lines), 'visit')} "
                f"{'takes' if len(lines) == 1 else 'take'} a teacher out of a class they teach. "
                "Mark each one as you arrange it:",
                3000,
            )
        )
    ]
    for line in lines[:MAX_LINES]:
        blocks += _line(line, zone)
    if len(lines) > MAX_LINES:
        blocks.append(context(f"…and {len(lines) - MAX_LINES} more visits that need cover."))
    blocks.append(
        context(
            "Visits are never cancelled from here: a visitor whose cover can't be arranged decides."
        )
    )
    return compose(title, blocks)


def _line(line: CoverLine, zone: str) -> list[Block]:
    visit = line.visit
    offer = visit.offer
    periods = ", ".join(escape(period) for period in line.periods)
    pending = " (waiting on the host)" if visit.status == VisitStatus.PENDING else ""
    text = (
        f"*{periods}*: {mention(visit.visitor.slack_user_id)}'s class\n"
        f"Out visiting {mention(offer.host.slack_user_id)}, {when(offer, zone)}{pending}"
    )
    answered = ANSWERED.get(visit.cover_status)
    if answered:
        text += f"\n{answered}"
    return [SectionBlock(text=clip(text, 3000)), _buttons(visit, again=bool(answered))]


def _buttons(visit: Visit, again: bool = False) -> ActionsBlock:
    value = str(visit.id)
    if again:
        other = COVERED if visit.cover_status == REFUSED else REFUSED
        label = "Covered after all" if other == COVERED else "Can't cover after all"
        action = ids.COVERED if other == COVERED else ids.CANT_COVER
        return ActionsBlock(elements=[ButtonElement(text=label, action_id=action, value=value)])
    return ActionsBlock(
        elements=[
            ButtonElement(text="Covered", action_id=ids.COVERED, value=value, style="primary"),
            ButtonElement(text="Can't cover", action_id=ids.CANT_COVER, value=value),
        ]
    )


def cover_changed(school: School, day: date) -> Message:
    text = (
        f":arrows_counterclockwise: The cover list for {_day(day)} at {escape(school.name)} "
        "changed: a visit was booked or called off. Your list above is up to date."
    )
    return compose(text, [SectionBlock(text=clip(text, 3000))])


def cover_refused(visit: Visit, zone: str) -> Message:
    """The visitor decides: arrange cover another way, or cancel."""
    offer = visit.offer
    text = (
        f"Cover can't be arranged for your class during your visit to "
        f"{mention(offer.host.slack_user_id)} ({what(offer)}, {when(offer, zone)}). If you can "
        "arrange it another way, keep the visit; if not, cancel it and I'll tell your host."
    )
    blocks: list[Block] = [
        SectionBlock(text=clip(text, 3000)),
        ActionsBlock(elements=[cancel_visit_button(visit, label="Cancel this visit")]),
    ]
    return compose("Cover can't be arranged for your visit", blocks)


def cover_line_answered(visit: Visit, answer: str) -> str:
    who = mention(visit.visitor.slack_user_id)
    if answer == COVERED:
        return f"Marked covered: {who}'s class. Thank you!"
    return f"Marked as not covered. I've told {who}, who will decide whether to keep the visit."
