"""What a clerk meets on the first day, each driven through the real widgets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.demo import DEMO_ACCOUNTS
from desktop.staff import StaffService
from ui.signin import SignInDialog

pytestmark = pytest.mark.gui


class Dialogs:
    """Every QMessageBox the code under test opens, answered at once."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.shown: list[tuple[str, QWidget | None, str, str]] = []
        for kind in ("information", "warning", "critical", "question"):
            monkeypatch.setattr(QMessageBox, kind, self._recorder(kind))

    def _recorder(self, kind: str):  # type: ignore[no-untyped-def]
        def show(parent, title, text, *_args, **_kwargs):  # type: ignore[no-untyped-def]
            # The real static methods refuse a parent that is not a widget.
            assert parent is None or isinstance(parent, QWidget), parent
            self.shown.append((kind, parent, title, text))
            return QMessageBox.StandardButton.Yes

        return staticmethod(show)

    def texts(self) -> list[str]:
        return [text for _kind, _parent, _title, text in self.shown]


def _open_without_customer_number(window) -> str:  # type: ignore[no-untyped-def]
    window.filters.select_view("open")
    for row in range(window.model.rowCount()):
        detail = window.listing.detail(window.model.id_at(row))
        if not detail.notice.customer_number:
            window.select_id(detail.id)
            return detail.notice.receipt_number
    raise AssertionError("the demo has no open notice without a customer number")


# -- accepting without a usable customer number -------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("", "受理する前にお客さま番号（水栓番号）を入力してください"),
        ("12", "お客さま番号「12」は使えません"),
    ],
)
def test_accept_without_a_usable_customer_number_points_at_the_box(
    window, qtbot, monkeypatch, typed: str, expected: str
) -> None:
    dialogs = Dialogs(monkeypatch)
    window.show()
    qtbot.waitExposed(window)
    _open_without_customer_number(window)
    panel = window.panel
    panel.customer_number.setText(typed)
    window.filters.search.setFocus()
    qtbot.mouseClick(panel.accept_button, Qt.MouseButton.LeftButton)
    assert [(kind, parent, title) for kind, parent, title, _text in dialogs.shown] == [
        ("warning", window, "お客さま番号")
    ]
    text = dialogs.texts()[0]
    assert expected in text and "予期しない" not in text
    qtbot.waitUntil(panel.customer_number.hasFocus)
    assert window.context.notices.pending_decisions() == 0


def test_ctrl_enter_without_a_customer_number_says_the_same(window, qtbot, monkeypatch) -> None:
    dialogs = Dialogs(monkeypatch)
    window.show()
    qtbot.waitExposed(window)
    _open_without_customer_number(window)
    window.panel.customer_number.clear()
    window.accept_action.trigger()
    assert dialogs.texts() == ["受理する前にお客さま番号（水栓番号）を入力してください"]


# -- sign-in -----------------------------------------------------------------------------


def _shown_sign_in(qtbot, demo) -> SignInDialog:  # type: ignore[no-untyped-def]
    dialog = SignInDialog(StaffService(demo.context.database), demo_accounts=DEMO_ACCOUNTS)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _enter(qtbot, dialog: SignInDialog, user: str, password: str) -> None:  # type: ignore[no-untyped-def]
    dialog.user.setText(user)
    dialog.password.setText(password)
    dialog.password.setFocus()
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)


def test_enter_at_sign_in_tries_once_and_keeps_the_attempts_left(qtbot, demo, monkeypatch) -> None:
    dialog = _shown_sign_in(qtbot, demo)
    attempts: list[str] = []
    authenticate = dialog.staff.authenticate

    def counted(user: str, password: str):  # type: ignore[no-untyped-def]
        attempts.append(user)
        return authenticate(user, password)

    monkeypatch.setattr(dialog.staff, "authenticate", counted)
    _enter(qtbot, dialog, "tanaka", "not-the-password")
    assert attempts == ["tanaka"]
    assert dialog.message.text() == "利用者IDまたはパスワードが違います（あと4回でロックされます）"


def test_enter_at_sign_in_keeps_the_lock_message(qtbot, demo) -> None:
    dialog = _shown_sign_in(qtbot, demo)
    for _ in range(5):
        _enter(qtbot, dialog, "tanaka", "not-the-password")
    assert dialog.message.text().startswith("アカウントがロックされています")
    _enter(qtbot, dialog, "tanaka", DEMO_ACCOUNTS[0].password)
    assert dialog.member is None
    assert dialog.message.text().startswith("アカウントがロックされています")


