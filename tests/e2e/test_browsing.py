"""Flow 8: help, list, mine and the App Home tab."""

from tests.people import HOST, HOST2, VISITOR, open_door, set_up


def test_help_unknown_and_empty_commands_show_the_guide(stage):
    set_up(stage)
    for text in ("", "help", "dance"):
        stage.send.command(VISITOR, text)
        stage.settle()
        assert "/visit offer" in stage.slack.ephemerals(VISITOR)[-1].plain()


def test_list_shows_upcoming_doors_matching_the_words(stage):
    set_up(stage)
    open_door(stage, host=HOST, grade="6", subject="Math")
    open_door(stage, host=HOST2, day="2026-11-25", practices=["Number talks"], details="")
    stage.send.command(VISITOR, "list grade 6 math")
    stage.settle()
    listing = stage.slack.ephemerals(VISITOR)[-1]
    assert "Station rotation" in listing.plain() and "Number talks" not in listing.plain()
    stage.send.click(VISITOR, "book", message=listing)
    stage.settle()
    assert "You're booked" in stage.slack.dms(VISITOR)[-1].plain()
    stage.send.command(VISITOR, "list chemistry")
    stage.settle()
    assert "No upcoming open doors" in stage.slack.ephemerals(VISITOR)[-1].plain()


def test_mine_shows_visits_as_host_and_visitor_with_cancel_buttons(stage):
    set_up(stage)
    posted = open_door(stage, host=HOST)
    stage.send.click(VISITOR, "book", message=posted)
    stage.settle()
    stage.send.command(VISITOR, "mine")
    stage.settle()
    mine = stage.slack.ephemerals(VISITOR)[-1]
    assert "Visits I'm making" in mine.plain()
    stage.send.click(VISITOR, "cancel_visit", message=mine)
    stage.settle()
    assert "Cancelled" in stage.slack.ephemerals(VISITOR)[-1].plain()
    stage.send.command(HOST, "mine")
    stage.settle()
    assert "My open doors" in stage.slack.ephemerals(HOST)[-1].plain()


def test_home_tab_shows_my_agenda_and_this_weeks_doors(stage):
    set_up(stage)
    open_door(stage, host=HOST)
    stage.send.open_home(VISITOR)
    stage.settle()
    home = stage.slack.home(VISITOR)
    text = str(home["blocks"])
    assert "Open doors this week" in text and "Station rotation" in text
    stage.send.click(VISITOR, "book", view=home)
    stage.settle()
    assert "Visits I'm making" in str(stage.slack.home(VISITOR)["blocks"])
    stage.send.click(VISITOR, "open_offer_modal", view=stage.slack.home(VISITOR))
    stage.settle()
    assert stage.slack.modal_stack(VISITOR)[-1]["callback_id"] == "offer"


def test_profile_saves_school_grades_and_interests(stage):
    set_up(stage, schools="Ranson Middle\nFeeder Elementary")
    stage.send.command(VISITOR, "profile")
    stage.settle()
    modal = stage.slack.modal_stack(VISITOR)[-1]
    school = next(b for b in modal["blocks"] if b.get("block_id") == "school")
    feeder = next(
        o for o in school["element"]["options"] if o["text"]["text"] == "Feeder Elementary"
    )
    stage.send.submit(
        VISITOR, {"school": feeder["value"], "grades": ["3"], "interests": ["Number talks"]}
    )
    stage.settle()
    assert not stage.slack.modal_stack(VISITOR)
    stage.send.command(VISITOR, "request")
    stage.settle()
    request = stage.slack.modal_stack(VISITOR)[-1]
    practices = next(b for b in request["blocks"] if b.get("block_id") == "practices")
    assert [o["value"] for o in practices["element"]["initial_options"]] == ["Number talks"]


def test_before_setup_the_home_tab_says_so_without_a_dm(stage):
    stage.send.open_home(VISITOR)
    stage.settle()
    assert "isn't set up" in str(stage.slack.home(VISITOR)["blocks"])
    assert not stage.slack.dms(VISITOR)


def test_a_long_list_says_there_are_more(stage):
    set_up(stage)
    for day in range(24, 31):
        if day in (28, 29):
            continue
        for hour in ("08", "10", "13"):
            open_door(stage, host=HOST, day=f"2026-11-{day}", start=f"{hour}:00", end=f"{hour}:45")
    stage.send.command(VISITOR, "list")
    stage.settle()
    listing = stage.slack.ephemerals(VISITOR)[-1]
    assert "There are more" in listing.plain()
    assert len(listing.buttons()) == 10
