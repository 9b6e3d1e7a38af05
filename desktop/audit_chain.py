"""The audit log's hash chain: how a row is sealed, and how the whole log is checked.

Each row's hash covers its place in the chain, the previous row's hash and
every field, so changing, removing or slipping in a row breaks the chain at
that row. The chain is plain SHA-256 (docs/security.md says why, not an
HMAC); what a rewrite of the whole chain cannot hide are the checkpoints
each PC records in its data folder (``note_checkpoint``), outside the
database.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop import paths

if TYPE_CHECKING:
    from desktop.store.database import Database

log = logging.getLogger(__name__)

GENESIS = "0" * 64
CHAIN_HEAD_ID = 1
_CHECKPOINTS_KEPT = 20
_CHECKPOINT_FILE = "audit-checkpoints.json"


def timestamp_text(at: datetime | str) -> str:
    """The time as the chain hashes it: UTC to the microsecond, as SQLite stores it."""
    if isinstance(at, str):
        return at  # SQLite hands back the text MoveDesk wrote
    if at.tzinfo is not None:
        at = at.astimezone(UTC)
    return f"{at:%Y-%m-%d %H:%M:%S.%f}"


def _part(value: str | None) -> str:
    # Lengths first, so no field's text can pass for a field boundary.
    return "-1:" if value is None else f"{len(value)}:{value}"


def row_digest(
    prev_hash: str | None,
    seq: int | None,
    at: datetime | str,
    staff: str | None,
    action: str | None,
    target: str | None,
    detail: str | None,
) -> str:
    text = "\n".join(
        (
            _part(prev_hash),
            str(seq),
            timestamp_text(at) if at is not None else "",
            _part(staff),
            _part(action),
            _part(target),
            _part(detail),
        )
    )
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _stored_row_digest(
    prev_hash: Any, seq: Any, at: Any, staff: Any, action: Any, target: Any, detail: Any
) -> str:
    """row_digest for a row as SQLite hands it back, in half the time (verify reads millions)."""
    if type(at) is str:
        try:
            text = (
                f"{len(prev_hash)}:{prev_hash}\n{seq}\n{at}\n{len(staff)}:{staff}\n"
                f"{len(action)}:{action}\n{len(target)}:{target}\n{len(detail)}:{detail}"
            )
            return hashlib.sha256(text.encode("utf-8")).hexdigest()
        except (TypeError, UnicodeEncodeError):
            pass  # a missing field or an odd character: the careful way below
    return row_digest(prev_hash, seq, at, staff, action, target, detail)


@dataclass(frozen=True, slots=True)
class ChainProblem:
    """One place where the log is not what MoveDesk wrote.

    ``kind``: edited, deleted, inserted, out_of_order, relinked, tail_missing,
    checkpoint; and for the staff table, staff_unrecorded and staff_role.
    """

    kind: str
    row_id: int | None
    seq: int | None
    missing: int = 0
    account: str = ""
    detail: str = ""

    def describe(self) -> str:
        where = f"row id {self.row_id}" if self.row_id is not None else "the log"
        if self.kind == "staff_unrecorded":
            return f"account {self.account} was never created through MoveDesk (no log entry)"
        if self.kind == "staff_role":
            return f"account {self.account} has the role {self.detail}, which the log never gave it"
        if self.kind == "edited":
            return f"{where} (seq {self.seq}) was changed after it was written"
        if self.kind == "deleted":
            plural = "s" if self.missing != 1 else ""
            return f"{self.missing} row{plural} before {where} (seq {self.seq}) were deleted"
        if self.kind == "inserted":
            return f"{where} was not written by MoveDesk (inserted behind its back)"
        if self.kind == "out_of_order":
            return f"{where} (seq {self.seq}) stands out of order: rows were inserted or moved"
        if self.kind == "relinked":
            return f"{where} (seq {self.seq}) follows a row other than the one it was written after"
        if self.kind == "tail_missing":
            plural = "s" if self.missing != 1 else ""
            return (
                f"the last {self.missing} row{plural} of the log (to seq {self.seq}) were deleted"
            )
        return (
            f"seq {self.seq}, recorded on this PC as verified, is gone or changed: "
            "the log was rewritten"
        )


@dataclass(slots=True)
class ChainReport:
    rows: int = 0
    last_seq: int = 0
    problems: list[ChainProblem] = field(default_factory=list)
    # Only the first problems are kept; a wholesale rewrite would otherwise fill memory.
    more_problems: int = 0

    @property
    def intact(self) -> bool:
        return not self.problems and not self.more_problems

    def summary(self) -> str:
        if self.intact:
            return f"audit chain intact: {self.rows} rows"
        count = len(self.problems) + self.more_problems
        return f"audit chain BROKEN: {count} problem(s) in {self.rows} rows"


_PROBLEMS_KEPT = 200


class _Walker:
    """Follows the rows in id order and says where the chain breaks."""

    def __init__(self, report: ChainReport) -> None:
        self.report = report
        self.prev_hash = GENESIS
        self.prev_seq = 0

    def problem(
        self, kind: str, row_id: int | None, seq: int | None, missing: int = 0, **more: str
    ) -> None:
        if len(self.report.problems) < _PROBLEMS_KEPT:
            self.report.problems.append(ChainProblem(kind, row_id, seq, missing, **more))
        else:
            self.report.more_problems += 1

    def walk(self, rows: Iterable[tuple[Any, ...]]) -> None:
        for row_id, seq, prev_hash, row_hash, recomputed in rows:
            self.report.rows += 1
            sealed = row_hash is not None and recomputed == row_hash
            linked = prev_hash == self.prev_hash and seq == self.prev_seq + 1
            if sealed and linked:
                pass
            elif linked:
                self.problem("edited", row_id, seq)
            elif not sealed:
                # Neither sealed nor in place: a row MoveDesk never wrote.
                # The chain goes on from the row before it.
                self.problem("inserted", row_id, seq)
                continue
            elif not isinstance(seq, int) or seq <= self.prev_seq:
                self.problem("out_of_order", row_id, seq)
            elif seq > self.prev_seq + 1:
                self.problem("deleted", row_id, seq, seq - self.prev_seq - 1)
            else:
                self.problem("relinked", row_id, seq)
            self.prev_hash, self.prev_seq = row_hash, seq if isinstance(seq, int) else self.prev_seq
        self.report.last_seq = self.prev_seq


def _part_sql(column: str) -> str:
    return (
        f"CASE WHEN {column} IS NULL THEN '-1:' ELSE length({column})::text || ':' || {column} END"
    )


# row_digest, computed by PostgreSQL itself: the rows need not travel to be hashed.
_POSTGRESQL_DIGEST = (
    "encode(sha256(convert_to(concat_ws(E'\\n', "
    f"{_part_sql('prev_hash')}, coalesce(seq::text, 'None'), "
    "coalesce(to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US'), ''), "
    f"{_part_sql('staff')}, {_part_sql('action')}, {_part_sql('target')}, {_part_sql('detail')}"
    "), 'UTF8')), 'hex')"
)


# Whether every row is sealed and follows the one before, all on the server: the
# usual answer for PostgreSQL, with no row leaving it. Only a broken chain
# needs the row-by-row walk that names the rows.
_POSTGRESQL_WHOLE_CHAIN = (
    "SELECT count(*), coalesce(max(seq), 0), count(*) FILTER (WHERE NOT ok) FROM ("
    f"SELECT seq, coalesce(row_hash = {_POSTGRESQL_DIGEST}"
    f" AND prev_hash = coalesce(lag(row_hash) OVER w, '{GENESIS}')"
    " AND seq = coalesce(lag(seq) OVER w, 0) + 1, false) AS ok"
    " FROM audit_log WINDOW w AS (ORDER BY id)) AS checked"
)


def _intact_on_server(database: Database, report: ChainReport) -> bool:
    with database.engine.connect() as connection:
        rows, last_seq, broken = connection.exec_driver_sql(_POSTGRESQL_WHOLE_CHAIN).one()
    if broken:
        return False
    report.rows, report.last_seq = rows, last_seq
    return True


def _hashes_at(database: Database, seqs: Iterable[int]) -> dict[int, str]:
    from sqlalchemy import select

    from desktop.store.models import AuditEntry

    wanted = list(seqs)
    if not wanted:
        return {}
    with database.session() as session:
        found = session.execute(
            select(AuditEntry.seq, AuditEntry.row_hash).where(AuditEntry.seq.in_(wanted))
        )
        return {seq: row_hash for seq, row_hash in found}


def _stream_rows(database: Database) -> Iterator[tuple[Any, ...]]:
    """(id, seq, prev_hash, row_hash, the hash the row's content gives) in id order."""
    with database.engine.connect() as connection:
        # The plain driver cursor: a million rows through SQLAlchemy's rows take far longer.
        driver = connection.connection.driver_connection
        if database.dialect == "postgresql":
            cursor = driver.cursor(name="movedesk_audit_verify")  # type: ignore[union-attr]
            query = (
                f"SELECT id, seq, prev_hash, row_hash, {_POSTGRESQL_DIGEST} "
                "FROM audit_log ORDER BY id"
            )
        else:
            cursor = driver.cursor()  # type: ignore[union-attr]
            query = (
                "SELECT id, seq, at, staff, action, target, detail, prev_hash, row_hash "
                "FROM audit_log ORDER BY id"
            )
        try:
            cursor.execute(query)
            if database.dialect == "postgresql":
                while batch := cursor.fetchmany(20_000):
                    yield from batch
                return
            digest = _stored_row_digest
            while batch := cursor.fetchmany(20_000):
                for row_id, seq, at, staff, action, target, detail, prev, own in batch:
                    yield (
                        row_id,
                        seq,
                        prev,
                        own,
                        digest(prev, seq, at, staff, action, target, detail),
                    )
        finally:
            cursor.close()
            if database.dialect == "postgresql":
                driver.rollback()  # type: ignore[union-attr]


def _stored_head(database: Database) -> tuple[int, str] | None:
    from sqlalchemy import select

    from desktop.store.models import AuditChainHead

    with database.session() as session:
        row = session.execute(
            select(AuditChainHead.seq, AuditChainHead.last_hash).where(
                AuditChainHead.id == CHAIN_HEAD_ID
            )
        ).first()
    return (row[0], row[1]) if row is not None else None


def verify_chain(
    database: Database, *, checkpoints: bool = True, folder: Path | None = None
) -> ChainReport:
    """Walk the whole log; every problem names the row where the chain breaks.

    ``folder`` holds this PC's checkpoints: the settings folder (the data
    folder unless the settings file lives elsewhere, as the demo's does).
    """
    report = ChainReport()
    walker = _Walker(report)
    seen: dict[int, str] = {}
    wanted = (
        {c["seq"]: c["hash"] for c in _checkpoints_for(database, folder)} if checkpoints else {}
    )

    def rows() -> Iterator[tuple[Any, ...]]:
        for row in _stream_rows(database):
            if row[1] in wanted:
                seen[row[1]] = row[3]
            yield row

    if database.dialect == "postgresql" and _intact_on_server(database, report):
        seen = _hashes_at(database, wanted)
    else:
        walker.walk(rows())
    head = _stored_head(database)
    if head is not None and head[0] > report.last_seq:
        walker.problem("tail_missing", None, head[0], head[0] - report.last_seq)
    for seq, expected in sorted(wanted.items()):
        if seen.get(seq) != expected:
            walker.problem("checkpoint", None, seq)
    for problem in staff_against_log(database):
        walker.problem(problem.kind, None, None, account=problem.account, detail=problem.detail)
    return report


ROLE_GIVING_ACTIONS = ("staff_created", "role_changed")


def staff_against_log(database: Database) -> list[ChainProblem]:
    """Accounts and roles the log does not account for (``UPDATE staff SET role=…``)."""
    from sqlalchemy import select

    from desktop.store.models import AuditEntry, Staff

    with database.session() as session:
        given: dict[str, str] = {}
        for target, detail in session.execute(
            select(AuditEntry.target, AuditEntry.detail)
            .where(AuditEntry.action.in_(ROLE_GIVING_ACTIONS))
            .order_by(AuditEntry.id)
        ):
            given[target] = detail
        accounts = session.execute(select(Staff.user_id, Staff.role).order_by(Staff.id)).all()
    problems = []
    for user_id, role in accounts:
        if user_id not in given:
            problems.append(ChainProblem("staff_unrecorded", None, None, account=user_id))
        elif given[user_id] != role:
            problems.append(ChainProblem("staff_role", None, None, account=user_id, detail=role))
    return problems


# -- checkpoints kept on this PC ---------------------------------------------------------


def _database_key(database: Database) -> str:
    url = database.engine.url.render_as_string(hide_password=True)
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]


