"""Fax page bitmaps: from PDF and images, to PNG for viewing, to TIFF-F files.

A fax page (T.4) is 1728 pixels across 215 mm (about 204 dpi) and 3.85
(standard, about 98 lpi) or 7.7 (fine, about 196 lpi) lines per mm; A4 is
1143 or 2287 lines. Pixels are therefore not square in standard resolution:
everything is scaled by physical size, not by pixel count.

Documents are rendered at twice the fax resolution with anti-aliasing and
then averaged down, so a thin stroke becomes a grey pixel rather than
vanishing; the threshold then keeps mid greys black, which is what keeps
small Japanese characters legible.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, ImageSequence

from fax.codec import PAGE_WIDTH, Resolution, Scheme

PAGE_WIDTH_MM = 215.0
A4_MM = (210.0, 297.0)
LINES_PER_MM: dict[str, float] = {"standard": 3.85, "fine": 7.7}
A4_LINES: dict[str, int] = {"standard": 1143, "fine": 2287}
PIXELS_PER_MM = PAGE_WIDTH / PAGE_WIDTH_MM
# Grey levels (0 black .. 255 white) below this become black.
DEFAULT_THRESHOLD = 176
_SUPERSAMPLE = 2
_PDF_SUFFIXES = {".pdf"}


def _check_resolution(resolution: str) -> None:
    if resolution not in LINES_PER_MM:
        raise ValueError(f"unknown resolution {resolution!r}")


def _place_on_page(grey: Image.Image, resolution: Resolution, threshold: int) -> np.ndarray:
    """Centre a grey image (already at fax pixel size) on a page; threshold it."""
    width, height = grey.size
    page_lines = max(A4_LINES[resolution], height)
    page = np.zeros((page_lines, PAGE_WIDTH), dtype=np.uint8)
    black = (np.asarray(grey.convert("L")) < threshold).astype(np.uint8)
    left = (PAGE_WIDTH - width) // 2
    top = (page_lines - height) // 2
    page[top : top + height, left : left + width] = black[:, :PAGE_WIDTH]
    return page


def _fit_size(width_mm: float, height_mm: float, resolution: Resolution) -> tuple[int, int]:
    """Fax pixel size of an area scaled (never enlarged past the page) to fit A4."""
    scale = min(PAGE_WIDTH_MM / width_mm, A4_MM[1] / height_mm)
    pixels = max(1, min(PAGE_WIDTH, round(width_mm * scale * PIXELS_PER_MM)))
    lines = max(1, round(height_mm * scale * LINES_PER_MM[resolution]))
    return pixels, lines


def pdf_pages(
    pdf: str | Path | bytes,
    resolution: Resolution = "standard",
    *,
    threshold: int = DEFAULT_THRESHOLD,
) -> list[np.ndarray]:
    """Render every PDF page as a fax page bitmap (1 = black)."""
    import pypdfium2

    _check_resolution(resolution)
    document = pypdfium2.PdfDocument(pdf if not isinstance(pdf, Path) else str(pdf))
    try:
        bitmaps = []
        for index in range(len(document)):
            page = document[index]
            width_pt, height_pt = page.get_size()
            width_mm, height_mm = width_pt * 25.4 / 72, height_pt * 25.4 / 72
            pixels, lines = _fit_size(width_mm, height_mm, resolution)
            # Render square pixels fine enough for both directions, then
            # average down to the fax grid.
            scale = _SUPERSAMPLE * max(pixels / width_pt, lines / height_pt)
            rendered = page.render(scale=scale, grayscale=True).to_pil()
            grey = rendered.convert("L").resize((pixels, lines), Image.Resampling.BOX)
            bitmaps.append(_place_on_page(grey, resolution, threshold))
            page.close()
        return bitmaps
    finally:
        document.close()


def _frames(image: Image.Image) -> Iterator[Image.Image]:
    for frame in ImageSequence.Iterator(image):
        yield frame.copy()


def _flatten(frame: Image.Image) -> Image.Image:
    """Grey image on white, whatever the mode and transparency."""
    frame = ImageOps.exif_transpose(frame) or frame
    if frame.mode in ("RGBA", "LA", "PA") or "transparency" in frame.info:
        frame = frame.convert("RGBA")
        white = Image.new("RGBA", frame.size, (255, 255, 255, 255))
        frame = Image.alpha_composite(white, frame)
    return frame.convert("L")


def image_pages(
    image: str | Path | bytes | Image.Image,
    resolution: Resolution = "standard",
    *,
    threshold: int = DEFAULT_THRESHOLD,
) -> list[np.ndarray]:
    """Turn every frame of an image (PNG, JPEG, TIFF...) into a fax page."""
    _check_resolution(resolution)
    if isinstance(image, bytes):
        image = Image.open(io.BytesIO(image))
    elif isinstance(image, str | Path):
        image = Image.open(image)
    bitmaps = []
    for frame in _frames(image):
        dpi = frame.info.get("dpi")
        grey = _flatten(frame)
        if dpi and dpi[0] > 1 and dpi[1] > 1:
            width_mm = grey.width / float(dpi[0]) * 25.4
            height_mm = grey.height / float(dpi[1]) * 25.4
        else:
            # No resolution: the picture spans the page width.
            width_mm = PAGE_WIDTH_MM
            height_mm = PAGE_WIDTH_MM * grey.height / grey.width
        pixels, lines = _fit_size(width_mm, height_mm, resolution)
        if (pixels, lines) != grey.size:
            grey = grey.resize((pixels, lines), Image.Resampling.LANCZOS)
        bitmaps.append(_place_on_page(grey, resolution, threshold))
    return bitmaps


def file_pages(path: str | Path, resolution: Resolution = "standard") -> list[np.ndarray]:
    """Fax pages of a PDF or an image file, chosen by its content."""
    path = Path(path)
    with path.open("rb") as handle:
        is_pdf = handle.read(5) == b"%PDF-"
    if is_pdf or path.suffix.lower() in _PDF_SUFFIXES:
        return pdf_pages(path, resolution)
    return image_pages(path, resolution)


def page_image(bitmap: np.ndarray, resolution: Resolution = "standard") -> Image.Image:
    """A fax page as a 1-bit image with square-looking proportions: standard
    pages get every line twice."""
    _check_resolution(resolution)
    bitmap = np.asarray(bitmap)
    if resolution == "standard":
        bitmap = np.repeat(bitmap, 2, axis=0)
    return Image.fromarray(np.where(bitmap != 0, 0, 255).astype(np.uint8)).convert("1")


def page_png(bitmap: np.ndarray, resolution: Resolution = "standard") -> bytes:
    """A received page as PNG bytes for viewing."""
    out = io.BytesIO()
    page_image(bitmap, resolution).save(out, format="PNG", optimize=True)
    return out.getvalue()


def convert_file(
    in_path: str | Path,
    out_path: str | Path,
    compression: Scheme = "mh",
    resolution: Resolution = "standard",
) -> int:
    """Convert a PDF or image into a TIFF Class F fax file; return its pages."""
    from fax.tiff import write_tiff

    pages = file_pages(in_path, resolution)
    if not pages:
        raise ValueError(f"{in_path} has no pages")
    return write_tiff(out_path, pages, compression=compression, resolution=resolution)
