"""Qt's own words (standard buttons, the file dialog) follow the window's language."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QMessageBox

from ui.i18n import QT_JAPANESE, qt_translations_dir, set_language

pytestmark = pytest.mark.gui


def _standard_words() -> dict[str, str]:
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok
        | QDialogButtonBox.StandardButton.Cancel
        | QDialogButtonBox.StandardButton.Yes
        | QDialogButtonBox.StandardButton.No
        | QDialogButtonBox.StandardButton.Save
    )
    try:
        return {
            name: box.button(getattr(QDialogButtonBox.StandardButton, name)).text()
            for name in ("Ok", "Cancel", "Yes", "No", "Save")
        }
    finally:
        box.deleteLater()


@pytest.fixture
def back_to_japanese(qapp):  # type: ignore[no-untyped-def]
    yield
    set_language("ja")


def test_qt_japanese_ships_with_pyside() -> None:
    assert (qt_translations_dir() / QT_JAPANESE).is_file()


def test_standard_buttons_are_japanese_in_japanese_and_english_in_english(
    back_to_japanese,
) -> None:
    set_language("ja")
    japanese = _standard_words()
    assert (japanese["Cancel"], japanese["Yes"], japanese["No"], japanese["Save"]) == (
        "キャンセル",
        "はい(&Y)",
        "いいえ(&N)",
        "保存",
    )
    set_language("en")
    english = _standard_words()
    assert (english["Cancel"], english["Yes"], english["No"], english["Save"]) == (
        "Cancel",
        "&Yes",
        "&No",
        "Save",
    )


def test_the_save_as_pdf_dialog_speaks_japanese(qtbot, back_to_japanese) -> None:
    from PySide6.QtWidgets import QLabel, QPushButton

    set_language("ja")
    # Qt's own dialog, as on Linux; Windows shows its native one in the system's language.
    dialog = QFileDialog(None, "PDFとして保存")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    qtbot.addWidget(dialog)
    buttons = sorted(button.text() for button in dialog.findChildren(QPushButton))
    assert buttons == sorted(["保存(&S)", "キャンセル"])
    assert "ファイル名(&N):" in [label.text() for label in dialog.findChildren(QLabel)]


def test_a_question_asks_with_hai_and_iie(qtbot, back_to_japanese) -> None:
    set_language("ja")
    box = QMessageBox(QMessageBox.Icon.Question, "再開", "処理中に戻しますか？")
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    qtbot.addWidget(box)
    assert sorted(button.text() for button in box.buttons()) == sorted(["はい(&Y)", "いいえ(&N)"])


def _button_words(dialog) -> list[str]:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QAbstractButton

    return sorted(button.text() for button in dialog.findChildren(QAbstractButton) if button.text())


def test_the_window_dialogs_have_no_english_buttons(qtbot, back_to_japanese) -> None:
    from PySide6.QtWidgets import QInputDialog

    from ui.document_actions import ListChoiceDialog
    from ui.fax_dialogs import ModemChoices, ModemSettingsDialog, SendFaxDialog

    set_language("ja")
    unlock = QInputDialog()
    unlock.setComboBoxItems(["tanaka"])
    dialogs = [
        ListChoiceDialog("move_in"),
        ListChoiceDialog("move_in", for_csv=True),
        SendFaxDialog([], receipt="MV2-0001"),
        ModemSettingsDialog(ModemChoices("COM3", "auto", "auto", "auto", 2), ["COM3"]),
        unlock,
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        words = _button_words(dialog)
        assert "キャンセル" in words, (type(dialog).__name__, words)
        english = [
            w for w in words if w.replace("&", "") in ("Cancel", "Yes", "No", "Save", "Close")
        ]
        assert english == [], (type(dialog).__name__, words)
