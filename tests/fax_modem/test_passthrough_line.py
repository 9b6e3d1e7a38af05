"""``fax convert`` and then ``fax send`` of a fax TIFF across the emulated
line: it arrives with no pixel changed, at the file's own resolution;
``fax receive`` never reuses a name."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

from desktop.cli.common import EXIT_OK
from fax.tiff import read_tiff, reserve_path, write_tiff
from tests.fax.charts import CHARTS, standard
from tests.fax_modem.conftest import CALLEE, CALLER
from tests.fax_modem.test_cli import Context, parse


@pytest.fixture(scope="module")
def chart_pages() -> list[np.ndarray]:
    return [make() for make in CHARTS.values()]


def _send_and_receive(line, tmp_path: Path, document: Path, *send_options: str) -> Path:
    inbox = tmp_path / "in"
    receive = parse(
        "receive", "--port", line.url(CALLEE), "--out", str(inbox), "--once", "--rings", "1"
    )
    codes: list[int] = []
    thread = threading.Thread(target=lambda: codes.append(receive.handler(receive, Context())))
    thread.start()
    send = parse("send", "--port", line.url(CALLER), "--to", CALLEE, *send_options, str(document))
    assert send.handler(send, Context()) == EXIT_OK
    thread.join(120)
    assert not thread.is_alive() and codes == [EXIT_OK]
    [stored] = list(inbox.glob("*.tif"))
    return stored


@pytest.mark.parametrize(
    "resolution,compression",
    [("fine", "auto"), ("standard", "auto"), ("fine", "mh"), ("standard", "mmr")],
)
def test_charts_cross_the_line_with_no_pixel_changed(
    line, tmp_path: Path, chart_pages: list[np.ndarray], resolution: str, compression: str
) -> None:
    pages = chart_pages if resolution == "fine" else [standard(p) for p in chart_pages]
    original = tmp_path / "charts.tif"
    write_tiff(original, pages, compression="mmr", resolution=resolution)
    # fax convert, then fax send of what it wrote; no --resolution: the file's own.
    document = tmp_path / "converted.tif"
    convert = parse("convert", str(original), str(document), "--compression", "mh")
    assert convert.handler(convert, Context()) == EXIT_OK
    stored = _send_and_receive(line, tmp_path, document, "--compression", compression)
    received = read_tiff(stored)
    assert [page.resolution for page in received] == [resolution] * len(pages)
    for number, (sent, got) in enumerate(zip(pages, received, strict=True), 1):
        assert got.bitmap.shape == sent.shape, number
        assert int(np.count_nonzero(got.bitmap != sent)) == 0, f"page {number}"


def test_a_standard_file_sent_as_fine_arrives_line_doubled(
    line, tmp_path: Path, chart_pages: list[np.ndarray]
) -> None:
    page = standard(chart_pages[0])
    document = tmp_path / "standard.tif"
    write_tiff(document, [page], resolution="standard")
    stored = _send_and_receive(line, tmp_path, document, "--resolution", "fine")
    (received,) = read_tiff(stored)
    assert received.resolution == "fine"
    np.testing.assert_array_equal(received.bitmap, np.repeat(page, 2, axis=0))


def test_files_stored_in_the_same_second_get_their_own_names(tmp_path: Path) -> None:
    first = reserve_path(tmp_path, "fax-20260101-090000")
    second = reserve_path(tmp_path, "fax-20260101-090000")
    assert first != second and first.exists() and second.exists()
    assert second.name == "fax-20260101-090000-2.tif"
