"""What the notice list and the notice panel read, without any widget.

The list keeps only the ids of the current view (an ``array`` of 8 bytes per
notice) and asks for rows a block at a time as they scroll into sight. A
view's first screen of ids comes straight off an index (``first_page``); the
whole id list of a large view is read off the GUI thread (``find``). A
search shows the most urgent matches first: open before closed, then by due
date, in the view's chosen order.
"""

from __future__ import annotations

import heapq
import itertools
import json
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import Connection, Select, case, func, or_, select
from sqlalchemy.exc import DBAPIError

from desktop.domain.fields import FieldChange, changes_between
from desktop.domain.notice import Notice, notice_from_payload
from desktop.queries import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    SEARCH_LIMIT,
    NoticeFilter,
    SearchTerm,
    address_chars_missing,
    conditions,
    notice_ids,
    ordered,
    search_terms,
    sort_column,
)
from desktop.store.database import Database
from desktop.store.models import Decision, NoticeRecord, NoticeVersion
from desktop.store.search_index import has_search_index


@dataclass(frozen=True, slots=True)
class ListRow:
    id: int
    receipt_number: str
    kind: str
    name: str
    kana: str
    address: str
    move_date: date
    due_date: date
    status: str
    assignee: str
    needs_review: bool
    customer_number: str


@dataclass(frozen=True, slots=True)
class VersionEntry:
    version: int
    received_at: datetime
    changes: list[FieldChange]  # against the version before it


@dataclass(frozen=True, slots=True)
class DecisionEntry:
    decision: str
    staff: str
    decided_at: datetime
    version: int
    reason_code: str | None
    reason_text: str | None
    customer_number: str | None
    outbox_state: str
    last_error: str | None


@dataclass(frozen=True, slots=True)
class NoticeDetail:
    id: int
    notice: Notice
    status: str
    assignee: str
    due_date: date
    needs_review: bool
    reviewed_version: int | None
    source: str
    versions: list[VersionEntry]
    decisions: list[DecisionEntry]

    @property
    def unseen_changes(self) -> list[FieldChange]:
        """What changed since the version the clerk last looked at."""
        if not self.needs_review or self.reviewed_version is None:
            return []
        seen = self.reviewed_version
        return [c for v in self.versions if v.version > seen for c in v.changes]


_LIST_COLUMNS = (
    NoticeRecord.id,
    NoticeRecord.receipt_number,
    NoticeRecord.kind,
    NoticeRecord.name,
    NoticeRecord.kana,
    NoticeRecord.address,
    NoticeRecord.building,
    NoticeRecord.move_date,
    NoticeRecord.due_date,
    NoticeRecord.status,
    NoticeRecord.assignee,
    NoticeRecord.needs_review,
    NoticeRecord.customer_number,
)


@dataclass(frozen=True, slots=True)
class Found:
    ids: array[int]
    truncated: bool = False  # a search had more matches than it shows
    total: int | None = None  # all the matches of a search (None: len(ids))
    total_at_least: bool = False  # ``total`` is a lower bound: "more than"
    complete: bool = True  # False: only the first page of a longer list
    address_chars_missing: int = 0  # the search was too short to look at addresses

    @property
    def matches(self) -> int:
        return len(self.ids) if self.total is None else self.total


_ID_CHUNK = 16_384
# A search term matching more notices than this is walked in urgency order
# (status, then due date, on an index carrying every searched column) with
# the match tested on each entry, instead of collecting its matches: at that
# density the first screen comes at once. Its count is then "more than" this.
COLLECT_COVERED = 20_000
COLLECT_ADDRESS = 5_000
FIRST_PAGE = 1_000


# PostgreSQL's own estimate of an address term's matches above this many
# times the bound means: walk the urgency order at once, without counting.
DENSE_ESTIMATE = 4


def _planned_rows(connection: Connection, query: Select) -> int:  # type: ignore[type-arg]
    """How many rows PostgreSQL expects ``query`` to give (0 elsewhere: no estimate asked).

    Collecting the first 5,000 matches of a common address (昭島市昭…, 7 % of
    all notices) took PostgreSQL 45-55 ms at a million, by any plan; its
    estimate, from the trigram statistics, takes about a millisecond.
    """
    if connection.dialect.name != "postgresql":
        return 0
    compiled = query.compile(dialect=connection.dialect)
    plan = connection.exec_driver_sql(
        "EXPLAIN (FORMAT JSON) " + compiled.string, compiled.params
    ).scalar()
    if isinstance(plan, str):
        plan = json.loads(plan)
    try:
        return int(plan[0]["Plan"]["Plan Rows"])
    except (TypeError, LookupError, ValueError):
        return 0


