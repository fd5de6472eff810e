"""Where listeners' work runs after the ack: two lanes of threads, so a modal is never late.

A `trigger_id` is good for three seconds, once. Opening a modal therefore has a lane of its own:
it never queues behind someone's ephemeral reply, Home refresh or slow Slack call. Everything
else a person waits on runs in the second lane. Both are plain thread pools: the work is mostly
waiting on Slack and the database, which threads do well.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from typing import Any

from bot.config import Settings

MODAL_LANE = "opens_modal"


def opens_modal(work: Callable[..., Any]) -> Callable[..., Any]:
    """Mark work that must open a modal before its trigger expires (Bolt keeps the mark when it
    wraps a lazy listener, since `functools.wraps` copies the function's attributes)."""
    setattr(work, MODAL_LANE, True)
    return work


class Lanes(Executor):
    """Bolt's listener executor: routes each piece of work to its lane and knows when all is done,
    so a test can settle and a stopping server can finish what it acknowledged."""

    def __init__(self, modal_threads: int, listener_threads: int) -> None:
        self._modals = ThreadPoolExecutor(modal_threads, thread_name_prefix="modal")
        self._others = ThreadPoolExecutor(listener_threads, thread_name_prefix="listener")
        self._busy = 0
        self._changed = threading.Condition()

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        lane = self._modals if getattr(fn, MODAL_LANE, False) else self._others
        with self._changed:
            self._busy += 1
        try:
            future = lane.submit(fn, *args, **kwargs)
        except RuntimeError:  # shut down: a request still in flight when stopping ran out of time
            self._done(None)
            raise
        future.add_done_callback(self._done)
        return future

    def _done(self, _future: Future[Any] | None) -> None:
        with self._changed:
            self._busy -= 1
            self._changed.notify_all()

    @classmethod
    def for_settings(cls, settings: Settings) -> Lanes:
        return cls(settings.opendoor_modal_threads, settings.opendoor_listener_threads)

    def busy(self) -> bool:
        """Someone's click or command is being worked on right now."""
        return self._busy > 0

    def wait_idle(self, timeout: float) -> bool:
        with self._changed:
            return self._changed.wait_for(lambda: self._busy == 0, timeout)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._modals.shutdown(wait=wait, cancel_futures=cancel_futures)
        self._others.shutdown(wait=wait, cancel_futures=cancel_futures)
