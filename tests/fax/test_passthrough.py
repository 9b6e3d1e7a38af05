"""Pages already on the fax grid cross ``fax convert`` bit for bit; the
resolution conversions are exact; other images scale on the exact grid."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from fax.pages import (
    A4_LINES,
    PageError,
    change_resolution,
    convert_file,
    file_document,
    grid_resolution,
)
from fax.tiff import read_tiff, write_tiff
from tests.fax.charts import CHARTS, standard
from tests.fax.conftest import text_page

RESOLUTIONS = ("standard", "fine")


@pytest.fixture(scope="module")
def charts() -> dict[str, np.ndarray]:
    made = {name: make() for name, make in CHARTS.items()}
    with contextlib.suppress(pytest.skip.Exception):  # no fonts: the other charts still run
        made["text"] = text_page()
    return made


def _page(charts: dict[str, np.ndarray], name: str, resolution: str) -> np.ndarray:
    return charts[name] if resolution == "fine" else standard(charts[name])


def _libtiff_file(path: Path, page: np.ndarray, resolution: str, compression: str) -> None:
    """What another program writes: Pillow/libtiff, MinIsBlack, 64-row strips."""
    image = Image.fromarray((1 - page).astype(np.uint8) * 255).convert("1")
    image.save(
        path,
        compression=compression,
        dpi=(204, 98 if resolution == "standard" else 196),
        tiffinfo={278: 64},
    )


@pytest.mark.parametrize("resolution", RESOLUTIONS)
@pytest.mark.parametrize("writer", ["ours MH", "ours MMR LSB-first", "libtiff G3", "libtiff G4"])
def test_fax_tiffs_pass_through_convert_unchanged(
    charts: dict[str, np.ndarray], tmp_path: Path, resolution: str, writer: str
) -> None:
    for name in charts:
        page = _page(charts, name, resolution)
        source = tmp_path / f"{name}.tif"
        if writer.startswith("ours"):
            scheme = "mh" if "MH" in writer else "mmr"
            write_tiff(
                source, [page], compression=scheme, resolution=resolution, msb_first="LSB" not in writer
            )  # fmt: skip
        else:
            _libtiff_file(source, page, resolution, "group3" if "G3" in writer else "group4")
        out = tmp_path / f"{name}-out.tif"
        assert convert_file(source, out, "mr", resolution=None) == 1
        (converted,) = read_tiff(out)
        assert converted.resolution == resolution, name
        changed = int(np.count_nonzero(converted.bitmap != page))
        assert changed == 0, f"{name}: {changed} pixels changed"


def test_an_explicit_same_resolution_also_passes_through(
    charts: dict[str, np.ndarray], tmp_path: Path
) -> None:
    page = charts["halftone"]
    source = tmp_path / "fine.tif"
    write_tiff(source, [page], compression="mmr", resolution="fine")
    document = file_document(source, "fine")
    assert document.passed_through == 1
    np.testing.assert_array_equal(document.pages[0], page)


def test_standard_to_fine_doubles_every_line(charts: dict[str, np.ndarray], tmp_path: Path) -> None:
    page = standard(charts["letters"])
    source = tmp_path / "standard.tif"
    write_tiff(source, [page], compression="mh", resolution="standard")
    out = tmp_path / "fine.tif"
    convert_file(source, out, "mh", resolution="fine")
    (fine,) = read_tiff(out)
    assert fine.resolution == "fine"
    assert fine.bitmap.shape == (2 * page.shape[0], 1728)
    np.testing.assert_array_equal(fine.bitmap[0::2], page)
    np.testing.assert_array_equal(fine.bitmap[1::2], page)


def test_fine_to_standard_ors_each_pair_of_lines(charts: dict[str, np.ndarray]) -> None:
    page = charts["letters"]  # 2287 lines: the odd last line stands alone
    reduced = change_resolution(page, "fine", "standard")
    assert reduced.shape == (1144, 1728)
    np.testing.assert_array_equal(reduced[:1143], page[0:-1:2] | page[1::2])
    np.testing.assert_array_equal(reduced[1143], page[-1])
    # A one-line rule on an odd line survives the reduction.
    assert reduced[15, 40:-40].all()


def test_a_two_level_png_on_the_fax_grid_passes_through(
    charts: dict[str, np.ndarray], tmp_path: Path
) -> None:
    page = standard(charts["dense patterns"])
    png = tmp_path / "page.png"
    Image.fromarray((1 - page).astype(np.uint8) * 255).save(png, dpi=(204, 98))
    document = file_document(png)
    assert (document.resolution, document.passed_through) == ("standard", 1)
    np.testing.assert_array_equal(document.pages[0], page)


def test_a_grey_picture_on_the_fax_grid_is_thresholded_not_passed(tmp_path: Path) -> None:
    grey = np.full((300, 1728), 255, dtype=np.uint8)
    grey[100:200, 100:900] = 100
    png = tmp_path / "grey.png"
    Image.fromarray(grey).save(png, dpi=(204, 196))
    document = file_document(png)
    assert document.passed_through == 0
    assert document.pages[0].shape == (A4_LINES["fine"], 1728)


@pytest.mark.parametrize("width,name", [(2048, "B4"), (2432, "A3")])
def test_b4_and_a3_fax_pages_are_refused_by_name(tmp_path: Path, width: int, name: str) -> None:
    source = tmp_path / "wide.tif"
    write_tiff(source, [np.zeros((40, width), dtype=np.uint8)], resolution="fine")
    with pytest.raises(PageError, match=name):
        file_document(source)
    with pytest.raises(ValueError, match="A4"):
        convert_file(source, tmp_path / "out.tif")


def test_grid_resolution_reads_common_spellings() -> None:
    assert grid_resolution(1728, (204.0, 196.0)) == "fine"
    assert grid_resolution(1728, (200.0, 200.0)) == "fine"
    assert grid_resolution(1728, (204.0, 98.0)) == "standard"
    assert grid_resolution(1728, (200.0, 100.0)) == "standard"
    assert grid_resolution(1728, (300.0, 300.0)) is None
    assert grid_resolution(1700, (204.0, 196.0)) is None
    assert grid_resolution(1728, None) is None


@pytest.mark.parametrize("resolution", RESOLUTIONS)
def test_other_images_scale_at_the_exact_line_pitch(tmp_path: Path, resolution: str) -> None:
    # An A4 scan at 300 dpi with a black box 6 x 8 inches.
    scan = np.full((3508, 2480), 255, dtype=np.uint8)
    scan[300 : 300 + 2400, 340 : 340 + 1800] = 0
    jpeg = tmp_path / "scan.png"
    Image.fromarray(scan).save(jpeg, dpi=(300, 300))
    document = file_document(jpeg, resolution)  # type: ignore[arg-type]
    (page,) = document.pages
    assert document.passed_through == 0 and page.shape == (A4_LINES[resolution], 1728)
    # A4 is slightly taller than the fax page: everything shrinks by one factor.
    scale = min((1728 / 204) / (2480 / 300), (A4_LINES[resolution] / {"standard": 98, "fine": 196}[resolution]) / (3508 / 300))  # fmt: skip
    rows = np.flatnonzero(page.any(axis=1))
    columns = np.flatnonzero(page.any(axis=0))
    lines_per_inch = 98 if resolution == "standard" else 196
    assert abs((rows[-1] - rows[0] + 1) - 8 * scale * lines_per_inch) <= 2
    assert abs((columns[-1] - columns[0] + 1) - 6 * scale * 204) <= 2


def test_a_min_is_black_and_an_lsb_first_file_read_right(
    charts: dict[str, np.ndarray], tmp_path: Path
) -> None:
    page = standard(charts["letters"])
    lsb = io.BytesIO()
    write_tiff(lsb, [page], compression="mr", resolution="standard", msb_first=False)
    (read,) = read_tiff(lsb.getvalue())
    np.testing.assert_array_equal(read.bitmap, page)
    min_is_black = tmp_path / "black.tif"
    _libtiff_file(min_is_black, page, "standard", "group4")
    (read,) = read_tiff(min_is_black)
    np.testing.assert_array_equal(read.bitmap, page)
    assert read.dpi == (204.0, 98.0)


def test_a_grey_tiff_is_scaled_from_its_grey_levels(tmp_path: Path) -> None:
    # A 100 dpi grey picture: mid grey (100) is black after scaling, light grey (220) white.
    grey = np.full((400, 600), 255, dtype=np.uint8)
    grey[100:200, 100:500] = 100
    grey[250:350, 100:500] = 220
    source = tmp_path / "grey.tif"
    Image.fromarray(grey).save(source, dpi=(100, 100), compression="tiff_lzw")
    document = file_document(source, "fine")
    (page,) = document.pages
    assert document.passed_through == 0
    rows = np.flatnonzero(page.any(axis=1))
    # Only the mid-grey band is inked: 1 inch, enlarged to fit 6 inches to the page width.
    assert abs((rows[-1] - rows[0] + 1) - 196 * (1728 / 204) / 6) <= 3


@pytest.mark.parametrize("resolution", RESOLUTIONS)
def test_a_fax_wide_page_without_a_stated_size_is_taken_as_asked(
    tmp_path: Path, resolution: str
) -> None:
    page = standard(CHARTS["letters"]())[:300]
    source = tmp_path / "bare.tif"
    # Group 4, no resolution tags: what some scanning programs write.
    Image.fromarray((1 - page).astype(np.uint8) * 255).convert("1").save(
        source, compression="group4"
    )
    document = file_document(source, resolution)  # type: ignore[arg-type]
    assert document.passed_through == 1 and document.resolution == resolution
    np.testing.assert_array_equal(document.pages[0], page)
    assert file_document(source).resolution == "fine"
