"""Reading Slack payloads and answering people: the small vocabulary every listener shares.

Every value a listener takes from a payload passes through here. The server has already checked
the payload's shape (`bot/slack_shapes.py`); these check the values: an id is ASCII digits in a
database's range (`int()` would take '５', '1_0' and twenty digits), a picked option is a whole
number, typed text holds nothing the database can't store. A button whose value isn't one Open
Door gave out is answered as out of date, with one warning line and no traceback.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from slack_bolt.request.internals import extract_enterprise_id
from slack_sdk import WebClient
from slack_sdk.webhook import WebhookClient
from sqlalchemy.orm import Session

from bot.domain.errors import DomainError, FieldErrors
from bot.domain.installs import note_org
from bot.domain.members import member_for, seen
from bot.domain.workspaces import require_workspace
from bot.models import Member, Workspace
from bot.views.messages import Message
from bot.vocabulary import OFFERED_TIME, VisitStatus

# Ids are PostgreSQL `integer`s; a bigger number is no row of ours.
MAX_ID = 2**31 - 1
# C0 controls but tab and newline, and lone surrogates: PostgreSQL refuses NUL in text, and none
# of them is anything a person meant to type.
_ENTERPRISE_ID = re.compile(r"^E[A-Z0-9]{2,31}$")
_UNSTORABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")

log = logging.getLogger(__name__)


class OutOfDate(DomainError):
    """A button or modal carrying a value Open Door never gave out: an old message, or tampering."""

    def __init__(self) -> None:
        super().__init__(
            "That button is out of date or not valid. "
            "Try `/visit mine` or the Home tab for what's current."
        )


def team_id(body: dict[str, Any]) -> str:
    team = body.get("team")
    if isinstance(team, dict) and team.get("id"):
        return team["id"]
    return body.get("team_id") or body.get("user", {}).get("team_id") or body["view"]["team_id"]


def enterprise_id(body: dict[str, Any]) -> str | None:
    """The Enterprise Grid org the request comes from, read where Bolt reads it; None outside
    one (or for a value no Slack id looks like)."""
    found = extract_enterprise_id(body)
    return found if isinstance(found, str) and _ENTERPRISE_ID.match(found) else None


def user(body: dict[str, Any]) -> tuple[str, str]:
    """The acting person's Slack id and a readable name, whatever the payload's shape."""
    if "user_id" in body:
        return body["user_id"], body.get("user_name", "")
    if "event" in body:
        return body["event"]["user"], ""
    person = body.get("user") or {}
    if isinstance(person, str):
        return person, ""
    return person["id"], person.get("name") or person.get("username") or ""


def actor(session: Session, body: dict[str, Any]) -> tuple[Workspace, Member]:
    workspace = require_workspace(session, team_id(body))
    note_org(workspace, enterprise_id(body))
    user_id, name = user(body)
    member = member_for(session, workspace, user_id, clean_text(name))
    seen(member)
    return workspace, member


def valid_id(raw: object) -> int | None:
    """The id in a button value or option, or None: ASCII digits only, 1 to MAX_ID."""
    if not (isinstance(raw, str) and raw.isascii() and raw.isdigit() and len(raw) <= 10):
        return None
    number = int(raw)
    return number if 0 < number <= MAX_ID else None


def action_value(body: dict[str, Any]) -> int:
    """The id on the button that was pressed."""
    action = body["actions"][0]
    number = valid_id(action.get("value"))
    if number is None:
        log.warning("a click on %s carried a value that is no id; answered as out of date",
                    str(action.get("action_id"))[:40])  # fmt: skip
        raise OutOfDate()
    return number


def visit_value(body: dict[str, Any]) -> tuple[int, VisitStatus | None]:
    """The visit on the button pressed, and the status it was shown in (`12:pending`); a plain
    id, from a message sent before buttons carried the status, says nothing of it (None)."""
    visit_id, shown = _shown_value(body)
    if not shown:
        return visit_id, None
    if shown not in set(VisitStatus):
        raise _not_shown_by_us(body)
    return visit_id, VisitStatus(shown)


def offer_value(body: dict[str, Any]) -> tuple[int, bool]:
    """The open door on the button pressed, and whether it was shown as a time offered for a
    request that nobody had taken yet (`12:offered`); a plain id, from a Home tab or message
    shown before Withdraw carried that, says nothing of it (False)."""
    offer_id, shown = _shown_value(body)
    if shown not in ("", OFFERED_TIME):
        raise _not_shown_by_us(body)
    return offer_id, shown == OFFERED_TIME


def _shown_value(body: dict[str, Any]) -> tuple[int, str]:
    """A button value's id and what its message showed (`12:pending`), or "" for a plain id."""
    raw = body["actions"][0].get("value")
    number, _, shown = raw.partition(":") if isinstance(raw, str) else ("", "", "")
    if not shown:
        return action_value(body), ""
    found = valid_id(number)
    if found is None:
        raise _not_shown_by_us(body)
    return found, shown


