"""Flow 2: a host opens their door, colleagues book seats, the card keeps count."""

from bot.stage import VISITS_CHANNEL
from tests.people import (
    ADMIN,
    HOST,
    HOST2,
    TEACHER3,
    VISITOR,
    book,
    card,
    dms_saying,
    open_door,
    set_up,
)


def test_a_host_opens_a_door_and_the_channel_sees_a_card_with_an_ask_to_visit_button(stage):
    set_up(stage)
    posted = open_door(stage)
    text = posted.plain()
    assert "Station rotation" in text and "204" in text and f"<@{HOST}>" in text
    assert "2 of 2 seats left" in text
    assert "<!date^" in posted.text + str(posted.blocks)
    assert [button["text"] for button in posted.buttons()] == ["Ask to visit"]


def test_text_after_offer_prefills_the_modal(stage):
    set_up(stage)
    stage.send.command(HOST, "offer tomorrow 10:15 station rotation room 12")
    stage.settle()
    modal = stage.slack.modal_stack(HOST)[-1]
    blocks = {block.get("block_id"): block for block in modal["blocks"]}
    assert blocks["day"]["element"]["initial_date"] == "2026-11-24"
    assert blocks["start"]["element"]["initial_time"] == "10:15"
    assert blocks["end"]["element"]["initial_time"] == "11:00"
    assert blocks["room"]["element"]["initial_value"] == "12"
    chosen = blocks["practices"]["element"]["initial_options"]
    assert [option["value"] for option in chosen] == ["Station rotation"]


def test_booking_a_seat_dms_the_visitor_with_a_calendar_link_and_updates_the_card(stage):
    set_up(stage)
    posted = open_door(stage)
    stage.send.click(VISITOR, "book", message=posted)
    stage.settle()
    dm = stage.slack.dms(VISITOR)[-1]
    assert "You're booked to visit" in dm.plain()
    calendar = next(button for button in dm.buttons() if button["text"] == "Add to calendar")
    assert "dates=20261124T151500Z%2F20261124T160000Z" in calendar["url"]
    assert "1 of 2 seats left" in card(stage, posted.ts).plain()
    assert "is coming to visit your class" in stage.slack.dms(HOST)[-1].plain()
    assert "booked" in stage.slack.ephemerals(VISITOR)[-1].plain()


def test_a_full_door_says_full_and_offers_no_button(stage):
    set_up(stage)
    posted = open_door(stage, seats="1")
    stage.send.click(VISITOR, "book", message=posted)
    stage.settle()
    now = card(stage, posted.ts)
    assert "Full" in now.plain()
    assert not [button for button in now.buttons() if button["action_id"] == "book"]


def test_a_late_click_on_a_full_door_gets_a_clear_answer(stage):
    set_up(stage)
    posted = open_door(stage, seats="1")
    stage.send.click(VISITOR, "book", message=posted)
    stage.send.click(HOST2, "book", message=posted)
    stage.settle()
    answers = [message.plain() for message in stage.slack.ephemerals(HOST2)]
    assert any("just filled up" in answer for answer in answers) or "booked" in answers[-1]
    booked = [
        dm
        for person in (VISITOR, HOST2)
        for dm in stage.slack.dms(person)
        if "booked" in dm.plain()
    ]
    assert len(booked) == 1


def test_with_approval_on_the_host_accepts_in_the_cards_thread(stage):
    set_up(stage)
    posted = open_door(stage, approval=["yes"])
    stage.send.click(VISITOR, "book", message=posted)
    stage.settle()
    assert "I've asked" in stage.slack.dms(VISITOR)[-1].plain()
    ask = stage.slack.thread(VISITS_CHANNEL, posted.ts)[-1]
    assert f"<@{VISITOR}> asks to visit" in ask.plain()
    stage.send.click(VISITOR, "approve_visitor", message=ask)
    stage.settle()
    assert "Only the host" in stage.slack.ephemerals(VISITOR)[-1].plain()
    stage.send.click(HOST, "approve_visitor", message=ask)
    stage.settle()
    assert "You're booked to visit" in stage.slack.dms(VISITOR)[-1].plain()
    answered = stage.slack.thread(VISITS_CHANNEL, posted.ts)[-1]
    assert "welcomed" in answered.plain() and not answered.buttons()


def test_a_declined_visitor_is_told_kindly_and_the_seat_is_freed(stage):
    set_up(stage)
    posted = open_door(stage, approval=["yes"], seats="1")
    stage.send.click(VISITOR, "book", message=posted)
    stage.settle()
    assert "Full" in card(stage, posted.ts).plain()
    ask = stage.slack.thread(VISITS_CHANNEL, posted.ts)[-1]
    stage.send.click(HOST, "decline_visitor", message=ask)
    stage.settle()
    assert "can't take a visitor" in stage.slack.dms(VISITOR)[-1].plain()
    assert "1 of 1 seat left" in card(stage, posted.ts).plain()


def test_cancelling_a_visit_frees_the_seat_and_tells_the_host(stage):
    set_up(stage)
    posted = open_door(stage)
    stage.send.click(VISITOR, "book", message=posted)
    stage.settle()
    booked = stage.slack.dms(VISITOR)[-1]
    stage.send.click(VISITOR, "cancel_visit", message=booked)
    stage.settle()
    assert "2 of 2 seats left" in card(stage, posted.ts).plain()
    assert f"<@{VISITOR}> cancelled their visit" in stage.slack.dms(HOST)[-1].plain()


def test_a_host_cancels_their_door_from_mine_and_every_visitor_hears(stage):
    set_up(stage)
    posted = open_door(stage)
    stage.send.click(VISITOR, "book", message=posted)
    stage.send.click(TEACHER3, "book", message=posted)
    stage.settle()
    stage.send.command(HOST, "mine")
    stage.settle()
    mine = stage.slack.ephemerals(HOST)[-1]
    stage.send.click(HOST, "cancel_offer", message=mine)
    stage.settle()
    assert "Cancelled by the host" in card(stage, posted.ts).plain()
    for visitor in (VISITOR, TEACHER3):
        assert "cancelled your visit" in stage.slack.dms(visitor)[-1].plain()


def test_the_host_is_asked_directly_when_the_channel_refuses_the_approval_ask(stage, frozen):
    set_up(stage)
    posted = open_door(stage, approval=["yes"])
    stage.slack.fail_next("chat.postMessage", "not_in_channel", times=5,
                          when=lambda args: args.get("channel") == VISITS_CHANNEL)  # fmt: skip
    stage.slack.fail_next("chat.update", "not_in_channel", times=5,
                          when=lambda args: args.get("channel") == VISITS_CHANNEL)  # fmt: skip
    book(stage, VISITOR, posted)
    (ask,) = dms_saying(stage, HOST, "asks to visit")
    assert dms_saying(stage, ADMIN, "can't post in")
    stage.send.click(HOST, "approve_visitor", message=ask)
    stage.settle()
    assert dms_saying(stage, VISITOR, "You're booked")
    assert "welcomed" in stage.slack.dms(HOST)[-1].plain() or dms_saying(stage, HOST, "welcomed")
