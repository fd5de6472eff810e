"""*Forget me*, clicked under `/visit forget me`'s confirmation: decided before the ack."""

from __future__ import annotations

from slack_bolt import App

from bot.domain.forget import forget
from bot.views import ids
from bot.views.messages import Message
from bot.views.privacy import forgotten
from handlers.answers import answer_in_place
from handlers.shell import Acting, decide_then_answer


def register(app: App) -> None:
    app.action(ids.FORGET_ME)(**decide_then_answer(decide_forget, answer_in_place))


def decide_forget(click: Acting) -> Message:
    forget(click.session, click.workspace, click.member, click.now)
    return forgotten()
