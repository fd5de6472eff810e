"""Every id a view emits reaches a listener: requests dispatched in-process through Bolt's
`app.dispatch()`, with the work after each ack recorded instead of run. The stand-in Slack only
answers Bolt's one `auth.test`; no listener's work reaches it."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future
from pathlib import Path
from typing import Any

import pytest
from slack_bolt import App, BoltRequest

from bot.app import create_app
from bot.config import Settings
from bot.services import Services, bootstrap
from bot.standin import StandInSlack
from bot.views import ids

LINKS = {ids.CALENDAR_LINK, ids.VIDEO_LINK}  # buttons that open a URL: acknowledged, no work
MODALS = {value for name, value in vars(ids).items() if name.endswith("_MODAL")}
ACTIONS = {
    value
    for name, value in vars(ids).items()
    if name.isupper() and isinstance(value, str) and value not in MODALS
}
SUBMITTED = MODALS - {ids.MATCHES_MODAL}
# Ids that are a prefix: the button's action id adds the answer or the option.
PREFIXED = {
    ids.FOLLOW_UP: "tried",
    ids.TEAM_FOLLOW_UP: "tried",
    ids.TEAM_VOTE: "0",
    ids.ROUND_STEP: "analyse",
}  # the matches modal has buttons, not a submit


class Recorded(Executor):
    """Stands in for the lanes: keeps what Bolt hands over after the ack, runs nothing."""

    def __init__(self) -> None:
        self.work: list[Callable[..., Any]] = []

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        self.work.append(fn)
        done: Future[Any] = Future()
        done.set_result(None)
        return done


@pytest.fixture(scope="module")
def slack() -> Iterator[StandInSlack]:
    running = StandInSlack(team_id="TWIRING").start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory, slack: StandInSlack) -> Iterator[Services]:
    database = tmp_path_factory.mktemp("wiring") / "opendoor.db"
    settings = Settings(
        _env_file=None,
        database_url=f"sqlite:///{database}",
        slack_api_url=slack.base_url,
        slack_signing_secret="secret",
        slack_bot_token=slack.bot_token,
    )
    built = bootstrap(settings)
    yield built
    built.engine.dispose()


@pytest.fixture
def lanes() -> Recorded:
    return Recorded()


@pytest.fixture
def app(services: Services, lanes: Recorded) -> App:
    return create_app(services, lanes)


def dispatch(app: App, body: dict[str, Any], form: bool = True) -> tuple[int, str]:
    raw = f"payload={json.dumps(body)}" if form else json.dumps(body)
    kind = "application/x-www-form-urlencoded" if form else "application/json"
    response = app.dispatch(BoltRequest(body=raw, headers={"content-type": [kind]}))
    return response.status, response.body


def click(action_id: str) -> dict[str, Any]:
    return {
        "type": "block_actions",
        "team": {"id": "TWIRING"},
        "user": {"id": "UWIRING", "team_id": "TWIRING"},
        "trigger_id": "trigger",
        "actions": [{"action_id": action_id, "value": "1", "action_ts": "1.0", "type": "button"}],
    }


@pytest.mark.parametrize("action_id", sorted(ACTIONS))
def test_every_button_reaches_a_listener(
    app: App, lanes: Recorded, slack: StandInSlack, action_id: str
) -> None:
    wired = f"{action_id}:{PREFIXED[action_id]}" if action_id in PREFIXED else action_id
    status, _ = dispatch(app, click(wired))
    assert status == 200
    assert bool(lanes.work) is (action_id not in LINKS)
    assert slack.calls("chat.postMessage") == []


@pytest.mark.parametrize("callback_id", sorted(SUBMITTED))
def test_every_modal_submission_reaches_a_listener(app: App, callback_id: str) -> None:
    body = {
        "type": "view_submission",
        "team": {"id": "TWIRING"},
        "user": {"id": "UWIRING", "team_id": "TWIRING"},
        "view": {
            "id": "V1",
            "type": "modal",
            "team_id": "TWIRING",
            "callback_id": callback_id,
            "private_metadata": "{}",
            "blocks": [{"type": "input", "block_id": "day"}],
            "state": {"values": {}},
        },
    }
    status, answer = dispatch(app, body)
    assert status == 200
    assert json.loads(answer or "{}").get("response_action") in (None, "errors", "update")


def test_an_unknown_button_is_not_answered(app: App) -> None:
    assert dispatch(app, click("no_such_button"))[0] == 404


@pytest.mark.parametrize(
    ("text", "modal_lane"),
    [("offer", True), ("list", False), ("", False), ("setup", True), ("team", True)],
)
def test_visit_subcommands_are_acknowledged_and_worked_after(
    app: App, lanes: Recorded, text: str, modal_lane: bool
) -> None:
    form = f"command=%2Fvisit&text={text}&team_id=TWIRING&user_id=UWIRING&trigger_id=t"
    response = app.dispatch(
        BoltRequest(body=form, headers={"content-type": ["application/x-www-form-urlencoded"]})
    )
    assert response.status == 200
    assert [getattr(work, "opens_modal", False) for work in lanes.work][:1] == [modal_lane]


def test_opening_the_home_tab_is_acknowledged_and_worked_after(app: App, lanes: Recorded) -> None:
    event = {
        "type": "event_callback",
        "team_id": "TWIRING",
        "event": {"type": "app_home_opened", "user": "UWIRING", "tab": "home"},
    }
    assert dispatch(app, event, form=False)[0] == 200
    assert lanes.work


def test_the_app_is_built_from_listener_modules_only() -> None:
    handlers = Path(__file__).resolve().parents[2] / "handlers"
    assert (handlers / "__init__.py").read_text().count("register(app)") == 1
