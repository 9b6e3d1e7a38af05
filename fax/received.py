"""What a call brought, kept on disk: the decoded pages as TIFF-F, undecodable ones as they came.

The fax queue (``fax.jobs``) and ``movedesk fax receive`` both keep a call
this way, so a page that could not be decoded is never lost on either path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fax.modem.results import ReceiveResult
from fax.tiff import PageToWrite, reserve_path, write_tiff


def write_pages(folder: Path, result: ReceiveResult, stem: str) -> Path | None:
    """The decoded pages as one new TIFF-F file in ``folder``; None when none decoded."""
    if not result.pages:
        return None
    target = reserve_path(folder, stem)
    write_tiff(
        target,
        [PageToWrite(p.bitmap, p.resolution, p.bad_lines, p.max_burst) for p in result.pages],
        compression="mr",
    )
    return target


def keep_failed_pages(folder: Path, result: ReceiveResult, stem: str) -> list[dict[str, Any]]:
    """Write each undecodable page's data to a file of its own; their descriptions."""
    kept = []
    for failed in result.failed_pages:
        path = reserve_path(folder, f"{stem}-page{failed.number}-unreadable", ".fax")
        path.write_bytes(failed.data)
        kept.append(
            {
                "page": failed.number,
                "file": str(path),
                "bytes": len(failed.data),
                "scheme": failed.scheme,
                "width": failed.width,
                "resolution": failed.resolution,
                "msb_first": failed.msb_first,
                "superseded": failed.superseded,
            }
        )
    return kept


def failed_page_text(entry: dict[str, Any]) -> str:
    if entry["superseded"]:
        return f"page {entry['page']}: a copy could not be decoded; the resent copy was read"
    return f"page {entry['page']}: could not be decoded; its data is kept in {entry['file']}"
