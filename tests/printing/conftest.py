"""Notices for printing tests, and ways to read the PDFs back."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import pypdfium2 as pdfium
import pytest

from desktop.csv_export import ListEntry
from desktop.domain.notice import JST, Notice, notice_from_payload

PRINTED_AT = datetime(2025, 11, 21, 14, 5, tzinfo=JST)


def notice_payload(number: int = 1, **overrides: Any) -> dict[str, Any]:
    """A valid hub payload; keyword arguments replace top-level keys, ``user__name`` nested ones."""
    payload: dict[str, Any] = {
        "receipt_number": f"R2025-{number:06d}",
        "version": 1,
        "kind": "move_in",
        "hub_state": "submitted",
        "submitted_at": "2025-11-20T09:15:00+09:00",
        "move_date": "2025-11-21",
        "customer_number": "",
        "service_address": {
            "postal_code": "1968511",
            "address": "東京都昭島市田中町一丁目17番1号",
            "building": "",
        },
        "user": {"name": "山田 太郎", "kana": "ヤマダ タロウ"},
        "contact": {"phone": "042-544-5111", "email": ""},
        "presence": {"required": False, "preferred_time": ""},
        "payment_method": "account_transfer",
        "remarks": "",
    }
    for key, value in overrides.items():
        if "__" in key:
            section, field = key.split("__", 1)
            payload[section] = {**(payload.get(section) or {}), field: value}
        else:
            payload[key] = value
    return payload


def make_notice(number: int = 1, **overrides: Any) -> Notice:
    return notice_from_payload(notice_payload(number, **overrides))


def make_entries(count: int, kind: str = "move_in") -> list[ListEntry]:
    """``count`` varied entries over three days and several towns."""
    towns = [
        "東京都昭島市田中町",
        "東京都昭島市拝島町",
        "東京都福生市本町",
        "東京都西多摩郡瑞穂町大字箱根ケ崎",
    ]
    names = [
        ("山田 太郎", "ヤマダ タロウ"),
        ("髙橋 一郎", "タカハシ イチロウ"),
        ("山﨑 花子", "ヤマサキ ハナコ"),
    ]
    statuses = ["new", "in_progress", "accepted"]
    entries = []
    for number in range(1, count + 1):
        name, kana = names[number % len(names)]
        extra: dict[str, Any] = {}
        if kind == "move_out":
            extra = {"payment_method": None, "settlement_method": "on_site"}
        notice = make_notice(
            number,
            kind=kind,
            move_date=(date(2025, 11, 21) + timedelta(days=number % 3)).isoformat(),
            service_address={
                "postal_code": f"196{(number * 37) % 10000:04d}",
                "address": f"{towns[number % len(towns)]}{number % 5 + 1}丁目{number % 30 + 1}番{number % 7 + 1}号",
                "building": "昭島ハイツ203" if number % 4 == 0 else "",
            },
            user__name=name,
            user__kana=kana,
            customer_number=f"{number:08d}" if number % 2 else "",
            remarks="鍵は管理人室で受け取ってください。" if number % 5 == 0 else "",
            **extra,
        )
        entries.append(ListEntry(notice, statuses[number % len(statuses)], "山田"))
    return entries


@dataclass
class PdfPage:
    text: str
    width: float
    height: float
    boxes: list[tuple[str, float, float, float, float]]  # char, left, bottom, right, top


def read_pdf(pdf: bytes, *, boxes: bool = False, loose: bool = False) -> list[PdfPage]:
    """Each page's text (and, if asked, every character's box) as pdfium extracts them.

    Boxes are tight around each glyph, or with ``loose`` the font's whole
    line height, so characters on one line share their bottom.
    """
    document = pdfium.PdfDocument(pdf)
    pages = []
    try:
        for page in document:
            width, height = page.get_size()
            text_page = page.get_textpage()
            text = text_page.get_text_range()
            char_boxes = []
            if boxes:
                for index in range(text_page.count_chars()):
                    character = text_page.get_text_range(index, 1)
                    if not character.strip():
                        continue
                    left, bottom, right, top = text_page.get_charbox(index, loose=loose)
                    char_boxes.append((character, left, bottom, right, top))
            pages.append(PdfPage(text, width, height, char_boxes))
            text_page.close()
            page.close()
    finally:
        document.close()
    return pages


def flat(text: str) -> str:
    """Extracted text without the line breaks wrapping put in."""
    return re.sub(r"[\r\n]+", "", text)


def embedded_font_names(pdf: bytes) -> set[str]:
    """Base names of embedded TrueType fonts (FontFile2), subset tags removed."""
    names = set()
    for match in re.finditer(rb"/FontName\s*/([A-Z]{6}\+)?([^\s/<>\[\]]+)", pdf):
        names.add(match.group(2).decode("latin-1"))
    return names


@pytest.fixture
def entries() -> Iterator[list[ListEntry]]:
    yield make_entries(30)


def overlapping_characters(page: PdfPage, tolerance: float = 0.3) -> list[tuple[str, str]]:
    """Pairs of characters whose boxes overlap by more than ``tolerance`` points both ways."""
    cell = 20.0
    buckets: dict[tuple[int, int], list[int]] = {}
    for index, (_, left, bottom, right, top) in enumerate(page.boxes):
        for bx in range(int(left // cell), int(right // cell) + 1):
            for by in range(int(bottom // cell), int(top // cell) + 1):
                buckets.setdefault((bx, by), []).append(index)
    found = set()
    for members in buckets.values():
        for position, first in enumerate(members):
            a = page.boxes[first]
            for second in members[position + 1 :]:
                b = page.boxes[second]
                width = min(a[3], b[3]) - max(a[1], b[1])
                height = min(a[4], b[4]) - max(a[2], b[2])
                if width > tolerance and height > tolerance:
                    found.add((a[0], b[0]))
    return sorted(found)


def outside(page: PdfPage, left: float, bottom: float, right: float, top: float) -> list[str]:
    """Characters drawn (even partly) outside the given rectangle."""
    slack = 0.5
    return [
        box[0]
        for box in page.boxes
        if box[1] < left - slack
        or box[3] > right + slack
        or box[2] < bottom - slack
        or box[4] > top + slack
    ]


def font_objects(pdf: bytes) -> dict[str, bool]:
    """Every font dictionary's BaseFont, and whether its program is embedded (FontFile2)."""
    objects = {
        int(match.group(1)): match.group(2)
        for match in re.finditer(rb"(\d+) 0 obj\s*(.*?)endobj", pdf, re.S)
    }
    fonts = {}
    for body in objects.values():
        if not re.search(rb"/Type /Font\b(?!Descriptor)", body):
            continue
        base = re.search(rb"/BaseFont /(\S+)", body)
        descriptor = re.search(rb"/FontDescriptor (\d+) 0 R", body)
        embedded = bool(descriptor) and b"/FontFile2" in objects.get(int(descriptor.group(1)), b"")
        fonts[base.group(1).decode("latin-1") if base else "?"] = embedded
    return fonts
