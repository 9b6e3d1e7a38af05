"""A supervisor's dialogs from the window: settings, a new staff account, unlocking one."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox

from desktop import authority
from desktop.authority import Use
from desktop.service import Actor


class AdminActions(QObject):
    def __init__(self, window) -> None:  # type: ignore[no-untyped-def]
        super().__init__(window)
        self.window = window

    def open_settings(self) -> bool:
        """Settings are a supervisor's: the core says so, and audits every change."""
        from ui.settings_dialog import SettingsDialog

        actor = Actor(self.window.member.user_id, self.window.member.role)
        try:
            authority.require(actor, Use.CHANGE_SETTINGS)
        except authority.NotAllowed as error:
            self.window.decisions.refuse(error)
            return False
        database, settings = self.window.context.database, self.window.context.settings

        def save_changes(values: dict[str, object], password: str, passphrase: str) -> None:
            authority.change_settings(
                database,
                actor,
                settings,
                values,
                hub_password=password,
                certificate_passphrase=passphrase,
            )

        dialog = SettingsDialog(settings, self.window, save_changes=save_changes)
        self.window.last_settings_dialog = dialog
        if dialog.exec() == SettingsDialog.DialogCode.Accepted:
            self.window._restart_sync_timer()
            self.window.language_requested.emit(self.window.context.settings.get("language"))
            self.window.retranslate()
        return True

    def add_staff(self) -> None:
        from desktop.staff import StaffService
        from ui.signin import NewStaffDialog

        NewStaffDialog(
            StaffService(self.window.context.database),
            self.window.member.user_id,
            parent=self.window,
        ).exec()

    def unlock_staff(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        from desktop.staff import StaffError, StaffService

        staff = StaffService(self.window.context.database)
        locked = [m.user_id for m, is_locked, _active in staff.list_staff() if is_locked]
        if not locked:
            QMessageBox.information(
                self.window, self.tr("ロック解除"), self.tr("ロックされている職員はいません")
            )
            return
        user, ok = QInputDialog.getItem(
            self.window, self.tr("ロック解除"), self.tr("利用者ID"), locked, 0, False
        )
        if ok:
            try:
                staff.unlock(user, self.window.member)
            except StaffError as error:  # its message is already the clerk's
                QMessageBox.warning(self.window, self.tr("ロック解除"), str(error))
                return
            QMessageBox.information(
                self.window,
                self.tr("ロック解除"),
                self.tr("%1 のロックを解除しました。もう一度サインインできます。").replace(
                    "%1", user
                ),
            )
