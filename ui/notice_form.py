"""The notice's fields as the paper form groups them, built once and refilled.

Opening another notice changes only the texts: building the 25 labels and
their group boxes afresh for every notice cost more than reading the notice
itself at a million notices.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from desktop.domain.era import format_datetime
from desktop.domain.fields import FIELDS, FIELDS_BY_KEY, GROUPS, NoticeField
from desktop.domain.kinds import NoticeKind
from desktop.domain.notice import Notice

CHANGED_STYLE = "background:#fff1c1; font-weight:bold"


def moment_text(moment: datetime, language: str) -> str:
    """A timestamp as the window shows it: 2025年11月21日 14:05, or 2025-11-21 14:05 in English."""
    return format_datetime(moment, "iso" if language == "en" else "western")


class NoticeForm(QWidget):
    """One label per field, in one group box per part of the form, in ``language``."""

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = language
        self._titles: dict[str, QLabel] = {}
        self._values: dict[str, QLabel] = {}
        self._marked: set[str] = set()
        layout = QVBoxLayout(self)
        for group, (ja, en) in GROUPS.items():
            box = QGroupBox(en if language == "en" else ja)
            rows = QFormLayout(box)
            for field in FIELDS:
                if field.group != group:
                    continue
                title = QLabel(field.label(language))
                value = QLabel()
                value.setWordWrap(True)
                value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                rows.addRow(title, value)
                self._titles[field.key] = title
                self._values[field.key] = value
            layout.addWidget(box)
        layout.addStretch(1)

    def show_notice(self, notice: Notice, kind: NoticeKind | None, changed: set[str]) -> None:
        """Fill the form with ``notice``; the fields in ``changed`` are marked."""
        for field in FIELDS:
            value = self._values[field.key]
            _set_text(value, self._value(field, notice) or "—")
            if (field.key in changed) != (field.key in self._marked):
                value.setStyleSheet(CHANGED_STYLE if field.key in changed else "")
        self._marked = set(changed) & self._values.keys()
        move_date = FIELDS_BY_KEY["move_date"]
        title = kind.date_label(self.language) if kind else move_date.label(self.language)
        _set_text(self._titles[move_date.key], title)

    def _value(self, field: NoticeField, notice: Notice) -> str:
        if field.key == "submitted_at":
            return moment_text(notice.submitted_at, self.language)
        return field.read(notice, self.language)


def _set_text(label: QLabel, text: str) -> None:
    if label.text() != text:  # an unchanged text neither lays out nor repaints
        label.setText(text)
