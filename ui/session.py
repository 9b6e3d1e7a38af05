"""A sitting at the counter: sign in, open the data, show the window, lock when idle.

The sign-in screen comes first and the data opens behind it: the database
layer, the migrations and (in demo mode) the simulated hub load on a
background thread while the clerk types, so the program answers in about
the time a bare Qt window takes instead of after the whole data layer has
loaded. Only plain Python work runs on that thread; every Qt object is
made on the GUI thread.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QEventLoop, QMetaObject, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.cli.common import settings_from
from desktop.demo_accounts import DEMO_ACCOUNTS, DEMO_BUREAU_NAME
from desktop.domain.accounts import StaffMember
from ui.events import process_pending_events
from ui.i18n import error_text, set_language
from ui.screen_lock import PutAwayWindows
from ui.signin import NewStaffDialog, SignInDialog

if TYPE_CHECKING:
    from desktop.context import AppContext
    from desktop.demo import DemoEnvironment
    from desktop.settings import Settings
    from desktop.staff import StaffService
    from ui.main_window import MainWindow

log = logging.getLogger(__name__)
SCREENSHOT_TIMEOUT_MS = 120_000
SCREENSHOT_SIZE = (1366, 768)
# What the first sign-in dialog answers when the data did not open, or has no staff yet.
NOT_FOR_SIGN_IN = 2


@dataclass
class OpenedData:
    context: AppContext
    staff: StaffService
    has_staff: bool
    demo: DemoEnvironment | None = None


class DataOpener(QObject):
    """Opens the data on a worker thread; ``opened`` carries OpenedData or the exception."""

    opened = Signal(object)

    def __init__(self, settings: Settings | None, *, demo: bool) -> None:
        super().__init__()
        self.settings = settings
        self.demo = demo
        self.result: OpenedData | Exception | None = None
        self._thread = threading.Thread(target=self._run, name="open-data", daemon=True)

    def start(self) -> None:
        if not self._thread.is_alive() and self.result is None:
            with contextlib.suppress(RuntimeError):  # started already
                self._thread.start()

    def join(self) -> None:
        if self._thread.ident is not None:
            self._thread.join()

    def _run(self) -> None:
        try:
            result: OpenedData | Exception = self._open()
        except Exception as error:  # shown by the session, on the GUI thread
            log.exception("cannot open the data")
            result = error
        self.result = result
        # Signals go out from the GUI thread, where this object lives.
        QMetaObject.invokeMethod(self, "_announce", Qt.ConnectionType.QueuedConnection)

    @Slot()
    def _announce(self) -> None:
        self.opened.emit(self.result)

    def _open(self) -> OpenedData:
        # The data layer the window needs, loaded here rather than on the GUI thread.
        for module in ("desktop.listing", "desktop.service", "desktop.sync"):
            importlib.import_module(module)
        if self.demo:
            from desktop.demo import DemoEnvironment

            environment = DemoEnvironment()
            try:
                context = environment.start()
            except Exception:
                environment.stop()  # the simulated hub may be up already
                raise
            return OpenedData(context, _staff_service(context), True, environment)
        from desktop.context import AppContext

        assert self.settings is not None
        context = AppContext(self.settings)
        try:
            staff = _staff_service(context)  # opens and migrates the database
            return OpenedData(context, staff, staff.has_staff())
        except Exception:
            context.close()
            raise


def _staff_service(context: AppContext) -> StaffService:
    from desktop.domain.accounts import StaffPolicy
    from desktop.staff import StaffService

    return StaffService(context.database, StaffPolicy.from_settings(context.settings))


class _ActivityWatch(QObject):
    """Notices keyboard and mouse use anywhere in the program."""

    def __init__(self, on_activity) -> None:  # type: ignore[no-untyped-def]
        super().__init__()
        self.on_activity = on_activity

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel):
            self.on_activity()
        return False


class _FirstPaint(QObject):
    """Calls ``then`` once, after ``widget`` first painted."""

    def __init__(self, widget: QObject, then: Any) -> None:
        super().__init__(widget)
        self.then = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.then is not None:
            then, self.then = self.then, None
            watched.removeEventFilter(self)
            QTimer.singleShot(0, then)
        return False


class DeskSession:
    def __init__(
        self, app: QApplication, args: argparse.Namespace, *, screenshot: Path | None
    ) -> None:
        self.app = app
        self.args = args
        self.screenshot = screenshot
        self.settings: Settings | None = None if args.demo else settings_from(args)
        self.opener = DataOpener(self.settings, demo=bool(args.demo))
        self.data: OpenedData | None = None
        self.window: MainWindow | None = None
        self.member: StaffMember | None = None
        self.exit_code = 0
        self.idle_timer = QTimer()
        self.idle_timer.setSingleShot(True)
        self.idle_timer.timeout.connect(self.lock)
        self.watch = _ActivityWatch(self._activity)
        self._locked = False  # the lock or sign-out screen is up

    @property
    def context(self) -> AppContext | None:
        return self.data.context if self.data is not None else None

    @property
    def demo(self) -> DemoEnvironment | None:
        return self.data.demo if self.data is not None else None

    # -- start and stop ---------------------------------------------------------------

    def run(self) -> int:
        language = self.args.language or (self.settings.get("language") if self.settings else None)
        set_language(language or "ja")
        if self.screenshot is not None:
            self.opener.start()
        try:
            self.member = self._first_member()
            if self.member is None:
                return self.exit_code
            self._open_window()
            self.app.installEventFilter(self.watch)
            self._activity()
            code = self.app.exec()
            return self.exit_code or code
        finally:
            self.opener.join()
            if self.data is None and isinstance(self.opener.result, OpenedData):
                self.data = self.opener.result  # opened after the clerk had given up
            if self.demo is not None:
                self.demo.stop()
            elif self.context is not None:
                self.context.close()

    def _take_data(self, result: object) -> bool:
        """Keep the opened data, or say why there is none (False)."""
        if isinstance(result, OpenedData):
            self.data = result
            return True
        from desktop.store.database import DatabaseTooNew, NotAMoveDeskDatabase

        translate = QApplication.translate
        if isinstance(result, DatabaseTooNew):
            text = translate(
                "DeskSession",
                "このデータベースは新しい版の MoveDesk が書いたものです。変更せずに終了します。"
                "その版の MoveDesk を使うか、別のデータベースを設定してください。",
            )
            self.exit_code = 5
        elif isinstance(result, NotAMoveDeskDatabase):
            text = translate(
                "DeskSession",
                "このデータベースには MoveDesk のものではない表があります。変更せずに終了します。"
                "設定のデータベースを確かめてください。",
            )
            self.exit_code = 5
        else:
            text = translate("DeskSession", "データを開けません: %1").replace(
                "%1", error_text(result) if isinstance(result, BaseException) else str(result)
            )
            self.exit_code = 1
        QMessageBox.critical(None, "MoveDesk", text)
        return False

    def _wait_for_data(self) -> bool:
        self.opener.start()
        if self.opener.result is None:
            loop = QEventLoop()
            self.opener.opened.connect(loop.quit)
            if self.opener.result is None:  # it may have finished while connecting
                loop.exec()
        return self._take_data(self.opener.result)

    def _first_member(self) -> StaffMember | None:
        if self.screenshot is not None and self.args.demo:
            if not self._wait_for_data():
                return None
            assert self.data is not None
            clerk = DEMO_ACCOUNTS[0]
            return self.data.staff.authenticate(clerk.user_id, clerk.password)
        dialog = SignInDialog(
            None,
            bureau=DEMO_BUREAU_NAME if self.args.demo else self._setting("bureau_name"),
            demo_accounts=DEMO_ACCOUNTS if self.args.demo else (),
        )

        def opened(result: object) -> None:
            if isinstance(result, OpenedData) and result.has_staff:
                dialog.set_staff(result.staff)
            else:
                dialog.done(NOT_FOR_SIGN_IN)

        # The data starts opening once the screen has painted: loading it
        # meanwhile would hold the interpreter while the dialog is being drawn.
        self._first_paint = _FirstPaint(dialog, self.opener.start)
        ready = self.opener.result
        if ready is None or (isinstance(ready, OpenedData) and ready.has_staff):
            self.opener.opened.connect(opened)
            if ready is not None:
                opened(ready)
            answer = dialog.exec()
            self.opener.opened.disconnect(opened)
            if answer == SignInDialog.DialogCode.Accepted:
                self._take_data(self.opener.result)
                return dialog.member
            if answer != NOT_FOR_SIGN_IN:
                return None  # the clerk closed it
        if not self._wait_for_data():
            return None
        assert self.data is not None
        if not self.data.has_staff:
            first = NewStaffDialog(self.data.staff, "first-start", first=True)
            if first.exec() != NewStaffDialog.DialogCode.Accepted:
                return None
        return self._sign_in()

    def _setting(self, key: str) -> Any:
        return self.settings.get(key) if self.settings is not None else ""

    def _sign_in(self, locked_user: str | None = None) -> StaffMember | None:
        assert self.data is not None
        dialog = SignInDialog(
            self.data.staff,
            bureau=self.data.context.settings.get("bureau_name"),
            demo_accounts=DEMO_ACCOUNTS if self.demo is not None else (),
            locked_user=locked_user,
        )
        if dialog.exec() != SignInDialog.DialogCode.Accepted:
            return None
        return dialog.member

    def _open_window(self) -> None:
        from ui.main_window import MainWindow

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
        if self.window is None or self._locked:
            return
        self._locked = True
        try:
            self._hand_over(PutAwayWindows.now())
        finally:
            self._locked = False

    def _hand_over(self, put_away: PutAwayWindows) -> None:
        """Let anyone sign in; the previous sitting's windows are closed, never shown again."""
        member = self._sign_in()
        if member is None:
            put_away.close()
            self.app.quit()
            return
        old = self.window
        self.member = member
        self._open_window()
        put_away.close()
        if old is not None:
            old.deleteLater()

    def _activity(self) -> None:
        if self.context is not None:
            self.idle_timer.start(self.context.settings.get("idle_lock_minutes") * 60_000)

    def lock(self) -> None:
        """Put every window away until the same person signs in again."""
        if self.window is None or self.member is None or self.screenshot is not None:
            return
        if self._locked:  # the lock screen is up already
            return
        self._locked = True
        try:
            put_away = PutAwayWindows.now()
            locked_for = self.member.user_id
            member = self._sign_in(locked_user=locked_for)
            if member is None or member.user_id != locked_for:
                self._hand_over(put_away)
                return
            put_away.bring_back()
        finally:
            self._locked = False
        self._activity()

    # -- screenshot mode --------------------------------------------------------------

    def _take_screenshot(self, _report: object) -> None:
        window = self.window
        if window is None or self.screenshot is None:
            return
        # The smallest screen a counter PC is expected to have.
        window.resize(*SCREENSHOT_SIZE)
        window.select_id(window.model.id_at(0))
        process_pending_events()
        self.screenshot.parent.mkdir(parents=True, exist_ok=True)
        saved = window.grab().save(str(self.screenshot))
        self.exit_code = 0 if saved else 1
        self.app.exit(self.exit_code)

    def _screenshot_timed_out(self) -> None:
        log.error("no sync finished within %s ms; no screenshot", SCREENSHOT_TIMEOUT_MS)
        self.exit_code = 1
        self.app.exit(1)
