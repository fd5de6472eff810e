"""`/visit teams`, the team modal, and deleting a team."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.domain.teams import (
    TeamForm,
    delete_team,
    ensure_may_manage,
    may_manage,
    save_team,
    team_for_editing,
)
from bot.services import Services
from bot.views import ids
from bot.views.notices import notice_modal
from bot.views.teams import team_deleted, team_modal, team_saved
from handlers.shell import Acting, acting, after_ack, decide_then_answer, opens
from handlers.slack_io import form_values, metadata


def register(app: App) -> None:
    app.action(ids.NEW_TEAM)(**after_ack(opens(new_team), modal=True))
    app.action(ids.EDIT_TEAM)(**after_ack(opens(edit_team), modal=True))
    app.action(ids.DELETE_TEAM)(**decide_then_answer(remove_team, show_removed))
    app.view(ids.TEAM_MODAL)(submit_team)


def new_team(act: Acting) -> dict[str, Any]:
    ensure_may_manage(act.member)
    return team_modal(None, manages=True)


def edit_team(act: Acting) -> dict[str, Any]:
    team = team_for_editing(act.session, act.workspace, act.member, act.value)
    return team_modal(team, manages=may_manage(act.member))


def submit_team(ack: Ack, body: dict[str, Any], client: WebClient, services: Services) -> None:
    values = form_values(body["view"])
    team_id = metadata(body).get("team_id")
    form = TeamForm(
        name=values.get("name") or "",
        kind=values.get("kind") or "",
        lead=values.get("lead"),
        members=[user for user in values.get("members") or [] if isinstance(user, str)],
    )
    with acting(services, body) as act:
        team = save_team(act.session, act.workspace, act.member, form, act.now, team_id)
        saved = team_saved(team)
    ack(response_action="update", view=notice_modal(saved))


def remove_team(click: Acting) -> str:
    return delete_team(click.session, click.workspace, click.member, click.value)


def show_removed(name: str, body: dict[str, Any], client: WebClient, services: Services) -> None:
    """The modal the button was in shows what happened, in place of the team it showed."""
    client.views_update(view_id=body["view"]["id"], view=notice_modal(team_deleted(name)))
