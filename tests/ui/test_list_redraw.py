"""What the list and the panel redo when a clerk moves through a million notices: as little as they can.

Each row's cells are worked out once per read (not per cell and role on
every paint), the panel's form is refilled rather than rebuilt, and
opening a notice repaints the panel and the rows, not the whole window.
Nothing here times anything: it checks what is done, not how fast.
"""

from __future__ import annotations

import random
from array import array
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QPushButton

from desktop.domain.notice import notice_from_payload
from desktop.listing import NoticeListing
from desktop.store.ingest import store_notices
from tests.support import sample_payload
from ui.notice_model import COLUMNS, NoticeTableModel, _position

pytestmark = pytest.mark.gui


def test_a_position_is_found_wherever_the_id_is_and_only_as_a_whole_id() -> None:
    picker = random.Random(16)
    ids = array("q", picker.sample(range(1, 1 << 40), 5_000))
    for position in (0, 1, 2_499, 4_999, *picker.sample(range(5_000), 50)):
        assert _position(ids, ids[position]) == position
        assert _position(ids, ids[position], near=position + 3) == position
        assert _position(ids, ids[position], near=0) == position  # a wrong hint still finds it
    assert _position(ids, 0) == -1
    # An id whose eight bytes appear across the boundary of two others is not listed.
    raw = ids.tobytes()
    straddling = int.from_bytes(raw[4:12], "little", signed=True)
    if straddling not in ids:
        assert _position(ids, straddling) == -1
    assert _position(array("q", [5, 6, 7]), 7) == 2
    assert _position(array("q"), 7) == -1
    ids.append(1)  # the search let go of the array's memory: it can grow again
    assert _position(ids, 1) == len(ids) - 1


@pytest.fixture
def listed(database):  # type: ignore[no-untyped-def]
    today = date(2026, 12, 1)
    payloads = [sample_payload(n + 1) for n in range(3)]
    with database.session() as session:
        store_notices(session, [notice_from_payload(p) for p in payloads])
    return NoticeListing(database), today


def _column(key: str) -> int:
    return [k for k, _title in COLUMNS].index(key)


def test_the_cells_follow_a_change_of_language_without_reading_again(listed) -> None:  # type: ignore[no-untyped-def]
    from ui.i18n import set_language

    listing, today = listed
    set_language("ja")
    model = NoticeTableModel(listing, today=lambda: today)
    model.set_filter(model.spec)
    kind, status = model.index(0, _column("kind")), model.index(0, _column("status"))
    japanese = (kind.data(), status.data())
    try:
        set_language("en")
        english = (kind.data(), status.data())
    finally:
        set_language("ja")
    assert english != japanese
    assert english[1] == "New" or english[1].isascii()
    assert (kind.data(), status.data()) == japanese


def test_the_overdue_colour_follows_the_day_the_list_was_read_for(listed) -> None:  # type: ignore[no-untyped-def]
    listing, today = listed
    day = today
    model = NoticeTableModel(listing, today=lambda: day)
    model.set_filter(model.spec)
    due = date.fromisoformat(model.index(0, _column("due_date")).data())
    day = due - timedelta(days=1)
    model.reload()
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) is None
    day = due + timedelta(days=1)
    model.reload()
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == "期限を過ぎています"


# -- in the window ------------------------------------------------------------------------


class _Paints(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def test_opening_another_notice_refills_the_same_form(window) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.test_window_rough_edges import _form_values

    window.select_id(window.model.id_at(0))
    form = window.panel.form_area.widget()
    first = _form_values(window.panel)
    window.select_id(window.model.id_at(1))
    assert window.panel.form_area.widget() is form
    second = _form_values(window.panel)
    assert second["受付番号"] == window.panel.detail.notice.receipt_number
    assert second["受付番号"] != first["受付番号"]
    window.panel.show_detail(None)
    assert not form.isVisible()
    window.select_id(window.model.id_at(0))
    assert _form_values(window.panel) == first


def test_opening_a_notice_repaints_the_panel_not_the_whole_window(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    window.show()
    qtbot.waitExposed(window)
    window.table.setFocus()
    window.select_id(window.model.id_at(0))
    QApplication.processEvents()
    button = window.filters.findChildren(QPushButton)[0]
    filter_bar, panel = _Paints(), _Paints()
    button.installEventFilter(filter_bar)
    window.panel.heading.installEventFilter(panel)
    for row in range(1, 6):
        window.select_id(window.model.id_at(row))
        QApplication.processEvents()
    assert panel.count >= 5  # the heading did change, and painted each time
    assert filter_bar.count == 0