def _id_array(connection: Connection, query: Select) -> array[int]:  # type: ignore[type-arg]
    """Ids in query order, read in chunks straight from the driver.

    SQLAlchemy's row objects doubled the time to list a million notices. On
    PostgreSQL the rows stream in chunks (psycopg's ``stream``): the driver
    would otherwise hold all million at once, 34 MB more at the peak, and
    streamed they even arrive sooner (0.25-0.29 s against 0.42 s). A
    server-side cursor was three times slower: it is planned for its first rows.
    """
    ids: array[int] = array("q")
    compiled = (
        query.compile(dialect=connection.dialect, compile_kwargs={"render_postcompile": True})
        if connection.dialect.driver == "psycopg"
        else None
    )
    # The values go to psycopg as they are: only where no column type converts them
    # (a UtcDateTime would), so the stream never bypasses what SQLAlchemy does.
    if compiled is not None and not any(
        bind.type.bind_processor(connection.dialect) for bind in compiled.binds.values()
    ):
        raw, dbapi = connection.connection.driver_connection, connection.dialect.loaded_dbapi
        try:
            with raw.cursor() as cursor:  # type: ignore[union-attr]
                stream = cursor.stream(compiled.string, compiled.params, size=_ID_CHUNK)
                ids.extend(row[0] for row in stream)
        except dbapi.Error as error:  # as SQLAlchemy would say it: callers know those
            raise DBAPIError.instance(
                compiled.string, compiled.params, error, dbapi.Error, hide_parameters=True
            ) from error
        return ids
    result = connection.execute(query)
    try:
        while chunk := result.cursor.fetchmany(_ID_CHUNK):
            ids.extend(row[0] for row in chunk)
    finally:
        result.close()
    return ids


