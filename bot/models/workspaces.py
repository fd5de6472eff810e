"""A workspace (one Slack team), its schools, the days they marked off, and its members."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.models.base import Base, UTCDateTime
from bot.vocabulary import Role


class Workspace(Base):
    """One Slack team that installed Open Door, with the settings its admin chose at setup."""

    __tablename__ = "workspaces"
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32), unique=True)
    # The Enterprise Grid org the workspace belongs to, if any: an org-wide install's token is
    # found by it, since scheduled work knows the workspace and the token belongs to the org.
    enterprise_id: Mapped[str | None] = mapped_column(String(32), index=True)
    visits_channel_id: Mapped[str | None] = mapped_column(String(32))
    timezone: Mapped[str] = mapped_column(String(64))
    school_days: Mapped[list[int]] = mapped_column(JSON, default=lambda: [0, 1, 2, 3, 4])
    setup_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    digest_weekday: Mapped[int] = mapped_column(Integer, default=4)
    digest_hour: Mapped[int] = mapped_column(Integer, default=14)
    paused_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    paused_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    pause_reason: Mapped[str] = mapped_column(String(64), default="")
    # Set when Slack says the app was uninstalled (or its bot token revoked): nothing is sent or
    # planned for the workspace until it is installed again; its rows are kept meanwhile.
    uninstalled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    channel_problem: Mapped[str] = mapped_column(String(64), default="")
    # When the staff lists are next read from Slack; pushed half an hour ahead while one
    # instance reads them, so several instances never read at once (see bot/domain/roster.py).
    roster_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The workspace's user groups as last read, so setup offers them without asking Slack.
    user_groups: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    # What each kind of completed visit counts for toward PD hours, in minutes (setup sets them).
    pd_visit_minutes: Mapped[int] = mapped_column(Integer, default=45)
    pd_hosted_minutes: Mapped[int] = mapped_column(Integer, default=45)
    pd_team_visit_minutes: Mapped[int] = mapped_column(Integer, default=180)
    pd_round_minutes: Mapped[int] = mapped_column(Integer, default=120)
    schools: Mapped[list[School]] = relationship(back_populates="workspace", order_by="School.id")


class School(Base):
    __tablename__ = "schools"
    __table_args__ = (UniqueConstraint("workspace_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"))
    name: Mapped[str] = mapped_column(String(120))
    # Where the school's staff list is read from: a channel or a user group chosen in setup. A
    # one-school workspace without either counts the visits channel's members.
    staff_channel_id: Mapped[str | None] = mapped_column(String(32))
    staff_usergroup_id: Mapped[str | None] = mapped_column(String(32))
    roster_read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    roster_problem: Mapped[str] = mapped_column(String(64), default="")
    # Its day types and their periods (`bell_schedule.py`); replaced whole when re-entered.
    bell_schedule: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # The minutes each kind of completed visit counts for toward PD hours here, by kind, where
    # the school's leaders set their own; a kind not set counts the workspace's (`pd_hours.py`).
    pd_minutes: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    workspace: Mapped[Workspace] = relationship(back_populates="schools")


class NoVisitDate(Base):
    """A day the school marked off (testing, holidays): nobody may offer a visit on it."""

    __tablename__ = "no_visit_dates"
    __table_args__ = (UniqueConstraint("workspace_id", "day"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"))
    day: Mapped[date] = mapped_column(Date)


class Member(Base):
    __tablename__ = "members"
    __table_args__ = (
        UniqueConstraint("workspace_id", "slack_user_id"),
        Index("ix_members_school_id", "school_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"))
    slack_user_id: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(120), default="")
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"))
    role: Mapped[str] = mapped_column(String(16), default=Role.TEACHER)
    grades: Mapped[list[str]] = mapped_column(JSON, default=list)
    subjects: Mapped[list[str]] = mapped_column(JSON, default=list)
    interests: Mapped[list[str]] = mapped_column(JSON, default=list)
    profile_saved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    nudges_muted: Mapped[bool] = mapped_column(Boolean, default=False)
    undeliverable: Mapped[str] = mapped_column(String(64), default="")
    # On a staff list as last read from Slack: a person (not a bot, guest or deactivated account)
    # the school counts as staff, whether or not they have used Open Door.
    on_roster: Mapped[bool] = mapped_column(Boolean, default=False)
    # How many visits they are glad to host a week or a month (`host_load.py`); None: no limit.
    hosting_limit: Mapped[int | None] = mapped_column(Integer)
    hosting_per: Mapped[str] = mapped_column(String(8), default="week")
    # Periods of their school's bell schedule, by label ("A day · Period 3"; `free_periods.py`).
    planning_periods: Mapped[list[str]] = mapped_column(JSON, default=list)
    teaching_periods: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Chosen in setup: gets the cover request of their school (of every school, with none).
    coordinates_cover: Mapped[bool] = mapped_column(Boolean, default=False)
    school: Mapped[School | None] = relationship()
