"""Tables for fax: outgoing jobs with their pages and call attempts, and received faxes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.store.models import Base, UtcDateTime

JOB_STATES = ("queued", "sending", "sent", "failed", "cancelled")


class FaxJob(Base):
    """An outgoing fax. The document is TIFF-F bytes or the path of a TIFF-F file."""

    __tablename__ = "fax_jobs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(200), default="")
    document: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    document_path: Mapped[str | None] = mapped_column(String(500), nullable=True)
    page_count: Mapped[int] = mapped_column(Integer)
    resolution: Mapped[str] = mapped_column(String(10), default="fine")
    state: Mapped[str] = mapped_column(String(12), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # JSON {"busy": 1, …}: retries used per kind of failure.
    retry_counts: Mapped[str] = mapped_column(Text, default="{}")
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    failure_kind: Mapped[str] = mapped_column(String(20), default="")
    last_error: Mapped[str] = mapped_column(Text, default="")
    hangup_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    remote_id: Mapped[str] = mapped_column(String(40), default="")
    created_by: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)

    pages: Mapped[list[FaxJobPage]] = relationship(
        back_populates="job", cascade="all, delete-orphan", order_by="FaxJobPage.page_number"
    )
    calls: Mapped[list[FaxCallAttempt]] = relationship(
        back_populates="job", cascade="all, delete-orphan", order_by="FaxCallAttempt.id"
    )

    __table_args__ = (Index("ix_fax_jobs_state_next_attempt", "state", "next_attempt_at"),)


class FaxJobPage(Base):
    __tablename__ = "fax_job_pages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("fax_jobs.id", ondelete="CASCADE"))
    page_number: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(10), default="pending")  # pending sent failed
    result: Mapped[str] = mapped_column(String(10), default="")  # MCF RTP RTN …
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)

    job: Mapped[FaxJob] = relationship(back_populates="pages")

    __table_args__ = (UniqueConstraint("job_id", "page_number"),)


class FaxCallAttempt(Base):
    """One call made for a job: when, how it ended, which pages got through."""

    __tablename__ = "fax_call_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("fax_jobs.id", ondelete="CASCADE"), index=True)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime] = mapped_column(UtcDateTime)
    outcome: Mapped[str] = mapped_column(String(20))  # ok, busy, no_answer, training, line, …
    hangup_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    message: Mapped[str] = mapped_column(Text, default="")
    pages_sent: Mapped[str] = mapped_column(String(200), default="")  # "1,2,3"
    remote_id: Mapped[str] = mapped_column(String(40), default="")
    bit_rate: Mapped[int | None] = mapped_column(Integer, nullable=True)
    coding: Mapped[str] = mapped_column(String(4), default="")

    job: Mapped[FaxJob] = relationship(back_populates="calls")


class ReceivedFax(Base):
    """An incoming fax: its pages in the database for every seat, and as a TIFF-F
    file in the data folder of the seat that took the call."""

    __tablename__ = "received_faxes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    remote_id: Mapped[str] = mapped_column(String(40), default="")
    file_path: Mapped[str] = mapped_column(String(500))
    page_count: Mapped[int] = mapped_column(Integer)
    pages_with_errors: Mapped[int] = mapped_column(Integer, default=0)
    rejected_pages: Mapped[int] = mapped_column(Integer, default=0)
    partial: Mapped[bool] = mapped_column(Boolean, default=False)
    errors: Mapped[str] = mapped_column(Text, default="")
    hangup_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # JSON list, one entry per page that arrived but could not be decoded:
    # {"page", "file" (its data as received), "bytes", "scheme", "width",
    # "resolution", "msb_first", "superseded" (a readable copy followed)}.
    failed_pages: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Set when a page carried a notice code and became a notice.
    notice_receipt_number: Mapped[str | None] = mapped_column(String(40), nullable=True)
    notice_error: Mapped[str] = mapped_column(Text, default="")
    # The seat whose modem took the call, and the last clerk who filed a notice from it.
    received_by: Mapped[str] = mapped_column(String(100), default="", server_default="")
    handled_by: Mapped[str] = mapped_column(String(40), default="", server_default="")
    handled_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class ReceivedFaxImage(Base):
    """A received fax's decoded pages as one TIFF-F, so that a seat without the
    modem shows them too; its row goes with the fax."""

    __tablename__ = "received_fax_images"

    fax_id: Mapped[int] = mapped_column(
        ForeignKey("received_faxes.id", ondelete="CASCADE"), primary_key=True
    )
    tiff: Mapped[bytes] = mapped_column(LargeBinary)
