"""What a send or a receive call produced, page by page."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from fax.codec import Resolution
from fax.modem.hangup import HangupReason
from fax.modem.params import FaxParams


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


@dataclass
class ReceivedPage:
    bitmap: np.ndarray
    resolution: Resolution
    good_lines: int
    bad_lines: int
    max_burst: int
    verdict: str  # MCF, RTP, or "incomplete" for a page cut short

    @property
    def complete(self) -> bool:
        return self.verdict in ("MCF", "RTP")


@dataclass
class ReceiveResult:
    pages: list[ReceivedPage]
    hangup: HangupReason
    remote_id: str = ""
    session: FaxParams | None = None
    rejected_pages: int = 0
    errors: list[str] = field(default_factory=list)
    ended_with_eop: bool = False

    @property
    def partial(self) -> bool:
        """Not every page arrived whole: the call ended early or a page was cut."""
        return (
            not self.hangup.ok
            or not self.ended_with_eop
            or any(not page.complete for page in self.pages)
        )
