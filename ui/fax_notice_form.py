"""The form a clerk fills in beside a faxed page to make it a notice (届出を作成).

Labels come from the notice's field table (``desktop.domain.fields``), so
the form says what the notice panel says. The form only collects values;
``desktop.fax_notices`` builds the payload and validates it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QDate, QDateTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.choices import PAYMENT_METHODS, SETTLEMENT_METHODS
from desktop.domain.fields import FIELDS_BY_KEY
from desktop.domain.kinds import known_kinds
from desktop.domain.notice import JST
from ui.i18n import language

_ERROR_STYLE = "background:#ffd6d6; border:1px solid #b00020; padding:4px;"
_TEXT_FIELDS = (
    "name",
    "kana",
    "phone",
    "email",
    "customer_number",
    "postal_code",
    "address",
    "building",
    "presence_time",
)


class FaxNoticeForm(QWidget):
    """Emits ``submitted(values)``; ``show_problems`` shows what the validation refused."""

    submitted = Signal(dict)
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setStyleSheet("font-weight:bold;")
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet(_ERROR_STYLE)
        self.problems.hide()

        self.receipt = QLineEdit()
        self.kind = QComboBox()
        for code, kind in known_kinds().items():
            self.kind.addItem(kind.label(language()), code)
        self.submitted_at = QDateTimeEdit()
        self.submitted_at.setCalendarPopup(True)
        self.submitted_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.move_date = QDateEdit()
        self.move_date.setCalendarPopup(True)
        self.move_date.setDisplayFormat("yyyy-MM-dd")
        self.edits: dict[str, QLineEdit] = {key: QLineEdit() for key in _TEXT_FIELDS}
        self.presence = QCheckBox()
        self.payment = QComboBox()
        self.settlement = QComboBox()
        for combo, table in (
            (self.payment, PAYMENT_METHODS),
            (self.settlement, SETTLEMENT_METHODS),
        ):
            combo.addItem("—", None)
            for code, choice in table.items():
                combo.addItem(choice.label(language()), code)
        self.forwarding_postal = QLineEdit()
        self.forwarding = QLineEdit()
        self.filer = QLineEdit()
        self.filer_phone = QLineEdit()
        self.filer_relation = QLineEdit()
        self.remarks = QPlainTextEdit()
        self.remarks.setMaximumHeight(70)

        self._field_labels: dict[str, QLabel] = {}
        holder = QWidget()
        form = QFormLayout(holder)
        self.receipt_label = QLabel()
        form.addRow(self.receipt_label, self.receipt)
        form.addRow(self._label("kind"), self.kind)
        form.addRow(self._label("submitted_at"), self.submitted_at)
        form.addRow(self._label("move_date"), self.move_date)
        for key in ("name", "kana", "phone", "email"):
            form.addRow(self._label(key), self.edits[key])
        for key in ("postal_code", "address", "building", "customer_number"):
            form.addRow(self._label(key), self.edits[key])
        form.addRow(self._label("presence_required"), self.presence)
        form.addRow(self._label("presence_time"), self.edits["presence_time"])
        form.addRow(self._label("payment_method"), self.payment)
        form.addRow(self._label("settlement_method"), self.settlement)
        forwarding = QHBoxLayout()
        self.forwarding_postal.setMaximumWidth(90)
        forwarding.addWidget(self.forwarding_postal)
        forwarding.addWidget(self.forwarding, 1)
        form.addRow(self._label("forwarding_address"), forwarding)
        form.addRow(self._label("filer_name"), self.filer)
        form.addRow(self._label("filer_phone"), self.filer_phone)
        form.addRow(self._label("filer_relation"), self.filer_relation)
        form.addRow(self._label("remarks"), self.remarks)
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setWidget(holder)

        self.create_button = QPushButton()
        self.create_button.setDefault(True)
        self.cancel_button = QPushButton()
        self.create_button.clicked.connect(lambda: self.submitted.emit(self.values()))
        self.cancel_button.clicked.connect(self.cancelled.emit)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.create_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.problems)
        layout.addWidget(area, 1)
        layout.addLayout(buttons)
        self.retranslate()

    def _label(self, key: str) -> QLabel:
        label = QLabel()
        self._field_labels[key] = label
        return label

    def retranslate(self) -> None:
        self.title.setText(self.tr("ファクスから届出を作成"))
        self.receipt_label.setText(self.tr("受付番号（空欄は自動採番）"))
        self.receipt.setPlaceholderText(self.tr("ハブの受付番号があれば入力"))
        self.create_button.setText(self.tr("届出を登録"))
        self.cancel_button.setText(self.tr("やめる"))
        for key, label in self._field_labels.items():
            label.setText(FIELDS_BY_KEY[key].label(language()))

    def start(self, received_at: datetime) -> None:
        """A blank form for a fax received at ``received_at`` (the default filing time)."""
        local = received_at.astimezone()
        self.receipt.clear()
        self.kind.setCurrentIndex(0)
        self.submitted_at.setDateTime(QDateTime(local.date(), local.time().replace(microsecond=0)))
        # The move date may not lie before the day of filing in Japan, which is how
        # a notice is judged: a PC set to another zone would offer the day before.
        self.move_date.setDate(QDate(received_at.astimezone(JST).date()))
        for edit in (
            *self.edits.values(),
            self.forwarding_postal,
            self.forwarding,
            self.filer,
            self.filer_phone,
            self.filer_relation,
        ):
            edit.clear()
        self.presence.setChecked(False)
        self.payment.setCurrentIndex(0)
        self.settlement.setCurrentIndex(0)
        self.remarks.clear()
        self.show_problems([])
        self.edits["name"].setFocus()

    def values(self) -> dict[str, Any]:
        submitted = self.submitted_at.dateTime().toPython()
        move: date = self.move_date.date().toPython()
        return {
            "receipt_number": self.receipt.text(),
            "kind": self.kind.currentData(),
            # The clerk reads the form's time as this PC's local time (JST at a bureau).
            "submitted_at": submitted.astimezone() if isinstance(submitted, datetime) else None,
            "move_date": move,
            **{key: edit.text() for key, edit in self.edits.items()},
            "presence_required": self.presence.isChecked(),
            "payment_method": self.payment.currentData(),
            "settlement_method": self.settlement.currentData(),
            "forwarding_postal_code": self.forwarding_postal.text(),
            "forwarding_address": self.forwarding.text(),
            "filer_name": self.filer.text(),
            "filer_phone": self.filer_phone.text(),
            "filer_relation": self.filer_relation.text(),
            "remarks": self.remarks.toPlainText(),
        }

    def show_problems(self, problems: list[str]) -> None:
        self.problems.setText("\n".join(f"・{p}" for p in problems))
        self.problems.setVisible(bool(problems))