def _checkpoint_path(folder: Path | None) -> Path:
    return (folder or paths.data_dir()) / _CHECKPOINT_FILE


def _read_checkpoints(folder: Path | None) -> dict[str, list[dict[str, Any]]]:
    try:
        raw = json.loads(_checkpoint_path(folder).read_text("utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as error:
        log.warning("audit checkpoints unreadable, starting afresh: %s", error)
        return {}
    return raw if isinstance(raw, dict) else {}


def _checkpoints_for(database: Database, folder: Path | None) -> list[dict[str, Any]]:
    entries = _read_checkpoints(folder).get(_database_key(database), [])
    return [
        e
        for e in entries
        if isinstance(e, dict) and isinstance(e.get("seq"), int) and isinstance(e.get("hash"), str)
    ]


def note_checkpoint(database: Database, folder: Path | None = None) -> None:
    """Remember the chain's current head on this PC, outside the database."""
    head = _stored_head(database)
    if head is None or head[0] == 0:
        return
    everything = _read_checkpoints(folder)
    key = _database_key(database)
    entries = [e for e in _checkpoints_for(database, folder) if e["seq"] != head[0]]
    entries.append({"seq": head[0], "hash": head[1], "at": datetime.now(UTC).isoformat()})
    everything[key] = entries[-_CHECKPOINTS_KEPT:]
    path = _checkpoint_path(folder)
    temporary = path.with_suffix(".tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(json.dumps(everything, indent=1), "utf-8")
        temporary.replace(path)
    except OSError as error:
        log.warning("cannot record the audit checkpoint: %s", error)


def verify_and_note(database: Database, folder: Path | None = None) -> ChainReport:
    """Verify; when intact, record the head so a later rewrite of all of it still shows."""
    report = verify_chain(database, folder=folder)
    if report.intact:
        note_checkpoint(database, folder)
    return report
