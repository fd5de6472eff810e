"""Reading the people and the stops of a group visit's form (a team visit's or a coaching round's)
at the edge: a person must be a Slack user id, or it is a field error."""

from __future__ import annotations

import re
from typing import Any

from bot.domain.errors import FieldErrors
from bot.domain.team_visit_form import StopForm

_SLACK_USER = re.compile(r"[UW][A-Z0-9]{2,20}", re.ASCII)


def person(values: dict[str, Any], field: str) -> str | None:
    raw = values.get(field)
    if raw in (None, ""):
        return None
    if not (isinstance(raw, str) and _SLACK_USER.fullmatch(raw)):
        raise FieldErrors({field: "Pick a person from the list."})
    return raw


def people(values: dict[str, Any], field: str) -> list[str]:
    picked = values.get(field) or []
    if not all(isinstance(one, str) and _SLACK_USER.fullmatch(one) for one in picked):
        raise FieldErrors({field: "Pick people from the list."})
    return list(picked)


def stop_form(values: dict[str, Any], prefix: str) -> StopForm:
    return StopForm(
        host=person(values, f"{prefix}host"),
        room=values.get(f"{prefix}room") or "",
        start=values.get(f"{prefix}start"),
        end=values.get(f"{prefix}end"),
    )
