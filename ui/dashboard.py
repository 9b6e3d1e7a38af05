"""The supervisor's overview: counts, today's moves, overdue work, 30 days of volume.

The figures are counted off the GUI thread (a million notices take a while);
the tab says 集計中… meanwhile and keeps the last figures on screen.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from desktop.domain.workflow import Status, status_label
from desktop.listing import Dashboard
from ui.bar_chart import BarChart, Series
from ui.i18n import error_text, language
from ui.operations import OperationRunner
from ui.widgets import error_label

COUNTING = "dashboard"
MOVE_IN_COLOR = QColor("#3b7dd8")
MOVE_OUT_COLOR = QColor("#e07b39")


class DashboardView(QWidget):
    """Figures by status and for today, and the chart of the last 30 days."""

    def __init__(self, runner: OperationRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.data: Dashboard | None = None
        self._count_again: Callable[[], Dashboard] | None = None
        layout = QVBoxLayout(self)
        self.counts_box = QGroupBox()
        self.counts = QGridLayout(self.counts_box)
        self.cells: list[QLabel] = []  # one per figure, filled by show_data
        layout.addWidget(self.counts_box)
        self.state_label = error_label()  # why the figures could not be counted
        layout.addWidget(self.state_label)
        self.chart_title = QLabel()
        layout.addWidget(self.chart_title)
        self.chart = BarChart()
        layout.addWidget(self.chart, 1)
        self._failure: Exception | None = None
        self.retranslate()

    @property
    def waiting(self) -> bool:
        return self.chart.waiting

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.counts_box.setTitle(self.tr("件数"))
        self.chart_title.setText(self.tr("過去30日の移転日別件数"))
        self.chart.setAccessibleName(self.chart_title.text())
        self._show_state()
        if self.data is not None:
            self.show_data(self.data)

    # -- counting --------------------------------------------------------------

    def refresh(self, count: Callable[[], Dashboard]) -> None:
        """Count again off the GUI thread; asked while counting, once more when that is in."""
        started = self.runner.run(
            COUNTING,
            lambda _progress: count(),
            on_done=self._counted,
            on_error=self._count_failed,
            quiet=True,
        )
        if not started:
            self._count_again = count
            return
        self._failure = None
        self.chart.set_waiting(True)
        self._show_state()

    def _counted(self, data: Dashboard) -> None:
        self.chart.set_waiting(False)
        self.show_data(data)
        self._show_state()
        self._next_count()

    def _count_failed(self, error: Exception) -> None:
        self._failure = error
        if self.data is None:
            self.chart.set_message(self.tr("集計できませんでした"))
        self.chart.set_waiting(False)
        self._show_state()
        self._next_count()

    def _next_count(self) -> None:
        again, self._count_again = self._count_again, None
        if again is not None:
            self.refresh(again)

    def _show_state(self) -> None:
        if self._failure is not None:
            text = self.tr("集計できませんでした: %1").replace("%1", error_text(self._failure))
        else:
            text = ""  # the chart itself says 集計中… while the counts are read
        self.state_label.setText(text)
        self.state_label.setVisible(bool(text))

    # -- showing -----------------------------------------------------------------

    def show_data(self, data: Dashboard) -> None:
        self.data = data
        entries = [(status_label(s, language()), data.by_status.get(s.value, 0)) for s in Status]
        entries += [
            (self.tr("今日の転入"), data.move_ins_today),
            (self.tr("今日の転出"), data.move_outs_today),
            (self.tr("今日が期限"), data.due_today),
            (self.tr("期限切れ"), data.overdue),
            (self.tr("送信待ちの処理"), data.pending_decisions),
        ]
        while len(self.cells) < len(entries):
            row, column = divmod(len(self.cells), 5)
            self.cells.append(QLabel())
            self.counts.addWidget(self.cells[-1], row, column)
        for cell, (title, value) in zip(self.cells, entries, strict=False):
            cell.setText(
                f"<div style='font-size:9pt'>{title}</div><div style='font-size:18pt'><b>{value}</b></div>"
            )
        days = [day for day, _ins, _outs in data.daily]
        self.chart.set_data(
            days,
            [
                Series(self.tr("転入"), MOVE_IN_COLOR, tuple(ins for _d, ins, _o in data.daily)),
                Series(self.tr("転出"), MOVE_OUT_COLOR, tuple(outs for _d, _i, outs in data.daily)),
            ],
        )
