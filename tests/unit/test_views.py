"""Every view as a pure function: what a person reads, and whether Slack would accept it.

The stand-in Slack's own Block Kit checks judge each message and modal, so a view that breaks a
limit fails here in milliseconds rather than in an end-to-end run."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from bot.domain.agenda import Agenda
from bot.domain.closed_days import NewlyClosed
from bot.domain.digest import Digest, Names
from bot.domain.prefill import Prefill
from bot.domain.team_digest import TeamWeek
from bot.domain.videos import VideoItem, Videos
from bot.models import School, Team
from bot.standin.blocks import buttons, on_screen, view_lines
from bot.standin.validation import message_problems, view_problems
from bot.views import (
    agenda,
    booking_dms,
    cards,
    closed_days,
    digest,
    followups,
    forms,
    ids,
    notices,
    reflection,
    setup_forms,
    teams,
    videos,
)
from bot.views.messages import Message
from tests.unit import scene
from tests.unit.scene import NOW, ZONE


def _read(message: Message) -> str:
    assert message_problems(message.blocks) == []
    return on_screen(message.text, message.blocks)


def _labels(message: Message) -> list[str]:
    return [button["text"] for button in buttons(message.blocks)]


MESSAGES: dict[str, Callable[[], Message]] = {
    "offer card": lambda: cards.offer_card(scene.offer(), ZONE, NOW),
    "request card": lambda: cards.request_card(scene.request(), [scene.offer()], ZONE),
    "approval ask": lambda: cards.approval_ask(scene.visit(status="pending"), ZONE),
    "approval answered": lambda: cards.approval_answered(scene.visit()),
    "visit booked": lambda: booking_dms.visit_booked(scene.visit(), ZONE),
    "visitor coming": lambda: booking_dms.visitor_coming(scene.visit(), ZONE),
    "visit pending": lambda: booking_dms.visit_pending(scene.visit(status="pending"), ZONE),
    "visit declined": lambda: booking_dms.visit_declined(scene.visit(status="declined"), ZONE),
    "approval reminder": lambda: booking_dms.approval_reminder(
        scene.visit(status="pending"), ZONE, NOW
    ),
    "visit lapsed": lambda: booking_dms.visit_lapsed(
        scene.visit(status="cancelled"), ZONE, [scene.offer()]
    ),
    "ask lapsed": lambda: booking_dms.ask_lapsed(scene.visit(status="cancelled"), ZONE),
    "visit cancelled": lambda: booking_dms.visit_cancelled(scene.visit(status="cancelled"), ZONE),
    "hosting proposed": lambda: booking_dms.hosting_proposed(
        scene.offer(request=scene.request()), ZONE
    ),
    "visitor reminder": lambda: followups.visitor_reminder(scene.visit(), ZONE, soon=False),
    "host reminder": lambda: followups.host_reminder(scene.offer(taken=1), ZONE, soon=True),
    "reflection prompt": lambda: followups.reflection_prompt(scene.visit(), ZONE, again=False),
    "host prompt": lambda: followups.host_prompt(scene.offer(), ZONE),
    "thanks": lambda: followups.thanks(scene.reflection(shared=True), ZONE, first=True),
    "visit check": lambda: followups.visit_check(scene.visit(), ZONE),
    "follow up": lambda: followups.follow_up(scene.visit(), scene.reflection(), ZONE, 14),
    "nudge to visit": lambda: followups.nudge_visit(scene.member(), [scene.offer()], ZONE),
    "nudge to host": lambda: followups.nudge_host(scene.offer(), ZONE),
    "nudge for a request": lambda: followups.nudge_request(scene.request(), ZONE, 3),
    "help": notices.help_message,
    "videos": lambda: videos.videos_message(Videos([_video()], 1), "", ZONE),
    "no videos": lambda: videos.videos_message(Videos([], 0), "chemistry <!here>", ZONE),
    "welcome": notices.welcome_message,
}


def _video(n: int = 0, url: str = "https://video.example/rotation", **changes: Any) -> VideoItem:
    fields: dict[str, Any] = dict(practice="Station rotation", practices=("Station rotation",),
                                  title="Grade 6 Math", who="UHOST", school="Lincoln <Middle>",
                                  when=NOW - timedelta(days=n), url=url)  # fmt: skip
    return VideoItem(**(fields | changes))


@pytest.mark.parametrize("build", MESSAGES.values(), ids=MESSAGES.keys())
def test_every_message_is_one_slack_accepts(build: Callable[[], Message]) -> None:
    message = build()
    assert message.text.strip()
    assert message_problems(message.blocks) == []


def test_an_open_door_card_offers_a_seat_only_while_one_is_free_and_the_door_is_ahead() -> None:
    assert "Ask to visit" in _labels(cards.offer_card(scene.offer(), ZONE, NOW))
    full = cards.offer_card(scene.offer(seats=2, taken=2), ZONE, NOW)
    past = cards.offer_card(scene.offer(), ZONE, NOW + timedelta(days=2))
    cancelled = cards.offer_card(scene.offer(status="cancelled"), ZONE, NOW)
    for card in (full, past, cancelled):
        assert "Ask to visit" not in _labels(card)


def test_times_are_shown_in_the_schools_zone_and_what_a_host_wrote_is_escaped() -> None:
    shown = _read(cards.offer_card(scene.offer(), ZONE, NOW))
    assert "9:00" in shown and "14:00" not in shown
    assert "<script>" not in shown and "&lt;script&gt;" in shown


def test_a_reflection_reaches_the_host_only_when_its_author_shared_it() -> None:
    private = _read(followups.thanks(scene.reflection(shared=False), ZONE, first=True))
    shared = _read(followups.thanks(scene.reflection(shared=True), ZONE, first=True))
    assert "every student spoke" not in private
    assert "every student spoke" in shared


def test_a_digest_shows_who_has_not_visited_only_to_a_coach() -> None:
    def read(role: str) -> str:
        summary = Digest(
            reader=scene.member("UREADER", "Reader", role=role),
            schools="Lincoln Middle",
            completed=3,
            staff=10,
            took_part=4,
            not_yet=Names(first=["UQUIET"], total=6),
        )
        return _read(digest.digest_message(summary, ZONE))

    assert "UQUIET" in read("coach")
    assert "UQUIET" not in read("admin") and "UQUIET" not in read("teacher")


def test_a_district_digest_of_a_hundred_schools_stays_one_slack_accepts() -> None:
    from bot.domain.digest_by_school import SchoolWeek

    lines = [SchoolWeek(f"School {n:03} " + "x" * 100, 1, 2, 30, 12) for n in range(100)]
    summary = Digest(
        reader=scene.member("UREADER", "Reader", role="coach"),
        schools="all schools",
        completed=100,
        coming=200,
        unconfirmed=3,
        schools_apart=lines,
    )
    text = _read(digest.digest_message(summary, ZONE))
    assert "School 000" in text and "School 099" not in text
    assert re.search(r"…and \d+ more schools", text), "the schools that did not fit are counted"
    assert "*All schools:* 100 completed, 200 coming, 40% of 3000 teachers took part" in text


def test_two_hundred_videos_with_long_links_stay_within_fifty_blocks() -> None:
    """Each link's `&`s are escaped to five characters each, so one video takes a section."""
    practices = ("Station rotation", "Number talks", "Exit tickets", "")
    items = [_video(n, url="https://v.example/?" + "&" * 280, practice=practices[n % 4])
             for n in range(200)]  # fmt: skip
    message = videos.videos_message(Videos(items, 200), "", ZONE)
    text = _read(message)
    assert len(message.blocks) == 50
    shown = text.count("|Watch>")
    assert 0 < shown < 200 and f"…and {200 - shown} more: narrow it with words" in text
    assert "*Exit tickets*" in text and "*Station rotation*" not in text, "practices A to Z"
    loose = _read(videos.videos_message(Videos([_video(practice="", practices=())], 1), "", ZONE))
    assert "*Other practices*\n• Grade 6 Math" in loose


