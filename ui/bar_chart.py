"""Bars per day for a few series side by side, drawn with QPainter.

The dashboard's chart is thirty days of two counts. A plotting library for
that cost about 35 MB and 0.3 s on the GUI thread; this widget draws the
same with a handful of rectangles and a few lines of text, recomputing its
geometry from the widget's size and font at every paint, so it follows
resizing and a change of language without any bookkeeping.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QHelpEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

# Days between two labelled ticks on the date axis.
DATE_TICK_EVERY = 5
_MOST_GRIDLINES = 5
_BAR_SHARE = 0.8  # of a day's slot; the rest keeps neighbouring days apart
_SWATCH = 12
_GAP = 6


@dataclass(frozen=True, slots=True)
class Series:
    """One kind of count: its name in the legend, its colour, one value per day."""

    name: str
    color: QColor
    values: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Bar:
    day: date
    series: Series
    value: int
    rect: QRectF


def round_ticks(top: int, most: int = _MOST_GRIDLINES) -> list[int]:
    """Gridline values from 0 to at least ``top`` in steps of 1, 2 or 5 times a power of ten."""
    top = max(top, 1)
    magnitude = 10 ** max(int(math.log10(top)) - 1, 0)
    while True:
        for factor in (1, 2, 5):
            step = factor * magnitude
            if math.ceil(top / step) <= most:
                return list(range(0, step * math.ceil(top / step) + 1, step))
        magnitude *= 10


def day_label(day: date) -> str:
    return f"{day.month}/{day.day}"


class BarChart(QWidget):
    """Grouped bars, one group per day, with a legend, date ticks and a value axis."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.days: tuple[date, ...] = ()
        self.series: tuple[Series, ...] = ()
        self.waiting = False
        self.message = ""  # instead of the bars: why there are none
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(220)
        self.setMouseTracking(True)  # tooltips per bar

    # -- what it shows ---------------------------------------------------------

    def set_data(self, days: Sequence[date], series: Sequence[Series]) -> None:
        for one in series:
            if len(one.values) != len(days):
                raise ValueError(f"{one.name}: {len(one.values)} values for {len(days)} days")
            if any(value < 0 for value in one.values):
                raise ValueError(f"{one.name}: a count below zero")
        self.days, self.series = tuple(days), tuple(series)
        self.message = ""
        self.update()

    def set_waiting(self, waiting: bool) -> None:
        """While counts are read: the old bars stay, marked; before the first, a word only."""
        self.waiting = waiting
        self.update()

    def set_message(self, text: str) -> None:
        """Say why nothing is drawn (the counts could not be read)."""
        self.message = text
        self.waiting = False
        self.update()

    def legend(self) -> list[str]:
        """The legend's entries, in order: each series named once."""
        return [one.name for one in self.series]

    def date_ticks(self) -> list[str]:
        return [day_label(day) for day in self.days[::DATE_TICK_EVERY]]

    def value_ticks(self) -> list[int]:
        return round_ticks(self._highest())

    def has_data(self) -> bool:
        return bool(self.days) and not self.message

    def _highest(self) -> int:
        return max((max(one.values, default=0) for one in self.series), default=0)

    # -- geometry ---------------------------------------------------------------

    def sizeHint(self) -> QSize:
        return QSize(640, 280)

    def minimumSizeHint(self) -> QSize:
        return QSize(320, 220)

    def _plot_area(self, metrics: QFontMetrics) -> QRectF:
        widest = max(metrics.horizontalAdvance(str(v)) for v in self.value_ticks())
        line = metrics.height()
        left = widest + 2 * _GAP
        top = max(line, _SWATCH) + 2 * _GAP  # the legend's row
        bottom = line + 2 * _GAP  # the date labels
        area = QRectF(self.rect()).adjusted(left, top, -2 * _GAP, -bottom)
        return area if area.width() > 0 and area.height() > 0 else QRectF()

    def bars(self) -> list[Bar]:
        """Every bar where it is drawn now (for painting and for tooltips)."""
        area = self._plot_area(self.fontMetrics())
        if area.isEmpty() or not self.days or not self.series:
            return []
        scale = area.height() / self.value_ticks()[-1]
        slot = area.width() / len(self.days)
        width = max(slot * _BAR_SHARE / len(self.series), 1.0)
        found = []
        for index, day in enumerate(self.days):
            left = area.left() + index * slot + (slot - width * len(self.series)) / 2
            for position, one in enumerate(self.series):
                value = one.values[index]
                height = value * scale
                rect = QRectF(left + position * width, area.bottom() - height, width, height)
                found.append(Bar(day, one, value, rect))
        return found

    def bar_at(self, point: QPointF) -> Bar | None:
        """The bar under ``point``; a zero count is found just above the axis, where it would be."""
        for bar in self.bars():
            hit = bar.rect.adjusted(0, -4, 0, 1) if bar.value == 0 else bar.rect
            if hit.left() <= point.x() < hit.right() and hit.top() <= point.y() <= hit.bottom():
                return bar
        return None

    # -- drawing ----------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.LanguageChange, QEvent.Type.FontChange):
            self.update()  # every text is looked up and measured at paint time
        super().changeEvent(event)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        text = palette.color(QPalette.ColorRole.Text)
        if not self.has_data():
            painter.setPen(text)
            words = self.message or (self.tr("集計中…") if self.waiting else self.tr("データなし"))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, words)
            return
        metrics = self.fontMetrics()
        area = self._plot_area(metrics)
        if area.isEmpty():
            return
        self._draw_value_axis(painter, area, metrics, text)
        for bar in self.bars():
            # Whole-pixel edges without smoothing: each bar is one flat colour.
            painter.fillRect(bar.rect.toAlignedRect(), bar.series.color)
        self._draw_date_axis(painter, area, metrics, text)
        self._draw_legend(painter, metrics, text)
        painter.setPen(text)
        corner = QRectF(area.left() + _GAP, _GAP, area.width() / 2, metrics.height())
        if self.waiting:
            painter.drawText(corner, Qt.AlignmentFlag.AlignLeft, self.tr("集計中…"))
        elif self._highest() == 0:
            painter.drawText(
                area, Qt.AlignmentFlag.AlignCenter, self.tr("この期間の届出はありません")
            )

    def _draw_value_axis(
        self, painter: QPainter, area: QRectF, metrics: QFontMetrics, text: QColor
    ) -> None:
        ticks = self.value_ticks()
        grid = QColor(text)
        grid.setAlpha(45)
        for value in ticks:
            y = round(area.bottom() - value * area.height() / ticks[-1])
            painter.setPen(QPen(text if value == 0 else grid, 1))
            painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            painter.setPen(text)
            label = QRectF(0, y - metrics.height() / 2, area.left() - _GAP, metrics.height())
            painter.drawText(
                label, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(value)
            )

    def _draw_date_axis(
        self, painter: QPainter, area: QRectF, metrics: QFontMetrics, text: QColor
    ) -> None:
        slot = area.width() / len(self.days)
        painter.setPen(text)
        for index in range(0, len(self.days), DATE_TICK_EVERY):
            x = area.left() + (index + 0.5) * slot
            painter.drawLine(QPointF(x, area.bottom()), QPointF(x, area.bottom() + _GAP / 2))
            label = day_label(self.days[index])
            width = metrics.horizontalAdvance(label)
            painter.drawText(QPointF(x - width / 2, area.bottom() + _GAP + metrics.ascent()), label)

    def _draw_legend(self, painter: QPainter, metrics: QFontMetrics, text: QColor) -> None:
        right = self.width() - 2 * _GAP
        row = QRectF(0, _GAP, 0, max(metrics.height(), _SWATCH))
        for one in reversed(self.series):
            width = metrics.horizontalAdvance(one.name)
            left = right - width
            painter.setPen(text)
            painter.drawText(
                QRectF(left, row.top(), width, row.height()),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                one.name,
            )
            swatch = QRectF(left - _GAP - _SWATCH, row.center().y() - _SWATCH / 2, _SWATCH, _SWATCH)
            painter.fillRect(swatch.toAlignedRect(), one.color)
            right = swatch.left() - 3 * _GAP

    # -- tooltips ---------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            bar = self.bar_at(QPointF(event.pos()))
            if bar is None:
                QToolTip.hideText()
                event.ignore()
            else:
                QToolTip.showText(event.globalPos(), self.tooltip(bar), self)
            return True
        return super().event(event)

    def tooltip(self, bar: Bar) -> str:
        return (
            self.tr("%1月%2日 %3: %4 件")
            .replace("%1", str(bar.day.month))
            .replace("%2", str(bar.day.day))
            .replace("%3", bar.series.name)
            .replace("%4", str(bar.value))
        )
