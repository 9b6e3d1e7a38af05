from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.demo import DEMO_ACCOUNTS
from desktop.staff import StaffService
from ui.signin import NewStaffDialog, SignInDialog

pytestmark = pytest.mark.gui


def _try(qtbot, dialog: SignInDialog, user: str, password: str) -> None:  # type: ignore[no-untyped-def]
    # Enter presses the default button, which a dialog has only on screen.
    if not dialog.isVisible():
        dialog.show()
        qtbot.waitExposed(dialog)
    dialog.user.setText(user)
    dialog.password.clear()
    qtbot.keyClicks(dialog.password, password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)


def test_wrong_password_then_lock_out_after_five(qtbot, demo) -> None:
    staff = StaffService(demo.context.database)
    dialog = SignInDialog(staff, demo_accounts=DEMO_ACCOUNTS)
    qtbot.addWidget(dialog)
    _try(qtbot, dialog, "tanaka", "not-the-password")
    assert dialog.member is None and "あと4回" in dialog.message.text()
    for _ in range(4):
        _try(qtbot, dialog, "tanaka", "not-the-password")
    assert "ロック" in dialog.message.text()
    _try(qtbot, dialog, "tanaka", DEMO_ACCOUNTS[0].password)
    assert dialog.member is None and "ロック" in dialog.message.text()


def test_right_password_signs_in(qtbot, demo) -> None:
    dialog = SignInDialog(StaffService(demo.context.database))
    qtbot.addWidget(dialog)
    _try(qtbot, dialog, "sato", DEMO_ACCOUNTS[1].password)
    assert dialog.member is not None and dialog.member.role == "supervisor"


def test_first_supervisor_password_rules(qtbot, database) -> None:
    staff = StaffService(database)
    dialog = NewStaffDialog(staff, "first-start", first=True)
    qtbot.addWidget(dialog)
    dialog.user.setText("kanri")
    dialog.name.setText("管理 太郎")
    dialog.password.setText("kanri-123")
    dialog.repeat.setText("kanri-123")
    dialog.try_create()
    assert dialog.member is None and "利用者ID" in dialog.message.text()
    dialog.password.setText("Long-enough-9")
    dialog.repeat.setText("Long-enough-9")
    dialog.try_create()
    assert dialog.member is not None and dialog.member.role == "supervisor"
    assert staff.has_staff()


# -- the sign-in screen comes before the data ------------------------------------------


