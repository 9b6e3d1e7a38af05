"""Copy quality: whether a received page is good enough to confirm (MCF) or must be asked again (RTN)."""

from __future__ import annotations

from dataclasses import dataclass

from fax.codec import DecodeResult, FaxDecodeError, Scheme, decode

# A page with up to this share of bad lines is confirmed outright; up to the
# second one it is kept but the sender is asked to retrain; beyond, RTN.
GOOD_SHARE = 0.01
TOLERABLE_SHARE = 0.05
MAX_BAD_BURST = 16


@dataclass(frozen=True)
class PageQuality:
    verdict: str  # MCF, RTP or RTN
    lines: int
    bad_lines: int
    max_burst: int
    complete: bool  # the page ended with RTC/EOFB
    result: DecodeResult | None

    @property
    def acceptable(self) -> bool:
        return self.verdict in ("MCF", "RTP")


def assess(result: DecodeResult | None) -> PageQuality:
    """The verdict a receiver gives a decoded page."""
    if result is None or result.lines == 0:
        return PageQuality("RTN", 0, 0, 0, False, result)
    complete = result.end in ("rtc", "eofb")
    share = result.bad_lines / result.lines
    burst = result.max_consecutive_bad
    if not complete or share > TOLERABLE_SHARE or burst > MAX_BAD_BURST:
        verdict = "RTN"
    elif share > GOOD_SHARE:
        verdict = "RTP"
    else:
        verdict = "MCF"
    return PageQuality(verdict, result.lines, result.bad_lines, burst, complete, result)


def check_page(data: bytes, width: int, scheme: Scheme, *, msb_first: bool) -> PageQuality:
    """Decode phase-C data and judge it; undecodable data is RTN, never an exception."""
    try:
        result = decode(data, width, scheme, msb_first=msb_first)
    except (FaxDecodeError, ValueError):
        result = None
    return assess(result)
