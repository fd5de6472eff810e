"""A Bolt app that only acknowledges, on Open Door's own server: the benchmark's yardstick.

    python scripts/bare_bolt.py PORT SIGNING_SECRET SLACK_API_URL BOT_TOKEN

Whatever Open Door's acks cost beyond this one's is the cost of Open Door itself.
"""

from __future__ import annotations

import re
import signal
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from slack_bolt import Ack, App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient

from bot.http_server import wsgi_server


def main() -> None:
    port, secret, api_url, token = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    app = App(
        client=WebClient(token=token, base_url=api_url),
        signing_secret=secret,
        token_verification_enabled=False,
        process_before_response=True,
        request_verification_enabled=True,
    )

    def ack_only(ack: Ack) -> None:
        ack()

    app.command("/visit")(ack_only)
    app.action(re.compile(".*"))(ack_only)
    app.view(re.compile(".*"))(ack_only)
    server = wsgi_server(SlackRequestHandler(app), "127.0.0.1", port, 32, 5)
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    threading.Thread(target=server.serve, daemon=True).start()
    print("ready", flush=True)
    while not stopping.wait(0.5):
        pass
    server.stop()


if __name__ == "__main__":
    main()
