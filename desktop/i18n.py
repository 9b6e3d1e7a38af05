"""The command line's language: the window's translation file, read without Qt.

Japanese is the shipped text. English comes from the same
``resources/translations/movedesk_en.ts`` the window's ``.qm`` is compiled
from, so a message is translated once for both. Parsing it takes a few
milliseconds and happens only when an English text is first needed.
"""

from __future__ import annotations

import locale
import os
import xml.etree.ElementTree as ElementTree
from functools import cache
from importlib import resources
from pathlib import Path

from desktop.messages import Translate

LANGUAGES = ("ja", "en")


def translations_dir() -> Path:
    return Path(str(resources.files("resources").joinpath("translations")))


def system_language() -> str:
    """ja on a Japanese system, else en: MOVEDESK_LANGUAGE, then the POSIX variables, then the OS."""
    chosen = os.environ.get("MOVEDESK_LANGUAGE", "").strip().lower()
    if chosen in LANGUAGES:
        return chosen
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(name, "")
        if value:
            return "ja" if value.lower().startswith("ja") else "en"
    try:
        code = locale.getlocale()[0] or ""
    except ValueError:
        code = ""
    # Windows names it "Japanese_Japan"; elsewhere "ja_JP".
    return "ja" if code.lower().startswith(("ja", "japanese")) else "en"


@cache
def _catalogue(language: str) -> dict[tuple[str, str], str]:
    path = translations_dir() / f"movedesk_{language}.ts"
    try:
        root = ElementTree.parse(path).getroot()
    except (OSError, ElementTree.ParseError):
        return {}
    table: dict[tuple[str, str], str] = {}
    for context in root.iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            source = message.findtext("source")
            element = message.find("translation")
            if source is None or element is None or not (element.text or "").strip():
                continue
            if element.get("type") in ("unfinished", "obsolete", "vanished"):
                continue
            table[(name, source)] = element.text or ""
    return table


def translator(language: str) -> Translate | None:
    """A translate function for ``language``; None for Japanese, the shipped text."""
    if language == "ja":
        return None
    table = _catalogue(language)

    def translate(context: str, text: str) -> str:
        return table.get((context, text), text)

    return translate


__all__ = ["LANGUAGES", "system_language", "translator"]
