"""Slack's rate limits, as token buckets, so that benchmarks meet 429s where Slack would send them.

Slack allows chat.postMessage about one message per second per channel with a small burst, and
limits everything an app does in a workspace together. Beyond either it answers HTTP 429 with
Retry-After. Nothing here locks or sleeps: StandInSlack asks under its lock, at each call's
arrival, and the clock is injected so the arithmetic can be tested without waiting.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

Clock = Callable[[], float]

# Slack documents no exact figures beyond "about one per second per channel" with "generous
# burst behavior", and "several hundred messages per minute" per workspace; these sit inside.
CHANNEL_PER_SECOND = 1.0
CHANNEL_BURST = 3
WORKSPACE_PER_MINUTE = 600


@dataclass
class TokenBucket:
    """Up to `capacity` calls at once, refilled at `rate` per second, starting full."""

    rate: float
    capacity: float
    tokens: float = field(init=False)
    filled_at: float | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.tokens = self.capacity

    def refill(self, now: float) -> None:
        if self.filled_at is not None:
            self.tokens = min(self.capacity, self.tokens + (now - self.filled_at) * self.rate)
        self.filled_at = now

    def wait(self) -> float:
        """Seconds until one call would be let through (0 if one would be now); refill first."""
        return max(0.0, (1 - self.tokens) / self.rate)

    def take(self) -> None:
        self.tokens -= 1


class RateLimits:
    """The per-channel posting limit and the workspace-wide limit of one workspace."""

    def __init__(
        self,
        per_channel_per_second: float,
        burst: int,
        workspace_per_minute: int | None,
        workspace_burst: int | None,
        clock: Clock = time.monotonic,
    ) -> None:
        """`clock` defaults to the real monotonic clock, bound here once: freezegun patches
        time.monotonic wherever a module names it, but Slack's limits run on real time even
        while a test has frozen the app's clock."""
        if per_channel_per_second <= 0 or burst < 1:
            raise ValueError("per_channel_per_second must be positive and burst at least 1")
        self._clock = clock
        self._per_channel = (per_channel_per_second, burst)
        self._channels: dict[str, TokenBucket] = {}
        self._workspace: TokenBucket | None = None
        if workspace_per_minute is not None:
            if workspace_per_minute < 1 or (workspace_burst is not None and workspace_burst < 1):
                raise ValueError("workspace_per_minute and workspace_burst must be at least 1")
            capacity = workspace_burst or max(1, workspace_per_minute // 6)
            self._workspace = TokenBucket(workspace_per_minute / 60, capacity)

    def admit(self, channel: str | None) -> int | None:
        """Let one call through, or say in whole seconds (at least 1) when a retry would pass.

        `channel` is the conversation a chat.postMessage posts to, None for any other call. A
        call refused by either limit uses up neither, as nothing it asked for was done.
        """
        now = self._clock()
        buckets = [] if self._workspace is None else [self._workspace]
        if channel is not None:
            buckets.append(self._channels.setdefault(channel, TokenBucket(*self._per_channel)))
        for bucket in buckets:
            bucket.refill(now)
        wait = max((bucket.wait() for bucket in buckets), default=0.0)
        if wait > 0:
            return max(1, math.ceil(wait))
        for bucket in buckets:
            bucket.take()
        return None
