"""Fonts: IPAex shipped with its licence, coverage checked, fallbacks always reported."""

from __future__ import annotations

import pytest

from printing import fonts
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
)


@pytest.fixture
def no_fallback_fonts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend the machine has no fallback font at all."""
    monkeypatch.setattr(fonts, "_candidates", [])
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
