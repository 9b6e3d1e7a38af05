"""Encode and decode one fine A4 text page with MH, MR and MMR, ours against
libtiff (through Pillow) in the same run, and the phase-C time per page.

The codec is the numba-compiled one when numba is installed (``--numpy``
times the NumPy fallback); its start-up cost is reported apart: warm-up in
this process, and a compile on an empty cache in a fresh process.

Run: python benchmarks/bench_codec.py [--repeat N] [--numpy] [--no-cold]
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import numpy as np
from PIL import Image, ImageDraw, ImageFont

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fax.codec import decode, encode, jit, tiff_compatible

ROOT = Path(__file__).resolve().parents[1]
T = TypeVar("T")

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


def best_of(repeat: int, work: Callable[[], T]) -> tuple[float, T]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - start)
    return best, result  # type: ignore[return-value]


def cold_compile_seconds() -> float:
    """Import numba and compile every kernel in a fresh process with an
    empty cache: what the first fax after an install or upgrade waits for
    (unless ``fax.codec.warm_up`` ran before it)."""
    code = "from fax.codec import jit; print(jit.warm_up())"
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "NUMBA_CACHE_DIR": cache}
        out = subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
    return float(out.stdout.strip())


def codec_name() -> str:
    if not jit.enabled():
        return f"NumPy {np.__version__} (numba off or missing)"
    import numba

    return f"numba {numba.__version__}, NumPy {np.__version__}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7, help="runs per measurement (best is kept)")
    parser.add_argument("--numpy", action="store_true", help="time the NumPy codec, not numba")
    parser.add_argument(
        "--no-cold", action="store_true", help="skip the cold-cache compile in a subprocess"
    )
    args = parser.parse_args()
    if args.numpy:
        jit.set_enabled(False)
    # Once before any timing: numba's import and the kernels' compile (or
    # load from the cache) are start-up costs, reported on their own.
    warm_up = jit.warm_up()
    page = text_page()
    image = Image.fromarray(page * 255).convert("1")
    changes = int(np.count_nonzero(np.diff(page, axis=1)))
    print(f"page: {WIDTH}x{page.shape[0]} fine A4, {changes} colour changes")
    print(f"codec: {codec_name()}; times are the best of {args.repeat} runs")
    if jit.enabled():
        print(f"JIT warm-up in this process (numba import + kernels): {warm_up:.2f} s")
        if not args.no_cold:
            print(f"JIT cold compile, empty cache, fresh process: {cold_compile_seconds():.2f} s")
    header = (
        f"{'scheme':6} {'bytes':>7} {'identical':>9} | {'encode ours':>11} {'libtiff':>8} "
        f"{'ratio':>5} | {'decode ours':>11} {'libtiff':>8} {'ratio':>5} {'exact':>5} | "
        f"{'phase C 9600':>12} {'14400':>7}"
    )
    print(header)
    print("-" * len(header))
    worst = 0.0
    all_identical = True
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
        exact = np.array_equal(result.bitmap, page) and result.bad_lines == 0
        encode_ratio = ours_seconds / libtiff_seconds
        decode_ratio = decode_seconds / libtiff_decode_seconds
        worst = max(worst, encode_ratio, decode_ratio)
        all_identical = all_identical and identical and exact
        print(
            f"{scheme:6} {len(ours):7d} {'yes' if identical else 'NO':>9} | "
            f"{ours_seconds * 1e3:8.1f} ms {libtiff_seconds * 1e3:5.1f} ms {encode_ratio:5.2f} | "
            f"{decode_seconds * 1e3:8.1f} ms {libtiff_decode_seconds * 1e3:5.1f} ms "
            f"{decode_ratio:5.2f} {'yes' if exact else 'NO':>5} | "
            f"{len(ours) * 8 / 9600:10.1f} s {len(ours) * 8 / 14400:5.1f} s"
        )
    print(
        f"worst ratio {worst:.2f} (requirement: at most 2.00), "
        f"bytes and pages identical: {'yes' if all_identical else 'NO'}"
    )
    print("phase C: the strip's bits at the line rate, without fill, RTC or T.30 overhead")


if __name__ == "__main__":
    main()
