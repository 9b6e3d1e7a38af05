"""Sending a finished PDF to a printer through Qt, page by page.

The documents are made once, as PDF, by ``printing``; here pypdfium2
rasterises each page at the printer's resolution and Qt paints it, so the
paper matches the preview and the saved PDF.
"""

from __future__ import annotations

from collections.abc import Callable

import pypdfium2 as pdfium
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from desktop.messages import QT_TRANSLATE_NOOP, UserError

MAX_PRINT_DPI = 300


class PrinterError(UserError, OSError):
    """The printer cannot take the document; the message names it."""


def page_images(
    pdf: bytes, dpi: float, progress: Callable[[int, int], None] | None = None
) -> list[QImage]:
    """Every page as a QImage at ``dpi`` (safe to call off the GUI thread)."""
    document = pdfium.PdfDocument(pdf)
    try:
        images = []
        for number in range(len(document)):
            bitmap = document[number].render(scale=dpi / 72, grayscale=False)
            image = bitmap.to_pil().convert("RGB")
            data = image.tobytes("raw", "RGB")
            qimage = QImage(
                data, image.width, image.height, image.width * 3, QImage.Format.Format_RGB888
            )
            images.append(qimage.copy())  # own the pixels: ``data`` is freed with this frame
            if progress:
                progress(number + 1, len(document))
        return images
    finally:
        document.close()


def paint_pages(printer: QPrinter, pdf: bytes) -> int:
    """Paint every page of ``pdf`` onto ``printer``; returns the page count."""
    document = pdfium.PdfDocument(pdf)
    try:
        first_width, first_height = document[0].get_size()
        landscape = first_width > first_height
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        printer.setPageOrientation(
            QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
        )
        printer.setFullPage(True)
        dpi = min(printer.resolution(), MAX_PRINT_DPI)
        painter = QPainter()
        if not painter.begin(printer):
            if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
                raise PrinterError(
                    "pdf_printer_cannot_open",
                    QT_TRANSLATE_NOOP(
                        "CoreMessages",
                        "PDFファイル「{path}」に書き込めません。保存先のフォルダと書き込み権限を確かめてください",
                    ),
                    path=printer.outputFileName(),
                )
            raise PrinterError(
                "printer_cannot_open",
                QT_TRANSLATE_NOOP(
                    "CoreMessages",
                    "プリンタ「{name}」を開けません。電源、接続、用紙を確かめてください",
                ),
                name=printer.printerName(),
            )
        try:
            for number in range(len(document)):
                if number:
                    printer.newPage()
                bitmap = document[number].render(scale=dpi / 72)
                image = bitmap.to_pil().convert("RGB")
                qimage = QImage(
                    image.tobytes("raw", "RGB"),
                    image.width,
                    image.height,
                    image.width * 3,
                    QImage.Format.Format_RGB888,
                )
                target = QRectF(painter.viewport())
                painter.drawImage(target, qimage)
        finally:
            painter.end()
        return len(document)
    finally:
        document.close()


def _ensure_application() -> None:
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is None:
        import os

        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        QGuiApplication([])


def printer_names() -> list[str]:
    """The printers this PC knows, by the names the command line's --printer takes."""
    _ensure_application()
    return list(QPrinterInfo.availablePrinterNames())


def print_pdf(pdf: bytes, printer_name: str) -> int:
    """Print on the named printer without a dialog (the scheduled morning list)."""
    _ensure_application()
    info = QPrinterInfo.printerInfo(printer_name)
    if info.isNull():
        raise PrinterError(
            "printer_unknown",
            QT_TRANSLATE_NOOP(
                "CoreMessages", "プリンタ「{name}」はありません（このPCのプリンタ: {known}）"
            ),
            name=printer_name,
            known="、".join(QPrinterInfo.availablePrinterNames()) or "—",
        )
    printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
    return paint_pages(printer, pdf)
