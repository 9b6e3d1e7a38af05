"""How wide each column of the daily list is, decided by what it holds.

A crew reads a receipt number, a phone number or a date as one value: cut in
two (「MV2 / 0261125-000052」) it is misread. Those columns are as wide as
their longest value, up to a cap that only nonsense reaches (beyond it the
value wraps rather than push the address off the page). 使用場所 and 備考 are
the columns that wrap: 備考 gets no more than its longest line needs, and at
most a share of the room the fixed columns leave; 使用場所 takes the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    wraps: bool  # False: sized to its longest value (up to ``cap``), never broken
    cap: float = 0.0  # widest a column that does not wrap may grow, padding included
    floor: float = 0.0  # narrowest a wrapping column may become


COLUMNS: tuple[Column, ...] = (
    Column("number", wraps=False, cap=32),
    Column("receipt", wraps=False, cap=130),
    Column("name", wraps=False, cap=120),
    Column("place", wraps=True, floor=150),
    Column("date", wraps=False, cap=110),  # 令和10年12月31日（水） on one line
    Column("presence", wraps=False, cap=80),
    Column("phone", wraps=False, cap=100),
    Column("billing", wraps=False, cap=60),
    Column("status", wraps=False, cap=70),
    Column("remarks", wraps=True, floor=24),
)
COLUMN_KEYS = tuple(column.key for column in COLUMNS)

# 備考 never takes more than this share of what the fixed columns leave.
REMARKS_SHARE = 0.4
# Measured widths are sums of floats; a hair of slack keeps a value that
# exactly fits from being broken by rounding.
SLACK = 0.5


def column_widths(natural: Sequence[float], total: float) -> list[float]:
    """Widths (points, padding included) for columns whose unbroken content is ``natural`` wide.

    ``natural`` holds, per column of ``COLUMNS``, the widest line its cells
    would draw if nothing wrapped. The widths add up to ``total``.
    """
    if len(natural) != len(COLUMNS):
        raise ValueError(f"{len(COLUMNS)} column widths expected, not {len(natural)}")
    wanted = [width + SLACK for width in natural]
    widths = [
        0.0 if column.wraps else min(width, column.cap)
        for column, width in zip(COLUMNS, wanted, strict=True)
    ]
    floors = {column.key: column.floor for column in COLUMNS if column.wraps}
    room = total - sum(widths)
    if room < sum(floors.values()):
        # Only absurd values get here: every fixed column gives up the same share.
        scale = (total - sum(floors.values())) / sum(widths)
        widths = [width * scale for width in widths]
        room = total - sum(widths)
    place = COLUMN_KEYS.index("place")
    remarks = COLUMN_KEYS.index("remarks")
    if wanted[place] + wanted[remarks] <= room:
        widths[remarks] = max(wanted[remarks], floors["remarks"])  # 使用場所 gets the spare room
    else:
        share = max(room * REMARKS_SHARE, room - wanted[place])
        widths[remarks] = max(floors["remarks"], min(wanted[remarks], share))
    widths[remarks] = min(widths[remarks], room - floors["place"])
    widths[place] = room - widths[remarks]
    return widths
