"""The notice sheet (使用開始・中止 受付票): one notice per A4 page, like the bureau's paper form.

Every field of ``desktop.domain.fields.FIELDS`` is printed, so a field added
to the domain appears on the sheet without a change here. A notice whose
free text is long is set in smaller type until it fits one page; only if it
still does not fit does it continue on a following page marked （続き）.

The sheet carries the notice's code (MD2 with the printing bureau's name and
fax number, ``printing.notice_code_format``) at its foot, so a branch office
whose MoveDesk receives the sheet by fax reads it back as data, marked as
coming from this bureau. The small QR in the header holds only the receipt
number, for a hand scanner at the counter.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageBreak, Spacer, Table, TableStyle

from desktop.domain.choices import HUB_STATES, label
from desktop.domain.era import DateStyle, format_date, format_datetime
from desktop.domain.fields import FIELDS, GROUPS, FieldChange
from desktop.domain.kinds import known_kinds
from desktop.domain.notice import Notice
from desktop.domain.workflow import status_label
from printing.common import PrintResult, QrCode, build_pdf, check_date_style
from printing.fonts import GOTHIC, MissingGlyph, dedupe, draw_string, register_fonts
from printing.notice_code_format import CodeOrigin
from printing.notice_code_layout import (
    CodeLayout,
    CodeSize,
    plan_code,
)
from printing.sheet_foot import GRID, SHADE, DecisionArea
from printing.textbox import Piece, TextBox

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 14 * mm
FOOTER_HEIGHT = 10 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
FRAME_HEIGHT = PAGE_HEIGHT - 2 * MARGIN - FOOTER_HEIGHT

# Field table columns: group, label, value. Tests use these to check that
# values stay inside their cells.
FIELD_COLUMNS = (18 * mm, 40 * mm, CONTENT_WIDTH - 58 * mm)

# (body, long text) type sizes tried in turn until the sheet fits one page;
# the last steps shrink only long free text (a 2,000-character remark),
# so names and dates stay readable.
BODY_SIZES = (
    (9.0, 9.0),
    (8.5, 8.5),
    (8.0, 8.0),
    (7.5, 7.5),
    (7.0, 7.0),
    (6.5, 6.5),
    (6.0, 6.0),
    (6.0, 5.5),
    (6.0, 5.0),
)
LONG_TEXT = 120  # characters from which a value counts as long free text
CHANGE_VALUE_LIMIT = 160  # the full new value is in the field table already

# The sheet keeps the fax page's error levels but less room: modules of at
# least 0.8 mm (three lines at standard resolution), a version-15 symbol at
# most, beside the decision box; three to a row below the sheet when a long
# notice needs several.
SHEET_CODE = CodeSize(max_version=15, side=68 * mm, min_module=0.8 * mm, max_module=1.0 * mm)
SHEET_CODES_PER_ROW = 3

DOCUMENT_TITLE = "水道使用開始・中止 受付票"


@dataclass(frozen=True, slots=True)
class DecisionInfo:
    """A decision as the sheet prints it; ``decision`` is a code of choices.DECISIONS."""

    decision: str  # "accept" or "reject"; anything else prints empty boxes
    staff: str
    decided_at: datetime
    reason_code: str | None = None  # choices.REJECTION_REASONS
    reason_text: str = ""
    customer_number: str = ""
    version: int | None = None  # the version the decision was made on


@dataclass(frozen=True, slots=True)
class SheetData:
    """Everything one sheet shows besides the notice itself."""

    notice: Notice
    status: str  # workflow.Status value
    assignee: str = ""
    decision: DecisionInfo | None = None
    changes: Sequence[FieldChange] = ()  # changes_between(previous, notice)
    bureau_name: str = ""
    previous_version: int | None = None
    printed_at: datetime | None = None
    printed_by: str = ""
    bureau_fax_number: str = ""
    # The notice code at the foot of the sheet; off for a sheet meant to be typed in.
    with_code: bool = True


def sheet_code(sheet: SheetData) -> CodeLayout | None:
    """The code a sheet carries: MD2 naming the bureau that printed it."""
    if not sheet.with_code:
        return None
    origin = CodeOrigin(sheet.bureau_name, sheet.bureau_fax_number)
    return plan_code(sheet.notice, SHEET_CODE, origin=origin)


def _where(notice: Notice, part: str) -> str:
    return f"受付票 {notice.receipt_number} {part}"


def _field_value(notice: Notice, key: str, read, date_style: DateStyle) -> str:
    # Dates and the postal code are printed the way the paper form writes
    # them; every other field is printed as the domain reads it.
    if key == "submitted_at":
        return format_datetime(notice.submitted_at, date_style)
    if key == "move_date":
        return format_date(notice.move_date, date_style, weekday=True)
    if key == "postal_code":
        code = notice.service_address.postal_code
        return f"〒{code[:3]}-{code[3:]}" if code else ""
    return read(notice, "ja")


def _field_label(notice: Notice, key: str, default: str) -> str:
    if key == "move_date":
        kind = known_kinds().get(notice.kind)
        return kind.date_label() if kind else default
    return default


def _change_value(change: FieldChange, value: str, date_style: DateStyle) -> str:
    try:
        if change.key == "move_date" and value:
            return format_date(date.fromisoformat(value), date_style)
        if change.key == "submitted_at" and value:
            return format_datetime(datetime.strptime(value, "%Y-%m-%d %H:%M %z"), date_style)
    except ValueError:
        pass
    if len(value) > CHANGE_VALUE_LIMIT:
        return f"{value[:CHANGE_VALUE_LIMIT]}…（全{len(value)}文字）"
    return value


class _PageOwner(Flowable):
    """Marks which notice the following pages belong to, for the page footer."""

    def __init__(self, receipt_number: str, version: int) -> None:
        super().__init__()
        self.receipt_number = receipt_number
        self.version = version

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv._movedesk_owner = (self.receipt_number, self.version)


class _SheetBuilder(DecisionArea):
    content_width = CONTENT_WIDTH

    def __init__(
        self,
        sheet: SheetData,
        date_style: DateStyle,
        body: float,
        long_body: float,
        code: CodeLayout | None = None,
    ) -> None:
        self.sheet = sheet
        self.code = code
        self.notice = sheet.notice
        self.date_style = date_style
        self.body = body
        self.long_body = long_body
        self.small = min(body, 8.0)
        self.report: list[MissingGlyph] = []

    def para(
        self,
        text: str,
        part: str,
        size: float,
        *,
        align: str = "left",
        colour: colors.Color = colors.black,
        leading: float | None = None,
    ) -> TextBox:
        return TextBox(
            [Piece(text, size, colour)],
            GOTHIC,
            _where(self.notice, part),
            self.report,
            align=align,
            leading_ratio=(leading / size) if leading else 1.25,
        )

    def story(self) -> list[Flowable]:
        parts: list[Flowable] = [
            _PageOwner(self.notice.receipt_number, self.notice.version),
            self.header(),
            Spacer(0, 2 * mm),
            self.status_line(),
            Spacer(0, 3 * mm),
            self.field_table(),
        ]
        changes = self.changes_block()
        if changes:
            parts += [Spacer(0, 3 * mm), *changes]
        origin = CodeOrigin(self.sheet.bureau_name, self.sheet.bureau_fax_number)
        if self.code is not None and len(self.code.parts) == 1:
            parts += [Spacer(0, 3 * mm), self.decision_with_code(self.code, origin)]
        else:
            parts += [Spacer(0, 3 * mm), self.decision_box()]
        return parts

    def code_part(self) -> list[Flowable]:
        """A code of several symbols, below the sheet (a single one sits beside the
        decision box)."""
        if self.code is None or len(self.code.parts) == 1:
            return []
        origin = CodeOrigin(self.sheet.bureau_name, self.sheet.bureau_fax_number)
        return [Spacer(0, 3 * mm), *self.code_block(self.code, SHEET_CODES_PER_ROW, origin)]

    def header(self) -> Table:
        notice, sheet = self.notice, self.sheet
        kind = known_kinds().get(notice.kind)
        kind_label = kind.label() if kind else notice.kind
        left = [
            self.para(sheet.bureau_name, "水道局名", 11),
            self.para(DOCUMENT_TITLE, "表題", 9, colour=colors.Color(0.3, 0.3, 0.3)),
            Spacer(0, 1.5 * mm),
            self.para(kind_label, "届出種別", 22, leading=26),
        ]
        version = f"版 {notice.version}"
        if sheet.previous_version is not None:
            version += f"（前版 {sheet.previous_version}）"
        right = [
            self.para("受付番号", "受付番号", 8),
            self.para(notice.receipt_number, "受付番号", 12, leading=14),
            Spacer(0, 1 * mm),
            self.para(version, "版", 10),
        ]
        qr_size = 24 * mm
        table = Table(
            [[left, QrCode(notice.receipt_number, qr_size), right]],
            colWidths=(CONTENT_WIDTH - qr_size - 52 * mm, qr_size + 2 * mm, 50 * mm),
        )
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), GOTHIC),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("LEFTPADDING", (2, 0), (2, 0), 2 * mm),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                    ("LINEBELOW", (0, 0), (-1, 0), 1.2, colors.black),
                ]
            )
        )
        return table

    def status_line(self) -> Table:
        notice, sheet = self.notice, self.sheet
        size = self.small
        cells = [
            ("状態", status_label(sheet.status)),
            ("担当者", sheet.assignee),
            ("ハブ状態", label(HUB_STATES, notice.hub_state)),
            ("申込日時", format_datetime(notice.submitted_at, self.date_style)),
        ]
        row = []
        for caption, value in cells:
            row += [self.para(caption, caption, size), self.para(value, caption, size)]
        widths = (14 * mm, 22 * mm, 16 * mm, 30 * mm, 16 * mm, 20 * mm, 16 * mm)
        table = Table([row], colWidths=(*widths, CONTENT_WIDTH - sum(widths)))
        table.setStyle(self._boxed(shaded_columns=(0, 2, 4, 6)))
        return table

    def _boxed(self, shaded_columns: Iterable[int] = (), header_row: bool = False) -> TableStyle:
        commands = [
            ("FONTNAME", (0, 0), (-1, -1), GOTHIC),
            ("GRID", (0, 0), (-1, -1), 0.5, GRID),
            ("BOX", (0, 0), (-1, -1), 1.0, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ]
        for column in shaded_columns:
            commands.append(("BACKGROUND", (column, 0), (column, -1), SHADE))
        if header_row:
            commands.append(("BACKGROUND", (0, 0), (-1, 0), SHADE))
        return TableStyle(commands)

    def field_table(self) -> Table:
        notice = self.notice
        rows, commands = [], []
        group_start: dict[str, int] = {}
        for item in FIELDS:
            part = item.ja
            value = _field_value(notice, item.key, item.read, self.date_style)
            caption = _field_label(notice, item.key, item.ja)
            group = item.group
            if group not in group_start:
                group_start[group] = len(rows)
                group_cell = self.para(GROUPS.get(group, (group, group))[0], "区分", self.small)
            else:
                group_cell = ""
            size = self.long_body if len(value) > LONG_TEXT else self.body
            rows.append(
                [group_cell, self.para(caption, part, self.small), self.para(value, part, size)]
            )
        bounds = [*group_start.values(), len(rows)]
        for start, end in itertools.pairwise(bounds):
            commands.append(("SPAN", (0, start), (0, end - 1)))
            commands.append(("LINEABOVE", (0, start), (-1, start), 1.0, colors.black))
        table = Table(rows, colWidths=FIELD_COLUMNS, splitByRow=1, splitInRow=1)
        table.setStyle(self._boxed(shaded_columns=(0, 1)))
        table.setStyle(TableStyle(commands))
        return table

    def changes_block(self) -> list[Flowable]:
        sheet = self.sheet
        previous = sheet.previous_version
        since = f"前版（版 {previous}）" if previous is not None else "前版"
        if not sheet.changes:
            if previous is None:
                return []
            return [self.para(f"{since}からの変更はありません", "変更", self.small)]
        rows = [[self.para(text, "変更", self.small) for text in ("項目", "変更前", "変更後")]]
        for change in sheet.changes:
            part = f"変更 {change.label}"
            rows.append(
                [
                    self.para(
                        _field_label(self.notice, change.key, change.label), part, self.small
                    ),
                    self.para(
                        _change_value(change, change.before, self.date_style), part, self.small
                    ),
                    self.para(
                        _change_value(change, change.after, self.date_style), part, self.small
                    ),
                ]
            )
        value_width = (CONTENT_WIDTH - FIELD_COLUMNS[0] - FIELD_COLUMNS[1]) / 2
        table = Table(
            rows,
            colWidths=(FIELD_COLUMNS[0] + FIELD_COLUMNS[1], value_width, value_width),
            repeatRows=1,
            splitInRow=1,
        )
        table.setStyle(self._boxed(shaded_columns=(0,), header_row=True))
        title = self.para(f"{since}からの変更 {len(sheet.changes)} 件", "変更", self.body)
        return [title, Spacer(0, 1 * mm), table]


def _story_height(story: list[Flowable]) -> float:
    return sum(part.wrap(CONTENT_WIDTH, FRAME_HEIGHT)[1] for part in story)


def _fitted_story(
    sheet: SheetData, date_style: DateStyle
) -> tuple[list[Flowable], list[MissingGlyph]]:
    # The sheet with its code on one page if any type size allows; failing
    # that (a long notice's many symbols), the sheet fits and the code follows.
    code = sheet_code(sheet)
    for code_fits in (True, False) if code else (False,):
        for body, long_body in BODY_SIZES:
            builder = _SheetBuilder(sheet, date_style, body, long_body, code)
            story, code_part = builder.story(), builder.code_part()
            if _story_height(story + code_part if code_fits else story) <= FRAME_HEIGHT:
                return story + code_part, dedupe(builder.report)
    return story + code_part, dedupe(builder.report)


def _footer(
    sheets_by_receipt: dict[str, SheetData], date_style: DateStyle, report: list[MissingGlyph]
):
    def decorate(canvas: Canvas, number: int, total: int) -> None:
        owner = getattr(canvas, "_movedesk_owner", None)
        previous = getattr(canvas, "_movedesk_previous_owner", None)
        canvas._movedesk_previous_owner = owner
        y = MARGIN - 2 * mm
        canvas.setStrokeColor(GRID)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, y + 10, PAGE_WIDTH - MARGIN, y + 10)
        size = 7.5
        if owner:
            receipt, version = owner
            sheet = sheets_by_receipt.get(receipt)
            left = f"受付番号 {receipt}　版 {version}"
            if owner == previous:
                left += "（続き）"
            if sheet and (sheet.printed_at or sheet.printed_by):
                printed = format_datetime(sheet.printed_at, date_style) if sheet.printed_at else ""
                left += f"　印刷 {printed} {sheet.printed_by}".rstrip()
            draw_string(canvas, MARGIN, y, left, GOTHIC, size, "受付票 フッター", report)
        draw_string(
            canvas,
            PAGE_WIDTH - MARGIN,
            y,
            f"{number} / {total}",
            GOTHIC,
            size,
            "ページ番号",
            report,
            anchor="right",
        )

    return decorate


def render_notice_sheets(
    sheets: Iterable[SheetData], *, date_style: DateStyle = "era"
) -> PrintResult:
    """One or more notice sheets in one PDF, each starting on a new page.

    Returns the PDF, its page count and every character the embedded
    IPAex font lacked (drawn with a fallback font or as 〓), with where it
    occurred. Raises ValueError for an empty list or an unknown date style.
    """
    check_date_style(date_style)
    register_fonts()
    sheets = list(sheets)
    if not sheets:
        raise ValueError("no notices to print")
    story: list[Flowable] = []
    report: list[MissingGlyph] = []
    for index, sheet in enumerate(sheets):
        part, missing = _fitted_story(sheet, date_style)
        if index:
            story.append(PageBreak())
        story += part
        report += missing
    footer_report: list[MissingGlyph] = []
    pdf, page_count = build_pdf(
        story,
        page_size=A4,
        margin=MARGIN,
        footer_height=FOOTER_HEIGHT,
        decorate=_footer({s.notice.receipt_number: s for s in sheets}, date_style, footer_report),
        title=DOCUMENT_TITLE,
    )
    return PrintResult(pdf, page_count, dedupe(report + footer_report))


def render_notice_sheet(sheet: SheetData, *, date_style: DateStyle = "era") -> PrintResult:
    """A single notice sheet; see ``render_notice_sheets``."""
    return render_notice_sheets([sheet], date_style=date_style)
