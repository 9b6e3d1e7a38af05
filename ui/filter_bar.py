"""Search box, filters and the saved views above the notice list."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, QEvent, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.kinds import known_kinds
from desktop.domain.workflow import Status, status_label
from desktop.listing import saved_views
from desktop.queries import NoticeFilter
from ui.i18n import language

VIEW_KEYS = ("open", "move_in_today", "move_out_today", "overdue", "all")


class FilterBar(QWidget):
    changed = Signal(object)  # NoticeFilter

    def __init__(
        self, today: Callable[[], date] = date.today, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.today = today
        self._quiet = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        views = QHBoxLayout()
        self.view_buttons: dict[str, QPushButton] = {}
        self.view_group = QButtonGroup(self)
        self.view_group.setExclusive(True)
        for key in VIEW_KEYS:
            button = QPushButton()
            button.setCheckable(True)
            button.clicked.connect(lambda _checked=False, k=key: self.select_view(k))
            self.view_group.addButton(button)
            self.view_buttons[key] = button
            views.addWidget(button)
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(260)
        self.search.textChanged.connect(self._emit)
        views.addWidget(self.search, 1)
        layout.addLayout(views)

        row = QHBoxLayout()
        self.status = QComboBox()
        self.status.currentIndexChanged.connect(self._emit)
        row.addWidget(self.status)
        self.kind = QComboBox()
        self.kind.currentIndexChanged.connect(self._emit)
        row.addWidget(self.kind)
        self.use_dates = QCheckBox()
        self.use_dates.toggled.connect(self._emit)
        row.addWidget(self.use_dates)
        self.date_from = QDateEdit(QDate.currentDate())
        self.date_to = QDateEdit(QDate.currentDate().addDays(7))
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.dateChanged.connect(self._emit)
            row.addWidget(edit)
        self.until = QLabel("〜")
        row.insertWidget(row.indexOf(self.date_to), self.until)
        self.due_today = QCheckBox()
        self.due_today.toggled.connect(self._emit)
        row.addWidget(self.due_today)
        self.overdue = QCheckBox()
        self.overdue.toggled.connect(self._emit)
        row.addWidget(self.overdue)
        row.addStretch(1)
        layout.addLayout(row)
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        titles = {
            "open": self.tr("未処理"),
            "move_in_today": self.tr("今日の転入"),
            "move_out_today": self.tr("今日の転出"),
            "overdue": self.tr("期限切れ"),
            "all": self.tr("すべて"),
        }
        for key, button in self.view_buttons.items():
            button.setText(titles[key])
        self.search.setPlaceholderText(
            self.tr("受付番号・お客さま番号・氏名・フリガナ・住所で検索 (Ctrl+F)")
        )
        self._quiet = True
        for combo, items in (
            (self.status, [(s.value, status_label(s, language())) for s in Status]),
            (
                self.kind,
                [(code, kind.label(language())) for code, kind in known_kinds().items()],
            ),
        ):
            current = combo.currentData()
            combo.clear()
            combo.addItem(
                self.tr("状態: すべて") if combo is self.status else self.tr("種別: すべて"), None
            )
            for code, title in items:
                combo.addItem(title, code)
            combo.setCurrentIndex(max(0, combo.findData(current)))
        self._quiet = False
        self.use_dates.setText(self.tr("移転日"))
        self.due_today.setText(self.tr("今日が期限"))
        self.overdue.setText(self.tr("期限切れ"))

    def select_view(self, key: str) -> None:
        """Apply a saved view: resets the other filters, keeps nothing hidden."""
        self._quiet = True
        self.view_buttons[key].setChecked(True)
        self.search.clear()
        self.status.setCurrentIndex(0)
        self.kind.setCurrentIndex(0)
        self.use_dates.setChecked(False)
        self.due_today.setChecked(False)
        self.overdue.setChecked(False)
        self._quiet = False
        self._view = key
        self.changed.emit(self.current_filter())

    def current_filter(self) -> NoticeFilter:
        today = self.today()
        view = getattr(self, "_view", "open")
        if self.search.text().strip():
            view = "all"  # someone looking for a person wants them whatever their status
        base = saved_views(today).get(view, NoticeFilter())
        statuses = base.statuses
        if self.status.currentData():
            statuses = (self.status.currentData(),)
        kinds = base.kinds
        if self.kind.currentData():
            kinds = (self.kind.currentData(),)
        move_from, move_to = base.move_from, base.move_to
        if self.use_dates.isChecked():
            move_from = self.date_from.date().toPython()
            move_to = self.date_to.date().toPython()
        return NoticeFilter(
            statuses=statuses,
            kinds=kinds,
            move_from=move_from,
            move_to=move_to,
            due_on=today if self.due_today.isChecked() else base.due_on,
            overdue_on=today if self.overdue.isChecked() else base.overdue_on,
            search=self.search.text(),
        )

    def _emit(self, *_args: object) -> None:
        if not self._quiet:
            self.changed.emit(self.current_filter())
