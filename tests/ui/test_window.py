"""The clerk's day in the window, driven as a person would, against the simulator."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from desktop.hub.simulator import HubSimulator
from desktop.store.models import Decision
from ui.decision_dialogs import RejectDialog
from ui.notice_model import NoticeTableModel

pytestmark = pytest.mark.gui


def type_text(line_edit, text: str) -> None:  # type: ignore[no-untyped-def]
    """Enter text one character at a time, as an input method commits it.

    QTest's key clicks only know ASCII; Japanese arrives through the IME.
    """
    for character in text:
        line_edit.insert(character)


def _visible_rows(window) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    model = window.model
    return [(model.index(r, 0).data(), model.index(r, 3).data()) for r in range(model.rowCount())]


def test_list_model_passes_the_model_tester(window, qtmodeltester) -> None:
    qtmodeltester.check(window.model, force_py=True)
    assert window.model.rowCount() == 40


def test_large_list_model_passes_the_model_tester(qtmodeltester, demo) -> None:
    from desktop.listing import NoticeListing

    model = NoticeTableModel(NoticeListing(demo.context.database))
    model.reload()
    qtmodeltester.check(model, force_py=True)


def test_kana_search_in_any_script_finds_the_same_people(window, qtbot) -> None:
    kana = _visible_rows(window)[0][1]
    family = kana.split(" ")[0]
    import jaconv

    found = []
    for typed in (family, jaconv.kata2hira(family), jaconv.z2h(family, kana=True)):
        type_text(window.filters.search, typed)
        found.append(sorted(_visible_rows(window)))
        window.filters.search.clear()
    assert found[0] and found[0] == found[1] == found[2]
    assert all(row[1].startswith(family) or family in row[1] for row in found[0])


def test_saved_views_and_filters(window, qtbot) -> None:
    window.filters.select_view("overdue")
    overdue = window.model.rowCount()
    window.filters.select_view("all")
    assert window.model.rowCount() == 40 >= overdue
    window.filters.kind.setCurrentIndex(window.filters.kind.findData("move_out"))
    kinds = {window.model.index(r, 1).data() for r in range(window.model.rowCount())}
    assert kinds == {"転出"}


def _open_first(window, qtbot) -> str:  # type: ignore[no-untyped-def]
    window.filters.select_view("open")
    window.select_id(window.model.id_at(0))
    assert window.panel.detail is not None
    return window.panel.detail.notice.receipt_number


def test_accept_flow_reaches_the_store_and_the_hub(window, qtbot, demo) -> None:
    receipt = _open_first(window, qtbot)
    window.panel.customer_number.clear()
    type_text(window.panel.customer_number, "００１２３４５")
    with qtbot.waitSignal(window.sync_finished, timeout=30_000):
        qtbot.mouseClick(window.panel.accept_button, Qt.MouseButton.LeftButton)
    with demo.context.database.session() as session:
        decision = session.scalars(select(Decision)).one()
    assert (decision.receipt_number, decision.decision, decision.customer_number) == (
        receipt,
        "accept",
        "0012345",
    )
    assert decision.outbox_state == "sent" and decision.staff == "tanaka"
    assert [(d["receipt_number"], d["decision"]) for d in demo.hub.decisions()] == [
        (receipt, "accept")
    ]


def test_reject_flow_with_reason(window, qtbot, demo, monkeypatch) -> None:
    receipt = _open_first(window, qtbot)

    def choose_reason(dialog: RejectDialog) -> int:
        dialog.reason.setCurrentIndex(dialog.reason.findData("outside_area"))
        dialog.text.setPlainText("隣の市の給水区域")
        dialog._check()
        return dialog.result()

    monkeypatch.setattr(RejectDialog, "exec", choose_reason)
    with qtbot.waitSignal(window.sync_finished, timeout=30_000):
        window.panel.request_reject()
    decided = demo.hub.decisions()
    assert [(d["receipt_number"], d["decision"], d["reason"]["code"]) for d in decided] == [
        (receipt, "reject", "outside_area")
    ]


def test_change_at_the_hub_while_open_is_shown_before_deciding(
    window, qtbot, demo, monkeypatch
) -> None:
    receipt = _open_first(window, qtbot)
    qtbot.mouseClick(window.panel.claim_button, Qt.MouseButton.LeftButton)
    demo.hub.edit(receipt, remarks="立会いは午後3時以降にしてください")
    with qtbot.waitSignal(window.sync_finished, timeout=30_000):
        window.sync_now()
    panel = window.panel
    assert panel.banner.isVisible() or not panel.banner.isHidden()
    assert "立会いは午後3時以降にしてください" in panel.banner_text.text()
    assert not panel.accept_button.isEnabled() and not panel.reject_button.isEnabled()
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: shown.append(a[1]))
    panel.request_accept()  # the keyboard shortcut path: refused while the banner stands
    qtbot.mouseClick(panel.acknowledge_button, Qt.MouseButton.LeftButton)
    assert panel.banner.isHidden() and panel.accept_button.isEnabled()
    panel.customer_number.setText("123456")
    with qtbot.waitSignal(window.sync_finished, timeout=30_000):
        panel.request_accept()
    assert [(d["receipt_number"], d["version"]) for d in demo.hub.decisions()] == [(receipt, 2)]


def test_offline_banner_comes_and_goes(window, qtbot, demo) -> None:
    port = int(demo.hub.url.rsplit(":", 1)[1])
    demo.hub.stop()
    with qtbot.waitSignal(window.sync_finished, timeout=30_000):
        window.sync_now()
    assert not window.offline_banner.isHidden()
    replacement = HubSimulator(port=port, notices=40, seed=42).start()
    try:
        with qtbot.waitSignal(window.sync_finished, timeout=30_000):
            window.sync_now()
        assert window.offline_banner.isHidden()
    finally:
        replacement.stop()


def test_language_switch_changes_visible_texts(window, qtbot) -> None:
    from ui.i18n import set_language

    assert window.panel.accept_button.text() == "受理"
    assert window.model.headerData(0, Qt.Orientation.Horizontal) == "受付番号"
    set_language("en")
    assert window.panel.accept_button.text() == "Accept"
    assert window.notice_menu.title() == "&Notice"
    assert window.model.headerData(0, Qt.Orientation.Horizontal) == "Receipt no."
    assert window.filters.view_buttons["open"].text() == "Open"
    set_language("ja")
    assert window.panel.accept_button.text() == "受理"


def test_the_modem_comes_up_after_the_window_and_not_at_all_without_a_port(window, qtbot) -> None:
    from ui.fax_controller import FaxController

    # Demo mode configures the emulated modem: the window's desk starts on its own.
    qtbot.waitUntil(lambda: window.fax.desk_loaded and window.fax.desk.running, timeout=30_000)
    window.context.settings.set("fax_modem_port", "")
    without_modem = FaxController(window)
    assert not without_modem.desk_loaded
    without_modem.shutdown()
    assert not without_modem.desk_loaded
    assert without_modem.desk.config.port == ""  # made on demand, e.g. for the modem settings
    without_modem.shutdown()


def test_a_hub_not_set_up_is_said_in_the_status_bar(window, qtbot, monkeypatch, tmp_path) -> None:
    from desktop.context import AppContext
    from desktop.settings import Settings

    not_set_up = AppContext(Settings(path=tmp_path / "settings.json"))
    monkeypatch.setattr(window.context, "sync_engine", not_set_up.hub_config)
    with qtbot.waitSignal(window.sync_finished, timeout=30_000) as finished:
        assert window.sync_now()
    assert finished.args == [None]
    assert window.sync_label.text() == (
        "同期できません: ハブのURLが設定されていません。設定画面、--hub-url または "
        "MOVEDESK_HUB_URL で設定してください"
    )


def test_a_claim_by_another_seat_is_taken_over_only_after_asking(
    window, qtbot, demo, monkeypatch
) -> None:
    from desktop.demo import DEMO_ACCOUNTS
    from desktop.service import Actor

    receipt = _open_first(window, qtbot)
    supervisor = DEMO_ACCOUNTS[1]
    other_seat = Actor(supervisor.user_id, "supervisor")
    demo.context.notices.claim(receipt, other_seat)  # as from another PC
    window.show_notice(window.panel.detail.id, keep_version=False)

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    window.panel.customer_number.setText("123456")
    window.panel.request_accept()
    assert shown and supervisor.display_name in shown[0] and "担当" in shown[0]
    assert demo.context.notices.holder(receipt)[0] == supervisor.user_id

    asked: list[str] = []
    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])

    def answer(*args):  # type: ignore[no-untyped-def]
        asked.append(args[2])
        return next(answers)

    monkeypatch.setattr(QMessageBox, "question", answer)
    qtbot.mouseClick(window.panel.claim_button, Qt.MouseButton.LeftButton)
    assert demo.context.notices.holder(receipt)[0] == supervisor.user_id
    qtbot.mouseClick(window.panel.claim_button, Qt.MouseButton.LeftButton)
    assert demo.context.notices.holder(receipt)[0] == "tanaka"
    assert len(asked) == 2 and supervisor.display_name in asked[0]


def test_a_second_window_sees_another_seats_claim_and_decision(window, qtbot, demo) -> None:
    from desktop.context import AppContext
    from desktop.demo import DEMO_ACCOUNTS
    from desktop.staff import StaffService
    from ui.change_watch import POLL_INTERVAL_MS
    from ui.main_window import MainWindow

    # A second seat: its own context and engine on the same database.
    seat = AppContext(demo.context.settings)
    supervisor = DEMO_ACCOUNTS[1]
    member = StaffService(seat.database).authenticate(supervisor.user_id, supervisor.password)
    other = MainWindow(seat, member, demo=True)
    qtbot.addWidget(other)
    try:
        receipt = _open_first(window, qtbot)
        notice_id = window.panel.detail.id
        other.filters.select_view("open")
        other.select_id(notice_id)
        assert not other.panel.detail.assignee

        qtbot.mouseClick(window.panel.claim_button, Qt.MouseButton.LeftButton)
        with qtbot.waitSignal(other.changes.polled, timeout=30_000) as polled:
            other.changes.poll()
        assert notice_id in polled.args[0].changed_ids
        assert other.panel.detail.assignee == "tanaka"  # the open notice was refreshed
        from ui.notice_model import COLUMNS

        column = [key for key, _ in COLUMNS].index("assignee")
        row = other.model.position_of(notice_id)
        assert other.model.index(row, column).data() == "tanaka"

        window.panel.customer_number.setText("123456")
        window.panel.request_accept()
        with qtbot.waitSignal(other.changes.polled, timeout=30_000):
            other.changes.poll()
        assert other.panel.detail.status == "accepted"
        # Polled every second, so another seat's act shows within about two.
        assert other.changes.timer.interval() == POLL_INTERVAL_MS <= 1000
        assert other.changes.timer.isActive() and receipt
    finally:
        other.close()
        seat.close()


def test_a_database_that_goes_away_is_shown_and_its_return_too(window, qtbot, monkeypatch) -> None:
    feed = window.changes.feed

    def unreachable(position: int, limit: int = 5000):  # type: ignore[no-untyped-def]
        raise ConnectionError("server closed the connection")

    monkeypatch.setattr(feed, "since", unreachable)
    with qtbot.waitSignal(window.changes.reachability_changed, timeout=30_000) as lost:
        window.changes.poll()
    assert lost.args == [False] and window.database_banner.isVisibleTo(window)
    assert "データベースに接続できません" in window.database_banner.text()
    monkeypatch.undo()
    with qtbot.waitSignal(window.changes.reachability_changed, timeout=30_000) as back:
        window.changes.poll()
    assert back.args == [True] and not window.database_banner.isVisibleTo(window)


def test_the_status_bar_says_which_seat_pulls_and_when_the_office_last_synced(
    window, qtbot
) -> None:
    from desktop.store.leases import PULL_LEASE, acquire_lease, release_lease

    database = window.context.database
    with qtbot.waitSignal(window.changes.polled, timeout=30_000):
        window.changes.poll()
    assert window.office_label.text().startswith("事務所の最終同期 ")  # the window's first sync
    assert acquire_lease(database, PULL_LEASE, "窓口2", 60).acquired
    try:
        with qtbot.waitSignal(window.changes.polled, timeout=30_000):
            window.changes.poll()
        assert window.office_label.text() == "同期中の席: 窓口2"
    finally:
        release_lease(database, PULL_LEASE, "窓口2")
    with qtbot.waitSignal(window.changes.polled, timeout=30_000):
        window.changes.poll()
    assert window.office_label.text().startswith("事務所の最終同期 ")


def test_before_its_first_sync_the_status_bar_shows_this_pcs_last_outcome(qtbot, demo) -> None:
    from desktop.demo import DEMO_ACCOUNTS
    from desktop.staff import StaffService
    from desktop.store.leases import seat_name
    from desktop.sync_outcome import record_outcome
    from ui.i18n import set_language
    from ui.main_window import MainWindow

    set_language("ja")
    context = demo.context
    # The same PC's MoveDesk before a restart: another process, so another seat name.
    earlier_run = seat_name(context.settings.get("seat_name")).rsplit(" pid ", 1)[0] + " pid 1 #0a"
    with context.database.session() as session:
        record_outcome(session, earlier_run, ["the hub cannot be reached"], pulled=False)
        record_outcome(session, "窓口2", [], pulled=True)  # another PC did fine
    clerk = DEMO_ACCOUNTS[0]
    member = StaffService(context.database).authenticate(clerk.user_id, clerk.password)
    main = MainWindow(context, member, demo=True)
    qtbot.addWidget(main)
    with qtbot.waitSignal(main.changes.polled, timeout=30_000):
        main.changes.poll()
    assert main.sync_label.text().startswith("最終同期 ")
    assert main.sync_label.text().endswith("前回の同期でエラー")
    assert main.sync_label.toolTip() == "the hub cannot be reached"
    assert main.office_label.text().startswith("事務所の最終同期 ")  # 窓口2's pull
    with qtbot.waitSignal(main.sync_finished, timeout=30_000):
        main.sync_now()
    with qtbot.waitSignal(main.changes.polled, timeout=30_000):
        main.changes.poll()
    assert "前回の同期でエラー" not in main.sync_label.text()  # its own sync now speaks
    main.runner.wait()
