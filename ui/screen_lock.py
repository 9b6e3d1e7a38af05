"""What the idle lock does to the windows on screen: nothing readable stays up.

Every visible top-level window is put away while the lock screen asks for
the password, and comes back only when the same person signs in again.
A dialog that runs its own event loop (``exec``) cannot be hidden: hiding
ends that loop as if the clerk had cancelled, so its contents are hidden
instead and the dialog keeps waiting, empty, behind the lock screen.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from shiboken6 import isValid


def _runs_own_loop(window: QWidget) -> bool:
    # exec() makes a dialog application-modal; open() and show() do not.
    return (
        isinstance(window, QDialog)
        and window.windowModality() == Qt.WindowModality.ApplicationModal
    )


class PutAwayWindows:
    """The windows one lock put away, to be brought back or closed."""

    def __init__(self) -> None:
        self.hidden: list[QWidget] = []
        self.emptied: dict[QWidget, list[QWidget]] = {}

    @classmethod
    def now(cls) -> PutAwayWindows:
        """Put away every visible top-level window of the program."""
        put_away = cls()
        for window in QApplication.topLevelWidgets():
            if not window.isVisible():
                continue
            if window.windowType() in (Qt.WindowType.Popup, Qt.WindowType.ToolTip):
                window.hide()  # an open menu or a tooltip is not brought back
                continue
            if _runs_own_loop(window):
                contents = [
                    child
                    for child in window.findChildren(
                        QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly
                    )
                    if child.isVisible()
                ]
                for child in contents:
                    child.hide()
                put_away.emptied[window] = contents
            else:
                window.hide()
                put_away.hidden.append(window)
        return put_away

    def windows(self) -> list[QWidget]:
        return [*self.hidden, *self.emptied]

    def bring_back(self) -> None:
        """Show them again as they were (for the person who locked the screen)."""
        # A window may have been deleted meanwhile (its owner closed it).
        for window in self.hidden:
            if isValid(window):
                window.show()
        for contents in self.emptied.values():
            for child in contents:
                if isValid(child):
                    child.show()
        self.hidden, self.emptied = [], {}

    def close(self) -> None:
        """Close them for good: someone else is signing in and gets fresh windows."""
        for window in self.emptied:
            if isValid(window) and isinstance(window, QDialog):
                window.reject()  # its own loop ends once control returns to it
        for window in self.hidden:
            if isValid(window):
                window.close()
        self.hidden, self.emptied = [], {}
