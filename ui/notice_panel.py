"""One notice as a clerk reads the paper form, with its history and actions.

The panel never decides on a version the clerk has not seen: when a newer
version arrives it shows what changed, field by field, and keeps the
decision buttons off until the clerk confirms having looked.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.choices import DECISIONS, REJECTION_REASONS, label
from desktop.domain.fields import FieldChange
from desktop.domain.kinds import known_kinds
from desktop.domain.workflow import Action, can, role_allows, status_label
from desktop.listing import NoticeDetail
from ui.i18n import language
from ui.notice_form import NoticeForm, moment_text

_BANNER_STYLE = "background:#fff1c1; border:1px solid #e0b000; padding:6px;"
# The core keeps timestamps with their zone (2025-11-21 14:05 +0900); the
# counter reads them as local time in its own style.
_CORE_TIMESTAMP = "%Y-%m-%d %H:%M %z"


def _change_text(change: FieldChange, value: str, language: str) -> str:
    if change.key == "submitted_at" and value:
        try:
            return moment_text(datetime.strptime(value, _CORE_TIMESTAMP), language)
        except ValueError:
            return value
    return value or "—"


class NoticePanel(QWidget):
    claim_requested = Signal(int)
    accept_requested = Signal(int, int, str)  # id, version seen, customer number
    reject_requested = Signal(int, int)  # id, version seen
    reopen_requested = Signal(int)
    changes_acknowledged = Signal(int, int)  # id, version now seen
    print_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detail: NoticeDetail | None = None
        self.shown_version: int | None = None
        self.role = "viewer"
        self.pending_changes: list[FieldChange] = []

        outer = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.heading.setWordWrap(True)
        # Room for two lines of the receipt number's size from the start: a
        # heading that grew or shrank by a line moved the whole panel, and
        # opening a notice repainted the window.
        receipt_font = QFont(self.heading.font())
        receipt_font.setPointSize(15)
        self.heading.setMinimumHeight(2 * QFontMetrics(receipt_font).lineSpacing() + 4)
        outer.addWidget(self.heading)

        self.banner = QFrame()
        self.banner.setStyleSheet(_BANNER_STYLE)
        banner_layout = QVBoxLayout(self.banner)
        self.banner_text = QLabel()
        self.banner_text.setWordWrap(True)
        self.banner_text.setTextFormat(Qt.TextFormat.RichText)
        self.acknowledge_button = QPushButton()
        self.acknowledge_button.clicked.connect(self._acknowledge)
        banner_layout.addWidget(self.banner_text)
        banner_layout.addWidget(self.acknowledge_button, 0, Qt.AlignmentFlag.AlignRight)
        self.banner.hide()
        outer.addWidget(self.banner)

        self.tabs = QTabWidget()
        self.form_area = QScrollArea()
        self.form_area.setWidgetResizable(True)
        self.tabs.addTab(self.form_area, "")
        self.history = QTableWidget(0, 4)
        self.history.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.history.horizontalHeader().setStretchLastSection(True)
        self.tabs.addTab(self.history, "")
        self.decisions = QTableWidget(0, 5)
        self.decisions.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.decisions.horizontalHeader().setStretchLastSection(True)
        self.tabs.addTab(self.decisions, "")
        outer.addWidget(self.tabs, 1)

        actions = QHBoxLayout()
        self.customer_label = QLabel()
        self.customer_number = QLineEdit()
        self.customer_number.setValidator(
            QRegularExpressionValidator(r"[0-9０-９\-－]{0,20}", self.customer_number)
        )
        self.customer_number.setMinimumWidth(150)
        self.customer_number.setMaximumWidth(200)
        self.customer_label.setBuddy(self.customer_number)
        self.claim_button = QPushButton()
        self.accept_button = QPushButton()
        self.reject_button = QPushButton()
        self.reopen_button = QPushButton()
        self.print_button = QPushButton()
        self.claim_button.clicked.connect(lambda: self._emit_for_current(self.claim_requested))
        self.accept_button.clicked.connect(self.request_accept)
        self.reject_button.clicked.connect(self.request_reject)
        self.reopen_button.clicked.connect(lambda: self._emit_for_current(self.reopen_requested))
        self.print_button.clicked.connect(lambda: self._emit_for_current(self.print_requested))
        self.customer_number.returnPressed.connect(self.request_accept)
        # Two rows, the decision first: in one row the panel alone needed more
        # than half of a 1366-pixel counter screen.
        for widget in (
            self.customer_label,
            self.customer_number,
            self.accept_button,
            self.reject_button,
        ):
            actions.addWidget(widget)
        actions.addStretch(1)
        outer.addLayout(actions)
        more_actions = QHBoxLayout()
        for widget in (self.claim_button, self.reopen_button, self.print_button):
            more_actions.addWidget(widget)
        more_actions.addStretch(1)
        outer.addLayout(more_actions)
        self.retranslate()
        self.show_detail(None)

    # -- texts ----------------------------------------------------------------

    def retranslate(self) -> None:
        self.tabs.setTabText(0, self.tr("届出内容"))
        self.tabs.setTabText(1, self.tr("変更履歴"))
        self.tabs.setTabText(2, self.tr("処理履歴"))
        self.history.setHorizontalHeaderLabels(
            [self.tr("版"), self.tr("受信日時"), self.tr("項目"), self.tr("変更内容")]
        )
        self.decisions.setHorizontalHeaderLabels(
            [self.tr("処理"), self.tr("担当"), self.tr("日時"), self.tr("版"), self.tr("送信状況")]
        )
        self.customer_label.setText(self.tr("お客さま番号(&N)"))
        self.claim_button.setText(self.tr("担当する"))
        self.accept_button.setText(self.tr("受理"))
        self.reject_button.setText(self.tr("不受理…"))
        self.reopen_button.setText(self.tr("再開"))
        self.print_button.setText(self.tr("印刷…"))
        self.acknowledge_button.setText(self.tr("変更を確認しました"))
        self.show_detail(self.detail, keep_version=True)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- showing ----------------------------------------------------------------

    def set_role(self, role: str) -> None:
        self.role = role
        self._update_actions()

    def show_detail(self, detail: NoticeDetail | None, *, keep_version: bool = False) -> None:
        """Show ``detail``; if it is the same notice in a newer version, show the change."""
        same_notice = detail is not None and self.detail is not None and detail.id == self.detail.id
        previous_version = self.shown_version if same_notice else None
        self.detail = detail
        if detail is None:
            self.shown_version = None
            self.pending_changes = []
            self.heading.setText(self.tr("左の一覧から届出を選んでください"))
            if self.form_area.widget() is not None:
                self.form_area.widget().hide()
            self.history.setRowCount(0)
            self.decisions.setRowCount(0)
            self.banner.hide()
            self._update_actions()
            return
        current = detail.notice.version
        if same_notice and (keep_version or previous_version is not None):
            self.shown_version = previous_version
        else:
            self.shown_version = detail.reviewed_version if detail.needs_review else current
        if self.shown_version is not None and self.shown_version < current:
            seen = self.shown_version
            self.pending_changes = [
                c for v in detail.versions if v.version > seen for c in v.changes
            ]
        else:
            self.pending_changes = []
        if not same_notice:
            self.customer_number.setText(detail.notice.customer_number)
        self._fill(detail)
        self._update_actions()

    def _fill(self, detail: NoticeDetail) -> None:
        lang = language()
        notice = detail.notice
        kind = known_kinds().get(notice.kind)
        due_title = self.tr("期限")
        clerk_title = self.tr("担当")
        self.heading.setText(
            f"<span style='font-size:15pt; font-weight:bold'>{notice.receipt_number}</span>"
            f"&nbsp;&nbsp;<span style='font-size:13pt'>{kind.label(lang) if kind else notice.kind}</span>"
            f"&nbsp;&nbsp;[{status_label(detail.status, lang)}]"
            f"&nbsp;&nbsp;{due_title}: {detail.due_date.isoformat()}"
            + (f"&nbsp;&nbsp;{clerk_title}: {detail.assignee}" if detail.assignee else "")
        )
        if self.pending_changes:
            rows = "".join(
                f"<tr><td><b>{c.label}</b></td><td>{_change_text(c, c.before, lang)}</td>"
                f"<td>→</td><td>{_change_text(c, c.after, lang)}</td></tr>"
                for c in self.pending_changes
            )
            self.banner_text.setText(
                self.tr(
                    "届出人がこの届出を変更しました（版 %1 → %2）。確認するまで処理できません。"
                )
                .replace("%1", str(self.shown_version))
                .replace("%2", str(notice.version))
                + f"<table cellspacing=4>{rows}</table>"
            )
            self.banner.show()
        else:
            self.banner.hide()

        form = self.form_area.widget()
        if not isinstance(form, NoticeForm) or form.language != lang:
            form = NoticeForm(lang)
            self.form_area.setWidget(form)
        form.show_notice(notice, kind, {c.key for c in self.pending_changes})
        form.show()

        history_rows = [
            (entry.version, entry.received_at, change)
            for entry in detail.versions
            for change in (entry.changes or [None])
        ]
        self.history.setRowCount(len(history_rows))
        for row, (version, received, change) in enumerate(history_rows):
            cells = [
                str(version),
                moment_text(received, lang),
                change.label if change else self.tr("受信"),
                f"{_change_text(change, change.before, lang)} → {_change_text(change, change.after, lang)}"
                if change
                else "",
            ]
            for column, text in enumerate(cells):
                self.history.setItem(row, column, QTableWidgetItem(text))

        self.decisions.setRowCount(len(detail.decisions))
        states = {
            "pending": self.tr("送信待ち"),
            "sent": self.tr("送信済み"),
            "conflict": self.tr("競合（届出が変更された）"),
            "cancelled": self.tr("取消済みのため不要"),
            "withdrawn": self.tr("取り下げ"),
            "failed": self.tr("送信失敗"),
            # Another PC decided the notice at the hub first; its decision is
            # the row marked at_hub, with who and when in its own columns.
            "superseded": self.tr("適用されず（別のPCが先にハブで決定）"),
            "at_hub": self.tr("ハブで決定済み（別のPC）"),
        }
        for row, entry in enumerate(detail.decisions):
            what = label(DECISIONS, entry.decision, lang)
            if entry.reason_code:
                what += f"（{label(REJECTION_REASONS, entry.reason_code, lang)}"
                what += f"：{entry.reason_text}）" if entry.reason_text else "）"
            cells = [
                what,
                entry.staff,
                moment_text(entry.decided_at, lang),
                str(entry.version),
                states.get(entry.outbox_state, entry.outbox_state),
            ]
            for column, text in enumerate(cells):
                self.decisions.setItem(row, column, QTableWidgetItem(text))
            if entry.last_error and entry.outbox_state != "sent":
                # The hub's own account, in its words, for whoever needs to ask
                # about it; the state above says what it means at the counter.
                self.decisions.item(row, 4).setToolTip(entry.last_error)

    def _update_actions(self) -> None:
        detail = self.detail
        blocked = bool(self.pending_changes)
        status = detail.status if detail else None

        def allowed(action: Action) -> bool:
            return bool(status) and can(status, action) and role_allows(self.role, action)

        self.claim_button.setEnabled(allowed(Action.CLAIM) and not blocked)
        self.accept_button.setEnabled(allowed(Action.ACCEPT) and not blocked)
        self.reject_button.setEnabled(allowed(Action.REJECT) and not blocked)
        self.customer_number.setEnabled(allowed(Action.ACCEPT) and not blocked)
        self.reopen_button.setVisible(role_allows(self.role, Action.REOPEN))
        self.reopen_button.setEnabled(allowed(Action.REOPEN))
        self.print_button.setEnabled(detail is not None)

    # -- requests -------------------------------------------------------------

    def _emit_for_current(self, signal: Signal) -> None:
        if self.detail is not None:
            signal.emit(self.detail.id)

    def request_accept(self) -> None:
        if self.detail is not None and self.accept_button.isEnabled():
            self.accept_requested.emit(
                self.detail.id, self.shown_version or 0, self.customer_number.text()
            )

    def request_reject(self) -> None:
        if self.detail is not None and self.reject_button.isEnabled():
            self.reject_requested.emit(self.detail.id, self.shown_version or 0)

    def _acknowledge(self) -> None:
        if self.detail is not None:
            self.changes_acknowledged.emit(self.detail.id, self.detail.notice.version)
