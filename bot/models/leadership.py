"""Leaders' own records (issue 11): walk-throughs and recurring check-ins. Kept apart from the
visits' tables: they belong to the leader who wrote them and are shown to nobody else, except a
walk-through's shared note, which reaches only the teachers the leader picked."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.models.base import Base, UTCDateTime
from bot.models.workspaces import Member, School


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
