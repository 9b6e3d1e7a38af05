"""Test pages in the spirit of the ITU-T test charts, made here: text, dense
patterns, halftone-like dither. Full A4 fine pages (1728 x 2287, 1 = black);
``standard(page)`` takes every other line for the standard version."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

WIDTH, FINE_LINES = 1728, 2287
_BAYER = np.array([[0, 8, 2, 10], [12, 4, 14, 6], [3, 11, 1, 9], [15, 7, 13, 5]]) / 16


def _grid() -> tuple[np.ndarray, np.ndarray]:
    return np.mgrid[0:FINE_LINES, 0:WIDTH]


def letters() -> np.ndarray:
    """Rows of glyph-like blocks of varying stroke widths, rules and a table."""
    rng = np.random.default_rng(8)
    page = np.zeros((FINE_LINES, WIDTH), dtype=np.uint8)
    for top in range(60, FINE_LINES - 60, 40):
        x = 80
        while x < WIDTH - 100:
            glyph = rng.random((24, int(rng.integers(8, 22)))) < 0.35
            page[top : top + 24, x : x + glyph.shape[1]] = glyph
            x += glyph.shape[1] + int(rng.integers(2, 12))
    page[30, 40:-40] = 1  # a one-line rule
    page[1200:1203, 40:-40] = 1
    page[1200:1800, 40:43] = page[1200:1800, -43:-40] = 1
    return page


def dense_patterns() -> np.ndarray:
    """Bands of one-pixel checkerboard, fine vertical lines, diagonal hatching."""
    y, x = _grid()
    page = np.zeros((FINE_LINES, WIDTH), dtype=np.uint8)
    band = FINE_LINES // 4
    page[:band] = ((x + y) % 2)[:band]
    page[band : 2 * band] = (x % 3 == 0)[band : 2 * band]
    page[2 * band : 3 * band] = ((x + y) % 7 < 2)[2 * band : 3 * band]
    page[3 * band :] = ((x // 2 + y // 2) % 2)[3 * band :]
    return page.astype(np.uint8)


def halftone() -> np.ndarray:
    """An ordered-dither grey wedge across and a dithered circle: photo-like areas."""
    y, x = _grid()
    level = x / WIDTH * 0.8 + 0.1
    circle = (x - 864) ** 2 + (y - 1400) ** 2 < 500**2
    level = np.where(circle, 1 - level, level)
    return (level > _BAYER[y % 4, x % 4]).astype(np.uint8)


def noise() -> np.ndarray:
    """Error-diffusion-like scattered dots: the worst case for run-length codes."""
    return (np.random.default_rng(3).random((FINE_LINES, WIDTH)) < 0.3).astype(np.uint8)


CHARTS: dict[str, Callable[[], np.ndarray]] = {
    "letters": letters,
    "dense patterns": dense_patterns,
    "halftone": halftone,
    "noise": noise,
}


def standard(page: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(page[0::2])
