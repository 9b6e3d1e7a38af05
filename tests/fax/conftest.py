"""Shared helpers for the fax tests: libtiff (through Pillow) as the reference
encoder, and test pages rendered with real fonts."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

JAPANESE_FONTS = [
    "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf",
    "/usr/share/fonts/truetype/fonts-japanese-gothic.ttf",
    "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
]
LATIN_FONTS = ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"]


def find_font(candidates: list[str]) -> str | None:
    for candidate in candidates:
        if Path(candidate).exists():
            return candidate
    for folder in (Path("/usr/share/fonts"), Path(__file__).parents[2] / "resources" / "fonts"):
        if folder.exists():
            for path in sorted(folder.rglob("*.tt[fc]")) + sorted(folder.rglob("*.otf")):
                if any(Path(c).name.split(".")[0][:3] in path.name for c in candidates):
                    return str(path)
    return None


def libtiff_strip(
    bitmap: np.ndarray,
    scheme: str,
    resolution: str = "standard",
    *,
    fill_bits: bool = False,
    msb_first: bool = True,
) -> bytes:
    """The strip libtiff writes for this bitmap (1 = black), as one strip.

    Pillow's MinIsWhite writer inverts pixels in a Python loop, so the
    bitmap goes in as MinIsBlack with black as 1 bits: the strip bytes are
    the same, since libtiff codes bit values, not colours.
    """
    height, _ = bitmap.shape
    image = Image.fromarray((np.asarray(bitmap) != 0).astype(np.uint8) * 255).convert("1")
    tags = {262: 1, 278: height, 282: 204.0, 283: 196.0 if resolution == "fine" else 98.0, 296: 2}
    if scheme != "mmr":
        tags[292] = (1 if scheme == "mr" else 0) | (4 if fill_bits else 0)
    if not msb_first:
        tags[266] = 2
    out = io.BytesIO()
    image.save(
        out, format="TIFF", compression="group4" if scheme == "mmr" else "group3", tiffinfo=tags
    )
    with Image.open(io.BytesIO(out.getvalue())) as written:
        offsets, counts = written.tag_v2[273], written.tag_v2[279]
    assert len(offsets) == 1
    return out.getvalue()[offsets[0] : offsets[0] + counts[0]]


def text_page(height: int = 2287, width: int = 1728) -> np.ndarray:
    """Japanese and English text lines, a table and rules (1 = black)."""
    japanese = find_font(JAPANESE_FONTS)
    latin = find_font(LATIN_FONTS)
    if japanese is None or latin is None:
        pytest.skip("no Japanese or Latin font installed")
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    font_ja = ImageFont.truetype(japanese, 34)
    font_en = ImageFont.truetype(latin, 28)
    small_ja = ImageFont.truetype(japanese, 18)
    y = 60
    lines = [
        ("水道使用開始・中止のお届け（転居）", font_ja),
        ("Water service move notice — receipt 2024-000123", font_en),
        ("お客様番号 0123-4567-89　東京都新宿区西新宿二丁目８番１号", font_ja),
        ("ご不明な点は水道局お客さまセンターまでお問い合わせください。", small_ja),
        ("Meter reading 01234 m3, move-out 2024-04-01 10:30", font_en),
    ]
    while y < height - 200:
        for text, font in lines:
            if y > height - 100:
                break
            draw.text((90, y), text, font=font, fill=0)
            y += 52
        draw.rectangle((90, y, width - 90, y + 120), outline=0, width=2)
        for x in range(90, width - 90, 260):
            draw.line((x, y, x, y + 120), fill=0, width=1)
        draw.line((90, y + 60, width - 90, y + 60), fill=0, width=3)
        y += 160
    return (np.asarray(image) < 128).astype(np.uint8)


def qr_page(height: int = 600, width: int = 1728) -> np.ndarray:
    segno = pytest.importorskip("segno")
    code = segno.make("MOVEDESK|2024-000123|0123-4567-89|新宿区西新宿", error="m")
    matrix = np.array(code.matrix, dtype=np.uint8)
    modules = np.kron(matrix, np.ones((6, 6), dtype=np.uint8))
    page = np.zeros((height, width), dtype=np.uint8)
    top = (height - modules.shape[0]) // 2
    page[top : top + modules.shape[0], 1200 : 1200 + modules.shape[1]] = modules
    return page


@pytest.fixture(scope="session")
def fine_text_page() -> np.ndarray:
    return text_page()
