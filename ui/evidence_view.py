"""A faxed notice beside the stored one: who sent it, what it would change, and the clerk's call.

It shows what ``desktop.fax_evidence`` reads for one received fax, field by
field (the stored copy left, the faxed copy right, changed rows marked),
and offers the two explicit acts a faxed notice waits for: take its content
over, or set it aside. Only clerks and supervisors see them enabled.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.choices import HUB_STATES, label
from desktop.domain.fields import FIELDS
from desktop.domain.workflow import status_label
from desktop.fax_evidence import (
    EvidenceError,
    EvidenceView,
    confirm,
    dismiss,
    evidence_of_fax,
    may_confirm,
)
from desktop.service import Actor
from ui.i18n import language

CHANGED = QColor(255, 236, 179)


class EvidencePanel(QWidget):
    """The faxed notices of one received fax; ``settled`` carries the notice id a
    confirmation created or changed (0 for a dismissal)."""

    settled = Signal(int)

    def __init__(
        self,
        database: Any,
        actor: Actor,
        *,
        lead_business_days: int = 1,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.actor = actor
        self.lead_business_days = lead_business_days
        self.fax_id: int | None = None
        self.items: list[EvidenceView] = []

        self.title = QLabel()
        self.title.setStyleSheet("font-weight:bold;")
        self.chooser = QComboBox()
        self.chooser.currentIndexChanged.connect(lambda _i: self._show_current())
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTableWidget(0, 3)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 130)
        self.table.setColumnWidth(1, 200)
        self.reason = QLineEdit()
        self.confirm_button = QPushButton()
        self.dismiss_button = QPushButton()
        self.confirm_button.clicked.connect(self.confirm_current)
        self.dismiss_button.clicked.connect(self.dismiss_current)
        self.message = QLabel()
        self.message.setWordWrap(True)

        buttons = QHBoxLayout()
        buttons.addWidget(self.confirm_button)
        buttons.addWidget(self.dismiss_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.chooser)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.reason)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.title.setText(self.tr("ファクスで届いた届出（参考資料）"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("項目"), self.tr("登録済みの届出"), self.tr("ファクスの内容")]
        )
        self.reason.setPlaceholderText(self.tr("取り下げる理由（任意）"))
        self.confirm_button.setText(self.tr("ファクスの内容を反映"))
        self.dismiss_button.setText(self.tr("反映せずに取り下げ"))
        self._show_current()

    # -- what it shows ------------------------------------------------------------------
    def show_fax(self, fax_id: int | None) -> bool:
        """Show the faxed notices of ``fax_id``; False (and hidden) when it has none."""
        self.fax_id = fax_id
        self.message.clear()
        self.reload()
        return bool(self.items)

    def reload(self) -> None:
        shown = self.current()
        self.items = (
            evidence_of_fax(self.database, self.fax_id, language())
            if self.fax_id is not None
            else []
        )
        self.chooser.blockSignals(True)
        self.chooser.clear()
        version_label = self.tr("版")
        for item in self.items:
            version = str(item.faxed.version) if item.faxed else "?"
            self.chooser.addItem(f"{item.receipt_number}（{version_label} {version}）")
        position = next(
            (i for i, item in enumerate(self.items) if shown and item.id == shown.id), 0
        )
        self.chooser.setCurrentIndex(position if self.items else -1)
        self.chooser.blockSignals(False)
        self.chooser.setVisible(len(self.items) > 1)
        self.setVisible(bool(self.items))
        self._show_current()

    def current(self) -> EvidenceView | None:
        index = self.chooser.currentIndex()
        return self.items[index] if 0 <= index < len(self.items) else None

    def state_text(self, item: EvidenceView) -> str:
        if item.state == "awaiting" and not item.confirmable:
            return self.tr("ハブから同じかより新しい版が届いています。反映できません")
        return {
            "awaiting": self.tr("確認待ち：窓口担当が確認するまで届出は変わりません"),
            "evidence": self.tr("参考資料：届出は変わりません"),
            "confirmed": self.tr("確認済み：%1 が反映しました"),
            "dismissed": self.tr("取り下げ：%1 が反映しないと判断しました"),
            "stood_in": self.tr(
                "ハブの署名が正しく、ハブに接続できない間の代わりとして反映しました"
            ),
            "superseded": self.tr("ハブの新しい版が届いたため反映しませんでした"),
        }.get(item.state, item.state).replace("%1", item.settled_by or "")

    def relation_text(self, item: EvidenceView) -> str:
        stored = str(item.stored.version) if item.stored else ""
        return {
            "unknown": self.tr("この受付番号の届出はまだ登録されていません"),
            "newer": self.tr("登録済みの版 %1 より新しい版です"),
            "cancels": self.tr("取消の届出です（登録済みの届出は取り消されていません）"),
            "same": self.tr("登録済みの版と同じ内容です"),
            "differs": self.tr("登録済みの版 %1 と版番号が同じで内容が違います"),
            "older": self.tr("登録済みの版 %1 より古い版です"),
        }.get(item.relation, item.relation).replace("%1", stored)

    def signature_text(self, item: EvidenceView) -> str:
        return {
            "valid": self.tr("ハブの署名：正しい"),
            "invalid": self.tr("ハブの署名：正しくありません（偽造または改変の疑い）"),
            "unsigned": self.tr("ハブの署名：なし"),
            "unchecked": self.tr("ハブの署名：あり（公開鍵が設定されていないため未確認）"),
        }.get(item.signature, item.signature)

    def _sender_text(self, item: EvidenceView) -> str:
        parts = [
            self.tr("送信元ID: %1").replace("%1", item.remote_id or "—"),
            self.tr("発信者番号: %1").replace("%1", item.caller or "—"),
            self.tr("受信: %1").replace(
                "%1", item.received_at.astimezone().strftime("%Y-%m-%d %H:%M")
            ),
        ]
        if item.origin_name or item.origin_fax_number:
            origin = " ".join(p for p in (item.origin_name, item.origin_fax_number) if p)
            parts.append(self.tr("MoveDesk の受付票（%1 が印刷）").replace("%1", origin))
        pages = ", ".join(str(p) for p in item.pages)
        if pages:
            parts.append(self.tr("ページ %1").replace("%1", pages))
        return "　".join(parts)

    def _show_current(self) -> None:
        item = self.current()
        self.table.setRowCount(0)
        allowed = item is not None and item.confirmable and may_confirm(self.actor.role)
        self.confirm_button.setEnabled(allowed)
        self.dismiss_button.setEnabled(
            item is not None and item.awaiting and may_confirm(self.actor.role)
        )
        self.reason.setEnabled(self.dismiss_button.isEnabled())
        if item is None:
            self.summary.clear()
            return
        lines = [
            self.state_text(item),
            self.relation_text(item),
            self.signature_text(item) + f"（{item.code_format or '—'}）",
            self._sender_text(item),
        ]
        if item.stored is not None:
            lines.append(
                self.tr("登録済みの届出: 版 %1、%2")
                .replace("%1", str(item.stored.version))
                .replace("%2", status_label(item.stored_status, language()))
            )
        if item.note:
            lines.append(item.note)
        if item.awaiting and not may_confirm(self.actor.role):
            lines.append(self.tr("参照権限では反映も取り下げもできません"))
        self.summary.setText("\n".join(lines))
        self._fill_table(item)

    def _fill_table(self, item: EvidenceView) -> None:
        lang = language()
        changed = {change.key for change in item.changes}
        rows = []
        for field in FIELDS:
            stored = field.read(item.stored, lang) if item.stored else ""
            faxed = field.read(item.faxed, lang) if item.faxed else ""
            # The field comparison leaves out the version; here it is the first thing to see.
            differs = (
                field.key in changed
                or (item.stored is None and bool(faxed))
                or (field.key == "version" and bool(item.stored) and stored != faxed)
            )
            rows.append((field.label(lang), stored, faxed, differs))
        hub_state = self.tr("ハブ状態")
        rows.insert(
            2,
            (
                hub_state,
                label(HUB_STATES, item.stored.hub_state, lang) if item.stored else "",
                label(HUB_STATES, item.faxed.hub_state, lang) if item.faxed else "",
                bool(item.stored and item.faxed and item.stored.hub_state != item.faxed.hub_state),
            ),
        )
        self.table.setRowCount(len(rows))
        bold = QFont()
        bold.setBold(True)
        for number, (caption, stored, faxed, differs) in enumerate(rows):
            for column, text in enumerate((caption, stored, faxed)):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                if differs:
                    cell.setBackground(QBrush(CHANGED))
                    cell.setFont(bold)
                self.table.setItem(number, column, cell)

    def changed_fields(self) -> list[str]:
        """The captions of the rows marked as different (what the clerk sees highlighted)."""
        marked = []
        for row in range(self.table.rowCount()):
            cell = self.table.item(row, 0)
            if cell is not None and cell.font().bold():
                marked.append(cell.text())
        return marked

    # -- the clerk's acts ---------------------------------------------------------------
    def confirm_current(self) -> bool:
        item = self.current()
        if item is None:
            return False
        try:
            done = confirm(
                self.database, item.id, self.actor, lead_business_days=self.lead_business_days
            )
        except (EvidenceError, PermissionError) as error:
            self.message.setText(str(error))
            self.reload()
            return False
        self.message.setText(
            self.tr("ファクスの内容を届出 %1 に反映しました").replace("%1", done.receipt_number)
        )
        self.reload()
        self.settled.emit(done.notice_id)
        return True

    def dismiss_current(self) -> bool:
        item = self.current()
        if item is None:
            return False
        try:
            dismiss(self.database, item.id, self.actor, self.reason.text())
        except (EvidenceError, PermissionError) as error:
            self.message.setText(str(error))
            self.reload()
            return False
        self.reason.clear()
        self.message.setText(
            self.tr("ファクスの届出 %1 を取り下げました").replace("%1", item.receipt_number)
        )
        self.reload()
        self.settled.emit(0)
        return True
