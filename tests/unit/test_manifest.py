"""The app manifest pastes into Slack as it is: it validates against Slack's published schema."""

import json
from pathlib import Path

import jsonschema
import pytest

from bot.config import BOT_SCOPES

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


def test_manifest_serves_the_oauth_install_and_hears_an_uninstall():
    manifest = json.loads((ROOT / "manifest.json").read_text())
    (redirect,) = manifest["oauth_config"]["redirect_urls"]
    assert redirect.endswith("/slack/oauth_redirect")
    assert ",".join(manifest["oauth_config"]["scopes"]["bot"]) == BOT_SCOPES
    events = manifest["settings"]["event_subscriptions"]["bot_events"]
    assert {"app_uninstalled", "tokens_revoked"} <= set(events)
