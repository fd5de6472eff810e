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
from bot.views.agenda import notice_modal
from bot.views.followups import follow_up_answered
from bot.views.messages import Message
from bot.views.reflection import host_reflection_modal, reflection_modal
from handlers.answers import answer_in_place, answer_replacing
from handlers.shell import Click, after_ack, decide_then_answer
from handlers.slack_io import action_value, actor, form_values, metadata


def register(app: App) -> None:
    app.action(ids.OPEN_REFLECTION)(**after_ack(click_reflect, modal=True))
    app.action(ids.OPEN_HOST_REFLECTION)(**after_ack(click_host_reflect, modal=True))
    app.view(ids.REFLECTION_MODAL)(submit_reflection)
    app.view(ids.HOST_REFLECTION_MODAL)(submit_host_reflection)
    app.action(ids.VISIT_HAPPENED)(**decide_then_answer(decide_happened, answer_replacing))
    app.action(ids.VISIT_MISSED)(**decide_then_answer(decide_missed, answer_replacing))
    app.action(re.compile(f"^{ids.FOLLOW_UP}:"))(
        **decide_then_answer(decide_follow_up, answer_replacing)
    )
    app.action(ids.HELP_REQUEST)(**decide_then_answer(decide_help_request, answer_in_place))
    app.action(ids.SHARE_DOOR)(**decide_then_answer(decide_share_door, answer_in_place))


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


def decide_happened(click: Click) -> str:
    answer_visit_check(click.session, click.workspace, click.member, click.value, True, click.now)
    return "Thanks! Counted as a visit."


def decide_missed(click: Click) -> str:
    answer_visit_check(click.session, click.workspace, click.member, click.value, False, click.now)
    return "Thanks for letting me know. Plans change."


def decide_follow_up(click: Click) -> Message:
    answer = click.body["actions"][0]["action_id"].split(":", 1)[1]
    session, workspace, visitor = click.session, click.workspace, click.member
    visit = answer_follow_up(session, workspace, visitor, click.value, answer, click.now)
    doors = more_doors_of(session, workspace, visitor, visit.offer.host, click.now)
    return follow_up_answered(answer, visit, doors, workspace.timezone)


def decide_help_request(click: Click) -> str:
    request = help_with_request(
        click.session, click.workspace, click.member, click.value, click.now
    )
    return f"Thank you! I've told <@{request.visitor.slack_user_id}> you're helping find a host."


def decide_share_door(click: Click) -> str:
    share_door_again(click.session, click.workspace, click.member, click.value, click.now)
    return "Shared again in the visits channel, in the open door's thread."
