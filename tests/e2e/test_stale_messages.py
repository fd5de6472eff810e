"""Issue 9, stale buttons and messages: a click on an old message never acts on what the visit
has become since; the DMs about a visit show its current state, with only the buttons that
still apply; a prompt names the visit it is about."""

from sqlalchemy import select

from bot.models import Visit
from bot.stage import VISITS_CHANNEL
from tests.people import HOST, VISITOR, book, dms_saying, open_door, set_up


def visit_status(stage):
    with stage.services.session_factory() as session:
        return session.scalars(select(Visit.status)).one()


def accept(stage, posted):
    stage.send.click(
        HOST, "approve_visitor", message=stage.slack.thread(VISITS_CHANNEL, posted.ts)[-1]
    )
    stage.settle()


def test_withdrawing_an_ask_the_host_has_since_accepted_cancels_nothing(stage):
    set_up(stage)
    posted = open_door(stage, approval=["yes"])
    book(stage, VISITOR, posted)
    (waiting,) = dms_saying(stage, VISITOR, "I've asked")
    accept(stage, posted)
    stage.send.click(VISITOR, "cancel_visit", message=waiting)  # as the visitor's screen had it
    stage.settle()
    assert visit_status(stage) == "confirmed"
    answer = stage.slack.ephemerals(VISITOR)[-1].plain()
    assert "confirmed since that message" in answer and "changed nothing" in answer
