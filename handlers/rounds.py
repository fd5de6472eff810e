"""Coaching rounds: opening one (the modal `/visit round` opens), a participant's notes per
look-for, the coach stepping the debrief along and recording the agreed next step. The route's
clicks (a host's answer, replacing a stop, calling it off) are the team visit's listeners."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App

from bot.domain.reflections import JudgingWords
from bot.domain.round_debrief import (
    STEP_NAMES,
    advance,
    ensure_may_record,
    may_write_notes,
    notes_of,
    record_next_step,
    save_notes,
    step_of,
)
from bot.domain.rounds import RoundForm, get_round, open_round
from bot.domain.team_visit_form import MAX_STOPS, stop_field
from bot.services import Services
from bot.views import ids, rounds
from bot.views.notices import notice_modal
from bot.vocabulary import DEBRIEF_STEPS
from handlers.answers import answer_in_place
from handlers.group_forms import people, stop_form
from handlers.shell import Acting, acting, after_ack, decide_then_answer, opens
from handlers.slack_io import form_id, form_values, metadata

_STEPS = "|".join(step.value for step in DEBRIEF_STEPS[1:])


def register(app: App) -> None:
    app.view(ids.ROUND_MODAL)(submit_round)
    app.action(ids.ROUND_NOTES)(**after_ack(opens(notes_modal), modal=True))
    app.view(ids.ROUND_NOTES_MODAL)(submit_notes)
    app.action(re.compile(f"^{ids.ROUND_STEP}:({_STEPS})$"))(
        **decide_then_answer(decide_step, answer_in_place)
    )
    app.action(ids.ROUND_NEXT_STEP)(**after_ack(opens(next_step_modal), modal=True))
    app.view(ids.ROUND_NEXT_STEP_MODAL)(submit_next_step)


def submit_round(ack: Ack, body: dict[str, Any], services: Services) -> None:
    """Validated at the edge: every rule the form breaks comes back as a field error."""
    values = form_values(body["view"])
    form = RoundForm(
        problem=values.get("problem") or "",
        look_fors=values.get("look_fors") or "",
        participants=people(values, "participants"),
        school=form_id(values, "school"),
        day=values.get("day"),
        stops=[stop_form(values, stop_field(n, "")) for n in range(1, MAX_STOPS + 1)],
        debrief_time=values.get("debrief_time"),
        debrief_place=values.get("debrief_place") or "",
        previous=form_id(values, "previous"),
        team_id=form_id(values, "team_id"),
        video_url=values.get("video_url") or "",
    )
    with acting(services, body) as act:
        visit = open_round(act.session, act.workspace, act.member, form, act.timing, act.now)
        said = rounds.round_opened(visit)
    ack(response_action="update", view=notice_modal(said))


def notes_modal(act: Acting) -> dict[str, Any]:
    visit = may_write_notes(act.session, act.workspace, act.member, act.value)
    return rounds.notes_modal(visit, notes_of(act.session, visit, act.member))


def submit_notes(ack: Ack, body: dict[str, Any], services: Services) -> None:
    """A first save with judging words gets the hint; saving again keeps the author's words."""
    values = form_values(body["view"])
    meta = metadata(body)
    with acting(services, body) as act:
        visit = get_round(act.session, act.workspace, meta["group_visit_id"])
        notes = [values.get(f"look_for_{n}") or "" for n in range(len(visit.look_fors))]
        try:
            save_notes(
                act.session, act.workspace, act.member, visit.id, notes, act.now,
                keep_words=bool(meta.get("hinted")),
            )  # fmt: skip
        except JudgingWords as hint:
            typed = dict(enumerate(notes))
            ack(response_action="update", view=rounds.notes_modal(visit, typed, hint.message))
            return
    ack(response_action="update", view=notice_modal(
        "Saved. The group sees your notes by look-for, without your name; Write notes opens "
        "them again."))  # fmt: skip


def decide_step(click: Acting) -> str:
    to = click.body["actions"][0]["action_id"].split(":", 1)[1]
    visit = advance(click.session, click.workspace, click.member, click.value, to, click.now)
    return f"Moved on to “{STEP_NAMES[step_of(visit)]}”: everyone's debrief shows it."


def next_step_modal(act: Acting) -> dict[str, Any]:
    visit = get_round(act.session, act.workspace, act.value)
    ensure_may_record(visit, act.member)
    return rounds.next_step_modal(visit)


def submit_next_step(ack: Ack, body: dict[str, Any], services: Services) -> None:
    values = form_values(body["view"])
    with acting(services, body) as act:
        record_next_step(
            act.session, act.workspace, act.member, metadata(body)["group_visit_id"],
            values.get("next_step") or "", act.now,
        )  # fmt: skip
    ack(response_action="update", view=notice_modal(
        "Saved with the round. The next round on this problem shows it; the school's leaders "
        "and coaches get the round's data picture."))  # fmt: skip
