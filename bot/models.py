"""Database tables named after design.md's vocabulary; every row belongs to one workspace (team)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from bot.vocabulary import (
    GroupVisitKind,
    GroupVisitStatus,
    NotificationState,
    OfferStatus,
    RequestStatus,
    Role,
    StopStatus,
)


class UTCDateTime(TypeDecorator[datetime]):
    """Stores naive UTC and hands back aware UTC, so SQLite and PostgreSQL behave alike."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are ambiguous; pass an aware one")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


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


class Team(Base):
    """A named group of members with a lead: a multi-classroom leader's team, a grade-level team,
    a fellowship across schools. Created by an admin or leader; a member can be in several. The
    lead gets the team's own digest; the lead is not counted among the members."""

    __tablename__ = "teams"
    __table_args__ = (UniqueConstraint("workspace_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"))
    name: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(16))
    lead_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    lead: Mapped[Member] = relationship()
    members: Mapped[list[Member]] = relationship(
        secondary="team_members", order_by="Member.name", viewonly=True
    )


class TeamMember(Base):
    __tablename__ = "team_members"
    __table_args__ = (Index("ix_team_members_member_id", "member_id"),)
    team_id: Mapped[int] = mapped_column(
        ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True)


class Request(Base):
    """A visitor's wish to see a practice; hosts answer it with an offer made for it."""

    __tablename__ = "requests"
    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"), index=True)
    visitor_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"))
    practices: Mapped[list[str]] = mapped_column(JSON, default=list)
    grades: Mapped[list[str]] = mapped_column(JSON, default=list)
    subjects: Mapped[list[str]] = mapped_column(JSON, default=list)
    window_start: Mapped[date] = mapped_column(Date)
    window_end: Mapped[date] = mapped_column(Date)
    any_school: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default=RequestStatus.OPEN)
    posted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    channel_id: Mapped[str | None] = mapped_column(String(32))
    message_ts: Mapped[str | None] = mapped_column(String(32))
    card_revision: Mapped[int] = mapped_column(Integer, default=0)
    helper_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    visitor: Mapped[Member] = relationship(foreign_keys=[visitor_id])
    helper: Mapped[Member | None] = relationship(foreign_keys=[helper_id])
    school: Mapped[School | None] = relationship()


