"""Small pieces several dialogs share."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QTabWidget

# What a dialog says went wrong, in the error colour.
ERROR_STYLE = "color: #b00020"


def dialog_buttons(
    dialog: QDialog,
    confirm: Callable[[], object],
    confirm_text: str | None = None,
    cancel_text: str | None = None,
) -> QDialogButtonBox:
    """OK and Cancel with the dialog's own words; OK runs ``confirm`` (which may refuse)."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    if confirm_text:
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(confirm_text)
    if cancel_text:
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel_text)
    buttons.accepted.connect(confirm)
    buttons.rejected.connect(dialog.reject)
    return buttons


def error_label() -> QLabel:
    """The line under a dialog's fields that says what is wrong (empty until then)."""
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    return label


def password_field(placeholder: str = "") -> QLineEdit:
    """A line edit that shows dots, for a password or a passphrase."""
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    if placeholder:
        field.setPlaceholderText(placeholder)
    return field


class _SteadyTabs(QObject):
    """Lets a tab widget lay itself out again only when its tab bar changed size."""

    def __init__(self, tabs: QTabWidget) -> None:
        super().__init__(tabs)
        self._bar = tabs.tabBar().sizeHint()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.LayoutRequest or not isinstance(watched, QTabWidget):
            return False
        bar = watched.tabBar().sizeHint()
        if bar == self._bar:
            return True  # a page's contents changed: the page lays itself out
        self._bar = bar
        return False


def steady_tabs(tabs: QTabWidget) -> QTabWidget:
    """``tabs`` without a repaint of every page whenever a label on a page changes length.

    A QTabWidget answers any layout request from its pages by laying out and
    repainting itself whole: opening a notice repainted the entire window.
    Its own resizes and tab bar changes still lay it out as before.
    """
    tabs.installEventFilter(_SteadyTabs(tabs))
    return tabs
