"""The Bolt app: built from services, with every listener registered and `services` injected.

`process_before_response` makes Bolt answer Slack from the request's own thread as soon as a
listener's ack function returns; the work after the ack runs in the lanes (lazy listeners). So
no ack ever waits for a thread that is busy with someone else's Slack call.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Executor

from slack_bolt import App, BoltContext

from bot.oauth import oauth_settings
from bot.services import Services
from handlers import register_listeners


class _WithoutTokenNotice(logging.Filter):
    """Bolt warns that its client's token wins over SLACK_BOT_TOKEN, which holds the same token:
    our client is made from those settings so that SLACK_API_URL applies."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


def bolt_logger() -> logging.Logger:
    """Bolt's loggers copy this one's level and filters (they would otherwise copy the root's).

    WARNING whatever the deployment's level: below it, Bolt logs the whole body of a request whose
    signature fails, and a body can carry what a person wrote, a token and a response_url.
    """
    logger = logging.getLogger("slack_bolt")
    logger.setLevel(logging.WARNING)
    if not logger.filters:
        logger.addFilter(_WithoutTokenNotice())
    return logger


def create_app(services: Services, listener_executor: Executor) -> App:
    settings = services.settings
    app = App(
        logger=bolt_logger(),
        listener_executor=listener_executor,
        process_before_response=True,
        client=services.client,
        signing_secret=settings.slack_signing_secret,
        token_verification_enabled=False,
        # EventsServer verifies every HTTP request over its raw bytes before Bolt sees it (and may
        # re-encode a slash command Bolt would misread); Socket Mode needs no signature.
        request_verification_enabled=False,
        raise_error_for_unhandled_request=False,
        oauth_settings=oauth_settings(services),
    )

    @app.middleware
    def provide_services(context: BoltContext, next: Callable[[], None]) -> None:
        context["services"] = services
        next()

    register_listeners(app)
    return app
