"""`opendoor demo` shows each person's real week: the leader who set it up gets the digest, the
hour-before reminder and the judging-word hint are on screen, and Home tabs show what is coming.

The demo runs its own stage, database and clock, so this test needs none of the fixtures."""

from __future__ import annotations

import contextlib
import io
import re

import pytest

from bot.demo import run_demo


@pytest.fixture(scope="module")
def printed() -> str:
    """One run of the demo for every test here: it takes seconds, and its output doesn't change."""
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        assert run_demo() == 0
    return output.getvalue()


def _seen_by(printed: str, name: str) -> str:
    """One person's screens in the printout at the end of the week."""
    end = printed.split("What each person sees at the end of the week", 1)[1]
    match = re.search(rf"^== {re.escape(name)} \(.*?(?=^== |\Z)", end, re.MULTILINE | re.DOTALL)
    assert match, f"{name} is missing from the end of the week"
    return match.group(0)


def test_the_principal_who_set_up_is_a_leader_and_gets_the_digest(printed):
    assert "Your week in visits" in _seen_by(printed, "Principal Okafor")
    assert "Your week in visits" in _seen_by(printed, "Coach Diaz")


def test_the_hour_before_reminder_is_shown(printed):
    assert "In about an hour" in _seen_by(printed, "Ms. Nguyen")
    assert "In about an hour" in _seen_by(printed, "Ms. Rivera")


def test_the_judging_word_hint_says_what_it_says(printed):
    assert "A small nudge: “i loved”, “great” judge rather than describe" in printed


def test_home_tabs_show_what_is_coming(printed):
    homes = re.findall(r"^Home tab:\n(.*?)(?=^== |\Z)", printed, re.MULTILINE | re.DOTALL)
    assert homes, "no Home tab is shown"
    assert any("Nothing coming up yet" not in home for home in homes), "every Home tab is empty"
    assert "Nothing coming up yet" not in _seen_by(printed, "Ms. Rivera").split("Home tab:")[1]


def test_a_teacher_who_never_tried_open_door_is_invited_and_counted(printed):
    assert "Open doors you could visit this week" in _seen_by(printed, "Ms. Kim")
    assert "of 5 teachers" in _seen_by(printed, "Coach Diaz")


def test_the_week_has_a_team_visit_and_a_coaching_round(printed):
    chen = _seen_by(printed, "Mr. Chen")
    assert "Coming up: your team visit" in chen and "what will the team try" in chen
    rivera = _seen_by(printed, "Ms. Rivera")
    assert "Coming up: your coaching round" in rivera and "Next step agreed." in rivera
    assert "its data picture" in _seen_by(printed, "Principal Okafor")
    assert "What the team decided to try" in _seen_by(printed, "Ms. Nguyen")
    assert "*Visited:* @Mr. Chen" in _seen_by(printed, "Ms. Nguyen"), "the team's morning counts"


def test_the_week_has_a_period_based_offer_and_a_coverage_request(printed):
    assert "picking *B day · Period 4* instead of typing times" in printed
    principal = _seen_by(printed, "Principal Okafor")
    assert "*Cover for Tuesday" in principal and "*Period 4*: @Mr. Chen's class" in principal
    assert ":white_check_mark: Covered" in principal
