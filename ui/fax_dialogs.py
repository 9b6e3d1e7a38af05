"""Dialogs of the fax window: what to send and where, and the modem's settings.

They only collect choices; the controller in ``ui.fax_window`` makes the
document and talks to the modem off the GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.kinds import known_kinds
from desktop.fax_outbox import AddressEntry
from fax.modem.at import ModemHealth
from ui.i18n import language

_ERROR_STYLE = "color:#b00020;"
_OK_STYLE = "color:#2e7d32;"


@dataclass(frozen=True)
class SendRequest:
    source: str  # notice, list, file
    receipts: tuple[str, ...]
    kind: str
    first: date
    last: date
    path: str
    number: str
    name: str
    save_to_book: bool
    resolution: str
    subject: str


class SendFaxDialog(QDialog):
    def __init__(
        self,
        book: list[AddressEntry],
        *,
        receipt: str = "",
        resolution: str = "fine",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("ファクスを送信"))
        self.source = QComboBox()
        self.source.addItem(self.tr("届出の受付票"), "notice")
        self.source.addItem(self.tr("転入・転出一覧"), "list")
        self.source.addItem(self.tr("PDF・画像ファイル"), "file")
        self.pages = QStackedWidget()
        self.receipts = QLineEdit(receipt)
        self.receipts.setPlaceholderText(self.tr("受付番号（複数はカンマ区切り）"))
        self.pages.addWidget(self.receipts)
        list_page = QWidget()
        list_form = QHBoxLayout(list_page)
        list_form.setContentsMargins(0, 0, 0, 0)
        self.kind = QComboBox()
        for code, kind in known_kinds().items():
            self.kind.addItem(kind.label(language()), code)
        self.first = QDateEdit(QDate.currentDate())
        self.last = QDateEdit(QDate.currentDate())
        for edit in (self.first, self.last):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        list_form.addWidget(self.kind)
        list_form.addWidget(self.first)
        list_form.addWidget(QLabel("〜"))
        list_form.addWidget(self.last)
        self.pages.addWidget(list_page)
        file_page = QWidget()
        file_row = QHBoxLayout(file_page)
        file_row.setContentsMargins(0, 0, 0, 0)
        self.path = QLineEdit()
        browse = QPushButton(self.tr("参照…"))
        browse.clicked.connect(self._browse)
        file_row.addWidget(self.path, 1)
        file_row.addWidget(browse)
        self.pages.addWidget(file_page)
        self.source.currentIndexChanged.connect(self.pages.setCurrentIndex)
        if not receipt:
            self.source.setCurrentIndex(1)

        self.book = QComboBox()
        self.book.addItem(self.tr("（宛先帳から選ぶ）"), None)
        for entry in book:
            self.book.addItem(f"{entry.name}  {entry.number}", entry)
        self.book.currentIndexChanged.connect(self._picked)
        self.number = QLineEdit()
        self.number.setPlaceholderText("0312345678")
        self.name = QLineEdit()
        self.save_to_book = QCheckBox(self.tr("この宛先を宛先帳に保存する"))
        self.resolution = QComboBox()
        self.resolution.addItem(self.tr("ファイン（細かい文字向け）"), "fine")
        self.resolution.addItem(self.tr("標準"), "standard")
        self.resolution.setCurrentIndex(max(0, self.resolution.findData(resolution)))
        self.subject = QLineEdit()
        self.error = QLabel()
        self.error.setStyleSheet(_ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()

        form = QFormLayout()
        form.addRow(self.tr("送るもの"), self.source)
        form.addRow("", self.pages)
        form.addRow(self.tr("宛先帳"), self.book)
        form.addRow(self.tr("ファクス番号"), self.number)
        form.addRow(self.tr("宛先名"), self.name)
        form.addRow("", self.save_to_book)
        form.addRow(self.tr("解像度"), self.resolution)
        form.addRow(self.tr("件名"), self.subject)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("送信待ちに入れる"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("送るファイル"),
            "",
            self.tr("PDF・画像 (*.pdf *.png *.jpg *.jpeg *.tif *.tiff)"),
        )
        if path:
            self.path.setText(path)

    def _picked(self, index: int) -> None:
        entry = self.book.itemData(index)
        if isinstance(entry, AddressEntry):
            self.number.setText(entry.number)
            self.name.setText(entry.name)
            self.save_to_book.setChecked(False)

    def problem(self) -> str:
        """What stops the fax from being queued, or "" when all is there."""
        if not any(c.isdigit() for c in self.number.text()):
            return self.tr("ファクス番号を入力してください")
        source = self.source.currentData()
        if source == "notice" and not self.request().receipts:
            return self.tr("受付番号を入力してください")
        if source == "file" and not self.path.text().strip():
            return self.tr("ファイルを選んでください")
        return ""

    def accept(self) -> None:
        problem = self.problem()
        self.error.setText(problem)
        self.error.setVisible(bool(problem))
        if not problem:
            super().accept()

    def request(self) -> SendRequest:
        first, last = self.first.date().toPython(), self.last.date().toPython()
        return SendRequest(
            source=self.source.currentData(),
            receipts=tuple(r.strip() for r in self.receipts.text().split(",") if r.strip()),
            kind=self.kind.currentData(),
            first=min(first, last),
            last=max(first, last),
            path=self.path.text().strip(),
            number=self.number.text().strip(),
            name=self.name.text().strip(),
            save_to_book=self.save_to_book.isChecked(),
            resolution=self.resolution.currentData(),
            subject=self.subject.text().strip(),
        )


@dataclass(frozen=True)
class ModemChoices:
    port: str
    fax_class: str
    bit_order: str
    flow_control: str
    rings: int


class ModemSettingsDialog(QDialog):
    """Port, class, bit order, flow control, rings; モデム確認 asks the controller to check."""

    check_requested = Signal(str)

    def __init__(
        self, current: ModemChoices, ports: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("モデムの設定"))
        self.setMinimumWidth(520)
        self.port = QComboBox()
        self.port.setEditable(True)
        for port in ports:
            self.port.addItem(port)
        self.port.setCurrentText(current.port)
        self.fax_class = QComboBox()
        self.fax_class.addItem(self.tr("自動（2.0、2、1.0、1 の順）"), "auto")
        for fax_class in ("2.0", "2", "1.0", "1"):
            self.fax_class.addItem(f"Class {fax_class}", fax_class)
        self.bit_order = QComboBox()
        self.bit_order.addItem(self.tr("標準（LSB が先）"), "direct")
        self.bit_order.addItem(self.tr("反転（MSB が先）"), "reversed")
        self.flow_control = QComboBox()
        self.flow_control.addItem(self.tr("ハードウェア（RTS/CTS）"), "rtscts")
        self.flow_control.addItem(self.tr("ソフトウェア（XON/XOFF）"), "xonxoff")
        for combo, value in (
            (self.fax_class, current.fax_class),
            (self.bit_order, current.bit_order),
            (self.flow_control, current.flow_control),
        ):
            combo.setCurrentIndex(max(0, combo.findData(value)))
        self.rings = QSpinBox()
        self.rings.setRange(1, 10)
        self.rings.setValue(current.rings)
        self.check_button = QPushButton(self.tr("モデム確認"))
        self.check_button.clicked.connect(self._check)
        self.result = QLabel()
        self.result.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.tr("ポート"), self.port)
        form.addRow(self.tr("ファクスクラス"), self.fax_class)
        form.addRow(self.tr("ビット順序"), self.bit_order)
        form.addRow(self.tr("フロー制御"), self.flow_control)
        form.addRow(self.tr("自動応答までの呼出回数"), self.rings)
        check_row = QHBoxLayout()
        check_row.addWidget(self.check_button)
        check_row.addWidget(self.result, 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(check_row)
        layout.addWidget(buttons)

    def _check(self) -> None:
        self.check_button.setEnabled(False)
        self.result.setStyleSheet("")
        self.result.setText(self.tr("確認しています…"))
        self.check_requested.emit(self.port.currentText().strip())

    def show_health(self, health: ModemHealth) -> None:
        self.check_button.setEnabled(True)
        self.result.setStyleSheet(_OK_STYLE if health.ok else _ERROR_STYLE)
        self.result.setText(health.english if language() == "en" else health.japanese)

    def show_error(self, message: str) -> None:
        self.check_button.setEnabled(True)
        self.result.setStyleSheet(_ERROR_STYLE)
        self.result.setText(message)

    def choices(self) -> ModemChoices:
        return ModemChoices(
            port=self.port.currentText().strip(),
            fax_class=self.fax_class.currentData(),
            bit_order=self.bit_order.currentData(),
            flow_control=self.flow_control.currentData(),
            rings=self.rings.value(),
        )
