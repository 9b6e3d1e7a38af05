"""The daily move-in / move-out list for the crews: an A4 landscape table.

Rows are sorted by date, postal code and address (the order a crew drives
in; 1丁目 before 10丁目), optionally grouped by municipality or 町名. Every
page repeats the column header and carries the title, printed-by (氏名 and
ID), printed-at and "n / N"; totals follow the last row. Columns are as
wide as their content needs (printing.list_columns): receipt numbers, phone
numbers and dates stay on one line, long addresses and remarks wrap and
make a row taller, never wider.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from itertools import groupby

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from desktop.csv_export import (
    GROUPINGS,
    ListEntry,
    billing_label,
    billing_method,
    date_label,
    group_of,
    is_stop,
    list_sort_key,
    presence_text,
    service_place,
)
from desktop.domain.era import DateStyle, format_date, format_date_range, format_datetime
from desktop.domain.kinds import known_kinds
from desktop.domain.notice import Notice
from desktop.domain.workflow import status_label
from printing.common import PrintResult, build_pdf, check_date_style
from printing.fonts import (
    GOTHIC,
    MissingGlyph,
    dedupe,
    draw_string,
    register_fonts,
    string_width,
)
from printing.list_columns import COLUMN_KEYS, column_widths
from printing.textbox import Piece, TextBox, text_box

__all__ = [
    "COLUMN_KEYS",
    "ListEntry",
    "ListTitle",
    "column_bounds",
    "list_column_widths",
    "render_daily_list",
]

PAGE_SIZE = landscape(A4)
PAGE_WIDTH, PAGE_HEIGHT = PAGE_SIZE
MARGIN = 10 * mm
HEADER_HEIGHT = 16 * mm
FOOTER_HEIGHT = 8 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN

BODY = 7.5
SMALL = 6.0
PADDING = 2.5
GRID = colors.Color(0.45, 0.45, 0.45)
HEADER_SHADE = colors.Color(0.85, 0.88, 0.93)
STRIPE = colors.Color(0.96, 0.97, 0.98)
GROUP_SHADE = colors.Color(0.92, 0.95, 0.89)
SECOND_LINE = colors.Color(0.25, 0.25, 0.25)


@dataclass(frozen=True, slots=True)
class ListTitle:
    """What the list is of and who printed it.

    ``kind`` is a kind code (move_in, move_out, …) or None for a mixed
    list; ``group_by`` is None, "municipality" or "town" (町名).
    """

    bureau_name: str
    kind: str | None
    first_date: date
    last_date: date | None = None
    printed_by: str = ""
    printed_at: datetime | None = None
    date_style: DateStyle = "era"
    group_by: str | None = None

    def heading(self) -> str:
        kind = known_kinds().get(self.kind or "")
        name = kind.label() if kind else "転入・転出"
        return f"{name} 一覧"


def column_bounds(widths: Sequence[float]) -> dict[str, tuple[float, float]]:
    """Left and right x of each column on the page (for checks and overlays)."""
    bounds, x = {}, MARGIN
    for key, width in zip(COLUMN_KEYS, widths, strict=True):
        bounds[key] = (x, x + width)
        x += width
    return bounds


def _header_labels(kind: str | None) -> list[str]:
    return [
        "No.",
        "受付番号\nお客さま番号",
        "氏名\nフリガナ",
        "使用場所",
        date_label(kind),
        "立会い",
        "電話番号",
        billing_label(kind),
        "状態\n担当者",
        "備考",
    ]


class _RowMaker:
    """Turns entries into table cells (TextBoxes: wrapped, with fallback runs)."""

    def __init__(self, title: ListTitle) -> None:
        self.title = title
        self.report: list[MissingGlyph] = []

    def box(self, text: str, where: str, second: str = "") -> TextBox | str:
        if not text and not second:
            return ""
        pieces = [Piece(text, BODY)]
        if second:
            pieces.append(Piece(second, SMALL, SECOND_LINE))
        return TextBox(pieces, GOTHIC, where, self.report)

    def row(self, number: int, entry: ListEntry) -> list:
        notice: Notice = entry.notice
        where = f"一覧 {notice.receipt_number}"
        remarks = notice.remarks
        if is_stop(notice) and notice.forwarding_address:
            forwarding = f"転居先：{notice.forwarding_address.one_line()}"
            remarks = f"{forwarding}\n{remarks}" if remarks else forwarding
        customer = f"水栓 {notice.customer_number}" if notice.customer_number else ""
        moved = format_date(notice.move_date, self.title.date_style, weekday=True)
        return [
            str(number),
            self.box(notice.receipt_number, f"{where} 受付番号", customer),
            self.box(notice.name, f"{where} 氏名", notice.kana),
            self.box(service_place(notice), f"{where} 使用場所"),
            self.box(moved, f"{where} 日付"),
            self.box(presence_text(notice), f"{where} 立会い"),
            self.box(notice.phone, f"{where} 電話番号"),
            self.box(billing_method(notice), f"{where} 支払方法"),
            self.box(status_label(entry.status), f"{where} 状態", entry.assignee),
            self.box(remarks, f"{where} 備考"),
        ]


def _grouped_rows(
    entries: list[ListEntry], group_by: str, maker: _RowMaker
) -> list[tuple[bool, list]]:
    keyed = [(group_of(entry, group_by), entry) for entry in entries]
    first_postal: dict[str, str] = {}
    for name, entry in keyed:
        postal = entry.notice.service_address.postal_code
        first_postal[name] = min(first_postal.get(name, postal), postal)
    keyed.sort(key=lambda pair: (first_postal[pair[0]], pair[0], list_sort_key(pair[1])))
    rows: list[tuple[bool, list]] = []
    number = 0
    for name, members in groupby(keyed, key=lambda pair: pair[0]):
        group = [entry for _, entry in members]
        heading = TextBox(
            [Piece(f"{name}（{len(group)} 件）", BODY + 0.5)], GOTHIC, "一覧 地域", maker.report
        )
        rows.append((True, [heading] + [""] * (len(COLUMN_KEYS) - 1)))
        for entry in group:
            number += 1
            rows.append((False, maker.row(number, entry)))
    return rows


def _measured_widths(header: list, rows: list[tuple[bool, list]]) -> list[float]:
    natural = [0.0] * len(COLUMN_KEYS)
    for cells in [header, *(cells for spanned, cells in rows if not spanned)]:
        for index, cell in enumerate(cells):
            if isinstance(cell, TextBox):
                natural[index] = max(natural[index], cell.natural_width())
            elif cell:
                natural[index] = max(natural[index], string_width(str(cell), GOTHIC, BODY))
    return column_widths([width + 2 * PADDING for width in natural], CONTENT_WIDTH)


def _row_height(cells: list, spanned: bool, widths: Sequence[float]) -> float:
    tallest = BODY * 1.2
    for cell, width in zip(cells, [CONTENT_WIDTH] if spanned else widths, strict=False):
        if isinstance(cell, TextBox):
            tallest = max(tallest, cell.wrap(width - 2 * PADDING, PAGE_HEIGHT)[1])
    return tallest + 2 * PADDING + 0.5


def _split_row(cells: list, room: float, widths: Sequence[float]) -> tuple[list, list] | None:
    """Cells cut at ``room`` points of text: what fits, and the rest; None if no line fits."""
    head, tail = [], []
    for cell, width in zip(cells, widths, strict=True):
        if not isinstance(cell, TextBox):
            head.append(cell)
            tail.append("")
            continue
        inner = width - 2 * PADDING
        parts = cell.split(inner, room)
        if parts:
            head.append(parts[0])
            tail.append(parts[1])
        elif cell.wrap(inner, room)[1] <= room:
            head.append(cell)
            tail.append("")
        else:
            head.append("")
            tail.append(cell)
    if not any(isinstance(cell, TextBox) for cell in head):
        return None
    return head, tail


def _pages(
    header: list, rows: list[tuple[bool, list]], widths: Sequence[float]
) -> list[list[tuple[bool, list]]]:
    """Rows packed into page-sized chunks, each printed as one table with its header row.

    Letting ReportLab split one long table re-measures every remaining row
    at each page end (quadratic in the row count); measuring once here keeps
    a 1,000-row list fast. A row too tall for a page (a 2,000-character
    remark) is cut between lines and continues at the top of the next page.
    """
    room = (
        PAGE_HEIGHT
        - 2 * MARGIN
        - HEADER_HEIGHT
        - FOOTER_HEIGHT
        - _row_height(header, False, widths)
    )
    room -= 2  # rounding slack, so a chunk never spills one row onto a page of its own
    padding = 2 * PADDING + 0.5
    chunks: list[list[tuple[bool, list]]] = []
    current: list[tuple[bool, list]] = []
    used = 0.0
    for spanned, cells in rows:
        height = _row_height(cells, spanned, widths)
        while used + height > room:
            pieces = None
            if height > room and not spanned:
                pieces = _split_row(cells, room - used - padding, widths)
            if pieces:
                current.append((False, pieces[0]))
                cells = pieces[1]
                height = _row_height(cells, False, widths)
            elif not current:
                break  # cannot be cut here: the table will split it itself
            chunks.append(current)
            current, used = [], 0.0
        current.append((spanned, cells))
        used += height
    chunks.append(current)
    return chunks


def _page_table(header: list, chunk: list[tuple[bool, list]], widths: Sequence[float]) -> Table:
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), GOTHIC),
        ("FONTSIZE", (0, 0), (-1, -1), BODY),
        ("LEADING", (0, 0), (-1, -1), BODY * 1.2),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), PADDING),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PADDING + 0.5),
        ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("BOX", (0, 0), (-1, -1), 0.9, colors.black),
        ("LINEBELOW", (0, 0), (-1, 0), 0.9, colors.black),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), (colors.white, STRIPE)),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_SHADE),
        ("ALIGN", (0, 1), (0, -1), "RIGHT"),
    ]
    for index, (spanned, _) in enumerate(chunk, start=1):
        if spanned:
            commands += [
                ("SPAN", (0, index), (-1, index)),
                ("BACKGROUND", (0, index), (-1, index), GROUP_SHADE),
                ("LINEABOVE", (0, index), (-1, index), 0.9, colors.black),
            ]
    table = Table(
        [header] + [cells for _, cells in chunk],
        colWidths=list(widths),
        repeatRows=1,
        splitByRow=1,
        splitInRow=1,
    )
    table.setStyle(TableStyle(commands))
    return table


def _totals(
    entries: list[ListEntry], title: ListTitle, report: list[MissingGlyph]
) -> list[Flowable]:
    rows = [["区分", "項目", "件数"], ["合計", "", f"{len(entries)} 件"]]
    kinds = Counter(entry.notice.kind for entry in entries)
    for code, count in sorted(kinds.items()):
        kind = known_kinds().get(code)
        rows.append(["種別", kind.short() if kind else code, f"{count} 件"])
    statuses = Counter(entry.status for entry in entries)
    for code, count in sorted(statuses.items()):
        rows.append(["状態", status_label(code), f"{count} 件"])
    if title.group_by:
        group_title = "町名" if title.group_by == "town" else "市区町村"
        groups = Counter(group_of(entry, title.group_by) for entry in entries)
        for name, count in groups.items():
            rows.append(
                [group_title, text_box(name, GOTHIC, BODY, "集計 地域", report), f"{count} 件"]
            )
    table = Table(rows, colWidths=(22 * mm, 70 * mm, 22 * mm), repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), GOTHIC),
                ("FONTSIZE", (0, 0), (-1, -1), BODY),
                ("GRID", (0, 0), (-1, -1), 0.4, GRID),
                ("BOX", (0, 0), (-1, -1), 0.9, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_SHADE),
                ("ALIGN", (2, 0), (2, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LINEBELOW", (0, 1), (-1, 1), 0.9, colors.black),
            ]
        )
    )
    heading = text_box("集計", GOTHIC, 10, "集計", report)
    return [Spacer(0, 5 * mm), heading, Spacer(0, 1.5 * mm), table]


def _decorate(title: ListTitle, report: list[MissingGlyph]):
    heading = title.heading()
    span = format_date_range(title.first_date, title.last_date, title.date_style)
    printed = " ".join(
        part
        for part in (
            f"印刷者：{title.printed_by}" if title.printed_by else "",
            f"印刷日時：{format_datetime(title.printed_at, title.date_style)}"
            if title.printed_at
            else "",
        )
        if part
    )

    def decorate(canvas: Canvas, number: int, total: int) -> None:
        top = PAGE_HEIGHT - MARGIN
        draw_string(canvas, MARGIN, top - 13, heading, GOTHIC, 14, "一覧 表題", report)
        draw_string(canvas, MARGIN, top - 27, span, GOTHIC, 9, "一覧 期間", report)
        draw_string(
            canvas,
            PAGE_WIDTH - MARGIN,
            top - 13,
            title.bureau_name,
            GOTHIC,
            10,
            "一覧 水道局名",
            report,
            anchor="right",
        )
        bottom = MARGIN - 1
        canvas.setStrokeColor(GRID)
        canvas.setLineWidth(0.4)
        canvas.line(MARGIN, bottom + 9, PAGE_WIDTH - MARGIN, bottom + 9)
        draw_string(canvas, MARGIN, bottom, printed, GOTHIC, 7.5, "一覧 印刷者", report)
        draw_string(
            canvas,
            PAGE_WIDTH - MARGIN,
            bottom,
            f"{number} / {total}",
            GOTHIC,
            9,
            "ページ番号",
            report,
            anchor="right",
        )
        draw_string(
            canvas,
            PAGE_WIDTH / 2,
            bottom,
            f"{heading} {span}",
            GOTHIC,
            7.5,
            "一覧 表題",
            report,
            anchor="centre",
        )

    return decorate


def _laid_out(
    entries: Iterable[ListEntry], title: ListTitle
) -> tuple[list[ListEntry], _RowMaker, list, list[tuple[bool, list]], list[float]]:
    """Sorted entries, the row maker (and its report), header, rows and column widths."""
    check_date_style(title.date_style)
    if title.group_by is not None and title.group_by not in GROUPINGS:
        raise ValueError(f"group_by must be one of {', '.join(GROUPINGS)} or None")
    register_fonts()
    entries = sorted(entries, key=list_sort_key)
    if title.kind is not None:
        strangers = [e.notice.receipt_number for e in entries if e.notice.kind != title.kind]
        if strangers:
            raise ValueError(
                f"{len(strangers)} notice(s) are not of kind {title.kind}: {', '.join(strangers[:5])}"
            )
    maker = _RowMaker(title)
    header = [maker.box(text, "一覧 見出し") for text in _header_labels(title.kind)]
    rows: list[tuple[bool, list]] = []  # (is a group heading, cells)
    if title.group_by:
        rows = _grouped_rows(entries, title.group_by, maker)
    else:
        rows = [(False, maker.row(number, entry)) for number, entry in enumerate(entries, start=1)]
    if not rows:
        empty = maker.box("該当する届出はありません", "一覧")
        rows = [(True, [empty] + [""] * (len(COLUMN_KEYS) - 1))]
    return entries, maker, header, rows, _measured_widths(header, rows)


def list_column_widths(entries: Iterable[ListEntry], title: ListTitle) -> list[float]:
    """The column widths ``render_daily_list`` gives these entries (points, in COLUMN_KEYS order)."""
    return _laid_out(entries, title)[-1]


def render_daily_list(entries: Iterable[ListEntry], title: ListTitle) -> PrintResult:
    """The crews' list of ``entries`` (already chosen by date and kind) as an A4 landscape PDF.

    Entries are printed sorted by date, postal code and address (numbers
    in addresses compared as numbers); with ``title.group_by`` they are
    grouped (groups ordered by postal code) under a heading row each.
    Column widths follow the content (see printing.list_columns). Raises
    ValueError if ``title.kind`` is set and an entry is of another kind,
    or for an unknown date style or grouping. Returns the PDF, its page
    count and the characters IPAex could not draw.
    """
    entries, maker, header, rows, widths = _laid_out(entries, title)
    tables = [_page_table(header, chunk, widths) for chunk in _pages(header, rows, widths)]
    story: list[Flowable] = [*tables, *_totals(entries, title, maker.report)]
    page_report: list[MissingGlyph] = []
    pdf, page_count = build_pdf(
        story,
        page_size=PAGE_SIZE,
        margin=MARGIN,
        footer_height=FOOTER_HEIGHT,
        header_height=HEADER_HEIGHT,
        decorate=_decorate(title, page_report),
        title=title.heading(),
    )
    return PrintResult(pdf, page_count, dedupe(maker.report + page_report))
