"""The supervisor's overview: counts, today's moves, overdue work, 30 days of volume."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from desktop.domain.workflow import Status, status_label
from desktop.listing import Dashboard
from ui.i18n import language

pg.setConfigOptions(antialias=True, background="w", foreground="k")


class DashboardView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data: Dashboard | None = None
        layout = QVBoxLayout(self)
        self.counts_box = QGroupBox()
        self.counts = QGridLayout(self.counts_box)
        layout.addWidget(self.counts_box)
        self.chart_title = QLabel()
        layout.addWidget(self.chart_title)
        self.plot = pg.PlotWidget()
        self.plot.setMinimumHeight(220)
        self.plot.showGrid(y=True, alpha=0.3)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.legend = self.plot.addLegend(offset=(10, 10))
        layout.addWidget(self.plot, 1)
        self.value_labels: dict[str, QLabel] = {}
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.counts_box.setTitle(self.tr("件数"))
        self.chart_title.setText(self.tr("過去30日の移転日別件数"))
        if self.data is not None:
            self.show_data(self.data)

    def show_data(self, data: Dashboard) -> None:
        self.data = data
        while self.counts.count():
            item = self.counts.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        entries = [(status_label(s, language()), data.by_status.get(s.value, 0)) for s in Status]
        entries += [
            (self.tr("今日の転入"), data.move_ins_today),
            (self.tr("今日の転出"), data.move_outs_today),
            (self.tr("今日が期限"), data.due_today),
            (self.tr("期限切れ"), data.overdue),
            (self.tr("送信待ちの処理"), data.pending_decisions),
        ]
        for position, (title, value) in enumerate(entries):
            row, column = divmod(position, 5)
            cell = QLabel(
                f"<div style='font-size:9pt'>{title}</div><div style='font-size:18pt'><b>{value}</b></div>"
            )
            self.counts.addWidget(cell, row, column)
        self.plot.clear()
        # Named bars enter the legend as they are added to the plot.
        self.legend.clear()
        xs = list(range(len(data.daily)))
        ins = [d[1] for d in data.daily]
        outs = [d[2] for d in data.daily]
        width = 0.4
        self.plot.addItem(
            pg.BarGraphItem(
                x=[x - width / 2 for x in xs],
                height=ins,
                width=width,
                brush="#3b7dd8",
                name=self.tr("転入"),
            )
        )
        self.plot.addItem(
            pg.BarGraphItem(
                x=[x + width / 2 for x in xs],
                height=outs,
                width=width,
                brush="#e07b39",
                name=self.tr("転出"),
            )
        )
        ticks = [
            (x, d[0].strftime("%m/%d")) for x, d in zip(xs, data.daily, strict=True) if x % 5 == 0
        ]
        self.plot.getAxis("bottom").setTicks([ticks])
