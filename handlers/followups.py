"""After a visit: reflections, the host's note, "did it happen?", "did you try it?", coach help."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App

from bot.domain.matching import hosts_visited_this_term
from bot.domain.nudges import help_with_request, share_door_again
from bot.domain.offers import get_offer
from bot.domain.open_doors import doors_to_see_again
from bot.domain.reflections import (
    JudgingWords,
    ReflectionForm,
    answer_follow_up,
    answer_visit_check,
    ask_for_help,
    reflection_of,
    save_host_note,
    save_reflection,
)
from bot.domain.visits import get_visit
from bot.services import Services
from bot.views import ids
from bot.views.followups import follow_up_answered
from bot.views.messages import Message
from bot.views.notices import notice_modal
from bot.views.reflection import (
    help_modal,
    help_sent_modal,
    host_reflection_modal,
    reflection_modal,
)
from handlers.answers import answer_in_place, answer_replacing
from handlers.shell import Acting, acting, after_ack, decide_then_answer, opens
from handlers.slack_io import form_values, metadata


def register(app: App) -> None:
    app.action(ids.OPEN_REFLECTION)(**after_ack(opens(visitor_reflection), modal=True))
    app.action(ids.OPEN_HOST_REFLECTION)(**after_ack(opens(host_reflection), modal=True))
    app.view(ids.REFLECTION_MODAL)(submit_reflection)
    app.view(ids.HOST_REFLECTION_MODAL)(submit_host_reflection)
    app.action(ids.VISIT_HAPPENED)(**decide_then_answer(decide_happened, answer_replacing))
    app.action(ids.VISIT_MISSED)(**decide_then_answer(decide_missed, answer_replacing))
    app.action(f"{ids.FOLLOW_UP}:need_help")(**after_ack(opens(need_help), modal=True))
    app.view(ids.HELP_MODAL)(submit_need_help)
    app.action(re.compile(f"^{ids.FOLLOW_UP}:(tried|not_yet)$"))(
        **decide_then_answer(decide_follow_up, answer_replacing)
    )
    app.action(ids.HELP_REQUEST)(**decide_then_answer(decide_help_request, answer_in_place))
    app.action(ids.SHARE_DOOR)(**decide_then_answer(decide_share_door, answer_in_place))


def visitor_reflection(act: Acting) -> dict[str, Any]:
    """Reflect: the visitor's own reflection, opened again to edit; anyone else starts empty."""
    visit = get_visit(act.session, act.workspace, act.value)
    mine = visit.visitor_id == act.member.id
    saved = reflection_of(act.session, visit.offer, act.member) if mine else None
    return reflection_modal(visit, saved, act.workspace.timezone)


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
    with acting(services, body) as act:
        try:
            reflection = save_reflection(
                act.session, act.workspace, act.member, meta["visit_id"], form, act.now,
                keep_words=bool(meta.get("hinted")),
            )  # fmt: skip
        except JudgingWords as hint:
            visit = get_visit(act.session, act.workspace, meta["visit_id"])
            typed = {key: value for key, value in values.items() if isinstance(value, str)}
            view = reflection_modal(
                visit, None, act.workspace.timezone, hint.message, typed, form.share
            )
            ack(response_action="update", view=view)
            return
        shared = reflection.shared
    where = " and shared with the host" if shared else ", private to you"
    ack(response_action="update", view=notice_modal(
        f"Saved{where}. The Reflect button in my message opens it again whenever you'd like to edit it."))  # fmt: skip


def host_reflection(act: Acting) -> dict[str, Any]:
    offer = get_offer(act.session, act.workspace, act.value)
    saved = reflection_of(act.session, offer, act.member)
    return host_reflection_modal(offer, saved, act.workspace.timezone)


def submit_host_reflection(ack: Ack, body: dict[str, Any], services: Services) -> None:
    values = form_values(body["view"])
    with acting(services, body) as act:
        save_host_note(
            act.session, act.workspace, act.member, metadata(body)["offer_id"],
            values.get("hoped") or "", values.get("note") or "",
            "send" in (values.get("send") or []), act.now,
        )  # fmt: skip
    ack()


def decide_happened(click: Acting) -> str:
    answer_visit_check(click.session, click.workspace, click.member, click.value, True, click.now)
    return "Thanks! Counted as a visit."


def decide_missed(click: Acting) -> str:
    answer_visit_check(click.session, click.workspace, click.member, click.value, False, click.now)
    return "Thanks for letting me know. Plans change."


def decide_follow_up(click: Acting) -> Message:
    answer = click.body["actions"][0]["action_id"].split(":", 1)[1]
    visit = answer_follow_up(
        click.session, click.workspace, click.member, click.value, answer, click.now
    )
    return follow_up_answered(answer, visit)


def need_help(act: Acting) -> dict[str, Any]:
    """Need help asks what got in the way before anything is sent; the follow-up stays, so a
    visitor who closes the modal can still answer."""
    visit = get_visit(act.session, act.workspace, act.value)
    return help_modal(visit, act.workspace.timezone)


def submit_need_help(ack: Ack, body: dict[str, Any], services: Services) -> None:
    values = form_values(body["view"])
    with acting(services, body) as act:
        session, workspace, visitor = act.session, act.workspace, act.member
        visit_id = metadata(body)["visit_id"]
        coaches = ask_for_help(
            session, workspace, visitor, visit_id, values.get("got_in_the_way") or "",
            "coach" in (values.get("coach") or []), act.now,
        )  # fmt: skip
        visit = get_visit(session, workspace, visit_id)
        seen = hosts_visited_this_term(session, workspace, visitor, act.now)
        doors = doors_to_see_again(session, workspace, visitor, visit, seen, act.now)
        view = help_sent_modal(visit, doors, workspace.timezone, bool(coaches), seen)
    ack(response_action="update", view=view)


def decide_help_request(click: Acting) -> str:
    request = help_with_request(
        click.session, click.workspace, click.member, click.value, click.now
    )
    return f"Thank you! I've told <@{request.visitor.slack_user_id}> you're helping find a host."


def decide_share_door(click: Acting) -> str:
    share_door_again(click.session, click.workspace, click.member, click.value, click.now)
    return "Shared again in the visits channel, in the open door's thread."
