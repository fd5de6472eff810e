"""Installing through Slack's OAuth flow, end to end: the install page, *Allow*, the redirect,
oauth.v2.access, and the installation stored, its token sealed, for a workspace or a whole org."""

from __future__ import annotations

import pytest
from sqlalchemy import MetaData

from bot.stage import TEAM_ID, Stage
from tests.people import ADMIN, set_up

DISTRICT = "E0DISTRICT"


@pytest.fixture
def stage(oauth_stage: Stage) -> Stage:
    return oauth_stage


def dump(stage: Stage) -> str:
    """Every row of every table, as a database dump would hold them, on either database."""
    tables = MetaData()
    tables.reflect(bind=stage.services.engine)
    with stage.services.engine.connect() as connection:
        return "\n".join(
            repr(tuple(row))
            for table in tables.sorted_tables
            for row in connection.execute(table.select())
        )


def test_a_workspace_installs_and_then_answers_its_people_with_its_own_token(stage):
    page = stage.install(team_id=TEAM_ID, bot_token="xoxb-school-granted")
    assert page.status == 200, page.body
    (exchange,) = stage.slack.calls("oauth.v2.access")
    assert exchange.token is not None and exchange.token.startswith("Basic ")
    bot = stage.services.installations.find_bot(enterprise_id=None, team_id=TEAM_ID)
    assert bot is not None and bot.bot_token == "xoxb-school-granted"
    set_up(stage)
    assert stage.slack.calls("views.open")[-1].token == "xoxb-school-granted"
    (hello,) = stage.slack.calls("chat.postMessage")
    assert hello.token == "xoxb-school-granted", "the outbox sends with the workspace's token"
    assert "xoxb-school-granted" not in dump(stage), "the token is encrypted at rest"


def test_an_org_wide_install_is_found_for_the_org(stage):
    page = stage.install(enterprise_id=DISTRICT, bot_token="xoxb-district-granted")
    assert page.status == 200, page.body
    bot = stage.services.installations.find_bot(
        enterprise_id=DISTRICT, team_id=None, is_enterprise_install=True
    )
    assert bot is not None and bot.bot_token == "xoxb-district-granted"
    assert bot.is_enterprise_install and bot.team_id is None
    (check,) = stage.slack.calls("auth.test")
    assert check.token == "xoxb-district-granted"
    assert "xoxb-district-granted" not in dump(stage)


def test_a_redirect_without_the_browsers_state_installs_nothing(stage):
    from bot.standin.browser import get

    page = get(f"{stage.root}/slack/oauth_redirect?code=stolen&state=made-up")
    assert page.status == 400
    assert not stage.slack.calls("oauth.v2.access")
    assert stage.services.installations.find_bot(enterprise_id=None, team_id=TEAM_ID) is None


def test_before_any_install_a_workspace_gets_no_answer_with_a_token(stage):
    reply = stage.send.command(ADMIN, "setup")
    assert not stage.slack.calls("views.open")
    assert reply.status in (200, 401)
