"""Print preview: the PDF's pages as the printer will get them, then print or save.

Whether the pages may go to paper or to a file is the core's to say
(``desktop.authority``): the preview is given a ``release`` that asks it and
audits the destination, and shows its refusal.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.messages import file_error
from ui.i18n import error_text
from ui.print_job import paint_pages

PREVIEW_DPI = 80

PRINT, SAVE = "print", "save"
# Asks the core whether the document may go to ``destination`` by ``PRINT`` or
# ``SAVE``, and audits it; raises the core's refusal.
Release = Callable[[str, str], None]


class PrintPreview(QDialog):
    """Shows pages rasterised beforehand (off the GUI thread) with print and save buttons."""

    def __init__(
        self,
        title: str,
        pdf: bytes,
        pages: list[QImage],
        warnings: list[str],
        suggested_name: str,
        parent: QWidget | None = None,
        *,
        release: Release | None = None,
        may: Callable[[str], bool] | None = None,
    ) -> None:
        super().__init__(parent)
        self.pdf = pdf
        self.release = release
        may = may or (lambda _how: True)
        self.suggested_name = suggested_name
        self.printed = False
        self.saved_to: str | None = None
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        if warnings:
            note = QLabel("\n".join(warnings[:5]) + ("\n…" if len(warnings) > 5 else ""))
            note.setStyleSheet("background:#fff1c1; padding:4px;")
            note.setWordWrap(True)
            layout.addWidget(note)
        area = QScrollArea()
        area.setWidgetResizable(True)
        holder = QWidget()
        pages_layout = QVBoxLayout(holder)
        for number, image in enumerate(pages, 1):
            picture = QLabel()
            picture.setPixmap(QPixmap.fromImage(image))
            picture.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            picture.setStyleSheet("border:1px solid #999; background:white;")
            pages_layout.addWidget(picture)
            caption = QLabel(f"{number} / {len(pages)}")
            caption.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            pages_layout.addWidget(caption)
        area.setWidget(holder)
        layout.addWidget(area, 1)
        buttons = QHBoxLayout()
        self.print_button = QPushButton(self.tr("印刷(&P)…"))
        self.save_button = QPushButton(self.tr("PDFとして保存(&S)…"))
        close = QPushButton(self.tr("閉じる"))
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_document)
        close.clicked.connect(self.accept)
        buttons.addStretch(1)
        for button in (self.print_button, self.save_button, close):
            buttons.addWidget(button)
        self.print_button.setEnabled(may(PRINT))
        self.save_button.setEnabled(may(SAVE))
        layout.addLayout(buttons)
        self.resize(900, 900)

    def print_document(self, printer: QPrinter | None = None) -> bool:
        printer = printer or QPrinter(QPrinter.PrinterMode.HighResolution)
        if (
            not isinstance(printer, QPrinter)
            or printer.outputFormat() != QPrinter.OutputFormat.PdfFormat
        ):
            dialog = QPrintDialog(printer, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
        destination = printer.printerName() or printer.outputFileName()
        if not self._released(PRINT, f"printer:{destination}", self.tr("印刷できません")):
            return False
        try:
            paint_pages(printer, self.pdf)
        except OSError as error:
            QMessageBox.warning(self, self.tr("印刷できません"), error_text(error))
            return False
        self.printed = True
        return True

    def save_document(self, path: str | None = None) -> bool:
        if not path:
            path, _ = QFileDialog.getSaveFileName(
                self, self.tr("PDFとして保存"), self.suggested_name, "PDF (*.pdf)"
            )
        if not path:
            return False
        if not self._released(SAVE, f"file:{path}", self.tr("保存できません")):
            return False
        try:
            with open(path, "wb") as target:
                target.write(self.pdf)
        except OSError as error:
            QMessageBox.warning(
                self, self.tr("保存できません"), error_text(file_error(error, path))
            )
            return False
        self.saved_to = path
        QMessageBox.information(
            self, self.tr("PDFとして保存"), self.tr("PDFを保存しました:\n%1").replace("%1", path)
        )
        return True

    def _released(self, how: str, destination: str, title: str) -> bool:
        if self.release is None:
            return True
        try:
            self.release(how, destination)
        except PermissionError as error:  # the core's refusal, already audited
            QMessageBox.warning(self, title, error_text(error))
            return False
        return True
