"""Faxed notices that read themselves: sample notices, a fax line and its damage.

Damage is seeded and modelled on what reaches a bureau: the sender's paper
fed at a slant, line noise that flips pixels or bits of the coded lines (our
decoder then repeats the previous good line), and lines lost or doubled.
"""

from __future__ import annotations

import copy
import functools
from typing import Any

import numpy as np
from PIL import Image

from desktop.domain.notice import Notice, notice_from_payload
from fax.codec import decode, encode, tiff_compatible
from fax.pages import pdf_pages

RESOLUTIONS = ("standard", "fine")


def payload(**changes: Any) -> dict[str, Any]:
    """A move-out notice that uses every section, names with 髙, 﨑 and 𠮷, and half-width kana."""
    data: dict[str, Any] = {
        "receipt_number": "R2026-000123",
        "version": 3,
        "kind": "move_out",
        "hub_state": "changed",
        "submitted_at": "2026-03-02T09:15:00+09:00",
        "move_date": "2026-03-31",
        "customer_number": "0012345678",
        "service_address": {
            "postal_code": "196-8511",
            "address": "東京都昭島市田中町一丁目17番1号",
            "building": "メゾン昭島 305",
        },
        "user": {
            "name": "𠮷田 髙﨑",
            "kana": "ﾖｼﾀﾞ ﾀｶｻｷ",
            "corporate": True,
            "corporate_name": "株式会社髙﨑商店",
            "representative": "代表取締役 𠮷田 一郎",
        },
        "contact": {"phone": "０９０-１２３４-５６７８", "email": "yoshida@example.jp"},
        "presence": {"required": True, "preferred_time": "午後（13時〜16時）"},
        "payment_method": "credit_card",
        "settlement_method": "on_site",
        "forwarding_address": {
            "postal_code": "〒100-0001",
            "address": "東京都千代田区千代田1番1号",
            "building": "",
        },
        "filer": {"name": "髙橋 花子", "phone": "03-1234-5678", "relation": "娘"},
        "remarks": "メーターは玄関脇。\n鍵は管理会社（ﾊｲﾂ管理）に預けます。",
    }
    data.update(copy.deepcopy(changes))
    return data


def sample_notice(**changes: Any) -> Notice:
    return notice_from_payload(payload(**changes))


@functools.cache
def _rendered_pages(notice: Notice, resolution: str) -> tuple[np.ndarray, ...]:
    from printing.fax_notice import render_fax_notice

    pages = pdf_pages(render_fax_notice(notice, "昭島市水道部").pdf, resolution)
    for page in pages:
        page.setflags(write=False)
    return tuple(pages)


def fax_pages(notice: Notice, resolution: str) -> list[np.ndarray]:
    """The notice's fax page bitmaps as the sender scans them (cached: rendering is slow)."""
    return [page.copy() for page in _rendered_pages(notice, resolution)]


def skew(bitmap: np.ndarray, resolution: str, degrees: float) -> np.ndarray:
    """Rotate a page by ``degrees`` in physical space (standard rows are twice as tall)."""
    stretch = 2 if resolution == "standard" else 1
    image = Image.fromarray(np.repeat(bitmap.astype(np.uint8) * 255, stretch, axis=0))
    turned = image.rotate(degrees, resample=Image.Resampling.NEAREST, fillcolor=0)
    return (np.asarray(turned)[::stretch] > 127).astype(np.uint8)


def flip_pixels(bitmap: np.ndarray, rng: np.random.Generator, share: float = 0.01) -> np.ndarray:
    """Flip ``share`` of the pixels of every row, at random places."""
    flips = round(bitmap.shape[1] * share)
    noisy = bitmap.copy()
    for row in noisy:
        columns = rng.choice(bitmap.shape[1], size=flips, replace=False)
        row[columns] ^= 1
    return noisy


def transmit(
    bitmap: np.ndarray,
    resolution: str,
    rng: np.random.Generator | None = None,
    *,
    scheme: str = "mh",
    bit_errors: float = 0.0,
) -> np.ndarray:
    """Code the page as a fax does, flip bits in the coded data, decode with our decoder.

    ``bit_errors`` is how many bits are flipped, as a share of the page's
    lines: 0.03 hits about 3 lines in 100 (busy lines more often, as noise
    does, since they take longer to send).
    """
    options = tiff_compatible(scheme, resolution, fill_bits=True)
    data = bytearray(encode(bitmap, scheme, **options))
    if bit_errors:
        assert rng is not None
        for position in rng.choice(len(data) * 8, size=round(bitmap.shape[0] * bit_errors)):
            data[position // 8] ^= 0x80 >> (position % 8)
    result = decode(bytes(data), bitmap.shape[1], scheme, height=bitmap.shape[0])
    return result.bitmap


def lose_lines(
    bitmap: np.ndarray, rng: np.random.Generator, dropped: int = 5, doubled: int = 5
) -> np.ndarray:
    """Drop some rows and repeat others, at random places."""
    rows = list(range(bitmap.shape[0]))
    for _ in range(dropped):
        del rows[int(rng.integers(len(rows)))]
    for _ in range(doubled):
        at = int(rng.integers(len(rows)))
        rows.insert(at, rows[at])
    return bitmap[rows]


def code_bitmap(content: bytes, resolution: str, *, error: str = "m") -> np.ndarray:
    """A fax page with nothing but one QR symbol of ``content`` (1 mm modules)."""
    import segno

    matrix = np.array(segno.make(content, error=error, mode="byte").matrix, dtype=np.uint8)
    lines = 4 if resolution == "standard" else 8
    block = np.repeat(np.repeat(matrix, lines, axis=0), 8, axis=1)
    page = np.zeros((1143 if resolution == "standard" else 2287, 1728), dtype=np.uint8)
    page[100 : 100 + block.shape[0], 200 : 200 + block.shape[1]] = block
    return page
