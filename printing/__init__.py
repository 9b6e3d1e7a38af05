"""Printed documents: data in, PDF bytes out (ReportLab, IPAex embedded, no Qt).

- ``render_notice_sheet(s)`` (printing.notice_sheet): 使用開始・中止 受付票, one notice per page.
- ``render_daily_list`` (printing.daily_list): the crews' move-in / move-out list.

Each returns a ``PrintResult``: the PDF bytes, the page count and a
``MissingGlyph`` for every character the embedded IPAex font lacked.
"""

from printing.common import PrintResult
from printing.daily_list import ListEntry, ListTitle, render_daily_list
from printing.fonts import MissingGlyph
from printing.notice_sheet import DecisionInfo, SheetData, render_notice_sheet, render_notice_sheets

__all__ = [
    "DecisionInfo",
    "ListEntry",
    "ListTitle",
    "MissingGlyph",
    "PrintResult",
    "SheetData",
    "render_daily_list",
    "render_notice_sheet",
    "render_notice_sheets",
]