def test_enter_in_the_user_box_signs_in(qtbot, demo) -> None:
    dialog = _shown_sign_in(qtbot, demo)
    dialog.password.setText(DEMO_ACCOUNTS[0].password)
    dialog.user.setText("tanaka")
    dialog.user.setFocus()
    qtbot.keyClick(dialog.user, Qt.Key.Key_Return)
    assert dialog.member is not None and dialog.result() == SignInDialog.DialogCode.Accepted


# -- the dashboard and the notice's history ------------------------------------------------


def test_the_dashboard_legend_names_each_kind_once(window, qtbot) -> None:
    window.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: window.dashboard.data is not None)  # counted off the GUI thread
    first = window.dashboard.data
    window.refresh_dashboard()  # drawn again, as after every change
    qtbot.waitUntil(lambda: window.dashboard.data is not first)
    assert window.dashboard.chart.legend() == ["転入", "転出"]


def test_the_history_says_sent_once_the_decision_reached_the_hub(window, qtbot, demo) -> None:
    _open_without_customer_number(window)
    window.panel.customer_number.setText("0012345")
    with qtbot.waitSignal(window.sync_finished, timeout=30_000):
        qtbot.mouseClick(window.panel.accept_button, Qt.MouseButton.LeftButton)
    assert len(demo.hub.decisions()) == 1
    history = window.panel.decisions
    assert history.rowCount() == 1
    assert history.item(0, 0).text() == "受理"
    assert history.item(0, 4).text() == "送信済み"


# -- how the notice reads -------------------------------------------------------------------


