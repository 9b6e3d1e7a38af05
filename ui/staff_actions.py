"""The window's staff and audit commands, and what a supervisor is told at sign-in.

At a supervisor's sign-in the audit chain is verified off the GUI thread;
a broken chain, fewer than two supervisors or long-unused accounts show as
banners above the list, so nothing modal stands between them and the work.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel

from desktop.domain.accounts import StaffPolicy

if TYPE_CHECKING:
    from desktop.audit_chain import ChainReport
    from desktop.staff import StaffService
    from desktop.staff_inventory import StaffReview
    from ui.main_window import MainWindow

AUDIT_CHECK = "audit_check"
_BROKEN_STYLE = "background:#b00020; color:white; padding:6px; font-weight:bold;"
_NOTICE_STYLE = "background:#fff4ce; color:#3d3000; padding:6px;"


class StaffActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.chain_report: ChainReport | None = None
        self.chain_banner = self._banner(_BROKEN_STYLE)
        self.review_banner = self._banner(_NOTICE_STYLE)

    def _banner(self, style: str) -> QLabel:
        banner = QLabel()
        banner.setStyleSheet(style)
        banner.setWordWrap(True)
        banner.hide()
        layout = self.window.centralWidget().layout()
        layout.insertWidget(0, banner)
        return banner

    @property
    def policy(self) -> StaffPolicy:
        return StaffPolicy.from_settings(self.window.context.settings)

    def service(self) -> StaffService:
        from desktop.staff import StaffService

        return StaffService(self.window.context.database, self.policy)

    # -- menu commands ----------------------------------------------------------------

    def change_own_password(self) -> None:
        from ui.staff_dialogs import ChangePasswordDialog

        ChangePasswordDialog(self.service(), self.window.member.user_id, parent=self.window).exec()

    def manage_staff(self) -> None:
        from ui.staff_dialogs import StaffListDialog

        StaffListDialog(self.service(), self.policy, self.window.member, self.window).exec()
        self.show_review()

    def open_audit_log(self) -> None:
        from ui.audit_viewer import AuditViewerDialog

        AuditViewerDialog(self.window.context.database, self.window.member, self.window).exec()

    # -- at a supervisor's sign-in ----------------------------------------------------

    def check_at_sign_in(self) -> None:
        if not self.window.member.is_supervisor:
            return
        self.service().lock_unused_accounts()
        self.show_review()
        database = self.window.context.database
        folder = self.window.context.settings.path.parent

        def work(_progress):  # type: ignore[no-untyped-def]
            from desktop.audit_chain import verify_and_note

            return verify_and_note(database, folder)

        self.window.runner.run(AUDIT_CHECK, work, on_done=self.show_chain)

    def show_review(self) -> None:
        from desktop.staff_inventory import review

        found: StaffReview = review(self.window.context.database, self.policy)
        lines = []
        if found.too_few_supervisors:
            lines.append(
                self.tr(
                    "監督者が1人だけです。ロックや不在に備えて、監督者を2人以上登録することをおすすめします。"
                )
            )
        policy = self.policy
        for record in found.unused:
            if record.unused_stage >= 3:
                text = self.tr("%1 は %2 日使われていないためロックされています。")
            else:
                limit = policy.unused_lock_days
                text = self.tr("%1 は %2 日使われていません（%3 日でロックされます）。").replace(
                    "%3", str(limit)
                )
            lines.append(text.replace("%1", record.user_id).replace("%2", str(record.unused_days)))
        self.review_banner.setText("\n".join(lines))
        self.review_banner.setVisible(bool(lines))

    def show_chain(self, report: ChainReport) -> None:
        self.chain_report = report
        if report.intact:
            self.chain_banner.hide()
            return
        count = len(report.problems) + report.more_problems
        self.chain_banner.setText(
            self.tr(
                "監査ログが改ざんされた疑いがあります（%1 か所）。"
                "「管理 → 監査ログ」で確認し、movedesk audit verify で詳細を調べてください。"
            ).replace("%1", str(count))
        )
        self.chain_banner.setToolTip("\n".join(p.describe() for p in report.problems[:20]))
        self.chain_banner.show()
