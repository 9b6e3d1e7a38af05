"""The numba-compiled codec against the NumPy one: the same bytes out of the
encoder and the same decode results (lines, bad rows, end) on valid,
damaged and random data; and how the compiled codec is chosen and loaded."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fax.codec import FaxDecodeError, decode, encode, jit, modem_profile, tiff_compatible
from fax.codec.tables import MAX_WIDTH
from tests.fax.conftest import text_page

SCHEMES = ["mh", "mr", "mmr"]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module", autouse=True)
def compiled_codec() -> Iterator[None]:
    if not jit.available():
        pytest.skip("numba is not installed")
    previous = jit.set_enabled(True)
    yield
    jit.set_enabled(previous)


def both(work: Callable[[], Any]) -> tuple[Any, Any]:
    """``work()`` with the compiled codec, then with NumPy; a FaxDecodeError
    counts as an outcome."""
    outcomes = []
    for flag in (True, False):
        previous = jit.set_enabled(flag)
        try:
            outcomes.append(work())
        except FaxDecodeError as error:
            outcomes.append(("FaxDecodeError", str(error)))
        finally:
            jit.set_enabled(previous)
    return outcomes[0], outcomes[1]


def decoded(data: bytes, width: int, scheme: str, **options: Any) -> Callable[[], Any]:
    def work() -> Any:
        result = decode(data, width, scheme, **options)
        assert result.bitmap.dtype == np.uint8
        return (
            result.bitmap.shape,
            result.bitmap.tobytes(),
            result.good_lines,
            result.bad_lines,
            result.bad_rows,
            result.end,
        )

    return work


def random_page(height: int, width: int, density: float, seed: int) -> np.ndarray:
    return (np.random.default_rng(seed).random((height, width)) < density).astype(np.uint8)


# --- encoding ------------------------------------------------------------------------


@settings(max_examples=120, deadline=None)
@given(
    width=st.one_of(st.integers(1, 80), st.sampled_from([1727, 1728, 2624, 5185, MAX_WIDTH])),
    height=st.integers(0, 5),
    density=st.sampled_from([0.0, 0.01, 0.3, 0.7, 1.0]),
    seed=st.integers(0, 2**32 - 1),
    scheme=st.sampled_from(SCHEMES),
    k=st.integers(1, 5),
    eol_align=st.booleans(),
    min_bits=st.sampled_from([0, 7, 96, 5000]),
    rtc=st.booleans(),
    msb_first=st.booleans(),
)
def test_compiled_encoder_writes_the_same_bytes(
    width: int,
    height: int,
    density: float,
    seed: int,
    scheme: str,
    k: int,
    eol_align: bool,
    min_bits: int,
    rtc: bool,
    msb_first: bool,
) -> None:
    page = random_page(height, width, density, seed)
    if scheme == "mmr":
        eol_align, min_bits = False, 0
    options = {
        "k": k,
        "eol_align": eol_align,
        "min_bits_per_line": min_bits,
        "rtc": rtc,
        "msb_first": msb_first,
    }
    compiled, numpy = both(lambda: encode(page, scheme, **options))
    assert compiled == numpy


@pytest.mark.parametrize(
    "convert",
    [
        lambda page: page.astype(bool),
        lambda page: page * 255,
        lambda page: page.astype(np.int64) * -3,
        lambda page: page.astype(np.float32) * 0.5,
        lambda page: np.asfortranarray(page),
        lambda page: np.repeat(page, 2, axis=1)[:, ::2],
    ],
    ids=["bool", "255", "int64", "float", "fortran", "strided"],
)
def test_any_nonzero_pixel_is_black_in_any_layout(convert: Callable[[Any], Any]) -> None:
    page = random_page(30, 301, 0.2, 5)
    expected = encode(page, "mr", k=3)
    compiled, numpy = both(lambda: encode(convert(page), "mr", k=3))
    assert compiled == numpy == expected


@pytest.mark.parametrize("scheme", SCHEMES)
def test_runs_longer_than_2560_and_full_width_lines(scheme: str) -> None:
    page = np.zeros((6, MAX_WIDTH), dtype=np.uint8)
    page[1] = 1
    page[2, 2600:] = 1
    page[3, :5200] = 1
    page[4, ::3] = 1
    compiled, numpy = both(lambda: encode(page, scheme))
    assert compiled == numpy
    assert both(decoded(compiled, MAX_WIDTH, scheme)) == both(decoded(numpy, MAX_WIDTH, scheme))


# --- decoding ------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(
    data=st.binary(max_size=2000),
    scheme=st.sampled_from(SCHEMES),
    width=st.sampled_from([1, 17, 215, 1728]),
    msb_first=st.booleans(),
    height=st.one_of(st.none(), st.integers(0, 40)),
)
def test_random_bytes_decode_the_same(
    data: bytes, scheme: str, width: int, msb_first: bool, height: int | None
) -> None:
    options = {"msb_first": msb_first, "height": height, "max_lines": 300}
    compiled, numpy = both(decoded(data, width, scheme, **options))
    assert compiled == numpy


def _seed_pages() -> list[tuple[str, int, bytes]]:
    rng = np.random.default_rng(1)
    pages = []
    for width, height in ((1728, 40), (215, 25), (17, 12)):
        bitmap = (rng.random((height, width)) < 0.04).astype(np.uint8)
        bitmap[height // 3 : height // 3 + 3, width // 4 : width // 2] = 1
        for scheme in SCHEMES:
            for options in (tiff_compatible(scheme, "fine"), modem_profile(scheme, "standard")):
                options = {**options, "msb_first": True}
                pages.append((scheme, width, encode(bitmap, scheme, **options)))
    return pages


SEED_PAGES = _seed_pages()


@settings(max_examples=250, deadline=None)
@given(
    page=st.sampled_from(SEED_PAGES),
    flips=st.lists(st.integers(0, 10**9), max_size=12),
    burst=st.tuples(st.integers(0, 10**9), st.binary(max_size=30)),
    cut=st.floats(0.0, 1.0),
    repeat=st.integers(1, 4),
    max_lines=st.sampled_from([1, 7, 200, 4800]),
    height=st.one_of(st.none(), st.integers(0, 60)),
)
def test_damaged_pages_decode_the_same(
    page: tuple[str, int, bytes],
    flips: list[int],
    burst: tuple[int, bytes],
    cut: float,
    repeat: int,
    max_lines: int,
    height: int | None,
) -> None:
    scheme, width, valid = page
    data = bytearray(valid)
    for flip in flips:
        data[flip % len(data)] ^= 1 << (flip % 8)
    at, noise = burst
    data[at % len(data) : at % len(data) + len(noise)] = noise
    data = bytes(data[: int(len(data) * cut) + 1]) * repeat
    options = {"height": height, "max_lines": max_lines}
    compiled, numpy = both(decoded(data, width, scheme, **options))
    assert compiled == numpy


@pytest.mark.parametrize("scheme", SCHEMES)
def test_claimed_height_never_makes_more_lines_than_max_lines(scheme: str) -> None:
    data = encode(np.eye(16, dtype=np.uint8), scheme)
    compiled, numpy = both(decoded(data, 16, scheme, height=2**40, max_lines=50))
    assert compiled == numpy
    assert compiled[0] == (50, 16)
    assert compiled[2:4] == (16, 34)


def test_text_page_with_line_noise_decodes_the_same() -> None:
    page = text_page(height=400)
    rng = np.random.default_rng(3)
    for scheme in SCHEMES:
        data = bytearray(encode(page, scheme, **modem_profile(scheme, "fine", msb_first=True)))
        for start in rng.integers(0, len(data) - 8, 6):
            data[start : start + 3] = rng.integers(0, 256, 3, dtype=np.uint8).tobytes()
        compiled, numpy = both(decoded(bytes(data), 1728, scheme))
        assert compiled == numpy
        assert compiled[3] > 0  # some lines were spoilt, and handled alike


def test_decoding_in_threads_gives_the_same_pages() -> None:
    page = text_page(height=300)
    data = {scheme: encode(page, scheme) for scheme in SCHEMES}
    failures: list[str] = []

    def work(scheme: str) -> None:
        for _ in range(3):
            if not np.array_equal(decode(data[scheme], 1728, scheme).bitmap, page):
                failures.append(scheme)

    threads = [threading.Thread(target=work, args=(scheme,)) for scheme in SCHEMES * 2]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []


# --- choosing and loading the compiled codec ----------------------------------------


def _python(code: str, **environ: str) -> str:
    env = {**os.environ, **environ}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_no_jit_variable_selects_numpy_without_importing_numba() -> None:
    code = (
        "import sys, numpy as np; from fax.codec import encode, decode, jit;"
        "data = encode(np.eye(8, dtype=np.uint8), 'mr');"
        "decode(data, 8, 'mr');"
        "print(jit.enabled(), 'numba' in sys.modules)"
    )
    assert _python(code, MOVEDESK_NO_JIT="1") == "False False"


def test_numpy_codec_works_when_numba_cannot_be_imported() -> None:
    code = (
        "import sys; sys.modules['numba'] = None;"
        "import numpy as np; from fax.codec import encode, decode, jit, warm_up;"
        "page = np.eye(8, dtype=np.uint8);"
        "assert (decode(encode(page, 'mmr'), 8, 'mmr').bitmap == page).all();"
        "print(jit.available(), warm_up())"
    )
    assert _python(code, MOVEDESK_NO_JIT="") == "False 0.0"


def test_cache_goes_to_the_user_folder_when_the_package_is_read_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "Program Files" / "fax" / "codec"
    monkeypatch.setenv("MOVEDESK_DATA_DIR", str(tmp_path / "data"))
    environ: dict[str, str] = {}
    chosen = jit.choose_cache_dir(
        environ, package, lambda folder: package not in folder.parents, frozen=False
    )
    assert chosen == str(tmp_path / "data" / "cache" / "numba")
    assert environ == {"NUMBA_CACHE_DIR": chosen}


def test_frozen_app_caches_in_the_user_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MOVEDESK_DATA_DIR", str(tmp_path / "data"))
    environ: dict[str, str] = {}
    chosen = jit.choose_cache_dir(environ, tmp_path / "_MEI1234", lambda f: True, frozen=True)
    assert chosen == str(tmp_path / "data" / "cache" / "numba")


def test_cache_stays_beside_the_code_when_writable_or_chosen(tmp_path: Path) -> None:
    environ: dict[str, str] = {}
    assert jit.choose_cache_dir(environ, tmp_path, lambda f: True, frozen=False) is None
    assert "NUMBA_CACHE_DIR" not in environ
    environ = {"NUMBA_CACHE_DIR": "/somewhere"}
    assert jit.choose_cache_dir(environ, tmp_path, lambda f: False, frozen=True) is None
    assert environ == {"NUMBA_CACHE_DIR": "/somewhere"}


def test_warm_up_loads_the_kernels() -> None:
    seconds = jit.warm_up()
    assert isinstance(seconds, float)
    assert jit.kernels() is not None
