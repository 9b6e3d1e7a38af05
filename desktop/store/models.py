"""Tables of the local store.

Notices keep their current version in typed columns (for lists and search)
and every received version as JSON (for field-by-field diffs). A decision row
is also its outbox entry, so saving a decision and queueing it for the hub is
one write.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from desktop.store.sort_keys import ADDRESS_SORT_LENGTH

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator):
    """Aware timestamps in, aware UTC timestamps out, on SQLite as on PostgreSQL.

    SQLite has no time zone type; storing UTC and re-attaching it on the way
    out keeps ordering and comparisons right on both databases.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):  # type: ignore[no-untyped-def]
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must carry a time zone")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):  # type: ignore[no-untyped-def]
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


# One index per sortable list column, in the list's order (the column, then
# id) and carrying the status, so a view's first screen in any order is read
# straight off an index and its whole id list without touching the table.
# The columns searched by prefix carry the due date too: a search picks its
# most urgent matches from the index alone. The leading columns also serve
# the searches and date filters.
_SEARCHED = ("receipt_number", "name_key", "kana_key")
LIST_SORT_INDEXES: dict[str, tuple[str, ...]] = {
    f"ix_notices_sort_{column}": (column, "id", "status")
    + (("due_date",) if column in _SEARCHED else ())
    for column in (
        "receipt_number",
        "kind",
        "name_key",
        "kana_key",
        "address_sort",
        "move_date",
        "due_date",
        "assignee",
        "submitted_at",
    )
}
# 状態 sorts in the order of the work, 未処理 → 処理中 → 受理 → 不受理 → 取消,
# through an index on this expression (the list orders by the same text).
# Laid out as PostgreSQL prints it back, so comparing the migrated schema
# with these models finds the index equal.
STATUS_RANKS = ("new", "in_progress", "accepted", "rejected", "cancelled")  # any other: 5
STATUS_ORDER_SQL = (
    "(\nCASE status\n"
    + "".join(f"    WHEN '{status}' THEN {rank}\n" for rank, status in enumerate(STATUS_RANKS))
    + "    ELSE 5\nEND)"
)
STATUS_ORDER_INDEX = "ix_notices_sort_status"
CUSTOMER_NUMBER_INDEX = ("customer_number", "id", "status", "due_date")
# Open notices by due date with every searched column beside them: a search
# matching a large share of all notices walks this in urgency order and
# tests the match on the index entry, never on the table row.
URGENCY_INDEX = (
    "status",
    "due_date",
    "id",
    "name_key",
    "kana_key",
    "receipt_number",
    "customer_number",
    "address_key",
)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class NoticeRecord(Base):
    __tablename__ = "notices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    receipt_number: Mapped[str] = mapped_column(String(40), unique=True)
    version: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    hub_state: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(String(10), default="hub")
    submitted_at: Mapped[datetime] = mapped_column(UtcDateTime)
    move_date: Mapped[date] = mapped_column(Date)
    due_date: Mapped[date] = mapped_column(Date)
    customer_number: Mapped[str] = mapped_column(String(20), default="")
    postal_code: Mapped[str] = mapped_column(String(7))
    address: Mapped[str] = mapped_column(String(300))
    building: Mapped[str] = mapped_column(String(200), default="")
    name: Mapped[str] = mapped_column(String(100))
    kana: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(30), default="")
    # Folded copies for search (desktop.domain.text.fold_for_search).
    name_key: Mapped[str] = mapped_column(String(100))
    kana_key: Mapped[str] = mapped_column(String(200))
    address_key: Mapped[str] = mapped_column(String(500))
    # The address in the printed lists' order (desktop/store/sort_keys.py);
    # compared byte by byte on PostgreSQL too, whatever the database's locale.
    address_sort: Mapped[str] = mapped_column(
        String(ADDRESS_SORT_LENGTH).with_variant(
            String(ADDRESS_SORT_LENGTH, collation="C"), "postgresql"
        ),
        default="",
        server_default="",
    )
    payload: Mapped[str] = mapped_column(Text)
    assignee: Mapped[str | None] = mapped_column(String(40), nullable=True)
    claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    # The resident changed the notice after a clerk started on it; the
    # clerk must look at the change before deciding.
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False)
    reviewed_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (
        Index("ix_notices_status_due", *URGENCY_INDEX),
        Index("ix_notices_kind_move_date", "kind", "move_date"),
        Index("ix_notices_customer_number", *CUSTOMER_NUMBER_INDEX),
        *(Index(name, *columns) for name, columns in LIST_SORT_INDEXES.items()),
        Index(STATUS_ORDER_INDEX, text(STATUS_ORDER_SQL), "id", "status"),
    )


class NoticeVersion(Base):
    __tablename__ = "notice_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("notices.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    payload: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (
        UniqueConstraint("notice_id", "version", name="uq_notice_versions_notice_version"),
    )


