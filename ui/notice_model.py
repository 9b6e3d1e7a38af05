"""The notice list as a table model over ids with rows fetched as they show.

Only the ids of the current view are held (8 bytes each); rows come from the
store a block at a time, so a million notices scroll as smoothly as fifty.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.domain.kinds import known_kinds
from desktop.domain.workflow import is_open, status_label
from desktop.listing import ListRow, NoticeListing
from desktop.queries import NoticeFilter
from ui.i18n import language

BLOCK = 200
CACHE_LIMIT = 20_000

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

_OVERDUE = QColor("#fde2e1")
_DUE_TODAY = QColor("#fff4d6")
_REVIEW = QColor("#e3f0ff")
Index = QModelIndex | QPersistentModelIndex


def _kind_label(code: str) -> str:
    kind = known_kinds().get(code)
    return kind.short(language()) if kind else code


class NoticeTableModel(QAbstractTableModel):
    def __init__(
        self,
        listing: NoticeListing,
        today: Callable[[], date] = date.today,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.listing = listing
        self.today = today
        self.spec = NoticeFilter()
        self._loaded = False  # nothing is read until the first filter is set
        self.truncated = False
        self._today = today()
        self._ids = array("q")
        self._rows: dict[int, ListRow] = {}

    # -- loading ------------------------------------------------------------

    def set_filter(self, spec: NoticeFilter) -> None:
        """Show the notices matching ``spec`` (keeping the current sort)."""
        spec = replace(spec, sort=self.spec.sort, descending=self.spec.descending)
        self.spec = spec
        self._loaded = True
        self.reload()

    def reload(self, changed: set[int] | None = None) -> None:
        if not self._loaded:
            return
        found = self.listing.find(self.spec)
        self._today = self.today()  # once per load, not once per cell painted
        self.beginResetModel()
        self._ids = found.ids
        self.truncated = found.truncated
        if changed is None:
            self._rows.clear()
        else:
            for notice_id in changed:
                self._rows.pop(notice_id, None)
        self.endResetModel()

    def forget(self, ids: set[int]) -> None:
        """Drop cached rows so they are read again, without changing the id list."""
        for notice_id in ids:
            self._rows.pop(notice_id, None)
        if self._ids:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._ids) - 1, len(COLUMNS) - 1)
            )

    def _row(self, position: int) -> ListRow | None:
        notice_id = self._ids[position]
        row = self._rows.get(notice_id)
        if row is None:
            if len(self._rows) > CACHE_LIMIT:
                self._rows.clear()
            start = max(0, position - BLOCK // 4)
            block = self._ids[start : start + BLOCK]
            self._rows.update(self.listing.rows(block))
            row = self._rows.get(notice_id)
        return row

    def id_at(self, position: int) -> int | None:
        return self._ids[position] if 0 <= position < len(self._ids) else None

    def position_of(self, notice_id: int) -> int:
        try:
            return self._ids.index(notice_id)
        except ValueError:
            return -1

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
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.BackgroundRole,
            Qt.ItemDataRole.FontRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.UserRole,
        ):
            return None
        row = self._row(index.row())
        if row is None:
            return None
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, COLUMNS[index.column()][0])
        today = self._today
        if role == Qt.ItemDataRole.BackgroundRole:
            if row.needs_review:
                return QBrush(_REVIEW)
            if is_open(row.status) and row.due_date < today:
                return QBrush(_OVERDUE)
            if is_open(row.status) and row.due_date == today:
                return QBrush(_DUE_TODAY)
            return None
        if role == Qt.ItemDataRole.FontRole and row.needs_review:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            if row.needs_review:
                return QCoreApplication.translate(
                    "NoticeTableModel", "届出人が内容を変更しました。変更点を確認してください"
                )
            if is_open(row.status) and row.due_date < today:
                return QCoreApplication.translate("NoticeTableModel", "期限を過ぎています")
        return None

    def _display(self, row: ListRow, key: str) -> str:
        if key == "kind":
            return _kind_label(row.kind)
        if key == "status":
            return status_label(row.status, language())
        if key in ("move_date", "due_date"):
            return getattr(row, key).isoformat()
        return str(getattr(row, key))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        sort, descending = COLUMNS[column][0], order == Qt.SortOrder.DescendingOrder
        if (sort, descending) == (self.spec.sort, self.spec.descending):
            return
        self.spec = replace(self.spec, sort=sort, descending=descending)
        if self._loaded:
            self.reload(changed=set())
