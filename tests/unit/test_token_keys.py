"""Tokens at rest: sealed with the newest key, read with any key listed, re-encrypted on rotation."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet, InvalidToken
from slack_sdk.oauth.installation_store import Installation
from sqlalchemy import text

from bot.cli import main
from bot.db import make_engine, migrate
from bot.installations import installation_store

OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()


@pytest.fixture
def engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'keys.db'}")
    migrate(engine)
    yield engine
    engine.dispose()


def install(store, token="xoxb-secret-bot", user_token="xoxp-secret-person"):
    store.save(
        Installation(
            app_id="A1", team_id="T1", user_id="U1", bot_token=token, bot_id="B1",
            bot_user_id="UBOT", bot_scopes="chat:write", user_token=user_token,
            bot_refresh_token="xoxe-secret-refresh",
        )
    )  # fmt: skip


def sealed(engine) -> list[str]:
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT bot_token FROM slack_bots UNION ALL SELECT bot_token FROM "
                "slack_installations UNION ALL SELECT user_token FROM slack_installations"
            )
        )
        return [row[0] for row in rows]


def dump(engine) -> str:
    raw = engine.raw_connection()
    try:
        return "\n".join(raw.driver_connection.iterdump())
    finally:
        raw.close()


def test_no_token_is_in_clear_in_a_dump_and_each_reads_back(engine):
    store = installation_store("client", engine, OLD)
    install(store)
    assert "secret" not in dump(engine)
    bot = store.find_bot(enterprise_id=None, team_id="T1")
    assert (bot.bot_token, bot.bot_refresh_token) == ("xoxb-secret-bot", "xoxe-secret-refresh")
    found = store.find_installation(enterprise_id=None, team_id="T1", user_id="U1")
    assert (found.bot_token, found.user_token) == ("xoxb-secret-bot", "xoxp-secret-person")


def test_a_new_key_first_reads_old_rows_and_writes_with_the_new_key(engine):
    install(installation_store("client", engine, OLD))
    rotated = installation_store("client", engine, f"{NEW},{OLD}")
    assert rotated.find_bot(enterprise_id=None, team_id="T1").bot_token == "xoxb-secret-bot"
    install(rotated, token="xoxb-secret-again")
    newest = installation_store("client", engine, NEW)
    assert newest.find_bot(enterprise_id=None, team_id="T1").bot_token == "xoxb-secret-again"


def oauth_settings(monkeypatch, tmp_path, engine, keys: str) -> None:
    """The environment `opendoor` reads, as an OAuth deployment sets it (and no .env)."""
    monkeypatch.chdir(tmp_path)
    environment = {
        "SLACK_BOT_TOKEN": "",
        "SLACK_CLIENT_ID": "client",
        "SLACK_CLIENT_SECRET": "secret",
        "OPENDOOR_TOKEN_KEYS": keys,
        "DATABASE_URL": engine.url.render_as_string(hide_password=False),
    }
    for name, value in environment.items():
        monkeypatch.setenv(name, value)


def test_tokens_rotate_re_encrypts_every_row_so_the_old_key_can_go(
    engine, monkeypatch, tmp_path, capsys
):
    install(installation_store("client", engine, OLD))
    before = sealed(engine)
    oauth_settings(monkeypatch, tmp_path, engine, f"{NEW},{OLD}")

    assert main(["tokens", "rotate"]) == 0

    assert "2 installation row(s)" in capsys.readouterr().out
    assert all(Fernet(NEW.encode()).decrypt(value.encode()) for value in sealed(engine)), (
        "every token now opens with the new key alone"
    )
    assert sealed(engine) != before
    newest = installation_store("client", engine, NEW)
    found = newest.find_installation(enterprise_id=None, team_id="T1", user_id="U1")
    assert found.user_token == "xoxp-secret-person"


def test_tokens_rotate_with_one_workspace_says_there_is_nothing_stored(monkeypatch, capsys):
    monkeypatch.setenv("SLACK_CLIENT_ID", "")
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    assert main(["tokens", "rotate"]) == 2
    assert "only in OAuth mode" in capsys.readouterr().err


def test_a_key_not_listed_reads_nothing(engine):
    install(installation_store("client", engine, OLD))
    with pytest.raises(InvalidToken):
        installation_store("client", engine, NEW).find_bot(enterprise_id=None, team_id="T1")


def test_a_malformed_key_stops_the_start(engine):
    with pytest.raises(ValueError):
        installation_store("client", engine, "not-a-key")


def test_a_deployment_runs_in_one_install_mode_and_oauth_needs_its_keys():
    from pydantic import ValidationError

    from bot.config import Settings

    with pytest.raises(ValidationError, match="not both"):
        Settings(_env_file=None, slack_bot_token="xoxb-1", slack_client_id="1.2")
    with pytest.raises(ValidationError, match="OPENDOOR_TOKEN_KEYS"):
        Settings(_env_file=None, slack_client_id="1.2", slack_client_secret="s")
    assert Settings(
        _env_file=None, slack_client_id="1.2", slack_client_secret="s", opendoor_token_keys=NEW
    ).oauth
    assert not Settings(_env_file=None, slack_bot_token="xoxb-1").oauth
