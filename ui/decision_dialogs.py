"""Small dialogs around a decision: the rejection reason."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QWidget,
)

from desktop.domain.choices import REJECTION_REASONS
from ui.i18n import language
from ui.widgets import dialog_buttons


class RejectDialog(QDialog):
    """Pick a reason from the list and, for その他 at least, explain."""

    def __init__(self, receipt: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("不受理の理由"))
        layout = QFormLayout(self)
        layout.addRow(QLabel(self.tr("受付番号 %1").replace("%1", receipt)))
        self.reason = QComboBox()
        for code, choice in REJECTION_REASONS.items():
            self.reason.addItem(choice.label(language()), code)
        # No reason is chosen for the clerk: a rejection says what the clerk meant.
        self.reason.setPlaceholderText(self.tr("理由を選んでください"))
        self.reason.setCurrentIndex(-1)
        layout.addRow(self.tr("理由(&R)"), self.reason)
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText(self.tr("補足（「その他」のときは必須）"))
        self.text.setTabChangesFocus(True)
        self.text.setMaximumHeight(90)
        layout.addRow(self.tr("補足(&T)"), self.text)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b00020")
        layout.addRow(self.problem)
        buttons = dialog_buttons(self, self._check, self.tr("不受理にする"), self.tr("キャンセル"))
        self.confirm_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.confirm_button.setEnabled(False)
        self.reason.currentIndexChanged.connect(
            lambda index: self.confirm_button.setEnabled(index >= 0)
        )
        layout.addRow(buttons)

    @property
    def reason_code(self) -> str | None:
        return self.reason.currentData()

    @property
    def reason_text(self) -> str:
        return self.text.toPlainText().strip()

    def _check(self) -> None:
        if self.reason_code is None:
            self.problem.setText(self.tr("不受理の理由を選んでください"))
            self.reason.setFocus()
            return
        if self.reason_code == "other" and not self.reason_text:
            self.problem.setText(self.tr("「その他」を選んだときは補足を入力してください"))
            self.text.setFocus()
            return
        if len(self.reason_text) > 500:
            self.problem.setText(self.tr("補足は500文字以内にしてください"))
            return
        self.accept()