def test_only_a_web_link_is_shown_as_one_and_nothing_in_it_is_read_as_markup() -> None:
    assert videos.watch_link("javascript:alert(1)") is None
    assert videos.watch_link("data:text/html;base64,AAAA") is None
    assert videos.watch_link("https://") is None
    assert videos.watch_link("https://v.example/a b") is None
    assert videos.watch_link("https://v.example/?a=1&b=<2>|x") == (
        "<https://v.example/?a=1&amp;b=%3C2%3E%7Cx|Watch>"
    )
    text = _read(videos.videos_message(Videos([_video()], 1), "", ZONE))
    assert "Lincoln &lt;Middle&gt;" in text and "Sun Nov 23, 2026" not in text
    assert "Mon Nov 23, 2026" in text


def test_a_digest_shows_a_few_new_videos_and_counts_the_rest() -> None:
    summary = Digest(
        reader=scene.member("UREADER", "Reader", role="coach"),
        schools="Lincoln Middle",
        videos=Videos([_video(), _video(1, url="javascript:alert(1)")], 7),
    )
    text = _read(digest.digest_message(summary, ZONE))
    assert "*Can't visit? Watch it*" in text and "javascript" not in text
    assert "<https://video.example/rotation|Watch>" in text
    assert "…and 6 more videos: `/visit videos` lists them all." in text


