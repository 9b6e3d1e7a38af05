"""Language of the window: Japanese is the shipped text, English a translation."""

from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from desktop.messages import UserError, file_error
from desktop.privacy import is_database_error
from ui.events import process_pending_events

log = logging.getLogger(__name__)
_state = {"language": "ja"}
_installed: list[QTranslator] = []
# Qt's own texts (OK, キャンセル, the file and print dialogs) in Japanese; the
# window's own text is Japanese already and needs a file only for English.
QT_JAPANESE = "qtbase_ja.qm"


def translations_dir() -> Path:
    return Path(str(resources.files("resources").joinpath("translations")))


def qt_translations_dir() -> Path:
    """Where Qt keeps its translations: in PySide6's folder, frozen or not."""
    return Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))


def language() -> str:
    return _state["language"]


def _translation_files(code: str) -> list[Path]:
    if code == "ja":
        return [qt_translations_dir() / QT_JAPANESE]
    return [translations_dir() / f"movedesk_{code}.qm"]


def set_language(code: str) -> bool:
    """Install the translators for ``code`` (ja or en); True if the language changed.

    Widgets retranslate themselves on the LanguageChange event Qt sends.
    """
    app = QCoreApplication.instance()
    if app is None:
        _state["language"] = code
        return False
    if code == _state["language"] and _installed:
        return False
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    for path in _translation_files(code):
        translator = QTranslator(app)
        if not translator.load(str(path)):
            if code == "ja":
                # Only Qt's buttons stay English; the window itself is Japanese.
                log.warning("Qt's Japanese translation %s does not load", path)
                continue
            raise FileNotFoundError(f"no translation for {code} in {path.parent}")
        app.installTranslator(translator)
        _installed.append(translator)
    QLocale.setDefault(
        QLocale(QLocale.Language.English if code == "en" else QLocale.Language.Japanese)
    )
    changed = code != _state["language"]
    _state["language"] = code
    # Deliver the LanguageChange events now, so every window shows the new
    # language as soon as this returns.
    process_pending_events()
    return changed


def tr(context: str, text: str) -> str:
    """Translate outside a QObject (module-level tables and helpers)."""
    return QCoreApplication.translate(context, text)


def error_text(error: BaseException) -> str:
    """Any error as the window shows it, in the window's language.

    A ``UserError`` carries its own message. The modem's errors carry both
    languages. A file the system refused is named with the reason in words a
    clerk can act on. A database error is named by its kind only. Anything
    else was not expected: the window says so and points at the log, with the
    technical words in brackets for support.
    """
    if isinstance(error, UserError):
        return error.render(QCoreApplication.translate)
    japanese, english = getattr(error, "japanese", None), getattr(error, "english", None)
    if isinstance(japanese, str) and isinstance(english, str):
        return english if language() == "en" else japanese
    if isinstance(error, OSError) and error.filename:
        return file_error(error, error.filename).render(QCoreApplication.translate)
    if is_database_error(error):
        # Its text can hold the values of the row it failed on (a resident's
        # name, address, phone): only its kind is shown; the log has the rest.
        return QCoreApplication.translate(
            "ErrorText", "データベースの処理に失敗しました（%1）。詳しくはログを見てください。"
        ).replace("%1", type(error).__name__)
    return QCoreApplication.translate(
        "ErrorText", "予期しない問題が起きました。詳しくはログを見てください（%1）"
    ).replace("%1", f"{type(error).__name__}: {error}")
