"""Approval: a host's answer is private unless it is a welcome; an ask nobody answers is
brought to the host's mind once, then released in time for the visitor to go elsewhere."""

from bot.stage import VISITS_CHANNEL
from tests.people import HOST, VISITOR, book, card, dms_saying, open_door, set_up


def channel_says(stage, posted):
    """Everything the visits channel shows about this door: the card and its thread, as now."""
    return [message.plain() for message in stage.slack.thread(VISITS_CHANNEL, posted.ts)]


def test_a_decline_is_private_the_host_hears_in_an_ephemeral_and_the_visitor_by_dm(stage):
    set_up(stage)
    posted = open_door(stage, approval=["yes"], seats="1")
    book(stage, VISITOR, posted)
    ask = stage.slack.thread(VISITS_CHANNEL, posted.ts)[-1]
    stage.send.click(HOST, "decline_visitor", message=ask)
    stage.settle()
    assert dms_saying(stage, VISITOR, "can't take a visitor")
    assert f"you declined <@{VISITOR}>" in stage.slack.ephemerals(HOST)[-1].plain()
    shown = channel_says(stage, posted)
    assert not [text for text in shown if f"<@{VISITOR}>" in text], shown
    assert not [text for text in shown if "couldn't take" in text or "declined" in text], shown
    closed = next(m for m in stage.slack.thread(VISITS_CHANNEL, posted.ts) if m.ts == ask.ts)
    assert not closed.buttons()
    assert "1 of 1 seat left" in card(stage, posted.ts).plain()


def test_a_visitor_who_withdraws_a_pending_ask_closes_it_in_the_thread(stage):
    set_up(stage)
    posted = open_door(stage, approval=["yes"])
    book(stage, VISITOR, posted)
    (waiting,) = dms_saying(stage, VISITOR, "I've asked")
    stage.send.click(VISITOR, "cancel_visit", message=waiting)
    stage.settle()
    ask = stage.slack.thread(VISITS_CHANNEL, posted.ts)[-1]
    assert not ask.buttons() and f"<@{VISITOR}>" not in ask.plain()
