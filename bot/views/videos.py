"""Classroom videos as people read them: `/visit videos [words]`, and the digest's few new ones.

A link is shown only if it is a web link (`web_link`), written so Slack can't read part of it as
markup; a video is never ranked or scored, only dated.
"""

from __future__ import annotations

from datetime import datetime
from itertools import groupby
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import Block, HeaderBlock, SectionBlock

from bot.domain.form_input import web_link
from bot.domain.videos import OTHER_PRACTICE, VideoItem, Videos
from bot.views.messages import Message, compose, context
from bot.views.text import SECTION_LIMIT, clip, counted, escape, mention, quoted

MAX_BLOCKS = 50  # Slack's limit for a message
MAX_LINK = 1500  # a link longer than this, once escaped, would crowd a section out
OTHER_HEADING = "Other practices"
HOW_TO_ADD = (
    "When you open your door with `/visit offer`, its form has a video link field (so does "
    "`/visit round`'s): a short video lets colleagues who can't come see the practice too."
)


def watch_link(url: str) -> str | None:
    """`<url|Watch>` for a web link, None for anything else (an old row's `javascript:` link).
    `&`, `<` and `>` are escaped as Slack asks, and `|` encoded so it can't end the address."""
    link = web_link(url)
    if link is None:
        return None
    written = link.replace("&", "&amp;").replace("<", "%3C").replace(">", "%3E").replace("|", "%7C")
    return f"<{written}|Watch>" if len(written) <= MAX_LINK else None


def video_date(when: datetime, zone: str) -> str:
    """The day, with its year: a video stays findable long after its door."""
    local = when.astimezone(ZoneInfo(zone))
    return f"{local:%a %b} {local.day}, {local.year}"


def video_line(item: VideoItem, zone: str, under: str | None = None) -> str | None:
    """One video: its practices (those other than the heading it's `under`), class, who, school,
    day and link; None if its link is not one to show."""
    link = watch_link(item.url)
    if link is None:
        return None
    practices = [practice for practice in item.practices if practice != under]
    shown = ", ".join(practices)
    parts = [
        f"*{escape(shown)}*" if under is None and shown else "",
        escape(item.title),
        mention(item.who),
        quoted(item.school, 120),
        video_date(item.when, zone),
        link,
    ]
    also = f" _(also {escape(shown)})_" if under is not None and shown else ""
    return "• " + " · ".join(part for part in parts if part) + also


def _heading(practice: str) -> str:
    """A practice, or a round's problem of practice, which may be a long sentence."""
    return f"*{escape(clip(practice, 150) or OTHER_HEADING)}*"


def _groups(videos: Videos) -> list[tuple[str, list[VideoItem]]]:
    """The videos under their practice, practices alphabetically (those naming none last), each
    group newest first as found."""
    ordered = sorted(
        videos.items, key=lambda item: (item.practice == OTHER_PRACTICE, item.practice.lower())
    )
    return [(practice, list(items)) for practice, items in groupby(ordered, lambda v: v.practice)]


def videos_message(videos: Videos, words: str, zone: str) -> Message:
    """The videos grouped by practice, as many as fit in one message (50 blocks, 3000 characters
    a section), then how many more there are and how to narrow them."""
    about = f" matching “{clip(words, 60)}”" if words else ""
    if not videos.items:
        text = f"No classroom videos{quoted(about, 80)} yet. {HOW_TO_ADD}"
        return compose("No classroom videos", [SectionBlock(text=text)])
    title = f"Classroom videos{about}"
    blocks: list[Block] = [HeaderBlock(text=clip(title, 150))]
    room = MAX_BLOCKS - len(blocks) - 1  # the "and N more" line always has its block
    sections: list[str] = []
    shown = 0
    for practice, items in _groups(videos):
        text = ""
        for item in items:
            line = video_line(item, zone, under=practice or None)
            if line is None:
                continue
            if text and len(text) + 1 + len(line) <= SECTION_LIMIT:
                text += "\n" + line
            elif len(sections) + bool(text) < room:
                if text:
                    sections.append(text)
                text = f"{_heading(practice)}\n{line}"
            else:
                break
            shown += 1
        if text:
            sections.append(text)
        if len(sections) >= room:
            break
    blocks += [SectionBlock(text=text) for text in sections]
    more = videos.total - shown
    if more > 0:
        blocks.append(context(
            f"…and {more} more: narrow it with words, like `/visit videos station rotation grade 6`."
        ))  # fmt: skip
    return compose(title, blocks)


def new_videos_blocks(videos: Videos, zone: str) -> list[Block]:
    """The digest's "Can't visit? Watch it": the week's new videos, and a count of the rest."""
    lines = [line for item in videos.items if (line := video_line(item, zone)) is not None]
    if not lines:
        return []
    more = videos.total - len(lines)
    if more > 0:
        lines.append(f"…and {counted(more, 'more video')}: `/visit videos` lists them all.")
    return [SectionBlock(text=clip("*Can't visit? Watch it*\n" + "\n".join(lines), SECTION_LIMIT))]