class Offer(Base):
    """A host's open door: a slot with seats. An offer made for a request is seen only by its visitor."""

    __tablename__ = "offers"
    __table_args__ = (
        Index("ix_offers_school_id_starts_at", "school_id", "starts_at"),
        Index("ix_offers_request_id", "request_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"), index=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    host_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    request_id: Mapped[int | None] = mapped_column(ForeignKey("requests.id"))
    room: Mapped[str] = mapped_column(String(120), default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    grade: Mapped[str] = mapped_column(String(16), default="")
    subject: Mapped[str] = mapped_column(String(60), default="")
    practices: Mapped[list[str]] = mapped_column(JSON, default=list)
    details: Mapped[str] = mapped_column(Text, default="")
    key_moment: Mapped[str] = mapped_column(Text, default="")
    seats: Mapped[int] = mapped_column(Integer)
    seats_taken: Mapped[int] = mapped_column(Integer, default=0)
    approval_required: Mapped[bool] = mapped_column(Boolean, default=False)
    feedback: Mapped[str] = mapped_column(String(16), default="warm")
    look_fors: Mapped[str] = mapped_column(Text, default="")
    video_url: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(16), default=OfferStatus.OPEN)
    channel_id: Mapped[str | None] = mapped_column(String(32))
    message_ts: Mapped[str | None] = mapped_column(String(32))
    card_revision: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    host: Mapped[Member] = relationship(foreign_keys=[host_id])
    school: Mapped[School] = relationship()
    request: Mapped[Request | None] = relationship()
    visits: Mapped[list[Visit]] = relationship(back_populates="offer", order_by="Visit.id")

    @property
    def seats_left(self) -> int:
        return max(self.seats - self.seats_taken, 0)


class Visit(Base):
    """One visitor seeing one host at one time; a partial unique index forbids booking twice."""

    __tablename__ = "visits"
    __table_args__ = (
        Index(
            "uq_visits_active_seat",
            "offer_id",
            "visitor_id",
            unique=True,
            sqlite_where=text("status IN ('pending', 'confirmed')"),
            postgresql_where=text("status IN ('pending', 'confirmed')"),
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"), index=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offers.id"), index=True)
    visitor_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    cancelled_by_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    ask_channel_id: Mapped[str | None] = mapped_column(String(32))
    ask_ts: Mapped[str | None] = mapped_column(String(32))
    # A coverage coordinator's answer for a visit that needs cover: "covered" or "refused".
    cover_status: Mapped[str] = mapped_column(String(16), default="")
    cover_by_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    follow_up: Mapped[str] = mapped_column(String(16), default="")
    offer: Mapped[Offer] = relationship(back_populates="visits")
    visitor: Mapped[Member] = relationship(foreign_keys=[visitor_id])
    cancelled_by: Mapped[Member | None] = relationship(foreign_keys=[cancelled_by_id])


class CoverDay(Base):
    """One school day's cover request at one school (`bot/domain/cover.py`): when it was owed
    to the coordinators, and a fingerprint of the list they were last shown, so a change after
    that updates their message once."""

    __tablename__ = "cover_days"
    __table_args__ = (UniqueConstraint("school_id", "day"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"), index=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    day: Mapped[date] = mapped_column(Date)
    requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    fingerprint: Mapped[str] = mapped_column(String(64), default="")
    visits: Mapped[list[int]] = mapped_column(JSON, default=list)
    revision: Mapped[int] = mapped_column(Integer, default=0)
    school: Mapped[School] = relationship()


class Reflection(Base):
    """What one person wrote after a visit: private to its author unless they share it."""

    __tablename__ = "reflections"
    __table_args__ = (
        UniqueConstraint("offer_id", "author_id"),
        Index("ix_reflections_workspace_id_updated_at", "workspace_id", "updated_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"), index=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offers.id"))
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visits.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    hoped: Mapped[str] = mapped_column(Text, default="")
    noticed: Mapped[str] = mapped_column(Text, default="")
    wondered: Mapped[str] = mapped_column(Text, default="")
    will_try: Mapped[str] = mapped_column(Text, default="")
    question: Mapped[str] = mapped_column(Text, default="")
    thanks: Mapped[str] = mapped_column(Text, default="")
    shared: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    offer: Mapped[Offer] = relationship()
    visit: Mapped[Visit | None] = relationship()
    author: Mapped[Member] = relationship()


class Notification(Base):
    """One message the bot owes someone, written in the same transaction as its cause (outbox)."""

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_due", "state", "due_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"))
    key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    recipient: Mapped[str] = mapped_column(String(32))
    subject_type: Mapped[str] = mapped_column(String(16), default="")
    subject_id: Mapped[int | None] = mapped_column(Integer)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    state: Mapped[str] = mapped_column(String(16), default=NotificationState.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # An earlier try may have gone out (Slack answered 5xx or nothing): look before posting again.
    look_first: Mapped[bool] = mapped_column(Boolean, default=False)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    message_ts: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class GroupVisit(Base):
    """A group's morning at a host school: a route of stops, each confirmed by its host, then a
    debrief. `kind` is 'team_visit' (the team's decision on what to try follows) or 'round' (a
    coach's round: a problem of practice, look-fors, notes per look-for, a stepped debrief and
    the agreed next step, maybe continuing an earlier round on the same problem)."""

    __tablename__ = "group_visits"
    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16), default=GroupVisitKind.TEAM_VISIT)
    planner_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    # The team it was planned for, if any: its lead's digest shows what the team decided.
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    day: Mapped[date] = mapped_column(Date)
    debrief_at: Mapped[datetime] = mapped_column(UTCDateTime)
    debrief_place: Mapped[str] = mapped_column(String(120), default="")
    debrief_prompt: Mapped[str] = mapped_column(Text, default="")
    poll_options: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(16), default=GroupVisitStatus.PLANNED)
    poll_closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The team's decision: votes per option, recorded when the poll closes.
    decision: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Bumped at each change the itinerary shows, so each change updates it once.
    revision: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # A coaching round's own: what it looks into, what the group looks for, where its debrief is
    # (describe, analyse, predict, next, done) and the next step agreed at its end.
    problem: Mapped[str] = mapped_column(Text, default="")
    look_fors: Mapped[list[str]] = mapped_column(JSON, default=list)
    debrief_step: Mapped[str] = mapped_column(String(16), default="")
    next_step: Mapped[str] = mapped_column(Text, default="")
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("group_visits.id"))
    video_url: Mapped[str] = mapped_column(String(500), default="")  # a round's, if shared
    planner: Mapped[Member] = relationship()
    previous: Mapped[GroupVisit | None] = relationship(remote_side="GroupVisit.id")
    school: Mapped[School] = relationship()
    stops: Mapped[list[Stop]] = relationship(
        back_populates="group_visit", order_by="(Stop.position, Stop.id)"
    )
    members: Mapped[list[GroupMember]] = relationship(order_by="GroupMember.id")


class Stop(Base):
    """One classroom on a group visit's route, at one time, confirmed by its host."""

    __tablename__ = "stops"
    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"))
    group_visit_id: Mapped[int] = mapped_column(ForeignKey("group_visits.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    host_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    room: Mapped[str] = mapped_column(String(120), default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16), default=StopStatus.ASKED)
    asked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    group_visit: Mapped[GroupVisit] = relationship(back_populates="stops")
    host: Mapped[Member] = relationship()


class GroupMember(Base):
    """One person on a group visit, with their vote on what to try and how trying it went."""

    __tablename__ = "group_members"
    __table_args__ = (UniqueConstraint("group_visit_id", "member_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    group_visit_id: Mapped[int] = mapped_column(ForeignKey("group_visits.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    vote: Mapped[str] = mapped_column(String(200), default="")
    follow_up: Mapped[str] = mapped_column(String(16), default="")
    member: Mapped[Member] = relationship()


class GroupReflection(Base):
    """What one person on a group visit wrote about its route: private to its author unless they
    share it with the route's hosts."""

    __tablename__ = "group_reflections"
    __table_args__ = (UniqueConstraint("group_visit_id", "author_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"))
    group_visit_id: Mapped[int] = mapped_column(ForeignKey("group_visits.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    noticed: Mapped[str] = mapped_column(Text, default="")
    wondered: Mapped[str] = mapped_column(Text, default="")
    will_try: Mapped[str] = mapped_column(Text, default="")
    shared: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    group_visit: Mapped[GroupVisit] = relationship()
    author: Mapped[Member] = relationship()


class RoundNote(Base):
    """One participant's descriptive notes on one look-for of a coaching round. Kept with the
    look-for only, never with a stop or its host: nothing shown can tie a note to a classroom.
    The author is kept so they can edit their own; no one else's view ever names them."""

    __tablename__ = "round_notes"
    __table_args__ = (UniqueConstraint("group_visit_id", "author_id", "look_for"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"))
    group_visit_id: Mapped[int] = mapped_column(ForeignKey("group_visits.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    look_for: Mapped[int] = mapped_column(Integer)  # its place in the round's look-fors, from 0
    text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


# Leaders' own records (issue 11): walk-throughs and recurring check-ins. Kept apart from the
# visits' tables: they belong to the leader who wrote them and are shown to nobody else, except a
# walk-through's shared note, which reaches only the teachers the leader picked.


class WalkThrough(Base):
    """A leader's walk through classrooms: who they visited, the look-fors they watched for and a
    tally or a few words per look-for. Private to the leader; `shared_note` (never the tallies)
    goes to the teachers in `shared_with`, who were among those visited."""

    __tablename__ = "walk_throughs"
    __table_args__ = (Index("ix_walk_throughs_leader_id", "leader_id", "created_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"))
    leader_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    teachers: Mapped[list[str]] = mapped_column(JSON, default=list)  # Slack user ids
    look_fors: Mapped[list[str]] = mapped_column(JSON, default=list)
    notes: Mapped[list[str]] = mapped_column(JSON, default=list)  # one per look-for, same order
    shared_with: Mapped[list[str]] = mapped_column(JSON, default=list)  # Slack user ids
    shared_note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    leader: Mapped[Member] = relationship()


class CheckIn(Base):
    """A recurring conversation a leader holds with someone (a school leader) on a school's
    goals: monthly, on the `ordinal` (1–4) `weekday` (0 is Monday) at `hour`, school time."""

    __tablename__ = "check_ins"
    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"), index=True)
    leader_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    goals: Mapped[list[str]] = mapped_column(JSON, default=list)
    ordinal: Mapped[int] = mapped_column(Integer)
    weekday: Mapped[int] = mapped_column(Integer)
    hour: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Its leader stopped it: nothing more is planned, its notes stay in their history.
    stopped_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    leader: Mapped[Member] = relationship(foreign_keys=[leader_id])
    partner: Mapped[Member] = relationship(foreign_keys=[partner_id])
    school: Mapped[School] = relationship()


class CheckInNote(Base):
    """The leader's note on progress against one goal (its place in `goals`) at one check-in,
    named by its day (school time): the goal's history, for the leader's digest."""

    __tablename__ = "check_in_notes"
    __table_args__ = (UniqueConstraint("check_in_id", "day", "goal"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"))
    check_in_id: Mapped[int] = mapped_column(ForeignKey("check_ins.id"))
    day: Mapped[date] = mapped_column(Date)
    goal: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
