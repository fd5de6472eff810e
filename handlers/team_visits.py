"""Team visits: planning (the modal `/visit team` opens), a host's answer, the planner's
replacement and calling off, and after the morning the reflection, the vote, the follow-up and
going back to ask a host."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App

from bot.domain.errors import NotAllowed
from bot.domain.team_after import (
    RouteReflectionForm,
    answer_team_follow_up,
    ask_a_host,
    close_poll,
    confirmed_stops,
    membership,
    poll_choices,
    reflection_on,
    save_route_reflection,
    vote,
)
from bot.domain.team_answers import answer_stop, cancel_team_visit, replace_stop
from bot.domain.team_route import get_group_visit, get_stop
from bot.domain.team_visit_form import MAX_STOPS, TeamVisitForm, stop_field
from bot.domain.team_visits import plan_team_visit
from bot.services import Services
from bot.views import ids, team_after, team_visits
from bot.views.messages import Message
from bot.views.notices import notice_modal
from bot.vocabulary import FREED_STOP_STATUSES, GroupVisitStatus, Role
from handlers.answers import answer_in_place, answer_replacing
from handlers.group_forms import people, stop_form
from handlers.shell import Acting, acting, after_ack, decide_then_answer, opens
from handlers.slack_io import form_id, form_values, metadata


def register(app: App) -> None:
    app.view(ids.TEAM_VISIT_MODAL)(submit_team_visit)
    app.action(ids.TEAM_STOP_CONFIRM)(**decide_then_answer(decide_confirm, answer_replacing))
    app.action(ids.TEAM_STOP_DECLINE)(**decide_then_answer(decide_decline, answer_replacing))
    app.action(ids.TEAM_CANCEL)(**decide_then_answer(decide_cancel, answer_in_place))
    app.action(ids.TEAM_REPLACE)(**after_ack(opens(replacement), modal=True))
    app.view(ids.TEAM_REPLACE_MODAL)(submit_replacement)
    app.action(ids.TEAM_REFLECT)(**after_ack(opens(reflection), modal=True))
    app.view(ids.TEAM_REFLECTION_MODAL)(submit_reflection)
    app.action(re.compile(f"^{ids.TEAM_VOTE}:[0-9]$"))(
        **decide_then_answer(decide_vote, answer_replacing)
    )
    app.action(ids.TEAM_CLOSE_POLL)(**decide_then_answer(decide_close, answer_replacing))
    app.action(re.compile(f"^{ids.TEAM_FOLLOW_UP}:(tried|not_yet)$"))(
        **decide_then_answer(decide_follow_up, answer_replacing)
    )
    app.action(ids.TEAM_ASK)(**after_ack(opens(ask_modal), modal=True))
    app.action(ids.TEAM_NEED_HELP)(**after_ack(opens(need_help_modal), modal=True))
    app.view(ids.TEAM_ASK_MODAL)(submit_question)


def submit_team_visit(ack: Ack, body: dict[str, Any], services: Services) -> None:
    """Validated at the edge: every rule the form breaks comes back as a field error."""
    values = form_values(body["view"])
    form = TeamVisitForm(
        team=people(values, "team"),
        team_id=form_id(values, "team_id"),
        school=form_id(values, "school"),
        day=values.get("day"),
        stops=[stop_form(values, stop_field(n, "")) for n in range(1, MAX_STOPS + 1)],
        debrief_time=values.get("debrief_time"),
        debrief_place=values.get("debrief_place") or "",
        debrief_prompt=values.get("debrief_prompt") or "",
        options=values.get("options") or "",
    )
    with acting(services, body) as act:
        visit = plan_team_visit(act.session, act.workspace, act.member, form, act.timing, act.now)
        said = team_visits.team_visit_planned(visit)
    ack(response_action="update", view=notice_modal(said))


def decide_confirm(click: Acting) -> str:
    stop = answer_stop(click.session, click.workspace, click.member, click.value, True, click.now)
    return (
        f"Thank you! You're stop {stop.position} of the {team_visits.noun(stop.group_visit)} "
        f"{team_visits.morning(stop.group_visit)}. The team has the itinerary."
    )


def decide_decline(click: Acting) -> str:
    answer_stop(click.session, click.workspace, click.member, click.value, False, click.now)
    return "Thanks for letting me know. I've asked the planner to find another classroom."


def decide_cancel(click: Acting) -> str:
    visit = cancel_team_visit(click.session, click.workspace, click.member, click.value, click.now)
    return (
        f"Called off: the {team_visits.noun(visit)} {team_visits.morning(visit)}. "
        "I've told the hosts and the people on it."
    )


def replacement(act: Acting) -> dict[str, Any]:
    stop = get_stop(act.session, act.workspace, act.value)
    visit = stop.group_visit
    if act.member.id != visit.planner_id and act.member.role != Role.ADMIN:
        raise NotAllowed("Only the team visit's planner can replace a stop.")
    if stop.status not in FREED_STOP_STATUSES or visit.status != GroupVisitStatus.PLANNED:
        raise NotAllowed(f"This stop is {stop.status} now: there's nothing to replace.")
    return team_visits.replace_modal(stop, act.workspace.timezone)


def submit_replacement(ack: Ack, body: dict[str, Any], services: Services) -> None:
    values = form_values(body["view"])
    form = stop_form(values, "stop_")
    with acting(services, body) as act:
        stop = replace_stop(
            act.session, act.workspace, act.member, metadata(body)["stop_id"], form,
            act.timing, act.now,
        )  # fmt: skip
        said = f"I've asked <@{stop.host.slack_user_id}> to host stop {stop.position}."
    ack(response_action="update", view=notice_modal(said))


def reflection(act: Acting) -> dict[str, Any]:
    visit = get_group_visit(act.session, act.workspace, act.value)
    membership(act.session, visit, act.member)
    return team_after.reflection_modal(visit, reflection_on(act.session, visit, act.member))


def submit_reflection(ack: Ack, body: dict[str, Any], services: Services) -> None:
    values = form_values(body["view"])
    form = RouteReflectionForm(
        noticed=values.get("noticed") or "",
        wondered=values.get("wondered") or "",
        will_try=values.get("will_try") or "",
        share="share" in (values.get("share") or []),
    )
    with acting(services, body) as act:
        saved = save_route_reflection(
            act.session, act.workspace, act.member, metadata(body)["group_visit_id"], form, act.now
        )
        shared = saved.shared
    where = "and shared with the route's hosts" if shared else "private to you"
    ack(response_action="update", view=notice_modal(f"Saved, {where}. Reflect opens it again."))


def decide_vote(click: Acting) -> Message:
    choice = int(click.body["actions"][0]["action_id"].rsplit(":", 1)[1])
    visit, mine = vote(click.session, click.workspace, click.member, click.value, choice, click.now)
    return team_after.poll(visit, poll_choices(visit), mine)


def decide_close(click: Acting) -> Message:
    visit = get_group_visit(click.session, click.workspace, click.value)
    close_poll(click.session, click.workspace, visit, click.now, click.member)
    return team_after.decision(visit)


def decide_follow_up(click: Acting) -> Message:
    answer = click.body["actions"][0]["action_id"].split(":", 1)[1]
    visit = answer_team_follow_up(click.session, click.workspace, click.member, click.value, answer)
    return team_after.follow_up_answered(visit, answer)


def ask_modal(act: Acting, need_help: bool = False) -> dict[str, Any]:
    visit = get_group_visit(act.session, act.workspace, act.value)
    membership(act.session, visit, act.member)
    hosts = [stop.host for stop in confirmed_stops(visit)]
    if not hosts:
        raise NotAllowed("No host confirmed a stop on this team visit, so there's nobody to ask.")
    return team_after.ask_modal(visit, hosts, need_help)


def need_help_modal(act: Acting) -> dict[str, Any]:
    return ask_modal(act, need_help=True)


def submit_question(ack: Ack, body: dict[str, Any], services: Services) -> None:
    values = form_values(body["view"])
    meta = metadata(body)
    with acting(services, body) as act:
        host = ask_a_host(
            act.session, act.workspace, act.member, meta["group_visit_id"],
            form_id(values, "host"), values.get("question") or "", bool(meta.get("need_help")),
            act.now,
        )  # fmt: skip
        said = f"Sent to <@{host.slack_user_id}>, with the team visit it's about."
    ack(response_action="update", view=notice_modal(said))
