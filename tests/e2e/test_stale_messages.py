"""Issue 9, stale buttons and messages: a click on an old message never acts on what the visit
has become since; the DMs about a visit show its current state, with only the buttons that
still apply; a prompt names the visit it is about."""

from sqlalchemy import select

from bot.models import Offer, Visit
from bot.stage import VISITS_CHANNEL
from tests.e2e.test_requests import ask, offer_to_host
from tests.people import (
    HOST,
    TEACHER3,
    VISITOR,
    book,
    dms_saying,
    open_door,
    press,
    run_jobs,
    set_up,
)


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
    (withdraw,) = waiting.buttons()
    press(
        stage.send, VISITOR, "cancel_visit", withdraw["value"], on=waiting
    )  # a screen not redrawn
    stage.settle()
    assert visit_status(stage) == "confirmed"
    answer = stage.slack.ephemerals(VISITOR)[-1].plain()
    assert "confirmed since that message" in answer and "changed nothing" in answer


def buttons_of(message):
    return [button["action_id"] for button in message.buttons()]


def test_a_cancelled_bookings_dms_show_it_off_and_no_longer_offer_to_cancel(stage):
    set_up(stage)
    posted = open_door(stage, seats="1")
    book(stage, VISITOR, posted)
    (coming,) = dms_saying(stage, HOST, "coming to visit")
    assert "Full" in coming.plain() and "cancel_visit" in buttons_of(coming)
    (booked,) = dms_saying(stage, VISITOR, "You're booked")
    stage.send.click(VISITOR, "cancel_visit", message=booked)
    stage.settle()
    (booked,) = dms_saying(stage, VISITOR, "You're booked")
    assert not booked.buttons() and "this visit was cancelled" in booked.plain()
    (coming,) = dms_saying(stage, HOST, "coming to visit")
    assert "cancel_visit" not in buttons_of(coming)
    assert "1 of 1 seat left" in coming.plain() and "Full" not in coming.plain()
    assert "was coming" in coming.plain() and "The visitor cancelled" in coming.plain()


def test_a_pending_visitors_note_shows_the_hosts_yes_instead_of_withdraw(stage):
    set_up(stage)
    posted = open_door(stage, approval=["yes"])
    book(stage, VISITOR, posted)
    accept(stage, posted)
    (waiting,) = dms_saying(stage, VISITOR, "I've asked")
    assert not waiting.buttons() and "this visit is confirmed" in waiting.plain()
    (booked,) = dms_saying(stage, VISITOR, "You're booked")
    assert "cancel_visit" in buttons_of(booked)


def test_a_reminder_sent_before_the_host_cancelled_drops_its_cant_make_it(stage, frozen):
    set_up(stage)
    posted = open_door(stage)  # Tuesday 10:15; the day-before reminder goes Monday 15:00
    book(stage, VISITOR, posted)
    run_jobs(stage, frozen, "2026-11-23 20:00:00")
    (reminder,) = dms_saying(stage, VISITOR, "Coming up")
    assert "cancel_visit" in buttons_of(reminder)
    stage.send.click(HOST, "cancel_visit", message=dms_saying(stage, HOST, "coming to visit")[0])
    stage.settle()
    (reminder,) = dms_saying(stage, VISITOR, "Coming up")
    assert not reminder.buttons() and "The host cancelled" in reminder.plain()


def test_prompts_after_two_visits_each_say_which_visit_they_are_about(stage, frozen):
    set_up(stage)
    first = open_door(stage)  # Tuesday November 24, station rotation
    second = open_door(stage, day="2026-11-25", practices=["Small-group instruction"])
    book(stage, VISITOR, first)
    book(stage, VISITOR, second)
    run_jobs(stage, frozen, "2026-11-25 17:00:00")
    run_jobs(stage, frozen, "2026-12-01 15:00:00")  # the checks, three days after each
    run_jobs(stage, frozen, "2026-12-10 15:00:00")  # the follow-ups, two weeks after each
    for words in ("How was your visit", "Did your visit", "Did you try it?"):
        said = [message.plain() for message in dms_saying(stage, VISITOR, words)]
        assert len(said) == 2, (words, said)
        tuesday, wednesday = sorted(said, key=lambda text: "Wed Nov 25" in text)
        assert "Tue Nov 24" in tuesday and "Station rotation" in tuesday, tuesday
        assert "Wed Nov 25" in wednesday and "Small-group instruction" in wednesday, wednesday


