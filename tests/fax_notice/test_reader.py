"""Notice → fax page → fax line (with damage) → our decoder → the same notice."""

from __future__ import annotations

import struct
import zlib

import numpy as np
import pytest

from desktop.domain.notice import notice_to_payload
from fax.notice_code import (
    read_notice_from_page,
    read_notices_from_pages,
    read_notices_from_tiff,
)
from fax.pages import pdf_pages
from fax.tiff import write_tiff
from printing import fax_notice
from printing.fax_notice import MARKER, notice_code_payload, parse_code_part, payload_code_parts
from printing.notice_sheet import SheetData, render_notice_sheet
from tests.fax_notice import (
    RESOLUTIONS,
    code_bitmap,
    fax_pages,
    flip_pixels,
    lose_lines,
    payload,
    sample_notice,
    skew,
    transmit,
)

NOTICE = sample_notice()
LONG_NOTICE = sample_notice(remarks="".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(700)))


@pytest.mark.parametrize("scheme", ["mh", "mr"])
@pytest.mark.parametrize("resolution", RESOLUTIONS)
def test_round_trip_through_the_fax_codec(resolution: str, scheme: str) -> None:
    pages = fax_pages(NOTICE, resolution)
    assert len(pages) == 1
    received = transmit(pages[0], resolution, scheme=scheme)
    reading = read_notice_from_page(received, resolution)
    assert reading is not None and reading.ok, reading
    assert reading.notice == NOTICE
    assert notice_to_payload(reading.notice) == notice_to_payload(NOTICE)
    assert reading.notice.name == "𠮷田 髙﨑" and reading.notice.kana == "ヨシダ タカサキ"
    assert reading.receipt_number == "R2026-000123"
    assert (reading.parts_found, reading.parts_total) == (1, 1)
    # The code sits in the lower half of the page, inside it.
    (spot,) = reading.spots
    xs = [x for x, _ in spot.corners]
    ys = [y for _, y in spot.corners]
    assert 0 <= min(xs) < max(xs) <= received.shape[1]
    assert received.shape[0] / 2 < min(ys) < max(ys) <= received.shape[0]


