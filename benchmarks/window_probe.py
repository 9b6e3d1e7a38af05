"""Opens a window, reports when its table first painted, then exits.

Run by bench_window.py as a fresh process, so the time includes Python,
Qt and MoveDesk starting cold. ``bare``: a plain PySide6 window with one
table; ``movedesk URL``: the MoveDesk main window on that database, signed
in from code. Prints ``painted`` and, for MoveDesk, resident memory after
scrolling.

``desk URL at-once|when-ready``: MoveDesk as a clerk starts it, through
``movedesk`` itself: prints ``signin`` when the sign-in screen has
painted, ``ready`` when the data behind it is open, and ``painted`` when
the main window has. The password goes in at once (no typing time at all)
or when the data is ready (a clerk who types for longer than that).
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication


class FirstPaint(QObject):
    def __init__(self, then) -> None:  # type: ignore[no-untyped-def]
        super().__init__()
        self.then = then
        self.seen = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.seen:
            self.seen = True
            QTimer.singleShot(0, self.then)
        return False


def resident_megabytes() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def peak_resident_megabytes() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def forget_peak() -> bool:
    """Start the peak (VmHWM) afresh from what is resident now; False where Linux cannot."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
            refs.write("5")
    except OSError:
        return False
    return True


def bare() -> tuple[QApplication, object]:
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QMainWindow, QTableView

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    model = QStandardItemModel(50, 9)
    for row in range(50):
        for column in range(9):
            model.setItem(row, column, QStandardItem(f"{row}-{column}"))
    table = QTableView()
    table.setModel(model)
    window.setCentralWidget(table)
    window.resize(1360, 820)
    return app, window, table


def movedesk(url: str, view: str) -> tuple[QApplication, object]:
    from desktop.context import AppContext
    from desktop.settings import Settings
    from desktop.staff import StaffService
    from ui.fonts import register_fonts
    from ui.i18n import set_language
    from ui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    register_fonts(app)
    set_language("ja")
    context = AppContext(Settings(overrides={"database_url": url}))
    member = StaffService(context.database).authenticate("bench", "Measure-2026-x")
    window = MainWindow(context, member)
    window.sync_timer.stop()
    if view != "open":
        window.filters.select_view(view)
    return app, window, window.table


def desk(url: str, when: str) -> None:
    """The real start: ``movedesk --database-url URL`` with its sign-in screen."""
    from desktop.cli.main import main as movedesk_main
    from ui import signin

    app = QApplication(sys.argv[:1])
    seen: set[str] = set()

    def say(what: str) -> None:
        if what not in seen:
            seen.add(what)
            print(what, flush=True)

    def sign_in(dialog: signin.SignInDialog) -> None:
        dialog.user.setText("bench")
        dialog.password.setText("Measure-2026-x")
        dialog.try_sign_in()

    class Milestones(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and watched.isWidgetType():
                top = watched.window()
                if isinstance(top, signin.SignInDialog) and "signin" not in seen:
                    say("signin")
                    if when == "at-once":
                        QTimer.singleShot(0, lambda: sign_in(top))
                elif type(top).__name__ == "MainWindow" and "painted" not in seen:
                    say("painted")
                    QTimer.singleShot(0, top.close)
            return False

    given = signin.SignInDialog.set_staff

    def set_staff(dialog: signin.SignInDialog, staff) -> None:  # type: ignore[no-untyped-def]
        say("ready")
        if when == "when-ready":
            dialog.user.setText("bench")
            dialog.password.setText("Measure-2026-x")
            dialog.waiting = True
        given(dialog, staff)

    signin.SignInDialog.set_staff = set_staff  # type: ignore[method-assign]
    milestones = Milestones()
    app.installEventFilter(milestones)
    movedesk_main(["--database-url", url, "--language", "ja"])


def main() -> None:
    mode = sys.argv[1]
    if mode == "desk":
        desk(sys.argv[2], sys.argv[3])
        return
    if mode == "bare":
        app, window, table = bare()
    else:
        app, window, table = movedesk(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else "open")

    def painted() -> None:
        print("painted", flush=True)
        if mode != "bare":
            model = table.model()
            for fraction in (0.5, 0.999):
                row = int(model.rowCount() * fraction)
                table.scrollTo(model.index(row, 0))
                app.processEvents()
            print(f"rows {model.rowCount()} rss_mb {resident_megabytes():.1f}", flush=True)
        app.quit()

    watcher = FirstPaint(painted)
    table.viewport().installEventFilter(watcher)
    window.show()
    app.exec()


if __name__ == "__main__":
    main()
