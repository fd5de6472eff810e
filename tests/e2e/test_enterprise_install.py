"""An Enterprise Grid org installs Open Door once, org-wide: each of its workspaces is served with
the org's token, in listeners and in scheduled work, and the org can take the app away from one
workspace, from all of them, and give it back."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.models import Notification, Workspace
from bot.stage import SIGNING_SECRET, Stage
from bot.standin import SlackRequests
from tests.people import VISITOR, open_door, owe_notes, run_jobs, set_up

DISTRICT = "E0DISTRICT"
NORTH, SOUTH = "T0NORTH", "T0SOUTH"
ORG_TOKEN, NEW_ORG_TOKEN, NORTH_TOKEN = "xoxb-district", "xoxb-district-again", "xoxb-north"


@pytest.fixture
def stage(oauth_stage: Stage) -> Stage:
    assert oauth_stage.install(enterprise_id=DISTRICT, bot_token=ORG_TOKEN).status == 200
    return oauth_stage


def in_org(stage: Stage, team_id: str) -> SlackRequests:
    """Requests from a workspace of the org, as Slack sends them for an org-wide install."""
    return SlackRequests(
        stage.send.app_url,
        SIGNING_SECRET,
        stage.slack,
        team_id=team_id,
        enterprise_id=DISTRICT,
        org_wide=True,
    )


@pytest.fixture
def north(stage: Stage) -> SlackRequests:
    send = in_org(stage, NORTH)
    set_up(stage, "North Middle", send=send)
    return send


@pytest.fixture
def south(stage: Stage) -> SlackRequests:
    send = in_org(stage, SOUTH)
    set_up(stage, "South Middle", send=send)
    return send


def owe_each_workspace_a_note(stage: Stage) -> None:
    """A message owed to VISITOR in each workspace, '<team> 0', then the outbox's pass."""
    with stage.services.session_factory() as session:
        now = stage.services.clock()
        for workspace in session.scalars(select(Workspace)):
            owe_notes(session, workspace, [VISITOR], now, tag=workspace.team_id)
    stage.services.outbox.kick()
    stage.settle()


def sent_with(stage: Stage, note: str) -> list[str | None]:
    """The tokens each post of this note went out with."""
    return [
        call.token
        for call in stage.slack.calls("chat.postMessage")
        if call.args.get("text") == note
    ]


def still_owed(stage: Stage) -> set[str]:
    with stage.services.session_factory() as session:
        rows = session.scalars(select(Notification).where(Notification.state != "sent"))
        return {str(row.payload.get("text")) for row in rows}


def test_each_workspace_of_the_org_is_served_with_the_orgs_token(stage, north, south):
    with stage.services.session_factory() as session:
        orgs = {w.team_id: w.enterprise_id for w in session.scalars(select(Workspace))}
    assert orgs == {NORTH: DISTRICT, SOUTH: DISTRICT}
    assert {call.token for call in stage.slack.calls("views.open")} == {ORG_TOKEN}

    owe_each_workspace_a_note(stage)

    assert sent_with(stage, f"{NORTH} 0") == [ORG_TOKEN]
    assert sent_with(stage, f"{SOUTH} 0") == [ORG_TOKEN]
    assert not still_owed(stage)


def test_the_staff_lists_of_each_workspace_are_read_with_the_orgs_token(
    stage, frozen, north, south
):
    results = run_jobs(stage, frozen, "2026-11-23T15:00:00Z")

    assert results["rosters"] == 2
    listed = stage.slack.calls("users.list")
    assert {call.args.get("team_id") for call in listed} == {NORTH, SOUTH}
    assert {call.token for call in listed} == {ORG_TOKEN}


def test_neither_workspace_of_the_org_sees_the_others_doors(stage, north, south):
    open_door(stage, send=north)
    south.command(VISITOR, "list")
    stage.settle()
    assert "Station rotation" not in stage.slack.ephemerals(VISITOR)[-1].plain()
    north.command(VISITOR, "list")
    stage.settle()
    assert "Station rotation" in stage.slack.ephemerals(VISITOR)[-1].plain()


def test_the_org_taking_the_app_from_one_workspace_stops_only_that_one(stage, north, south):
    north.event({"type": "team_access_revoked", "team_ids": [SOUTH], "event_ts": "1.0"})
    stage.settle()

    owe_each_workspace_a_note(stage)

    assert sent_with(stage, f"{NORTH} 0") == [ORG_TOKEN]
    assert sent_with(stage, f"{SOUTH} 0") == []
    assert still_owed(stage) == {f"{SOUTH} 0"}, "kept for when the org gives the app back"

    north.event({"type": "team_access_granted", "team_ids": [SOUTH], "event_ts": "2.0"})
    stage.settle()

    assert sent_with(stage, f"{SOUTH} 0") == [ORG_TOKEN]
    assert not still_owed(stage)


def test_uninstalling_org_wide_stops_every_workspace_until_the_org_installs_again(
    stage, north, south
):
    north.event({"type": "app_uninstalled", "event_ts": "1.0"})
    stage.settle()
    installations = stage.services.installations
    assert installations.bot_for(NORTH, DISTRICT) is None, "the org's dead token is gone"

    calls_before = len(stage.slack.calls())
    owe_each_workspace_a_note(stage)
    assert len(stage.slack.calls()) == calls_before, "nothing is sent anywhere in the org"
    assert still_owed(stage) == {f"{NORTH} 0", f"{SOUTH} 0"}

    assert stage.install(enterprise_id=DISTRICT, bot_token=NEW_ORG_TOKEN).status == 200
    stage.settle()

    assert sent_with(stage, f"{NORTH} 0") == [NEW_ORG_TOKEN]
    assert sent_with(stage, f"{SOUTH} 0") == [NEW_ORG_TOKEN]
    assert not still_owed(stage)


def test_a_workspace_installed_on_its_own_uses_its_own_token_not_the_orgs(stage, north, south):
    assert stage.install(team_id=NORTH, enterprise_id=DISTRICT, bot_token=NORTH_TOKEN).status == 200

    owe_each_workspace_a_note(stage)

    assert sent_with(stage, f"{NORTH} 0") == [NORTH_TOKEN]
    assert sent_with(stage, f"{SOUTH} 0") == [ORG_TOKEN]