def _damaged(page: np.ndarray, resolution: str, damage: str, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    if damage in ("skew", "all"):
        page = skew(page, resolution, float(rng.choice([-1.0, 1.0])))
    if damage in ("pixel noise", "all"):
        page = flip_pixels(page, rng, 0.01)
    bit_errors = 0.03 if damage in ("bit errors", "all") else 0.0
    page = transmit(page, resolution, rng, scheme="mh", bit_errors=bit_errors)
    if damage in ("lost lines", "all"):
        page = lose_lines(page, rng, dropped=5, doubled=5)
    return page


@pytest.mark.parametrize(
    ("damage", "seed"),
    [
        ("pixel noise", 1),
        ("bit errors", 2),
        ("lost lines", 3),
        ("skew", 4),
        ("all", 5),
        ("all", 6),
        ("all", 7),
    ],
)
@pytest.mark.parametrize("resolution", RESOLUTIONS)
def test_code_survives_fax_damage(resolution: str, damage: str, seed: int) -> None:
    page = _damaged(fax_pages(NOTICE, resolution)[0], resolution, damage, seed)
    reading = read_notice_from_page(page, resolution)
    assert reading is not None and reading.ok, reading
    assert reading.notice == NOTICE


def test_bit_errors_really_broke_lines() -> None:
    # Guards the damage model: a decoder that never saw a bad line would make
    # the damage tests prove nothing.
    from fax.codec import decode, encode, tiff_compatible

    page = fax_pages(NOTICE, "standard")[0]
    rng = np.random.default_rng(2)
    data = bytearray(encode(page, "mh", **tiff_compatible("mh", "standard", fill_bits=True)))
    for position in rng.choice(len(data) * 8, size=round(page.shape[0] * 0.03)):
        data[position // 8] ^= 0x80 >> (position % 8)
    result = decode(bytes(data), page.shape[1], "mh", height=page.shape[0])
    assert result.bad_lines >= 10


@pytest.mark.parametrize("resolution", RESOLUTIONS)
def test_page_without_a_notice_code_reads_as_none(resolution: str) -> None:
    assert read_notice_from_page(np.zeros((1143, 1728), dtype=np.uint8), resolution) is None
    # A sheet made to be typed in has a QR code too, of the receipt number only.
    sheet = render_notice_sheet(SheetData(NOTICE, status="new", with_code=False)).pdf
    assert read_notice_from_page(pdf_pages(sheet, resolution)[0], resolution) is None


def test_altered_code_on_a_page_is_reported_not_raised() -> None:
    part = parse_code_part(notice_code_payload(NOTICE))
    unpacker = zlib.decompressobj(-15, fax_notice._ZDICT)
    text = unpacker.decompress(part.data).replace(b'"v":3', b'"v":4')
    packer = zlib.compressobj(9, zlib.DEFLATED, -15, 9, zlib.Z_DEFAULT_STRATEGY, fax_notice._ZDICT)
    forged = struct.pack(">3sBBI", MARKER, 0, 1, part.crc) + packer.compress(text) + packer.flush()
    reading = read_notice_from_page(code_bitmap(forged, "standard"), "standard")
    assert reading is not None and not reading.ok and reading.notice is None
    assert "checksum does not match" in reading.problems[0]
    assert "could not be read" in reading.describe()


@pytest.mark.parametrize("resolution", RESOLUTIONS)
def test_intact_code_of_an_invalid_notice_reports_the_validation_problems(
    resolution: str,
) -> None:
    content = payload_code_parts(payload(kind="teleport", move_date="2026-02-01"))[0]
    reading = read_notice_from_page(code_bitmap(content, resolution), resolution)
    assert reading is not None and reading.notice is None
    assert reading.receipt_number == "R2026-000123"
    assert any("teleport" in p for p in reading.problems)
    assert any("before the submission date" in p for p in reading.problems)
    assert "R2026-000123" in reading.describe()


def test_part_of_a_split_code_alone_says_what_is_missing() -> None:
    parts = payload_code_parts(payload(), part_capacity=150)
    reading = read_notice_from_page(code_bitmap(parts[1], "fine"), "fine")
    assert reading is not None and reading.notice is None
    assert (reading.parts_found, reading.parts_total) == (1, len(parts))
    assert "part(s) 1, 3 of 3 are missing" in reading.problems[0]


def test_tiff_pages_are_read_each_and_split_codes_joined(tmp_path) -> None:
    long_pages = fax_pages(LONG_NOTICE, "fine")
    assert len(long_pages) == 2  # the codes of a long notice continue overleaf
    pages = [
        fax_pages(NOTICE, "fine")[0],
        np.zeros((2287, 1728), dtype=np.uint8),
        *long_pages,
    ]
    path = tmp_path / "received.tif"
    write_tiff(path, pages, compression="mr", resolution="fine")
    readings = read_notices_from_tiff(path)
    assert len(readings) == 4
    first, blank, long_first, long_second = readings
    assert first is not None and first.notice == NOTICE and first.pages == (0,)
    assert blank is None
    assert long_first is long_second
    assert long_first is not None and long_first.ok, long_first
    assert long_first.notice == LONG_NOTICE
    assert long_first.pages == (2, 3)
    assert long_first.parts_found == long_first.parts_total > 2
    assert {spot.page for spot in long_first.spots} == {2, 3}


def test_pages_given_as_bitmaps_join_a_code_split_over_pages() -> None:
    parts = payload_code_parts(payload(), part_capacity=150)
    pages = [(code_bitmap(part, "standard"), "standard") for part in parts]
    pages.insert(1, (np.zeros((1143, 1728), dtype=np.uint8), "standard"))
    readings = read_notices_from_pages(pages)
    assert readings[1] is None
    joined = readings[0]
    assert joined is not None and joined.ok and joined.notice == NOTICE
    assert all(r is joined for i, r in enumerate(readings) if i != 1)
    assert joined.pages == (0, 2, 3)


@pytest.mark.parametrize(
    ("damage", "seed"), [("pixel noise", 11), ("lost lines", 12), ("skew", 13), ("bit errors", 14)]
)
@pytest.mark.parametrize("resolution", RESOLUTIONS)
def test_a_faxed_notice_sheet_reads_back_through_line_damage(
    resolution: str, damage: str, seed: int
) -> None:
    """MoveDesk's own sheet, with its smaller code beside the decision box, as a branch
    office receives it. (Its 0.8 mm modules give way sooner than the hub page's 1 mm:
    with every kind of damage at once, about one page in twenty does not read.)"""
    sheet = SheetData(NOTICE, status="new", bureau_name="昭島市水道部", bureau_fax_number="042-5")
    [page] = pdf_pages(render_notice_sheet(sheet).pdf, resolution)
    reading = read_notice_from_page(_damaged(page, resolution, damage, seed), resolution)
    assert reading is not None and reading.ok, reading
    assert reading.notice == NOTICE and reading.code.origin.name == "昭島市水道部"
