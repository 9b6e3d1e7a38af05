"""One small runner for core work off the GUI thread (after Anki's operations).

The work function gets a ``progress(stage, done, total)`` callback and must
not touch widgets; its result, error and progress come back to the GUI
thread as Qt signals. When the work says which notices it changed, the
runner announces them so every view decides for itself whether to refresh.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from desktop.messages import UserError

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]


class _Relay(QObject):
    progressed = Signal(str, int, int)
    finished = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(self, work: Callable[[Progress], Any], relay: _Relay) -> None:
        super().__init__()
        self.work = work
        self.relay = relay
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.work(self.relay.progressed.emit)
        except Exception as error:  # reported on the GUI thread, never swallowed
            self.relay.failed.emit(error)
        else:
            self.relay.finished.emit(result)


class OperationRunner(QObject):
    """Runs operations and tells the window what is under way."""

    started = Signal(str)
    progressed = Signal(str, int, int)
    ended = Signal(str)
    notices_changed = Signal(object)  # a set of notice ids

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)
        self._running: dict[str, _Relay] = {}
        self._quiet: dict[str, _Relay] = {}

    def is_running(self, label: str | None = None) -> bool:
        """Whether ``label`` (or, without one, anything) is under way."""
        return label in self._running if label else bool(self._running)

    def run(
        self,
        label: str,
        work: Callable[[Progress], Any],
        *,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
        quiet: bool = False,
    ) -> bool:
        """Start ``work``; False if an operation with this label is still running.

        ``quiet`` work (a poll every second) shows no progress and is not
        counted as work under way.
        """
        if label in self._running or label in self._quiet:
            return False
        relay = _Relay(self)
        (self._quiet if quiet else self._running)[label] = relay

        def done(result: Any) -> None:
            self._finish(label)
            changed = getattr(result, "changed_ids", None)
            if changed:
                self.notices_changed.emit(set(changed))
            if on_done:
                on_done(result)

        def failed(error: Exception) -> None:
            self._finish(label)
            if isinstance(error, UserError):  # expected, and said to the clerk
                log.info("operation %s refused: %s", label, error)
            else:
                # The log's formatter keeps a database error's values out of the traceback.
                log.error(
                    "operation %s failed", label, exc_info=(type(error), error, error.__traceback__)
                )
            if on_error:
                on_error(error)

        relay.finished.connect(done)
        relay.failed.connect(failed)
        if not quiet:
            relay.progressed.connect(lambda stage, n, total: self.progressed.emit(stage, n, total))
            self.started.emit(label)
        self.pool.start(_Task(work, relay))
        return True

    def _finish(self, label: str) -> None:
        quiet = self._quiet.pop(label, None)
        if quiet is not None:
            quiet.deleteLater()
            return
        relay = self._running.pop(label, None)
        if relay is not None:
            relay.deleteLater()
        self.ended.emit(label)

    def wait(self, timeout_ms: int = 30_000) -> bool:
        """Block until all work is done (shutdown and tests)."""
        return self.pool.waitForDone(timeout_ms)
