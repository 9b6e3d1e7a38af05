"""The window's own self-test check: Qt, fonts, printing and the translation."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from desktop.selftest import RESIDENT_NAME, CheckFailed


def check_qt() -> str:
    """The offscreen platform, fonts, images, printing and the English translation in Qt."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QLibraryInfo, QTranslator
    from PySide6.QtGui import QFont, QImageReader, QPainter
    from PySide6.QtPrintSupport import QPrinter, QPrinterInfo
    from PySide6.QtWidgets import QApplication

    from ui.fonts import register_fonts
    from ui.i18n import QT_JAPANESE, qt_translations_dir, translations_dir

    # A missing platform plugin makes Qt abort the whole process: look first.
    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
    platform = os.environ["QT_QPA_PLATFORM"].split(":")[0]
    if not list((plugins / "platforms").glob(f"*q{platform}.*")):
        raise CheckFailed(f"no Qt platform plugin {platform!r} in {plugins / 'platforms'}")
    # Windows printing is built into QtPrintSupport; elsewhere it is CUPS's plugin.
    if sys.platform.startswith("linux") and not list((plugins / "printsupport").glob("*cups*")):
        raise CheckFailed(f"no Qt print support plugin in {plugins / 'printsupport'}")
    app = QApplication.instance() or QApplication(["movedesk"])
    if not isinstance(app, QApplication):
        raise CheckFailed(f"a {type(app).__name__} is running, not a QApplication")
    families = register_fonts(app)
    gothic = next((family for family in families if "IPAex" in family), None)
    if gothic is None:
        raise CheckFailed(f"Qt did not load the IPAex fonts (got {families})")
    wanted = {"png", "jpg", "ico", "tiff"}
    formats = {bytes(name).decode() for name in QImageReader.supportedImageFormats()}
    if not wanted <= formats:
        raise CheckFailed(f"Qt image formats missing: {sorted(wanted - formats)}")
    with tempfile.TemporaryDirectory(
        prefix="movedesk-selftest-", ignore_cleanup_errors=True
    ) as tmp:
        target = Path(tmp) / "qt.pdf"
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        painter = QPainter()
        if not painter.begin(printer):
            raise CheckFailed("QPrinter would not start a PDF")
        painter.setFont(QFont(gothic, 12))
        painter.drawText(100, 200, RESIDENT_NAME)
        painter.end()
        if target.stat().st_size < 1000:
            raise CheckFailed("QPrinter wrote an empty PDF")
    printers = len(QPrinterInfo.availablePrinterNames())
    qm = translations_dir() / "movedesk_en.qm"
    translator = QTranslator()
    if not translator.load(str(qm)):
        raise CheckFailed(f"the English translation {qm} does not load")
    english = translator.translate("SignInDialog", "サインイン")
    if english != "Sign in":
        raise CheckFailed(f"the English translation gave {english!r} for サインイン")
    qt_japanese = QTranslator()
    qt_qm = qt_translations_dir() / QT_JAPANESE
    if not qt_japanese.load(str(qt_qm)):
        raise CheckFailed(f"Qt's Japanese translation {qt_qm} does not load")
    # Through names, not literals: lupdate would collect Qt's own text into ours.
    context, source = "QPlatformTheme", "Cancel"
    cancel = qt_japanese.translate(context, source)
    if cancel != "キャンセル":
        raise CheckFailed(f"Qt's Japanese translation gave {cancel!r} for Cancel")
    return (
        f"platform {app.platformName()}, {gothic}, image formats, "
        f"printing ({printers} printers here), English translation, Qt's Japanese"
    )
