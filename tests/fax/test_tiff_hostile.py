"""Hostile and malformed TIFF files end in TiffError, quickly and within a memory limit."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from fax.tiff import TiffError, TiffLimits, count_pages, iter_tiff, read_tiff
from tests.fax.hostile_tiffs import HOSTILE, truncated_files, valid_file

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_each_hostile_file_is_refused_with_tiff_error(name: str) -> None:
    data = HOSTILE[name]()
    with pytest.raises(TiffError):
        read_tiff(data)
    with pytest.raises(TiffError):
        count_pages(data)


def test_tiff_error_is_a_value_error() -> None:
    # Callers that already catch ValueError (the fax queue, the CLI) keep working.
    assert issubclass(TiffError, ValueError)


def test_a_truncated_file_is_refused_or_read_whole() -> None:
    whole = read_tiff(valid_file())
    for data in truncated_files():
        try:
            pages = read_tiff(data)
        except TiffError:
            continue
        # Only a cut inside tags the reader does not need leaves the pages intact.
        assert [p.bitmap.tolist() for p in pages] == [p.bitmap.tolist() for p in whole]


def test_damaged_bytes_end_in_tiff_error_or_pages() -> None:
    data = valid_file()
    rng = np.random.default_rng(2026)
    outcomes = {"read": 0, "refused": 0}
    for _ in range(300):
        damaged = bytearray(data)
        for position in rng.integers(0, len(data), size=int(rng.integers(1, 6))):
            damaged[position] = int(rng.integers(0, 256))
        try:
            pages = read_tiff(bytes(damaged))
        except TiffError:
            outcomes["refused"] += 1
        else:
            assert pages and all(p.bitmap.ndim == 2 for p in pages)
            outcomes["read"] += 1
    assert outcomes["read"] and outcomes["refused"]


def test_limits_can_be_tightened() -> None:
    data = valid_file()
    assert count_pages(data) == 2
    with pytest.raises(TiffError, match="pages"):
        read_tiff(data, limits=TiffLimits(max_pages=1))
    with pytest.raises(TiffError, match="pixels"):
        read_tiff(data, limits=TiffLimits(max_page_pixels=1728 * 32))
    with pytest.raises(TiffError, match="bytes"):
        read_tiff(data, limits=TiffLimits(max_file_bytes=100))


def test_pages_are_decoded_one_at_a_time() -> None:
    pages = iter_tiff(valid_file())
    first = next(pages)
    assert first.bitmap.shape == (64, 1728)
    assert next(pages).bitmap.shape == (32, 1728)
    assert next(pages, None) is None


_CHILD = """
import json, resource, sys
from fax.codec import jit
from fax.tiff import TiffError, read_tiff
from tests.fax.hostile_tiffs import HOSTILE, truncated_files

jit.warm_up()  # numba's own mappings are not what is being limited
files = [(name, make()) for name, make in sorted(HOSTILE.items())]
files += [(f"truncated at {len(d)}", d) for d in truncated_files()]
with open("/proc/self/statm") as statm:
    mapped = int(statm.read().split()[0]) * resource.getpagesize()
headroom = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_AS, (mapped + headroom, mapped + headroom))
outcomes = {}
for name, data in files:
    try:
        read_tiff(data)
        outcomes[name] = "read"
    except TiffError:
        outcomes[name] = "TiffError"
    except BaseException as error:
        outcomes[name] = type(error).__name__
print(json.dumps(outcomes))
"""


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="needs Linux /proc")
def test_hostile_files_under_a_memory_limit() -> None:
    """256 MiB beyond what the interpreter has mapped: far less than the
    gigabytes these files ask for, more than a real fax page needs."""
    headroom = 256 * 2**20
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(headroom)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,  # a hang guard, not a speed check
        check=False,
    )
    assert done.returncode == 0, done.stderr
    outcomes = json.loads(done.stdout.strip().splitlines()[-1])
    refused = {name for name, outcome in outcomes.items() if outcome == "TiffError"}
    assert set(HOSTILE) <= refused
    assert set(outcomes.values()) <= {"TiffError", "read"}, outcomes
