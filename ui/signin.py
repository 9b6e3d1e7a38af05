"""Sign-in, first-start account creation, and the idle screen lock."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.demo_accounts import DemoAccount
from desktop.domain.accounts import SignInError, StaffError, StaffMember
from desktop.domain.workflow import ROLE_LABELS, Role
from ui.i18n import language
from ui.staff_dialogs import password_rules_text
from ui.widgets import ERROR_STYLE, dialog_buttons, error_label, password_field

if TYPE_CHECKING:
    from desktop.staff import StaffService


class SignInDialog(QDialog):
    """Asks for user ID and password.

    It may open before the data does (``staff`` None): the clerk types
    meanwhile, and a sign-in asked for early goes ahead in ``set_staff``.
    """

    def __init__(
        self,
        staff: StaffService | None,
        *,
        bureau: str = "",
        demo_accounts: Sequence[DemoAccount] = (),
        locked_user: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.staff = staff
        self.member: StaffMember | None = None
        self.waiting = False  # asked to sign in before the data was open
        self.setWindowTitle(self.tr("MoveDesk サインイン"))
        layout = QVBoxLayout(self)
        title = QLabel(f"<h2>MoveDesk</h2>{bureau}")
        layout.addWidget(title)
        if locked_user:
            layout.addWidget(
                QLabel(self.tr("画面をロックしました。続けるにはパスワードを入力してください。"))
            )
        form = QFormLayout()
        self.user = QLineEdit(locked_user or "")
        self.user.setReadOnly(bool(locked_user))
        self.password = password_field()
        form.addRow(self.tr("利用者ID(&U)"), self.user)
        form.addRow(self.tr("パスワード(&P)"), self.password)
        layout.addLayout(form)
        self.message = error_label()
        layout.addWidget(self.message)
        if demo_accounts:
            lines = "<br>".join(
                f"{a.user_id} / {a.password}（{self._role(a.role)}）" for a in demo_accounts
            )
            hint = QLabel(self.tr("デモ用アカウント") + f"<br>{lines}")
            hint.setTextFormat(Qt.TextFormat.RichText)
            hint.setStyleSheet("background:#eef6ee; padding:6px;")
            layout.addWidget(hint)
        buttons = dialog_buttons(
            self,
            self.try_sign_in,
            self.tr("サインイン"),
            self.tr("終了") if not locked_user else self.tr("サインアウト"),
        )
        # Enter in either box presses the default button: the one way in, so
        # a refusal's message is not replaced by a second, empty attempt.
        buttons.button(QDialogButtonBox.StandardButton.Ok).setDefault(True)
        layout.addWidget(buttons)
        (self.password if locked_user else self.user).setFocus()

    @staticmethod
    def _role(role: str) -> str:
        ja, en = ROLE_LABELS[Role(role)]
        return en if language() == "en" else ja

    def try_sign_in(self) -> None:
        if self.member is not None:
            return
        user, password = self.user.text().strip(), self.password.text()
        self.message.setStyleSheet(ERROR_STYLE)
        if not user or not password:
            self.message.setText(self.tr("利用者IDとパスワードを入力してください"))
            return
        if self.staff is None:
            self.waiting = True
            self.message.setStyleSheet("")  # a moment's wait, not a mistake
            self.message.setText(self.tr("データを準備しています。しばらくお待ちください…"))
            return
        try:
            member = self.staff.authenticate(user, password)
        except SignInError as error:
            self.password.clear()
            if error.reason == "locked":
                self.message.setText(
                    self.tr(
                        "アカウントがロックされています。しばらくしてからやり直すか、監督者に解除を依頼してください。"
                    )
                )
            elif error.attempts_left is not None:
                self.message.setText(
                    self.tr(
                        "利用者IDまたはパスワードが違います（あと%1回でロックされます）"
                    ).replace("%1", str(error.attempts_left))
                )
            else:
                self.message.setText(self.tr("利用者IDまたはパスワードが違います"))
            return
        if member.must_change_password and not self._changed_password(member, password):
            self.password.clear()
            self.message.setText(self.tr("パスワードを変更するまでサインインできません"))
            return
        self.member = replace(member, must_change_password=False)
        self.accept()

    def _changed_password(self, member: StaffMember, current: str) -> bool:
        """A supervisor chose this password: the holder replaces it before working."""
        from ui.staff_dialogs import ChangePasswordDialog

        assert self.staff is not None
        dialog = ChangePasswordDialog(
            self.staff, member.user_id, current_password=current, forced=True, parent=self
        )
        return dialog.exec() == QDialog.DialogCode.Accepted and dialog.changed

    def set_staff(self, staff: StaffService) -> None:
        """The data is open: sign-in works from now on (at once, if already asked for)."""
        self.staff = staff
        if self.waiting:
            self.waiting = False
            self.message.clear()
            self.try_sign_in()


class NewStaffDialog(QDialog):
    """Create a staff account; on first start, the first supervisor."""

    def __init__(
        self,
        staff: StaffService,
        created_by: str,
        *,
        first: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.staff = staff
        self.created_by = created_by
        self.first = first
        self.member: StaffMember | None = None
        self.setWindowTitle(self.tr("最初の監督者を登録") if first else self.tr("職員の登録"))
        layout = QVBoxLayout(self)
        if first:
            intro = QLabel(
                self.tr(
                    "MoveDesk を初めて起動しました。職員の管理や印刷の設定を行う監督者のアカウントを作成してください。"
                )
                + "\n"
                + self.tr(
                    "監督者は2人以上いることをおすすめします（1人がロックされたり不在のときに備えて）。"
                    "サインイン後、「管理 → 職員の管理」で2人目を登録してください。"
                )
            )
            intro.setWordWrap(True)
            layout.addWidget(intro)
        form = QFormLayout()
        self.user = QLineEdit()
        self.name = QLineEdit()
        self.role = QComboBox()
        for role in (Role.SUPERVISOR,) if first else (Role.CLERK, Role.VIEWER, Role.SUPERVISOR):
            ja, en = ROLE_LABELS[role]
            self.role.addItem(en if language() == "en" else ja, role.value)
        self.password = password_field()
        self.repeat = password_field()
        form.addRow(self.tr("利用者ID(&U)"), self.user)
        form.addRow(self.tr("氏名(&N)"), self.name)
        form.addRow(self.tr("権限(&R)"), self.role)
        form.addRow(self.tr("パスワード(&P)"), self.password)
        form.addRow(self.tr("パスワード（確認）"), self.repeat)
        layout.addLayout(form)
        rules = QLabel(password_rules_text())
        rules.setWordWrap(True)
        layout.addWidget(rules)
        self.message = error_label()
        layout.addWidget(self.message)
        layout.addWidget(
            dialog_buttons(self, self.try_create, self.tr("登録"), self.tr("キャンセル"))
        )

    def try_create(self) -> None:
        if self.password.text() != self.repeat.text():
            self.message.setText(self.tr("確認用のパスワードが一致しません"))
            return
        try:
            self.member = self.staff.create(
                self.user.text().strip(),
                self.name.text(),
                self.role.currentData(),
                self.password.text(),
                created_by=self.created_by,
                # Whoever registers someone else knows the password they gave.
                must_change_password=not self.first,
            )
        except StaffError as error:
            self.message.setText(str(error))
            return
        self.accept()
