"""The rate-limit arithmetic, on a clock the test moves, so no test waits for buckets to refill."""

from __future__ import annotations

import pytest

from bot.standin.limits import RateLimits


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def limits(
    clock: Clock,
    per_second: float = 1.0,
    burst: int = 3,
    per_minute: int | None = None,
    workspace_burst: int | None = None,
) -> RateLimits:
    return RateLimits(per_second, burst, per_minute, workspace_burst, clock=clock)


def test_a_channel_takes_a_burst_then_one_a_second() -> None:
    clock = Clock()
    channel = limits(clock)
    assert [channel.admit("C1") for _ in range(3)] == [None, None, None]
    assert channel.admit("C1") == 1
    assert channel.admit("C2") is None, "each channel has its own allowance"
    clock.now += 0.5
    assert channel.admit("C1") == 1, "half a token is not a call; Retry-After is at least 1"
    clock.now += 0.5
    assert channel.admit("C1") is None
    assert channel.admit("C1") == 1
    clock.now += 60
    assert [channel.admit("C1") for _ in range(4)] == [None, None, None, 1], "refills to burst"


def test_retry_after_is_when_a_retry_would_pass() -> None:
    clock = Clock()
    slow = limits(clock, per_second=0.2, burst=1)
    assert slow.admit("C1") is None
    clock.now += 1.5
    assert slow.admit("C1") == 4, "3.5 seconds to go, rounded up"
    clock.now += 3.4
    assert slow.admit("C1") == 1
    clock.now += 0.1
    assert slow.admit("C1") is None


def test_the_workspace_limit_counts_every_call() -> None:
    clock = Clock()
    workspace = limits(clock, per_minute=60, workspace_burst=2)
    assert workspace.admit(None) is None
    assert workspace.admit("C1") is None
    assert workspace.admit("C2") == 1, "the workspace is spent, whichever channel"
    clock.now += 1
    assert workspace.admit(None) is None


def test_a_refused_call_uses_up_no_allowance() -> None:
    clock = Clock()
    both = limits(clock, burst=1, per_minute=60, workspace_burst=5)
    assert both.admit("C1") is None
    for _ in range(10):
        assert both.admit("C1") == 1
    assert [both.admit(None) for _ in range(4)] == [None] * 4, "C1's refusals took no workspace"
    assert both.admit(None) == 1


def test_the_default_workspace_burst_is_ten_seconds_worth() -> None:
    workspace = limits(Clock(), per_minute=120)
    assert [workspace.admit(None) for _ in range(21)] == [None] * 20 + [1]


@pytest.mark.parametrize(
    ("per_second", "burst", "per_minute", "workspace_burst"),
    [(0, 3, None, None), (1, 0, None, None), (1, 3, 0, None), (1, 3, 60, 0)],
)
def test_settings_that_would_refuse_everything_are_refused(
    per_second: float, burst: int, per_minute: int | None, workspace_burst: int | None
) -> None:
    with pytest.raises(ValueError):
        limits(Clock(), per_second, burst, per_minute, workspace_burst)