def test_a_hosts_coming_dms_all_show_the_seats_as_they_are_now(stage):
    set_up(stage)
    posted = open_door(stage, seats="2")
    book(stage, VISITOR, posted)
    book(stage, TEACHER3, posted)
    first, second = dms_saying(stage, HOST, "coming to visit")
    assert VISITOR in first.plain() and TEACHER3 in second.plain()
    assert "Full" in first.plain() and "Full" in second.plain()
    stage.send.click(VISITOR, "cancel_visit", message=dms_saying(stage, VISITOR, "booked")[0])
    stage.settle()
    first, second = dms_saying(stage, HOST, "coming to visit")
    assert "was coming" in first.plain() and "1 of 2 seats left" in first.plain()
    assert "is coming" in second.plain() and "cancel_visit" in buttons_of(second)
    assert "1 of 2 seats left" in second.plain() and "Full" not in second.plain()


def offer_status(stage):
    with stage.services.session_factory() as session:
        return session.scalars(select(Offer.status).where(Offer.request_id.is_not(None))).one()


def test_cancel_on_a_home_tab_shown_before_the_host_said_yes_cancels_nothing(stage):
    set_up(stage)
    posted = open_door(stage, approval=["yes"])
    book(stage, VISITOR, posted)
    stage.send.open_home(VISITOR)
    stage.settle()
    home = stage.slack.home(VISITOR)
    assert "Waiting for the host to accept" in str(home["blocks"])
    accept(stage, posted)
    stage.send.click(VISITOR, "cancel_visit", view=home)  # the tab as it was published
    stage.settle()
    assert visit_status(stage) == "confirmed"
    answer = stage.slack.dms(VISITOR)[-1].plain()
    assert "confirmed since that message" in answer and "changed nothing" in answer


def test_withdrawing_a_time_from_a_home_tab_after_the_visitor_took_it_cancels_nothing(stage):
    set_up(stage)
    ask(stage)
    offer_to_host(stage, HOST, stage.slack.channel_messages(VISITS_CHANNEL)[-1])
    stage.send.open_home(HOST)
    stage.settle()
    home = stage.slack.home(HOST)
    assert "Times I offered to host" in str(home["blocks"])
    stage.send.click(VISITOR, "confirm_time", message=dms_saying(stage, VISITOR, "can host")[0])
    stage.settle()
    stage.send.click(HOST, "cancel_offer", view=home)  # the tab as it was published
    stage.settle()
    assert visit_status(stage) == "confirmed" and offer_status(stage) == "open"
    answer = stage.slack.dms(HOST)[-1].plain()
    assert "confirmed this time since" in answer and "changed nothing" in answer
    assert not dms_saying(stage, VISITOR, "can no longer host you")


def test_a_plain_id_from_before_buttons_carried_a_status_still_cancels(stage):
    set_up(stage)
    posted = open_door(stage)
    book(stage, VISITOR, posted)
    (booked,) = dms_saying(stage, VISITOR, "You're booked")
    (cancel,) = [button for button in booked.buttons() if button["action_id"] == "cancel_visit"]
    visit_id = cancel["value"].partition(":")[0]
    press(stage.send, VISITOR, "cancel_visit", visit_id, on=booked)
    stage.settle()
    assert visit_status(stage) == "cancelled"
    assert "Cancelled" in stage.slack.ephemerals(VISITOR)[-1].plain()


def test_a_plain_id_from_before_withdraw_carried_what_it_showed_still_withdraws(stage):
    set_up(stage)
    ask(stage)
    offer_to_host(stage, HOST, stage.slack.channel_messages(VISITS_CHANNEL)[-1])
    stage.send.open_home(HOST)
    stage.settle()
    home = stage.slack.home(HOST)
    with stage.services.session_factory() as session:
        offer_id = session.scalars(select(Offer.id).where(Offer.request_id.is_not(None))).one()
    press(stage.send, HOST, "cancel_offer", str(offer_id), view=home)
    stage.settle()
    assert offer_status(stage) == "cancelled"
    assert dms_saying(stage, VISITOR, "can no longer host you")
