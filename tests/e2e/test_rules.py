"""Rules that hold whatever people click: validation, permissions, tenancy, retries, limits."""

import json

import pytest

from bot.stage import SIGNING_SECRET, TEAM_ID, VISITS_CHANNEL
from bot.standin import SlackRequests
from tests.people import ADMIN, HOST, HOST2, VISITOR, card, open_door, set_up


def offer_errors(stage, host=HOST, **values):
    stage.send.command(host, "offer")
    stage.settle()
    form = {"day": "2026-11-24", "start": "10:15", "end": "11:00", "room": "204"}
    form |= {"practices": ["Station rotation"], "seats": "2"} | values
    stage.send.submit(host, form)
    stage.settle()
    return stage.slack.modal_errors(host)


def test_a_host_cannot_offer_in_the_past_or_end_before_start(stage):
    set_up(stage)
    assert "day" in offer_errors(stage, day="2026-11-20")
    assert "end" in offer_errors(stage, start="11:00", end="10:00")
    assert (
        "already passed"
        in offer_errors(stage, day="2026-11-23", start="08:00", end="08:30")["start"]
    )


def test_no_visit_dates_and_weekends_are_refused(stage):
    set_up(stage, no_visit_dates="2026-11-26 to 2026-11-27")
    assert "no-visit date" in offer_errors(stage, day="2026-11-26")["day"]
    assert "school days" in offer_errors(stage, day="2026-11-28")["day"]


def test_seats_room_and_overlap_are_checked(stage):
    set_up(stage)
    with pytest.raises(AssertionError, match=r"outside 1\.\.10"):
        offer_errors(stage, seats="11")  # Slack's client refuses it; the domain checks it too
    stage.send.close_view(HOST)
    assert "room" in offer_errors(stage, room="   ")
    open_door(stage)
    assert "already have an open door" in offer_errors(stage, start="10:30", end="11:30")["start"]
    assert len(stage.slack.channel_messages(VISITS_CHANNEL)) == 2


def test_look_fors_are_needed_for_look_for_feedback(stage):
    set_up(stage)
    assert "look_fors" in offer_errors(stage, feedback="lookfors")


def test_a_person_cannot_book_their_own_door_or_twice_or_an_overlapping_visit(stage):
    set_up(stage)
    posted = open_door(stage, host=HOST)
    stage.send.click(HOST, "book", message=posted)
    stage.settle()
    assert "your own open door" in stage.slack.ephemerals(HOST)[-1].plain()
    stage.send.click(VISITOR, "book", message=posted)
    stage.settle()
    stage.send.click(VISITOR, "book", message=card(stage, posted.ts))
    stage.settle()
    assert "already have a seat" in stage.slack.ephemerals(VISITOR)[-1].plain()
    other = open_door(stage, host=HOST2, start="10:30", end="11:15", practices=["Number talks"])
    stage.send.click(VISITOR, "book", message=other)
    stage.settle()
    assert "overlaps another visit" in stage.slack.ephemerals(VISITOR)[-1].plain()


def test_a_visit_that_has_started_cannot_be_booked(stage, frozen):
    set_up(stage)
    posted = open_door(stage)
    frozen.move_to("2026-11-24 15:20:00")
    stage.send.click(VISITOR, "book", message=posted)
    stage.settle()
    assert "already started" in stage.slack.ephemerals(VISITOR)[-1].plain()


def test_only_the_host_cancels_an_open_door(stage):
    set_up(stage)
    open_door(stage)
    stage.send.command(HOST, "mine")
    stage.settle()
    mine = stage.slack.ephemerals(HOST)[-1]
    stage.send.click(VISITOR, "cancel_offer", message=mine)
    stage.settle()
    assert "Only the host" in stage.slack.ephemerals(VISITOR)[-1].plain()


def test_a_double_click_books_once(stage):
    set_up(stage)
    posted = open_door(stage)
    stage.send.click(VISITOR, "book", message=posted)
    stage.send.click(VISITOR, "book", message=posted)
    stage.settle()
    booked = [dm for dm in stage.slack.dms(VISITOR) if "You're booked" in dm.plain()]
    assert len(booked) == 1
    assert "1 of 2 seats left" in card(stage, posted.ts).plain()


def test_workspaces_sharing_a_database_never_see_each_other(stage):
    set_up(stage)
    open_door(stage)
    other = SlackRequests(stage.send.app_url, SIGNING_SECRET, stage.slack, team_id="T0OTHER")
    other.command(VISITOR, "list")
    stage.settle()
    assert "isn't set up" in stage.slack.ephemerals(VISITOR)[-1].plain()
    other.command(ADMIN, "setup")
    stage.settle()
    other.submit(ADMIN, {"channel": VISITS_CHANNEL, "schools": "Other District School"})
    stage.settle()
    for command in ("list", "mine"):
        other.command(HOST, command)
        stage.settle()
        assert "Station rotation" not in stage.slack.ephemerals(HOST)[-1].plain()
    stage.send.command(HOST, "mine")
    stage.settle()
    assert "Station rotation" in stage.slack.ephemerals(HOST)[-1].plain()
    assert TEAM_ID != "T0OTHER"


def test_long_text_never_breaks_block_kit_limits(stage):
    set_up(stage)
    long = "Students rotate; " * 200
    errors = offer_errors(stage, details=long[:1500], key_moment="k" * 300, room="R" * 80)
    assert not errors
    stage.settle()
    assert not stage.slack.validation_errors
    for person in (HOST, VISITOR):
        stage.send.open_home(person)
    stage.send.command(VISITOR, "list")
    stage.settle()
    assert not stage.slack.validation_errors


def test_a_bad_signature_is_refused(stage):
    body = "command=%2Fvisit&text=help&user_id=U0CHEN&team_id=" + TEAM_ID
    reply = stage.send.raw(
        body.encode(),
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Slack-Request-Timestamp": "1795442400",
            "X-Slack-Signature": "v0=" + "0" * 64,
        },
    )
    assert reply.status == 401
    assert not stage.slack.calls("chat.postMessage")


def test_event_retries_are_harmless(stage):
    set_up(stage)
    event = {"type": "app_home_opened", "user": VISITOR, "channel": "D0CHEN", "tab": "home"}
    stage.send.event(event, event_id="Ev1")
    stage.send.event(event, retry_num=1, event_id="Ev1")
    stage.settle()
    assert stage.slack.home(VISITOR) is not None


def test_setup_refuses_bad_no_visit_dates_and_keeps_what_was_typed(stage):
    stage.send.command(ADMIN, "setup")
    stage.settle()
    stage.send.submit(
        ADMIN, {"channel": VISITS_CHANNEL, "schools": "Ranson", "no_visit_dates": "next tuesday"}
    )
    assert "no_visit_dates" in stage.slack.modal_errors(ADMIN)
    assert json.dumps(stage.slack.modal_stack(ADMIN)[-1]).count("Ranson") >= 1


def test_only_the_host_or_the_visitor_cancels_a_visit(stage):
    set_up(stage)
    posted = open_door(stage)
    stage.send.click(VISITOR, "book", message=posted)
    stage.settle()
    stage.send.command(VISITOR, "mine")
    stage.settle()
    mine = stage.slack.ephemerals(VISITOR)[-1]
    stage.send.click(HOST2, "cancel_visit", message=mine)
    stage.settle()
    assert "Only the host or the visitor" in stage.slack.ephemerals(HOST2)[-1].plain()
    assert "1 of 2 seats left" in card(stage, posted.ts).plain()
