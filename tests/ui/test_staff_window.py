"""Passwords, the staff list, the audit viewer and the supervisor's sign-in warnings."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from desktop.demo import DEMO_ACCOUNTS
from desktop.staff import SignInError, StaffService
from desktop.store.models import AuditEntry
from ui.audit_viewer import AuditViewerDialog
from ui.signin import SignInDialog
from ui.staff_dialogs import ChangePasswordDialog, ResetPasswordDialog, StaffListDialog

pytestmark = pytest.mark.gui

BOSS = ("boss", "Correct-Horse-1")
CLERK = ("clerk1", "Battery-Staple-2")


@pytest.fixture
def staff(database) -> StaffService:
    service = StaffService(database)
    service.create(BOSS[0], "監督 花子", "supervisor", BOSS[1], created_by="setup")
    service.create(CLERK[0], "窓口 一郎", "clerk", CLERK[1], created_by="boss")
    return service


def _answer_change_with(monkeypatch, new: str) -> list[ChangePasswordDialog]:  # type: ignore[no-untyped-def]
    shown: list[ChangePasswordDialog] = []

    def answer(dialog: ChangePasswordDialog) -> int:
        shown.append(dialog)
        dialog.new.setText(new)
        dialog.repeat.setText(new)
        dialog.try_change()
        return dialog.result()

    monkeypatch.setattr(ChangePasswordDialog, "exec", answer)
    return shown


def _sign_in(qtbot, staff: StaffService, user: str, password: str) -> SignInDialog:  # type: ignore[no-untyped-def]
    dialog = SignInDialog(staff)
    qtbot.addWidget(dialog)
    dialog.user.setText(user)
    dialog.password.setText(password)
    dialog.try_sign_in()
    return dialog


def test_after_a_reset_sign_in_goes_through_a_password_change(qtbot, staff, monkeypatch) -> None:
    boss = staff.authenticate(*BOSS)
    staff.reset_password("clerk1", "Temporary-Pass-9", boss)
    shown = _answer_change_with(monkeypatch, "My-Own-Choice-4")
    dialog = _sign_in(qtbot, staff, "clerk1", "Temporary-Pass-9")
    assert len(shown) == 1 and dialog.member is not None
    assert not dialog.member.must_change_password
    assert staff.authenticate("clerk1", "My-Own-Choice-4").user_id == "clerk1"


def test_no_sign_in_until_the_password_is_changed(qtbot, staff, monkeypatch) -> None:
    staff.reset_password("clerk1", "Temporary-Pass-9", staff.authenticate(*BOSS))
    monkeypatch.setattr(ChangePasswordDialog, "exec", lambda dialog: 0)  # closed
    dialog = _sign_in(qtbot, staff, "clerk1", "Temporary-Pass-9")
    assert dialog.member is None and "変更するまで" in dialog.message.text()


def test_an_unknown_id_gets_the_attempts_left_text_too(qtbot, staff) -> None:
    known = _sign_in(qtbot, staff, "clerk1", "not-the-password").message.text()
    unknown = _sign_in(qtbot, staff, "nobody-here", "not-the-password").message.text()
    assert known == unknown and "あと4回" in known


def test_change_own_password_refuses_then_changes(qtbot, staff) -> None:
    dialog = ChangePasswordDialog(staff, "clerk1")
    qtbot.addWidget(dialog)
    dialog.current.setText(CLERK[1])
    dialog.new.setText("        ")
    dialog.repeat.setText("        ")
    dialog.try_change()
    assert not dialog.changed and "空白" in dialog.message.text()
    dialog.current.setText("wrong-one-1")
    dialog.new.setText("My-Own-Choice-4")
    dialog.repeat.setText("My-Own-Choice-4")
    dialog.try_change()
    assert not dialog.changed and "今のパスワードが違います" in dialog.message.text()
    dialog.current.setText(CLERK[1])
    dialog.try_change()
    assert dialog.changed
    with pytest.raises(SignInError):
        staff.authenticate(*CLERK)


def test_the_staff_list_resets_unlocks_deactivates_and_exports(
    qtbot, staff, monkeypatch, tmp_path: Path
) -> None:
    boss = staff.authenticate(*BOSS)
    for _ in range(5):
        with pytest.raises(SignInError):
            staff.authenticate("clerk1", "not-the-password")
    dialog = StaffListDialog(staff, staff.policy, boss)
    qtbot.addWidget(dialog)
    dialog.select_user("clerk1")
    assert dialog.unlock_button.isEnabled() and "ロック中" in dialog.table.item(1, 3).text()
    dialog.unlock_button.click()
    assert "ロックを解除" in dialog.message.text()
    assert dialog.table.item(1, 3).text() == "有効"

    def reset(reset_dialog: ResetPasswordDialog) -> int:
        reset_dialog.new.setText("Temporary-Pass-9")
        reset_dialog.repeat.setText("Temporary-Pass-9")
        reset_dialog.try_reset()
        return reset_dialog.result()

    monkeypatch.setattr(ResetPasswordDialog, "exec", reset)
    dialog.reset_button.click()
    assert "変更待ち" in dialog.table.item(1, 3).text()

    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    dialog.select_user("clerk1")
    dialog.deactivate_button.click()
    assert dialog.table.item(1, 3).text() == "無効" and dialog.reactivate_button.isEnabled()
    dialog.select_user("boss")
    assert not dialog.deactivate_button.isEnabled()  # not oneself

    out = tmp_path / "inventory.csv"
    dialog.export_inventory(str(out))
    rows = list(csv.reader(io.StringIO(out.read_text("utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == ["boss", "clerk1"] and rows[2][3] == "無効"
    with staff.database.session() as session:
        actions = session.scalars(select(AuditEntry.action)).all()
    assert {"unlock", "password_reset", "staff_deactivated", "export_staff_inventory"} <= set(
        actions
    )


def test_the_audit_viewer_filters_and_its_export_is_logged(qtbot, staff, tmp_path: Path) -> None:
    boss = staff.authenticate(*BOSS)
    staff.authenticate(*CLERK)
    viewer = AuditViewerDialog(staff.database, boss)
    qtbot.addWidget(viewer)
    everything = viewer.model.rowCount()
    viewer.staff.setText("clerk1")
    viewer.search()
    assert 0 < viewer.model.rowCount() < everything
    assert {row.staff for row in viewer.model.rows} == {"clerk1"}
    out = tmp_path / "audit.csv"
    viewer.export(str(out))
    assert "書き出しました" in viewer.message.text()
    lines = list(csv.reader(io.StringIO(out.read_text("utf-8-sig"))))
    assert {line[2] for line in lines[1:]} == {"clerk1"}
    viewer.staff.setText("boss")
    viewer.action.setCurrentText("export_audit")
    viewer.search()
    assert [row.target for row in viewer.model.rows] == ["audit.csv"]


def test_a_supervisor_is_warned_at_sign_in_when_the_chain_is_broken(qtbot, demo) -> None:
    from ui.main_window import MainWindow

    context = demo.context
    path = context.database.engine.url.database
    connection = sqlite3.connect(path)
    connection.execute("DROP TRIGGER audit_log_no_update")
    connection.execute("UPDATE audit_log SET detail = 'edited' WHERE id = 1")
    connection.commit()
    connection.close()
    boss = DEMO_ACCOUNTS[1]
    member = StaffService(context.database).authenticate(boss.user_id, boss.password)
    window = MainWindow(context, member, demo=True)
    qtbot.addWidget(window)
    window.sync_timer.stop()
    qtbot.waitUntil(lambda: window.staff_actions.chain_report is not None, timeout=30_000)
    window.runner.wait()
    assert not window.staff_actions.chain_banner.isHidden()
    assert "改ざん" in window.staff_actions.chain_banner.text()
    assert "row id 1" in window.staff_actions.chain_banner.toolTip()
    # the demo has one supervisor: the review recommends a second
    assert "2人以上" in window.staff_actions.review_banner.text()
    window.close()


def test_a_clerk_gets_no_audit_check_and_no_admin_menu(qtbot, window) -> None:
    assert window.staff_actions.chain_report is None
    assert window.staff_actions.chain_banner.isHidden()
    assert not window.admin_menu.menuAction().isVisible()
    assert window.password_action.isEnabled()


def test_dialogs_open_from_the_window_menus(qtbot, demo, monkeypatch) -> None:
    from ui.main_window import MainWindow

    opened: list[str] = []
    monkeypatch.setattr(StaffListDialog, "exec", lambda d: opened.append("staff") or 0)
    monkeypatch.setattr(AuditViewerDialog, "exec", lambda d: opened.append("audit") or 0)
    monkeypatch.setattr(ChangePasswordDialog, "exec", lambda d: opened.append("password") or 0)
    boss = DEMO_ACCOUNTS[1]
    member = StaffService(demo.context.database).authenticate(boss.user_id, boss.password)
    window = MainWindow(demo.context, member, demo=True)
    qtbot.addWidget(window)
    window.sync_timer.stop()
    window.manage_staff_action.trigger()
    window.audit_log_action.trigger()
    window.password_action.trigger()
    window.runner.wait()
    assert opened == ["staff", "audit", "password"]
    window.close()


def test_first_start_recommends_a_second_supervisor_without_requiring_one(qtbot, database) -> None:
    from PySide6.QtWidgets import QLabel

    from ui.signin import NewStaffDialog

    dialog = NewStaffDialog(StaffService(database), "first-start", first=True)
    qtbot.addWidget(dialog)
    assert any("2人以上" in label.text() for label in dialog.findChildren(QLabel))
    dialog.user.setText("kanri")
    dialog.name.setText("管理 太郎")
    dialog.password.setText("Long-enough-9")
    dialog.repeat.setText("Long-enough-9")
    dialog.try_create()
    assert dialog.member is not None and not dialog.member.must_change_password


def test_someone_a_supervisor_registers_must_change_the_password(qtbot, staff) -> None:
    from ui.signin import NewStaffDialog

    dialog = NewStaffDialog(staff, "boss")
    qtbot.addWidget(dialog)
    dialog.user.setText("clerk2")
    dialog.name.setText("窓口 二郎")
    dialog.password.setText("Handed-Over-5")
    dialog.repeat.setText("Handed-Over-5")
    dialog.try_create()
    assert staff.authenticate("clerk2", "Handed-Over-5").must_change_password


def test_the_staff_list_changes_a_role(qtbot, staff, monkeypatch) -> None:
    from PySide6.QtWidgets import QInputDialog

    boss = staff.authenticate(*BOSS)
    dialog = StaffListDialog(staff, staff.policy, boss)
    qtbot.addWidget(dialog)
    dialog.select_user("clerk1")
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a: ("監督者", True))
    dialog.role_button.click()
    assert "権限を変更" in dialog.message.text()
    assert dialog.table.item(1, 2).text() == "監督者"
    assert staff.active_supervisors() == 2
