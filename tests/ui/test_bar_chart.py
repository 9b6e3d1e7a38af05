"""The dashboard's bar chart: drawn with data, without, resized, in English; counted off the GUI thread."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QColor, QHelpEvent, QImage
from PySide6.QtWidgets import QApplication, QToolTip

from desktop.listing import Dashboard
from ui.bar_chart import BarChart, Series, round_ticks
from ui.dashboard import MOVE_IN_COLOR, MOVE_OUT_COLOR, DashboardView
from ui.i18n import set_language
from ui.operations import OperationRunner

pytestmark = pytest.mark.gui

FIRST_DAY = date(2026, 11, 2)
DAYS = [FIRST_DAY + timedelta(days=n) for n in range(30)]


def _dashboard(ins: list[int], outs: list[int]) -> Dashboard:
    daily = list(zip(DAYS, ins, outs, strict=True))
    return Dashboard({"new": 3}, ins[-1], outs[-1], 0, 0, daily, 0)


def _pixels(widget, color: QColor) -> int:  # type: ignore[no-untyped-def]
    """How many pixels of the widget, as it paints now, are exactly ``color``."""
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    wanted = color.rgb()
    return sum(
        1
        for y in range(image.height())
        for x in range(image.width())
        if image.pixel(x, y) == wanted
    )


@pytest.fixture
def chart(qtbot):  # type: ignore[no-untyped-def]
    widget = BarChart()
    qtbot.addWidget(widget)
    widget.resize(640, 300)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _two_kinds(ins: list[int], outs: list[int]) -> list[Series]:
    return [
        Series("転入", MOVE_IN_COLOR, tuple(ins)),
        Series("転出", MOVE_OUT_COLOR, tuple(outs)),
    ]


def test_gridlines_fall_on_round_values() -> None:
    assert round_ticks(0) == [0, 1]
    assert round_ticks(3) == [0, 1, 2, 3]
    assert round_ticks(7) == [0, 2, 4, 6, 8]
    assert round_ticks(37) == [0, 10, 20, 30, 40]
    assert round_ticks(1_234) == [0, 500, 1000, 1500]
    for top in range(1, 3000, 7):
        ticks = round_ticks(top)
        assert ticks[-1] >= top and len(ticks) - 1 <= 5


def test_bars_are_painted_in_each_kind_s_colour(chart) -> None:
    chart.set_data(DAYS, _two_kinds([0] * 30, [0] * 30))
    legend_only = {color.name(): _pixels(chart, color) for color in (MOVE_IN_COLOR, MOVE_OUT_COLOR)}
    assert all(legend_only.values()), "each kind has its swatch in the legend"

    chart.set_data(DAYS, _two_kinds([n % 7 + 1 for n in range(30)], [0] * 30))
    assert _pixels(chart, MOVE_IN_COLOR) > legend_only[MOVE_IN_COLOR.name()] + 30 * 20
    assert _pixels(chart, MOVE_OUT_COLOR) == legend_only[MOVE_OUT_COLOR.name()]

    chart.set_data(DAYS, _two_kinds([n % 7 + 1 for n in range(30)], [5] * 30))
    assert _pixels(chart, MOVE_OUT_COLOR) > legend_only[MOVE_OUT_COLOR.name()] + 30 * 20
    assert chart.legend() == ["転入", "転出"]
    assert chart.date_ticks() == ["11/2", "11/7", "11/12", "11/17", "11/22", "11/27"]
    assert chart.value_ticks() == [0, 2, 4, 6, 8]


def test_a_taller_count_is_a_taller_bar(chart) -> None:
    chart.set_data(DAYS, _two_kinds(list(range(30)), [10] * 30))
    ins = [bar for bar in chart.bars() if bar.series.name == "転入"]
    heights = [bar.rect.height() for bar in ins]
    assert heights == sorted(heights) and heights[0] == 0 and heights[-1] > 100
    outs = [bar for bar in chart.bars() if bar.series.name == "転出"]
    assert all(o.rect.left() >= i.rect.right() - 0.01 for i, o in zip(ins, outs, strict=True))


def test_without_data_nothing_is_drawn_but_a_word(chart) -> None:
    chart.set_data([], [])
    assert chart.legend() == [] and not chart.has_data()
    assert _pixels(chart, MOVE_IN_COLOR) == 0 and _pixels(chart, MOVE_OUT_COLOR) == 0
    chart.set_data(DAYS, _two_kinds([0] * 30, [0] * 30))
    assert chart.has_data() and chart.value_ticks() == [0, 1]


def test_mismatched_counts_are_refused(chart) -> None:
    with pytest.raises(ValueError):
        chart.set_data(DAYS, [Series("転入", MOVE_IN_COLOR, (1, 2, 3))])
    with pytest.raises(ValueError):
        chart.set_data(DAYS[:2], [Series("転入", MOVE_IN_COLOR, (1, -2))])
    assert chart.days == () and chart.legend() == []


def test_the_bars_follow_the_widget_s_size(chart, qtbot) -> None:
    chart.set_data(DAYS, _two_kinds([5] * 30, [3] * 30))
    small = _pixels(chart, MOVE_IN_COLOR)
    narrow = chart.bars()[0].rect.width()
    chart.resize(1000, 500)
    qtbot.waitUntil(lambda: chart.width() == 1000)
    assert chart.bars()[0].rect.width() > narrow
    assert _pixels(chart, MOVE_IN_COLOR) > small * 2


# The offscreen platform cannot raise the tooltip's window; it is shown all the same.
@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_each_bar_has_a_tooltip(chart) -> None:
    chart.set_data(DAYS, _two_kinds([4] * 30, [2] * 30))
    bar = chart.bars()[3]
    center = bar.rect.center().toPoint()
    found = chart.bar_at(bar.rect.center())
    assert found is not None and found.day == DAYS[1] and found.series.name == "転出"
    assert chart.tooltip(found) == "11月3日 転出: 2 件"
    help_event = QHelpEvent(QEvent.Type.ToolTip, center, chart.mapToGlobal(center))
    QApplication.sendEvent(chart, help_event)
    assert QToolTip.text() == "11月3日 転出: 2 件"
    assert chart.bar_at(chart.rect().topLeft().toPointF() + QPoint(1, 1).toPointF()) is None


def test_the_chart_speaks_the_window_s_language(qtbot) -> None:
    view = DashboardView(OperationRunner())
    qtbot.addWidget(view)
    view.show_data(_dashboard([2] * 30, [1] * 30))
    assert view.chart.legend() == ["転入", "転出"]
    try:
        set_language("en")
        assert view.chart.legend() == ["Move-in", "Move-out"]
        assert view.chart.tooltip(view.chart.bars()[0]) == "Move-in on 11/2: 2"
        assert view.chart_title.text() == "Notices by move date, last 30 days"
    finally:
        set_language("ja")
    assert view.chart.legend() == ["転入", "転出"]


def test_the_dashboard_says_it_is_counting_until_the_counts_arrive(qtbot) -> None:
    runner = OperationRunner()
    view = DashboardView(runner)
    qtbot.addWidget(view)
    release = threading.Event()

    def slow_count() -> Dashboard:
        assert release.wait(30)
        return _dashboard([1] * 30, [2] * 30)

    view.refresh(slow_count)
    assert view.waiting and view.data is None
    release.set()
    qtbot.waitUntil(lambda: view.data is not None)
    assert not view.waiting and view.chart.has_data()
    runner.wait()


def test_a_count_that_fails_says_so_and_keeps_what_was_shown(qtbot) -> None:
    runner = OperationRunner()
    view = DashboardView(runner)
    qtbot.addWidget(view)
    view.show()

    def broken() -> Dashboard:
        raise OSError(5, "disk I/O error")

    view.refresh(broken)
    qtbot.waitUntil(lambda: not view.waiting)
    assert view.chart.message == "集計できませんでした" and not view.chart.has_data()
    assert view.state_label.isVisible() and "集計できませんでした" in view.state_label.text()

    view.refresh(lambda: _dashboard([1] * 30, [1] * 30))
    qtbot.waitUntil(lambda: view.data is not None)
    assert view.chart.has_data() and not view.state_label.isVisible()
    view.refresh(broken)
    qtbot.waitUntil(lambda: not view.waiting)
    assert view.chart.has_data(), "the last figures stay on screen"
    runner.wait()


def test_a_refresh_asked_while_counting_counts_again(qtbot) -> None:
    runner = OperationRunner()
    view = DashboardView(runner)
    qtbot.addWidget(view)
    release = threading.Event()
    counted: list[int] = []

    def count(value: int):  # type: ignore[no-untyped-def]
        def work() -> Dashboard:
            assert release.wait(30)
            counted.append(value)
            return _dashboard([value] * 30, [0] * 30)

        return work

    view.refresh(count(1))
    view.refresh(count(2))  # the notices changed meanwhile
    release.set()
    qtbot.waitUntil(lambda: counted == [1, 2] and not view.waiting)
    assert view.data is not None and view.data.daily[0][1] == 2
    runner.wait()


def test_the_list_answers_while_the_dashboard_counts(window, qtbot, monkeypatch) -> None:
    import ui.main_window

    release = threading.Event()
    counting = threading.Event()
    real = ui.main_window.dashboard

    def slow(database, today):  # type: ignore[no-untyped-def]
        counting.set()
        assert release.wait(30)
        return real(database, today)

    monkeypatch.setattr(ui.main_window, "dashboard", slow)
    window.tabs.setCurrentIndex(1)
    qtbot.waitUntil(counting.is_set)
    assert window.dashboard.waiting
    window.tabs.setCurrentIndex(0)
    receipt = window.model.index(0, 0).data()
    window.filters.search.setText(receipt)
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)
    assert window.model.index(0, 0).data() == receipt
    assert window.dashboard.waiting, "the list answered while the count was still running"
    release.set()
    qtbot.waitUntil(lambda: window.dashboard.data is not None)
    assert sum(window.dashboard.data.by_status.values()) == 40