class Decision(Base):
    """A decision and its outbox state: pending until the hub acknowledged it."""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("notices.id", ondelete="CASCADE"), index=True)
    receipt_number: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer)
    decision: Mapped[str] = mapped_column(String(10))
    staff: Mapped[str] = mapped_column(String(40))
    reason_code: Mapped[str | None] = mapped_column(String(30), nullable=True)
    reason_text: Mapped[str | None] = mapped_column(String(500), nullable=True)
    customer_number: Mapped[str | None] = mapped_column(String(20), nullable=True)
    decided_at: Mapped[datetime] = mapped_column(UtcDateTime)
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    outbox_state: Mapped[str] = mapped_column(String(12), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    hub_decision_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # The seat sending it, until when: on a shared database each decision is
    # sent by one seat, and by another only after that seat's claim ran out.
    claimed_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    claimed_until: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class SyncState(Base):
    __tablename__ = "sync_state"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class SyncLease(Base):
    """Which seat does a piece of the office's sync work (the pull), and until when."""

    __tablename__ = "sync_leases"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    holder: Mapped[str | None] = mapped_column(String(100), nullable=True)
    acquired_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class SyncCursor(Base):
    """Where the office is in the hub's feed.

    ``sequence`` counts the moves: a seat moves the cursor only from the
    sequence it started from, so a seat that fell behind can never move it back.
    """

    __tablename__ = "sync_cursors"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    cursor: Mapped[str | None] = mapped_column(Text, nullable=True)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_by: Mapped[str] = mapped_column(String(100), default="")


class QuarantinedPayload(Base):
    __tablename__ = "quarantine"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
    receipt_number: Mapped[str | None] = mapped_column(String(80), nullable=True)
    reason: Mapped[str] = mapped_column(Text)
    payload: Mapped[str] = mapped_column(Text)
    payload_size: Mapped[int] = mapped_column(Integer)


class NoticeChange(Base):
    """Written by database triggers (desktop/store/change_feed.py), read by every seat."""

    __tablename__ = "notice_changes"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    notice_id: Mapped[int] = mapped_column(Integer)
    changed_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.current_timestamp()
    )


class Staff(Base):
    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[str] = mapped_column(String(40), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(12))
    password_hash: Mapped[str] = mapped_column(String(300))
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    password_changed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    # Set when a supervisor chose the password (new account, reset): the
    # holder picks their own at the next sign-in.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    # Why and since when the account is locked: "attempts" ends by itself,
    # "unused" only through a supervisor or the data folder's owner.
    locked_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    lock_reason: Mapped[str | None] = mapped_column(String(20), nullable=True)
    # When a supervisor last gave the account back (unlock, reset,
    # reactivate): long-unused counting starts again from there.
    restored_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    deactivated_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class ServiceAccount(Base):
    """An unattended job's account: the commands it may run, sealed by its secret.

    The secret itself lives in the credential store of the PC that runs the
    job; ``seal`` is an HMAC of the name and the commands under it, so the
    commands cannot be widened in the database without the secret.
    """

    __tablename__ = "service_accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    allowed_commands: Mapped[str] = mapped_column(Text)  # JSON list of "print daily", …
    seal: Mapped[str] = mapped_column(String(64))
    created_by: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_run_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class AuditEntry(Base):
    """Append-only: database triggers refuse updates and deletes.

    Each row carries its place in the chain (``seq``), the previous row's
    hash and its own (``desktop.audit_chain``), so an edit, a deletion or
    a row slipped in behind MoveDesk's back shows.
    """

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    staff: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(30))
    target: Mapped[str] = mapped_column(String(80), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
    seq: Mapped[int | None] = mapped_column(Integer, nullable=True)
    prev_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    row_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)

    __table_args__ = (
        Index("ix_audit_log_seq", "seq", unique=True),
        # The audit viewer's filters: a receipt's history, one person's acts.
        Index("ix_audit_log_target", "target"),
        Index("ix_audit_log_staff", "staff"),
    )


class AuditChainHead(Base):
    """The chain's last link, one row: appending locks it, so two seats never fork the chain."""

    __tablename__ = "audit_chain"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    last_hash: Mapped[str] = mapped_column(String(64))


class FaxEvidence(Base):
    """A notice read off a received fax, kept beside the hub's copy and never over it.

    ``state`` says what it waits for: ``awaiting`` a clerk's confirmation (it
    would create, change or cancel a notice), ``evidence`` only to be seen
    beside the stored copy, or it was settled: ``confirmed`` or ``dismissed``
    by a clerk, ``stood_in`` for an unreachable hub under the hub's valid
    signature, ``superseded`` by a hub version at least as new.
    """

    __tablename__ = "fax_evidence"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    received_fax_id: Mapped[int] = mapped_column(
        ForeignKey("received_faxes.id", ondelete="CASCADE"), index=True
    )
    pages: Mapped[str] = mapped_column(String(40), default="")  # "1" or "2,3": 1-based
    receipt_number: Mapped[str] = mapped_column(String(40), index=True)
    version: Mapped[int] = mapped_column(Integer)
    hub_state: Mapped[str] = mapped_column(String(20))
    payload: Mapped[str] = mapped_column(Text)
    code_format: Mapped[str] = mapped_column(String(3), default="")  # MD1, MD2
    signature: Mapped[str] = mapped_column(String(10))  # desktop.hub.signing.SignatureVerdict
    origin_name: Mapped[str] = mapped_column(String(100), default="")
    origin_fax_number: Mapped[str] = mapped_column(String(40), default="")
    remote_id: Mapped[str] = mapped_column(String(40), default="")
    caller: Mapped[str] = mapped_column(String(40), default="")
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # What the store held when the fax was read: its version, and how the fax compares.
    stored_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    relation: Mapped[str] = mapped_column(String(12))
    state: Mapped[str] = mapped_column(String(12))
    settled_by: Mapped[str | None] = mapped_column(String(40), nullable=True)
    settled_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index("ix_fax_evidence_state", "state"),)


import fax.store_models  # noqa: E402, F401  (fax tables join the metadata)
