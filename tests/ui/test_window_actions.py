"""Every declared window action on personal data refuses a role below its least, and audits.

The actions are ``desktop.authority.WINDOW_ACTIONS``; each has a driver here
that works the real window the way a person would (menus and previews,
with the file and print dialogs answered). A declared action without a
driver fails the test.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QMessageBox
from sqlalchemy import select

from desktop.authority import LEAST_ROLE, WINDOW_ACTIONS
from desktop.claims import DecidedElsewhere
from desktop.domain.workflow import Role, TransitionError
from desktop.service import Actor
from desktop.staff import StaffService
from desktop.store.models import AuditEntry
from ui.document_actions import ListChoiceDialog
from ui.fax_dialogs import SendFaxDialog, SendRequest
from ui.settings_dialog import SettingsDialog

pytestmark = pytest.mark.gui

ACCOUNTS = {
    Role.VIEWER: ("viewer1", "Quiet-Window-3"),
    Role.CLERK: ("clerk1", "Battery-Staple-2"),
    Role.SUPERVISOR: ("boss1", "Correct-Horse-1"),
}
BELOW = {Role.CLERK: Role.VIEWER, Role.SUPERVISOR: Role.CLERK}


def _printer(tmp_path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "paper.pdf"))
    return printer


def _notice_preview(window, qtbot):  # type: ignore[no-untyped-def]
    window.select_id(window.model.id_at(0))
    with qtbot.waitSignal(window.runner.ended, timeout=60_000):
        window.documents.print_notice(window.current_id())
    return window.documents.last_preview


def _list_preview(window, qtbot):  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.runner.ended, timeout=60_000):
        window.documents.print_list("move_in")
    return window.documents.last_preview


def _accept(window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window.select_id(window.model.id_at(0))
    window.decisions.accept(window.current_id(), window.panel.detail.notice.version, "012345")


def _reopen(window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    notice_id = window.model.id_at(1)
    # Decided already, on the first drive.
    with contextlib.suppress(TransitionError, DecidedElsewhere):
        window.context.notices.decide(
            notice_id, "accept", Actor("clerk1", "clerk"), customer_number="0123"
        )
    window.decisions.reopen(notice_id)


def _fax(window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window.select_id(window.model.id_at(0))
    receipt = window.panel.detail.notice.receipt_number
    request = SendRequest(
        "notice", (receipt,), "move_in", date.today(), date.today(), "", "0421110000",
        "", False, "standard", "",
    )  # fmt: skip
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(SendFaxDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
        patch.setattr(SendFaxDialog, "request", lambda self: request)
        if window.fax.send_dialog():
            qtbot.waitUntil(lambda: not window.runner.is_running(), timeout=60_000)


def _settings(window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window.open_settings()


def _print_preview(make: Callable) -> Callable:  # type: ignore[type-arg]
    def drive(window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
        preview = make(window, qtbot)
        preview.print_document(_printer(tmp_path))
        preview.close()

    return drive


def _save_preview(make: Callable) -> Callable:  # type: ignore[type-arg]
    def drive(window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
        preview = make(window, qtbot)
        preview.save_document(str(tmp_path / "saved.pdf"))
        preview.close()

    return drive


def _csv(window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window.documents.export_csv(path=str(tmp_path / "list.csv"))


# The driver of each action, and the audit action a granted one writes.
DRIVERS: dict[str, tuple[Callable, str]] = {  # type: ignore[type-arg]
    "show a notice": (lambda w, q, t: w.select_id(w.model.id_at(2)), "view"),
    "accept a notice": (_accept, "accept"),
    "reopen a decision": (_reopen, "reopen"),
    "print a notice sheet": (_print_preview(_notice_preview), "export"),
    "save a notice sheet as PDF": (_save_preview(_notice_preview), "export"),
    "print a list": (_print_preview(_list_preview), "export"),
    "save a list as PDF": (_save_preview(_list_preview), "export"),
    "export a list as CSV": (_csv, "export"),
    "fax a notice sheet": (_fax, "export"),
    "change settings": (_settings, "setting_changed"),
}


def test_every_window_action_has_a_driver() -> None:
    assert set(DRIVERS) == set(WINDOW_ACTIONS)


@pytest.fixture
def answered(monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    """Dialogs answered as a person would; the warnings shown are collected."""
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *a: QMessageBox.StandardButton.Ok)
    monkeypatch.setattr(ListChoiceDialog, "exec", lambda self: QDialog.DialogCode.Accepted)

    def change_and_save(dialog: SettingsDialog) -> QDialog.DialogCode:
        dialog.editors["bureau_name"].setText(f"水道局 {len(warnings)}")
        dialog.save()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(SettingsDialog, "exec", change_and_save)
    return warnings


def _become(window, role: Role) -> str:  # type: ignore[no-untyped-def]
    user_id, password = ACCOUNTS[role]
    member = StaffService(window.context.database).authenticate(user_id, password)
    window.member = window.fax.member = member
    window.actor = Actor(member.user_id, member.role)
    window.panel.set_role(member.role)
    return user_id


def _granted(window, user_id: str, action: str) -> int:  # type: ignore[no-untyped-def]
    with window.context.database.session() as session:
        return len(
            session.scalars(
                select(AuditEntry.id).where(
                    AuditEntry.staff == user_id, AuditEntry.action == action
                )
            ).all()
        )


@pytest.mark.parametrize("name", sorted(WINDOW_ACTIONS))
def test_a_window_action_refuses_below_its_role_and_audits_at_it(
    name, window, qtbot, answered, tmp_path
) -> None:
    staff = StaffService(window.context.database)
    for role, (user_id, password) in ACCOUNTS.items():
        staff.create(user_id, f"{role} {user_id}", role, password, "test")
    drive, audited_as = DRIVERS[name]
    least = LEAST_ROLE[WINDOW_ACTIONS[name]]
    if least in BELOW:
        below = _become(window, BELOW[least])
        drive(window, qtbot, tmp_path)
        assert _granted(window, below, audited_as) == 0, f"{name} was done by {below}"
        assert not (tmp_path / "saved.pdf").exists() and not (tmp_path / "list.csv").exists()
    at_least = _become(window, least)
    answered.clear()
    drive(window, qtbot, tmp_path)
    assert answered == [], answered
    assert _granted(window, at_least, audited_as) >= 1, f"{name} left no audit row"


def test_a_fax_is_audited_with_its_receipt_and_number(window, qtbot, answered, tmp_path) -> None:
    _fax(window, qtbot, tmp_path)
    receipt = window.panel.detail.notice.receipt_number
    with window.context.database.session() as session:
        [row] = session.scalars(select(AuditEntry).where(AuditEntry.action == "export")).all()
        assert (row.staff, row.target) == ("tanaka", receipt)
        assert '"destination": "fax:0421110000"' in row.detail
