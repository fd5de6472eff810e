"""Cover for visits that take a teacher out of their class: one request per school and school day."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.models.base import Base, UTCDateTime
from bot.models.workspaces import School


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
