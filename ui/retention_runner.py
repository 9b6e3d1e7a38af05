"""The retention purge in the window: soon after start and then once a day, off the GUI thread."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from ui.i18n import error_text

PURGE = "purge"
START_DELAY_MS = 20_000  # after the first sync has had its turn at the database
DAILY_MS = 24 * 60 * 60 * 1000


class RetentionRunner(QObject):
    """Runs ``desktop.retention`` through the window's runner; progress goes to the status bar."""

    finished = Signal(object)  # the PurgeReport, or None when it failed

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.first = QTimer(self)
        self.first.setSingleShot(True)
        self.first.timeout.connect(self.run_now)
        self.daily = QTimer(self)
        self.daily.timeout.connect(self.run_now)
        self.last_report: Any = None

    def start(self, first_delay_ms: int = START_DELAY_MS) -> None:
        self.first.start(first_delay_ms)
        self.daily.start(DAILY_MS)

    def stop(self) -> None:
        self.first.stop()
        self.daily.stop()

    def run_now(self) -> bool:
        """Start a purge; False if one is under way."""
        context = self.window.context

        def work(progress: Any) -> Any:
            from desktop import paths
            from desktop.retention import purge_from_settings

            purge = purge_from_settings(
                context.database, context.settings, fax_folder=context.fax_dir or paths.fax_dir()
            )
            return purge.run(progress=progress)

        started = self.window.runner.run(PURGE, work, on_done=self._done, on_error=self._failed)
        if started:
            self._say(self.tr("保存期間を過ぎた個人情報を削除しています…"), 0)
        return started

    def _say(self, text: str, timeout_ms: int = 10_000) -> None:
        self.window.statusBar().showMessage(text, timeout_ms)

    def _done(self, report: Any) -> None:
        self.last_report = report
        if report.notices or report.received_faxes or report.fax_jobs:
            self._say(
                self.tr("保存期間を過ぎた届出 %1 件、ファクス %2 件を削除しました")
                .replace("%1", str(report.notices))
                .replace("%2", str(report.received_faxes + report.fax_jobs))
            )
        else:
            self.window.statusBar().clearMessage()
        self.finished.emit(report)

    def _failed(self, error: Exception) -> None:
        self._say(
            self.tr("保存期間を過ぎた個人情報を削除できませんでした: %1").replace(
                "%1", error_text(error)
            ),
            0,
        )
        self.finished.emit(None)
