from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.demo import DEMO_ACCOUNTS
from desktop.staff import StaffService
from ui.signin import NewStaffDialog, SignInDialog

pytestmark = pytest.mark.gui


def _try(qtbot, dialog: SignInDialog, user: str, password: str) -> None:  # type: ignore[no-untyped-def]
    dialog.user.setText(user)
    dialog.password.clear()
    qtbot.keyClicks(dialog.password, password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)


def test_wrong_password_then_lock_out_after_five(qtbot, demo) -> None:
    staff = StaffService(demo.context.database)
    dialog = SignInDialog(staff, demo_accounts=DEMO_ACCOUNTS)
    qtbot.addWidget(dialog)
    _try(qtbot, dialog, "tanaka", "not-the-password")
    assert dialog.member is None and "あと4回" in dialog.message.text()
    for _ in range(4):
        _try(qtbot, dialog, "tanaka", "not-the-password")
    assert "ロック" in dialog.message.text()
    _try(qtbot, dialog, "tanaka", DEMO_ACCOUNTS[0].password)
    assert dialog.member is None and "ロック" in dialog.message.text()


def test_right_password_signs_in(qtbot, demo) -> None:
    dialog = SignInDialog(StaffService(demo.context.database))
    qtbot.addWidget(dialog)
    _try(qtbot, dialog, "sato", DEMO_ACCOUNTS[1].password)
    assert dialog.member is not None and dialog.member.role == "supervisor"


def test_first_supervisor_password_rules(qtbot, database) -> None:
    staff = StaffService(database)
    dialog = NewStaffDialog(staff, "first-start", first=True)
    qtbot.addWidget(dialog)
    dialog.user.setText("kanri")
    dialog.name.setText("管理 太郎")
    dialog.password.setText("kanri-123")
    dialog.repeat.setText("kanri-123")
    dialog.try_create()
    assert dialog.member is None and "利用者ID" in dialog.message.text()
    dialog.password.setText("Long-enough-9")
    dialog.repeat.setText("Long-enough-9")
    dialog.try_create()
    assert dialog.member is not None and dialog.member.role == "supervisor"
    assert staff.has_staff()