class NoticeListing:
    def __init__(self, database: Database) -> None:
        self.database = database
        self._address_index: bool | None = None

    def ids(self, spec: NoticeFilter) -> array:
        return self.find(spec).ids

    def find(self, spec: NoticeFilter, search_limit: int = SEARCH_LIMIT) -> Found:
        """Ids of the notices ``spec`` selects, in display order (all of a view)."""
        with self.database.engine.connect() as connection:
            if not spec.search.strip():
                return Found(_id_array(connection, notice_ids(spec)))
            return self._search(connection, spec, search_limit)

    def first_page(self, spec: NoticeFilter, size: int = FIRST_PAGE) -> Found:
        """The first ``size`` ids of a view, read off the sort index; complete if that is all.

        A search is answered whole: it is capped and quick.
        """
        if spec.search.strip():
            return self.find(spec)
        with self.database.engine.connect() as connection:
            ids = _id_array(connection, notice_ids(spec).limit(size + 1))
        if len(ids) <= size:
            return Found(ids)
        return Found(ids[:size], complete=False)

    def _terms(self, connection: Connection, text: str) -> list[SearchTerm]:
        if self._address_index is None:
            self._address_index = has_search_index(connection)
        return search_terms(text, address_index=self._address_index)

    def _search(self, connection: Connection, spec: NoticeFilter, limit: int) -> Found:
        missing = address_chars_missing(spec.search)
        rest = conditions(replace(spec, search=""))
        urgent: dict[int, tuple[int, date, int]] = {}  # id -> its place in urgency order
        matching: list[SearchTerm] = []
        total, at_least = 0, False
        for term in self._terms(connection, spec.search):
            # A covered term's matches carry status and due date in its index;
            # the full-text index's do not, so fewer are collected from it.
            bound = COLLECT_COVERED if term.covered else COLLECT_ADDRESS
            match = term.condition if term.covered else NoticeRecord.id.in_(term.ids)
            if not term.covered and _planned_rows(connection, term.ids) > DENSE_ESTIMATE * bound:
                count = bound + 1  # plainly common: counting its first matches is the slow part
            elif rest:
                count = self._count(connection, match, rest, bound)
            else:
                bounded = term.ids.limit(bound + 1).subquery()
                count = connection.scalar(select(func.count()).select_from(bounded)) or 0
            if count > bound:
                walk = self._walk_urgency_order
                urgent.update(walk(connection, spec, term.condition, rest, limit + 1))
                at_least = True
                count = bound
            elif count:
                urgent.update(self._most_urgent(connection, match, rest, limit + 1))
            if count:
                matching.append(term)
                total += count
        if len(matching) > 1 and not at_least:  # a notice may match two ways: count it once
            either = or_(*(NoticeRecord.id.in_(term.ids) for term in matching))
            total = self._count(connection, either, rest)
        capped = sorted(urgent, key=urgent.__getitem__)[:limit]
        if not capped:
            return Found(array("q"), total=0, address_chars_missing=missing)
        if sort_column(spec) is NoticeRecord.due_date:
            # The urgency order carries every due date: the view's order needs no query.
            by_due = sorted(capped, key=lambda i: (urgent[i][1], i), reverse=spec.descending)
            ids = array("q", by_due)
        else:
            query = ordered(select(NoticeRecord.id).where(NoticeRecord.id.in_(capped)), spec)
            ids = _id_array(connection, query)
        return Found(
            ids,
            truncated=len(urgent) > limit,
            total=total,
            total_at_least=at_least,
            address_chars_missing=missing,
        )

    @staticmethod
    def _count(connection: Connection, match, rest, bound: int | None = None) -> int:  # type: ignore[no-untyped-def]
        query = select(NoticeRecord.id).where(match, *rest)
        if bound is not None:
            query = query.limit(bound + 1)
        return connection.scalar(select(func.count()).select_from(query.subquery())) or 0

    @staticmethod
    def _most_urgent(
        connection: Connection, match, rest, limit: int
    ) -> dict[int, tuple[int, date, int]]:  # type: ignore[no-untyped-def]
        """Open before closed, then by due date: the first ``limit`` matches."""
        closed = case((NoticeRecord.status.in_(OPEN_STATUSES), 0), else_=1)
        query = (
            select(NoticeRecord.id, closed, NoticeRecord.due_date)
            .where(match, *rest)
            .order_by(closed, NoticeRecord.due_date, NoticeRecord.id)
            .limit(limit)
        )
        return {row[0]: (row[1], row[2], row[0]) for row in connection.execute(query)}

    @staticmethod
    def _walk_urgency_order(
        connection: Connection,
        spec: NoticeFilter,
        match,  # type: ignore[no-untyped-def]
        rest,
        limit: int,
    ) -> dict[int, tuple[int, date, int]]:
        """The most urgent matches of a common term, status by status down the due-date index.

        The statuses of a group are read side by side and merged as they
        come, so no more index entries are walked than the ``limit`` needs.
        """
        found: dict[int, tuple[int, date, int]] = {}
        for rank, group in enumerate((OPEN_STATUSES, CLOSED_STATUSES)):
            results = []
            for status in group:
                if spec.statuses and status not in spec.statuses:
                    continue
                if spec.overdue_on and status not in OPEN_STATUSES:
                    continue  # only open notices are overdue
                query = (
                    select(NoticeRecord.due_date, NoticeRecord.id)
                    .where(NoticeRecord.status == status, match, *rest)
                    .order_by(NoticeRecord.due_date, NoticeRecord.id)
                    .limit(limit - len(found))
                )
                results.append(connection.execute(query))
            try:
                merged = heapq.merge(*(map(tuple, result) for result in results))
                for due, notice_id in itertools.islice(merged, limit - len(found)):
                    found[notice_id] = (rank, due, notice_id)
            finally:
                for result in results:
                    result.close()
            if len(found) >= limit:
                break
        return found

    def members(self, spec: NoticeFilter, ids: Sequence[int]) -> set[int]:
        """Which of ``ids`` the view ``spec`` selects now (a search: which match it)."""
        if not ids:
            return set()
        with self.database.engine.connect() as connection:
            query = select(NoticeRecord.id).where(
                NoticeRecord.id.in_(list(ids)), *conditions(spec, by_id=True)
            )
            return set(connection.execute(query).scalars())

    def sort_values(self, spec: NoticeFilter, ids: Sequence[int]) -> dict[int, object]:
        """The value each notice is ordered by in ``spec``."""
        if not ids:
            return {}
        with self.database.engine.connect() as connection:
            query = select(NoticeRecord.id, sort_column(spec)).where(NoticeRecord.id.in_(list(ids)))
            return {row[0]: row[1] for row in connection.execute(query)}

    def count(self, spec: NoticeFilter) -> int:
        with self.database.engine.connect() as connection:
            query = select(func.count()).select_from(NoticeRecord).where(*conditions(spec))
            return connection.scalar(query) or 0

    def rows(self, ids: Sequence[int]) -> dict[int, ListRow]:
        if not ids:
            return {}
        with self.database.engine.connect() as connection:
            result = connection.execute(
                select(*_LIST_COLUMNS).where(NoticeRecord.id.in_(list(ids)))
            )
            return {
                r.id: ListRow(
                    r.id,
                    r.receipt_number,
                    r.kind,
                    r.name,
                    r.kana,
                    f"{r.address} {r.building}".strip(),
                    r.move_date,
                    r.due_date,
                    r.status,
                    r.assignee or "",
                    bool(r.needs_review),
                    r.customer_number or "",
                )
                for r in result
            }

    def detail(self, notice_id: int) -> NoticeDetail | None:
        with self.database.session() as session:
            row = session.get(NoticeRecord, notice_id)
            if row is None:
                return None
            stored = session.execute(
                select(NoticeVersion.version, NoticeVersion.payload, NoticeVersion.received_at)
                .where(NoticeVersion.notice_id == notice_id)
                .order_by(NoticeVersion.version)
            ).all()
            decisions = session.scalars(
                select(Decision).where(Decision.notice_id == notice_id).order_by(Decision.id)
            ).all()
            versions: list[VersionEntry] = []
            previous: Notice | None = None
            for version, payload, received_at in stored:
                current = notice_from_payload(json.loads(payload))
                changes = changes_between(previous, current) if previous else []
                versions.append(VersionEntry(version, received_at, changes))
                previous = current
            return NoticeDetail(
                id=row.id,
                notice=notice_from_payload(json.loads(row.payload)),
                status=row.status,
                assignee=row.assignee or "",
                due_date=row.due_date,
                needs_review=row.needs_review,
                reviewed_version=row.reviewed_version,
                source=row.source,
                versions=versions,
                decisions=[
                    DecisionEntry(
                        d.decision,
                        d.staff,
                        d.decided_at,
                        d.version,
                        d.reason_code,
                        d.reason_text,
                        d.customer_number,
                        d.outbox_state,
                        d.last_error,
                    )
                    for d in decisions
                ],
            )

    def id_for_receipt(self, receipt: str) -> int | None:
        with self.database.engine.connect() as connection:
            return connection.scalar(
                select(NoticeRecord.id).where(NoticeRecord.receipt_number == receipt)
            )


