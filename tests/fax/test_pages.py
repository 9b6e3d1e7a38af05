"""PDF and images to fax pages, pages to PNG, files to TIFF-F."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from fax.codec import decode, encode
from fax.pages import (
    A4_LINES,
    convert_file,
    image_pages,
    page_image,
    page_png,
    pdf_pages,
)
from fax.tiff import read_tiff
from tests.fax.conftest import JAPANESE_FONTS, find_font, qr_page


def _pdf(japanese_font: str | None) -> bytes:
    """Two A4 pages: small Japanese and English text, a table, a rule."""
    canvas_module = pytest.importorskip("reportlab.pdfgen.canvas")
    from reportlab.lib.pagesizes import A4

    font = "Helvetica"
    if japanese_font:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        pdfmetrics.registerFont(TTFont("FaxTestGothic", japanese_font))
        font = "FaxTestGothic"
    out = io.BytesIO()
    canvas = canvas_module.Canvas(out, pagesize=A4)
    y = 780.0
    for size in (7, 9, 12):
        canvas.setFont(font, size)
        text = "水道の使用開始・中止届 お客様番号 1234-5678" if japanese_font else "Water notice"
        canvas.drawString(40, y, f"{text} Water move notice {size}pt")
        y -= 3 * size
    canvas.setLineWidth(0.5)
    canvas.rect(40, 400, 500, 120)
    canvas.line(40, 460, 540, 460)
    canvas.showPage()
    canvas.setFont(font, 20)
    canvas.drawString(72, 700, "Page 2")
    canvas.save()
    return out.getvalue()


@pytest.mark.parametrize("resolution", ["standard", "fine"])
def test_pdf_pages_are_a4_fax_bitmaps_with_the_text_on_them(resolution: str) -> None:
    pages = pdf_pages(_pdf(find_font(JAPANESE_FONTS)), resolution)
    assert len(pages) == 2
    for page in pages:
        assert page.shape == (A4_LINES[resolution], 1728)
        assert page.dtype == np.uint8 and set(np.unique(page)) <= {0, 1}
    first = pages[0]
    lines_per_mm = A4_LINES[resolution] / 297
    # 7 pt text near the top (y = 780 pt from the bottom) left ink there.
    top = round((842 - 790) * 25.4 / 72 * lines_per_mm)
    bottom = round((842 - 760) * 25.4 / 72 * lines_per_mm)
    assert first[top:bottom].sum() > 200
    # The 0.5 pt horizontal rule at y = 460 pt survives thresholding across the table.
    rule = round((842 - 460) * 25.4 / 72 * lines_per_mm)
    band = first[rule - 2 : rule + 3]
    assert band.any(axis=0).sum() > 0.9 * 500 * 25.4 / 72 * 8
    # The page is centred: margins left and right of the table are alike.
    columns = np.flatnonzero(first.any(axis=0))
    assert abs(columns[0] - (1728 - 1 - columns[-1])) < 1728 * 0.2


def test_small_japanese_text_keeps_its_strokes() -> None:
    font = find_font(JAPANESE_FONTS)
    if font is None:
        pytest.skip("no Japanese font installed")
    (page,) = pdf_pages(_pdf(font), "fine")[:1]
    # 7 pt kanji at fine resolution: about 19 lines tall; strokes must not
    # merge into blobs (ink well below half) nor vanish.
    lines_per_mm = A4_LINES["fine"] / 297
    top = round((842 - 788) * 25.4 / 72 * lines_per_mm)
    bottom = round((842 - 776) * 25.4 / 72 * lines_per_mm)
    left, right = 150, 700
    ink = page[top:bottom, left:right].mean()
    assert 0.05 < ink < 0.45


def test_images_of_any_mode_become_centred_pages(tmp_path: Path) -> None:
    picture = Image.new("RGBA", (800, 400), (0, 0, 0, 0))
    ImageDraw.Draw(picture).rectangle((100, 100, 700, 300), fill=(0, 0, 0, 255))
    png = tmp_path / "picture.png"
    picture.save(png)
    (page,) = image_pages(png, "fine")
    assert page.shape == (A4_LINES["fine"], 1728)
    rows = np.flatnonzero(page.any(axis=1))
    columns = np.flatnonzero(page.any(axis=0))
    # A picture without dpi spans the page width: 600 of 800 pixels -> 1296.
    assert abs((columns[-1] - columns[0] + 1) - 1296) <= 4
    # Square pixels in, fax pixels out: 200 px at 1728/800 per px, 196 lpi over 204 dpi.
    expected_rows = 200 * 1728 / 800 * 196 / 204
    assert abs((rows[-1] - rows[0] + 1) - expected_rows) <= 4
    # Transparent areas are white, and the picture is centred.
    assert abs(columns[0] - (1727 - columns[-1])) <= 4


def test_jpeg_and_multipage_tiff_inputs(tmp_path: Path) -> None:
    jpeg = tmp_path / "scan.jpg"
    scan = Image.new("L", (1654, 2339), 255)  # A4 at 200 dpi
    ImageDraw.Draw(scan).text((200, 200), "SCAN", fill=0)
    scan.save(jpeg, dpi=(200, 200))
    (page,) = image_pages(jpeg, "standard")
    assert page.shape == (A4_LINES["standard"], 1728)
    assert page.any()
    tiff = tmp_path / "pages.tif"
    frames = [Image.new("1", (400, 500), 1) for _ in range(3)]
    frames[0].save(tiff, save_all=True, append_images=frames[1:], dpi=(100, 100))
    assert len(image_pages(tiff)) == 3


def test_page_png_doubles_standard_lines_for_viewing() -> None:
    bitmap = np.zeros((10, 1728), dtype=np.uint8)
    bitmap[3, 5:9] = 1
    standard = page_image(bitmap, "standard")
    fine = page_image(bitmap, "fine")
    assert standard.size == (1728, 20) and fine.size == (1728, 10)
    viewed = np.asarray(standard.convert("L"))
    assert (viewed[6:8, 5:9] == 0).all() and viewed[5, 5] == 255 and viewed[8, 5] == 255
    with Image.open(io.BytesIO(page_png(bitmap, "fine"))) as png:
        assert png.format == "PNG" and png.size == (1728, 10)


@pytest.mark.parametrize("compression", ["mh", "mr", "mmr"])
def test_convert_file_writes_a_tiff_f(tmp_path: Path, compression: str) -> None:
    pdf = tmp_path / "notice.pdf"
    pdf.write_bytes(_pdf(None))
    out = tmp_path / "notice.tif"
    assert convert_file(pdf, out, compression=compression, resolution="fine") == 2
    pages = read_tiff(out)
    assert [page.bitmap.shape for page in pages] == [(A4_LINES["fine"], 1728)] * 2
    np.testing.assert_array_equal(pages[0].bitmap, pdf_pages(pdf, "fine")[0])


def test_convert_file_rejects_unknown_input(tmp_path: Path) -> None:
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"not an image")
    with pytest.raises(Exception):  # noqa: B017 - Pillow's own error type
        convert_file(junk, tmp_path / "out.tif")


@pytest.mark.parametrize("scheme", ["mh", "mr", "mmr"])
@pytest.mark.parametrize("resolution", ["standard", "fine"])
def test_qr_code_survives_fax_coding(scheme: str, resolution: str) -> None:
    zxingcpp = pytest.importorskip("zxingcpp")
    page = qr_page(height=600)
    result = decode(encode(page, scheme), 1728, scheme)
    shown = page_image(result.bitmap, resolution).convert("L")
    (found,) = zxingcpp.read_barcodes(shown)
    assert found.text.startswith("MOVEDESK|2024-000123")
