"""Passwords and accounts: one's own password, and the supervisor's account list."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.accounts import SignInError, StaffError, StaffMember
from desktop.domain.workflow import ROLE_LABELS, Role
from ui.i18n import language
from ui.widgets import ERROR_STYLE, dialog_buttons, error_label, password_field

if TYPE_CHECKING:
    from desktop.domain.accounts import StaffPolicy
    from desktop.staff import StaffService
    from desktop.staff_inventory import AccountRecord
    from desktop.store.database import Database


def password_rules_text() -> str:
    return QCoreApplication.translate(
        "PasswordRules",
        "パスワードは8〜32文字で、利用者IDを含まず、空白だけやよく使われるもの"
        "（password123 など）でないものにしてください。",
    )


class ChangePasswordDialog(QDialog):
    """Change one's own password; ``forced`` after a reset or for a new account."""

    def __init__(
        self,
        staff: StaffService,
        user_id: str,
        *,
        current_password: str | None = None,
        forced: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.staff = staff
        self.user_id = user_id
        self.known_current = current_password
        self.changed = False
        self.setWindowTitle(self.tr("パスワードの変更"))
        layout = QVBoxLayout(self)
        if forced:
            intro = QLabel(
                self.tr(
                    "監督者が設定したパスワードです。作業を始める前に、ご自分だけが知るパスワードに変えてください。"
                )
            )
            intro.setWordWrap(True)
            layout.addWidget(intro)
        form = QFormLayout()
        self.current = password_field()
        self.new = password_field()
        self.repeat = password_field()
        if current_password is None:
            form.addRow(self.tr("今のパスワード(&C)"), self.current)
        form.addRow(self.tr("新しいパスワード(&N)"), self.new)
        form.addRow(self.tr("新しいパスワード（確認）"), self.repeat)
        layout.addLayout(form)
        rules = QLabel(password_rules_text())
        rules.setWordWrap(True)
        layout.addWidget(rules)
        self.message = error_label()
        layout.addWidget(self.message)
        layout.addWidget(
            dialog_buttons(self, self.try_change, self.tr("変更"), self.tr("キャンセル"))
        )
        (self.new if current_password is not None else self.current).setFocus()

    def try_change(self) -> None:
        if self.new.text() != self.repeat.text():
            self.message.setText(self.tr("確認用のパスワードが一致しません"))
            return
        current = self.known_current if self.known_current is not None else self.current.text()
        try:
            self.staff.change_password(self.user_id, current, self.new.text())
        except SignInError as error:
            self.current.clear()
            self.message.setText(
                self.tr("今のパスワードが違います")
                if error.reason == "wrong_password"
                else self.tr(
                    "アカウントがロックされています。しばらくしてからやり直すか、監督者に解除を依頼してください。"
                )
            )
            return
        except StaffError as error:
            self.message.setText(str(error))
            return
        self.changed = True
        self.accept()


class ResetPasswordDialog(QDialog):
    """A supervisor sets a temporary password that the holder must change."""

    def __init__(
        self,
        staff: StaffService,
        supervisor: StaffMember,
        user_id: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.staff = staff
        self.supervisor = supervisor
        self.user_id = user_id
        self.setWindowTitle(self.tr("パスワードの再設定"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "%1 の仮のパスワードを決めてください。次のサインインで本人が変更します。ロックも解除されます。"
            ).replace("%1", user_id)
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.new = password_field()
        self.repeat = password_field()
        form.addRow(self.tr("仮のパスワード(&P)"), self.new)
        form.addRow(self.tr("仮のパスワード（確認）"), self.repeat)
        layout.addLayout(form)
        self.message = error_label()
        layout.addWidget(self.message)
        layout.addWidget(
            dialog_buttons(self, self.try_reset, self.tr("再設定"), self.tr("キャンセル"))
        )

    def try_reset(self) -> None:
        if self.new.text() != self.repeat.text():
            self.message.setText(self.tr("確認用のパスワードが一致しません"))
            return
        try:
            self.staff.reset_password(self.user_id, self.new.text(), self.supervisor)
        except StaffError as error:
            self.message.setText(str(error))
            return
        self.accept()


class StaffListDialog(QDialog):
    """Every account with its state, and what a supervisor can do to each."""

    COLUMNS = 7

    def __init__(
        self,
        staff: StaffService,
        policy: StaffPolicy,
        supervisor: StaffMember,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.staff = staff
        self.policy = policy
        self.supervisor = supervisor
        self.records: list[AccountRecord] = []
        self.setWindowTitle(self.tr("職員の管理"))
        self.resize(900, 420)
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("利用者ID"),
                self.tr("氏名"),
                self.tr("権限"),
                self.tr("状態"),
                self.tr("最終サインイン"),
                self.tr("未使用日数"),
                self.tr("パスワード経過日数"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("登録…"))
        self.role_button = QPushButton(self.tr("権限の変更…"))
        self.reset_button = QPushButton(self.tr("パスワード再設定…"))
        self.unlock_button = QPushButton(self.tr("ロック解除"))
        self.deactivate_button = QPushButton(self.tr("無効にする"))
        self.reactivate_button = QPushButton(self.tr("有効に戻す"))
        self.inventory_button = QPushButton(self.tr("棚卸CSV…"))
        close = QPushButton(self.tr("閉じる"))
        for button, slot in (
            (self.add_button, self.add),
            (self.role_button, self.change_role),
            (self.reset_button, self.reset),
            (self.unlock_button, self.unlock),
            (self.deactivate_button, self.deactivate),
            (self.reactivate_button, self.reactivate),
            (self.inventory_button, self.export_inventory),
            (close, self.accept),
        ):
            button.clicked.connect(slot)
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.refresh()

    @property
    def database(self) -> Database:
        return self.staff.database

    def _status_text(self, record: AccountRecord) -> str:
        if record.status == "inactive":
            return self.tr("無効")
        if record.status == "locked":
            return (
                self.tr("ロック中（長期未使用）")
                if record.lock_reason == "unused"
                else self.tr("ロック中")
            )
        if record.must_change_password:
            return self.tr("有効（パスワード変更待ち）")
        return self.tr("有効")

    @staticmethod
    def _role_text(role: str) -> str:
        if role not in set(Role):
            return role
        ja, en = ROLE_LABELS[Role(role)]
        return en if language() == "en" else ja

    def refresh(self) -> None:
        from desktop.staff_inventory import account_records

        selected = self.selected_user()
        self.records = account_records(self.database, self.policy)
        self.table.setRowCount(len(self.records))
        for row, record in enumerate(self.records):
            last = record.last_login_at
            cells = (
                record.user_id,
                record.display_name,
                self._role_text(record.role),
                self._status_text(record),
                last.astimezone().strftime("%Y-%m-%d %H:%M") if last else "—",
                str(record.unused_days),
                str(record.password_age_days),
            )
            for column, value in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(value))
            if record.user_id == selected:
                self.table.selectRow(row)
        self._update_buttons()

    def selected_record(self) -> AccountRecord | None:
        rows = self.table.selectionModel().selectedRows()
        return self.records[rows[0].row()] if rows else None

    def selected_user(self) -> str | None:
        record = self.selected_record() if self.records else None
        return record.user_id if record else None

    def select_user(self, user_id: str) -> None:
        for row, record in enumerate(self.records):
            if record.user_id == user_id:
                self.table.selectRow(row)

    def _update_buttons(self) -> None:
        record = self.selected_record()
        self.role_button.setEnabled(record is not None and record.status != "inactive")
        self.reset_button.setEnabled(record is not None and record.status != "inactive")
        self.unlock_button.setEnabled(record is not None and record.status == "locked")
        self.deactivate_button.setEnabled(
            record is not None
            and record.status != "inactive"
            and record.user_id != self.supervisor.user_id
        )
        self.reactivate_button.setEnabled(record is not None and record.status == "inactive")

    def _act(self, act, done_text: str) -> None:  # type: ignore[no-untyped-def]
        user = self.selected_user()
        if user is None:
            return
        try:
            act(user, self.supervisor)
        except StaffError as error:
            self.message.setStyleSheet(ERROR_STYLE)
            self.message.setText(str(error))
            return
        self.message.setStyleSheet("")
        self.message.setText(done_text.replace("%1", user))
        self.refresh()

    def add(self) -> None:
        from ui.signin import NewStaffDialog

        dialog = NewStaffDialog(self.staff, self.supervisor.user_id, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.member is not None:
            self.refresh()
            self.select_user(dialog.member.user_id)

    def change_role(self) -> None:
        record = self.selected_record()
        if record is None:
            return
        roles = [Role.VIEWER, Role.CLERK, Role.SUPERVISOR]
        labels = [self._role_text(role) for role in roles]
        current = roles.index(Role(record.role)) if record.role in set(Role) else 0
        label, ok = QInputDialog.getItem(
            self,
            self.tr("権限の変更"),
            self.tr("%1 の権限").replace("%1", record.user_id),
            labels,
            current,
            False,
        )
        if not ok:
            return
        role = roles[labels.index(label)]
        self._act(
            lambda user, supervisor: self.staff.change_role(user, role, supervisor),
            self.tr("%1 の権限を変更しました"),
        )

    def reset(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        if ResetPasswordDialog(self.staff, self.supervisor, user, self).exec():
            self.message.setStyleSheet("")
            self.message.setText(self.tr("%1 のパスワードを再設定しました").replace("%1", user))
            self.refresh()

    def unlock(self) -> None:
        self._act(self.staff.unlock, self.tr("%1 のロックを解除しました"))

    def deactivate(self) -> None:
        user = self.selected_user()
        answer = QMessageBox.question(
            self,
            self.tr("無効にする"),
            self.tr("%1 をサインインできないようにしますか？記録は残ります。").replace(
                "%1", user or ""
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._act(self.staff.deactivate, self.tr("%1 を無効にしました"))

    def reactivate(self) -> None:
        self._act(self.staff.reactivate, self.tr("%1 を有効に戻しました"))

    def export_inventory(self, path: str | None = None, encoding: str = "utf-8-sig") -> None:
        from desktop.staff_inventory import write_inventory

        if not path:
            path, _ = QFileDialog.getSaveFileName(
                self, self.tr("棚卸CSV"), "staff-inventory.csv", "CSV (*.csv)"
            )
        if not path:
            return
        try:
            count = write_inventory(
                self.database, self.policy, Path(path), by=self.supervisor, encoding=encoding
            )
        except (StaffError, OSError) as error:
            self.message.setStyleSheet(ERROR_STYLE)
            self.message.setText(self.tr("書き出せません: %1").replace("%1", str(error)))
            return
        self.message.setStyleSheet("")
        self.message.setText(
            self.tr("%1 件のアカウントを書き出しました: %2")
            .replace("%1", str(count))
            .replace("%2", path)
        )


__all__ = ["ChangePasswordDialog", "ResetPasswordDialog", "StaffListDialog"]
