"""Flow 3: a visitor asks to see a practice; the bot suggests doors or asks the channel."""

import pytest

from bot.stage import VISITS_CHANNEL
from tests.people import HOST, HOST2, VISITOR, card, open_door, set_up


def ask(stage, who=VISITOR, **values):
    stage.send.command(who, "request")
    stage.settle()
    form = {"practices": ["Station rotation"], "grades": ["6"]} | values
    reply = stage.send.submit(who, form)
    assert reply.status == 200, reply.body
    stage.settle()
    return stage.slack.modal_stack(who)[-1]


def test_matching_open_doors_are_shown_ranked_with_book_buttons(stage):
    set_up(stage)
    open_door(stage, host=HOST, grade="6", practices=["Station rotation"])
    open_door(stage, host=HOST2, day="2026-11-25", practices=["Number talks"])
    matches = ask(stage)
    books = [b for b in _buttons(matches) if b["action_id"] == "book"]
    assert len(books) == 1
    assert any(b["action_id"] == "ask_channel" for b in _buttons(matches))
    stage.send.click(VISITOR, "book", view=matches)
    stage.settle()
    assert "Booked" in str(stage.slack.modal_stack(VISITOR)[-1]["blocks"])
    assert "You're booked" in stage.slack.dms(VISITOR)[-1].plain()


def test_no_match_posts_the_request_and_a_host_answers_in_channel(stage):
    set_up(stage)
    modal = ask(stage, notes="Small-group data conferences in 6th grade math")
    assert "asked colleagues" in str(modal["blocks"])
    request_card = stage.slack.channel_messages(VISITS_CHANNEL)[-1]
    assert f"<@{VISITOR}> *would like to see* Station rotation" in request_card.plain()
    stage.send.click(HOST, "can_host", message=request_card)
    stage.settle()
    reply = stage.send.submit(
        HOST,
        {
            "day": "2026-11-25",
            "start": "13:00",
            "end": "13:45",
            "room": "Lab 2",
            "note": "Come early",
        },
    )
    assert reply.status == 200
    stage.settle()
    proposal = stage.slack.dms(VISITOR)[-1]
    assert f"<@{HOST}> can host you" in proposal.plain()
    assert "1 colleague offered a time" in card(stage, request_card.ts).plain()
    stage.send.click(VISITOR, "confirm_time", message=proposal)
    stage.settle()
    assert f"Matched with <@{HOST}>" in card(stage, request_card.ts).plain()
    assert not card(stage, request_card.ts).buttons()
    assert "You're booked to visit" in stage.slack.dms(VISITOR)[-1].plain()
    assert "is coming to visit" in stage.slack.dms(HOST)[-1].plain()


def test_asking_the_channel_from_the_matches(stage):
    set_up(stage)
    open_door(stage, grade="6")
    matches = ask(stage)
    stage.send.click(VISITOR, "ask_channel", view=matches)
    stage.settle()
    assert "would like to see" in stage.slack.channel_messages(VISITS_CHANNEL)[-1].plain()
    assert "Posted in the visits channel" in str(stage.slack.modal_stack(VISITOR)[-1]["blocks"])


def test_a_visitor_cannot_host_their_own_request(stage):
    set_up(stage)
    ask(stage)
    offer_to_host(stage, VISITOR, stage.slack.channel_messages(VISITS_CHANNEL)[-1])
    assert "your own request" in str(stage.slack.modal_stack(VISITOR)[-1]["blocks"])


def test_declining_a_proposed_time_thanks_the_host_and_keeps_the_request_open(stage):
    set_up(stage)
    ask(stage)
    request_card = stage.slack.channel_messages(VISITS_CHANNEL)[-1]
    offer_to_host(stage, HOST, request_card)
    stage.send.click(VISITOR, "decline_time", message=stage.slack.dms(VISITOR)[-1])
    stage.settle()
    assert "can't make" in stage.slack.dms(HOST)[-1].plain()
    assert [b["action_id"] for b in card(stage, request_card.ts).buttons()] == ["can_host"]


def test_request_window_must_be_sensible(stage):
    set_up(stage)
    stage.send.command(VISITOR, "request")
    stage.settle()
    stage.send.submit(VISITOR, {"window_start": "2026-11-20", "window_end": "2026-11-10"})
    errors = stage.slack.modal_errors(VISITOR)
    assert "window_start" in errors and "practices" in errors


def _buttons(view):
    found = []
    for block in view["blocks"]:
        if block.get("accessory", {}).get("type") == "button":
            found.append(block["accessory"])
        found += [e for e in block.get("elements", []) if e.get("type") == "button"]
    return found


def offer_to_host(stage, host, request_card, **values):
    stage.send.click(host, "can_host", message=request_card)
    stage.settle()
    form = {"day": "2026-11-25", "start": "13:00", "end": "13:45", "room": "Lab 2"} | values
    stage.send.submit(host, form)
    stage.settle()


def test_a_host_is_never_confirmed_for_two_requests_at_once(stage):
    from tests.people import TEACHER3

    set_up(stage)
    ask(stage, VISITOR)
    first = stage.slack.channel_messages(VISITS_CHANNEL)[-1]
    ask(stage, TEACHER3)
    second = stage.slack.channel_messages(VISITS_CHANNEL)[-1]
    offer_to_host(stage, HOST, first)
    offer_to_host(stage, HOST, second)
    stage.send.click(VISITOR, "confirm_time", message=stage.slack.dms(VISITOR)[-1])
    stage.settle()
    stage.send.click(TEACHER3, "confirm_time", message=stage.slack.dms(TEACHER3)[-1])
    stage.settle()
    assert "no longer free at that time" in stage.slack.ephemerals(TEACHER3)[-1].plain()
    assert [b["action_id"] for b in card(stage, second.ts).buttons()] == ["can_host"]


