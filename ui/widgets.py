"""Small pieces several dialogs share."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from desktop.privacy import is_database_error


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


def error_message(error: BaseException) -> str:
    """What a dialog says about ``error``: its own text, but never a database error's.

    A database error's text can hold the values of the row it failed on
    (a resident's name, address, phone), so only its kind is shown; the
    log has the rest, without the values.
    """
    if is_database_error(error):
        return QCoreApplication.translate(
            "errors", "データベースの処理に失敗しました（%1）。詳しくはログを見てください。"
        ).replace("%1", type(error).__name__)
    return str(error)
