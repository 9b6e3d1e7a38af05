"""Normalising Japanese text as it arrives and folding it for search.

Residents type on phones and PCs with every width and script mixed; the
counter must find ﾀﾅｶ, たなか and タナカ alike, and 髙橋 when someone types 高橋.
"""

from __future__ import annotations

import re
import unicodedata

import jaconv

# Old or variant forms that residents use in names and that clerks rarely
# type; search folds them to the common form. Display keeps the original.
_VARIANT_KANJI = str.maketrans(
    {
        "髙": "高",
        "﨑": "崎",
        "嵜": "崎",
        "𠮷": "吉",
        "德": "徳",
        "邊": "辺",
        "邉": "辺",
        "齋": "斎",
        "齊": "斎",
        "澤": "沢",
        "濱": "浜",
        "嶋": "島",
        "廣": "広",
        "國": "国",
        "櫻": "桜",
        "藏": "蔵",
        "眞": "真",
        "壽": "寿",
        "惠": "恵",
        "榮": "栄",
    }
)

_DASHES = "-‐‑‒–—―−－ｰ"  # the ー long vowel mark is not a dash and stays
_SPACES = re.compile(r"[\s\u3000]+")
_SEARCH_DROP = re.compile(r"[\s\u3000・･\-‐‑‒–—―−－]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
_CONTROL_SINGLE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# Hiragana to katakana as one C-level translate (ゔ and the iteration marks too).
_HIRAGANA_TO_KATAKANA = {code: code + 0x60 for code in range(0x3041, 0x3097)} | {
    0x309D: 0x30FD,
    0x309E: 0x30FE,
}


# CJK compatibility ideographs (塚 U+FA10, 﨔 …) are distinct characters in
# names; NFC would swap them for their unified forms, so they are left as written.
_COMPATIBILITY_IDEOGRAPHS = re.compile("([\uf900-\ufaff\U0002f800-\U0002fa1f]+)")


def composed(text: str) -> str:
    """``text`` in NFC, as it is drawn: か + U+3099 becomes が, one character.

    Compatibility ideographs are kept: they carry no combining marks, so
    normalising the text between them is the same as normalising it whole.
    """
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    parts = _COMPATIBILITY_IDEOGRAPHS.split(text)
    # split() with one group: even indexes are ordinary text, odd ones the ideographs.
    return "".join(
        part if index % 2 else unicodedata.normalize("NFC", part)
        for index, part in enumerate(parts)
    )


def has_control_characters(text: str, *, multiline: bool = False) -> bool:
    """True if the text holds characters that cannot be shown or printed."""
    pattern = _CONTROL if multiline else _CONTROL_SINGLE_LINE
    return pattern.search(text) is not None


def has_lone_surrogates(text: str) -> bool:
    return _SURROGATE.search(text) is not None


def collapse_spaces(text: str) -> str:
    """Trim and collapse runs of half- or full-width spaces into one space."""
    return _SPACES.sub(" ", text).strip()


def to_fullwidth_katakana(text: str) -> str:
    """フリガナ as the bureau files it: full-width katakana, single spaces.

    Half-width katakana (with its separate voicing marks) becomes full width,
    hiragana becomes katakana, and full-width ASCII becomes half width.
    """
    text = unicodedata.normalize("NFC", text)
    text = jaconv.h2z(text, kana=True, ascii=False, digit=False)
    text = jaconv.hira2kata(text)
    text = jaconv.z2h(text, kana=False, ascii=True, digit=True)
    return collapse_spaces(text)


# In codes and phone numbers a long-vowel mark typed between digits means a dash.
_DASH_TO_HYPHEN = str.maketrans(dict.fromkeys(_DASHES + "ー", "-"))


def to_halfwidth_digits(text: str) -> str:
    """Digits, ASCII letters and dashes in half width, for codes and phone numbers."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    return text.translate(_DASH_TO_HYPHEN).strip()


def fold_for_search(text: str) -> str:
    """The key both stored columns and typed queries are folded to.

    Width-folded, hiragana as katakana, variant kanji as their common form,
    lower-case Latin, and no spaces or dashes, so a prefix typed any way
    matches a name stored any way.
    """
    if not text:
        return ""
    # NFKC does the width folding (ｶﾞ → ガ, ＡＢＣ → ABC) in C; this runs for
    # every stored notice and every keystroke in the search box.
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(_HIRAGANA_TO_KATAKANA).translate(_VARIANT_KANJI).lower()
    return _SEARCH_DROP.sub("", text)


_KANJI_DIGITS = {numeral: value for value, numeral in enumerate("〇一二三四五六七八九")}
_KANJI_UNITS = {"十": 10, "百": 100, "千": 1000}
# Kanji numerals count only before an address unit: 一丁目 is 1丁目, but
# 八王子 and 三鷹 are names and sort as written.
_KANJI_NUMBER = re.compile(r"[〇一二三四五六七八九十百千]{1,12}(?=丁目|番地|番|号|条|線|地割)")
_DIGITS = re.compile(r"([0-9]{1,18})")  # a longer run is cut, never an overflow

AddressKey = tuple[str | int, ...]


def _kanji_number(numeral: str) -> int:
    if not any(unit in numeral for unit in _KANJI_UNITS):
        return int("".join(str(_KANJI_DIGITS[ch]) for ch in numeral))  # 一〇 = 10
    total, digit = 0, 0
    for ch in numeral:
        if ch in _KANJI_UNITS:
            total += (digit or 1) * _KANJI_UNITS[ch]  # 十 alone is 10, 二十 is 20
            digit = 0
        else:
            digit = digit * 10 + _KANJI_DIGITS[ch]
    return total + digit


def natural_sort_key(text: str) -> AddressKey:
    """A key that orders addresses as a crew reads them: 牛浜1丁目 before 牛浜10丁目.

    Runs of digits (full-width too) compare as numbers, and so do kanji
    numerals before 丁目, 番(地), 号 and the like (一丁目 = 1丁目). Text
    between them compares as written. Parts alternate text, number, text …,
    so two keys never compare a number with a string.
    """
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
        text = _KANJI_NUMBER.sub(lambda match: str(_kanji_number(match.group())), text)
    parts = _DIGITS.split(text)
    return tuple(int(part) if index % 2 else part for index, part in enumerate(parts))


def like_prefix(folded: str) -> str:
    """A LIKE pattern matching values that start with ``folded`` literally."""
    escaped = folded.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


def like_contains(folded: str) -> str:
    return "%" + like_prefix(folded)
