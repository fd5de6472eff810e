"""The bell schedule modal's answer, and a coverage coordinator's *Covered* / *Can't cover*."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App

from bot.domain.bell_schedule import MAX_DAY_TYPES, BellForm, save_bell_schedule
from bot.services import Services
from bot.views import ids
from bot.views.bell_schedule import schedule_saved
from bot.views.notices import notice_modal
from handlers.shell import acting
from handlers.slack_io import form_numbers, form_values, metadata


def register(app: App) -> None:
    app.view(ids.BELLS_MODAL)(submit_bells)


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
