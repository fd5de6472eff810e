"""Approval: a host's answer is private unless it is a welcome; an ask nobody answers is
brought to the host's mind once, then released in time for the visitor to go elsewhere."""

import pytest
from sqlalchemy import select

from bot.models import Visit
from bot.stage import VISITS_CHANNEL
from tests.people import (
    HOST,
    HOST2,
    VISITOR,
    book,
    card,
    dms_saying,
    open_door,
    run_jobs,
    set_up,
)


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


def test_a_host_who_cancels_the_door_closes_a_pending_ask_in_the_thread(stage):
    set_up(stage)
    posted = open_door(stage, approval=["yes"])
    book(stage, VISITOR, posted)
    stage.send.command(HOST, "mine")
    stage.settle()
    mine = stage.slack.ephemerals(HOST)[-1]
    stage.send.click(HOST, "cancel_offer", message=mine)
    stage.settle()
    ask = stage.slack.thread(VISITS_CHANNEL, posted.ts)[-1]
    assert not ask.buttons() and f"<@{VISITOR}>" not in ask.plain()


# The door is on Wednesday; the ask is made on Monday at 09:00 (New York, the school's zone).
# The host is reminded a day later, Tuesday 09:00; the ask lapses when the day-before reminders
# would go, Tuesday 15:00 (20:00 UTC).
WEDNESDAY = {"day": "2026-11-25", "approval": ["yes"]}


def visit_status(stage):
    with stage.services.session_factory() as session:
        return session.scalars(select(Visit.status)).one()


def test_an_unanswered_ask_reminds_the_host_once_then_frees_the_seat_and_offers_other_doors(
    stage, frozen
):
    set_up(stage)
    posted = open_door(stage, **WEDNESDAY)
    elsewhere = open_door(stage, host=HOST2, day="2026-11-26")
    book(stage, VISITOR, posted)
    run_jobs(stage, frozen, "2026-11-24 13:59:00")
    assert not dms_saying(stage, HOST, "still hoping")
    run_jobs(stage, frozen, "2026-11-24 14:00:00")
    run_jobs(stage, frozen, "2026-11-24 19:59:00")
    (reminder,) = dms_saying(stage, HOST, "still hoping")
    assert [b["text"] for b in reminder.buttons()] == ["Accept", "Decline"]
    assert visit_status(stage) == "pending" and not dms_saying(stage, VISITOR, "freed")
    assert run_jobs(stage, frozen, "2026-11-24 20:00:00")["asks"] == 1
    run_jobs(stage, frozen, "2026-11-24 21:00:00")
    assert visit_status(stage) == "cancelled"
    (told,) = dms_saying(stage, VISITOR, "I've freed that seat")
    assert [b["value"] for b in told.buttons()] == [elsewhere.buttons()[0]["value"]]
    (lapsed,) = dms_saying(stage, HOST, "wasn't answered in time")
    assert f"<@{VISITOR}>" in lapsed.plain()
    assert len(dms_saying(stage, HOST, "still hoping")) == 1
    assert "2 of 2 seats left" in card(stage, posted.ts).plain()
    shown = channel_says(stage, posted)
    assert not [text for text in shown if f"<@{VISITOR}>" in text], shown
    stage.send.click(VISITOR, "book", message=told)
    stage.settle()
    assert "1 of 2 seats left" in card(stage, elsewhere.ts).plain()


def test_an_ask_answered_from_the_reminder_is_left_alone_at_its_deadline(stage, frozen):
    set_up(stage)
    posted = open_door(stage, **WEDNESDAY)
    book(stage, VISITOR, posted)
    run_jobs(stage, frozen, "2026-11-24 14:00:00")
    (reminder,) = dms_saying(stage, HOST, "still hoping")
    stage.send.click(HOST, "approve_visitor", message=reminder)
    stage.settle()
    assert run_jobs(stage, frozen, "2026-11-24 20:00:00")["asks"] == 0
    assert visit_status(stage) == "confirmed"
    assert not dms_saying(stage, VISITOR, "freed") and not dms_saying(stage, HOST, "in time")
    assert "welcomed" in stage.slack.thread(VISITS_CHANNEL, posted.ts)[-1].plain()


@pytest.mark.parametrize("action", ["approve_visitor", "decline_visitor"])
def test_an_ask_answered_at_once_gets_no_reminder_and_no_release(stage, frozen, action):
    set_up(stage)
    posted = open_door(stage, **WEDNESDAY)
    book(stage, VISITOR, posted)
    stage.send.click(HOST, action, message=stage.slack.thread(VISITS_CHANNEL, posted.ts)[-1])
    stage.settle()
    run_jobs(stage, frozen, "2026-11-24 14:00:00")
    run_jobs(stage, frozen, "2026-11-24 20:00:00")
    assert not dms_saying(stage, HOST, "still hoping") and not dms_saying(stage, VISITOR, "freed")
    assert visit_status(stage) == ("confirmed" if action == "approve_visitor" else "cancelled")


def test_an_ask_made_after_the_day_before_reminders_has_a_short_grace(stage, frozen):
    set_up(stage)
    posted = open_door(stage, approval=["yes"])  # Tuesday 10:15
    frozen.move_to("2026-11-23 21:00:00")  # Monday 16:00, after that day's 15:00
    book(stage, VISITOR, posted)
    run_jobs(stage, frozen, "2026-11-23 22:58:00")
    assert visit_status(stage) == "pending"
    run_jobs(stage, frozen, "2026-11-23 23:01:00")
    assert visit_status(stage) == "cancelled"
    assert dms_saying(stage, VISITOR, "I've freed that seat")
    assert not dms_saying(stage, HOST, "still hoping")