class _Session:
    """A DeskSession on a data folder of its own, driven through its dialogs."""

    def __init__(self, qtbot, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
        import argparse
        import threading

        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        from ui import session as session_module

        monkeypatch.setenv("MOVEDESK_DATA_DIR", str(tmp_path / "data"))
        self.qtbot = qtbot
        self.app = QApplication.instance()
        self.data_may_open = threading.Event()
        opener_open = session_module.DataOpener._open

        def gated_open(opener):  # type: ignore[no-untyped-def]
            assert self.data_may_open.wait(60), "the test never let the data open"
            return opener_open(opener)

        monkeypatch.setattr(session_module.DataOpener, "_open", gated_open)
        window_open = session_module.DeskSession._open_window

        def open_and_stop(session):  # type: ignore[no-untyped-def]
            window_open(session)
            session.window.sync_timer.stop()
            QTimer.singleShot(0, lambda: self.app.exit(0))  # once the session's loop runs

        monkeypatch.setattr(session_module.DeskSession, "_open_window", open_and_stop)
        args = argparse.Namespace(
            demo=False,
            language="ja",
            data_dir=None,
            database_url=None,
            hub_url=None,
            partner_id=None,
        )
        self.session = session_module.DeskSession(self.app, args, screenshot=None)
        self.steps: list = []

    def when_modal(self, kind: type, act) -> None:  # type: ignore[no-untyped-def]
        """Do ``act`` to the next modal dialog of ``kind`` once it is up."""
        self.steps.append((kind, act))

    def run(self) -> int:
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        def look() -> None:
            modal = QApplication.activeModalWidget()
            if self.steps and isinstance(modal, self.steps[0][0]) and modal.isVisible():
                _kind, act = self.steps.pop(0)
                act(modal)

        watcher = QTimer()
        watcher.timeout.connect(look)
        watcher.start(10)
        try:
            return self.session.run()
        finally:
            watcher.stop()
            self.app.removeEventFilter(self.session.watch)
            self.session.idle_timer.stop()
            if self.session.window is not None:
                self.session.window.close()
                self.session.window.deleteLater()


def _make_staff(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from desktop.store.database import open_database

    database = open_database(f"sqlite:///{(tmp_path / 'data' / 'movedesk.sqlite3').as_posix()}")
    StaffService(database).create(
        "kanri", "管理 太郎", "supervisor", "Long-enough-9", created_by="t"
    )
    database.close()


def test_sign_in_is_up_before_the_data_and_goes_ahead_once_it_opens(
    qtbot, tmp_path, monkeypatch
) -> None:
    desk = _Session(qtbot, tmp_path, monkeypatch)
    (tmp_path / "data").mkdir(exist_ok=True)
    _make_staff(tmp_path)
    seen = {}

    def sign_in_early(dialog: SignInDialog) -> None:
        assert dialog.staff is None  # the data is not open yet
        _try(qtbot, dialog, "kanri", "Long-enough-9")
        seen["waiting"] = dialog.message.text()
        assert dialog.member is None and dialog.waiting
        desk.data_may_open.set()

    desk.when_modal(SignInDialog, sign_in_early)
    assert desk.run() == 0
    assert "準備" in seen["waiting"]
    assert desk.session.member is not None and desk.session.member.user_id == "kanri"
    assert desk.session.window is not None


def test_a_database_without_staff_asks_for_the_first_supervisor(
    qtbot, tmp_path, monkeypatch
) -> None:
    desk = _Session(qtbot, tmp_path, monkeypatch)

    def no_data_yet(dialog: SignInDialog) -> None:
        assert dialog.staff is None
        desk.data_may_open.set()

    def first_supervisor(dialog: NewStaffDialog) -> None:
        dialog.user.setText("kanri")
        dialog.name.setText("管理 太郎")
        dialog.password.setText("Long-enough-9")
        dialog.repeat.setText("Long-enough-9")
        dialog.try_create()

    def sign_in(dialog: SignInDialog) -> None:
        assert dialog.staff is not None
        _try(qtbot, dialog, "kanri", "Long-enough-9")

    desk.when_modal(SignInDialog, no_data_yet)
    desk.when_modal(NewStaffDialog, first_supervisor)
    desk.when_modal(SignInDialog, sign_in)
    assert desk.run() == 0
    assert desk.session.member is not None and desk.session.member.role == "supervisor"


def test_data_that_cannot_open_is_said_plainly_and_ends_the_start(
    qtbot, tmp_path, monkeypatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    desk = _Session(qtbot, tmp_path, monkeypatch)
    (tmp_path / "data").mkdir(exist_ok=True)
    (tmp_path / "data" / "movedesk.sqlite3").write_bytes(b"this is not a database at all" * 40)
    said = {}

    def let_it_fail(_dialog: SignInDialog) -> None:
        desk.data_may_open.set()

    def read_message(box: QMessageBox) -> None:
        said["text"] = box.text()
        box.accept()

    desk.when_modal(SignInDialog, let_it_fail)
    desk.when_modal(QMessageBox, read_message)
    assert desk.run() != 0
    assert desk.session.member is None and desk.session.window is None
    assert said["text"]


def test_a_database_from_a_newer_movedesk_is_refused_in_japanese(
    qtbot, tmp_path, monkeypatch
) -> None:
    from PySide6.QtWidgets import QMessageBox
    from sqlalchemy import text

    from desktop.store.database import open_database

    (tmp_path / "data").mkdir(exist_ok=True)
    _make_staff(tmp_path)
    database = open_database(f"sqlite:///{(tmp_path / 'data' / 'movedesk.sqlite3').as_posix()}")
    with database.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    database.close()
    desk = _Session(qtbot, tmp_path, monkeypatch)
    said = {}

    def let_it_fail(_dialog: SignInDialog) -> None:
        desk.data_may_open.set()

    def read_message(box: QMessageBox) -> None:
        said["text"] = box.text()
        box.accept()

    desk.when_modal(SignInDialog, let_it_fail)
    desk.when_modal(QMessageBox, read_message)
    assert desk.run() == 5
    assert said["text"].startswith("このデータベースは新しい版の MoveDesk が書いたものです")
