"""The codec against libtiff, round trips, and damaged input."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fax.codec import (
    DEFAULT_MAX_LINES,
    FaxDecodeError,
    decode,
    encode,
    jit,
    modem_profile,
    tiff_compatible,
)
from fax.codec.bits import BitView
from tests.fax.conftest import libtiff_strip, qr_page, text_page

SCHEMES = ["mh", "mr", "mmr"]
RESOLUTIONS = ["standard", "fine"]


def checkerboard(height: int, width: int) -> np.ndarray:
    return (np.indices((height, width)).sum(axis=0) % 2).astype(np.uint8)


def vertical_stripes(height: int, width: int) -> np.ndarray:
    page = np.zeros((height, width), dtype=np.uint8)
    page[:, ::2] = 1
    return page


def horizontal_stripes(height: int, width: int) -> np.ndarray:
    page = np.zeros((height, width), dtype=np.uint8)
    page[::2] = 1
    return page


def random_page(height: int, width: int, density: float, seed: int) -> np.ndarray:
    return (np.random.default_rng(seed).random((height, width)) < density).astype(np.uint8)


SAMPLES = {
    "white": lambda: np.zeros((40, 1728), dtype=np.uint8),
    "black": lambda: np.ones((40, 1728), dtype=np.uint8),
    "checkerboard": lambda: checkerboard(24, 1728),
    "vertical-stripes": lambda: vertical_stripes(24, 1728),
    "horizontal-stripes": lambda: horizontal_stripes(24, 1728),
    "random": lambda: random_page(24, 1728, 0.3, 7),
    "sparse": lambda: random_page(60, 1728, 0.004, 8),
    "text": lambda: text_page(height=400),
    "qr": lambda: qr_page(height=400),
}
OPTION_SETS = [
    (scheme, resolution, fill_bits, msb_first)
    for scheme, resolution, fill_bits, msb_first in itertools.product(
        SCHEMES, RESOLUTIONS, [False, True], [True, False]
    )
    if not (scheme == "mmr" and fill_bits)
]


@pytest.fixture(scope="module", autouse=True, params=["numba", "numpy"])
def codec(request: pytest.FixtureRequest) -> Iterator[str]:
    """Every test here runs against the compiled codec and the NumPy one."""
    if request.param == "numba" and not jit.available():
        pytest.skip("numba is not installed")
    previous = jit.set_enabled(request.param == "numba")
    yield request.param
    jit.set_enabled(previous)


@pytest.fixture(scope="module", params=sorted(SAMPLES))
def sample(request: pytest.FixtureRequest) -> np.ndarray:
    return SAMPLES[request.param]()


@pytest.mark.parametrize(("scheme", "resolution", "fill_bits", "msb_first"), OPTION_SETS)
def test_same_bytes_as_libtiff_and_decodes_libtiff(
    sample: np.ndarray, scheme: str, resolution: str, fill_bits: bool, msb_first: bool
) -> None:
    reference = libtiff_strip(sample, scheme, resolution, fill_bits=fill_bits, msb_first=msb_first)
    options = tiff_compatible(scheme, resolution, fill_bits=fill_bits, msb_first=msb_first)
    assert encode(sample, scheme, **options) == reference
    result = decode(reference, sample.shape[1], scheme, msb_first=msb_first)
    assert result.bad_lines == 0
    assert result.good_lines == sample.shape[0]
    np.testing.assert_array_equal(result.bitmap, sample)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_full_fine_text_page_matches_libtiff(fine_text_page: np.ndarray, scheme: str) -> None:
    reference = libtiff_strip(fine_text_page, scheme, "fine", fill_bits=True)
    ours = encode(fine_text_page, scheme, **tiff_compatible(scheme, "fine", fill_bits=True))
    assert ours == reference
    np.testing.assert_array_equal(decode(ours, 1728, scheme).bitmap, fine_text_page)


bitmaps = st.builds(
    lambda width, height, density, seed: random_page(height, width, density, seed),
    width=st.one_of(
        st.integers(1, 70), st.sampled_from([1727, 1728, 1729, 2560, 2623, 2624, 4864])
    ),
    height=st.integers(1, 6),
    density=st.sampled_from([0.0, 0.02, 0.5, 0.98, 1.0]),
    seed=st.integers(0, 2**32 - 1),
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    bitmap=bitmaps,
    scheme=st.sampled_from(SCHEMES),
    resolution=st.sampled_from(RESOLUTIONS),
    fill_bits=st.booleans(),
    msb_first=st.booleans(),
)
def test_random_bitmaps_match_libtiff(
    bitmap: np.ndarray, scheme: str, resolution: str, fill_bits: bool, msb_first: bool
) -> None:
    fill_bits = fill_bits and scheme != "mmr"
    reference = libtiff_strip(bitmap, scheme, resolution, fill_bits=fill_bits, msb_first=msb_first)
    options = tiff_compatible(scheme, resolution, fill_bits=fill_bits, msb_first=msb_first)
    assert encode(bitmap, scheme, **options) == reference
    result = decode(reference, bitmap.shape[1], scheme, msb_first=msb_first)
    np.testing.assert_array_equal(result.bitmap, bitmap)


@settings(max_examples=60, deadline=None)
@given(
    bitmap=bitmaps,
    scheme=st.sampled_from(SCHEMES),
    k=st.integers(1, 6),
    eol_align=st.booleans(),
    min_bits=st.sampled_from([0, 1, 96, 144, 1000]),
    rtc=st.booleans(),
    msb_first=st.booleans(),
)
def test_round_trip_with_any_options(
    bitmap: np.ndarray,
    scheme: str,
    k: int,
    eol_align: bool,
    min_bits: int,
    rtc: bool,
    msb_first: bool,
) -> None:
    if scheme == "mmr":
        eol_align, min_bits = False, 0
    data = encode(
        bitmap,
        scheme,
        k=k,
        eol_align=eol_align,
        min_bits_per_line=min_bits,
        rtc=rtc,
        msb_first=msb_first,
    )
    result = decode(data, bitmap.shape[1], scheme, msb_first=msb_first)
    assert (result.good_lines, result.bad_lines) == (bitmap.shape[0], 0)
    np.testing.assert_array_equal(result.bitmap, bitmap)
    if rtc:
        assert result.end == ("eofb" if scheme == "mmr" else "rtc")


def _eol_ends(data: bytes) -> list[int]:
    return BitView.from_bytes(data).eol_ends().tolist()


@pytest.mark.parametrize("scheme", ["mh", "mr"])
def test_modem_profile_aligns_eols_fills_lines_and_ends_with_rtc(scheme: str) -> None:
    page = text_page(height=120)
    page[::7] = 0  # some all-white lines, the shortest to code
    data = encode(
        page, scheme, **modem_profile(scheme, "fine", min_bits_per_line=200, msb_first=True)
    )
    ends = _eol_ends(data)
    assert len(ends) == page.shape[0] + 6
    tag = 1 if scheme == "mr" else 0
    assert all((end + 1) % 8 == 0 for end in ends[: page.shape[0] + 1])
    # Each line with its fill and EOL is at least 200 bits long.
    line_bits = np.diff(ends[: page.shape[0] + 1]) - tag
    assert line_bits.min() >= 200
    # RTC: six EOLs back to back (each followed by a 1 tag bit in MR).
    assert np.all(np.diff(ends[-6:]) == 12 + tag)
    assert decode(data, 1728, scheme).end == "rtc"


def test_mr_codes_one_dimensional_line_every_k_lines() -> None:
    page = random_page(9, 64, 0.2, 3)
    for k in (2, 4):
        data = encode(page, "mr", k=k, rtc=False)
        tags = []
        for end in _eol_ends(data):
            byte, bit = divmod(end + 1, 8)
            tags.append((data[byte] >> (7 - bit)) & 1)
        assert tags == [1 if row % k == 0 else 0 for row in range(9)]


def test_lsb_first_is_msb_first_with_bits_reversed_in_each_byte() -> None:
    page = random_page(5, 100, 0.1, 4)
    msb = encode(page, "mh", msb_first=True)
    lsb = encode(page, "mh", msb_first=False)
    assert bytes(int(f"{b:08b}"[::-1], 2) for b in msb) == lsb


def test_encode_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError):
        encode(np.zeros(10), "mh")
    with pytest.raises(ValueError):
        encode(np.zeros((2, 8)), "jbig")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        encode(np.zeros((2, 8)), "mmr", eol_align=True)


# --- damaged input -------------------------------------------------------------------


def _flip(data: bytes, bit: int) -> bytes:
    damaged = bytearray(data)
    damaged[bit // 8] ^= 0x80 >> (bit % 8)
    return bytes(damaged)


def _line_starts(data: bytes) -> list[int]:
    return [end + 1 for end in _eol_ends(data)]


def _busy_row(page: np.ndarray, first: int, two_dimensional_k: int = 0) -> int:
    """A row with plenty of coded data (so a flipped bit lands in codes, not
    in fill or an EOL), optionally one that MR codes two-dimensionally."""
    changes = np.count_nonzero(np.diff(page, axis=1), axis=1)
    for row in range(first, page.shape[0]):
        if changes[row] >= 20 and (not two_dimensional_k or row % two_dimensional_k == 1):
            return row
    raise AssertionError("no busy row")


def _middle_of_line(data: bytes, row: int) -> int:
    starts = _line_starts(data)
    return (starts[row] + starts[row + 1] - 16) // 2


def test_mh_flipped_bit_spoils_one_line_and_keeps_the_others() -> None:
    page = text_page(height=300)
    data = encode(page, "mh", **modem_profile("mh", "fine", msb_first=True))
    row = _busy_row(page, 150)
    result = decode(_flip(data, _middle_of_line(data, row)), 1728, "mh")
    assert result.good_lines + result.bad_lines == 300
    assert result.bad_rows == (row,)
    np.testing.assert_array_equal(result.bitmap[row], result.bitmap[row - 1])
    good = [row for row in range(300) if row not in result.bad_rows]
    np.testing.assert_array_equal(result.bitmap[good], page[good])


def test_mr_bad_line_spoils_following_two_dimensional_lines_until_a_one_dimensional_line() -> None:
    page = text_page(height=300)
    data = encode(page, "mr", **modem_profile("mr", "fine", msb_first=True))
    row = _busy_row(page, 100, two_dimensional_k=4)
    result = decode(_flip(data, _middle_of_line(data, row)), 1728, "mr")
    assert result.good_lines + result.bad_lines == 300
    assert row in result.bad_rows
    assert set(result.bad_rows) <= {row, row + 1, row + 2}
    good = [r for r in range(300) if r not in result.bad_rows]
    np.testing.assert_array_equal(result.bitmap[good], page[good])
    for bad in result.bad_rows:
        np.testing.assert_array_equal(result.bitmap[bad], result.bitmap[row - 1])


def test_mmr_error_ends_page_after_intact_lines() -> None:
    page = text_page(height=200)
    data = encode(page, "mmr")
    damaged = bytearray(data)
    middle = len(data) // 2
    damaged[middle : middle + 4] = b"\x00\x00\x00\x00"
    result = decode(bytes(damaged), 1728, "mmr", height=200)
    assert result.bad_lines >= 1
    assert result.lines == 200
    first_bad = result.bad_rows[0]
    np.testing.assert_array_equal(result.bitmap[:first_bad], page[:first_bad])


@pytest.mark.parametrize("scheme", SCHEMES)
def test_truncated_data_keeps_the_lines_before_the_cut(scheme: str) -> None:
    page = text_page(height=200)
    data = encode(page, scheme, rtc=True)
    cut = data[: len(data) * 2 // 3]
    result = decode(cut, 1728, scheme)
    assert 0 < result.lines < 200
    whole = result.good_lines - (1 if result.bad_lines == 0 else 0)
    np.testing.assert_array_equal(result.bitmap[:whole], page[:whole])


@pytest.mark.parametrize("scheme", SCHEMES)
def test_empty_or_blank_data_is_a_decode_error(scheme: str) -> None:
    for data in (b"", bytes(100)):
        with pytest.raises(FaxDecodeError):
            decode(data, 1728, scheme)
    assert issubclass(FaxDecodeError, ValueError)


def test_line_limit_caps_endless_pages() -> None:
    page = np.zeros((50, 64), dtype=np.uint8)
    data = encode(page, "mh", rtc=False) * 4
    result = decode(data, 64, "mh", max_lines=120)
    assert result.lines == 120
    assert result.end == "max_lines"


@settings(max_examples=150, deadline=None)
@given(
    data=st.binary(max_size=3000),
    scheme=st.sampled_from(SCHEMES),
    width=st.sampled_from([1, 17, 1728]),
    msb_first=st.booleans(),
)
def test_random_bytes_end_in_a_result_or_a_decode_error(
    data: bytes, scheme: str, width: int, msb_first: bool
) -> None:
    try:
        result = decode(data, width, scheme, msb_first=msb_first, max_lines=500)
    except FaxDecodeError:
        return
    assert result.bitmap.shape == (result.lines, width)
    assert result.lines <= 500
    assert set(np.unique(result.bitmap)) <= {0, 1}


@settings(max_examples=80, deadline=None)
@given(
    scheme=st.sampled_from(SCHEMES),
    flips=st.lists(st.integers(0, 10**9), min_size=1, max_size=20),
    cut=st.floats(0.05, 1.0),
)
def test_mutated_valid_pages_end_in_a_result_or_a_decode_error(
    scheme: str, flips: list[int], cut: float
) -> None:
    page = random_page(40, 200, 0.05, 11)
    data = bytearray(encode(page, scheme))
    for flip in flips:
        data[flip % len(data)] ^= 1 << (flip % 8)
    data = data[: max(1, int(len(data) * cut))]
    try:
        result = decode(bytes(data), 200, scheme)
    except FaxDecodeError:
        return
    assert result.lines <= DEFAULT_MAX_LINES
    assert result.bitmap.shape[1] == 200
