"""The notice list as a table model over ids with rows fetched as they show.

Only the ids of the current view are held (8 bytes each); rows come from the
store a block at a time, so a million notices scroll as smoothly as fifty.
"""

from __future__ import annotations

import re
from array import array
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.domain.kinds import known_kinds
from desktop.domain.workflow import is_open, status_label
from desktop.listing import FIRST_PAGE, Found, ListRow, NoticeListing
from desktop.queries import NoticeFilter
from ui.i18n import language

NEAR = 256  # ids looked at around the current row before searching all
BLOCK = 100  # rows read at a time: a screen and a half ahead, 2 ms at a million
CACHE_LIMIT = 5_000  # rows kept: many screens, a few megabytes

# (sort key, header in Japanese — translated through Qt)
COLUMNS: tuple[tuple[str, str], ...] = (
    ("receipt_number", QT_TRANSLATE_NOOP("NoticeTableModel", "受付番号")),
    ("kind", QT_TRANSLATE_NOOP("NoticeTableModel", "種別")),
    ("name", QT_TRANSLATE_NOOP("NoticeTableModel", "氏名")),
    ("kana", QT_TRANSLATE_NOOP("NoticeTableModel", "フリガナ")),
    ("address", QT_TRANSLATE_NOOP("NoticeTableModel", "使用場所")),
    ("move_date", QT_TRANSLATE_NOOP("NoticeTableModel", "開始日/中止日")),
    ("due_date", QT_TRANSLATE_NOOP("NoticeTableModel", "期限")),
    ("status", QT_TRANSLATE_NOOP("NoticeTableModel", "状態")),
    ("assignee", QT_TRANSLATE_NOOP("NoticeTableModel", "担当")),
)

_OVERDUE = QBrush(QColor("#fde2e1"))
_DUE_TODAY = QBrush(QColor("#fff4d6"))
_REVIEW = QBrush(QColor("#e3f0ff"))
_BOLD = QFont()
_BOLD.setBold(True)
_DISPLAY, _USER = int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.UserRole)
_BACKGROUND, _FONT = int(Qt.ItemDataRole.BackgroundRole), int(Qt.ItemDataRole.FontRole)
_ROLES = frozenset((_DISPLAY, _USER, _BACKGROUND, _FONT, int(Qt.ItemDataRole.ToolTipRole)))
Index = QModelIndex | QPersistentModelIndex


def _position(ids: array[int], notice_id: int, near: int = -1) -> int:
    """Where ``notice_id`` is in ``ids`` (-1: not there), looking around ``near`` first.

    ``array.index`` makes a Python integer of every entry it passes: 25 ms
    to the middle of a million. A byte search for the id's eight bytes in
    the array's own memory (no copy) takes about 2 ms to the end.
    """
    if 0 <= near < len(ids):
        start = max(0, near - NEAR)
        around = ids[start : near + NEAR]
        if notice_id in around:
            return start + around.index(notice_id)
    if len(ids) < NEAR * 4:
        return ids.index(notice_id) if notice_id in ids else -1
    wanted = re.compile(re.escape(array(ids.typecode, (notice_id,)).tobytes()))
    with memoryview(ids) as view, view.cast("B") as raw:  # released: the array may grow again
        found = wanted.search(raw)
        while found is not None and found.start() % ids.itemsize:  # straddling two ids
            found = wanted.search(raw, found.start() + 1)
        at = found.start() if found is not None else -1
        del found
    return at // ids.itemsize if at >= 0 else -1


def _kind_label(code: str, lang: str) -> str:
    kind = known_kinds().get(code)
    return kind.short(lang) if kind else code


@dataclass(frozen=True, slots=True)
class _Cells:
    """One list row as it paints: its texts and colours worked out once, not per cell and role.

    Qt asks each cell for several roles on every paint; at 40 rows by 9
    columns that was the larger part of a keystroke's time in Python.
    """

    id: int
    texts: tuple[str, ...]
    background: QBrush | None
    bold: bool
    tooltip: str | None
    shown_as: tuple[str, date]  # the language and the day they were worked out for

    @classmethod
    def of(cls, row: ListRow, lang: str, today: date) -> _Cells:
        texts = tuple(_display(row, key, lang) for key, _title in COLUMNS)
        overdue = is_open(row.status) and row.due_date < today
        if row.needs_review:
            background: QBrush | None = _REVIEW
            tooltip: str | None = QCoreApplication.translate(
                "NoticeTableModel", "届出人が内容を変更しました。変更点を確認してください"
            )
        elif overdue:
            background = _OVERDUE
            tooltip = QCoreApplication.translate("NoticeTableModel", "期限を過ぎています")
        else:
            background = _DUE_TODAY if is_open(row.status) and row.due_date == today else None
            tooltip = None
        return cls(row.id, texts, background, row.needs_review, tooltip, (lang, today))


