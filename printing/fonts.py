"""The fonts every MoveDesk PDF embeds, and what happens to a character they lack.

IPAex Gothic and Mincho ship in ``resources/fonts`` so a page looks the same
on every PC. IPAex covers JIS X 0213 level 1-4 kanji (髙, 﨑 and half-width
kana included) but not every name residents write: 𠮷 (U+20BB7) and the
other 文字情報基盤 characters the residents' registers use are missing.

Those are drawn with a fallback font, always reported. The first fallback
ships too: ``resources/fonts/fallback/movedesk-names-mincho.ttf``, a subset
of IPAmj明朝 005.01 holding exactly the 42,856 characters IPAmj明朝 has and
IPAex lacks (18.7 MB). The whole IPAmj明朝 is 46 MB, two thirds of it
characters IPAex already draws, so a subset made by
``installer/make_names_font.py`` ships instead; the IPA Font License lets a
derived font be redistributed under the same licence with a name that is not
the original's and with a way back to the original, which
``resources/fonts/README.md`` gives. After it come fonts found on the
machine (the whole IPAmj明朝, 花園明朝 …); if no font has the character,
the page shows 〓 (the geta mark Japanese forms use for "character not
available") and the report says so. Nothing is ever drawn as ReportLab's
silent empty .notdef box.

Text is NFC-normalised before it is drawn, so か followed by a combining
voiced mark prints as が; CJK compatibility ideographs (塚 U+FA10 and the
like, which NFC would replace with their unified forms) are kept as written,
because in a name they are the character the resident chose.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from desktop.domain.text import composed

GOTHIC = "IPAexGothic"
MINCHO = "IPAexMincho"
PRIMARY_FILES = {GOTHIC: "ipaexg.ttf", MINCHO: "ipaexm.ttf"}
LICENCE_FILE = "IPA_Font_License_Agreement_v1.0.txt"

# Drawn in the primary font where no font at all has the character.
SUBSTITUTE = "〓"

# Fallback candidates, best first. Only TrueType-outline fonts qualify:
# ReportLab cannot embed CFF-based OpenType such as Noto Sans CJK.
FALLBACK_FILE_NAMES: tuple[tuple[str, int], ...] = (
    ("ipamjm.ttf", 0),  # IPAmj明朝: the 文字情報基盤 set used for official names
    ("HanaMinA.ttf", 0),
    ("HanaMinB.ttf", 0),  # 花園明朝 B: CJK extensions B and beyond
    ("YuGothR.ttc", 0),
    ("msgothic.ttc", 0),
)

# Drawn as nothing and reported: the primary font has no variation-selector
# table ReportLab could use, so the base character is shown unchanged.
_VARIATION_SELECTORS = (range(0xFE00, 0xFE10), range(0xE0100, 0xE01F0))
_INVISIBLE = frozenset({0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF})

_lock = threading.Lock()
_registered: dict[str, TTFont] = {}
_candidates: list[tuple[Path, int]] | None = None
_loaded: dict[tuple[Path, int], TTFont | None] = {}
_fallback_cache: dict[str, str | None] = {}


@dataclass(frozen=True, slots=True)
class MissingGlyph:
    """A character the embedded IPAex font cannot draw, and what was drawn instead."""

    text: str  # the whole string it occurred in
    character: str
    code_point: str  # "U+20BB7"
    where: str  # e.g. "受付票 R2025-0001 使用者氏名"
    fallback_font: str | None  # the font that drew it, None if 〓 was drawn

    @property
    def substituted(self) -> bool:
        """True if the page shows 〓 in its place (not for invisible characters)."""
        return self.fallback_font is None and not _is_silent(ord(self.character))

    def describe(self) -> str:
        if self.fallback_font:
            drawn = f"drawn with {self.fallback_font}"
        elif self.substituted:
            drawn = f"shown as {SUBSTITUTE}"
        else:
            drawn = "not drawn (invisible or a variation selector)"
        return f"{self.where}: {self.character} ({self.code_point}) {drawn}"


def font_directory() -> Path:
    return Path(str(resources.files("resources").joinpath("fonts")))


def _unicode_cmap(font_name: str, subset: list[int]) -> str:
    # ReportLab writes code points above U+FFFF as five hex digits, which
    # is not valid in a ToUnicode CMap (it wants UTF-16BE), so 𠮷 would be
    # extracted or searched as a wrong character. Same CMap, correct values.
    entries = [
        f"<{index:02X}> <{chr(code).encode('utf-16-be').hex().upper()}>"
        for index, code in enumerate(subset)
    ]
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            f"/CIDSystemInfo << /Registry ({font_name}) /Ordering ({font_name}) /Supplement 0 >> def",
            f"/CMapName /{font_name} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            f"{len(entries)} beginbfchar",
            *entries,
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


def register_fonts() -> None:
    """Register IPAex Gothic and Mincho with ReportLab (idempotent, thread-safe)."""
    with _lock:
        if _registered:
            return
        ttfonts.makeToUnicodeCMap = _unicode_cmap
        directory = font_directory()
        for name, file_name in PRIMARY_FILES.items():
            path = directory / file_name
            if not path.is_file():
                raise FileNotFoundError(f"font {file_name} is missing from {directory}")
            font = TTFont(name, str(path))
            pdfmetrics.registerFont(font)
            _registered[name] = font


def shipped_fallback_files() -> list[Path]:
    """The fallback fonts MoveDesk ships, best first (the names font of IPAmj明朝)."""
    return sorted((font_directory() / "fallback").glob("*.ttf"))


def _search_directories() -> list[Path]:
    extra = os.environ.get("MOVEDESK_FALLBACK_FONT_DIRS", "")
    return [Path(part) for part in extra.split(os.pathsep) if part] + _system_directories()


def _system_directories() -> list[Path]:
    directories = [
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        Path.home() / ".local/share/fonts",
        Path.home() / ".fonts",
    ]
    windows = os.environ.get("WINDIR")
    if windows:
        directories.append(Path(windows) / "Fonts")
    local = os.environ.get("LOCALAPPDATA")
    if local:
        directories.append(Path(local) / "Microsoft/Windows/Fonts")
    return directories


def _find_fallback_files() -> list[tuple[Path, int]]:
    found: dict[str, Path] = {}
    wanted = {name.lower() for name, _ in FALLBACK_FILE_NAMES}
    for directory in _search_directories():
        if not directory.is_dir():
            continue
        for path in directory.rglob("*"):
            key = path.name.lower()
            if key in wanted and key not in found and path.is_file():
                found[key] = path
    ordered = [(path, 0) for path in shipped_fallback_files()]
    ordered += [
        (found[name.lower()], index) for name, index in FALLBACK_FILE_NAMES if name.lower() in found
    ]
    return ordered


def _load_fallback(path: Path, index: int) -> TTFont | None:
    name = f"Fallback-{path.stem}"
    try:
        font = TTFont(name, str(path), subfontIndex=index)
    except Exception:  # a broken, CFF-only or no-embedding font is no candidate
        return None
    pdfmetrics.registerFont(font)
    return font


def _fallback_candidates() -> list[tuple[Path, int]]:
    global _candidates
    with _lock:
        if _candidates is None:
            _candidates = list(dict.fromkeys(_find_fallback_files()))
        return _candidates


def _fallback_iter() -> Iterator[TTFont]:
    """Fallback fonts best first, each parsed only when an earlier one lacked a character."""
    register_fonts()
    for candidate in _fallback_candidates():
        with _lock:
            if candidate not in _loaded:
                _loaded[candidate] = _load_fallback(*candidate)
            font = _loaded[candidate]
        if font is not None:
            yield font


def fallback_fonts() -> list[TTFont]:
    """Every fallback font found on this machine, registered with ReportLab, best first."""
    return list(_fallback_iter())


def covers(font_name: str, character: str) -> bool:
    """True if the registered font ``font_name`` has a glyph for ``character``."""
    font = pdfmetrics.getFont(font_name)
    return ord(character) in font.face.charToGlyph


def _is_silent(code: int) -> bool:
    return code in _INVISIBLE or any(code in block for block in _VARIATION_SELECTORS)


def _fallback_for(character: str) -> str | None:
    if character in _fallback_cache:
        return _fallback_cache[character]
    code = ord(character)
    found = None
    for font in _fallback_iter():
        if code in font.face.charToGlyph:
            found = font.fontName
            break
    _fallback_cache[character] = found
    return found


def font_runs(
    text: str, font_name: str, where: str, report: list[MissingGlyph]
) -> Iterator[tuple[str, str]]:
    """Split ``text`` into (font, text) runs the fonts can draw; report what needed help.

    The text is composed (NFC) first. Characters the primary font lacks go
    to the first fallback that has them, else become 〓. Line breaks and
    tabs are passed through for the caller to lay out.
    """
    register_fonts()
    cmap = pdfmetrics.getFont(font_name).face.charToGlyph
    run_font, run_text = font_name, []
    for character in composed(text):
        code = ord(character)
        target = font_name
        drawn = character
        if code not in cmap and character not in "\n\t":
            if _is_silent(code):
                report.append(MissingGlyph(text, character, f"U+{code:04X}", where, None))
                continue
            fallback = _fallback_for(character)
            report.append(MissingGlyph(text, character, f"U+{code:04X}", where, fallback))
            if fallback:
                target = fallback
            else:
                drawn = SUBSTITUTE
        if target != run_font and run_text:
            yield run_font, "".join(run_text)
            run_text = []
        run_font = target
        run_text.append(drawn)
    if run_text:
        yield run_font, "".join(run_text)


def markup(text: str, font_name: str, where: str, report: list[MissingGlyph]) -> str:
    """``text`` as ReportLab paragraph markup: escaped, line breaks kept, fallbacks in <font> runs."""
    parts = []
    for run_font, run_text in font_runs(text, font_name, where, report):
        body = escape(run_text).replace("\t", " ").replace("\r\n", "\n").replace("\n", "<br/>")
        parts.append(body if run_font == font_name else f'<font name="{run_font}">{body}</font>')
    return "".join(parts)


def string_width(text: str, font_name: str, size: float) -> float:
    """Width of a single line drawn by ``draw_string`` (fallback runs measured in their font)."""
    ignored: list[MissingGlyph] = []
    return sum(
        pdfmetrics.stringWidth(run_text, run_font, size)
        for run_font, run_text in font_runs(text, font_name, "", ignored)
    )


def draw_string(
    canvas,
    x: float,
    y: float,
    text: str,
    font_name: str,
    size: float,
    where: str,
    report: list[MissingGlyph],
    *,
    anchor: str = "left",
) -> float:
    """Draw one line of text on a canvas with fallback runs; returns its width.

    ``anchor`` is "left", "right" or "centre" relative to ``x``.
    """
    runs = list(font_runs(text.replace("\n", " "), font_name, where, report))
    width = sum(pdfmetrics.stringWidth(t, f, size) for f, t in runs)
    if anchor == "right":
        x -= width
    elif anchor == "centre":
        x -= width / 2
    for run_font, run_text in runs:
        canvas.setFont(run_font, size)
        canvas.drawString(x, y, run_text)
        x += pdfmetrics.stringWidth(run_text, run_font, size)
    return width


def licence_text() -> str:
    return (font_directory() / LICENCE_FILE).read_text("utf-8")


def characters_missing(text: str, font_name: str = GOTHIC) -> list[str]:
    """The characters of ``text`` the primary font has no glyph for (in order, once each)."""
    register_fonts()
    cmap = pdfmetrics.getFont(font_name).face.charToGlyph
    seen: dict[str, None] = {}
    for character in composed(text):
        if ord(character) not in cmap and character not in "\n\t\r":
            seen.setdefault(character)
    return list(seen)


def fallback_font_names() -> list[str]:
    return [font.fontName for font in fallback_fonts()]


def dedupe(reports: Iterable[MissingGlyph]) -> list[MissingGlyph]:
    """One report per (where, character), first occurrence kept, order kept."""
    seen: set[tuple[str, str]] = set()
    unique = []
    for report in reports:
        key = (report.where, report.character)
        if key not in seen:
            seen.add(key)
            unique.append(report)
    return unique