def _view_text(view: dict[str, Any]) -> str:
    assert view_problems(view) == []
    return "\n".join(view_lines(view))


def test_every_modal_is_one_slack_accepts() -> None:
    space, person = scene.workspace(), scene.member()
    views = [
        setup_forms.setup_modal(space, ZONE, {"admin": ["UADMIN"]}, ""),
        setup_forms.setup_modal(None, ZONE, {}, ""),
        setup_forms.profile_modal(space, person),
        forms.offer_modal(space, person, Prefill(room="204", seats=3)),
        forms.request_modal(person, NOW.date()),
        forms.hosting_modal(
            space, scene.request(), cards.request_text(scene.request()), person.school
        ),
        reflection.reflection_modal(scene.visit(), None, ZONE),
        reflection.reflection_modal(scene.visit(), scene.reflection(), ZONE),
        reflection.host_reflection_modal(scene.offer(), None, ZONE),
        reflection.help_modal(scene.visit(), ZONE),
        reflection.help_sent_modal(scene.visit(), [scene.offer()], ZONE, True, set()),
        reflection.help_sent_modal(scene.visit(), [], ZONE, False, set()),
        notices.notice_modal("Done."),
    ]
    for view in views:
        assert _view_text(view)


def test_a_prefilled_offer_modal_keeps_what_was_understood() -> None:
    prefill = Prefill(day=NOW.date(), room="204", grade="6", seats=3, details="debate")
    view = forms.offer_modal(scene.workspace(), scene.member(), prefill)
    assert view_problems(view) == []
    initial = {
        block["block_id"]: block["element"].get("initial_value")
        for block in view["blocks"]
        if block["type"] == "input"
    }
    assert initial["room"] == "204" and initial["details"] == "debate"


def test_the_matches_modal_marks_what_is_already_booked() -> None:
    door = scene.offer()
    view = agenda.matches_modal(scene.request(), [door], scene.member(), ZONE, NOW, {door.id})
    shown = _view_text(view)
    assert "Ask to visit" not in shown


def test_an_empty_home_tab_still_says_what_to_do() -> None:
    empty = Agenda(visiting=[], hosting=[], requests=[], proposals=[], offered=[], group_visits=[])
    view = agenda.home_view(empty, scene.member(), [], ZONE, NOW)
    assert view["type"] == "home"
    assert "/visit" in _view_text(view)


