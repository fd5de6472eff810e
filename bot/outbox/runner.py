"""The one dispatcher of a process, run right after a change commits so DMs arrive at once.

Kicks come from every committed unit of work and from the scheduler's periodic tick; they never
start a second dispatcher in the same process, they ask the running one for one more pass. The
runner keeps one Pacer, so the process as a whole keeps to Slack's rate limits.

People come first: while listeners are working on someone's click, the runner waits a moment
between passes (never long) so that its rendering and bookkeeping don't slow their answers.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from slack_sdk import WebClient
from sqlalchemy.orm import Session, sessionmaker

from bot.clock import Clock
from bot.domain.timing import DEFAULT_TIMING, Timing
from bot.outbox.dispatcher import dispatch_due, monotonic
from bot.outbox.pacing import Pacer

log = logging.getLogger(__name__)

# How long a pass waits for people's work to quiet down, at most, and how often it looks.
YIELD_AT_MOST = 1.0
YIELD_STEP = 0.02
# A run keeps draining what rate limits hold back for this long; the scheduler's next tick (or a
# kick) starts another.
DRAIN_SECONDS = 600.0


class OutboxRunner:
    """Single-flight per process: a kick while a run is going asks for one more run."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        client: WebClient,
        clock: Clock,
        timing: Timing = DEFAULT_TIMING,
        posts_per_minute: int = 300,
    ) -> None:
        self._session_factory = session_factory
        self._client = client
        self._clock = clock
        self._timing = timing
        self.pacer = Pacer(posts_per_minute, clock=monotonic)
        self._lock = threading.Lock()
        self._again = False
        self._running = False
        self._stopped = False
        self._idle = threading.Event()
        self._idle.set()
        self._people_busy: Callable[[], bool] = lambda: False

    def yield_to(self, people_busy: Callable[[], bool]) -> None:
        """Let passes wait while this tells that listeners are busy (the server's lanes)."""
        self._people_busy = people_busy

    def kick(self) -> None:
        with self._lock:
            if self._stopped:
                return
            if self._running:
                self._again = True
                return
            self._running, self._again = True, False
            self._idle.clear()
        threading.Thread(target=self._loop, name="outbox", daemon=True).start()

    def run_once(self) -> int:
        with self._session_factory() as session:
            return dispatch_due(
                session,
                self._client,
                self._clock(),
                self._timing,
                pacer=self.pacer,
                budget=DRAIN_SECONDS,
                between_passes=self._quiet_moment,
            )

    def _quiet_moment(self) -> bool:
        """Wait a moment while people's work is going on; False once the runner is stopping."""
        deadline = time.monotonic() + YIELD_AT_MOST
        while self._people_busy() and time.monotonic() < deadline and not self._stopped:
            time.sleep(YIELD_STEP)
        return not self._stopped

    def stop(self, timeout: float) -> None:
        """Take no more kicks; let the run in progress finish what it claimed."""
        with self._lock:
            self._stopped = True
        self.wait_idle(timeout)

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """For tests, the demo and shutdown: block until everything kicked so far was tried."""
        return self._idle.wait(timeout)

    def _loop(self) -> None:
        while True:
            try:
                self.run_once()
            except Exception:  # the scheduler's next tick will try again
                log.exception("outbox run failed")
            with self._lock:
                if not self._again or self._stopped:
                    self._running = False
                    self._idle.set()
                    return
                self._again = False
