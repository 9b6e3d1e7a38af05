"""The notice list at scale, in structure: what is read on the GUI thread and what is not.

Small data stands in for a million notices: the first page is made tiny,
and a recording background runner shows which reads were sent off the
GUI thread. Nothing here times anything.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt

from desktop.domain.notice import notice_from_payload
from desktop.listing import Found, NoticeListing
from desktop.queries import OPEN_STATUSES, NoticeFilter
from desktop.store.ingest import store_notices
from tests.support import sample_payload
from ui.notice_model import COLUMNS, NoticeTableModel

pytestmark = pytest.mark.gui

NOTICES = 30
PAGE = 5


class CountingListing(NoticeListing):
    """The real listing, counting how each way of reading ids is used."""

    def __init__(self, database) -> None:  # type: ignore[no-untyped-def]
        super().__init__(database)
        self.calls: list[str] = []

    def find(self, spec, search_limit=500):  # type: ignore[no-untyped-def]
        self.calls.append("find")
        return super().find(spec, search_limit)

    def first_page(self, spec, size=1000):  # type: ignore[no-untyped-def]
        self.calls.append("first_page")
        return super().first_page(spec, size)


class Background:
    """Keeps the work it is given; ``finish`` runs it, as the worker thread would."""

    def __init__(self) -> None:
        self.pending: list[tuple[Callable[[], Found], Callable[[Found], None]]] = []

    def __call__(self, work: Callable[[], Found], done: Callable[[Found], None]) -> None:
        self.pending.append((work, done))

    def finish(self) -> None:
        while self.pending:
            work, done = self.pending.pop(0)
            done(work())


@pytest.fixture
def listing(database) -> CountingListing:
    payloads = [
        sample_payload(n + 1, user={"name": f"山田 {n}", "kana": f"ヤマダ {n}"})
        for n in range(NOTICES)
    ]
    payloads[7]["user"] = {"name": "鈴木 一郎", "kana": "スズキ イチロウ"}
    with database.session() as session:
        store_notices(session, [notice_from_payload(p) for p in payloads])
    return CountingListing(database)


@pytest.fixture
def model(listing: CountingListing, qtmodeltester) -> tuple[NoticeTableModel, Background]:  # type: ignore[no-untyped-def]
    background = Background()
    model = NoticeTableModel(listing, background=background)
    model.first_page_size = PAGE
    model.set_filter(NoticeFilter(statuses=OPEN_STATUSES))
    return model, background


def ids_of(model: NoticeTableModel) -> list[int]:
    return [model.id_at(row) for row in range(model.rowCount())]


def test_a_long_view_shows_its_first_page_and_reads_the_rest_off_the_gui_thread(
    model, listing: CountingListing
) -> None:
    table, background = model
    assert listing.calls == ["first_page"]  # the only read on the GUI thread
    assert table.rowCount() == PAGE and table.loading
    first = ids_of(table)
    inserted: list[tuple[int, int]] = []
    table.rowsInserted.connect(lambda _parent, start, end: inserted.append((start, end)))
    background.finish()
    assert listing.calls == ["first_page", "find"]
    assert table.rowCount() == NOTICES and not table.loading
    assert ids_of(table)[:PAGE] == first
    assert inserted == [(PAGE, NOTICES - 1)]  # appended, not reset: the selection stays


def test_emptying_the_search_box_serves_the_warm_ids(model, listing: CountingListing) -> None:
    table, background = model
    background.finish()
    whole = ids_of(table)
    listing.calls.clear()
    table.set_filter(NoticeFilter(search="すずき"))
    assert table.rowCount() == 1 and not table.serving_warm
    listing.calls.clear()
    table.set_filter(NoticeFilter(statuses=OPEN_STATUSES))
    assert table.serving_warm
    assert listing.calls == [] and not background.pending  # the empty box read nothing
    assert ids_of(table) == whole


def test_a_change_inside_the_list_refreshes_its_row_and_keeps_the_ids(
    model, listing: CountingListing, database
) -> None:
    from sqlalchemy import update

    from desktop.store.models import NoticeRecord

    table, background = model
    background.finish()
    notice_id = table.id_at(3)
    assert table.index(3, 2).data().startswith("山田 ")
    with database.session() as session:
        session.execute(
            update(NoticeRecord).where(NoticeRecord.id == notice_id).values(name="山田 三")
        )
    changed: list[int] = []
    table.dataChanged.connect(lambda top, _bottom, _roles: changed.append(top.row()))
    resets: list[bool] = []
    table.modelReset.connect(lambda: resets.append(True))
    listing.calls.clear()
    table.reload(changed={notice_id})
    assert listing.calls == [] and not background.pending  # no id list read at all
    assert changed == [3] and not resets
    assert table.index(3, 2).data() == "山田 三"


def test_a_change_that_leaves_the_view_reads_the_ids_in_the_background(
    model, listing: CountingListing, database
) -> None:
    from sqlalchemy import update

    from desktop.store.models import NoticeRecord

    table, background = model
    background.finish()
    leaving = table.id_at(2)
    with database.session() as session:
        session.execute(
            update(NoticeRecord).where(NoticeRecord.id == leaving).values(status="accepted")
        )
    listing.calls.clear()
    table.reload(changed={leaving})
    assert listing.calls == [] and len(background.pending) == 1  # nothing read on the GUI thread
    background.finish()
    assert table.rowCount() == NOTICES - 1 and table.position_of(leaving) < 0


def test_a_change_that_moves_a_row_in_the_sort_order_reads_the_ids_again(model, database) -> None:
    from sqlalchemy import update

    from desktop.store.models import NoticeRecord

    table, background = model
    background.finish()
    table.sort(0, Qt.SortOrder.AscendingOrder)  # by receipt number
    background.finish()
    moving = table.id_at(0)
    with database.session() as session:
        session.execute(
            update(NoticeRecord).where(NoticeRecord.id == moving).values(receipt_number="T99999999")
        )
    table.reload(changed={moving})
    assert background.pending
    background.finish()
    assert table.id_at(table.rowCount() - 1) == moving


def test_sorting_each_column_reads_only_the_first_page_on_the_gui_thread(
    model, listing: CountingListing
) -> None:
    table, background = model
    background.finish()
    for column in range(len(COLUMNS)):
        for order in (Qt.SortOrder.DescendingOrder, Qt.SortOrder.AscendingOrder):
            listing.calls.clear()
            table.sort(column, order)
            assert listing.calls in ([], ["first_page"])  # [] when the order was kept warm
            background.finish()
            assert table.rowCount() == NOTICES


def test_the_list_model_passes_the_model_tester_while_rows_arrive(model, qtmodeltester) -> None:
    table, background = model
    qtmodeltester.check(table, force_py=True)
    background.finish()
    qtmodeltester.check(table, force_py=True)


# -- in the window ------------------------------------------------------------------


def test_emptying_the_search_box_keeps_the_selection(window) -> None:  # type: ignore[no-untyped-def]
    window.filters.select_view("open")
    chosen = window.model.id_at(2)
    window.select_id(chosen)
    kana = window.model.index(2, 3).data()
    window.filters.search.setText(kana.split(" ")[0])
    assert window.current_id() == chosen  # still in the results: still selected
    window.filters.search.clear()
    assert window.model.serving_warm
    assert window.current_id() == chosen
    assert window.panel.detail is not None and window.panel.detail.id == chosen


def test_a_short_address_query_shows_a_hint_not_zero(window) -> None:  # type: ignore[no-untyped-def]
    window.filters.search.setText("昭島")
    assert window.model.rowCount() == 0
    assert window.count_label.text() == "住所はあと1文字入力してください"
    window.filters.search.setText("昭")
    assert "住所はあと2文字入力してください" in window.count_label.text()
    assert window.count_label.text() != "0 件"


def test_a_change_while_the_list_is_on_its_way_asks_for_it_again(model, database) -> None:
    from sqlalchemy import update

    from desktop.store.models import NoticeRecord

    table, background = model
    assert table.loading and len(background.pending) == 1
    stale_work, stale_done = background.pending[0]
    stale = stale_work()  # read before the change
    leaving = stale.ids[-1]  # beyond the first page
    with database.session() as session:
        session.execute(
            update(NoticeRecord).where(NoticeRecord.id == leaving).values(status="accepted")
        )
    table.reload(changed={leaving})
    stale_done(stale)  # the old read comes back late: not shown
    assert table.rowCount() == PAGE
    background.pending = background.pending[1:]
    background.finish()
    assert table.rowCount() == NOTICES - 1 and table.position_of(leaving) < 0


def test_a_long_list_arriving_after_the_clerk_typed_waits_for_the_empty_box(
    model, listing: CountingListing
) -> None:
    table, background = model
    table.set_filter(NoticeFilter(search="すずき"))  # typed before the open list came
    background.finish()
    assert table.rowCount() == 1  # the search stays on screen
    listing.calls.clear()
    table.set_filter(NoticeFilter(statuses=OPEN_STATUSES))
    assert table.serving_warm and listing.calls == []
    assert table.rowCount() == NOTICES


def test_a_list_read_before_a_change_is_not_kept(model, listing: CountingListing) -> None:
    table, background = model
    table.set_filter(NoticeFilter(search="すずき"))
    table.reload(changed={table.id_at(0)})
    background.finish()
    table.set_filter(NoticeFilter(statuses=OPEN_STATUSES))
    assert not table.serving_warm  # read again: it may predate the change


def test_the_count_line_says_how_many_matched_beyond_the_cap(database, listing) -> None:  # type: ignore[no-untyped-def]
    from ui.i18n import set_language
    from ui.list_status import count_text

    class TwoAtMost(NoticeListing):
        def find(self, spec, search_limit=2):  # type: ignore[no-untyped-def]
            return super().find(spec, 2)

    set_language("ja")
    model = NoticeTableModel(TwoAtMost(database))
    model.set_filter(NoticeFilter(search="やまだ"))
    assert model.rowCount() == 2
    assert count_text(model) == (
        f"該当 {NOTICES - 1} 件のうち急ぐもの 2 件を表示しています — 続けて入力して絞り込んでください"
    )
    model.set_filter(NoticeFilter(search="昭"))
    assert count_text(model) == "住所はあと2文字入力してください"


def test_the_window_reads_a_long_view_in_the_background_and_keeps_the_selection(
    window, qtbot
) -> None:  # type: ignore[no-untyped-def]
    window.model.first_page_size = 5
    window.filters.select_view("all")
    assert window.model.loading and window.model.rowCount() == 5
    assert "読み込み中" in window.count_label.text()
    chosen = window.model.id_at(3)
    window.select_id(chosen)
    qtbot.waitUntil(lambda: not window.model.loading)
    assert window.model.rowCount() == 40 and window.current_id() == chosen
    assert window.count_label.text() == "40 件"
