"""A person's browser installing the app: the app's install page, *Allow* on Slack's side, and
back to the app's redirect URL with the code, carrying the state cookie as a browser would."""

from __future__ import annotations

import html
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlencode

from bot.standin.web_api import StandInSlack


@dataclass(frozen=True)
class Page:
    status: int
    body: str
    cookie: str = ""


def get(url: str, cookie: str = "") -> Page:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            cookie = response.headers.get("Set-Cookie", "").split(";")[0]
            return Page(response.status, response.read().decode(), cookie)
    except urllib.error.HTTPError as error:
        return Page(error.code, error.read().decode())


def install(
    app_root: str,
    slack: StandInSlack,
    *,
    team_id: str | None = None,
    enterprise_id: str | None = None,
    installer: str = "U0ADMIN",
    bot_token: str | None = None,
) -> Page:
    """The whole install, as Slack and a browser play it; returns the app's last page."""
    page = get(f"{app_root}/slack/install")
    found = re.search(r'href="(https://slack\.com/oauth/v2/authorize\?[^"]+)"', page.body)
    if page.status != 200 or found is None:
        return page
    approval = slack.allow_install(
        html.unescape(found.group(1)),
        team_id=team_id,
        enterprise_id=enterprise_id,
        installer=installer,
        bot_token=bot_token,
    )
    query = urlencode({"code": approval.code, "state": approval.state})
    return get(f"{app_root}/slack/oauth_redirect?{query}", page.cookie)
