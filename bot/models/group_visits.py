"""Group visits, team visits and coaching rounds alike: the route of stops, the people coming,
what they wrote after, and a round's notes per look-for."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.models.base import Base, UTCDateTime
from bot.models.workspaces import Member, School
from bot.vocabulary import GroupVisitKind, GroupVisitStatus, StopStatus


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