def _form_values(panel) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The notice form as shown: field title to value."""
    from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel

    values = {}
    for box in panel.form_area.widget().findChildren(QGroupBox):
        rows = box.layout()
        assert isinstance(rows, QFormLayout)
        for row in range(rows.rowCount()):
            title = rows.itemAt(row, QFormLayout.ItemRole.LabelRole).widget()
            value = rows.itemAt(row, QFormLayout.ItemRole.FieldRole).widget()
            assert isinstance(title, QLabel) and isinstance(value, QLabel)
            values[title.text()] = value.text()
    return values


def _show_notice(window, **changes):  # type: ignore[no-untyped-def]
    """The first notice, shown as if the hub had sent it with ``changes``."""
    import dataclasses

    window.select_id(window.model.id_at(0))
    detail = window.panel.detail
    notice = dataclasses.replace(detail.notice, **changes)
    window.panel.show_detail(None)
    window.panel.show_detail(dataclasses.replace(detail, notice=notice))
    return notice


def test_yes_no_fields_speak_in_their_own_words(window) -> None:
    from ui.i18n import set_language

    _show_notice(window, corporate=False, presence_required=False)
    values = _form_values(window.panel)
    assert (values["法人"], values["立会い"]) == ("個人", "不要")
    _show_notice(window, corporate=True, presence_required=True, corporate_name="株式会社みずほ")
    values = _form_values(window.panel)
    assert (values["法人"], values["立会い"]) == ("法人", "要")
    set_language("en")
    values = _form_values(window.panel)
    assert (values["Corporate"], values["On-site presence"]) == ("Corporate", "Required")


def test_submitted_at_reads_as_japanese_local_time(window) -> None:
    from datetime import datetime, timedelta, timezone

    from ui.i18n import set_language

    utc_evening = datetime(2025, 11, 21, 5, 5, tzinfo=timezone(timedelta(0)))
    _show_notice(window, submitted_at=utc_evening)
    assert _form_values(window.panel)["申込日時"] == "2025年11月21日 14:05"
    set_language("en")
    assert _form_values(window.panel)["Submitted"] == "2025-11-21 14:05"
    import re

    received = window.panel.history.item(0, 1).text()
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", received), received


# -- rejecting ---------------------------------------------------------------------------


def test_the_reject_dialog_waits_for_a_reason(qtbot) -> None:
    from ui.decision_dialogs import RejectDialog

    dialog = RejectDialog("MV2-0001")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.reason.currentIndex() == -1 and dialog.reason_code is None
    assert not dialog.confirm_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.result() != RejectDialog.DialogCode.Accepted
    dialog.reason.setCurrentIndex(dialog.reason.findData("duplicate"))
    assert dialog.confirm_button.isEnabled()
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == RejectDialog.DialogCode.Accepted
    assert dialog.reason_code == "duplicate"


# -- the supervisor's window -------------------------------------------------------------------


@pytest.fixture
def supervisor_window(qtbot, demo):  # type: ignore[no-untyped-def]
    from ui.i18n import set_language
    from ui.main_window import MainWindow

    set_language("ja")
    boss = DEMO_ACCOUNTS[1]
    member = StaffService(demo.context.database).authenticate(boss.user_id, boss.password)
    main = MainWindow(demo.context, member, demo=True)
    qtbot.addWidget(main)
    main.sync_timer.stop()
    yield main
    main.runner.wait()
    set_language("ja")


def test_unlocking_an_account_is_confirmed(supervisor_window, demo, monkeypatch) -> None:
    from PySide6.QtWidgets import QInputDialog

    from desktop.domain.accounts import SignInError

    staff = StaffService(demo.context.database)
    for _ in range(5):
        with pytest.raises(SignInError):
            staff.authenticate("tanaka", "not-the-password")
    offered: list[list[str]] = []

    def choose(_parent, _title, _label, items, *_args):  # type: ignore[no-untyped-def]
        offered.append(list(items))
        return "tanaka", True

    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(choose))
    dialogs = Dialogs(monkeypatch)
    supervisor_window.unlock_action.trigger()
    assert offered == [["tanaka"]]
    assert dialogs.shown == [
        (
            "information",
            supervisor_window,
            "ロック解除",
            "tanaka のロックを解除しました。もう一度サインインできます。",
        )
    ]
    assert staff.authenticate("tanaka", DEMO_ACCOUNTS[0].password).user_id == "tanaka"


COUNTER_SCREEN = (1366, 768)
# What Windows leaves of it for a window: the taskbar and the title bar.
TASKBAR_AND_TITLE = 40 + 32


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_supervisor_window_fits_a_1366_by_768_screen(
    supervisor_window, qtbot, language: str
) -> None:
    from PySide6.QtCore import QRect

    from ui.i18n import set_language

    set_language(language)
    window = supervisor_window
    width, height = COUNTER_SCREEN
    minimum = window.minimumSizeHint()
    assert minimum.width() <= width and minimum.height() <= height - TASKBAR_AND_TITLE
    window.resize(width, height - TASKBAR_AND_TITLE)
    window.show()
    qtbot.waitExposed(window)
    window.select_id(window.model.id_at(0))
    assert (window.width(), window.height()) == (width, height - TASKBAR_AND_TITLE)
    screen = QRect(0, 0, width, height - TASKBAR_AND_TITLE)
    panel = window.panel
    wanted = {
        "お客さま番号": panel.customer_number,
        "受理": panel.accept_button,
        "不受理": panel.reject_button,
        "担当する": panel.claim_button,
        "再開": panel.reopen_button,
        "印刷": panel.print_button,
        "状態バー": window.statusBar(),
        "送信待ち": window.pending_label,
        "サインイン中": window.user_label,
    }
    for name, widget in wanted.items():
        assert widget.isVisible(), name
        placed = QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())
        assert screen.contains(placed), (name, placed)


def test_a_clerk_asking_to_reopen_is_refused_without_being_asked_first(window, monkeypatch) -> None:
    dialogs = Dialogs(monkeypatch)
    window.select_id(window.model.id_at(0))
    window.decisions.reopen(window.current_id())
    assert [(kind, text) for kind, _parent, _title, text in dialogs.shown] == [
        ("warning", "再開は監督者の権限が必要です")
    ]


def test_a_failed_send_says_so_in_japanese_with_the_hub_answer_behind_it(window) -> None:
    import dataclasses
    from datetime import UTC, datetime

    from desktop.listing import DecisionEntry

    window.select_id(window.model.id_at(0))
    detail = window.panel.detail
    failed = DecisionEntry(
        "reject",
        "tanaka",
        datetime(2025, 11, 21, 5, 5, tzinfo=UTC),
        detail.notice.version,
        "duplicate",
        None,
        None,
        "failed",
        'hub answered 500: {"title": "internal error"}',
    )
    window.panel.show_detail(None)
    window.panel.show_detail(dataclasses.replace(detail, decisions=(failed,)))
    history = window.panel.decisions
    assert history.item(0, 0).text() == "不受理（重複した届出）"
    assert history.item(0, 2).text() == "2025年11月21日 14:05"
    assert history.item(0, 4).text() == "送信失敗"
    assert history.item(0, 4).toolTip().startswith("hub answered 500")
