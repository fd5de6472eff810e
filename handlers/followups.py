"""After a visit: reflections, the host's note, "did it happen?", "did you try it?", coach help."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.domain.bookings import get_visit
from bot.domain.nudges import help_with_request, share_door_again
from bot.domain.offers import get_offer, more_doors_of
from bot.domain.reflections import (
    JudgingWords,
    ReflectionForm,
    answer_follow_up,
    answer_visit_check,
    reflection_of,
    save_host_note,
    save_reflection,
)
from bot.services import Services
from bot.views import ids
from bot.views.agenda import notice, notice_modal
from bot.views.followups import follow_up_answered
from bot.views.reflection import host_reflection_modal, reflection_modal
from handlers.shell import after_ack
from handlers.slack_io import action_value, actor, form_values, metadata, reply


def register(app: App) -> None:
    app.action(ids.OPEN_REFLECTION)(**after_ack(click_reflect, modal=True))
    app.action(ids.OPEN_HOST_REFLECTION)(**after_ack(click_host_reflect, modal=True))
    app.view(ids.REFLECTION_MODAL)(submit_reflection)
    app.view(ids.HOST_REFLECTION_MODAL)(submit_host_reflection)
    app.action(ids.VISIT_HAPPENED)(**after_ack(click_happened))
    app.action(ids.VISIT_MISSED)(**after_ack(click_missed))
    app.action(re.compile(f"^{ids.FOLLOW_UP}:"))(**after_ack(click_follow_up))
    app.action(ids.HELP_REQUEST)(**after_ack(click_help_request))
    app.action(ids.SHARE_DOOR)(**after_ack(click_share_door))


def click_reflect(body: dict[str, Any], client: WebClient, services: Services) -> None:
    with services.unit_of_work() as session:
        workspace, member = actor(session, body)
        visit = get_visit(session, workspace, action_value(body))
        mine = (
            reflection_of(session, visit.offer, member) if visit.visitor_id == member.id else None
        )
        view = reflection_modal(visit, mine, workspace.timezone)
    client.views_open(trigger_id=body["trigger_id"], view=view)


def submit_reflection(ack: Ack, body: dict[str, Any], services: Services) -> None:
    """A first save with judging words gets a gentle hint; saving again keeps the author's words."""
    values = form_values(body["view"])
    meta = metadata(body)
    form = ReflectionForm(
        noticed=values.get("noticed") or "",
        wondered=values.get("wondered") or "",
        will_try=values.get("will_try") or "",
        question=values.get("question") or "",
        thanks=values.get("thanks") or "",
        share="share" in (values.get("share") or []),
    )
    with services.unit_of_work() as session:
        workspace, author = actor(session, body)
        try:
            reflection = save_reflection(
                session, workspace, author, meta["visit_id"], form, services.clock(),
                keep_words=bool(meta.get("hinted")),
            )  # fmt: skip
        except JudgingWords as hint:
            visit = get_visit(session, workspace, meta["visit_id"])
            typed = {key: value for key, value in values.items() if isinstance(value, str)}
            view = reflection_modal(
                visit, None, workspace.timezone, hint.message, typed, form.share
            )
            ack(response_action="update", view=view)
            return
        shared = reflection.shared
    where = " and shared with the host" if shared else ", private to you"
    ack(response_action="update", view=notice_modal(
        f"Saved{where}. The Reflect button in my message opens it again whenever you'd like to edit it."))  # fmt: skip


def click_host_reflect(body: dict[str, Any], client: WebClient, services: Services) -> None:
    with services.unit_of_work() as session:
        workspace, host = actor(session, body)
        offer = get_offer(session, workspace, action_value(body))
        view = host_reflection_modal(offer, reflection_of(session, offer, host), workspace.timezone)
    client.views_open(trigger_id=body["trigger_id"], view=view)


def submit_host_reflection(ack: Ack, body: dict[str, Any], services: Services) -> None:
    values = form_values(body["view"])
    with services.unit_of_work() as session:
        workspace, host = actor(session, body)
        save_host_note(
            session, workspace, host, metadata(body)["offer_id"], values.get("hoped") or "",
            values.get("note") or "", "send" in (values.get("send") or []), services.clock(),
        )  # fmt: skip
    ack()


def click_happened(body: dict[str, Any], client: WebClient, services: Services) -> None:
    _visit_check(body, client, services, happened=True)


def click_missed(body: dict[str, Any], client: WebClient, services: Services) -> None:
    _visit_check(body, client, services, happened=False)


def _visit_check(
    body: dict[str, Any], client: WebClient, services: Services, happened: bool
) -> None:
    with services.unit_of_work() as session:
        workspace, member = actor(session, body)
        answer_visit_check(
            session, workspace, member, action_value(body), happened, services.clock()
        )
    text = (
        "Thanks! Counted as a visit." if happened else "Thanks for letting me know. Plans change."
    )
    reply(client, body, notice(text), replace=True)


def click_follow_up(body: dict[str, Any], client: WebClient, services: Services) -> None:
    answer = body["actions"][0]["action_id"].split(":", 1)[1]
    now = services.clock()
    with services.unit_of_work() as session:
        workspace, visitor = actor(session, body)
        visit = answer_follow_up(session, workspace, visitor, action_value(body), answer, now)
        doors = more_doors_of(session, workspace, visitor, visit.offer.host, now)
        message = follow_up_answered(answer, visit, doors, workspace.timezone)
    reply(client, body, message, replace=True)


def click_help_request(body: dict[str, Any], client: WebClient, services: Services) -> None:
    with services.unit_of_work() as session:
        workspace, coach = actor(session, body)
        request = help_with_request(session, workspace, coach, action_value(body), services.clock())
        visitor = request.visitor.slack_user_id
    reply(client, body, notice(f"Thank you! I've told <@{visitor}> you're helping find a host."))


def click_share_door(body: dict[str, Any], client: WebClient, services: Services) -> None:
    with services.unit_of_work() as session:
        workspace, coach = actor(session, body)
        share_door_again(session, workspace, coach, action_value(body), services.clock())
    reply(client, body, notice("Shared again in the visits channel, in the open door's thread."))
