"""Encode and decode one fine A4 text page with MH, MR and MMR, ours against
libtiff (through Pillow) in the same run, and the phase-C time per page.

Run: python benchmarks/bench_codec.py [--repeat N]
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fax.codec import decode, encode, tiff_compatible

WIDTH, FINE_A4_LINES = 1728, 2287
FONT_CANDIDATES = {
    "ja": [
        "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf",
        "/usr/share/fonts/truetype/fonts-japanese-gothic.ttf",
        "C:/Windows/Fonts/msgothic.ttc",
    ],
    "en": ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "C:/Windows/Fonts/arial.ttf"],
}
JAPANESE = "水道の使用開始・中止届　お客様番号 0123-4567　東京都新宿区西新宿二丁目８番１号"
ENGLISH = "Water service move notice: receipt 2024-000123, meter 01234 m3, Shinjuku, Tokyo"


def _font(kind: str, size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    for path in FONT_CANDIDATES[kind]:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)


def text_page() -> np.ndarray:
    """Alternating Japanese and English lines over a whole fine A4 page."""
    image = Image.new("L", (WIDTH, FINE_A4_LINES), 255)
    draw = ImageDraw.Draw(image)
    japanese, english = _font("ja", 36), _font("en", 30)
    y, line = 80, 0
    while y < FINE_A4_LINES - 120:
        draw.text(
            (90, y),
            JAPANESE if line % 2 == 0 else ENGLISH,
            font=japanese if line % 2 == 0 else english,
            fill=0,
        )
        y += 58
        line += 1
    return (np.asarray(image) < 128).astype(np.uint8)


def libtiff_encode(image: Image.Image, scheme: str) -> bytes:
    # MinIsBlack with black as 1 bits: the same strip as MinIsWhite, without
    # Pillow's per-pixel Python inversion loop for MinIsWhite.
    tags = {262: 1, 278: image.height, 282: 204.0, 283: 196.0, 296: 2}
    if scheme != "mmr":
        tags[292] = 1 if scheme == "mr" else 0
    out = io.BytesIO()
    image.save(
        out, format="TIFF", compression="group4" if scheme == "mmr" else "group3", tiffinfo=tags
    )
    return out.getvalue()


def strip_of(tiff: bytes) -> bytes:
    with Image.open(io.BytesIO(tiff)) as image:
        offset, count = image.tag_v2[273][0], image.tag_v2[279][0]
    return tiff[offset : offset + count]


def libtiff_decode(tiff: bytes) -> np.ndarray:
    with Image.open(io.BytesIO(tiff)) as image:
        image.load()
        return np.asarray(image)


def best_of(repeat: int, work) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7, help="runs per measurement (best is kept)")
    args = parser.parse_args()
    page = text_page()
    image = Image.fromarray(page * 255).convert("1")
    changes = int(np.count_nonzero(np.diff(page, axis=1)))
    print(
        f"page: {WIDTH}x{page.shape[0]} fine A4, {changes} colour changes, best of {args.repeat} runs"
    )
    for scheme in ("mh", "mr", "mmr"):
        options = tiff_compatible(scheme, "fine")
        libtiff_seconds, tiff = best_of(args.repeat, lambda s=scheme: libtiff_encode(image, s))
        reference = strip_of(tiff)
        ours_seconds, ours = best_of(args.repeat, lambda s=scheme, o=options: encode(page, s, **o))
        libtiff_decode_seconds, _ = best_of(args.repeat, lambda t=tiff: libtiff_decode(t))
        decode_seconds, result = best_of(
            args.repeat, lambda s=scheme, r=reference: decode(r, WIDTH, s)
        )
        identical = ours == reference
        decoded_ok = np.array_equal(result.bitmap, page) and result.bad_lines == 0
        print(f"{scheme}: bytes {len(ours)}, identical to libtiff: {'yes' if identical else 'NO'}")
        print(
            f"{scheme}: encode ours {ours_seconds * 1e3:.1f} ms, libtiff {libtiff_seconds * 1e3:.1f} ms, "
            f"ratio {ours_seconds / libtiff_seconds:.2f}"
        )
        print(
            f"{scheme}: decode ours {decode_seconds * 1e3:.1f} ms, libtiff {libtiff_decode_seconds * 1e3:.1f} ms, "
            f"ratio {decode_seconds / libtiff_decode_seconds:.2f}, page decoded exactly: {'yes' if decoded_ok else 'NO'}"
        )
        for rate in (9600, 14400):
            print(f"{scheme}: phase C at {rate} bit/s: {len(ours) * 8 / rate:.1f} s per page")


if __name__ == "__main__":
    main()
