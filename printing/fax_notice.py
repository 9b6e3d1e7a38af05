"""A notice page for faxing: the notice sheet plus QR codes that carry its data (DESIGN §7.4).

The code's content is defined in ``printing.notice_code_format`` (MD1, or
MD2 when the hub signs it), its symbols in ``printing.notice_code_layout``.
This page gives the code the room the noise of a standard-resolution line
asks for: modules of at least 1 mm (8 pixels by nearly 4 lines), up to a
version-15 symbol, two to a row, rows flowing on to a following page if a
notice with long remarks needs more.
"""

from __future__ import annotations

from collections.abc import Iterable

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from desktop.domain.era import DateStyle
from desktop.domain.notice import Notice
from printing.common import PrintResult, build_pdf, check_date_style
from printing.fonts import MissingGlyph, dedupe, register_fonts
from printing.notice_code_format import (  # noqa: F401  (the format's names, as before)
    _ZDICT,
    HEADER_SIZE,
    MARKER,
    MAX_PARTS,
    PART_CAPACITY,
    SIGNED_MARKER,
    CodeMessage,
    CodeOrigin,
    CodePart,
    NoticeCodeError,
    Signer,
    is_notice_code,
    message_from_parts,
    notice_code_payload,
    parse_code_part,
    parse_notice_code,
    payload_code_parts,
    payload_from_parts,
    payload_message,
)
from printing.notice_code_layout import CodeLayout, CodeSize
from printing.notice_code_layout import plan_code as plan_symbols
from printing.notice_sheet import (
    BODY_SIZES,
    CONTENT_WIDTH,
    FOOTER_HEIGHT,
    FRAME_HEIGHT,
    MARGIN,
    SheetData,
    _footer,
    _PageOwner,
    _SheetBuilder,
)

# Largest symbol whose 1 mm modules, with the 4-module quiet zone, fit the
# 85 mm the page keeps for a code: version 15 is 77 modules.
MAX_VERSION = 15
CODE_SIDE = 85 * mm
MIN_MODULE = 1.0 * mm
# Small messages get bigger modules, which only adds margin against noise.
MAX_MODULE = 1.6 * mm
CODES_PER_ROW = 2

DOCUMENT_TITLE = "水道使用開始・中止 受付票（FAX・読取コード付き）"


FAX_PAGE = CodeSize(MAX_VERSION, CODE_SIDE, MIN_MODULE, MAX_MODULE)


def plan_code(
    notice: Notice, *, sign: Signer | None = None, origin: CodeOrigin | None = None
) -> CodeLayout:
    """The fax page's symbols for a notice: one at Q or M if it fits version 15, else parts."""
    return plan_symbols(notice, FAX_PAGE, sign=sign, origin=origin)


def _code_block(builder: _SheetBuilder, layout: CodeLayout) -> list[Flowable]:
    return builder.code_block(layout, CODES_PER_ROW)


def _height(parts: Iterable[Flowable]) -> float:
    return sum(part.wrap(CONTENT_WIDTH, FRAME_HEIGHT)[1] for part in parts)


def _fax_story(
    sheet: SheetData, layout: CodeLayout, date_style: DateStyle
) -> tuple[list[Flowable], list[MissingGlyph]]:
    # The sheet's header and field table, without the local status line and
    # decision box (they mean nothing to the sender): the room goes to the code.
    # Type shrinks, as on the sheet, until the first row of codes fits page 1.
    for body, long_body in BODY_SIZES:
        builder = _SheetBuilder(sheet, date_style, body, long_body)
        sheet_part = [builder.header(), Spacer(0, 3 * mm), builder.field_table()]
        block = _code_block(builder, layout)
        first_row = block[:1]  # a single symbol, or the caption with the first row
        if _height(sheet_part) + 3 * mm + _height(first_row) <= FRAME_HEIGHT:
            break
    story = [
        _PageOwner(sheet.notice.receipt_number, sheet.notice.version),
        *sheet_part,
        Spacer(0, 3 * mm),
        *block,
    ]
    return story, dedupe(builder.report)


def render_fax_notice(
    notice: Notice,
    bureau_name: str = "",
    date_style: DateStyle = "era",
    *,
    sign: Signer | None = None,
) -> PrintResult:
    """The page(s) a hub faxes for a notice: the sheet's content and its code(s).

    With ``sign`` (the hub's signer, ``desktop.hub.signing``) the code is MD2
    and carries the signature; without, it is MD1 as it always was.
    """
    check_date_style(date_style)
    register_fonts()
    sheet = SheetData(notice, status="new", bureau_name=bureau_name)
    layout = plan_code(notice, sign=sign)
    story, report = _fax_story(sheet, layout, date_style)
    footer_report: list[MissingGlyph] = []
    pdf, page_count = build_pdf(
        story,
        page_size=A4,
        margin=MARGIN,
        footer_height=FOOTER_HEIGHT,
        decorate=_footer({notice.receipt_number: sheet}, date_style, footer_report),
        title=DOCUMENT_TITLE,
    )
    return PrintResult(pdf, page_count, dedupe(report + footer_report))
