"""What a send or a receive call produced, page by page."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from fax.codec import Resolution
from fax.modem.hangup import HangupReason
from fax.modem.params import FaxParams

# Undecodable page data kept per call; past it only the fact is recorded.
MAX_FAILED_BYTES = 16 * 2**20


@dataclass
class PageOutcome:
    """One page of an outgoing fax: the receiver's last verdict and the tries it took."""

    number: int
    verdict: str = ""  # MCF, RTP, RTN, PIN, PIP; "" when never sent
    attempts: int = 0
    data_bytes: int = 0

    @property
    def confirmed(self) -> bool:
        return self.verdict in ("MCF", "RTP", "PIP")


@dataclass
class SendResult:
    pages: list[PageOutcome]
    hangup: HangupReason
    remote_id: str = ""
    session: FaxParams | None = None
    connected: bool = False
    setup_seconds: float = 0.0
    total_seconds: float = 0.0

    @property
    def confirmed_pages(self) -> list[int]:
        return [page.number for page in self.pages if page.confirmed]

    @property
    def success(self) -> bool:
        return self.hangup.ok and all(page.confirmed for page in self.pages)

    @property
    def data_bytes(self) -> int:
        return sum(page.data_bytes for page in self.pages)


class ReceivedPage:
    """One received page. Its bitmap is held packed, eight pixels to a byte,
    while the call goes on: a caller may send hundreds of pages, and an A4
    fine page is 4 MB unpacked but 0.5 MB packed."""

    __slots__ = (
        "_packed",
        "_width",
        "bad_lines",
        "good_lines",
        "max_burst",
        "resolution",
        "verdict",
    )

    def __init__(
        self,
        bitmap: np.ndarray,
        resolution: Resolution,
        good_lines: int,
        bad_lines: int,
        max_burst: int,
        verdict: str,  # MCF, RTP, or "incomplete" for a page cut short
    ) -> None:
        bitmap = np.asarray(bitmap)
        self._packed = np.packbits(bitmap != 0, axis=1)
        self._width = bitmap.shape[1]
        self.resolution = resolution
        self.good_lines = good_lines
        self.bad_lines = bad_lines
        self.max_burst = max_burst
        self.verdict = verdict

    @property
    def bitmap(self) -> np.ndarray:
        """The page, 1 = black (unpacked afresh on every access)."""
        return np.unpackbits(self._packed, axis=1, count=self._width)

    @property
    def complete(self) -> bool:
        return self.verdict in ("MCF", "RTP")

    @property
    def held_bytes(self) -> int:
        """Memory the page takes while held."""
        return int(self._packed.nbytes)

    def __repr__(self) -> str:
        lines, width = self._packed.shape[0], self._width
        return f"ReceivedPage({width}x{lines}, {self.resolution}, {self.verdict}, bad {self.bad_lines})"


@dataclass
class FailedPage:
    """A page that arrived but could not be decoded, kept as it came off the line.

    ``number`` is where it stood in the fax (the next page to come);
    ``superseded`` is set when a readable page later arrived in that place,
    most likely the sender's retransmission after our RTN.
    """

    number: int
    data: bytes
    scheme: str
    width: int
    resolution: Resolution
    msb_first: bool
    superseded: bool = False


@dataclass
class ReceiveResult:
    pages: list[ReceivedPage]
    hangup: HangupReason
    remote_id: str = ""
    session: FaxParams | None = None
    rejected_pages: int = 0
    errors: list[str] = field(default_factory=list)
    ended_with_eop: bool = False
    failed_pages: list[FailedPage] = field(default_factory=list)

    def keep_page(self, page: ReceivedPage) -> None:
        self.pages.append(page)
        for failed in self.failed_pages:
            if failed.number == len(self.pages):
                failed.superseded = True

    def keep_failed(self, data: bytes, scheme: str, width: int, resolution: Resolution,
                    *, msb_first: bool) -> None:  # fmt: skip
        """Count a rejected page and keep its data (bounded: see ``MAX_FAILED_BYTES``)."""
        self.rejected_pages += 1
        kept = sum(len(failed.data) for failed in self.failed_pages)
        if kept + len(data) > MAX_FAILED_BYTES:
            self.errors.append(f"page {len(self.pages) + 1}: undecodable data not kept (limit)")
            data = b""
        self.failed_pages.append(
            FailedPage(len(self.pages) + 1, data, scheme, width, resolution, msb_first)
        )

    @property
    def unreadable_pages(self) -> list[FailedPage]:
        """Failed pages no readable copy replaced."""
        return [failed for failed in self.failed_pages if not failed.superseded]

    @property
    def partial(self) -> bool:
        """Not every page arrived whole: the call ended early, a page was cut
        or one could not be read."""
        return (
            not self.hangup.ok
            or not self.ended_with_eop
            or any(not page.complete for page in self.pages)
            or bool(self.unreadable_pages)
        )
