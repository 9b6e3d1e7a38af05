"""``movedesk fax read-notice IN.tif``: the notice a faxed page's code carries, as JSON.

The ``fax`` group belongs to ``fax.cli``; it adds this sub-command with
``add_read_notice(fax_subparsers)``.
"""

from __future__ import annotations

import argparse
import json
import struct
import sys
from pathlib import Path
from typing import Any

from desktop.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, fail


def _write_utf8(text: str) -> None:
    # A Windows console's code page may lack 𠮷; the JSON is UTF-8 whatever it is.
    stream = sys.stdout
    buffer = getattr(stream, "buffer", None)
    if buffer is None:
        stream.write(text)
        return
    stream.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()


def cmd_read_notice(args: argparse.Namespace, context: Any) -> int:
    """Print each notice read from the TIFF as one JSON line; exit 1 if none or any fails."""
    from desktop.domain.notice import notice_to_payload
    from fax.notice_code import read_notices_from_tiff

    path = Path(args.file)
    if not path.is_file():
        return fail(f"ファイルがありません / no such file: {path}", EXIT_USAGE)
    try:
        readings = read_notices_from_tiff(path)
    except (OSError, ValueError, struct.error, KeyError, IndexError) as error:
        # read_tiff lets a truncated or malformed file surface as struct or lookup errors.
        return fail(f"{path} cannot be read as a fax TIFF: {error}")
    seen: set[int] = set()
    printed = failed = 0
    for number, reading in enumerate(readings, start=1):
        if reading is None or id(reading) in seen:
            continue  # a code split over pages is one reading on each of them
        seen.add(id(reading))
        pages = ", ".join(str(p + 1) for p in reading.pages) or str(number)
        if reading.ok:
            assert reading.notice is not None
            indent = 2 if args.pretty else None
            separators = None if args.pretty else (",", ":")
            payload = notice_to_payload(reading.notice)
            _write_utf8(
                json.dumps(payload, ensure_ascii=False, indent=indent, separators=separators) + "\n"
            )
            printed += 1
            continue
        failed += 1
        who = f" ({reading.receipt_number})" if reading.receipt_number else ""
        fail(f"page {pages}: the notice code{who} cannot be used:")
        for problem in reading.problems:
            print(f"  - {problem}", file=sys.stderr)
    if not printed and not failed:
        return fail(f"no notice code found in {path} ({len(readings)} page(s))")
    return EXIT_FAILED if failed else EXIT_OK


def add_read_notice(fax_subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``read-notice`` to an existing ``movedesk fax`` sub-command group."""
    read = fax_subparsers.add_parser(
        "read-notice",
        help="print the notice carried by a received fax's notice code, as JSON",
        description=(
            "Reads the notice code (MD1 or MD2) of every page of a fax TIFF and prints each "
            "notice as one line of JSON (UTF-8). Exit status 1 when no page has a notice code or a "
            "code cannot be used (damaged, altered or not a valid notice)."
        ),
    )
    read.add_argument("file", metavar="IN.tif", help="a received fax (TIFF Class F)")
    read.add_argument("--pretty", action="store_true", help="indent the JSON")
    read.set_defaults(handler=cmd_read_notice)
