"""Printing, saving and exporting from the window."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QMessageBox

from desktop.demo import DEMO_ACCOUNTS
from desktop.staff import StaffService
from ui.document_actions import ListChoiceDialog

pytestmark = pytest.mark.gui


def test_print_notice_preview_print_and_save(window, qtbot, tmp_path: Path, monkeypatch) -> None:
    confirmed: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: confirmed.append(a[2]))
    window.select_id(window.model.id_at(0))
    receipt = window.panel.detail.notice.receipt_number
    with qtbot.waitSignal(window.runner.ended, timeout=60_000):
        assert window.documents.print_notice(window.current_id())
    preview = window.documents.last_preview
    assert preview is not None and preview.isVisible()
    saved = tmp_path / "sheet.pdf"
    assert preview.save_document(str(saved))
    assert confirmed == [f"PDFを保存しました:\n{saved}"]
    assert receipt in "".join(
        p.get_textpage().get_text_range() for p in pdfium.PdfDocument(saved.read_bytes())
    )
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    assert preview.print_document(printer)
    assert len(pdfium.PdfDocument(printed.read_bytes())) == 1
    preview.close()


def test_print_daily_list_from_the_window(window, qtbot, monkeypatch) -> None:
    monkeypatch.setattr(ListChoiceDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    with qtbot.waitSignal(window.runner.ended, timeout=60_000):
        assert window.documents.print_list("move_in")
    assert window.documents.last_preview is not None
    window.documents.last_preview.close()


def test_csv_export_needs_a_supervisor(window, qtbot, monkeypatch, tmp_path: Path, demo) -> None:
    monkeypatch.setattr(ListChoiceDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    assert window.documents.export_csv(path=str(tmp_path / "x.csv")) is None
    assert warnings and "監督者" in warnings[0]
    assert not window.export_action.isVisible()

    boss = DEMO_ACCOUNTS[1]
    window.member = StaffService(demo.context.database).authenticate(boss.user_id, boss.password)
    written = window.documents.export_csv(path=str(tmp_path / "x.csv"))
    assert written and Path(written).read_bytes().startswith(b"\xef\xbb\xbf")
