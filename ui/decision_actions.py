"""Deciding from the window: take, accept, reject, reopen, and seeing changes first."""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMessageBox

from desktop.domain.workflow import PermissionDenied, TransitionError
from desktop.service import DecisionError, StaleVersion
from ui.decision_dialogs import RejectDialog
from ui.widgets import error_message


class DecisionActions(QObject):
    """Turns the notice panel's requests into service calls and shows what went wrong."""

    def __init__(self, window) -> None:  # type: ignore[no-untyped-def]
        super().__init__(window)
        self.window = window

    def _after_decision(self, notice_id: int) -> None:
        self.window.runner.notices_changed.emit({notice_id})
        self.window.show_notice(notice_id, keep_version=False)
        self.window._update_status()
        QTimer.singleShot(0, self.window.sync_now)  # send it while the clerk moves on

    def refuse(self, error: Exception) -> None:
        QMessageBox.warning(self.window, self.tr("処理できません"), error_message(error))

    def claim(self, notice_id: int) -> None:
        try:
            self.window.context.notices.claim(notice_id, self.window.actor)
        except (TransitionError, PermissionDenied) as error:
            self.refuse(error)
            return
        self.window.runner.notices_changed.emit({notice_id})
        self.window.show_notice(notice_id, keep_version=True)

    def accept(self, notice_id: int, version: int, customer_number: str) -> None:
        self._decide(notice_id, version, "accept", customer_number=customer_number)

    def reject(self, notice_id: int, version: int) -> None:
        detail = self.window.panel.detail
        dialog = RejectDialog(detail.notice.receipt_number if detail else "", self.window)
        if dialog.exec() != RejectDialog.DialogCode.Accepted:
            return
        self._decide(
            notice_id,
            version,
            "reject",
            reason_code=dialog.reason_code,
            reason_text=dialog.reason_text,
        )

    def _decide(self, notice_id: int, version: int, decision: str, **details: str) -> None:
        try:
            self.window.context.notices.decide(
                notice_id, decision, self.window.actor, version=version, **details
            )
        except StaleVersion:
            self.window.show_notice(notice_id, keep_version=True)
            QMessageBox.information(
                self.window,
                self.tr("届出が変更されました"),
                self.tr("届出人がこの届出を変更しました。変更点を確認してから処理してください。"),
            )
            return
        except DecisionError as error:
            if "お客さま番号" in str(error):
                QMessageBox.warning(
                    self,
                    self.tr("お客さま番号"),
                    self.tr(
                        "受理するには、お客さま番号（水栓番号）を3〜20桁の数字で入力してください。"
                    ),
                )
                self.window.panel.customer_number.setFocus()
                return
            self.refuse(error)
            return
        except (TransitionError, PermissionDenied) as error:
            self.refuse(error)
            return
        self._after_decision(notice_id)

    def reopen(self, notice_id: int) -> None:
        answer = QMessageBox.question(
            self.window,
            self.tr("再開"),
            self.tr("この届出の処理を取り消して、処理中に戻しますか？"),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.window.context.notices.reopen(notice_id, self.window.actor)
        except (TransitionError, PermissionDenied) as error:
            self.refuse(error)
            return
        self._after_decision(notice_id)

    def acknowledge(self, notice_id: int, version: int) -> None:
        # An even newer version may have arrived meanwhile: the panel then shows it.
        with contextlib.suppress(StaleVersion):
            self.window.context.notices.acknowledge_changes(notice_id, version, self.window.actor)
        self.window.panel.shown_version = version
        self.window.runner.notices_changed.emit({notice_id})
        self.window.show_notice(notice_id, keep_version=True)
