"""The retention purge: residents' data goes once its move is older than the retention period.

A notice whose move date lies more than ``retention_days`` back is deleted
with every version, its decisions, its quarantined payloads and the faxes
that carried it (row and TIFF file). Sent faxes do not say which notices
they carried, so a finished outgoing job goes, with its stored document,
once it was queued longer ago than the retention period; malformed payloads
in quarantine go by the day they arrived, for the same reason.

Never purged: a notice with a decision the hub has not acknowledged yet
(the outbox still holds it), and anything younger than the cutoff. The
audit log keeps its rows (receipt numbers and actions, no personal data)
and gains one row per batch with the counts.

The work goes in batches, each one transaction, oldest move first: a
crash leaves every batch either wholly done or not begun, and the next run
goes on. Files are removed after their rows are committed; a file orphaned
by a crash in between is swept on the next run.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import and_, delete, exists, func, select, text
from sqlalchemy.orm import Session

from desktop import audit
from desktop.fax_notices import fax_receipts
from desktop.settings import Settings
from desktop.store.database import Database
from desktop.store.models import (
    Decision,
    FaxEvidence,
    NoticeRecord,
    NoticeVersion,
    QuarantinedPayload,
)
from fax.store_models import FaxCallAttempt, FaxJob, FaxJobPage, ReceivedFax

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]
BATCH_SIZE = 1000
FINISHED_JOB_STATES = ("sent", "failed", "cancelled")
# Several counter PCs on one PostgreSQL database: one purges at a time.
_PURGE_LOCK = 73_310_012
# A received fax is written to disk just before its row: leave young files alone.
_ORPHAN_GRACE = timedelta(days=1)


@dataclass(frozen=True)
class ExpiredNotice:
    receipt_number: str
    kind: str
    move_date: date


@dataclass(frozen=True)
class PurgePlan:
    """What a purge would remove today (a dry run), without any personal data."""

    cutoff: date
    notices: list[ExpiredNotice]
    held: list[ExpiredNotice]  # expired, but a decision still waits for the hub
    received_faxes: int
    fax_jobs: int
    quarantined: int


@dataclass
class PurgeReport:
    cutoff: date
    notices: int = 0
    versions: int = 0
    decisions: int = 0
    quarantined: int = 0
    received_faxes: int = 0
    faxed_copies: int = 0
    fax_jobs: int = 0
    files: int = 0
    held: int = 0
    # Another seat on the shared database was purging: this run stopped.
    yielded: bool = False
    changed_ids: set[int] = field(default_factory=set)

    def counts(self) -> dict[str, int]:
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if f.name not in ("cutoff", "yielded", "changed_ids")
        }

    def summary(self) -> str:
        return (
            f"purged {self.notices} notices ({self.versions} versions, {self.decisions} decisions), "
            f"{self.quarantined} quarantined payloads, {self.received_faxes} received faxes, "
            f"{self.faxed_copies} faxed copies, "
            f"{self.fax_jobs} sent faxes, {self.files} files; {self.held} held for the hub "
            f"(move date before {self.cutoff.isoformat()})"
        )


def retention_cutoff(today: date, retention_days: int) -> date:
    """Moves before this day are past retention."""
    return today - timedelta(days=retention_days)


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _awaits_hub():  # type: ignore[no-untyped-def]
    return exists().where(Decision.notice_id == NoticeRecord.id, Decision.outbox_state == "pending")


class RetentionPurge:
    def __init__(
        self,
        database: Database,
        retention_days: int,
        *,
        today: Callable[[], date] = date.today,
        batch_size: int = BATCH_SIZE,
        fax_folder: Path | None = None,
    ) -> None:
        if retention_days < 1:
            raise ValueError("the retention period must be at least one day")
        self.database = database
        self.retention_days = retention_days
        self.today = today
        self.batch_size = batch_size
        self.fax_folder = fax_folder

    @property
    def cutoff(self) -> date:
        return retention_cutoff(self.today(), self.retention_days)

    # -- what would go ---------------------------------------------------------------

    def plan(self) -> PurgePlan:
        """List what a purge would remove now; changes nothing."""
        cutoff = self.cutoff
        with self.database.session() as session:
            expired = session.execute(
                select(
                    NoticeRecord.receipt_number,
                    NoticeRecord.kind,
                    NoticeRecord.move_date,
                    _awaits_hub(),
                )
                .where(NoticeRecord.move_date < cutoff)
                .order_by(NoticeRecord.move_date, NoticeRecord.id)
            ).all()
            going = {receipt for receipt, _kind, _day, held in expired if not held}
            faxes = len(self._faxes_to_remove(session, cutoff, going))
            jobs = session.scalar(
                select(func.count()).select_from(FaxJob).where(self._expired_job(cutoff))
            )
            going_receipts = select(NoticeRecord.receipt_number).where(
                NoticeRecord.move_date < cutoff, ~_awaits_hub()
            )
            quarantined = session.scalar(
                select(func.count())
                .select_from(QuarantinedPayload)
                .where(
                    (QuarantinedPayload.received_at < _start_of(cutoff))
                    | QuarantinedPayload.receipt_number.in_(going_receipts)
                )
            )
        notices = [ExpiredNotice(r, k, d) for r, k, d, held in expired if not held]
        held = [ExpiredNotice(r, k, d) for r, k, d, waiting in expired if waiting]
        return PurgePlan(cutoff, notices, held, faxes, jobs or 0, quarantined or 0)

    # -- the purge ---------------------------------------------------------------------

    def run(self, *, staff: str = "system", progress: Progress | None = None) -> PurgeReport:
        """Remove what is past retention, batch by batch; report the counts."""
        report_progress = progress or (lambda _stage, _done, _total: None)
        cutoff = self.cutoff
        report = PurgeReport(cutoff)
        with self.database.session() as session:
            total = session.scalar(
                select(func.count())
                .select_from(NoticeRecord)
                .where(NoticeRecord.move_date < cutoff, ~_awaits_hub())
            )
            report.held = session.scalar(
                select(func.count())
                .select_from(NoticeRecord)
                .where(NoticeRecord.move_date < cutoff, _awaits_hub())
            )
        total = total or 0
        report_progress("purge", 0, total)
        while True:
            batch = self._purge_notice_batch(cutoff, staff, report)
            if batch is None:
                report.yielded = True
                return report
            report_progress("purge", min(report.notices, total), total)
            if batch < self.batch_size:
                break
        if not self._purge_faxes_and_quarantine(cutoff, staff, report):
            report.yielded = True
            return report
        report.files += self._sweep_orphans()
        report_progress("purge", total, total)
        log.info("retention purge: %s", report.summary())
        return report

    def _take_turn(self, session: Session) -> bool:
        if self.database.dialect != "postgresql":
            return True  # SQLite: one writer at a time anyway
        return bool(
            session.scalar(text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": _PURGE_LOCK})
        )

    def _purge_notice_batch(self, cutoff: date, staff: str, report: PurgeReport) -> int | None:
        """One batch of expired notices in one transaction: how many, or None if not our turn."""
        files: list[str] = []
        with self.database.session() as session:
            if not self._take_turn(session):
                return None
            # Locked as a decision locks its notice: a clerk deciding meanwhile waits.
            rows = session.execute(
                select(NoticeRecord.id, NoticeRecord.receipt_number)
                .where(NoticeRecord.move_date < cutoff, ~_awaits_hub())
                .order_by(NoticeRecord.move_date, NoticeRecord.id)
                .limit(self.batch_size)
                .with_for_update()
            ).all()
            if not rows:
                return 0
            # A decision saved between that query's snapshot and its lock keeps its notice.
            decided_meanwhile = set(
                session.scalars(
                    select(Decision.notice_id).where(
                        Decision.notice_id.in_([i for i, _r in rows]),
                        Decision.outbox_state == "pending",
                    )
                )
            )
            ids = [notice_id for notice_id, _r in rows if notice_id not in decided_meanwhile]
            receipts = {r for notice_id, r in rows if notice_id not in decided_meanwhile}
            if not ids:
                return len(rows)  # all of them held now; the next batch moves on
            faxes = self._faxes_naming(session, receipts)
            counts = {
                "notices": len(ids),
                "versions": _deleted(
                    session, delete(NoticeVersion).where(NoticeVersion.notice_id.in_(ids))
                ),
                "decisions": _deleted(session, delete(Decision).where(Decision.notice_id.in_(ids))),
                "quarantined": _deleted(
                    session,
                    delete(QuarantinedPayload).where(
                        QuarantinedPayload.receipt_number.in_(receipts)
                    ),
                ),
                # Copies read off faxes carry the resident's data too, whichever fax they came on.
                "faxed_copies": _deleted(
                    session, delete(FaxEvidence).where(FaxEvidence.receipt_number.in_(receipts))
                ),
            }
            session.execute(delete(NoticeRecord).where(NoticeRecord.id.in_(ids)))
            counts["received_faxes"] = self._delete_received(session, faxes, files)
            audit.record(session, staff, "purge", f"before {cutoff.isoformat()}", _detail(counts))
        for name, value in counts.items():
            setattr(report, name, getattr(report, name) + value)
        report.changed_ids.update(ids)
        report.files += _remove_files(files)
        return len(ids)

    def _purge_faxes_and_quarantine(self, cutoff: date, staff: str, report: PurgeReport) -> bool:
        """What expires by its own date: old faxes both ways, old malformed payloads."""
        files: list[str] = []
        with self.database.session() as session:
            if not self._take_turn(session):
                return False
            faxes = self._faxes_to_remove(session, cutoff, set())
            jobs = session.scalars(select(FaxJob.id).where(self._expired_job(cutoff))).all()
            for path in session.scalars(select(FaxJob.document_path).where(FaxJob.id.in_(jobs))):
                if path and self._is_ours(Path(path)):
                    files.append(path)
            for child in (FaxJobPage, FaxCallAttempt):
                session.execute(delete(child).where(child.job_id.in_(jobs)))
            counts = {
                "received_faxes": self._delete_received(session, faxes, files),
                "fax_jobs": _deleted(session, delete(FaxJob).where(FaxJob.id.in_(jobs))),
                "quarantined": _deleted(
                    session,
                    delete(QuarantinedPayload).where(
                        QuarantinedPayload.received_at < _start_of(cutoff)
                    ),
                ),
            }
            if any(counts.values()):
                audit.record(
                    session, staff, "purge", f"before {cutoff.isoformat()}", _detail(counts)
                )
        for name, value in counts.items():
            setattr(report, name, getattr(report, name) + value)
        report.files += _remove_files(files)
        return True

    # -- faxes -------------------------------------------------------------------------

    @staticmethod
    def _expired_job(cutoff: date):  # type: ignore[no-untyped-def]
        return and_(FaxJob.created_at < _start_of(cutoff), FaxJob.state.in_(FINISHED_JOB_STATES))

    @staticmethod
    def _faxes_naming(session: Session, receipts: set[str]) -> list[tuple[int, str]]:
        """Received faxes that carried one of ``receipts`` and no notice that stays."""
        found = []
        for fax_id, column, path in session.execute(
            select(ReceivedFax.id, ReceivedFax.notice_receipt_number, ReceivedFax.file_path).where(
                ReceivedFax.notice_receipt_number.is_not(None)
            )
        ):
            named = set(fax_receipts(column))
            if named & receipts and not _still_kept(session, named - receipts):
                found.append((fax_id, path))
        return found

    @staticmethod
    def _faxes_to_remove(session: Session, cutoff: date, going: set[str]) -> list[tuple[int, str]]:
        """Faxes received before the cutoff, or naming only notices gone or going, and none kept."""
        found = []
        for fax_id, column, path, received_at in session.execute(
            select(
                ReceivedFax.id,
                ReceivedFax.notice_receipt_number,
                ReceivedFax.file_path,
                ReceivedFax.received_at,
            )
        ):
            named = set(fax_receipts(column))
            old = received_at < _start_of(cutoff)
            if not (old or named & going):
                continue
            if not _still_kept(session, named - going):
                found.append((fax_id, path))
        return found

    @staticmethod
    def _delete_received(session: Session, faxes: list[tuple[int, str]], files: list[str]) -> int:
        if not faxes:
            return 0
        files.extend(path for _id, path in faxes if path)
        return _deleted(
            session, delete(ReceivedFax).where(ReceivedFax.id.in_([i for i, _p in faxes]))
        )

    def _is_ours(self, path: Path) -> bool:
        if self.fax_folder is None:
            return False
        with contextlib.suppress(OSError, ValueError):
            return path.resolve().is_relative_to(self.fax_folder.resolve())
        return False

    def _sweep_orphans(self) -> int:
        """Received-fax files no row names (a crash after the commit, before the unlink)."""
        folder = self.fax_folder
        if folder is None or not folder.is_dir():
            return 0
        with self.database.session() as session:
            named = {Path(p).name for p in session.scalars(select(ReceivedFax.file_path))}
        young = datetime.now(UTC) - _ORPHAN_GRACE
        orphans = []
        for candidate in folder.glob("received-*.tif"):
            with contextlib.suppress(OSError):
                modified = datetime.fromtimestamp(candidate.stat().st_mtime, UTC)
                if candidate.name not in named and modified < young:
                    orphans.append(str(candidate))
        return _remove_files(orphans)


def _still_kept(session: Session, receipts: set[str]) -> bool:
    """Whether any of ``receipts`` is a notice still in the store."""
    if not receipts:
        return False
    return bool(
        session.scalar(
            select(func.count())
            .select_from(NoticeRecord)
            .where(NoticeRecord.receipt_number.in_(receipts))
        )
    )


def _deleted(session: Session, statement) -> int:  # type: ignore[no-untyped-def]
    return session.execute(statement).rowcount or 0


def _detail(counts: dict[str, int]) -> str:
    return json.dumps({k: v for k, v in counts.items() if v}, sort_keys=True)


def _remove_files(paths: Sequence[str]) -> int:
    removed = 0
    for name in paths:
        try:
            Path(name).unlink()
        except FileNotFoundError:
            continue
        except OSError as error:  # left for the next run's sweep
            log.warning("retention purge: cannot remove a fax file: %s", error.strerror)
            continue
        removed += 1
    return removed


def purge_from_settings(
    database: Database, settings: Settings, *, fax_folder: Path | None = None
) -> RetentionPurge:
    return RetentionPurge(database, settings.get("retention_days"), fax_folder=fax_folder)
