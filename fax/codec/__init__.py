"""T.4 / T.6 fax codec: MH, MR and MMR.

Bitmaps are 2-D NumPy arrays, one row per scan line, nonzero = black.

Two option sets matter in practice:

- ``tiff_compatible(...)``: what libtiff writes into a TIFF strip for
  Compression 3 (Group 3) and 4 (Group 4): an EOL before every line (aligned
  to end on a byte boundary when T4Options has the fill-bits flag), no RTC,
  K = 4 when the vertical resolution is above 150 dpi, else 2; Group 4 ends
  with EOFB.
- ``modem_profile(...)``: what a fax modem session sends in phase C: the
  same lines followed by RTC (EOFB for MMR), byte-aligned EOLs, fill to the
  receiver's minimum scan-line time, usually LSB first.

Use them as ``encode(bitmap, "mr", **tiff_compatible("mr", "fine"))``.

The work is done by numba-compiled kernels when numba is installed, else
by NumPy (set ``MOVEDESK_NO_JIT=1`` to force that); see ``fax.codec.jit``.
Call ``warm_up()`` early (in a background thread) to compile them or load
them from numba's cache before the first fax.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np

from fax.codec.decoder import DEFAULT_MAX_LINES, DecodeResult, FaxDecodeError, decode_page
from fax.codec.encoder import encode_page
from fax.codec.jit import kernels, warm_up
from fax.codec.tables import MAX_WIDTH

Scheme = Literal["mh", "mr", "mmr"]
Resolution = Literal["standard", "fine"]
SCHEMES: tuple[str, ...] = ("mh", "mr", "mmr")
# Pixels per line of an A4/ISO fax page (T.4: 1728 over 215 mm).
PAGE_WIDTH = 1728

__all__ = [
    "DEFAULT_MAX_LINES",
    "PAGE_WIDTH",
    "SCHEMES",
    "DecodeResult",
    "FaxDecodeError",
    "Resolution",
    "Scheme",
    "decode",
    "encode",
    "k_for_resolution",
    "modem_profile",
    "tiff_compatible",
    "warm_up",
]


def k_for_resolution(resolution: Resolution) -> int:
    """The K factor of MR: a one-dimensional line at least every K lines."""
    if resolution not in ("standard", "fine"):
        raise ValueError(f"unknown resolution {resolution!r}")
    return 4 if resolution == "fine" else 2


def _check_scheme(scheme: str) -> str:
    if scheme not in SCHEMES:
        raise ValueError(f"unknown coding scheme {scheme!r}; expected one of {SCHEMES}")
    return scheme


def tiff_compatible(
    scheme: Scheme,
    resolution: Resolution = "standard",
    *,
    fill_bits: bool = False,
    msb_first: bool = True,
) -> dict[str, Any]:
    """Options that make ``encode`` produce libtiff's strip data byte for byte.

    ``fill_bits`` is T4Options bit 2 (Group 3 only); ``msb_first`` is
    FillOrder 1 (False: FillOrder 2).
    """
    _check_scheme(scheme)
    return {
        "k": k_for_resolution(resolution),
        "eol_align": fill_bits and scheme != "mmr",
        "min_bits_per_line": 0,
        "rtc": scheme == "mmr",
        "msb_first": msb_first,
    }


def modem_profile(
    scheme: Scheme,
    resolution: Resolution = "standard",
    *,
    min_bits_per_line: int = 0,
    msb_first: bool = False,
) -> dict[str, Any]:
    """Options for phase C of a fax call.

    ``min_bits_per_line`` is the bit rate times the receiver's minimum scan
    line time (e.g. 9600 bit/s x 10 ms = 96); MMR has no EOLs and ignores it.
    """
    _check_scheme(scheme)
    return {
        "k": k_for_resolution(resolution),
        "eol_align": scheme != "mmr",
        "min_bits_per_line": 0 if scheme == "mmr" else min_bits_per_line,
        "rtc": True,
        "msb_first": msb_first,
    }


def encode(
    bitmap: np.ndarray,
    scheme: Scheme = "mh",
    *,
    k: int = 2,
    eol_align: bool = False,
    min_bits_per_line: int = 0,
    rtc: bool = True,
    msb_first: bool = True,
) -> bytes:
    """Encode a page.

    ``k``: MR only, a one-dimensional line every ``k`` lines (2 standard, 4
    fine). ``eol_align``: fill so that every EOL ends on a byte boundary
    (MH/MR). ``min_bits_per_line``: fill before each EOL so that a line with
    its EOL is at least this many bits (MH/MR). ``rtc``: end with RTC (six
    EOLs; each EOL+1 in MR) or, for MMR, EOFB. ``msb_first``: first bit in
    the most significant bit of each byte (TIFF FillOrder 1); fax modems
    usually want LSB first.
    """
    _check_scheme(scheme)
    array = np.asarray(bitmap)
    if array.ndim != 2:
        raise ValueError("bitmap must be a 2-D array")
    if not 1 <= array.shape[1] <= MAX_WIDTH:
        raise ValueError(f"bitmap width must be 1..{MAX_WIDTH}, not {array.shape[1]}")
    if k < 1:
        raise ValueError("k must be at least 1")
    if min_bits_per_line < 0:
        raise ValueError("min_bits_per_line must not be negative")
    if scheme == "mmr" and (eol_align or min_bits_per_line):
        raise ValueError("MMR has no EOLs: eol_align and min_bits_per_line do not apply")
    compiled = kernels()
    if compiled is not None:
        return compiled[0].encode_page(
            array,
            scheme,
            k=k,
            eol_align=eol_align,
            min_bits_per_line=min_bits_per_line,
            rtc=rtc,
            msb_first=msb_first,
        )
    return encode_page(
        array != 0 if array.dtype != bool else array,
        scheme,
        k=k,
        eol_align=eol_align,
        min_bits_per_line=min_bits_per_line,
        rtc=rtc,
        msb_first=msb_first,
    )


def decode(
    data: bytes,
    width: int = PAGE_WIDTH,
    scheme: Scheme = "mh",
    *,
    msb_first: bool = True,
    height: int | None = None,
    max_lines: int = DEFAULT_MAX_LINES,
    zero_bits: bool = False,
) -> DecodeResult:
    """Decode a page; bad lines are counted and replaced, never fatal.

    ``height``: the number of lines expected (as a TIFF says); missing lines
    are added as bad copies of the last line and extra lines ignored.
    ``max_lines`` caps the page whatever the data or ``height`` says. Raises
    ``FaxDecodeError`` when the data holds no line at all. EOL alignment,
    fill and RTC are recognised without being told. ``zero_bits``: the
    bitmap's 1s are the coded 0 bits (a MinIsBlack TIFF, where 1 bits are
    white).
    """
    _check_scheme(scheme)
    if not 1 <= width <= MAX_WIDTH:
        raise ValueError(f"width must be 1..{MAX_WIDTH}, not {width}")
    if max_lines < 1:
        raise ValueError("max_lines must be at least 1")
    if height is not None and height < 0:
        raise ValueError("height must not be negative")
    compiled = kernels()
    return (compiled[1].decode_page if compiled is not None else decode_page)(
        bytes(data),
        width,
        scheme,
        msb_first=msb_first,
        height=height,
        max_lines=max_lines,
        zero_bits=zero_bits,
    )
