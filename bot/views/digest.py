"""The weekly digest as coaches and leaders read it: counts, names in order, practices, actions."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.domain.digest import Digest, Names
from bot.domain.digest_by_school import SchoolWeek, totals
from bot.domain.digest_spread import BUSIEST
from bot.views import ids
from bot.views.leadership import check_ins_blocks
from bot.views.messages import Message, compose, context
from bot.views.text import clip, counted, day_label, escape, mention, quoted, what
from bot.views.videos import new_videos_blocks
from bot.vocabulary import Role


def _names(names: Names) -> str:
    shown = ", ".join(mention(user_id) for user_id in names.first)
    more = f" and {names.total - len(names.first)} more" if names.total > len(names.first) else ""
    return (shown + more) or "nobody yet"


def _this_week(digest: Digest, zone: str) -> list[Block]:
    """The week's counts, then the visits still to come."""
    blocks: list[Block] = [
        HeaderBlock(text=clip(f"Your week in visits: {digest.schools}", 150)),
        SectionBlock(
            fields=[
                MarkdownTextObject(text=f"*Completed*\n{digest.completed}"),
                MarkdownTextObject(text=f"*Coming this week*\n{digest.coming}"),
                MarkdownTextObject(text=f"*Cancelled*\n{digest.cancelled}"),
                MarkdownTextObject(text=f"*Missed*\n{digest.missed}"),
            ]
        ),
    ]
    blocks += _by_school(digest)
    if digest.unconfirmed:
        blocks.append(context(_unconfirmed(digest, zone)))
    for visit in digest.next_visits:
        blocks.append(context(f"{day_label(visit.offer.starts_at, zone)}: {mention(visit.visitor.slack_user_id)} "
                              f"visits {mention(visit.offer.host.slack_user_id)} · {what(visit.offer)}"))  # fmt: skip
    return blocks


SCHOOLS_LISTED = 25  # lines in the one section a district reader's breakdown takes
SECTION_TEXT = 3000


def _school_line(line: SchoolWeek) -> str:
    teachers = "teacher" if line.staff == 1 else "teachers"
    return (f"{line.completed} completed, {line.coming} coming, "
            f"{line.participation}% of {line.staff} {teachers} took part")  # fmt: skip


def _by_school(digest: Digest) -> list[Block]:
    """A district reader's schools side by side, in one block whatever their number (Slack
    allows 50 a message), as many lines as fit, then the totals, which count every school,
    listed or not, and are never clipped away."""
    if not digest.schools_apart:
        return []
    total = f"*All schools:* {_school_line(totals(digest.schools_apart))}"
    room = SECTION_TEXT - len(total) - 60  # the heading and the "…and N more" line
    lines: list[str] = []
    for line in digest.schools_apart[:SCHOOLS_LISTED]:
        text = clip(f"• {escape(line.name)}: {_school_line(line)}", 300)
        if sum(len(shown) + 1 for shown in lines) + len(text) > room:
            break
        lines.append(text)
    more = len(digest.schools_apart) - len(lines)
    if more:
        lines.append(f"…and {more} more {'school' if more == 1 else 'schools'}")
    return [SectionBlock(text="\n".join(["*By school*", *lines, total]))]


def _unconfirmed(digest: Digest, zone: str) -> str:
    """Says when the visitors are (or were) asked whether the visit happened, from the checks
    owed, rather than promising an asking that is days away."""
    one = digest.unconfirmed == 1
    visits, visitors = ("visit", "visitor") if one else ("visits", "visitors")
    line = f"{digest.unconfirmed} past {visits} not yet confirmed as happened"
    sent, due = digest.checks_sent, digest.checks_due
    if sent and due:
        return f"{line}: I asked on {day_label(sent, zone)}, and I'll ask the others on {day_label(due, zone)}."
    if due:
        return f"{line}: I'll ask the {visitors} on {day_label(due, zone)}."
    if sent:
        return f"{line}: I asked the {visitors} on {day_label(sent, zone)}."
    return f"{line}; no check is on its way, so they count once their {visitors} reflect."


def _participation(digest: Digest) -> list[Block]:
    """One share for the whole staff and names in order, never a score; the names of those who
    haven't taken part yet are for a coach's eyes only."""
    blocks: list[Block] = [
        DividerBlock(),
        SectionBlock(text=clip(
            f"*Participation, last four weeks* ({digest.participation}% of {counted(digest.staff, 'teacher')})\n"
            f"*Visited:* {_names(digest.visited)}\n*Hosted:* {_names(digest.hosted)}", 3000)),
    ]  # fmt: skip
    if digest.reader.role == Role.COACH:
        blocks.append(context(clip(
            f"_For your eyes only:_ not yet visiting or hosting: {_names(digest.not_yet)}"
            if digest.not_yet.total else "Every teacher has visited or hosted. Wonderful.", 3000)))  # fmt: skip
    return blocks