@dataclass(frozen=True, slots=True)
class Dashboard:
    by_status: dict[str, int]
    move_ins_today: int
    move_outs_today: int
    overdue: int
    due_today: int
    daily: list[tuple[date, int, int]]  # day, move-ins, move-outs (by move date)
    pending_decisions: int


# The kinds the dashboard counts by day; naming them lets the count read only
# their entries of the kind and move-date index (5 ms instead of 100 at a million).
DASHBOARD_KINDS = ("move_in", "move_out")


def dashboard(database: Database, today: date, days: int = 30) -> Dashboard:
    """The overview's figures; at a million notices about 0.15 s, so never on the GUI thread."""
    from datetime import timedelta

    start = today - timedelta(days=days - 1)
    with database.engine.connect() as connection:
        by_status = dict(
            connection.execute(
                select(NoticeRecord.status, func.count()).group_by(NoticeRecord.status)
            ).all()
        )
        per_day: dict[tuple[date, str], int] = {
            (day, kind): count
            for day, kind, count in connection.execute(
                select(NoticeRecord.move_date, NoticeRecord.kind, func.count())
                .where(
                    NoticeRecord.kind.in_(DASHBOARD_KINDS),
                    NoticeRecord.move_date.between(start, today),
                )
                .group_by(NoticeRecord.kind, NoticeRecord.move_date)
            )
        }
        overdue = connection.scalar(
            select(func.count())
            .select_from(NoticeRecord)
            .where(NoticeRecord.due_date < today, NoticeRecord.status.in_(OPEN_STATUSES))
        )
        due_today = connection.scalar(
            select(func.count())
            .select_from(NoticeRecord)
            .where(NoticeRecord.due_date == today, NoticeRecord.status.in_(OPEN_STATUSES))
        )
        pending = connection.scalar(
            select(func.count()).select_from(Decision).where(Decision.outbox_state == "pending")
        )
    daily = []
    for offset in range(days):
        day = start + timedelta(days=offset)
        daily.append((day, per_day.get((day, "move_in"), 0), per_day.get((day, "move_out"), 0)))
    return Dashboard(
        by_status=by_status,
        move_ins_today=per_day.get((today, "move_in"), 0),
        move_outs_today=per_day.get((today, "move_out"), 0),
        overdue=overdue or 0,
        due_today=due_today or 0,
        daily=daily,
        pending_decisions=pending or 0,
    )


def saved_views(today: date) -> dict[str, NoticeFilter]:
    """The four views a counter starts from (DESIGN §2)."""
    return {
        "open": NoticeFilter(statuses=OPEN_STATUSES, sort="due_date"),
        "move_in_today": NoticeFilter(kinds=("move_in",), move_from=today, move_to=today),
        "move_out_today": NoticeFilter(kinds=("move_out",), move_from=today, move_to=today),
        "overdue": NoticeFilter(overdue_on=today, sort="due_date"),
    }
