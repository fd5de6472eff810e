"""Settings read once from the environment or `.env`, so every part of the bot agrees on them."""

from __future__ import annotations

from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.domain.timing import Timing

# What the manifest's oauth_config asks for, so an OAuth install grants the same as a manual one.
BOT_SCOPES = (
    "commands,chat:write,channels:join,channels:read,channels:history,groups:read,"
    "groups:history,im:write,files:write,im:history,users:read,usergroups:read"
)


class Settings(BaseSettings):
    """Every knob a deployment may turn; `.env.example` documents each one."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    slack_bot_token: str = ""
    slack_signing_secret: str = ""
    # OAuth mode (any number of workspaces and Enterprise orgs), instead of SLACK_BOT_TOKEN: the
    # app's credentials, the bot scopes it asks for, and the Fernet keys its tokens are
    # encrypted with at rest (comma-separated, newest first; see bot/installations.py).
    slack_client_id: str = ""
    slack_client_secret: str = ""
    slack_scopes: str = BOT_SCOPES
    slack_redirect_uri: str = ""
    opendoor_token_keys: str = ""
    slack_app_token: str = ""
    slack_api_url: str = "https://slack.com/api/"
    # Well under the outbox's two-minute lease, so a hung call ends (and is looked for before it
    # is tried again) long before another dispatcher could take the message over: a send is at
    # most three calls (a look is two).
    slack_timeout_seconds: float = Field(10, gt=0, le=30)
    database_url: str = "sqlite:///opendoor.db"
    port: int = Field(3000, ge=1, le=65535)
    opendoor_timezone: str = "America/New_York"
    opendoor_scheduler: bool = True
    opendoor_dispatch_seconds: int = Field(30, ge=1, le=3600)
    opendoor_posts_per_minute: int = Field(300, ge=1, le=6000)
    # Loopback by default: Slack only calls HTTPS URLs, so a deployment serves through a TLS proxy
    # on the same host, and a plain-HTTP port open to the network is one nobody meant to open.
    opendoor_host: str = "127.0.0.1"
    opendoor_workers: int = Field(1, ge=1, le=64)
    # Set by `serve` in the worker processes it starts (the parent's pid); never set by hand.
    opendoor_worker_of: int = 0
    opendoor_http_threads: int = Field(32, ge=2, le=512)
    opendoor_modal_threads: int = Field(64, ge=1, le=512)
    opendoor_listener_threads: int = Field(4, ge=1, le=512)
    opendoor_shutdown_seconds: int = Field(25, ge=1, le=600)
    log_format: Literal["text", "json"] = "text"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    reminder_day_before_hour: int = Field(15, ge=0, le=23)
    reminder_lead_minutes: int = Field(60, ge=5, le=24 * 60)
    reflection_delay_minutes: int = Field(10, ge=0, le=24 * 60)
    reflection_reminder_hours: int = Field(48, ge=1, le=14 * 24)
    visit_check_days: int = Field(3, ge=1, le=30)
    follow_up_days: int = Field(14, ge=1, le=90)
    nudge_quiet_days: int = Field(30, ge=7, le=365)
    unanswered_request_school_days: int = Field(3, ge=1, le=30)
    school_day_start_hour: int = Field(8, ge=0, le=23)
    school_day_end_hour: int = Field(16, ge=1, le=24)
    approval_reminder_hours: int = Field(24, ge=1, le=14 * 24)
    approval_grace_hours: int = Field(2, ge=1, le=72)
    cover_request_hour: int = Field(13, ge=0, le=23)

    @property
    def oauth(self) -> bool:
        """Installed through Slack's OAuth flow, each workspace with its own token."""
        return bool(self.slack_client_id)

    @model_validator(mode="after")
    def _one_install_mode(self) -> Settings:
        if self.oauth and self.slack_bot_token:
            raise ValueError("set SLACK_BOT_TOKEN or SLACK_CLIENT_ID, not both")
        if self.oauth and not (self.slack_client_secret and self.opendoor_token_keys):
            raise ValueError("SLACK_CLIENT_ID needs SLACK_CLIENT_SECRET and OPENDOOR_TOKEN_KEYS")
        return self

    @model_validator(mode="after")
    def _school_hours_in_order(self) -> Settings:
        if self.school_day_start_hour >= self.school_day_end_hour:
            raise ValueError("SCHOOL_DAY_START_HOUR must be before SCHOOL_DAY_END_HOUR")
        return self

    def timing(self) -> Timing:
        return Timing(
            reminder_day_before_hour=self.reminder_day_before_hour,
            reminder_lead_minutes=self.reminder_lead_minutes,
            reflection_delay_minutes=self.reflection_delay_minutes,
            reflection_reminder_hours=self.reflection_reminder_hours,
            visit_check_days=self.visit_check_days,
            follow_up_days=self.follow_up_days,
            nudge_quiet_days=self.nudge_quiet_days,
            unanswered_request_school_days=self.unanswered_request_school_days,
            school_day_start_hour=self.school_day_start_hour,
            school_day_end_hour=self.school_day_end_hour,
            approval_reminder_hours=self.approval_reminder_hours,
            approval_grace_hours=self.approval_grace_hours,
            cover_request_hour=self.cover_request_hour,
        )

    @field_validator("opendoor_timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown time zone {value!r}") from error
        return value

    @field_validator("slack_api_url")
    @classmethod
    def _trailing_slash(cls, value: str) -> str:
        return value if value.endswith("/") else value + "/"