def _learning(digest: Digest) -> list[Block]:
    """What people went to see, and what they noticed where they chose to share it."""
    blocks: list[Block] = []
    if digest.practices:
        spread = "\n".join(
            f"• {escape(practice)}: {counted(count, 'visit')}"
            for practice, count in digest.practices
        )
        blocks.append(SectionBlock(text=f"*Practices people went to see*\n{spread}"))
    if digest.tried:
        blocks.append(SectionBlock(text=clip(_tried(digest), 3000)))
    if digest.shared:
        lines = [
            f"• {mention(r.author.slack_user_id)} at {mention(r.offer.host.slack_user_id)}'s: {quoted(r.noticed, 300)}"
            for r in digest.shared
        ]
        blocks.append(
            SectionBlock(text=clip("*Reflections their authors shared*\n" + "\n".join(lines), 3000))
        )
    return blocks


def _spread(digest: Digest) -> list[Block]:
    """How many teachers hosted, and the busiest three classrooms' share as a number: never who
    they are, never an order."""
    spread = digest.spread
    if not spread.visits:
        return []
    text = (
        f"*How visits spread, last four weeks:* {counted(spread.hosts, 'teacher')} hosted "
        f"{counted(spread.visits, 'visit')}"
    )
    if spread.hosts > BUSIEST:
        text += f"; the three busiest classrooms had {spread.busiest_share}% of them"
    blocks: list[Block] = [SectionBlock(text=text + ".")]
    if spread.concentrated:
        blocks.append(context(
            ":seedling: Most visits go to a few classrooms. Inviting someone new to open their "
            "door spreads the load, and the learning."))  # fmt: skip
    return blocks


def _in_demand(digest: Digest) -> list[Block]:
    """Practices asked for that no open door coming shows, so a coach can invite a host."""
    if not digest.in_demand:
        return []
    lines = [
        f"• {escape(item.practice)}: {counted(item.requests, 'request')} · "
        + ("hosted before, no door coming" if item.hosted_before else "nobody has hosted it yet")
        for item in digest.in_demand
    ]
    return [SectionBlock(text=clip(
        "*Asked for, with no open door coming*\n" + "\n".join(lines)
        + "\n_Someone who teaches it could be invited to open their door._", 3000))]  # fmt: skip


def _tried(digest: Digest) -> str:
    """Practices that travelled: counted per visit; only visitors who shared their reflection
    are named, the others are in the count alone."""
    lines = []
    for item in digest.tried:
        times = "once" if item.times == 1 else f"{item.times} times"
        named = ", ".join(mention(user_id) for user_id in item.shared_by)
        lines.append(f"• {escape(item.practice)}: tried {times}" + (f" ({named})" if named else ""))
    heading = "*Practices tried after a visit, last eight weeks*"
    note = "_Named only where the visitor shared their reflection._"
    return "\n".join([heading, *lines, note])


def _needs_a_hand(digest: Digest, zone: str) -> list[Block]:
    """What a coach or leader can act on: unanswered requests, empty seats,
    messages that could not be delivered."""
    blocks: list[Block] = []
    for request in digest.unanswered:
        blocks.append(SectionBlock(
            text=clip(f"*Unanswered:* {mention(request.visitor.slack_user_id)} would like to see "
                      f"{quoted(', '.join(request.practices) or request.notes, 200)}", 3000),
            accessory=ButtonElement(text="I'll help", action_id=ids.HELP_REQUEST, value=str(request.id)),
        ))  # fmt: skip
    for offer in digest.empty_doors:
        blocks.append(SectionBlock(
            text=f"*Empty seats:* {mention(offer.host.slack_user_id)}'s open door, "
                 f"{day_label(offer.starts_at, zone)} · {what(offer)}",
            accessory=ButtonElement(text="Share again", action_id=ids.SHARE_DOOR, value=str(offer.id)),
        ))  # fmt: skip
    if digest.undelivered:
        people = digest.undelivered_to
        blocks.append(context(clip(
            f":warning: {counted(digest.undelivered, 'message')} couldn't be delivered this week "
            f"(to {', '.join(f'<@{p}>' if p.startswith('U') else f'<#{p}>' for p in people)}).", 3000)))  # fmt: skip
    return blocks


def _check_ins(digest: Digest) -> list[Block]:
    """The reader's own check-ins: each goal with its latest notes, for them alone."""
    if not digest.check_ins:
        return []
    return [DividerBlock(), *check_ins_blocks(digest.check_ins)]


def digest_message(digest: Digest, zone: str) -> Message:
    """The sections in reading order, clipped to Slack's 50 blocks a message."""
    blocks = [
        *_this_week(digest, zone),
        *_participation(digest),
        *_learning(digest),
        *_spread(digest),
        *new_videos_blocks(digest.videos, zone),
        *_in_demand(digest),
        *_needs_a_hand(digest, zone),
        *_check_ins(digest),
        ActionsBlock(elements=[ButtonElement(text="Open a door", action_id=ids.OPEN_OFFER)]),
        context("Visits are for growth, never evaluation: no scores, no rankings."),
    ]
    return compose(f"Your week in visits: {digest.schools}", blocks[:50])
