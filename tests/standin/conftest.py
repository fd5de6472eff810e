"""Fixtures for the stand-in's own tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from slack_sdk import WebClient

from bot.standin import StandInSlack
from tests.standin.builders import ADA, BOB, GONE, TOKEN


@pytest.fixture
def standin() -> Iterator[StandInSlack]:
    with StandInSlack() as slack:
        slack.add_user(ADA, "ada", "Ada Lovelace", tz="Europe/London", is_admin=True)
        slack.add_user(BOB, "bob", "Bob Moses")
        slack.add_user(GONE, "gone", deleted=True)
        slack.add_channel("C0VISITS", "visits", members=(ADA, BOB, "UBOT"))
        slack.add_channel("C0LOUNGE", "lounge", members=(ADA,))
        slack.add_channel("G0LEADS", "leads", is_private=True, members=(ADA,))
        yield slack


@pytest.fixture
def client(standin: StandInSlack) -> WebClient:
    return WebClient(token=TOKEN, base_url=standin.base_url)
