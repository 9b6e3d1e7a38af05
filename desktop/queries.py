"""The notice list's questions, as SQL that stays fast at a million rows.

Prefix search uses range comparisons on folded columns (``key >= q AND
key < q + U+FFFF``) rather than LIKE, so both SQLite and PostgreSQL answer
them from an index.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, Select, and_, false, literal_column, or_, select, table

from desktop.domain.text import fold_for_search, like_contains, to_halfwidth_digits
from desktop.domain.workflow import Status
from desktop.store import search_index
from desktop.store.models import NoticeRecord

_PREFIX_END = "\uffff"
# A trigram index needs three characters; fewer would match most addresses anyway.
ADDRESS_MIN_CHARS = 3
# A search shows at most this many matches per kind of match, so that
# every keystroke is answered at once even over a million notices.
SEARCH_LIMIT = 500
OPEN_STATUSES = (Status.NEW.value, Status.IN_PROGRESS.value)

SORT_COLUMNS = {
    "receipt_number": NoticeRecord.receipt_number,
    "kind": NoticeRecord.kind,
    "name": NoticeRecord.name_key,
    "kana": NoticeRecord.kana_key,
    "address": NoticeRecord.address_key,
    "move_date": NoticeRecord.move_date,
    "due_date": NoticeRecord.due_date,
    "status": NoticeRecord.status,
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


def search_term_queries(text: str, limit: int, *, address_index: bool) -> list[Select]:  # type: ignore[type-arg]
    """One index-driven query per way a notice can match ``text``, each at most ``limit`` rows.

    Run apart and joined in Python, every part is answered from an index;
    ORed in one statement, the address part would make SQLite read every row.
    """
    key = fold_for_search(text)
    if not key:
        return []
    columns = [NoticeRecord.name_key, NoticeRecord.kana_key]
    code = to_halfwidth_digits(text).replace(" ", "")
    queries = [select(NoticeRecord.id).where(_prefix(c, key)) for c in columns]
    if re.fullmatch(r"[A-Za-z0-9_-]+", code):
        for prefix in {code, code.upper()}:
            queries.append(
                select(NoticeRecord.id).where(_prefix(NoticeRecord.receipt_number, prefix))
            )
        if code.replace("-", "").isdigit():
            queries.append(
                select(NoticeRecord.id).where(_prefix(NoticeRecord.customer_number, code))
            )
    if len(key) >= ADDRESS_MIN_CHARS:
        if address_index:
            phrase = '"' + key.replace('"', '""') + '"'
            queries.append(
                select(literal_column("rowid"))
                .select_from(table(search_index.TABLE))
                .where(literal_column(search_index.TABLE).op("MATCH")(phrase))
            )
        else:
            contains = like_contains(key)
            queries.append(
                select(NoticeRecord.id).where(NoticeRecord.address_key.like(contains, escape="\\"))
            )
    return [query.limit(limit + 1) for query in queries]


def conditions(spec: NoticeFilter) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = []
    if spec.statuses:
        found.append(NoticeRecord.status.in_(spec.statuses))
    if spec.kinds:
        found.append(NoticeRecord.kind.in_(spec.kinds))
    if spec.move_from:
        found.append(NoticeRecord.move_date >= spec.move_from)
    if spec.move_to:
        found.append(NoticeRecord.move_date <= spec.move_to)
    if spec.due_on:
        found.append(NoticeRecord.due_date == spec.due_on)
    if spec.overdue_on:
        found.append(NoticeRecord.due_date < spec.overdue_on)
        found.append(NoticeRecord.status.in_(OPEN_STATUSES))
    if spec.assignee:
        found.append(NoticeRecord.assignee == spec.assignee)
    if spec.search.strip():
        found.append(search_condition(spec.search))
    return found


def ordered(query: Select, spec: NoticeFilter) -> Select:  # type: ignore[type-arg]
    column = SORT_COLUMNS.get(spec.sort, NoticeRecord.due_date)
    primary = column.desc() if spec.descending else column.asc()
    tie = NoticeRecord.id.desc() if spec.descending else NoticeRecord.id.asc()
    return query.order_by(primary, tie)


def notice_ids(spec: NoticeFilter) -> Select:  # type: ignore[type-arg]
    """Ids of matching notices in display order: the list keeps only these."""
    return ordered(select(NoticeRecord.id).where(*conditions(spec)), spec)


def notices(spec: NoticeFilter, limit: int | None = None) -> Select:  # type: ignore[type-arg]
    query = ordered(select(NoticeRecord).where(*conditions(spec)), spec)
    return query.limit(limit) if limit else query
