"""Table models for the fax window: the inbox (with page-one thumbnails) and the outbox.

Both hold plain rows read by ``desktop.fax_inbox`` / ``desktop.fax_outbox``;
a bureau's fax boxes are hundreds of rows, not a million, so a full reload
is cheap. Thumbnails are asked for, not made, here: ``thumbnail_wanted``
tells the window which fax needs one, and ``set_thumbnail`` brings it back.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPixmap

from desktop.fax_inbox import InboxRow
from desktop.fax_outbox import OutboxRow

_Index = QModelIndex | QPersistentModelIndex
_OPEN_COLOUR = QColor("#fff1c1")
_FAILED_COLOUR = QColor("#ffd6d6")
THUMBNAIL_HEIGHT = 72


def _local(moment: Any) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment else ""


class _RowsModel(QAbstractTableModel):
    """A table over a list of row objects with an ``id``; subclasses name the columns."""

    COLUMNS = 0

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[Any] = []

    def headers(self) -> list[str]:
        raise NotImplementedError

    def row_at(self, row: int) -> Any:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def position_of(self, row_id: int) -> int:
        return next((n for n, row in enumerate(self.rows) if row.id == row_id), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            headers = self.headers()
            return headers[section] if 0 <= section < len(headers) else None
        return None


class FaxInboxModel(_RowsModel):
    COLUMNS = 5

    thumbnail_wanted = Signal(int)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._thumbnails: dict[int, QPixmap] = {}
        self._asked: set[int] = set()

    def headers(self) -> list[str]:
        return [
            self.tr("ページ1"),
            self.tr("受信日時"),
            self.tr("送信元"),
            self.tr("枚数"),
            self.tr("状態"),
        ]

    def set_rows(self, rows: list[InboxRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def has_thumbnail(self, fax_id: int) -> bool:
        return fax_id in self._thumbnails

    def set_thumbnail(self, fax_id: int, png: bytes) -> None:
        pixmap = QPixmap()
        if not png or not pixmap.loadFromData(png, "PNG"):
            return
        self._thumbnails[fax_id] = pixmap.scaledToHeight(
            THUMBNAIL_HEIGHT, Qt.TransformationMode.SmoothTransformation
        )
        position = self.position_of(fax_id)
        if position >= 0:
            index = self.index(position, 0)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    def state_text(self, row: InboxRow) -> str:
        if row.receipts:
            text = self.tr("届出 %1").replace("%1", ", ".join(row.receipts))
        else:
            text = self.tr("未処理")
        if row.unreadable_pages:
            pages = ", ".join(str(number) for number in row.unreadable_pages)
            text += " — " + self.tr("読めないページ %1（データは保存済み）").replace("%1", pages)
        elif row.partial:
            text += " — " + self.tr("一部のみ受信")
        return text

    # -- the model ------------------------------------------------------------
    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            pixmap = self._thumbnails.get(row.id)
            if pixmap is None and row.id not in self._asked:
                self._asked.add(row.id)
                self.thumbnail_wanted.emit(row.id)
            return pixmap
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                "",
                _local(row.received_at),
                row.remote_id or "—",
                str(row.page_count),
                self.state_text(row),
            )[column]
        if role == Qt.ItemDataRole.BackgroundRole and row.open:
            return QBrush(_OPEN_COLOUR)
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(p for p in (row.errors, row.notice_error) if p) or None
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None


class FaxOutboxModel(_RowsModel):
    """Jobs, with the page a job being sent is on (from the desk's events)."""

    COLUMNS = 8

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        # job id -> (pages settled in this call, pages in this call)
        self.progress: dict[int, tuple[int, int]] = {}

    def headers(self) -> list[str]:
        return [
            self.tr("番号"),
            self.tr("登録日時"),
            self.tr("宛先"),
            self.tr("件名"),
            self.tr("ページ"),
            self.tr("状態"),
            self.tr("次の試行"),
            self.tr("エラー"),
        ]

    def state_label(self, state: str) -> str:
        return {
            "queued": self.tr("送信待ち"),
            "sending": self.tr("送信中"),
            "sent": self.tr("送信済み"),
            "failed": self.tr("送信失敗"),
            "cancelled": self.tr("取消"),
        }.get(state, state)

    def set_rows(self, rows: list[OutboxRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.progress = {k: v for k, v in self.progress.items() if self._state(k) == "sending"}
        self.endResetModel()

    def _state(self, job_id: int) -> str:
        row = next((r for r in self.rows if r.id == job_id), None)
        return row.state if row else ""

    def set_progress(self, job_id: int, done: int, total: int) -> None:
        self.progress[job_id] = (done, total)
        position = self.position_of(job_id)
        if position >= 0:
            self.dataChanged.emit(self.index(position, 4), self.index(position, 5))

    def pages_text(self, row: OutboxRow) -> str:
        if row.state == "sending" and row.id in self.progress:
            done, total = self.progress[row.id]
            already = row.page_count - total  # confirmed in earlier calls
            return f"{already + done} / {row.page_count}"
        return f"{row.pages_sent} / {row.page_count}"

    # -- the model ------------------------------------------------------------
    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            waiting = row.next_attempt_at if row.state == "queued" else None
            return (
                str(row.id),
                _local(row.created_at),
                row.number,
                row.subject,
                self.pages_text(row),
                self.state_label(row.state),
                _local(waiting),
                row.last_error,
            )[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and row.state == "failed":
            return QBrush(_FAILED_COLOUR)
        if role == Qt.ItemDataRole.ToolTipRole and row.last_error:
            return row.last_error
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None
