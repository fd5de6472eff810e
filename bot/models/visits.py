"""One-to-one visits: a visitor's request, a host's offer (an open door), the visits booked on it
and the reflections written after."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.models.base import Base, UTCDateTime
from bot.models.workspaces import Member, School
from bot.vocabulary import OfferStatus, RequestStatus


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
