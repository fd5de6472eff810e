"""Values no person could pick, typed or sent anyway: each is a plain answer, never a traceback.

Slack's client only sends what the modal and buttons offer, but an old message, a bug or someone
holding the signing secret can send anything (`tamper=` changes the payload after the client
built it). Every value is checked where it enters: ids, numbers, dates, choices and text.
"""

import logging

import pytest
from sqlalchemy import func, select

from bot.domain.form_input import TOO_FAR
from bot.models import Member, Offer, School, Visit, Workspace
from bot.stage import VISITS_CHANNEL
from tests.people import ADMIN, HOST, VISITOR, open_door, set_up

OUT_OF_DATE = "out of date or not valid"


def warnings_in(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


def assert_no_traceback(caplog) -> None:
    assert not any(r.exc_info for r in caplog.records), "a traceback was logged"
    assert "unexpected error" not in caplog.text


def setting(*path_and_value):
    """A tamper that sets payload[path...] = value."""
    *path, last, value = path_and_value

    def tamper(payload):
        target = payload
        for key in path:
            target = target[key]
        target[last] = value

    return tamper


def state(field, entry):
    return setting("view", "state", "values", field, field, entry)


def option(value):
    return {"text": {"type": "plain_text", "text": "x"}, "value": value}


NOT_IDS = ["abc", "1.5", "99999999999999999999", "١", "５", "0", "-1", "1_0", ""]


@pytest.mark.parametrize("value", NOT_IDS)
def test_a_button_whose_value_is_no_id_is_answered_as_out_of_date(stage, caplog, value):
    set_up(stage)
    posted = open_door(stage)
    with caplog.at_level(logging.INFO):
        stage.send.click(
            VISITOR, "book", message=posted, tamper=setting("actions", 0, "value", value)
        )
        stage.settle()
    assert OUT_OF_DATE in stage.slack.ephemerals(VISITOR)[-1].plain()
    assert warnings_in(caplog) == [
        "a click on book carried a value that is no id; answered as out of date"
    ]
    assert_no_traceback(caplog)
    with stage.services.session_factory() as session:
        assert session.scalar(select(func.count(Visit.id))) == 0


def test_a_modal_whose_metadata_open_door_did_not_write_is_out_of_date(stage, caplog):
    set_up(stage)
    stage.send.command(VISITOR, "request")
    stage.settle()
    stage.send.submit(VISITOR, {"practices": ["Station rotation"]})
    stage.settle()
    request_card = stage.slack.channel_messages(VISITS_CHANNEL)[-1]
    stage.send.click(HOST, "can_host", message=request_card)
    stage.settle()
    form = {"day": "2026-11-25", "start": "13:00", "end": "13:45", "room": "Lab 2"}
    with caplog.at_level(logging.INFO):
        reply = stage.send.submit(
            HOST, form, tamper=setting("view", "private_metadata", '{"request_id": "١"}')
        )
        stage.settle()
    assert reply.status == 200
    assert OUT_OF_DATE in str(stage.slack.modal_stack(HOST)[-1]["blocks"])
    assert len(warnings_in(caplog)) == 1 and "metadata" in warnings_in(caplog)[0]
    assert_no_traceback(caplog)


def submit_offer(stage, tamper=None, **values):
    stage.send.command(HOST, "offer")
    stage.settle()
    form = {"day": "2026-11-24", "start": "10:15", "end": "11:00", "room": "204"}
    form |= {"practices": ["Station rotation"], "seats": "2"} | values
    stage.send.submit(HOST, form, tamper=tamper)
    stage.settle()
    errors = stage.slack.modal_errors(HOST)
    stage.send.close_view(HOST)
    return errors


@pytest.mark.parametrize("seats", ["５", "١", "1_0", "1.5", "99999999999999999999", "-1"])
def test_seats_are_ascii_digits_within_bounds(stage, caplog, seats):
    set_up(stage)
    tamper = state("seats", {"type": "number_input", "value": seats})
    with caplog.at_level(logging.INFO):
        errors = submit_offer(stage, tamper=tamper)
    assert "whole number from 1 to" in errors["seats"]
    assert_no_traceback(caplog)


def test_a_door_more_than_two_years_ahead_is_a_field_error(stage, caplog):
    set_up(stage)
    with caplog.at_level(logging.INFO):
        assert submit_offer(stage, day="9999-12-31")["day"] == TOO_FAR
        assert submit_offer(stage, day="2028-12-01")["day"] == TOO_FAR
    assert_no_traceback(caplog)
    assert submit_offer(stage, day="2028-11-14") == {}, "within two years is fine"


@pytest.mark.parametrize(
    ("field", "entry"),
    [
        ("day", {"type": "datepicker", "selected_date": "20261124"}),
        ("day", {"type": "datepicker", "selected_date": "2026-W48-2"}),
        ("start", {"type": "timepicker", "selected_time": "10:15+05:00"}),
        ("start", {"type": "timepicker", "selected_time": "١٠:١٥"}),
    ],
)
def test_dates_and_times_are_only_what_the_pickers_send(stage, caplog, field, entry):
    set_up(stage)
    with caplog.at_level(logging.INFO):
        assert field in submit_offer(stage, tamper=state(field, entry))
    assert_no_traceback(caplog)


def test_a_school_not_on_the_list_is_a_field_error_in_the_offer(stage, caplog):
    set_up(stage, schools="Ranson Middle\nWest High")
    with caplog.at_level(logging.INFO):
        entry = {"type": "static_select", "selected_option": option("abc")}
        errors = submit_offer(stage, school="Ranson Middle", tamper=state("school", entry))
    assert "school" in errors
    assert_no_traceback(caplog)


def test_a_request_window_years_ahead_is_a_field_error(stage, caplog):
    set_up(stage)
    stage.send.command(VISITOR, "request")
    stage.settle()
    form = {
        "practices": ["Station rotation"],
        "window_start": "9999-12-25",
        "window_end": "9999-12-31",
    }
    with caplog.at_level(logging.INFO):
        stage.send.submit(VISITOR, form)
        stage.settle()
    assert stage.slack.modal_errors(VISITOR) == {"window_start": TOO_FAR}
    assert_no_traceback(caplog)


def submit_setup(stage, tamper=None, **values):
    stage.send.command(ADMIN, "setup")
    stage.settle()
    form = {"channel": VISITS_CHANNEL, "schools": "Ranson Middle"} | values
    stage.send.submit(ADMIN, form, tamper=tamper)
    stage.settle()
    errors = stage.slack.modal_errors(ADMIN)
    stage.send.close_view(ADMIN)
    return errors


@pytest.mark.parametrize("days", [["-1", "9"], ["7"], ["x"], ["١"]])
def test_school_days_are_monday_to_sunday(stage, caplog, days):
    entry = {"type": "checkboxes", "selected_options": [option(day) for day in days]}
    with caplog.at_level(logging.INFO):
        errors = submit_setup(stage, tamper=state("school_days", entry))
    assert "school_days" in errors
    assert_no_traceback(caplog)
    with stage.services.session_factory() as session:
        assert session.scalar(select(Workspace.setup_at)) is None, "nothing was saved"


@pytest.mark.parametrize("weekday", ["x", "9", "٣"])
def test_the_digest_weekday_is_a_weekday(stage, caplog, weekday):
    entry = {"type": "static_select", "selected_option": option(weekday)}
    with caplog.at_level(logging.INFO):
        errors = submit_setup(stage, tamper=state("digest_weekday", entry))
    assert "digest_weekday" in errors
    assert_no_traceback(caplog)


def test_no_visit_dates_years_ahead_are_a_field_error(stage, caplog):
    with caplog.at_level(logging.INFO):
        errors = submit_setup(stage, no_visit_dates="2026-12-21\n9999-01-01")
    assert "two years" in errors["no_visit_dates"]
    assert_no_traceback(caplog)


def test_a_profile_school_not_of_this_workspace_is_a_field_error(stage, caplog):
    set_up(stage, schools="Ranson Middle\nWest High")
    with stage.services.session_factory() as session:
        other = Workspace(team_id="T0ELSEWHERE", timezone="UTC")
        session.add(other)
        session.flush()
        elsewhere = School(workspace_id=other.id, name="Elsewhere Elementary")
        session.add(elsewhere)
        session.commit()
        elsewhere_id = str(elsewhere.id)
    for value in ("abc", "٣", elsewhere_id):
        stage.send.command(VISITOR, "profile")
        stage.settle()
        entry = {"type": "static_select", "selected_option": option(value)}
        with caplog.at_level(logging.INFO):
            stage.send.submit(VISITOR, {"school": "Ranson Middle"}, tamper=state("school", entry))
            stage.settle()
        assert "school" in stage.slack.modal_errors(VISITOR), value
        stage.send.close_view(VISITOR)
    assert_no_traceback(caplog)
    with stage.services.session_factory() as session:
        saved = session.scalar(
            select(Member.profile_saved_at).where(Member.slack_user_id == VISITOR)
        )
        assert saved is None


def test_characters_a_database_cannot_store_are_cleaned_from_what_people_type(stage, caplog):
    set_up(stage)
    with caplog.at_level(logging.INFO):
        posted = open_door(
            stage, room="2\x0004", details="Three stations\x00, a timer\x07 and \ud800notes\ttoo"
        )
    assert "Three stations, a timer and notes" in posted.plain()
    with stage.services.session_factory() as session:
        offer = session.scalars(select(Offer)).one()
        assert (offer.room, offer.details) == ("204", "Three stations, a timer and notes\ttoo")
    assert_no_traceback(caplog)


def test_an_offer_typed_after_the_command_never_overfills_the_modal(stage, caplog):
    set_up(stage)
    long_room = "R" * 120
    with caplog.at_level(logging.INFO):
        stage.send.command(HOST, f"offer tomorrow 10:15 room {long_room} " + "word " * 400)
        stage.settle()
    (modal,) = stage.slack.modal_stack(HOST)
    inputs = {b["block_id"]: b["element"] for b in modal["blocks"] if b["type"] == "input"}
    assert "initial_value" not in inputs["room"], "a 120-character 'room' is no room"
    assert len(inputs["details"]["initial_value"]) <= inputs["details"]["max_length"]
    assert long_room in inputs["details"]["initial_value"]
    assert_no_traceback(caplog)
