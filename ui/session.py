"""A sitting at the counter: open the data, sign in, show the window, lock when idle."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.cli.common import context_from
from desktop.context import AppContext
from desktop.demo import DEMO_ACCOUNTS, DemoEnvironment
from desktop.staff import StaffMember, StaffService
from desktop.store.database import DatabaseTooNew, NotAMoveDeskDatabase
from ui.i18n import set_language
from ui.main_window import MainWindow
from ui.signin import NewStaffDialog, SignInDialog

log = logging.getLogger(__name__)
SCREENSHOT_TIMEOUT_MS = 120_000


class _ActivityWatch(QObject):
    """Notices keyboard and mouse use anywhere in the program."""

    def __init__(self, on_activity) -> None:  # type: ignore[no-untyped-def]
        super().__init__()
        self.on_activity = on_activity

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel):
            self.on_activity()
        return False


class DeskSession:
    def __init__(
        self, app: QApplication, args: argparse.Namespace, *, screenshot: Path | None
    ) -> None:
        self.app = app
        self.args = args
        self.screenshot = screenshot
        self.demo = DemoEnvironment() if args.demo else None
        self.context: AppContext | None = None
        self.window: MainWindow | None = None
        self.member: StaffMember | None = None
        self.exit_code = 0
        self.idle_timer = QTimer()
        self.idle_timer.setSingleShot(True)
        self.idle_timer.timeout.connect(self.lock)
        self.watch = _ActivityWatch(self._activity)

    # -- start and stop ---------------------------------------------------------------

    def open_context(self) -> AppContext | None:
        try:
            if self.demo is not None:
                return self.demo.start()
            context = context_from(self.args)
            context.database  # noqa: B018  (opens and migrates now, where errors can be shown)
            return context
        except (DatabaseTooNew, NotAMoveDeskDatabase) as error:
            QMessageBox.critical(None, "MoveDesk", str(error))
            self.exit_code = 5
        except Exception as error:  # the database folder or server may be out of reach
            log.exception("cannot open the data")
            QMessageBox.critical(
                None,
                "MoveDesk",
                QApplication.translate("DeskSession", "データを開けません: %1").replace(
                    "%1", str(error)
                ),
            )
            self.exit_code = 1
        return None

    def run(self) -> int:
        self.context = self.open_context()
        if self.context is None:
            return self.exit_code
        language = self.args.language or self.context.settings.get("language")
        set_language(language)
        try:
            self.member = self._first_member()
            if self.member is None:
                return 0
            self._open_window()
            self.app.installEventFilter(self.watch)
            self._activity()
            code = self.app.exec()
            return self.exit_code or code
        finally:
            if self.demo is not None:
                self.demo.stop()
            elif self.context is not None:
                self.context.close()

    def _first_member(self) -> StaffMember | None:
        assert self.context is not None
        staff = StaffService(self.context.database)
        if self.screenshot is not None and self.demo is not None:
            clerk = DEMO_ACCOUNTS[0]
            return staff.authenticate(clerk.user_id, clerk.password)
        if not staff.has_staff():
            dialog = NewStaffDialog(staff, "first-start", first=True)
            if dialog.exec() != NewStaffDialog.DialogCode.Accepted:
                return None
        return self._sign_in()

    def _sign_in(self, locked_user: str | None = None) -> StaffMember | None:
        assert self.context is not None
        dialog = SignInDialog(
            StaffService(self.context.database),
            bureau=self.context.settings.get("bureau_name"),
            demo_accounts=DEMO_ACCOUNTS if self.demo is not None else (),
            locked_user=locked_user,
        )
        if dialog.exec() != SignInDialog.DialogCode.Accepted:
            return None
        return dialog.member

    def _open_window(self) -> None:
        assert self.context is not None and self.member is not None
        window = MainWindow(self.context, self.member, demo=self.demo is not None)
        window.language_requested.connect(self.change_language)
        window.sign_out_requested.connect(self.sign_out)
        self.window = window
        if self.screenshot is not None:
            window.sync_finished.connect(self._take_screenshot)
            QTimer.singleShot(SCREENSHOT_TIMEOUT_MS, self._screenshot_timed_out)
        window.show()
        QTimer.singleShot(0, window.sync_now)

    def change_language(self, code: str) -> None:
        assert self.context is not None
        set_language(code)
        if self.context.settings.get("language") != code:
            self.context.settings.set("language", code)
            self.context.settings.save()

    # -- sign-out and lock ------------------------------------------------------------

    def sign_out(self) -> None:
        if self.window is None:
            return
        self.window.hide()
        member = self._sign_in()
        if member is None:
            self.window.close()
            self.app.quit()
            return
        old = self.window
        self.member = member
        self._open_window()
        old.close()
        old.deleteLater()

    def _activity(self) -> None:
        if self.context is not None:
            self.idle_timer.start(self.context.settings.get("idle_lock_minutes") * 60_000)

    def lock(self) -> None:
        """Hide residents' data until the same person signs in again."""
        if self.window is None or self.member is None or self.screenshot is not None:
            return
        self.window.hide()
        member = self._sign_in(locked_user=self.member.user_id)
        if member is None:
            self.sign_out()
            return
        self.window.show()
        self._activity()

    # -- screenshot mode --------------------------------------------------------------

    def _take_screenshot(self, _report: object) -> None:
        window = self.window
        if window is None or self.screenshot is None:
            return
        window.select_id(window.model.id_at(0))
        QApplication.processEvents()
        self.screenshot.parent.mkdir(parents=True, exist_ok=True)
        saved = window.grab().save(str(self.screenshot))
        self.exit_code = 0 if saved else 1
        self.app.exit(self.exit_code)

    def _screenshot_timed_out(self) -> None:
        log.error("no sync finished within %s ms; no screenshot", SCREENSHOT_TIMEOUT_MS)
        self.exit_code = 1
        self.app.exit(1)
