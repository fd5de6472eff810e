"""Teams: named groups of members with a lead, whom a team visit or a round can bring at once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.models.base import Base, UTCDateTime
from bot.models.workspaces import Member


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
