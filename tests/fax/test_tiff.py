"""TIFF Class F files: our writer and reader, checked against libtiff."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from fax.tiff import PageToWrite, read_tiff, write_tiff
from tests.fax.conftest import qr_page, text_page

SCHEMES = ["mh", "mr", "mmr"]
needs_tiffinfo = pytest.mark.skipif(
    shutil.which("tiffinfo") is None or shutil.which("tiffcmp") is None,
    reason="libtiff-tools (tiffinfo, tiffcmp) not installed",
)


@pytest.fixture(scope="module")
def pages() -> list[np.ndarray]:
    return [text_page(height=500), qr_page(height=300), np.zeros((20, 1728), dtype=np.uint8)]


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("msb_first", [True, False])
def test_round_trip_and_pillow_reads_every_page(
    tmp_path: Path, pages: list[np.ndarray], scheme: str, msb_first: bool
) -> None:
    path = tmp_path / "fax.tif"
    assert write_tiff(path, pages, compression=scheme, resolution="fine", msb_first=msb_first) == 3
    back = read_tiff(path)
    assert [page.resolution for page in back] == ["fine"] * 3
    for original, page in zip(pages, back, strict=True):
        np.testing.assert_array_equal(page.bitmap, original)
        assert (page.good_lines, page.bad_lines) == (original.shape[0], 0)
    with Image.open(path) as image:
        assert image.n_frames == 3
        for index, original in enumerate(pages):
            image.seek(index)
            assert image.info["dpi"] == (204.0, 196.0)
            decoded = np.asarray(image.convert("L")) < 128
            np.testing.assert_array_equal(decoded, original.astype(bool))


def test_tags_of_a_received_page(pages: list[np.ndarray]) -> None:
    out = io.BytesIO()
    write_tiff(
        out,
        [PageToWrite(pages[0], "standard", bad_lines=4, max_consecutive_bad=2)],
        compression="mr",
    )
    with Image.open(io.BytesIO(out.getvalue())) as image:
        tags = image.tag_v2
        assert tags[259] == 3  # Group 3
        assert tags[262] == 0  # min-is-white
        assert tags[292] == 5  # 2-D coding, byte-aligned EOLs
        assert tags[256] == 1728
        assert tags[296] == 2
        assert float(tags[282]) == 204 and float(tags[283]) == 98
        assert tags[297] == (0, 1)
        assert tags[305] == "MoveDesk"
        assert (tags[326], tags[327], tags[328]) == (4, 1, 2)


def test_reads_tiffs_libtiff_wrote(tmp_path: Path, pages: list[np.ndarray]) -> None:
    for compression, options in [("group3", {292: 5}), ("group4", {}), ("group3", {266: 2})]:
        path = tmp_path / f"{compression}-{len(options)}-{options.get(266, 1)}.tif"
        # Black where the page is black; Pillow writes "1" images MinIsBlack.
        image = Image.fromarray((1 - pages[0]).astype(np.uint8) * 255).convert("1")
        # Split into strips of 64 rows: the reader joins them.
        image.save(path, compression=compression, tiffinfo={278: 64, **options})
        with Image.open(path) as written:
            assert written.tag_v2[262] == 1
            libtiff_black = ~np.asarray(written)
        (page,) = read_tiff(path)
        np.testing.assert_array_equal(page.bitmap, pages[0])
        np.testing.assert_array_equal(page.bitmap, libtiff_black)


@needs_tiffinfo
@pytest.mark.parametrize("scheme", SCHEMES)
def test_libtiff_tools_accept_our_files(
    tmp_path: Path, pages: list[np.ndarray], scheme: str
) -> None:
    ours = tmp_path / "ours.tif"
    write_tiff(ours, pages, compression=scheme, resolution="standard")
    info = subprocess.run(
        ["tiffinfo", "-D", str(ours)], capture_output=True, text=True, check=False
    )
    assert info.returncode == 0, info.stderr
    assert "Error" not in info.stderr and "Warning" not in info.stderr
    assert info.stdout.count("TIFF Directory") == 3
    assert "Image Width: 1728" in info.stdout
    assert "Resolution: 204, 98 pixels/inch" in info.stdout
    assert "min-is-white" in info.stdout
    # libtiff's own tools decode our file to plain pixels...
    plain = tmp_path / "plain.tif"
    _run("tiffcp", "-c", "none", str(ours), str(plain))
    with Image.open(plain) as image:
        for index, original in enumerate(pages):
            image.seek(index)
            np.testing.assert_array_equal(np.asarray(image.convert("L")) < 128, original != 0)
    # ...and re-encode it: same strips byte for byte, and tiffcmp finds no difference.
    again = tmp_path / "again.tif"
    _run("tiffcp", "-c", TIFFCP_CODING[scheme], str(ours), str(again))
    assert _strips(again) == _strips(ours)
    differences = _run("tiffcmp", str(ours), str(again)).splitlines()
    assert all(line.startswith("Directory") for line in differences), differences


TIFFCP_CODING = {"mh": "g3:1d:fill", "mr": "g3:2d:fill", "mmr": "g4"}


def _run(*command: str) -> str:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def _strips(path: Path) -> list[bytes]:
    data = path.read_bytes()
    strips = []
    with Image.open(path) as image:
        for index in range(image.n_frames):
            image.seek(index)
            offsets, counts = image.tag_v2[273], image.tag_v2[279]
            strips.append(b"".join(data[o : o + c] for o, c in zip(offsets, counts, strict=True)))
    return strips
