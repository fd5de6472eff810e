"""The app manifest pastes into Slack as it is: it validates against Slack's published schema."""

import json
from pathlib import Path

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT.parent / "shared" / "slack-manifest.schema.json"


@pytest.mark.skipif(not SCHEMA.exists(), reason="Slack's manifest schema lives in ../shared")
def test_manifest_validates_against_slacks_schema():
    schema = json.loads(SCHEMA.read_text())
    manifest = json.loads((ROOT / "manifest.json").read_text())
    jsonschema.validate(manifest, schema)


def test_manifest_declares_what_the_bot_uses():
    manifest = json.loads((ROOT / "manifest.json").read_text())
    assert [command["command"] for command in manifest["features"]["slash_commands"]] == ["/visit"]
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {"commands", "chat:write", "channels:join", "users:read", "im:write"} <= scopes
    assert manifest["features"]["app_home"]["home_tab_enabled"]
    assert "app_home_opened" in manifest["settings"]["event_subscriptions"]["bot_events"]
    assert manifest["settings"]["interactivity"]["is_enabled"]
