"""Starting the window: display check, fonts, language, sign-in, demo mode."""

from __future__ import annotations

import argparse
import ctypes.util
import faulthandler
import logging
import os
import sys
from pathlib import Path

log = logging.getLogger(__name__)
EXIT_NO_DISPLAY = 6


def display_problem() -> str | None:
    """One plain sentence if Qt could not open a window here, else None."""
    if os.environ.get("QT_QPA_PLATFORM", "") in ("offscreen", "minimal"):
        return None
    if not sys.platform.startswith("linux"):
        return None
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        return (
            "MoveDesk needs a screen and none was found (DISPLAY is not set): run it in a "
            "desktop session, or install Xvfb (apt-get install xvfb) and start it as "
            "'xvfb-run make demo'."
        )
    if os.environ.get("DISPLAY") and not ctypes.util.find_library("xcb-cursor"):
        return (
            "Qt needs the X11 library libxcb-cursor0 to open a window: install it with "
            "'apt-get install libxcb-cursor0' and start MoveDesk again."
        )
    return None


def run_window(args: argparse.Namespace) -> int:
    screenshot = getattr(args, "screenshot", None)
    if screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    problem = display_problem()
    if problem:
        print(f"movedesk: {problem}", file=sys.stderr)
        return EXIT_NO_DISPLAY

    from PySide6.QtWidgets import QApplication, QMessageBox

    from desktop import paths
    from desktop.logs import configure_logging, open_private_log
    from ui.fonts import register_fonts
    from ui.i18n import error_text
    from ui.session import DeskSession

    # The demo leaves the real log folder alone.
    log_folder = paths.demo_log_dir() if getattr(args, "demo", False) else None
    log_path = configure_logging(folder=log_folder)
    # A crash inside Qt or compiled code leaves no Python traceback; this
    # writes the native one into the log folder. The file stays open on purpose.
    crash_log = open_private_log("crash.log", log_folder)
    faulthandler.enable(crash_log)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("MoveDesk")
    app.setOrganizationName("MoveDesk")
    register_fonts(app)

    def report_crash(kind, value, trace) -> None:  # type: ignore[no-untyped-def]
        log.critical("uncaught error", exc_info=(kind, value, trace))
        QMessageBox.critical(
            None,
            "MoveDesk",
            QApplication.translate(
                "app",
                "予期しないエラーが発生しました: %1\n\nデータベースは保護されています。詳しくはログを見てください:\n%2",
            )
            .replace("%1", error_text(value))
            .replace("%2", str(log_path)),
        )

    sys.excepthook = report_crash
    session = DeskSession(app, args, screenshot=Path(screenshot) if screenshot else None)
    return session.run()
