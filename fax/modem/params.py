"""T.30 session parameters as Class 2 / 2.0 modems spell them: vr,br,wd,ln,df,ec,bf,st."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace

from fax.codec import Resolution, Scheme

BIT_RATES = {0: 2400, 1: 4800, 2: 7200, 3: 9600, 4: 12000, 5: 14400}
# Minimum scan-line times in ms by the st code: (standard, fine).
SCAN_TIMES_MS = {
    0: (0, 0),
    1: (5, 5),
    2: (10, 5),
    3: (10, 10),
    4: (20, 10),
    5: (20, 20),
    6: (40, 20),
    7: (40, 40),
}
# Page widths in pixels by the wd code.
PAGE_WIDTHS = {0: 1728, 1: 2048, 2: 2432, 3: 1216, 4: 864}
_LIMITS = {"vr": 1, "br": 5, "wd": 4, "ln": 2, "df": 3, "ec": 2, "bf": 1, "st": 7}
_NUMBER = re.compile(r"[0-9A-Fa-f]+")


@dataclass(frozen=True)
class FaxParams:
    """One set of T.30 parameters (capabilities, or the session in force).

    df: 0 MH, 1 MR, 2 uncompressed (taken as MR here), 3 MMR (needs ECM).
    """

    vr: int = 1
    br: int = 5
    wd: int = 0
    ln: int = 2
    df: int = 1
    ec: int = 0
    bf: int = 0
    st: int = 0

    @classmethod
    def parse(cls, text: str, base: FaxParams | None = None) -> FaxParams:
        """Read "1,5,0,2,1,0,0,0" (fewer values keep ``base``'s); bad fields keep theirs."""
        current = base or cls()
        values = {}
        for field, raw in zip(
            (f.name for f in fields(cls)), text.strip().strip("()").split(","), strict=False
        ):
            match = _NUMBER.search(raw)
            if not match:
                continue
            try:
                number = int(match.group(0), 10)
            except ValueError:
                continue
            if 0 <= number <= _LIMITS[field]:
                values[field] = number
        return replace(current, **values)

    def format(self) -> str:
        return ",".join(str(getattr(self, f.name)) for f in fields(self))

    @property
    def bit_rate(self) -> int:
        return BIT_RATES.get(self.br, 2400)

    @property
    def resolution(self) -> Resolution:
        return "fine" if self.vr else "standard"

    @property
    def scheme(self) -> Scheme:
        if self.df >= 3 and self.ec:
            return "mmr"
        return "mr" if self.df >= 1 else "mh"

    @property
    def width(self) -> int:
        return PAGE_WIDTHS.get(self.wd, 1728)

    def min_bits_per_line(self) -> int:
        standard, fine = SCAN_TIMES_MS.get(self.st, (0, 0))
        milliseconds = fine if self.vr else standard
        return self.bit_rate * milliseconds // 1000

    def with_resolution(self, resolution: Resolution) -> FaxParams:
        return replace(self, vr=1 if resolution == "fine" else 0)

    def slower(self) -> FaxParams | None:
        """The next bit rate down after a failed training, or None at 2400 bit/s."""
        return replace(self, br=self.br - 1) if self.br > 0 else None


def negotiate(wanted: FaxParams, remote: FaxParams) -> FaxParams:
    """The session a sender picks from what it wants and what the receiver offers (DIS)."""
    ecm = min(wanted.ec, remote.ec)
    coding = min(wanted.df, remote.df)
    if coding == 2:
        coding = 1
    if coding == 3 and not ecm:
        coding = 1
    return FaxParams(
        vr=min(wanted.vr, remote.vr),
        br=min(wanted.br, remote.br),
        wd=min(wanted.wd, remote.wd),
        ln=min(wanted.ln, remote.ln),
        df=coding,
        ec=ecm if coding == 3 else 0,
        bf=0,
        st=max(wanted.st, remote.st),
    )
