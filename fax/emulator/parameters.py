"""The plain parameters of each fax class, with the ranges and defaults a modem reports.

Fax programs and set-up tools (HylaFAX's probemodem and faxaddmodem among
them) ask ``AT+Fxx=?`` for every parameter and ``AT+Fxx?`` for its value.
The answers follow T.31 / T.32 and SP-2388 as common Conexant and USR
chipsets give them: a range list for ``=?``, the current value for ``?``.
Parameters with a behaviour of their own (capabilities, bit order, local
ID, flow control, page status, hang-up code) are the personalities';
their ranges are here too so that one table answers every ``=?``.

An action command (``+FDT``, ``+FDR``, ``+FKS``, …) answers ``=?`` with a
bare OK, as T.32 has it; a command the class does not have answers ERROR.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ID_RANGE = "(20),(32-127)"
# Capability ranges (vr,br,wd,ln,df,ec,bf,st). A Class 2 (SP-2388) modem predates
# MMR and ECM; a Class 2.0 one has both, used only when the host asks.
CLASS_2_CAPABILITY_RANGES = "(0,1),(0-5),(0),(0-2),(0,1),(0),(0),(0-7)"
CLASS_2_0_CAPABILITY_RANGES = "(0,1),(0-5),(0),(0-2),(0-3),(0,1),(0),(0-7)"


@dataclass(frozen=True)
class Parameter:
    ranges: str  # what "=?" answers
    default: str | None = None  # what "?" answers first; None: not readable this way


def _table(entries: dict[str, tuple[str, str | None]]) -> dict[str, Parameter]:
    return {name: Parameter(ranges, default) for name, (ranges, default) in entries.items()}


CLASS_1 = _table(
    {
        "+FAA": ("(0,1)", "0"),
        "+FAE": ("(0,1)", "0"),
        "+FAR": ("(0,1)", "0"),
        "+FCL": ("(0-255)", "0"),
        "+FIT": ("(0-255),(0,1)", "0,0"),
        "+FDD": ("(0,1)", "0"),
        "+FLO": ("(0-2)", "1"),
        "+FPR": ("(0,1,2,4,8,10,18)", "0"),
        "+FTS": ("(0-255)", None),
        "+FRS": ("(0-255)", None),
    }
)

CLASS_2 = _table(
    {
        "+FAA": ("(0,1)", "0"),
        "+FAXERR": ("(0-255)", "0"),
        "+FBADLIN": ("(0-255)", "0"),
        "+FBADMUL": ("(0-255)", "0"),
        "+FBUF": ("(0)", "1024,0,0,0"),
        "+FBUG": ("(0,1)", "0"),
        "+FCIG": (ID_RANGE, '""'),
        "+FCQ": ("(0)", "0"),
        "+FCR": ("(0,1)", "1"),
        "+FCTCRTY": ("(0-255)", "0"),
        "+FDFFC": ("(0-3)", "0"),
        "+FECM": ("(0)", "0"),
        "+FET": ("(0-2)", None),
        "+FLNFC": ("(0-3)", "0"),
        "+FLPL": ("(0,1)", "0"),
        "+FMINSP": ("(0-5)", "0"),
        "+FPHCTO": ("(0-255)", "30"),
        "+FRBC": ("(0)", "0"),
        "+FREL": ("(0,1)", "0"),
        "+FSPL": ("(0,1)", "0"),
        "+FTBC": ("(0)", "0"),
        "+FVRFC": ("(0-2)", "0"),
        "+FWDFC": ("(0-3)", "0"),
        # With behaviour of their own in the personality:
        "+FDCC": (CLASS_2_CAPABILITY_RANGES, None),
        "+FDIS": (CLASS_2_CAPABILITY_RANGES, None),
        "+FDCS": (CLASS_2_CAPABILITY_RANGES, None),
        "+FBOR": ("(0-3)", None),
        "+FLID": (ID_RANGE, None),
        "+FPTS": ("(1-5)", None),
    }
)

CLASS_2_0 = _table(
    {
        "+FAA": ("(0,1)", "0"),
        "+FAP": ("(0,1),(0,1),(0,1)", "0,0,0"),
        "+FBU": ("(0,1)", "0"),
        "+FCQ": ("(0-2),(0-2)", "1,0"),
        "+FCR": ("(0,1)", "1"),
        "+FCT": ("(0-FF)", "1E"),
        "+FEA": ("(0,1)", "0"),
        "+FFC": ("(0),(0),(0),(0)", "0,0,0,0"),
        "+FIE": ("(0,1)", "0"),
        "+FIT": ("(0-255),(0,1)", "0,0"),
        "+FLP": ("(0,1)", "0"),
        "+FMS": ("(0-5)", "0"),
        "+FNR": ("(0,1),(0,1),(0,1),(0,1)", "1,1,1,0"),
        "+FNS": ("(0-FF)", '""'),
        "+FPA": (ID_RANGE, '""'),
        "+FPI": (ID_RANGE, '""'),
        "+FPP": ("(0,1)", "0"),
        "+FPR": ("(0,1,2,4,8,10,18)", "0"),
        "+FPW": (ID_RANGE, '""'),
        "+FRQ": ("(0-64),(0-FF)", "0,0"),
        "+FRY": ("(0-FF)", "0"),
        "+FSA": (ID_RANGE, '""'),
        "+FSP": ("(0,1)", "0"),
        "+FIP": ("(0)", None),
        "+FBS": ("(800),(800)", "800,800"),
        "+FET": ("(0-2)", None),
        # With behaviour of their own in the personality:
        "+FCC": (CLASS_2_0_CAPABILITY_RANGES, None),
        "+FIS": (CLASS_2_0_CAPABILITY_RANGES, None),
        "+FCS": (CLASS_2_0_CAPABILITY_RANGES, None),
        "+FBO": ("(0-3)", None),
        "+FLI": (ID_RANGE, None),
        "+FLO": ("(0-2)", None),
        "+FPS": ("(1-5)", None),
    }
)

# V.250 interface parameters, in every class.
INTERFACE = _table(
    {
        "+IFC": ("(0-2),(0-2)", "2,2"),
        "+IPR": ("(0,2400,4800,9600,19200,38400,57600,115200)", "0"),
        "+ICF": ("(0-6),(0-3)", "3,3"),
    }
)
# Every class lists its class; the V.250 capability list names fax.
GCAP = "+GCAP: +FCLASS"
ACTIONS = {
    "1": {"+FTH", "+FRH", "+FTM", "+FRM"},
    "2": {"+FDT", "+FDR", "+FK", "+FKS"},
    "2.0": {"+FDT", "+FDR", "+FKS"},
}
ACTIONS["1.0"] = ACTIONS["1"]
TABLES = {"1": CLASS_1, "1.0": CLASS_1, "2": CLASS_2, "2.0": CLASS_2_0}
_RANGE = re.compile(r"\(([^)]*)\)")


class ParameterStore:
    """The current values of one class's plain parameters, reset with the class."""

    def __init__(self, fclass: str) -> None:
        self.table = TABLES.get(fclass, INTERFACE)
        self.values = {n: p.default for n, p in self.table.items() if p.default is not None}

    def ranges(self, name: str) -> str | None:
        parameter = self.table.get(name)
        return parameter.ranges if parameter else None

    def handles(self, name: str) -> bool:
        return name in self.values

    def read(self, name: str) -> str:
        return self.values[name]

    def write(self, name: str, argument: str) -> bool:
        """Store a new value; False (ERROR) when a number is outside the range list."""
        if not _within(argument, self.table[name].ranges):
            return False
        old = self.values[name].split(",")
        given = argument.split(",")
        merged = [g.strip() if g.strip() else o for g, o in zip(given, old, strict=False)]
        self.values[name] = ",".join(merged + old[len(merged) :])
        return True


def _within(argument: str, ranges: str) -> bool:
    """Each numeric sub-parameter within its range list (strings are not checked)."""
    if argument.strip().startswith('"'):
        return True
    allowed = _RANGE.findall(ranges)
    hexadecimal = any(c in "ABCDEF" for c in ranges)
    for value, listing in zip(argument.split(","), allowed, strict=False):
        value = value.strip()
        if not value:
            continue
        try:
            number = int(value, 16 if hexadecimal else 10)
        except ValueError:
            return False
        if not _in_listing(number, listing, hexadecimal):
            return False
    return True


def _in_listing(number: int, listing: str, hexadecimal: bool) -> bool:
    base = 16 if hexadecimal else 10
    for part in listing.split(","):
        low, _, high = part.strip().partition("-")
        try:
            if int(low, base) <= number <= int(high or low, base):
                return True
        except ValueError:
            return True  # a listing we cannot read does not refuse anything
    return False
