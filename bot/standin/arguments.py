"""How a Web API method reads its arguments, and how it fails.

Both transports slack_sdk uses reach the methods as one dict (JSON values, or form text), so
every method reads them through these helpers and fails with Slack's error shapes.
"""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """A Web API method's failure, answered as {"ok": false, "error": ..., **extra}."""

    def __init__(self, error: str, **extra: Any) -> None:
        super().__init__(error)
        self.error = error
        self.extra = extra


def required(args: dict[str, Any], key: str) -> Any:
    """An argument the method cannot do without."""
    if args.get(key) in (None, ""):
        raise ApiError(
            "invalid_arguments",
            response_metadata={"messages": [f"[ERROR] missing required field: {key}"]},
        )
    return args[key]


def arg_bool(args: dict[str, Any], key: str) -> bool:
    """A boolean argument as either transport sends it: JSON true, or form "1"/"true"."""
    return args.get(key) in (True, 1, "1", "true")


def arg_int(args: dict[str, Any], key: str, default: int) -> int:
    """A number argument, which form bodies carry as text."""
    try:
        return int(args.get(key) or default)
    except (TypeError, ValueError):
        raise ApiError(
            "invalid_arguments", response_metadata={"messages": [f"[ERROR] {key} must be a number"]}
        ) from None
