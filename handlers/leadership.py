"""A leader's own records: submitting a walk-through or a check-in (the modals `/visit
walkthrough` and `/visit checkin` open), and the notes per goal after a check-in."""

from __future__ import annotations

from datetime import date
from typing import Any

from slack_bolt import Ack, App

from bot.domain.check_ins import (
    MAX_GOALS,
    CheckInForm,
    leaders_check_in,
    next_day,
    notes_of,
    save_notes,
    schedule_check_in,
    starts_at,
    stop_check_in,
)
from bot.domain.errors import NotFound
from bot.domain.walk_throughs import WalkThroughForm, save_walk_through
from bot.services import Services
from bot.views import ids, leadership
from bot.views.notices import notice_modal
from handlers.answers import answer_in_place
from handlers.group_forms import people, person
from handlers.shell import Acting, acting, after_ack, decide_then_answer, opens
from handlers.slack_io import form_id, form_number, form_values, metadata, valid_id


def register(app: App) -> None:
    app.view(ids.WALK_THROUGH_MODAL)(submit_walk_through)
    app.view(ids.CHECK_IN_MODAL)(submit_check_in)
    app.action(ids.CHECK_IN_NOTES)(**after_ack(opens(notes_modal), modal=True))
    app.view(ids.CHECK_IN_NOTES_MODAL)(submit_notes)
    app.action(ids.STOP_CHECK_IN)(**decide_then_answer(decide_stop, answer_in_place))


def decide_stop(click: Acting) -> str:
    check_in = stop_check_in(click.session, click.workspace, click.member, click.value, click.now)
    return leadership.check_in_stopped(check_in)


def submit_walk_through(ack: Ack, body: dict[str, Any], services: Services) -> None:
    values = form_values(body["view"])
    form = WalkThroughForm(
        teachers=people(values, "teachers"),
        look_fors=values.get("look_fors") or "",
        notes=values.get("notes") or "",
        shared_with=people(values, "shared_with"),
        shared_note=values.get("shared_note") or "",
    )
    with acting(services, body) as act:
        walk = save_walk_through(act.session, act.workspace, act.member, form, act.now)
        said = leadership.walk_through_saved(walk)
    ack(response_action="update", view=notice_modal(said))


def submit_check_in(ack: Ack, body: dict[str, Any], services: Services) -> None:
    values = form_values(body["view"])
    form = CheckInForm(
        partner=person(values, "partner"),
        school=form_id(values, "school"),
        goals=values.get("goals") or "",
        ordinal=form_number(values, "ordinal", 0),
        weekday=form_number(values, "weekday", -1),
        hour=form_number(values, "hour", 0),
    )
    with acting(services, body) as act:
        check_in = schedule_check_in(act.session, act.workspace, act.member, form, act.now)
        first = starts_at(act.workspace, check_in, next_day(act.workspace, check_in, act.now))
        said = leadership.check_in_scheduled(check_in, first, act.workspace.timezone)
    ack(response_action="update", view=notice_modal(said))


def _occurrence(raw: object) -> tuple[int, date]:
    """A check-in and its day, as the *Note progress* button carries them (`12:2026-12-15`)."""
    check_in_id, _, day = str(raw).partition(":")
    number = valid_id(check_in_id)
    try:
        when = date.fromisoformat(day)
    except ValueError:
        number = None
    if number is None:
        raise NotFound("I can't find that check-in.")
    return number, when


def notes_modal(act: Acting) -> dict[str, Any]:
    check_in_id, day = _occurrence(act.body["actions"][0].get("value"))
    check_in = leaders_check_in(act.session, act.workspace, act.member, check_in_id, day, act.now)
    return leadership.check_in_notes_modal(check_in, day, notes_of(act.session, check_in, day))


def submit_notes(ack: Ack, body: dict[str, Any], services: Services) -> None:
    values = form_values(body["view"])
    meta = metadata(body)
    check_in_id, day = _occurrence(f"{meta.get('check_in_id')}:{meta.get('day')}")
    notes = [values.get(f"goal_{place}") or "" for place in range(MAX_GOALS)]
    with acting(services, body) as act:
        save_notes(act.session, act.workspace, act.member, check_in_id, day, notes, act.now)
    ack(response_action="update", view=notice_modal(
        "Saved. Your weekly digest shows each goal's notes, newest first."))  # fmt: skip
