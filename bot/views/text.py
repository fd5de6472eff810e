"""Small text helpers every view uses, so escaping and limits are handled in one place."""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from bot.domain.catalogue import FEEDBACK
from bot.domain.free_periods import Freedom, freedom
from bot.models import Member, Offer
from bot.vocabulary import FORGOTTEN, OfferStatus

SECTION_LIMIT = 3000


def escape(text: str) -> str:
    """What people typed, made safe for mrkdwn (no accidental @channel or broken links)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def quoted(text: str, limit: int = 600) -> str:
    """Escaped, then clipped so the result, entities included, stays within `limit`."""
    escaped = escape(text)
    if len(escaped) <= limit:
        return escaped
    cut = escaped[: limit - 1]
    amp = cut.rfind("&")
    if amp != -1 and ";" not in cut[amp:]:
        cut = cut[:amp]
    return cut.rstrip() + "…"


def mention(user_id: str) -> str:
    """A forgotten member is named by no one: their row stays only so the counts hold."""
    return "a former member" if user_id.startswith(FORGOTTEN) else f"<@{user_id}>"


def when(offer: Offer, zone: str) -> str:
    """Each reader sees the time in their own zone; the fallback is the school's."""
    start, end = offer.starts_at, offer.ends_at
    local_start = start.astimezone(ZoneInfo(zone))
    local_end = end.astimezone(ZoneInfo(zone))
    fallback = f"{local_start:%a %b} {local_start.day}, {local_start:%H:%M}"
    return (
        f"<!date^{int(start.timestamp())}^{{date_short_pretty}} {{time}}|{fallback}>"
        f"–<!date^{int(end.timestamp())}^{{time}}|{local_end:%H:%M}>"
    )


def what(offer: Offer) -> str:
    """The practices and the class, in one short line."""
    parts = [", ".join(offer.practices)] if offer.practices else []
    klass = " ".join(
        part for part in (f"Grade {offer.grade}" if offer.grade else "", offer.subject) if part
    )
    if klass:
        parts.append(klass)
    return escape(" · ".join(parts)) or "An open class"


def which_visit(offer: Offer, zone: str) -> str:
    """Which visit a prompt is about, for a person who has had more than one: day and practice."""
    return f"on {day_label(offer.starts_at, zone)} ({what(offer)})"


def offer_summary(offer: Offer, zone: str) -> str:
    return clip(
        f"*{what(offer)}*\n{when(offer, zone)} · {escape(offer.room)}, {escape(offer.school.name)}"
        f"\nHost: {mention(offer.host.slack_user_id)}",
        SECTION_LIMIT,
    )


FREEDOM_MARKS = {
    Freedom.PLANNING: "\n:large_green_circle: During your planning period",
    Freedom.NEEDS_COVER: "\n:warning: Needs cover: you teach then",
}


def door_marks(offer: Offer, viewer: Member, zone: str, seen: Collection[int]) -> str:
    """What a suggested door means for the one person it is suggested to: a host new to them,
    and whether they are free then by their own bell schedule."""
    free = freedom(viewer, offer.starts_at, offer.ends_at, zone)
    return new_to_you(offer, seen) + FREEDOM_MARKS.get(free, "")


def new_to_you(offer: Offer, seen: Collection[int]) -> str:
    """The mark on a suggested door whose host the viewer hasn't visited this term. Someone who
    visited nobody this term gets none: on every door, it would tell them nothing."""
    return "\n:sparkles: New to you" if seen and offer.host_id not in seen else ""


def offer_details(offer: Offer) -> str:
    lines = []
    if offer.details:
        lines.append(f"*You'll see:* {quoted(offer.details)}")
    if offer.key_moment:
        lines.append(f"*Key moment:* {quoted(offer.key_moment, 300)}")
    lines.append(f"*Feedback the host would like:* {FEEDBACK.get(offer.feedback, offer.feedback)}")
    if offer.feedback == "lookfors" and offer.look_fors:
        lines.append(f"*Look-fors:* {quoted(offer.look_fors, 600)}")
    return clip("\n".join(lines), SECTION_LIMIT)


def plural(count: int, one: str, many: str = "") -> str:
    """The noun that agrees with `count`: "visit" for one, "visits" for none or several; `many`
    for nouns that don't just add an s. Messages say "1 visit", never "1 visit(s)"."""
    return one if count == 1 else many or f"{one}s"


def counted(count: int, one: str, many: str = "") -> str:
    """A count and its noun, agreeing: "1 visitor", "3 visitors"."""
    return f"{count} {plural(count, one, many)}"


def seats_line(offer: Offer) -> str:
    if offer.status == OfferStatus.CANCELLED:
        return ":no_entry: *Cancelled by the host*"
    left = offer.seats_left
    if left == 0:
        return ":lock: *Full*"
    return f":chair: *{left} of {counted(offer.seats, 'seat')} left*"


def calendar_url(offer: Offer) -> str:
    """A Google Calendar template link: it carries UTC times, so no zone can go wrong."""
    stamp = "%Y%m%dT%H%M%SZ"
    dates = f"{offer.starts_at.astimezone(UTC):{stamp}}/{offer.ends_at.astimezone(UTC):{stamp}}"
    query = urlencode(
        {
            "action": "TEMPLATE",
            "text": clip(
                f"Classroom visit: {', '.join(offer.practices) or offer.subject or 'open door'}",
                200,
            ),
            "dates": dates,
            "location": clip(f"{offer.room}, {offer.school.name}", 200),
            "details": clip(f"Host: {offer.host.name}. {offer.details}", 1000),
        }
    )
    return f"https://calendar.google.com/calendar/render?{query}"


def day_label(instant: datetime, zone: str) -> str:
    local = instant.astimezone(ZoneInfo(zone))
    return f"{local:%a %b} {local.day}"
