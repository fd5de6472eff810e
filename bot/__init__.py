"""Open Door: a Slack bot that gets teachers into each other's classrooms."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("opendoor")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "unknown"
