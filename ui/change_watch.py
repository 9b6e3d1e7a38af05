"""Seeing what other seats did: the change log polled every second, off the GUI thread.

Every seat on a shared database writes to one change log (database
triggers, desktop/store/change_feed.py). The watcher asks for the entries
after the last one it saw; the operation runner then announces the changed
notices, and the list and the open notice refresh just those rows, as
they do after this seat's own work. A claim, a decision or a new notice
made at another PC shows here within about one poll interval.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.changes import ChangeBatch, ChangeFeed
from ui.operations import OperationRunner

log = logging.getLogger(__name__)

POLL_INTERVAL_MS = 1000
CHANGES = "changes"


class ChangeWatcher(QObject):
    polled = Signal(object)  # the ChangeBatch, after the views were told
    lost_track = Signal()  # the log was pruned past this window: reload the list
    reachability_changed = Signal(bool)  # the database went away (False) or came back

    def __init__(self, runner: OperationRunner, feed: ChangeFeed, parent: QObject) -> None:
        super().__init__(parent)
        self.runner = runner
        self.feed = feed
        self.position: int | None = None
        self.reachable = True
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_INTERVAL_MS)
        self.timer.timeout.connect(self.poll)

    def start(self, position: int | None = None) -> None:
        """Watch from ``position`` (taken when the list was loaded), or from now."""
        self.position = position
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def poll(self) -> bool:
        """Ask for new entries in the background; False while the last ask is still out."""
        feed, position = self.feed, self.position

        def work(_progress):  # type: ignore[no-untyped-def]
            try:
                batch = ChangeBatch(feed.position()) if position is None else feed.since(position)
                return replace(batch, office=feed.office())
            except Exception as error:  # the database is away: say so once, keep polling
                return error

        return self.runner.run(CHANGES, work, on_done=self._arrived, quiet=True)

    def _arrived(self, batch: ChangeBatch | Exception) -> None:
        if isinstance(batch, Exception):
            if self.reachable:
                log.warning("the change log cannot be read: %s", type(batch).__name__)
                self.reachable = False
                self.reachability_changed.emit(False)
            return
        if not self.reachable:
            self.reachable = True
            self.reachability_changed.emit(True)
        self.position = batch.position
        if batch.lost_track:
            self.lost_track.emit()
        self.polled.emit(batch)
