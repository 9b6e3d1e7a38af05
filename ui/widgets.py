"""Small pieces several dialogs share."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit

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
