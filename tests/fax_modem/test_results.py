"""Received pages are held packed during a call and come back unchanged."""

from __future__ import annotations

import numpy as np

from fax.modem.hangup import describe
from fax.modem.results import MAX_FAILED_BYTES, ReceivedPage, ReceiveResult
from tests.fax.charts import halftone


def test_a_received_page_is_held_in_an_eighth_of_its_size() -> None:
    bitmap = halftone()
    page = ReceivedPage(bitmap, "fine", 2287, 0, 0, "MCF")
    np.testing.assert_array_equal(page.bitmap, bitmap)
    assert page.bitmap.dtype == np.uint8 and page.complete
    assert page.held_bytes * 8 == bitmap.size  # 1728 pixels are 216 bytes a line


def test_failed_pages_keep_their_data_up_to_a_limit() -> None:
    result = ReceiveResult([], describe(0))
    chunk = bytes(MAX_FAILED_BYTES // 2 + 1)
    for _ in range(3):
        result.keep_failed(chunk, "mh", 1728, "fine", msb_first=False)
    assert result.rejected_pages == 3
    assert [len(failed.data) for failed in result.failed_pages] == [len(chunk), 0, 0]
    assert [failed.number for failed in result.failed_pages] == [1, 1, 1]
    assert sum("not kept" in error for error in result.errors) == 2
    assert result.partial and len(result.unreadable_pages) == 3