def test_a_host_sees_their_door_and_its_visitors_on_their_home_tab() -> None:
    door = scene.offer(taken=1)
    door.visits = [scene.visit(door)]
    mine = Agenda(
        visiting=[], hosting=[door], requests=[], proposals=[], offered=[], group_visits=[]
    )
    shown = _view_text(agenda.home_view(mine, door.host, [door], ZONE, NOW))
    assert "UVISITOR" in shown
    assert ids.CANCEL_OFFER in str(agenda.home_view(mine, door.host, [door], ZONE, NOW))


def test_one_of_anything_reads_in_the_singular_and_several_in_the_plural() -> None:
    door = scene.offer(seats=1, taken=0)
    door.visits = [scene.visit(door)]
    one_grade, two_grades = scene.request(), scene.request()
    two_grades.grades = ["6", "7"]
    summary = Digest(
        reader=scene.member("UREADER", "Reader", role="coach"), schools="Lincoln Middle",
        unconfirmed=1, staff=1, took_part=1, practices=[("Stations", 1), ("Debate", 2)],
        undelivered=1, undelivered_to=["UQUIET"],
    )  # fmt: skip
    shown = "\n".join(
        [
            followups.host_reminder(door, ZONE, soon=True).text,
            _read(followups.follow_up(scene.visit(), None, ZONE, 1)),
            _read(cards.offer_card(door, ZONE, NOW)),
            cards.request_text(one_grade),
            cards.request_text(two_grades),
            _read(digest.digest_message(summary, ZONE)),
            closed_days.setup_saved(NewlyClosed(days=[date(2026, 11, 27)], doors=1, visits=1)),
            closed_days.setup_saved(NewlyClosed(days=[date(2026, 11, 27)], doors=2, visits=3)),
        ]
    )
    for words in (
        "hosting 1 visitor,", "1 day ago", "1 of 1 seat left", "Grade 6 ", "Grades 6, 7",
        "1 past visit not", "of 1 teacher)", "Stations: 1 visit\n", "Debate: 2 visits",
        "1 message couldn't", "1 open door with 1 visit booked falls on",
        "2 open doors with 3 visits booked fall on",
    ):  # fmt: skip
        assert words in shown, words
    assert "(s)" not in shown and "Grades 6 " not in shown


def test_setup_for_a_district_with_user_groups_stays_within_a_modals_blocks() -> None:
    """Two staff pickers a school for the first forty schools, then a line for the rest."""
    space = scene.workspace()
    space.schools = [School(id=n, name=f"School {n:03}", roster_problem="") for n in range(1, 101)]
    space.user_groups = [{"id": f"S{n:04}", "name": f"Staff {n}"} for n in range(150)]
    view = setup_forms.setup_modal(space, ZONE, {}, "")
    text = _view_text(view)
    assert "School 040: or a user group" in text and "School 041: staff channel" not in text
    assert "Schools after the first 40 count the members who chose them." in text


def test_the_team_modal_and_a_team_digest_are_ones_slack_accepts() -> None:
    lead, people = (
        scene.member("ULEAD", "Romain"),
        [scene.member(f"U{n:03}", f"T{n}") for n in range(120)],
    )
    team = Team(id=1, name="6th–7th math", kind="multi_classroom", lead=lead, lead_id=lead.id)
    team.members = people[:100]
    assert _view_text(teams.team_modal(team, manages=True))
    assert _view_text(teams.team_modal(None, manages=True))
    week = TeamWeek(team=team, size=100, not_yet=[p.slack_user_id for p in people[:100]])
    text = _read(teams.team_digest_message(week, ZONE))
    assert "0% of 100 members" in text and "and 80 more" in text
    listing = _read(teams.teams_message([team] * 25, lead, manages=True))
    assert "…and 5 more teams." in listing


def test_a_cards_video_button_opens_only_a_web_page() -> None:
    safe = cards.offer_card(scene.offer(video_url="https://v.example/rotation"), ZONE, NOW)
    old = cards.offer_card(scene.offer(video_url="javascript:alert(1)//https://x"), ZONE, NOW)
    assert "Watch the video" in _read(safe)
    assert "Watch the video" not in _read(old) and "javascript" not in str(old.blocks)
