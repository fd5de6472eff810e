"""How the stand-in Slack misbehaves on purpose: slow, failing, rate-limited, unreachable.

Slack answers late, refuses calls with errors and 429s, takes effect and then reports failure,
loses answers on the way back, and cannot reach some people. Tests plan these here, and the
Web API checks the plans (under StandInSlack's lock) before and after running each call.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Any

from bot.standin.directory import dm_channel_id
from bot.standin.limits import CHANNEL_BURST, CHANNEL_PER_SECOND, WORKSPACE_PER_MINUTE, RateLimits
from bot.standin.server import Answer
from bot.standin.state import ArgsPredicate
from bot.standin.workspace import Workspace


@dataclass
class _Failure:
    """An answer planned by fail_next, given instead of the real one."""

    method: str
    error: str
    status: int
    headers: dict[str, str]
    times: int
    when: ArgsPredicate | None


@dataclass
class _Aftermath:
    """A fault planned by fail_after_posting or hang_after_posting: the call takes effect as
    usual, then its answer is replaced by an error status (status set) or held back (delay)."""

    method: str
    times: int
    when: ArgsPredicate | None
    status: int | None = None
    error: str = ""
    delay: float = 0.0

    def answer(self, real: Answer) -> Answer:
        if self.status is None:
            return real
        return self.status, {}, {"ok": False, "error": self.error}


@dataclass
class _Refusal:
    """A person refuse_recipient made unreachable: calls to them fail with `error`."""

    error: str
    times: int | None


class Faults(Workspace):
    """The misbehaviour tests plan for the stand-in, and the checks that carry it out."""

    _failures: list[_Failure]
    _aftermaths: list[_Aftermath]
    _refusals: dict[str, _Refusal]
    _revoked: str | None
    _limits: RateLimits | None
    _rate_limited: Counter[str]
    _latency: float

    def revoke_token(self, error: str | None = "token_revoked") -> None:
        """From now on every call fails like a revoked install (or account_inactive, etc.);
        None is the admin reinstalling the app, and calls succeed again."""
        with self._lock:
            self._revoked = error

    def fail_next(
        self,
        method: str,
        error: str = "ratelimited",
        status: int = 200,
        headers: dict[str, str] | None = None,
        times: int = 1,
        when: ArgsPredicate | None = None,
    ) -> None:
        """Answer the next `times` calls of `method` (whose args satisfy `when`) with this error.

        status=429 answers HTTP 429 with Retry-After (default "1", as Slack always sends one);
        a 5xx status answers that status with the same JSON body.
        """
        headers = dict(headers or {})
        if status == 429:
            headers.setdefault("Retry-After", "1")
        with self._lock:
            self._failures.append(_Failure(method, error, status, headers, times, when))

    def fail_after_posting(
        self,
        method: str = "chat.postMessage",
        status: int = 500,
        error: str = "internal_error",
        times: int = 1,
        when: ArgsPredicate | None = None,
    ) -> None:
        """The next `times` successful calls of `method` (whose args satisfy `when`) take effect,
        then answer HTTP `status` with {"ok": false, "error": error}.

        Slack does this: the message is posted (conversations.history finds it, metadata and
        all) but the app is told it failed, so a retry that does not look first posts it twice.
        Calls that fail anyway answer their own error and leave the plan for the next one.
        """
        with self._lock:
            self._aftermaths.append(_Aftermath(method, times, when, status=status, error=error))

    def hang_after_posting(
        self,
        seconds: float | None = None,
        method: str = "chat.postMessage",
        times: int = 1,
        when: ArgsPredicate | None = None,
    ) -> None:
        """The next `times` successful calls of `method` (whose args satisfy `when`) take effect,
        then their answer waits `seconds` more (None: until the stand-in stops, unanswered).

        This is the answer lost on the way back: with `seconds` beyond the client's timeout the
        app sees a timeout for a message that was posted. The wait holds up no other call.
        """
        delay = math.inf if seconds is None else seconds
        with self._lock:
            self._aftermaths.append(_Aftermath(method, times, when, delay=delay))

    def refuse_recipient(
        self, user_id: str, error: str | None = "channel_not_found", times: int | None = None
    ) -> None:
        """Calls to one person fail with `error` (every time, or the next `times`); others pass.

        A call is to the person when its channel is their user id or their DM's id (so
        chat.postMessage, chat.update, conversations.history...) or it is conversations.open
        for them. Nothing is posted. error=None lets them be reached again.
        fail_next(when=...) can do one method at a time; this is the person, however addressed.
        """
        with self._lock:
            if error is None:
                self._refusals.pop(user_id, None)
            else:
                self._refusals[user_id] = _Refusal(error, times)

    def set_latency(self, seconds: float) -> None:
        """How long Slack takes to answer: every Web API call and response_url POST takes effect
        on arrival, and its answer leaves `seconds` later. Calls wait side by side, not in turn."""
        if seconds < 0:
            raise ValueError("latency cannot be negative")
        with self._lock:
            self._latency = seconds

    def enforce_rate_limits(
        self,
        per_channel_per_second: float = CHANNEL_PER_SECOND,
        burst: int = CHANNEL_BURST,
        workspace_per_minute: int | None = WORKSPACE_PER_MINUTE,
        workspace_burst: int | None = None,
    ) -> None:
        """Refuse calls beyond Slack's rate limits with HTTP 429, "ratelimited" and Retry-After.

        per_channel_per_second, burst: chat.postMessage to one conversation (a user id counts as
        their DM) is let through `burst` at once, then at this steady rate, as Slack's "about one
        message per second per channel". workspace_per_minute: every Web API call together, at
        most this many a minute and workspace_burst at once (default: ten seconds' worth), or
        None for no workspace limit. Retry-After is the whole seconds (at least 1) until a retry
        would pass. A refused call does nothing and uses up no allowance. Buckets start full.
        """
        limits = RateLimits(per_channel_per_second, burst, workspace_per_minute, workspace_burst)
        with self._lock:
            self._limits = limits

    def disable_rate_limits(self) -> None:
        """Let every call through again, as before enforce_rate_limits (counts are kept)."""
        with self._lock:
            self._limits = None

    def rate_limited_count(self, method: str | None = None) -> int:
        """How many calls (of `method`) the enforced rate limits refused since start or
        reset_calls; fail_next's planned 429s are not counted."""
        with self._lock:
            return self._rate_limited[method] if method else self._rate_limited.total()

    def _faulted(self, method: str, args: dict[str, Any]) -> Answer | None:
        """The answer a planned failure, a rate limit or a refused recipient gives instead of
        running an authorised call, if one does.

        Planned failures come before rate limits so that a test's fail_next is answered as
        planned; a refused recipient comes after, as Slack limits calls before running them.
        """
        failure = self._take_failure(method, args)
        if failure is not None:
            return failure.status, failure.headers, {"ok": False, "error": failure.error}
        if self._limits is not None:
            channel = self._posting_channel(args) if method == "chat.postMessage" else None
            retry_after = self._limits.admit(channel)
            if retry_after is not None:
                self._rate_limited[method] += 1
                headers = {"Retry-After": str(retry_after)}
                return 429, headers, {"ok": False, "error": "ratelimited"}
        refused = self._take_refusal(method, args)
        if refused is not None:
            return 200, {}, {"ok": False, "error": refused}
        return None

    def _posting_channel(self, args: dict[str, Any]) -> str | None:
        """The conversation a chat.postMessage lands in, which its per-channel limit counts:
        a user id means their DM, "#name" the channel of that name."""
        target = str(args.get("channel") or "")
        if target.startswith(("U", "W")):
            return dm_channel_id(target)
        if target.startswith("#"):
            named = (c.id for c in self._world.channels.values() if c.name == target[1:])
            return next(named, target)
        return target or None

    def _take_failure(self, method: str, args: dict[str, Any]) -> _Failure | None:
        for failure in self._failures:
            if failure.method == method and (failure.when is None or failure.when(args)):
                failure.times -= 1
                if failure.times <= 0:
                    self._failures.remove(failure)
                return failure
        return None

    def _take_aftermath(self, method: str, args: dict[str, Any]) -> _Aftermath | None:
        for aftermath in self._aftermaths:
            if aftermath.method == method and (aftermath.when is None or aftermath.when(args)):
                aftermath.times -= 1
                if aftermath.times <= 0:
                    self._aftermaths.remove(aftermath)
                return aftermath
        return None

    def _take_refusal(self, method: str, args: dict[str, Any]) -> str | None:
        """The error for a call to a refused person, counting it against the refusal's times."""
        channel = args.get("channel")
        users = args.get("users") or []
        opened = users if isinstance(users, list) else str(users).split(",")
        for user_id, refusal in self._refusals.items():
            if channel in (user_id, dm_channel_id(user_id)) or (
                method == "conversations.open" and user_id in opened
            ):
                if refusal.times is not None:
                    refusal.times -= 1
                    if refusal.times <= 0:
                        del self._refusals[user_id]
                return refusal.error
        return None
