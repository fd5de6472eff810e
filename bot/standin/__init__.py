"""A stand-in for Slack, for end-to-end tests and `opendoor demo`, where Slack is out of reach.

StandInSlack answers the Web API (point WebClient's base_url at it) and shows what each
person sees; SlackRequests plays Slack's part toward the app: signed slash commands, clicks,
modal submissions and events. `python -m bot.standin` runs StandInSlack as a process of its
own, for benchmarks that point several bot processes at one Slack.
"""

from bot.standin.requests import SlackRequests
from bot.standin.state import Call, Message
from bot.standin.transport import Reply
from bot.standin.web_api import StandInSlack

__all__ = ["Call", "Message", "Reply", "SlackRequests", "StandInSlack"]