def _display(row: ListRow, key: str, lang: str) -> str:
    if key == "kind":
        return _kind_label(row.kind, lang)
    if key == "status":
        return status_label(row.status, lang)
    if key in ("move_date", "due_date"):
        return getattr(row, key).isoformat()
    return str(getattr(row, key))


# Run ``work`` off the GUI thread and hand its result to ``done`` on it.
Background = Callable[[Callable[[], Found], Callable[[Found], None]], None]
WARM_VIEWS = 2  # id lists kept for views shown recently: emptying the search box is instant
# More changed notices than this at once (a sync) refresh the whole list.
FEW_CHANGES = 50


class NoticeTableModel(QAbstractTableModel):
    """The list's rows: ids of the view, rows read a block at a time as they show.

    A view's first page of ids is read at once; a longer list arrives from
    ``background`` and is appended without a reset, so the selection and
    the scroll position stay. The id lists of recently shown views are kept
    warm, checked against every change, and shown at once when a view comes
    back. Without ``background`` (tests, small tools) everything is read on
    the spot.
    """

    list_changed = Signal()  # the ids, their count or the loading state changed

    def __init__(
        self,
        listing: NoticeListing,
        today: Callable[[], date] = date.today,
        parent: Any = None,
        background: Background | None = None,
    ) -> None:
        super().__init__(parent)
        self.listing = listing
        self.today = today
        self.background = background
        self.spec = NoticeFilter()
        self._loaded = False  # nothing is read until the first filter is set
        self.found = Found(array("q"))
        self.loading = False  # the rest of a long list is on its way
        self._today = today()
        self._ids = array("q")
        self._rows: dict[int, _Cells] = {}
        self._warm: OrderedDict[NoticeFilter, array[int]] = OrderedDict()
        self._generation = 0
        self._pending = 0  # the generation of the last background read started
        self._served_warm = False
        self._changes_taken = 0  # a list read before a change is not kept
        self.first_page_size = FIRST_PAGE

    @property
    def truncated(self) -> bool:
        return self.found.truncated

    @property
    def serving_warm(self) -> bool:
        """The ids shown are a kept list: showing them read nothing from the store."""
        return self._served_warm

    # -- loading ------------------------------------------------------------

    def set_filter(self, spec: NoticeFilter) -> None:
        """Show the notices matching ``spec`` (keeping the current sort)."""
        spec = replace(spec, sort=self.spec.sort, descending=self.spec.descending)
        self.spec = spec
        self._loaded = True
        self._show()

    def _show(self) -> None:
        """Show ``self.spec``: from a kept id list, a quick read, or a first page."""
        spec = self.spec
        warm = self._warm.get(spec)
        if warm is not None:
            self._warm.move_to_end(spec)
            self._served_warm = True
            self._replace(Found(warm), keep_rows=True)
            return
        self._served_warm = False
        if self.background is None:
            self._replace(self.listing.find(spec), keep_rows=True)
            return
        self._replace(self.listing.first_page(spec, self.first_page_size), keep_rows=True)
        if self.loading:
            self._refresh_in_background()

    def reload(self, changed: set[int] | None = None) -> None:
        """Take in changes: ``changed`` notices (cheap), or the whole list (``None``, empty set)."""
        if not self._loaded:
            return
        self._changes_taken += 1
        self._today = self.today()
        few = bool(changed) and len(changed) <= FEW_CHANGES
        for key in [k for k in self._warm if k != self.spec]:
            if not (few and self._unaffected(key, self._warm[key], changed)):
                del self._warm[key]  # read again when the view comes back
        if few:
            self._take_changes(changed)  # type: ignore[arg-type]
            return
        if changed is None:
            self._rows.clear()
        else:
            for notice_id in changed:
                self._rows.pop(notice_id, None)
        self._warm.pop(self.spec, None)
        self.forget(set())  # the rows shown are read again as they paint
        self._refresh()

    def _take_changes(self, changed: set[int]) -> None:
        """Refresh the changed rows; read the ids again only if the list itself can differ."""
        for notice_id in changed:
            self._rows.pop(notice_id, None)
            position = self.position_of(notice_id)
            if position >= 0:
                self.dataChanged.emit(
                    self.index(position, 0), self.index(position, len(COLUMNS) - 1)
                )
        if self.loading:  # the list on its way may predate the change: ask again
            self._refresh_in_background()
            return
        if self._unaffected(self.spec, self._ids, changed):
            return
        self._warm.pop(self.spec, None)
        self._refresh()

    def _refresh(self) -> None:
        """Read the shown list again: a short one at once, a long one (or a search) in the background."""
        if self.background is None:
            self._replace(self.listing.find(self.spec), keep_rows=True)
            return
        if len(self._ids) < self.first_page_size and not self.spec.search.strip():
            found = self.listing.first_page(self.spec, self.first_page_size)
            self._replace(found, keep_rows=True)
            if found.complete:
                return
        self._refresh_in_background()

    def _unaffected(self, spec: NoticeFilter, ids: array[int], changed: set[int]) -> bool:
        """Whether ``ids`` still list ``spec`` after ``changed`` changed: same members, same order.

        Asks the store about the changed notices and their neighbours only.
        """
        positions = {notice_id: _position(ids, notice_id) for notice_id in changed}
        shown = {notice_id for notice_id, position in positions.items() if position >= 0}
        if self.listing.members(spec, list(changed)) != shown:
            return False
        moved = [positions[notice_id] for notice_id in shown]
        around = sorted(
            {p + step for p in moved for step in (-1, 0, 1) if 0 <= p + step < len(ids)}
        )
        if not around:
            return True
        values = self.listing.sort_values(spec, [ids[p] for p in around])
        for position in moved:
            here = (values.get(ids[position]), ids[position])
            for neighbour in (position - 1, position + 1):
                if not 0 <= neighbour < len(ids):
                    continue
                there = (values.get(ids[neighbour]), ids[neighbour])
                if here[0] is None or there[0] is None:
                    return False  # where NULLs sort differs by database: ask it
                try:
                    ascending = there < here if neighbour < position else here < there
                except TypeError:
                    return False
                if ascending == spec.descending:
                    return False
        return True

    def _refresh_in_background(self) -> None:
        assert self.background is not None
        self._generation += 1
        generation, spec, listing = self._generation, self.spec, self.listing
        changes = self._changes_taken
        self.loading = True
        self.list_changed.emit()

        self._pending = generation

        def arrived(found: Found) -> None:
            if generation == self._generation and spec == self.spec:
                self._replace(found, keep_rows=True)
            elif changes == self._changes_taken and not spec.search.strip():
                self._keep_warm(spec, found.ids)  # the clerk moved on: ready for coming back

        self.background(lambda: listing.find(spec), arrived)

    def _keep_warm(self, spec: NoticeFilter, ids: array[int]) -> None:
        self._warm[spec] = ids
        self._warm.move_to_end(spec)
        while len(self._warm) > WARM_VIEWS:
            self._warm.popitem(last=False)

    def load_failed(self) -> None:
        """The background read did not come back (the database is away): keep what is shown."""
        if self._pending == self._generation:
            self.loading = False
            self.list_changed.emit()

    def _replace(self, found: Found, *, keep_rows: bool) -> None:
        """Show ``found``: appended when it continues what is shown, else a reset."""
        old = self._ids
        self._today = self.today()  # once per load, not once per cell painted
        self.found = found
        self.loading = not found.complete
        if found.complete and not self.spec.search.strip():
            self._keep_warm(self.spec, found.ids)
        new = found.ids
        if new == old:
            self._ids = new
        elif len(new) > len(old) and len(old) and new[: len(old)] == old:
            self.beginInsertRows(QModelIndex(), len(old), len(new) - 1)
            self._ids = new
            self.endInsertRows()
        else:
            self.beginResetModel()
            self._ids = new
            if not keep_rows or len(self._rows) > CACHE_LIMIT:
                self._rows.clear()
            self.endResetModel()
        self.list_changed.emit()

    def forget(self, ids: set[int]) -> None:
        """Drop cached rows so they are read again, without changing the id list."""
        for notice_id in ids:
            self._rows.pop(notice_id, None)
        if self._ids:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._ids) - 1, len(COLUMNS) - 1)
            )

    def _row(self, position: int) -> _Cells | None:
        notice_id = self._ids[position]
        cells = self._rows.get(notice_id)
        if cells is None:
            if len(self._rows) > CACHE_LIMIT:
                self._rows.clear()
            start = max(0, position - BLOCK // 4)
            block = self._ids[start : start + BLOCK]
            shown_as = (language(), self._today)
            for read_id, row in self.listing.rows(block).items():
                self._rows[read_id] = _Cells.of(row, *shown_as)
            cells = self._rows.get(notice_id)
        return cells

    def id_at(self, position: int) -> int | None:
        return self._ids[position] if 0 <= position < len(self._ids) else None

    def position_of(self, notice_id: int, near: int = -1) -> int:
        """The row of ``notice_id`` (-1: not listed); ``near``: a row it is likely close to."""
        return _position(self._ids, notice_id, near)

    # -- Qt model interface ---------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole and horizontal and 0 <= section < len(COLUMNS):
            return QCoreApplication.translate("NoticeTableModel", COLUMNS[section][1])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ROLES or not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        cells = self._row(index.row())
        if cells is not None and cells.shown_as != (language(), self._today):
            self._rows.clear()  # another day or language since these were read
            cells = self._row(index.row())
        if cells is None:
            return None
        if role == _DISPLAY:
            return cells.texts[index.column()]
        if role == _USER:
            return cells.id
        if role == _BACKGROUND:
            return cells.background
        if role == _FONT:
            return _BOLD if cells.bold else None
        return cells.tooltip

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        sort, descending = COLUMNS[column][0], order == Qt.SortOrder.DescendingOrder
        if (sort, descending) == (self.spec.sort, self.spec.descending):
            return
        self.spec = replace(self.spec, sort=sort, descending=descending)
        if self._loaded:
            self._show()
