"""The notice list's questions, as SQL that stays fast at a million rows.

Prefix search uses range comparisons on folded columns (``key >= q AND
key < q + U+FFFF``) rather than LIKE, so both SQLite and PostgreSQL answer
them from an index. Every sortable column has an index in list order
(desktop/store/models.py), so a view's first screen is read off it at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    and_,
    false,
    literal,
    literal_column,
    or_,
    select,
    table,
)
from sqlalchemy.ext.compiler import compiles

from desktop.domain.text import fold_for_search, like_contains, to_halfwidth_digits
from desktop.domain.workflow import Status
from desktop.store import search_index
from desktop.store.models import STATUS_ORDER_SQL, STATUS_RANKS, NoticeRecord

_PREFIX_END = "\uffff"
# A trigram index needs three characters; fewer would match most addresses anyway.
ADDRESS_MIN_CHARS = 3
# A search shows at most this many matches, the most urgent ones, so that
# every keystroke is answered at once even over a million notices.
SEARCH_LIMIT = 500
OPEN_STATUSES = (Status.NEW.value, Status.IN_PROGRESS.value)
CLOSED_STATUSES = tuple(s.value for s in Status if s.value not in OPEN_STATUSES)

SORT_COLUMNS = {
    "receipt_number": NoticeRecord.receipt_number,
    "kind": NoticeRecord.kind,
    "name": NoticeRecord.name_key,
    "kana": NoticeRecord.kana_key,
    "address": NoticeRecord.address_sort,
    "move_date": NoticeRecord.move_date,
    "due_date": NoticeRecord.due_date,
    "status": literal_column(STATUS_ORDER_SQL),
    "assignee": NoticeRecord.assignee,
    "submitted_at": NoticeRecord.submitted_at,
}


@dataclass(frozen=True)
class NoticeFilter:
    statuses: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    move_from: date | None = None
    move_to: date | None = None
    due_on: date | None = None
    overdue_on: date | None = None  # open notices whose due date is before this day
    assignee: str | None = None
    search: str = ""
    sort: str = "due_date"
    descending: bool = False


def _prefix(column, key: str) -> ColumnElement[bool]:  # type: ignore[no-untyped-def]
    return and_(column >= key, column < key + _PREFIX_END)


def search_condition(text: str) -> ColumnElement[bool]:
    """Receipt number, customer number, name or kana prefix, or address text."""
    key = fold_for_search(text)
    if not key:
        return false()
    terms = [_prefix(NoticeRecord.name_key, key), _prefix(NoticeRecord.kana_key, key)]
    code = to_halfwidth_digits(text).replace(" ", "")
    if re.fullmatch(r"[A-Za-z0-9_-]+", code):
        terms.append(_prefix(NoticeRecord.receipt_number, code.upper()))
        terms.append(_prefix(NoticeRecord.receipt_number, code))
        if code.replace("-", "").isdigit():
            terms.append(_prefix(NoticeRecord.customer_number, code))
    if len(key) >= ADDRESS_MIN_CHARS:
        terms.append(NoticeRecord.address_key.like(like_contains(key), escape="\\"))
    return or_(*terms)


@dataclass(frozen=True)
class SearchTerm:
    """One way a notice can match the search box: by its ids, or as a condition on a row."""

    ids: Select  # type: ignore[type-arg]  # answered from an index, in no useful order
    condition: ColumnElement[bool]  # the same match, tested on a notices row
    # Its index carries the status and due date: the most urgent matches
    # and their count come from the index alone, however many match.
    covered: bool = False


def _column_term(condition: ColumnElement[bool]) -> SearchTerm:
    return SearchTerm(select(NoticeRecord.id).where(condition), condition, covered=True)


def search_terms(text: str, *, address_index: bool) -> list[SearchTerm]:
    """One index-driven term per way a notice can match ``text``.

    Run apart and joined, every part is answered from an index; ORed in one
    statement, the address part would make SQLite read every row.
    """
    key = fold_for_search(text)
    if not key:
        return []
    terms = [
        _column_term(_prefix(NoticeRecord.name_key, key)),
        _column_term(_prefix(NoticeRecord.kana_key, key)),
    ]
    code = to_halfwidth_digits(text).replace(" ", "")
    if re.fullmatch(r"[A-Za-z0-9_-]+", code):
        for prefix in sorted({code, code.upper()}):
            terms.append(_column_term(_prefix(NoticeRecord.receipt_number, prefix)))
        if code.replace("-", "").isdigit():
            terms.append(_column_term(_prefix(NoticeRecord.customer_number, code)))
    if len(key) >= ADDRESS_MIN_CHARS:
        contains = NoticeRecord.address_key.like(like_contains(key), escape="\\")
        if address_index:
            phrase = '"' + key.replace('"', '""') + '"'
            fts = (
                select(literal_column("rowid"))
                .select_from(table(search_index.TABLE))
                .where(literal_column(search_index.TABLE).op("MATCH")(phrase))
            )
            terms.append(SearchTerm(fts, contains))
        else:
            terms.append(SearchTerm(select(NoticeRecord.id).where(contains), contains))
    return terms


def address_chars_missing(text: str) -> int:
    """How many more characters an address search needs (0: none, or not an address).

    Only text that can be part of an address counts: a katakana or Latin
    query is a name or a number, and telling it about addresses is noise.
    """
    key = fold_for_search(text)
    if not key or len(key) >= ADDRESS_MIN_CHARS:
        return 0
    if all(ch.isascii() or "\u30a0" <= ch <= "\u30ff" for ch in key):
        return 0
    return ADDRESS_MIN_CHARS - len(key)


def conditions(
    spec: NoticeFilter, *, order_driven: bool = False, by_id: bool = False
) -> list[ColumnElement[bool]]:
    """The filter as SQL.

    ``order_driven``: tested on rows read in sort-index order; ``by_id``:
    tested on a few rows looked up by id (no index may take over the read).
    """
    status, kind, due = NoticeRecord.status, NoticeRecord.kind, NoticeRecord.due_date
    if order_driven or by_id:
        order = None if by_id else sort_column(spec)
        status, kind, due = (c if c is order else _NotAnIndexKey(c) for c in (status, kind, due))
    found: list[ColumnElement[bool]] = []
    if spec.statuses:
        found.append(status.in_(spec.statuses))
    if spec.kinds:
        found.append(kind.in_(spec.kinds))
    if spec.move_from:
        found.append(NoticeRecord.move_date >= spec.move_from)
    if spec.move_to:
        found.append(NoticeRecord.move_date <= spec.move_to)
    if spec.due_on:
        found.append(NoticeRecord.due_date == spec.due_on)
    if spec.overdue_on:
        found.append(due < spec.overdue_on)
        found.append(status.in_(OPEN_STATUSES))
    if spec.assignee:
        found.append(NoticeRecord.assignee == spec.assignee)
    if spec.search.strip():
        found.append(search_condition(spec.search))
    return found


def ordered(query: Select, spec: NoticeFilter) -> Select:  # type: ignore[type-arg]
    column = sort_column(spec)
    primary = column.desc() if spec.descending else column.asc()
    tie = NoticeRecord.id.desc() if spec.descending else NoticeRecord.id.asc()
    return query.order_by(primary, tie)


def _walks_sort_index(spec: NoticeFilter) -> bool:
    """Whether the view keeps a large share of all notices, so its order should drive the read.

    SQLite without statistics takes ``status IN (…)`` for a narrow condition
    and sorts the 400,000 open notices in a temporary B-tree; reading the
    sort index in order and testing the status on it gives the first screen
    at once. A date, a person or a search narrows a view enough for the
    planner's own choice.
    """
    narrow = spec.move_from or spec.move_to or spec.due_on or spec.assignee or spec.search.strip()
    return not narrow


def _status_ranks(spec: NoticeFilter) -> list[ColumnElement[bool]]:
    """Sorted by status, the view's statuses also as a range of the sort key.

    Read from the far end, the status index otherwise passed every closed
    notice before the first open one: 34 ms for the open view at a million,
    where a range lets it start at the open ones.
    """
    statuses = spec.statuses or (OPEN_STATUSES if spec.overdue_on else ())
    if spec.sort != "status" or not statuses:
        return []
    ranks = [STATUS_RANKS.index(s) if s in STATUS_RANKS else len(STATUS_RANKS) for s in statuses]
    # Plain bound values: named after the CASE text, the parameters spanned lines.
    low, high = literal(min(ranks), Integer), literal(max(ranks), Integer)
    return [sort_column(spec).between(low, high)]


def notice_ids(spec: NoticeFilter) -> Select:  # type: ignore[type-arg]
    """Ids of matching notices in display order: the list keeps only these."""
    found = conditions(spec, order_driven=_walks_sort_index(spec)) + _status_ranks(spec)
    return ordered(select(NoticeRecord.id).where(*found), spec)


class _NotAnIndexKey(ColumnElement):  # type: ignore[type-arg]
    """A column SQLite must not pick an index for (``+column``); itself elsewhere."""

    inherit_cache = True

    def __init__(self, column) -> None:  # type: ignore[no-untyped-def]
        self.column = column
        self.type = column.type


@compiles(_NotAnIndexKey)
def _compile_plain(element: _NotAnIndexKey, compiler, **kw) -> str:  # type: ignore[no-untyped-def]
    return compiler.process(element.column, **kw)


@compiles(_NotAnIndexKey, "sqlite")
def _compile_sqlite(element: _NotAnIndexKey, compiler, **kw) -> str:  # type: ignore[no-untyped-def]
    return "+" + compiler.process(element.column, **kw)


def sort_column(spec: NoticeFilter):  # type: ignore[no-untyped-def]
    return SORT_COLUMNS.get(spec.sort, NoticeRecord.due_date)


def notices(spec: NoticeFilter, limit: int | None = None) -> Select:  # type: ignore[type-arg]
    query = ordered(select(NoticeRecord).where(*conditions(spec)), spec)
    return query.limit(limit) if limit else query
