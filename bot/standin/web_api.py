"""A stand-in for Slack's Web API on loopback, and a window on what each person sees.

Slack can't be reached from tests or `opendoor demo`: this answers the Web API methods Open Door
uses with Slack's shapes and errors, hosts response_urls, and keeps what each person would see.
StandInSlack is the one object tests hold; here are its serving, the calls it records, and the
way each call is checked and run. The methods themselves are in users, conversations, chat and
views; what people see, what the client does and the planned faults are in their own modules.
"""

from __future__ import annotations

import json
import math
import threading
import time
from collections import Counter
from typing import Any, Self
from urllib.parse import parse_qs, urlparse

from bot.standin import chat, conversations, files, oauth, users, views
from bot.standin.arguments import ApiError
from bot.standin.client_side import ClientSide
from bot.standin.faults import Faults
from bot.standin.screens import Screens
from bot.standin.server import Answer, LoopbackServer
from bot.standin.state import ArgsPredicate, Call, ResponseTarget, World

_METHODS = {
    **users.METHODS,
    **conversations.METHODS,
    **chat.METHODS,
    **views.METHODS,
    **files.METHODS,
    **oauth.METHODS,
}


class StandInSlack(Screens, ClientSide, Faults):
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
        self._failures = []
        self._aftermaths = []
        self._refusals = {}
        self._revoked = None
        self._limits = None
        self._rate_limited = Counter()
        self._latency = 0.0
        self.set_latency(latency)
        self._stopped = threading.Event()
        self._server: LoopbackServer | None = None
        self.oauth_client: tuple[str, str] | None = None  # the app's client id and secret

    # -- lifecycle ------------------------------------------------------------------------------

    def start(self, port: int = 0) -> Self:
        """Serve on 127.0.0.1 at `port` (0: a free one, which root_url tells)."""
        self._stopped = threading.Event()
        self._server = LoopbackServer(self, port)
        with self._lock:
            self._world.upload_root = f"{self.root_url}upload/"
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

    # -- HTTP: the Web API, and the response_urls served beside it ------------------------------

    def allow_install(
        self,
        authorize_url: str,
        *,
        team_id: str | None = None,
        enterprise_id: str | None = None,
        installer: str = "U0ADMIN",
        bot_token: str | None = None,
    ) -> oauth.Approval:
        """A person clicks *Allow* on the authorize page: for `team_id`, or, with only
        `enterprise_id`, for the whole Enterprise org. The code they bring back is good once."""
        token = bot_token or f"xoxb-{team_id or enterprise_id}-{len(self._world.grants) + 1}"
        scope = parse_qs(urlparse(authorize_url).query).get("scope", [""])[0]
        grant = oauth.Grant(token, team_id, enterprise_id or None, installer, scope)
        with self._lock:
            return oauth.allow(self._world, authorize_url, grant)

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

    def handle_api(self, method: str, args: dict[str, Any], token: str | None) -> Answer | None:
        """Record a Web API call and answer it: (HTTP status, extra headers, JSON body).

        The call is recorded and takes effect on arrival, under the lock; the answer is held
        back (latency, a planned hang) outside it, so slow answers do not queue behind each
        other. None: no answer at all, as the stand-in stopped first.
        """
        with self._lock:
            self._calls.append(Call(method, args, time.time(), token))
            self._lock.notify_all()
            delay = self._latency
            answer = self._turned_away(method, args, token)
            if answer is None:
                answer = self._run(method, args, token)
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

    def handle_upload(self, file_id: str, data: bytes) -> tuple[int, str]:
        """Record the bytes POSTed to an upload URL (as an `upload` call) and keep them."""
        with self._lock:
            self._calls.append(
                Call("upload", {"file_id": file_id, "length": len(data)}, time.time())
            )
            self._lock.notify_all()
            return files.receive_upload(self._world, file_id, data)

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
        """Why the call is refused before it does anything, in the order Slack checks, if it is:
        an unknown method, the token, then the faults a test planned."""
        if method not in _METHODS:
            self._world.validation_errors.append(f"{method}: unknown_method")
            return 200, {}, {"ok": False, "error": "unknown_method", "req_method": method}
        if method == "oauth.v2.access":
            return self._client_refused(token)
        if not token:
            return 200, {}, {"ok": False, "error": "not_authed"}
        if self._revoked:
            return 200, {}, {"ok": False, "error": self._revoked}
        if token != self.bot_token and token not in self._world.grants:
            return 200, {}, {"ok": False, "error": "invalid_auth"}
        return self._faulted(method, args)

    def _client_refused(self, authorization: str | None) -> Answer | None:
        """oauth.v2.access takes the app's client id and secret, not a token."""
        client = oauth.client_of(authorization)
        if client is None:
            return 200, {}, {"ok": False, "error": "invalid_client_id"}
        if self.oauth_client is not None and client != self.oauth_client:
            wrong = (
                "bad_client_secret" if client[0] == self.oauth_client[0] else "invalid_client_id"
            )
            return 200, {}, {"ok": False, "error": wrong}
        return None

    def _run(self, method: str, args: dict[str, Any], token: str | None = None) -> Answer:
        grant = self._world.grants.get(token or "")
        if method == "auth.test" and grant is not None:
            return 200, {}, {"ok": True, **oauth.auth_test_for(self._world, grant)}
        refusal = oauth.refused_for_org(grant, method, args)
        if refusal is not None:
            return 200, {}, {"ok": False, "error": refusal}
        try:
            return 200, {}, {"ok": True, **_METHODS[method](self._world, args)}
        except ApiError as error:
            return 200, {}, {"ok": False, "error": error.error, **error.extra}


def _after(delay: float, answer: Answer, stopped: threading.Event) -> Answer | None:
    """The answer once `delay` seconds have passed (math.inf: never), or None if the stand-in
    stops first: a stopped server's connections close unanswered."""
    if delay > 0 and stopped.wait(None if math.isinf(delay) else delay):
        return None
    return answer
