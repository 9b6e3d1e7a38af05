"""Fonts: IPAex shipped with its licence, coverage checked, fallbacks always reported."""

from __future__ import annotations

from datetime import date

import pytest
from reportlab.pdfbase.ttfonts import TTFont

from desktop.csv_export import ListEntry
from printing import fonts
from printing.daily_list import ListTitle, render_daily_list
from printing.fonts import (
    GOTHIC,
    MINCHO,
    SUBSTITUTE,
    MissingGlyph,
    characters_missing,
    covers,
    font_directory,
    font_runs,
    licence_text,
    markup,
    register_fonts,
    shipped_fallback_files,
)
from tests.printing.conftest import embedded_font_names, make_notice, read_pdf


@pytest.fixture
def no_fallback_fonts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend the machine has no fallback font at all."""
    monkeypatch.setattr(fonts, "_candidates", [])
    monkeypatch.setattr(fonts, "_fallback_cache", {})


@pytest.fixture
def shipped_fonts_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Search no font directory of the machine: only what MoveDesk ships counts."""
    monkeypatch.setattr(fonts, "_system_directories", lambda: [])
    monkeypatch.delenv("MOVEDESK_FALLBACK_FONT_DIRS", raising=False)
    monkeypatch.setattr(fonts, "_candidates", None)
    monkeypatch.setattr(fonts, "_fallback_cache", {})


def test_ipaex_and_its_licence_are_shipped() -> None:
    directory = font_directory()
    assert (directory / "ipaexg.ttf").is_file()
    assert (directory / "ipaexm.ttf").is_file()
    text = licence_text()
    assert "IPA Font License Agreement v1.0" in text
    assert "IPAフォントライセンスv1.0" in text


def test_ipaex_coverage_of_names_residents_write() -> None:
    register_fonts()
    for font in (GOTHIC, MINCHO):
        for character in "髙﨑ｶﾀｶﾅ①㈱〜～−":
            assert covers(font, character), (font, character)
        assert not covers(font, "𠮷")
    assert characters_missing("𠮷田 髙橋 山﨑 ｶﾀｶﾅ") == ["𠮷"]


def test_missing_character_goes_to_a_fallback_and_is_reported() -> None:
    if not fonts.fallback_fonts():
        pytest.skip("no fallback font on this machine")
    report: list[MissingGlyph] = []
    runs = list(font_runs("𠮷田さん", GOTHIC, "テスト 氏名", report))
    assert runs[0][1] == "𠮷"
    assert runs[0][0] != GOTHIC
    assert runs[1] == (GOTHIC, "田さん")
    assert report == [MissingGlyph("𠮷田さん", "𠮷", "U+20BB7", "テスト 氏名", runs[0][0])]


def test_without_any_fallback_the_geta_mark_is_drawn_and_reported(no_fallback_fonts: None) -> None:
    report: list[MissingGlyph] = []
    runs = list(font_runs("𠮷田", GOTHIC, "氏名", report))
    assert runs == [(GOTHIC, f"{SUBSTITUTE}田")]
    assert report[0].fallback_font is None
    assert SUBSTITUTE in report[0].describe()


def test_markup_escapes_and_keeps_line_breaks() -> None:
    report: list[MissingGlyph] = []
    text = markup("<b>&\n次行", GOTHIC, "備考", report)
    assert text == "&lt;b&gt;&amp;<br/>次行"
    assert report == []


def test_invisible_and_variation_selector_characters_are_reported_not_boxed() -> None:
    report: list[MissingGlyph] = []
    runs = list(font_runs("葛\U000e0100城", GOTHIC, "氏名", report))
    assert "".join(text for _, text in runs) == "葛城"
    assert [item.code_point for item in report] == ["U+E0100"]


