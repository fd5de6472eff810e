"""Slack's rate limits, kept ahead of time: per channel, per workspace and method, and 429 holds."""

import pytest

from bot.outbox.pacing import CHANNEL_BURST, POST, Pacer


class Ticks:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def posts(pacer: Pacer, workspace: int, channel: str, count: int) -> None:
    for _ in range(count):
        assert pacer.wait(workspace, POST, channel) == 0
        pacer.take(workspace, POST, channel)


def test_a_channel_takes_a_short_burst_then_about_one_post_a_second():
    ticks = Ticks()
    pacer = Pacer(clock=ticks)
    posts(pacer, 1, "U0CHEN", CHANNEL_BURST)
    assert pacer.wait(1, POST, "U0CHEN") == pytest.approx(1.0)
    assert pacer.wait(1, POST, "U0RIVERA") == 0, "another person's DM channel is not held up"
    ticks.now += 1.0
    posts(pacer, 1, "U0CHEN", 1)


def test_a_workspace_keeps_to_its_posts_per_minute_and_never_slows_another():
    ticks = Ticks()
    pacer = Pacer(posts_per_minute=60, clock=ticks)
    for n in range(10):  # ten seconds' worth of burst at one a second
        posts(pacer, 1, f"U{n}", 1)
    assert pacer.wait(1, POST, "U99") == pytest.approx(1.0)
    assert pacer.wait(2, POST, "U99") == 0, "another school's messages go out meanwhile"


def test_other_methods_keep_to_their_tier():
    ticks = Ticks()
    pacer = Pacer(clock=ticks)
    for _ in range(8):  # tier 3: 50 a minute, ten seconds' worth at once
        pacer.take(1, "chat.update", "C0VISITS")
    assert pacer.wait(1, "chat.update", "C0VISITS") > 0
    assert pacer.wait(1, POST, "C0VISITS") == 0, "updates don't use up the channel's posts"


def test_retry_after_holds_that_method_in_that_workspace_only():
    ticks = Ticks()
    pacer = Pacer(clock=ticks)
    pacer.hold(1, POST, 30)
    assert pacer.wait(1, POST, "U0CHEN") == pytest.approx(30)
    assert pacer.wait(1, "chat.update", "C0VISITS") == 0
    assert pacer.wait(2, POST, "U0CHEN") == 0
    ticks.now += 30
    assert pacer.wait(1, POST, "U0CHEN") == 0
