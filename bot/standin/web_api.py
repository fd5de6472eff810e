"""A stand-in for Slack's Web API on loopback, and a window on what each person sees.

Slack can't be reached from tests or `opendoor demo`: this answers the Web API methods Open Door
uses with Slack's shapes and errors, hosts response_urls, and keeps what each person would see.
"""

from __future__ import annotations

import copy
import json
import math
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Self

from bot.standin import chat, conversations, users, views
from bot.standin.arguments import ApiError
from bot.standin.blocks import on_screen, render_screen, view_lines
from bot.standin.directory import Channel, User, dm_channel_id
from bot.standin.limits import CHANNEL_BURST, CHANNEL_PER_SECOND, WORKSPACE_PER_MINUTE, RateLimits
from bot.standin.server import Answer, LoopbackServer
from bot.standin.state import Call, Message, ResponseTarget, Trigger, World

ArgsPredicate = Callable[[dict[str, Any]], bool]

_METHODS = {**users.METHODS, **conversations.METHODS, **chat.METHODS, **views.METHODS}


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


class StandInSlack:
    """Slack's Web API for one workspace and one bot, served on 127.0.0.1 at a free port."""

    def __init__(
        self,
        team_id: str = "T0001",
        bot_user_id: str = "UBOT",
        bot_token: str = "xoxb-standin",
        *,
        team_domain: str = "school",
        bot_id: str = "B0001",
        app_id: str = "A0001",
        latency: float = 0.0,
    ) -> None:
        """`latency` is how long every answer takes, in seconds (see set_latency)."""
        self.bot_token = bot_token
        self._world = World(team_id, team_domain, bot_user_id, bot_id, app_id)
        self._lock = threading.Condition()
        self._calls: list[Call] = []
        self._failures: list[_Failure] = []
        self._aftermaths: list[_Aftermath] = []
        self._refusals: dict[str, _Refusal] = {}
        self._revoked: str | None = None
        self._limits: RateLimits | None = None
        self._rate_limited: Counter[str] = Counter()
        self._latency = 0.0
        self.set_latency(latency)
        self._stopped = threading.Event()
        self._server: LoopbackServer | None = None

    # -- lifecycle ------------------------------------------------------------------------------

    def start(self, port: int = 0) -> Self:
        """Serve on 127.0.0.1 at `port` (0: a free one, which root_url tells)."""
        self._stopped = threading.Event()
        self._server = LoopbackServer(self, port)
        return self

    def stop(self) -> None:
        """Stop serving; answers still held back (latency, hangs) are never sent."""
        self._stopped.set()
        if self._server is not None:
            self._server.close()
            self._server = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def root_url(self) -> str:
        if self._server is None:
            raise RuntimeError("StandInSlack is not started")
        return f"http://127.0.0.1:{self._server.port}/"

    @property
    def base_url(self) -> str:
        """What WebClient(base_url=...) needs, trailing slash included."""
        return self.root_url + "api/"

    # -- the workspace ----------------------------------------------------------------------------

    @property
    def bot_user_id(self) -> str:
        return self._world.bot_user_id

    def add_user(
        self,
        user_id: str,
        name: str,
        real_name: str | None = None,
        tz: str = "America/New_York",
        is_admin: bool = False,
        is_owner: bool = False,
        deleted: bool = False,
    ) -> None:
        with self._lock:
            self._world.users[user_id] = User(
                user_id, name, real_name or name, tz, is_admin, is_owner, deleted
            )

    def add_channel(
        self,
        channel_id: str,
        name: str,
        is_private: bool = False,
        members: tuple[str, ...] | list[str] = (),
    ) -> None:
        with self._lock:
            self._world.channels[channel_id] = Channel(channel_id, name, is_private, set(members))

    def set_user_deleted(self, user_id: str, deleted: bool = True) -> None:
        with self._lock:
            self._world.user(user_id).deleted = deleted

    def archive_channel(self, channel_id: str) -> None:
        with self._lock:
            self._world.channels[channel_id].archived = True

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

    # -- what the app sent ---------------------------------------------------------------------

    def calls(self, method: str | None = None) -> list[Call]:
        with self._lock:
            return [c for c in self._calls if method is None or c.method == method]

    def reset_calls(self) -> None:
        """Forget the calls received, and the rate-limit refusals counted, so far."""
        with self._lock:
            self._calls.clear()
            self._rate_limited.clear()

    def wait_for(
        self,
        method: str,
        predicate: ArgsPredicate | None = None,
        count: int = 1,
        timeout: float = 5.0,
    ) -> list[Call]:
        """Block until `count` calls of `method` whose args satisfy `predicate` have arrived.

        Lazy listeners call Slack after the ack, so tests wait rather than sleep. On timeout the
        AssertionError lists every call that did arrive, which usually shows the mistake.
        """

        def matching() -> list[Call]:
            return [
                c
                for c in self._calls
                if c.method == method and (predicate is None or predicate(c.args))
            ]

        with self._lock:
            if self._lock.wait_for(lambda: len(matching()) >= count, timeout):
                return matching()
            arrived = "\n".join(f"  {c.method} {json.dumps(c.args)[:300]}" for c in self._calls)
            raise AssertionError(
                f"expected {count} {method} call(s){' matching the predicate' if predicate else ''}"
                f" within {timeout}s, got {len(matching())}. Calls received:\n{arrived or '  none'}"
            )

    @property
    def validation_errors(self) -> list[str]:
        """Everything Slack would have refused (bad blocks, views, response_action errors...)."""
        with self._lock:
            return list(self._world.validation_errors)

    # -- what a person sees -----------------------------------------------------------------------

    def dms(self, user_id: str) -> list[Message]:
        return self.channel_messages(dm_channel_id(user_id))

    def channel_messages(self, channel_id: str) -> list[Message]:
        with self._lock:
            return copy.deepcopy(self._world.top_level(channel_id))

    def thread(self, channel_id: str, ts: str) -> list[Message]:
        with self._lock:
            return copy.deepcopy(self._world.thread(channel_id, ts))

    def versions(self, channel_id: str, ts: str) -> list[Message]:
        """Every version a message had, oldest first (chat.update and replace_original add one)."""
        with self._lock:
            return copy.deepcopy(self._world.find_post(channel_id, ts).versions)

    def ephemerals(self, user_id: str) -> list[Message]:
        with self._lock:
            return copy.deepcopy(self._world.ephemerals.get(user_id, []))

    def modal_stack(self, user_id: str) -> list[dict[str, Any]]:
        with self._lock:
            stack = self._world.stacks.get(user_id, [])
            return [copy.deepcopy(self._world.views[view_id]) for view_id in stack]

    def home(self, user_id: str) -> dict[str, Any] | None:
        with self._lock:
            view_id = self._world.homes.get(user_id)
            return copy.deepcopy(self._world.views[view_id]) if view_id else None

    def modal_errors(self, user_id: str) -> dict[str, str]:
        """The errors the app last showed beside the inputs of the person's top modal."""
        with self._lock:
            return dict(self._world.modal_errors.get(user_id, {}))

    def describe(self, user_id: str) -> str:
        """Everything one person can see, as readable text: DMs, ephemerals, modal, home tab."""
        user = self._known(user_id)
        heading = f"{user.real_name} (@{user.name}, {user_id})"
        sections = {
            "Direct messages": [on_screen(m.text, m.blocks) for m in self.dms(user_id)],
            "Only visible to you": [
                f"in {self._where(m.channel)}: {on_screen(m.text, m.blocks)}"
                for m in self.ephemerals(user_id)
            ],
        }
        stack = self.modal_stack(user_id)
        if stack:
            errors = [f"! {block}: {error}" for block, error in self.modal_errors(user_id).items()]
            modal = "\n".join(view_lines(stack[-1]) + errors)
            sections[f"Open modal (top of {len(stack)})"] = [modal]
        home = self.home(user_id)
        if home:
            sections["Home tab"] = ["\n".join(view_lines(home))]
        return render_screen(heading, sections)

    def _known(self, user_id: str) -> User:
        """A person of the workspace; anyone else cannot see or do anything in Slack."""
        with self._lock:
            if user_id not in self._world.users:
                raise AssertionError(
                    f"{user_id} is not in the stand-in workspace: add_user() first"
                )
            return copy.copy(self._world.users[user_id])

    def _where(self, channel_id: str) -> str:
        return "your DM" if channel_id.startswith("D") else f"#{self.channel_name(channel_id)}"

    # -- what Slack's client does for SlackRequests ---------------------------------------------

    def user_name(self, user_id: str) -> str:
        return self._known(user_id).name

    def channel_name(self, channel_id: str) -> str:
        """The channel name Slack puts in payloads ("directmessage" for DMs)."""
        with self._lock:
            channel = self._world.channels.get(channel_id)
        if channel_id.startswith("D"):
            return "directmessage"
        return channel.name if channel else channel_id

    def issue_trigger(self, user_id: str) -> str:
        """A trigger_id for one interaction of this person: usable once, for three seconds."""
        with self._lock:
            trigger_id = f"{int(time.time())}.{self._world.new_id('')}"
            self._world.triggers[trigger_id] = Trigger(user_id, time.time())
            return trigger_id

    def trigger_user(self, trigger_id: str) -> str | None:
        """Whose interaction a trigger_id came with (benchmarks match views.open to the click)."""
        with self._lock:
            trigger = self._world.triggers.get(trigger_id)
            return trigger.user_id if trigger else None

    def new_response_url(
        self, user_id: str, channel_id: str, message_ts: str | None = None, ephemeral: bool = False
    ) -> str:
        """A response_url for an interaction in a conversation, tied to the message it came from."""
        with self._lock:
            token = self._world.new_id("R")
            self._world.response_targets[token] = ResponseTarget(
                user_id, channel_id, message_ts, ephemeral
            )
        return f"{self.root_url}response/{token}"

    def find_message(self, channel_id: str, ts: str) -> tuple[dict[str, Any], bool] | None:
        """The message at channel+ts now, as Slack puts it in payloads, and if it is ephemeral."""
        with self._lock:
            post = self._world.posts.get((channel_id, ts))
            if post is not None:
                return copy.deepcopy(self._world.message_json(post.current)), False
            for messages in self._world.ephemerals.values():
                for message in messages:
                    if (message.channel, message.ts) == (channel_id, ts):
                        return copy.deepcopy(self._world.message_json(message)), True
        return None

    def show_command_answer(
        self, user_id: str, command: str, response_url: str, status: int, body: str
    ) -> None:
        """Show the app's ack of a slash command as Slack does; a failure is Slackbot's to tell."""
        token = response_url.rsplit("/", 1)[-1]
        with self._lock:
            target = self._world.response_targets[token]
            if status != 200:
                self._world.validation_errors.append(f"{command}: app answered HTTP {status}")
                chat.slackbot_says(
                    self._world,
                    user_id,
                    target.channel_id,
                    f'{command} failed with the error "http_service_error"',
                )
            elif body.strip():
                payload = json.loads(body) if body.lstrip().startswith("{") else {"text": body}
                chat.respond(self._world, target, payload)

    def apply_submission(self, user_id: str, state: dict[str, Any], status: int, body: str) -> None:
        """Keep the submitted state in the top modal and apply the app's answer to the stack."""
        with self._lock:
            views.apply_submission(self._world, user_id, state, status, body)

    def close_view(self, user_id: str) -> None:
        """The person closes their top modal."""
        with self._lock:
            stack = self._world.stacks.get(user_id, [])
            if stack:
                stack.pop()
            self._world.modal_errors.pop(user_id, None)

    # -- HTTP -------------------------------------------------------------------------------------

    def handle_api(self, method: str, args: dict[str, Any], token: str | None) -> Answer | None:
        """Record a Web API call and answer it: (HTTP status, extra headers, JSON body).

        The call is recorded and takes effect on arrival, under the lock; the answer is held
        back (latency, a planned hang) outside it, so slow answers do not queue behind each
        other. None: no answer at all, as the stand-in stopped first.
        """
        with self._lock:
            self._calls.append(Call(method, args, time.time()))
            self._lock.notify_all()
            delay = self._latency
            answer = self._turned_away(method, args, token)
            if answer is None:
                answer = self._run(method, args)
                aftermath = self._take_aftermath(method, args) if answer[2]["ok"] else None
                if aftermath is not None:
                    answer, delay = aftermath.answer(answer), delay + aftermath.delay
            stopped = self._stopped
        return _after(delay, answer, stopped)

    def handle_response_url(self, token: str, payload: dict[str, Any]) -> Answer | None:
        """Record a POST to a response_url and apply it; Slack allows five per URL.

        As with handle_api, the answer leaves after the latency, outside the lock.
        """
        with self._lock:
            self._calls.append(Call("response_url", payload, time.time()))
            self._lock.notify_all()
            answer = self._respond(token, payload)
            delay, stopped = self._latency, self._stopped
        return _after(delay, answer, stopped)

    def _respond(self, token: str, payload: dict[str, Any]) -> Answer:
        target = self._world.response_targets.get(token)
        if target is None:
            return 404, {}, {"ok": False, "error": "invalid_url"}
        target.uses += 1
        if target.uses > 5:
            self._world.validation_errors.append("response_url: used_url: more than 5 uses")
            return 404, {}, {"ok": False, "error": "used_url"}
        status, body = chat.respond(self._world, target, payload)
        return status, {}, body

    def _turned_away(self, method: str, args: dict[str, Any], token: str | None) -> Answer | None:
        """Why the call is refused before it does anything, in the order Slack checks, if it is.

        Planned failures come before rate limits so that a test's fail_next is answered as
        planned; a refused recipient comes after, as Slack limits calls before running them.
        """
        if method not in _METHODS:
            self._world.validation_errors.append(f"{method}: unknown_method")
            return 200, {}, {"ok": False, "error": "unknown_method", "req_method": method}
        if not token:
            return 200, {}, {"ok": False, "error": "not_authed"}
        if self._revoked:
            return 200, {}, {"ok": False, "error": self._revoked}
        if token != self.bot_token:
            return 200, {}, {"ok": False, "error": "invalid_auth"}
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

    def _run(self, method: str, args: dict[str, Any]) -> Answer:
        try:
            return 200, {}, {"ok": True, **_METHODS[method](self._world, args)}
        except ApiError as error:
            return 200, {}, {"ok": False, "error": error.error, **error.extra}

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


def _after(delay: float, answer: Answer, stopped: threading.Event) -> Answer | None:
    """The answer once `delay` seconds have passed (math.inf: never), or None if the stand-in
    stops first: a stopped server's connections close unanswered."""
    if delay > 0 and stopped.wait(None if math.isinf(delay) else delay):
        return None
    return answer