def _not_shown_by_us(body: dict[str, Any]) -> OutOfDate:
    """A value Open Door never gave out (tampering, or a format it no longer knows): one warning
    line, and the person is told the button is out of date."""
    log.warning("a click on %s carried a value that is no id and what it showed; "
                "answered as out of date", str(body["actions"][0].get("action_id"))[:40])  # fmt: skip
    return OutOfDate()


def metadata(body: dict[str, Any]) -> dict[str, Any]:
    """What the modal was opened about. Open Door writes it, and its ids (`…_id`, `…_ids`) must be
    ids still: anything else is a modal Open Door didn't make."""
    try:
        meta = json.loads(body["view"].get("private_metadata") or "{}")
    except ValueError:
        meta = None
    if isinstance(meta, dict) and all(_ids_ok(key, value) for key, value in meta.items()):
        return meta
    log.warning("a %s carried metadata Open Door didn't write; answered as out of date",
                str(body["view"].get("callback_id"))[:40])  # fmt: skip
    raise OutOfDate()


def _ids_ok(key: str, value: Any) -> bool:
    def one(item: Any) -> bool:
        return type(item) is int and 0 < item <= MAX_ID

    if key.endswith("_id"):
        return one(value)
    if key.endswith("_ids"):
        return isinstance(value, list) and all(map(one, value))
    return True


def form_id(values: dict[str, Any], field: str) -> int | None:
    """A picked option that names a row (a school), None when nothing was picked."""
    raw = values.get(field)
    if raw in (None, ""):
        return None
    number = valid_id(raw)
    if number is None:
        log.warning("a submitted %s was none of its options", field)
        raise FieldErrors({field: "Pick one from the list."})
    return number


def form_number(values: dict[str, Any], field: str, default: int) -> int:
    """A picked option that is a small whole number (a weekday, an hour)."""
    raw = values.get(field)
    return default if raw in (None, "") else _small_number(field, raw)


def form_numbers(values: dict[str, Any], field: str) -> list[int]:
    """Several picked options that are small whole numbers (school days)."""
    return [_small_number(field, raw) for raw in values.get(field) or []]


def _small_number(field: str, raw: Any) -> int:
    if isinstance(raw, str) and raw.isascii() and raw.isdigit() and len(raw) <= 4:
        return int(raw)
    log.warning("a submitted %s was none of its options", field)
    raise FieldErrors({field: "Pick from the list."})


def clean_text(text: str) -> str:
    """Typed text without the characters a database can't store or a person can't have meant."""
    return _UNSTORABLE.sub("", text)


def form_values(view: dict[str, Any]) -> dict[str, Any]:
    """Flatten view.state into {block_id: value}; block ids are the domain form's field names."""
    values: dict[str, Any] = {}
    for block_id, actions in view.get("state", {}).get("values", {}).items():
        for state in actions.values():
            values[block_id] = _element_value(state)
    return values


def _element_value(state: dict[str, Any]) -> Any:
    kind = state.get("type")
    if kind in ("static_select", "radio_buttons"):
        option = state.get("selected_option")
        return option["value"] if option else None
    if kind in ("multi_static_select", "checkboxes"):
        return [option["value"] for option in state.get("selected_options") or []]
    if kind == "datepicker":
        return state.get("selected_date")
    if kind == "timepicker":
        return state.get("selected_time")
    if kind == "users_select":
        return state.get("selected_user")
    if kind == "multi_users_select":
        return state.get("selected_users") or []
    if kind == "conversations_select":
        return state.get("selected_conversation")
    if kind == "channels_select":
        return state.get("selected_channel")
    return clean_text(state.get("value") or "")


def reply(client: WebClient, body: dict[str, Any], message: Message, replace: bool = False) -> None:
    """An answer only the acting person sees: ephemeral where Slack gave a response_url, else a DM."""
    url = body.get("response_url") or next(
        (entry.get("response_url") for entry in body.get("response_urls") or []), None
    )
    if url:
        WebhookClient(url).send(
            text=message.text,
            blocks=message.blocks,
            response_type="ephemeral",
            replace_original=replace,
        )
        return
    client.chat_postMessage(channel=user(body)[0], text=message.text, blocks=message.blocks)
