"""A deployment's mistakes in settings get a plain answer and a non-zero exit, not a traceback."""

from bot.cli import main


def test_a_bad_setting_is_named_plainly(monkeypatch, capsys):
    monkeypatch.setenv("OPENDOOR_TIMEZONE", "Mars/Base")
    assert main(["jobs", "run"]) == 2
    assert "OPENDOOR_TIMEZONE" in capsys.readouterr().err


def test_an_unusable_database_url_is_named_plainly(monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", "nonsense://nowhere")
    assert main(["jobs", "run"]) == 2
    assert "can't use DATABASE_URL" in capsys.readouterr().err


def test_serve_without_slack_credentials_says_what_to_set(monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(tmp_path)
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN"):
        monkeypatch.setenv(name, "")
    assert main(["serve"]) == 2
    assert "SLACK_BOT_TOKEN" in capsys.readouterr().err
