"""No-visit dates as an admin types them in setup, and shown back the same way.

One date or range per line ("2026-12-21 to 2027-01-01"): parsing and formatting live together so
that what setup shows when run again reads back as the same dates.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

MAX_NO_VISIT_DAYS = 400
_RANGE = re.compile(
    r"^(\d{4}-\d{2}-\d{2})(?:\s*(?:\.\.|to|–|—|-(?=\s))\s*(\d{4}-\d{2}-\d{2}))?$", re.ASCII
)
# Slack's longest text input: the saved dates are shown back in it when setup runs again.
MAX_NO_VISIT_TEXT = 3000


def parse_no_visit_dates(text: str) -> list[date]:
    """One date or range per line or comma ("2026-12-21 to 2027-01-01"), as admins paste them."""
    days: list[date] = []
    for chunk in re.split(r"[\n,;]+", text):
        chunk = chunk.strip()
        if not chunk:
            continue
        match = _RANGE.match(chunk)
        if not match:
            raise ValueError(
                f"I can't read “{chunk[:40]}”. Use dates like 2026-12-21 or 2026-12-21 to 2027-01-01."
            )
        try:
            first = date.fromisoformat(match.group(1))
            last = date.fromisoformat(match.group(2)) if match.group(2) else first
        except ValueError as error:
            raise ValueError(f"“{chunk[:40]}” isn't a real date.") from error
        if last < first:
            raise ValueError(f"“{chunk[:40]}” ends before it starts.")
        if (last - first).days > MAX_NO_VISIT_DAYS:
            raise ValueError(f"“{chunk[:40]}” is longer than a school year.")
        days.extend(first + timedelta(days=n) for n in range((last - first).days + 1))
    return sorted(set(days))


def format_no_visit_dates(days: list[date]) -> str:
    """Saved dates shown back as the admin would type them: runs of days become ranges."""
    lines: list[str] = []
    runs: list[list[date]] = []
    for day in sorted(days):
        if runs and day - runs[-1][-1] == timedelta(days=1):
            runs[-1].append(day)
        else:
            runs.append([day])
    for run in runs:
        lines.append(run[0].isoformat() if len(run) == 1 else f"{run[0]} to {run[-1]}")
    return "\n".join(lines)