def test_a_host_sees_the_time_they_offered_and_can_withdraw_it(stage):
    set_up(stage)
    ask(stage)
    request_card = stage.slack.channel_messages(VISITS_CHANNEL)[-1]
    offer_to_host(stage, HOST, request_card)
    proposal = stage.slack.dms(VISITOR)[-1]
    stage.send.command(HOST, "mine")
    stage.settle()
    mine = stage.slack.ephemerals(HOST)[-1]
    assert "Times I offered to host" in mine.plain()
    stage.send.click(HOST, "cancel_offer", message=mine)
    stage.settle()
    assert "can no longer host you" in stage.slack.dms(VISITOR)[-1].plain()
    assert "Offer a time" in card(stage, request_card.ts).plain()
    stage.send.click(VISITOR, "confirm_time", message=proposal)
    stage.settle()
    assert "withdrew this time" in stage.slack.ephemerals(VISITOR)[-1].plain()


def test_a_host_offers_within_the_requests_dates(stage):
    set_up(stage)
    ask(stage, window_end="2026-11-27")
    request_card = stage.slack.channel_messages(VISITS_CHANNEL)[-1]
    offer_to_host(stage, HOST, request_card, day="2026-12-01")
    assert "Pick a day in that window" in stage.slack.modal_errors(HOST)["day"]


def test_among_equal_fits_a_host_new_to_the_visitor_comes_first_and_is_marked(stage, frozen):
    """Mr. Chen visited Ms. Rivera this term: for his request her door comes after Mr. Patel's,
    which fits as well, though hers is sooner; hers is still offered, not hidden."""
    from tests.people import book, run_jobs

    set_up(stage)
    book(stage, VISITOR, open_door(stage, host=HOST, grade="6"))  # Tuesday Nov 24
    run_jobs(stage, frozen, "2026-11-25 14:00:00")
    open_door(stage, host=HOST, day="2026-12-01", grade="6")
    open_door(stage, host=HOST2, day="2026-12-03", grade="6")
    sections = _door_sections(ask(stage))
    assert len(sections) == 2
    assert f"<@{HOST2}>" in sections[0] and "New to you" in sections[0]
    assert f"<@{HOST}>" in sections[1] and "New to you" not in sections[1]


@pytest.mark.parametrize(
    ("limit", "shared"),
    [("1/week", "glad to host that week"), ("2/week", "Shared again")],
    ids=["at their limit", "halfway to it"],
)
def test_a_host_near_their_limit_comes_after_equal_fits_and_is_shared_until_full(
    stage, frozen, limit, shared
):
    """Ms. Rivera has one visit booked this week: glad to host one, or two, her Thursday door
    comes after Mr. Patel's Friday one either way; a coach's Share again pushes it only while
    she has room."""
    from tests.people import COACH, TEACHER3, book, press

    set_up(stage)
    stage.send.command(HOST, "profile")
    stage.settle()
    stage.send.submit(HOST, {"hosting": limit})
    stage.settle()
    book(stage, TEACHER3, open_door(stage, host=HOST, grade="6"))  # Tuesday: one this week
    thursday = open_door(stage, host=HOST, day="2026-11-26", grade="6", start="13:00", end="13:45")
    open_door(stage, host=HOST2, day="2026-11-27", grade="6")
    hosts = _door_sections(ask(stage))
    assert [f"<@{HOST2}>" in hosts[0], f"<@{HOST}>" in hosts[1]] == [True, True], hosts
    offer_id = next(b["value"] for b in thursday.buttons() if b["action_id"] == "book")
    press(stage.send, COACH, "share_door", value=offer_id)
    stage.settle()
    assert shared in stage.slack.ephemerals(COACH)[-1].plain()


def test_a_host_visited_last_term_is_new_again_in_the_next(stage, frozen):
    """Mr. Chen visited Ms. Rivera in December. That month her door comes after Mr. Patel's;
    in January, a new term, he has visited nobody yet: the soonest door comes first, and no
    door is marked, since every host would be new to him."""
    from tests.people import book, run_jobs

    set_up(stage)
    book(stage, VISITOR, open_door(stage, host=HOST, day="2026-12-01", grade="6"))
    run_jobs(stage, frozen, "2026-12-02 14:00:00")
    open_door(stage, host=HOST, day="2026-12-08", grade="6")
    open_door(stage, host=HOST2, day="2026-12-09", grade="6")
    december = _door_sections(ask(stage))
    assert f"<@{HOST2}>" in december[0] and "New to you" in december[0]
    frozen.move_to("2027-01-04 14:00:00")  # Monday, the spring term
    open_door(stage, host=HOST, day="2027-01-05", grade="6")
    open_door(stage, host=HOST2, day="2027-01-06", grade="6")
    january = _door_sections(ask(stage))
    assert len(january) == 2
    assert f"<@{HOST}>" in january[0] and f"<@{HOST2}>" in january[1]
    assert not any("New to you" in section for section in january)


def _door_sections(matches: dict) -> list[str]:
    """The matches modal's doors, top to bottom, as text."""
    return [
        str(block["text"]["text"])
        for block in matches["blocks"]
        if block["type"] == "section" and "Host:" in str(block["text"]["text"])
    ]
