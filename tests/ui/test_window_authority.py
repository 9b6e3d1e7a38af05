"""The window asks the core who may print, save, fax, export and change settings."""

from __future__ import annotations

import json

import pytest
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QMessageBox
from sqlalchemy import select

from desktop import secrets
from desktop.demo import DEMO_ACCOUNTS
from desktop.staff import StaffMember, StaffService
from desktop.store.models import AuditEntry
from ui.document_actions import ListChoiceDialog
from ui.settings_dialog import SettingsDialog

pytestmark = pytest.mark.gui


def _audit(demo, action: str) -> list[AuditEntry]:  # type: ignore[no-untyped-def]
    with demo.context.database.session() as session:
        rows = session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all()
        session.expunge_all()
        return list(rows)


def _become(window, member: StaffMember) -> None:  # type: ignore[no-untyped-def]
    window.member = window.fax.member = member


def _supervisor(demo) -> StaffMember:  # type: ignore[no-untyped-def]
    boss = DEMO_ACCOUNTS[1]
    return StaffService(demo.context.database).authenticate(boss.user_id, boss.password)


def _viewer(demo) -> StaffMember:  # type: ignore[no-untyped-def]
    staff = StaffService(demo.context.database)
    staff.create("viewer1", "参照 太郎", "viewer", "Quiet-Window-3", "test")
    return staff.authenticate("viewer1", "Quiet-Window-3")


def test_settings_are_for_supervisors_and_each_change_is_audited(
    window, qtbot, monkeypatch, demo
) -> None:
    assert not window.settings_action.isVisible()  # the demo clerk
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    assert window.open_settings() is False
    assert warnings and "監督者" in warnings[0]

    _become(window, _supervisor(demo))
    old_url = demo.context.settings.get("hub_url")

    def fill_and_save(dialog: SettingsDialog) -> QDialog.DialogCode:
        dialog.editors["bureau_name"].setText("昭島市水道部")
        dialog.password.setText("new-hub-secret")
        dialog.save()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(SettingsDialog, "exec", fill_and_save)
    assert window.open_settings() is True
    assert window.last_settings_dialog.message.text() == ""
    changes = {row.target: row for row in _audit(demo, "setting_changed")}
    assert changes["bureau_name"].staff == "sato"
    assert "→ '昭島市水道部'" in changes["bureau_name"].detail
    assert changes["hub_password"].detail == "changed"
    assert "hub_url" not in changes and demo.context.settings.get("hub_url") == old_url
    every_detail = " ".join(row.detail for row in _audit(demo, "setting_changed"))
    assert "new-hub-secret" not in every_detail
    partner = demo.context.settings.get("partner_id")
    assert secrets.hub_password(partner) == "new-hub-secret"


def test_a_viewer_may_look_but_not_save_or_print(window, qtbot, demo, monkeypatch, tmp_path):
    _become(window, _viewer(demo))
    window.select_id(window.model.id_at(0))
    with qtbot.waitSignal(window.runner.ended, timeout=60_000):
        assert window.documents.print_notice(window.current_id())
    preview = window.documents.last_preview
    assert not preview.print_button.isEnabled() and not preview.save_button.isEnabled()
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    target = tmp_path / "sheet.pdf"
    assert not preview.save_document(str(target))  # even when asked by other means
    assert not target.exists() and "窓口担当" in warnings[0]
    refused = _audit(demo, "export_refused")
    assert [(r.staff, json.loads(r.detail)["destination"]) for r in refused] == [
        ("viewer1", f"file:{target}")
    ]
    preview.close()


def test_a_clerk_prints_a_list_but_a_supervisor_saves_it(
    window, qtbot, demo, monkeypatch, tmp_path
):
    monkeypatch.setattr(ListChoiceDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    with qtbot.waitSignal(window.runner.ended, timeout=60_000):
        assert window.documents.print_list("move_in")
    preview = window.documents.last_preview
    assert preview.print_button.isEnabled() and not preview.save_button.isEnabled()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "paper.pdf"))
    assert preview.print_document(printer)
    [printed] = _audit(demo, "export")
    assert printed.staff == "tanaka" and json.loads(printed.detail)["use"] == "print_list"
    preview.close()

    _become(window, _supervisor(demo))
    with qtbot.waitSignal(window.runner.ended, timeout=60_000):
        assert window.documents.print_list("move_in")
    preview = window.documents.last_preview
    assert preview.save_button.isEnabled()
    saved = tmp_path / "list.pdf"
    assert preview.save_document(str(saved)) and saved.exists()
    exports = [json.loads(r.detail) for r in _audit(demo, "export") if r.staff == "sato"]
    assert exports == [{"use": "save_list_pdf", "destination": f"file:{saved}"}]
    preview.close()


def test_a_viewer_cannot_fax(window, qtbot, demo, monkeypatch) -> None:
    _become(window, _viewer(demo))
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    assert window.fax.send_dialog() is False
    assert warnings and "ファクス送信" in warnings[0]
