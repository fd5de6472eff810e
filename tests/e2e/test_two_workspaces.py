"""Two workspaces installed in one deployment: each one's messages go out with its own token,
and neither sees the other's data."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.models import Notification, Workspace
from bot.stage import SIGNING_SECRET, TEAM_ID, Stage
from bot.standin import SlackRequests
from tests.people import HOST, VISITOR, open_door, owe_notes, set_up

OTHER = "T0OTHER"
SCHOOL_TOKEN, OTHER_TOKEN = "xoxb-school-granted", "xoxb-other-granted"


@pytest.fixture
def stage(oauth_stage: Stage) -> Stage:
    assert oauth_stage.install(team_id=TEAM_ID, bot_token=SCHOOL_TOKEN).status == 200
    assert oauth_stage.install(team_id=OTHER, bot_token=OTHER_TOKEN).status == 200
    return oauth_stage


def other_team(stage: Stage) -> SlackRequests:
    return SlackRequests(stage.send.app_url, SIGNING_SECRET, stage.slack, team_id=OTHER)


def posted_with(stage: Stage, token: str) -> list[str]:
    return [
        call.args.get("text", "")
        for call in stage.slack.calls("chat.postMessage")
        if call.token == token
    ]


def test_each_workspaces_messages_go_out_with_its_own_token(stage):
    set_up(stage)
    other = other_team(stage)
    set_up(stage, "Other School", send=other)
    with stage.services.session_factory() as session:
        now = stage.services.clock()
        for workspace in session.scalars(select(Workspace)):
            owe_notes(session, workspace, [VISITOR], now, tag=workspace.team_id)
    stage.services.outbox.kick()
    stage.settle()
    assert f"{TEAM_ID} 0" in posted_with(stage, SCHOOL_TOKEN)
    assert f"{OTHER} 0" in posted_with(stage, OTHER_TOKEN)
    assert f"{OTHER} 0" not in posted_with(stage, SCHOOL_TOKEN)
    assert f"{TEAM_ID} 0" not in posted_with(stage, OTHER_TOKEN)
    used = {call.token for call in stage.slack.calls() if call.method != "oauth.v2.access"}
    assert used == {SCHOOL_TOKEN, OTHER_TOKEN}, "no call without a workspace's own token"
    with stage.services.session_factory() as session:
        assert not session.scalars(select(Notification).where(Notification.state != "sent")).all()


def test_neither_workspace_sees_the_others_doors(stage):
    set_up(stage)
    open_door(stage)
    other = other_team(stage)
    set_up(stage, "Other School", send=other)
    other.command(HOST, "list")
    stage.settle()
    assert "Station rotation" not in stage.slack.ephemerals(HOST)[-1].plain()
    opened = [call.token for call in stage.slack.calls("views.open")]
    assert opened == [SCHOOL_TOKEN, SCHOOL_TOKEN, OTHER_TOKEN], "each setup with its own token"


def test_uninstalling_one_workspace_leaves_the_other_sending(stage):
    set_up(stage)
    other = other_team(stage)
    set_up(stage, "Other School", send=other)
    other.event({"type": "app_uninstalled", "event_ts": "1.0"})
    stage.settle()
    assert stage.services.installations.bot_for(OTHER, None) is None, "its dead token is gone"
    with stage.services.session_factory() as session:
        now = stage.services.clock()
        for workspace in session.scalars(select(Workspace)):
            owe_notes(session, workspace, [VISITOR], now, tag=workspace.team_id)
    stage.services.outbox.kick()
    stage.settle()
    assert f"{TEAM_ID} 0" in posted_with(stage, SCHOOL_TOKEN)
    assert not [c for c in stage.slack.calls("chat.postMessage") if f"{OTHER} 0" in str(c.args)]
