"""Reading dates, times, numbers and links from forms: strictly, and within bounds a school could mean.

Slack's date and time pickers send `YYYY-MM-DD` and `HH:mm`, and a number input sends ASCII
digits; Python's parsers take far more (`date.fromisoformat` reads '20261124' and week dates,
`int()` reads '５' and '1_0'). A date years away is no visit anyone plans, and 9999-12-31
overflows as soon as a reminder is computed from it. What doesn't fit becomes a field error.
"""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from urllib.parse import urlparse

HORIZON = timedelta(days=2 * 366)
TOO_FAR = "Pick a date within the next two years."
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_TIME = re.compile(r"\d{2}:\d{2}", re.ASCII)
MAX_URL = 500


def read_date(raw: str | None) -> date | None:
    """A picked date, or None when there is none or it isn't one."""
    if raw is None or not _DATE.fullmatch(raw):
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return None


def read_time(raw: str | None) -> time | None:
    """A picked clock time, or None when there is none or it isn't one."""
    if raw is None or not _TIME.fullmatch(raw):
        return None
    try:
        return time.fromisoformat(raw)
    except ValueError:
        return None


def whole_number(raw: str | None) -> int | None:
    """A typed whole number (ASCII digits, at most six of them), or None."""
    text = (raw or "").strip()
    if not (text.isascii() and text.isdigit() and len(text) <= 6):
        return None
    return int(text)


def too_far(day: date, today: date) -> bool:
    """Further ahead than anyone plans a visit or a school closure."""
    return day > today + HORIZON


def web_link(text: str) -> str | None:
    """The link if it is one a browser opens as a web page (http or https, with a host, no
    spaces), else None: the offer form refuses anything else, and a `javascript:` or `data:` link
    in an old row is never offered to anyone as a link."""
    link = text.strip()
    if not link or len(link) > MAX_URL or any(ch.isspace() or ord(ch) < 32 for ch in link):
        return None
    parsed = urlparse(link)
    if parsed.scheme.lower() not in ("http", "https") or not parsed.netloc:
        return None
    return link
