"""Slack's rate limits, kept ahead of time rather than learned from 429s.

Slack publishes them per method and per workspace: `chat.postMessage` allows about one message a
second in a channel (short bursts pass) and several hundred a minute across a workspace; other
methods belong to tiers (tier 3: about 50 calls a minute, tier 4: about 100). A 429's Retry-After
holds that method for that workspace until then. Every limit is per workspace, so one school's
backlog never slows another's.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

POSTS_PER_CHANNEL_PER_SECOND = 1.0
CHANNEL_BURST = 3
# Slack tolerates short bursts: a workspace may spend ten seconds' worth of calls at once.
BURST_SECONDS = 10
TIER_PER_MINUTE = {2: 20, 3: 50, 4: 100}
METHOD_TIERS = {
    "chat.update": 3,
    "conversations.open": 3,
    "conversations.history": 3,
    "conversations.replies": 3,
}
POST = "chat.postMessage"


@dataclass
class _Bucket:
    """A token bucket: `rate` tokens a second, at most `capacity` saved up."""

    rate: float
    capacity: float
    tokens: float = field(init=False)
    stamp: float = field(init=False)

    def __post_init__(self) -> None:
        self.tokens, self.stamp = self.capacity, -1.0

    def _refill(self, now: float) -> None:
        if self.stamp >= 0:
            self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now

    def wait(self, now: float) -> float:
        self._refill(now)
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.rate

    def take(self, now: float) -> None:
        self._refill(now)
        self.tokens -= 1


class Pacer:
    """How long to wait before a call; thread-safe, one per process (shared by its senders)."""

    def __init__(
        self, posts_per_minute: int = 300, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._posts_per_minute = posts_per_minute
        self._clock = clock
        self._lock = threading.Lock()
        self._buckets: dict[tuple[str, ...], _Bucket] = {}
        self._held: dict[tuple[int, str], float] = {}

    def wait(self, workspace_id: int, method: str, channel: str) -> float:
        """Seconds until this call may be made (0 when now)."""
        with self._lock:
            now = self._clock()
            held = self._held.get((workspace_id, method), 0.0) - now
            return max(
                held, *(b.wait(now) for b in self._buckets_for(workspace_id, method, channel))
            )

    def take(self, workspace_id: int, method: str, channel: str) -> None:
        with self._lock:
            now = self._clock()
            for bucket in self._buckets_for(workspace_id, method, channel):
                bucket.take(now)

    def hold(self, workspace_id: int, method: str, seconds: float) -> None:
        """Slack said 429: no call of this method for this workspace until Retry-After has passed."""
        with self._lock:
            until = self._clock() + seconds
            key = (workspace_id, method)
            self._held[key] = max(self._held.get(key, 0.0), until)

    def _buckets_for(self, workspace_id: int, method: str, channel: str) -> list[_Bucket]:
        buckets = [
            self._bucket(("workspace", str(workspace_id), method), *self._method_rate(method))
        ]
        if method == POST:
            key = ("channel", str(workspace_id), channel)
            buckets.append(self._bucket(key, POSTS_PER_CHANNEL_PER_SECOND, CHANNEL_BURST))
        return buckets

    def _method_rate(self, method: str) -> tuple[float, float]:
        per_minute = (
            self._posts_per_minute
            if method == POST
            else TIER_PER_MINUTE[METHOD_TIERS.get(method, 4)]
        )
        return per_minute / 60, max(1.0, per_minute / 60 * BURST_SECONDS)

    def _bucket(self, key: tuple[str, ...], rate: float, capacity: float) -> _Bucket:
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = _Bucket(rate, capacity)
        return bucket
