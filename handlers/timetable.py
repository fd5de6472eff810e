"""The bell schedule modal's answer, and a coverage coordinator's *Covered* / *Can't cover*."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App

from bot.domain.bell_schedule import MAX_DAY_TYPES, BellForm, save_bell_schedule
from bot.domain.cover import COVERED, REFUSED, answer_cover
from bot.services import Services
from bot.views import ids
from bot.views.bell_schedule import schedule_saved
from bot.views.cover import cover_line_answered
from bot.views.notices import notice_modal
from handlers.answers import answer_in_place
from handlers.shell import Acting, acting, decide_then_answer
from handlers.slack_io import form_numbers, form_values, metadata


def register(app: App) -> None:
    app.view(ids.BELLS_MODAL)(submit_bells)
    app.action(ids.COVERED)(**decide_then_answer(decide_covered, answer_in_place))
    app.action(ids.CANT_COVER)(**decide_then_answer(decide_cant_cover, answer_in_place))


def submit_bells(ack: Ack, body: dict[str, Any], services: Services) -> None:
    values = form_values(body["view"])
    rows = range(MAX_DAY_TYPES)
    form = BellForm(
        names=[str(values.get(f"day_type_{i}_name") or "") for i in rows],
        weekdays=[form_numbers(values, f"day_type_{i}_days") for i in rows],
        periods=[str(values.get(f"day_type_{i}_periods") or "") for i in rows],
    )
    with acting(services, body) as act:
        school, types = save_bell_schedule(
            act.workspace, act.member, metadata(body).get("school_id"), form
        )
        text = schedule_saved(school, types)
    ack(response_action="update", view=notice_modal(text))


def decide_covered(click: Acting) -> str:
    return _answer(click, COVERED)


def decide_cant_cover(click: Acting) -> str:
    return _answer(click, REFUSED)


def _answer(click: Acting, answer: str) -> str:
    visit = answer_cover(
        click.session, click.workspace, click.member, click.value, answer, click.now
    )
    return cover_line_answered(visit, answer)