def test_the_names_font_ships_renamed_beside_its_licence_and_readme() -> None:
    (shipped,) = shipped_fallback_files()
    face = TTFont("NamesFontCheck", str(shipped)).face
    # A derived font must not carry the original's name (IPA Font License §3.1(4)).
    for name in (shipped.name, face.name.decode("latin-1"), face.familyName.decode("latin-1")):
        assert "ipamj" not in name.lower(), name
    assert 0x20BB7 in face.charToGlyph  # 𠮷
    readme = (font_directory() / "README.md").read_text("utf-8")
    assert shipped.name in readme and "IPAmj明朝" in readme and "make_names_font.py" in readme


def test_yoshi_is_drawn_with_the_shipped_font_when_the_machine_has_none(
    shipped_fonts_only: None,
) -> None:
    report: list[MissingGlyph] = []
    runs = list(font_runs("𠮷田 一郎", GOTHIC, "氏名", report))
    assert runs[0] == ("Fallback-movedesk-names-mincho", "𠮷")
    assert [(item.character, item.fallback_font) for item in report] == [
        ("𠮷", "Fallback-movedesk-names-mincho")
    ]
    notice = make_notice(1, user__name="𠮷田 一郎", user__kana="ヨシダ イチロウ")
    title = ListTitle("昭島市水道部", "move_in", date(2025, 11, 21))
    result = render_daily_list([ListEntry(notice, "new", "")], title)
    assert "𠮷田 一郎" in read_pdf(result.pdf)[0].text
    assert SUBSTITUTE not in read_pdf(result.pdf)[0].text
    assert "MoveDeskNamesMincho" in embedded_font_names(result.pdf)


def test_characters_beyond_ipaex_from_every_unicode_block_names_use(
    shipped_fonts_only: None,
) -> None:
    # 𠮷 (Extension B), 丄 (URO, not in JIS X 0213), 㐀 (Extension A), 𪜖 (Extension C)
    for character in "𠮷丄㐀𪜖":
        assert not covers(GOTHIC, character), character
        report: list[MissingGlyph] = []
        list(font_runs(character, GOTHIC, "氏名", report))
        assert report[0].fallback_font == "Fallback-movedesk-names-mincho", character


def test_emoji_is_still_reported_as_missing(shipped_fonts_only: None) -> None:
    report: list[MissingGlyph] = []
    runs = list(font_runs("山田😀", GOTHIC, "備考", report))
    assert runs == [(GOTHIC, f"山田{SUBSTITUTE}")]
    assert [(item.code_point, item.fallback_font) for item in report] == [("U+1F600", None)]


def test_text_is_composed_before_it_is_drawn() -> None:
    report: list[MissingGlyph] = []
    runs = list(font_runs("か\u3099とう ﾊﾟ", GOTHIC, "氏名", report))
    assert runs == [(GOTHIC, "がとう ﾊﾟ")]  # half-width kana stay half width (NFC, not NFKC)
    assert report == []
    assert characters_missing("か\u3099") == []


def test_compatibility_ideographs_are_drawn_as_written() -> None:
    report: list[MissingGlyph] = []
    # 塚 U+FA10 is the resident's character; NFC alone would print 塚 U+585A.
    text = "".join(run for _, run in font_runs("\ufa10本", GOTHIC, "氏名", report))
    assert text == "\ufa10本"


def test_a_composed_name_prints_as_one_character_per_kana() -> None:
    notice = make_notice(1, user__name="か\u3099とう 花子", user__kana="カ\u3099トウ ハナコ")
    title = ListTitle("昭島市水道部", "move_in", date(2025, 11, 21))
    text = read_pdf(render_daily_list([ListEntry(notice, "new", "")], title).pdf)[0].text
    assert "がとう 花子" in text and "ガトウ ハナコ" in text
    assert "\u3099" not in text and "゛" not in text


def test_only_what_prints_as_geta_is_called_substituted(no_fallback_fonts: None) -> None:
    report: list[MissingGlyph] = []
    list(font_runs("😀葛\U000e0100城", GOTHIC, "備考", report))
    geta, selector = report
    assert geta.substituted and SUBSTITUTE in geta.describe()
    assert not selector.substituted and SUBSTITUTE not in selector.describe()
