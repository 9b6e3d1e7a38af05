"""Malformed and hostile TIFF files, built byte by byte, for the reader's tests.

Each maker returns the bytes of one file; ``HOSTILE`` names them all. They
are small (a few KiB at most) but ask for gigabytes or endless work when a
reader believes them.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Callable, Sequence

import numpy as np

from fax.codec import encode, tiff_compatible
from fax.tiff import write_tiff

# (tag, type, values); type 3 SHORT, 4 LONG, 5 RATIONAL.
Entry = tuple[int, int, Sequence[int]]
_FORMATS = {3: "H", 4: "I", 5: "I"}


def _ifd_bytes(entries: Sequence[Entry], at: int, next_ifd: int) -> bytes:
    """One IFD placed at ``at``, its long values right after it."""
    table = bytearray(struct.pack("<H", len(entries)))
    extra = bytearray()
    extra_at = at + 2 + 12 * len(entries) + 4
    for tag, kind, values in sorted(entries):
        count = len(values) // 2 if kind == 5 else len(values)
        payload = struct.pack(f"<{len(values)}{_FORMATS[kind]}", *values)
        if len(payload) <= 4:
            table += struct.pack("<HHI", tag, kind, count) + payload.ljust(4, b"\0")
        else:
            table += struct.pack("<HHII", tag, kind, count, extra_at + len(extra))
            extra += payload
    return bytes(table + struct.pack("<I", next_ifd) + extra)


def page_entries(width: int, height: int, offsets: Sequence[int], lengths: Sequence[int],
                 compression: int = 3, rows_per_strip: int | None = None) -> list[Entry]:  # fmt: skip
    return [
        (256, 4, [width]),
        (257, 4, [height]),
        (258, 3, [1]),
        (259, 3, [compression]),
        (262, 3, [0]),
        (273, 4, list(offsets)),
        (278, 4, [rows_per_strip or height]),
        (279, 4, list(lengths)),
        (282, 5, [204, 1]),
        (283, 5, [196, 1]),
        (296, 3, [2]),
    ]


def white_strip(lines: int = 4, scheme: str = "mh") -> bytes:
    return encode(np.zeros((lines, 1728), dtype=np.uint8), scheme, **tiff_compatible(scheme))


def _file(strip: bytes, entries_for: Callable[[int], list[list[Entry]]]) -> bytes:
    """A header, one strip at offset 8, then a chain of IFDs."""
    out = bytearray(b"II*\0") + struct.pack("<I", 0) + strip
    if len(out) % 2:
        out += b"\0"
    pages = entries_for(8)
    at = len(out)
    struct.pack_into("<I", out, 4, at)
    for index, entries in enumerate(pages):
        size = len(_ifd_bytes(entries, at, 0))
        next_ifd = at + size + (size % 2) if index + 1 < len(pages) else 0
        block = _ifd_bytes(entries, at, next_ifd)
        out += block + b"\0" * (size % 2)
        at = next_ifd
    return bytes(out)


def huge_dimensions() -> bytes:
    strip = white_strip()
    return _file(strip, lambda at: [page_entries(1728, 10_000_000, [at], [len(strip)])])


def too_wide() -> bytes:
    strip = white_strip()
    return _file(strip, lambda at: [page_entries(1_000_000, 4, [at], [len(strip)])])


def strips_on_the_same_bytes() -> bytes:
    """Thousands of strips, every one the same dense bytes: work without data."""
    noise = np.random.default_rng(13).random((64, 1728)) < 0.4
    strip = encode(noise.astype(np.uint8), "mh", **tiff_compatible("mh"))
    count = 4000
    return _file(
        strip,
        lambda at: [
            page_entries(1728, count, [at] * count, [len(strip)] * count, rows_per_strip=1)
        ],
    )


def many_small_pages() -> bytes:
    """Hundreds of pages of 8 Mpixel each, all claiming one tiny strip."""
    strip = white_strip(1)
    return _file(strip, lambda at: [page_entries(1728, 4800, [at], [1])] * 400)


def ifd_loop() -> bytes:
    data = bytearray(_file(white_strip(), lambda at: [page_entries(1728, 4, [at], [10])] * 2))
    (first,) = struct.unpack_from("<I", data, 4)
    # The second IFD points back at the first.
    (count,) = struct.unpack_from("<H", data, first)
    (second,) = struct.unpack_from("<I", data, first + 2 + 12 * count)
    (count,) = struct.unpack_from("<H", data, second)
    struct.pack_into("<I", data, second + 2 + 12 * count, first)
    return bytes(data)


def bad_first_offset() -> bytes:
    data = bytearray(valid_file())
    struct.pack_into("<I", data, 4, 0xFFFFFFF0)
    return bytes(data)


def strip_past_the_end() -> bytes:
    strip = white_strip()
    return _file(strip, lambda at: [page_entries(1728, 4, [at], [0x7FFFFFFF])])


def endless_tag_count() -> bytes:
    data = bytearray(valid_file())
    (first,) = struct.unpack_from("<I", data, 4)
    (count,) = struct.unpack_from("<H", data, first)
    for index in range(count):
        at = first + 2 + 12 * index
        if struct.unpack_from("<H", data, at)[0] == 273:
            struct.pack_into("<I", data, at + 4, 0xFFFFFFFF)
    return bytes(data)


def no_ifd_entries() -> bytes:
    return b"II*\0\x08\0\0\0\0\0\0\0\0\0"


def not_a_tiff() -> bytes:
    return b"GIF89a" + bytes(100)


def valid_file() -> bytes:
    page = np.zeros((64, 1728), dtype=np.uint8)
    page[10:50, 100:1600:7] = 1
    out = io.BytesIO()
    write_tiff(out, [page, page[:32]], compression="mr", resolution="fine")
    return out.getvalue()


def truncated_files() -> list[bytes]:
    data = valid_file()
    return [data[:length] for length in range(0, len(data) - 1, 97)]


HOSTILE: dict[str, Callable[[], bytes]] = {
    "huge dimensions": huge_dimensions,
    "too wide": too_wide,
    "strips on the same bytes": strips_on_the_same_bytes,
    "many small pages": many_small_pages,
    "IFD loop": ifd_loop,
    "bad first offset": bad_first_offset,
    "strip past the end": strip_past_the_end,
    "endless tag count": endless_tag_count,
    "no IFD entries": no_ifd_entries,
    "not a TIFF": not_a_tiff,
}
