"""Reading each school's staff list from Slack, once a day, for the digest's counts and invites.

The reading happens outside any transaction (people's clicks never wait behind it), by the one
instance that claimed the workspace; what it found is written in one short transaction by
`bot.domain.roster.apply_roster`. Slack's directory methods are Tier 2, so this reader waits out a
429 as Slack asks (slack-sdk's rate-limit retry handler) instead of giving up on a large district.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from sqlalchemy.orm import Session

from bot.domain.roster import (
    Account,
    Person,
    Source,
    SourceKind,
    StaffRead,
    apply_roster,
    claim_due_rosters,
    roster_sources,
)
from bot.models import Workspace
from bot.workspace_clients import for_workspace

log = logging.getLogger(__name__)

PAGE = 200
RATE_LIMIT_RETRIES = 5


def rosters(session: Session, client: WebClient, now: datetime) -> int:
    """Read the staff lists of each workspace that is due; returns how many were read. A
    workspace whose directory can't be read keeps its lease, so it is tried again after it."""
    read_count = 0
    for workspace_id in claim_due_rosters(session, now):
        workspace = session.get_one(Workspace, workspace_id)
        sources, team_id, org = (
            roster_sources(workspace),
            workspace.team_id,
            workspace.enterprise_id,
        )
        session.commit()  # the token is looked up on a connection of its own
        try:
            found = read_staff(_patient(for_workspace(client, team_id, org)), team_id, sources)
        except (SlackApiError, OSError) as error:
            log.warning("staff lists of workspace %s: %s", workspace_id, _code(error))
            continue
        apply_roster(session, session.get_one(Workspace, workspace_id), found, now)
        session.commit()
        read_count += 1
    return read_count


def read_staff(client: WebClient, team_id: str, sources: dict[int, Source]) -> StaffRead:
    """Everyone in the directory, what each staff list names, and the user groups for setup.
    One list that can't be read is that school's problem, not the whole reading's. The lists
    name the workspace: an Enterprise org's token would otherwise not know which to read."""
    people = _directory(client, team_id)
    found = StaffRead(people={person.user_id: person for person in people})
    found.user_groups = _user_groups(client, team_id)
    for school_id, source in sources.items():
        try:
            found.listed[school_id] = _listed(client, team_id, source)
        except SlackApiError as error:
            found.problems[school_id] = _code(error)
    return found


def _directory(client: WebClient, team_id: str) -> Iterator[Person]:
    for page in _pages(client.users_list, "members", limit=PAGE, team_id=team_id):
        yield _person(page)


def _person(user: dict[str, Any]) -> Person:
    if user.get("deleted"):
        account = Account.DEACTIVATED
    elif user.get("is_bot") or user.get("is_app_user") or user.get("id") == "USLACKBOT":
        account = Account.BOT
    elif user.get("is_restricted") or user.get("is_ultra_restricted"):
        account = Account.GUEST
    else:
        account = Account.PERSON
    profile = user.get("profile") or {}
    name = profile.get("real_name") or user.get("real_name") or user.get("name") or ""
    return Person(str(user.get("id", "")), str(name)[:120], account)


def _listed(client: WebClient, team_id: str, source: Source) -> list[str]:
    if source.kind == SourceKind.USERGROUP:
        group = client.usergroups_users_list(usergroup=source.id, team_id=team_id)
        return list(group.get("users") or [])
    return list(_pages(client.conversations_members, "members", channel=source.id, limit=PAGE))


def _user_groups(client: WebClient, team_id: str) -> list[dict[str, str]]:
    """Setup offers these; a workspace that can't list them (a missing scope) just offers none."""
    try:
        groups = client.usergroups_list(team_id=team_id).get("usergroups") or []
    except SlackApiError as error:
        log.info("user groups could not be listed: %s", _code(error))
        return []
    return [
        {"id": str(group["id"]), "name": str(group.get("name") or group.get("handle") or "")[:75]}
        for group in groups
        if group.get("id") and not group.get("date_delete")
    ]


def _pages(method: Any, key: str, **arguments: Any) -> Iterator[Any]:
    cursor = ""
    while True:
        response = method(cursor=cursor, **arguments) if cursor else method(**arguments)
        yield from response.get(key) or []
        cursor = (response.get("response_metadata") or {}).get("next_cursor") or ""
        if not cursor:
            return


def _patient(client: WebClient) -> WebClient:
    """The same workspace and Slack, with Slack's Retry-After honoured: the outbox's client
    leaves 429s to the outbox's own pacing, which a one-off reading has no use for."""
    return WebClient(
        token=client.token,
        base_url=client.base_url,
        timeout=client.timeout,
        retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES)],
    )


def _code(error: Exception) -> str:
    if isinstance(error, SlackApiError) and error.response is not None:
        return str(error.response.get("error", "error"))
    return type(error).__name__
