"""Language of the window: Japanese is the shipped text, English a translation."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from desktop.messages import render
from ui.events import process_pending_events

_state = {"language": "ja"}
_installed: list[QTranslator] = []


def translations_dir() -> Path:
    return Path(str(resources.files("resources").joinpath("translations")))


def language() -> str:
    return _state["language"]


def set_language(code: str) -> bool:
    """Install the translator for ``code`` (ja or en); True if the language changed.

    Widgets retranslate themselves on the LanguageChange event Qt sends.
    """
    app = QCoreApplication.instance()
    if app is None or (code == _state["language"] and (_installed or code == "ja")):
        _state["language"] = code
        return False
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if code != "ja":
        translator = QTranslator(app)
        if not translator.load(str(translations_dir() / f"movedesk_{code}.qm")):
            raise FileNotFoundError(f"no translation for {code} in {translations_dir()}")
        app.installTranslator(translator)
        _installed.append(translator)
    QLocale.setDefault(
        QLocale(QLocale.Language.English if code == "en" else QLocale.Language.Japanese)
    )
    _state["language"] = code
    # Deliver the LanguageChange events now, so every window shows the new
    # language as soon as this returns.
    process_pending_events()
    return True


def tr(context: str, text: str) -> str:
    """Translate outside a QObject (module-level tables and helpers)."""
    return QCoreApplication.translate(context, text)


def error_text(error: BaseException) -> str:
    """A core error as the window shows it: its message, in the window's language."""
    return render(error, QCoreApplication.translate)
