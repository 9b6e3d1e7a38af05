"""Deciding from the window: take, accept, reject, reopen, and seeing changes first."""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMessageBox

from desktop.claims import DecidedElsewhere, NoticeHeld
from desktop.domain.workflow import (
    REQUIRED_ROLE,
    Action,
    PermissionDenied,
    TransitionError,
    role_allows,
)
from desktop.service import DecisionError, StaleVersion
from ui.decision_dialogs import RejectDialog
from ui.i18n import error_text

# Refusals the clerk mends in the customer-number box rather than in a dialog alone.
CUSTOMER_NUMBER_CODES = frozenset({"customer_number_missing", "customer_number_invalid"})


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
        QMessageBox.warning(self.window, self.tr("処理できません"), error_text(error))

    def claim(self, notice_id: int) -> None:
        notices = self.window.context.notices
        try:
            notices.claim(notice_id, self.window.actor)
        except NoticeHeld as held:
            answer = QMessageBox.question(
                self.window,
                self.tr("担当の引き継ぎ"),
                self.tr("{holder} が {since} から担当しています。担当を引き継ぎますか？").format(
                    holder=held.holder_name, since=held.since
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
            try:
                notices.claim(notice_id, self.window.actor, take_over=True)
            except (TransitionError, PermissionDenied) as error:
                self.refuse(error)
                return
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
            reason_code=dialog.reason_code or "",
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
            if error.code in CUSTOMER_NUMBER_CODES:
                QMessageBox.warning(self.window, self.tr("お客さま番号"), error_text(error))
                field = self.window.panel.customer_number
                field.setFocus()
                field.selectAll()
                return
            self.refuse(error)
            return
        except (NoticeHeld, DecidedElsewhere) as error:
            # Another seat got there first: show who, then what the notice is now.
            self.refuse(error)
            self.window.runner.notices_changed.emit({notice_id})
            self.window.show_notice(notice_id, keep_version=False)
            return
        except (TransitionError, PermissionDenied) as error:
            self.refuse(error)
            return
        self._after_decision(notice_id)

    def reopen(self, notice_id: int) -> None:
        role = self.window.actor.role
        if not role_allows(role, Action.REOPEN):  # refused before asking, not after
            self.refuse(PermissionDenied(Action.REOPEN, REQUIRED_ROLE[Action.REOPEN]))
            return
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
