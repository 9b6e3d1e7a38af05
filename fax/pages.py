"""Fax page bitmaps: from PDF and images, to PNG for viewing, to TIFF-F files.

A fax page (T.4) is 1728 pixels across at 204 dpi and 98 (standard) or 196
(fine) lines per inch; A4 is 1143 or 2287 lines. Pixels are therefore not
square in standard resolution: everything is scaled by physical size, not
by pixel count.

A page that is already a fax page (1728 pixels at 204 dpi and 98 or 196
lpi, black and white only) is taken bit for bit: forwarding a received fax
or sending a TIFF-F from another program never rescales or re-thresholds
it. Between the two fax resolutions the conversion is exact: standard to
fine repeats every line; fine to standard ORs each pair of lines (a black
pixel in either line stays black), so one-line rules and thin horizontal
strokes survive, as on a fax machine that prints a fine page in standard.
B4 and A3 widths (2048, 2432 pixels) are refused: MoveDesk sends A4.

Everything else is scaled to fit A4 on the exact fax grid. Documents are
rendered at twice the fax resolution with anti-aliasing and then averaged
down, so a thin stroke becomes a grey pixel rather than vanishing; the
threshold then keeps mid greys black, which is what keeps small Japanese
characters legible.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, ImageSequence

from fax.codec import PAGE_WIDTH, Resolution, Scheme

HORIZONTAL_DPI = 204
LINES_PER_INCH: dict[str, int] = {"standard": 98, "fine": 196}
A4_LINES: dict[str, int] = {"standard": 1143, "fine": 2287}
# Widths of the larger T.4 pages at 204 dpi: recognised so they can be refused by name.
WIDER_FAX_PAGES = {2048: "B4", 2432: "A3"}
# How far a file's stated resolution may be from the fax grid and still be
# taken as on it (200 x 200 and 200 x 100 dpi are common spellings of fine
# and standard).
_DPI_TOLERANCE = 0.025
PAGE_WIDTH_INCHES = PAGE_WIDTH / HORIZONTAL_DPI
# Grey levels (0 black .. 255 white) below this become black.
DEFAULT_THRESHOLD = 176
_SUPERSAMPLE = 2
_PDF_SUFFIXES = {".pdf"}


class PageError(ValueError):
    """A page MoveDesk cannot fax as it is; the message says why."""


@dataclass(frozen=True)
class FaxDocument:
    """Pages ready to send, all at one resolution."""

    pages: list[np.ndarray]
    resolution: Resolution
    # How many pages were taken bit for bit (or only line-doubled or OR-ed).
    passed_through: int


@dataclass(frozen=True)
class _GridPage:
    bitmap: np.ndarray
    # None: a fax-wide page whose file states no resolution; taken as it is
    # at the resolution asked for.
    resolution: Resolution | None


@dataclass(frozen=True)
class _Picture:
    grey: Image.Image
    inches: tuple[float, float] | None


def _check_resolution(resolution: str) -> None:
    if resolution not in LINES_PER_INCH:
        raise ValueError(f"unknown resolution {resolution!r}")


def _near(value: float, target: float) -> bool:
    return abs(value - target) <= target * _DPI_TOLERANCE


def grid_resolution(width: int, dpi: tuple[float, float] | None) -> Resolution | None:
    """The fax resolution of a page already on the fax grid, else None.

    Raises ``PageError`` for a B4 or A3 fax page.
    """
    if dpi is None or not _near(dpi[0], HORIZONTAL_DPI):
        return None
    if width in WIDER_FAX_PAGES:
        raise PageError(
            f"{WIDER_FAX_PAGES[width]} の FAX ページ（幅 {width}）は送れません。A4 のみです / "
            f"a {WIDER_FAX_PAGES[width]} fax page ({width} pixels wide) cannot be sent: "
            "MoveDesk sends A4 (1728 pixels) only"
        )
    if width != PAGE_WIDTH:
        return None
    for resolution, lines_per_inch in LINES_PER_INCH.items():
        if _near(dpi[1], lines_per_inch):
            return resolution  # type: ignore[return-value]
    return None


def change_resolution(bitmap: np.ndarray, source: Resolution, target: Resolution) -> np.ndarray:
    """A fax page at the other resolution: lines doubled, or line pairs ORed."""
    _check_resolution(source)
    _check_resolution(target)
    bitmap = np.asarray(bitmap)
    if source == target:
        return bitmap
    if source == "standard":
        return np.repeat(bitmap, 2, axis=0)
    reduced = bitmap[0::2].copy()
    reduced[: bitmap.shape[0] // 2] |= bitmap[1::2]
    return reduced


def _fit_size(width_in: float, height_in: float, resolution: Resolution) -> tuple[int, int]:
    """Fax pixel size of an area scaled to fit A4 (both ways, never past the page)."""
    lines_per_inch = LINES_PER_INCH[resolution]
    page_height_in = A4_LINES[resolution] / lines_per_inch
    scale = min(PAGE_WIDTH_INCHES / width_in, page_height_in / height_in)
    pixels = max(1, min(PAGE_WIDTH, round(width_in * scale * HORIZONTAL_DPI)))
    lines = max(1, min(A4_LINES[resolution], round(height_in * scale * lines_per_inch)))
    return pixels, lines


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
            pixels, lines = _fit_size(width_pt / 72, height_pt / 72, resolution)
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


def _image_page(frame: Image.Image) -> _GridPage | _Picture:
    dpi = frame.info.get("dpi")
    dpi = (float(dpi[0]), float(dpi[1])) if dpi and dpi[0] > 1 and dpi[1] > 1 else None
    grey = _flatten(frame)
    values = np.asarray(grey)
    resolution = grid_resolution(grey.width, dpi)
    two_level = not np.isin(values, (0, 255), invert=True).any()
    if resolution is not None and two_level:
        return _GridPage((values == 0).astype(np.uint8), resolution)
    inches = (grey.width / dpi[0], grey.height / dpi[1]) if dpi else None
    return _Picture(grey, inches)


def _tiff_pages(path: Path) -> Iterator[_GridPage | _Picture]:
    from fax.tiff import iter_tiff

    for page in iter_tiff(path):
        width = page.bitmap.shape[1]
        resolution = grid_resolution(width, page.dpi)
        if resolution is None and page.dpi is None and width == PAGE_WIDTH:
            # A 1728-pixel bitmap without a stated size is a fax page; its
            # line count alone cannot tell the resolution, the caller's does.
            yield _GridPage(page.bitmap, None)
        elif resolution is not None:
            yield _GridPage(page.bitmap, resolution)
        else:
            grey = Image.fromarray(np.where(page.bitmap != 0, 0, 255).astype(np.uint8))
            inches = (width / page.dpi[0], page.bitmap.shape[0] / page.dpi[1]) if page.dpi else None
            yield _Picture(grey, inches)


def _scaled(picture: _Picture, resolution: Resolution, threshold: int) -> np.ndarray:
    grey = picture.grey
    if picture.inches is not None:
        width_in, height_in = picture.inches
    else:
        # No resolution: the picture spans the page width, with square pixels.
        width_in = PAGE_WIDTH_INCHES
        height_in = PAGE_WIDTH_INCHES * grey.height / grey.width
    pixels, lines = _fit_size(width_in, height_in, resolution)
    if (pixels, lines) != grey.size:
        grey = grey.resize((pixels, lines), Image.Resampling.LANCZOS)
    return _place_on_page(grey, resolution, threshold)


def _document(
    found: list[_GridPage | _Picture], resolution: Resolution | None, threshold: int
) -> FaxDocument:
    if resolution is None:
        grid = [page.resolution for page in found if isinstance(page, _GridPage)]
        known = [r for r in grid if r is not None]
        resolution = "standard" if known and all(r == "standard" for r in known) else "fine"
    _check_resolution(resolution)
    pages = []
    for page in found:
        if isinstance(page, _GridPage):
            source = page.resolution or resolution
            pages.append(change_resolution(page.bitmap, source, resolution))
        else:
            pages.append(_scaled(page, resolution, threshold))
    passed = sum(isinstance(page, _GridPage) for page in found)
    return FaxDocument(pages, resolution, passed)


def _open_image(image: str | Path | bytes | Image.Image) -> Image.Image:
    if isinstance(image, bytes):
        return Image.open(io.BytesIO(image))
    if isinstance(image, str | Path):
        return Image.open(image)
    return image


def image_document(
    image: str | Path | bytes | Image.Image,
    resolution: Resolution | None = None,
    *,
    threshold: int = DEFAULT_THRESHOLD,
) -> FaxDocument:
    """Every frame of an image (PNG, JPEG, TIFF…) as a fax page; ``resolution``
    None keeps the resolution of pages already on the fax grid (fine otherwise)."""
    found = [_image_page(frame) for frame in _frames(_open_image(image))]
    return _document(found, resolution, threshold)


def image_pages(
    image: str | Path | bytes | Image.Image,
    resolution: Resolution = "standard",
    *,
    threshold: int = DEFAULT_THRESHOLD,
) -> list[np.ndarray]:
    """Turn every frame of an image (PNG, JPEG, TIFF...) into a fax page."""
    _check_resolution(resolution)
    return image_document(image, resolution, threshold=threshold).pages


def _is_tiff(head: bytes) -> bool:
    return head[:4] in (b"II*\0", b"MM\0*")


def _black_and_white_tiff(path: Path) -> bool:
    """Whether every page is one bit per pixel (fax pages and scans): those
    are read exactly by ``fax.tiff``; grey or colour pages go through Pillow
    so that scaling sees their grey levels. The file's structure is checked
    first (``TiffError``), so Pillow only walks a file that passed."""
    from fax.tiff import count_pages

    count_pages(path)
    try:
        with Image.open(path) as image:
            return all(frame.mode == "1" for frame in ImageSequence.Iterator(image))
    except Exception:  # Pillow's many error types: our reader says what is wrong
        return True


def file_document(path: str | Path, resolution: Resolution | None = None) -> FaxDocument:
    """Fax pages of a PDF, TIFF or image file, chosen by its content.

    ``resolution`` None: a TIFF's or image's own fax resolution when its
    pages are fax pages, fine otherwise. Raises ``PageError`` for a B4/A3
    fax page and ``fax.tiff.TiffError`` for a malformed TIFF.
    """
    path = Path(path)
    with path.open("rb") as handle:
        head = handle.read(5)
    if head == b"%PDF-" or path.suffix.lower() in _PDF_SUFFIXES:
        chosen: Resolution = resolution or "fine"
        return FaxDocument(pdf_pages(path, chosen), chosen, 0)
    if _is_tiff(head) and _black_and_white_tiff(path):
        return _document(list(_tiff_pages(path)), resolution, DEFAULT_THRESHOLD)
    return image_document(path, resolution)


def file_pages(path: str | Path, resolution: Resolution = "standard") -> list[np.ndarray]:
    """Fax pages of a PDF or an image file at ``resolution``."""
    _check_resolution(resolution)
    return file_document(path, resolution).pages


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
    out_path: str | Path | io.BytesIO,
    compression: Scheme = "mh",
    resolution: Resolution | None = "standard",
) -> int:
    """Convert a PDF, TIFF or image into a TIFF Class F fax file; return its pages.

    ``resolution`` None keeps the input's own fax resolution (see ``file_document``).
    """
    from fax.tiff import write_tiff

    document = file_document(in_path, resolution)
    if not document.pages:
        raise ValueError(f"{in_path} has no pages")
    return write_tiff(
        out_path, document.pages, compression=compression, resolution=document.resolution
    )
