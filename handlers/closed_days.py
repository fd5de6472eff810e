"""*Cancel* and *Keep it* on the ask about a day setup closed, for hosts and for visitors.

Each answer is decided before the click is acknowledged (`decide_then_answer`), then replaces the
ask, so its buttons can't be pressed twice; a late click is refused with a note beside the ask,
which stays as it was."""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt import App

from bot.domain.closed_days import answer_as_host, answer_as_visitor
from bot.views import ids
from bot.views.closed_days import host_answered, visitor_answered
from bot.views.messages import Message
from handlers.answers import answer_replacing
from handlers.shell import Acting, decide_then_answer


def register(app: App) -> None:
    app.action(ids.CLOSED_DAY_CANCEL_DOOR)(**decide_then_answer(as_host(True), answer_replacing))
    app.action(ids.CLOSED_DAY_KEEP_DOOR)(**decide_then_answer(as_host(False), answer_replacing))
    app.action(ids.CLOSED_DAY_CANCEL_VISIT)(
        **decide_then_answer(as_visitor(True), answer_replacing)
    )
    app.action(ids.CLOSED_DAY_KEEP_VISIT)(**decide_then_answer(as_visitor(False), answer_replacing))


def as_host(cancel: bool) -> Callable[[Acting], Message]:
    def decide(click: Acting) -> Message:
        offer = answer_as_host(
            click.session, click.workspace, click.member, click.value, cancel, click.now
        )
        return host_answered(offer, click.workspace.timezone, cancelled=cancel)

    return decide


def as_visitor(cancel: bool) -> Callable[[Acting], Message]:
    def decide(click: Acting) -> Message:
        visit = answer_as_visitor(
            click.session, click.workspace, click.member, click.value, cancel, click.now
        )
        return visitor_answered(visit, click.workspace.timezone, cancelled=cancel)

    return decide
