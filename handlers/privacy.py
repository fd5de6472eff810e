"""*Forget me* under `/visit forget me`'s confirmation, and an admin's *Delete all of this
workspace's data* under `/visit setup delete`'s: each decided before the ack."""

from __future__ import annotations

from slack_bolt import App

from bot.domain.erase import erase_workspace
from bot.domain.forget import forget
from bot.views import ids
from bot.views.messages import Message
from bot.views.privacy import erased, forgotten
from handlers.answers import answer_in_place
from handlers.shell import Acting, decide_then_answer


def register(app: App) -> None:
    app.action(ids.FORGET_ME)(**decide_then_answer(decide_forget, answer_in_place))
    app.action(ids.ERASE_WORKSPACE)(**decide_then_answer(decide_erase, answer_in_place))


def decide_forget(click: Acting) -> Message:
    forget(click.session, click.workspace, click.member, click.now)
    return forgotten()


def decide_erase(click: Acting) -> str:
    return erased(erase_workspace(click.session, click.workspace, click.member))
