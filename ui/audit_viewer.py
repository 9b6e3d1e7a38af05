"""The supervisor's audit log viewer: filter, read, export as CSV (the export is logged)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.accounts import StaffError, StaffMember
from desktop.domain.notice import JST

if TYPE_CHECKING:
    from desktop.audit_log import AuditFilter, AuditRow
    from desktop.store.database import Database


class AuditTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[AuditRow] = []

    def set_rows(self, rows: list[AuditRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            self.tr("日時"),
            self.tr("職員"),
            self.tr("操作"),
            self.tr("対象"),
            self.tr("詳細"),
        )[section]

    def data(self, index: QModelIndex, role: int = 0) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        row = self.rows[index.row()]
        return (
            row.at.astimezone(JST).strftime("%Y-%m-%d %H:%M:%S"),
            row.staff,
            row.action,
            row.target,
            row.detail,
        )[index.column()]


def _optional_date(parent: QWidget) -> tuple[QCheckBox, QDateEdit]:
    check = QCheckBox(parent)
    edit = QDateEdit(QDate.currentDate(), parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setEnabled(False)
    check.toggled.connect(edit.setEnabled)
    return check, edit


class AuditViewerDialog(QDialog):
    def __init__(
        self, database: Database, supervisor: StaffMember, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        from desktop.audit_log import known_actions

        self.database = database
        self.supervisor = supervisor
        self.setWindowTitle(self.tr("監査ログ"))
        self.resize(1000, 600)
        layout = QVBoxLayout(self)
        filters = QGridLayout()
        self.staff = QLineEdit()
        self.staff.setPlaceholderText(self.tr("利用者ID"))
        self.action = QComboBox()
        self.action.setEditable(True)
        self.action.addItem("")
        self.action.addItems(known_actions(database))
        self.target = QLineEdit()
        self.target.setPlaceholderText(self.tr("受付番号など（前方一致）"))
        self.use_from, self.first_day = _optional_date(self)
        self.use_to, self.last_day = _optional_date(self)
        filters.addWidget(QLabel(self.tr("職員")), 0, 0)
        filters.addWidget(self.staff, 0, 1)
        filters.addWidget(QLabel(self.tr("操作")), 0, 2)
        filters.addWidget(self.action, 0, 3)
        filters.addWidget(QLabel(self.tr("対象")), 0, 4)
        filters.addWidget(self.target, 0, 5)
        filters.addWidget(QLabel(self.tr("開始日")), 1, 0)
        span_from = QHBoxLayout()
        span_from.addWidget(self.use_from)
        span_from.addWidget(self.first_day, 1)
        filters.addLayout(span_from, 1, 1)
        filters.addWidget(QLabel(self.tr("終了日")), 1, 2)
        span_to = QHBoxLayout()
        span_to.addWidget(self.use_to)
        span_to.addWidget(self.last_day, 1)
        filters.addLayout(span_to, 1, 3)
        self.search_button = QPushButton(self.tr("検索"))
        self.search_button.clicked.connect(self.search)
        filters.addWidget(self.search_button, 1, 5)
        layout.addLayout(filters)
        self.model = AuditTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((150, 110, 140, 180)):
            self.table.setColumnWidth(column, width)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        self.count_label = QLabel()
        bottom.addWidget(self.count_label, 1)
        self.encoding = QComboBox()
        self.encoding.addItem(self.tr("UTF-8（BOM付き）"), "utf-8-sig")
        self.encoding.addItem(self.tr("Shift_JIS（cp932）"), "cp932")
        bottom.addWidget(self.encoding)
        self.export_button = QPushButton(self.tr("CSVで書き出す…"))
        self.export_button.clicked.connect(lambda: self.export())
        bottom.addWidget(self.export_button)
        close = QPushButton(self.tr("閉じる"))
        close.clicked.connect(self.accept)
        bottom.addWidget(close)
        layout.addLayout(bottom)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        for field in (self.staff, self.target):
            field.returnPressed.connect(self.search)
        self.search()

    def spec(self) -> AuditFilter:
        from desktop.audit_log import AuditFilter

        def day(check: QCheckBox, edit: QDateEdit) -> date | None:
            return edit.date().toPython() if check.isChecked() else None  # type: ignore[return-value]

        return AuditFilter(
            staff=self.staff.text().strip(),
            action=self.action.currentText().strip(),
            target=self.target.text().strip(),
            first_day=day(self.use_from, self.first_day),
            last_day=day(self.use_to, self.last_day),
        )

    def search(self) -> None:
        from desktop.audit_log import find_entries

        try:
            rows, total = find_entries(self.database, self.spec(), viewer=self.supervisor)
        except StaffError as error:
            self.message.setText(str(error))
            return
        self.model.set_rows(rows)
        if total > len(rows):
            self.count_label.setText(
                self.tr("%1 件中、新しい %2 件を表示")
                .replace("%1", str(total))
                .replace("%2", str(len(rows)))
            )
        else:
            self.count_label.setText(self.tr("%1 件").replace("%1", str(total)))

    def export(self, path: str | None = None) -> None:
        from desktop.audit_log import export_entries

        if not path:
            path, _ = QFileDialog.getSaveFileName(
                self, self.tr("監査ログをCSVで書き出す"), "audit-log.csv", "CSV (*.csv)"
            )
        if not path:
            return
        try:
            count = export_entries(
                self.database,
                self.spec(),
                Path(path),
                by=self.supervisor,
                encoding=self.encoding.currentData(),
            )
        except (StaffError, OSError) as error:
            self.message.setText(self.tr("書き出せません: %1").replace("%1", str(error)))
            return
        self.message.setText(
            self.tr("%1 件を書き出しました: %2").replace("%1", str(count)).replace("%2", path)
        )
        self.search()  # the export itself is now in the log
