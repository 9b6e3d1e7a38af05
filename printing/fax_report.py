"""The fax transmission report (送信結果レポート): one A4 page per job.

What was sent to whom, how it ended (in Japanese and English), every call
attempt and every page's result, with a reduced image of the first page as
fax machines print it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Image, Paragraph, Spacer, Table, TableStyle

from desktop.domain.era import DateStyle, format_datetime
from printing.common import PrintResult, build_pdf, check_date_style
from printing.fonts import GOTHIC, MissingGlyph, dedupe, markup, register_fonts

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 16 * mm
FOOTER_HEIGHT = 8 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
GRID = colors.Color(0.4, 0.4, 0.4)
SHADE = colors.Color(0.9, 0.92, 0.95)

STATE_LABELS = {
    "queued": "送信待ち（再送予定） / Queued (retry pending)",
    "sending": "送信中 / Sending",
    "sent": "送信完了 / Sent",
    "failed": "送信失敗 / Failed",
    "cancelled": "取消 / Cancelled",
}
PAGE_LABELS = {"sent": "送信済 / sent", "failed": "失敗 / failed", "pending": "未送信 / not sent"}


@dataclass(frozen=True)
class CallLine:
    started_at: datetime
    ended_at: datetime
    outcome: str
    message: str
    pages_sent: str
    bit_rate: int | None = None
    coding: str = ""


@dataclass(frozen=True)
class PageLine:
    number: int
    state: str
    result: str
    attempts: int


@dataclass(frozen=True)
class TransmissionReport:
    job_id: int
    number: str
    state: str
    page_count: int
    created_at: datetime
    bureau_name: str = ""
    subject: str = ""
    remote_id: str = ""
    created_by: str = ""
    finished_at: datetime | None = None
    message: str = ""
    pages: Sequence[PageLine] = field(default_factory=tuple)
    calls: Sequence[CallLine] = field(default_factory=tuple)
    first_page: np.ndarray | None = None
    resolution: str = "fine"
    printed_at: datetime | None = None
    date_style: DateStyle = "era"


def style(size: float, *, align: str = "left") -> ParagraphStyle:
    return ParagraphStyle(
        f"fax-report-{size}-{align}",
        fontName=GOTHIC,
        fontSize=size,
        leading=size * 1.3,
        alignment=TA_CENTER if align == "centre" else TA_LEFT,
        wordWrap="CJK",
    )


class TextMaker:
    """Paragraphs with fallback fonts for rare characters; collects what IPAex could not draw."""

    def __init__(self) -> None:
        self.report: list[MissingGlyph] = []

    def para(self, text: str, where: str, paragraph_style: ParagraphStyle) -> Paragraph:
        return Paragraph(markup(text, GOTHIC, where, self.report), paragraph_style)


def _thumbnail(bitmap: np.ndarray, resolution: str, width: float) -> Image:
    from fax.pages import page_png

    png = page_png(bitmap, resolution)  # type: ignore[arg-type]
    rows = bitmap.shape[0] * (2 if resolution == "standard" else 1)
    height = width * rows / bitmap.shape[1]
    image = Image(io.BytesIO(png), width=width, height=height)
    image.hAlign = "LEFT"
    return image


def _table(rows: list[list], widths: Sequence[float], header: bool = True) -> Table:
    table = Table(rows, colWidths=list(widths), repeatRows=1 if header else 0)
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), SHADE))
    else:
        commands.append(("BACKGROUND", (0, 0), (0, -1), SHADE))
    table.setStyle(TableStyle(commands))
    return table


def render_transmission_report(report: TransmissionReport) -> PrintResult:
    """The report as PDF bytes (IPAex embedded)."""
    check_date_style(report.date_style)
    register_fonts()
    text = TextMaker()
    body, small, title = style(9), style(7.5), style(15, align="centre")

    def when(moment: datetime | None) -> str:
        return format_datetime(moment, report.date_style, seconds=True) if moment else "—"

    story: list[Flowable] = [
        text.para("送信結果レポート", "送信結果 表題", title),
        text.para("Fax transmission report", "送信結果 表題", style(9, align="centre")),
        Spacer(1, 5 * mm),
    ]
    summary = [
        ["ジョブ番号 / Job", str(report.job_id)],
        ["宛先 / To", report.number],
        ["相手先ID / Remote ID", report.remote_id or "—"],
        ["件名 / Subject", report.subject or "—"],
        ["結果 / Result", STATE_LABELS.get(report.state, report.state)],
        ["理由 / Reason", report.message or "—"],
        [
            "ページ数 / Pages",
            f"{sum(1 for p in report.pages if p.state == 'sent')} / {report.page_count}",
        ],
        ["受付 / Queued", f"{when(report.created_at)}（{report.created_by or '—'}）"],
        ["終了 / Finished", when(report.finished_at)],
    ]
    story.append(
        _table(
            [
                [text.para(a, "送信結果 項目", body), text.para(b, f"送信結果 {a}", body)]
                for a, b in summary
            ],
            (45 * mm, CONTENT_WIDTH - 45 * mm),
            header=False,
        )
    )
    story.append(Spacer(1, 5 * mm))
    calls = [
        [
            text.para(h, "送信結果 通話見出し", small)
            for h in (
                "開始 / Start",
                "終了 / End",
                "結果 / Outcome",
                "送信ページ / Pages",
                "速度・符号化 / Rate",
            )
        ]
    ]
    for call in report.calls:
        rate = (
            f"{call.bit_rate} bit/s {call.coding}".strip() if call.bit_rate else call.coding or "—"
        )
        calls.append(
            [
                text.para(when(call.started_at), "送信結果 通話", small),
                text.para(when(call.ended_at), "送信結果 通話", small),
                text.para(call.message or call.outcome, "送信結果 通話", small),
                text.para(call.pages_sent or "—", "送信結果 通話", small),
                text.para(rate, "送信結果 通話", small),
            ]
        )
    story += [
        _table(calls, (30 * mm, 30 * mm, CONTENT_WIDTH - 110 * mm, 22 * mm, 28 * mm)),
        Spacer(1, 5 * mm),
    ]
    pages = [
        [
            text.para(h, "送信結果 ページ見出し", small)
            for h in ("ページ / Page", "状態 / State", "応答 / Response", "試行 / Tries")
        ]
    ]
    for page in report.pages:
        pages.append(
            [
                text.para(str(page.number), "送信結果 ページ", small),
                text.para(PAGE_LABELS.get(page.state, page.state), "送信結果 ページ", small),
                text.para(page.result or "—", "送信結果 ページ", small),
                text.para(str(page.attempts), "送信結果 ページ", small),
            ]
        )
    story += [_table(pages, (25 * mm, 45 * mm, 30 * mm, 20 * mm)), Spacer(1, 5 * mm)]
    if report.first_page is not None and report.first_page.size:
        story += [
            text.para("1ページ目（縮小） / First page (reduced)", "送信結果 画像", small),
            _thumbnail(report.first_page, report.resolution, 60 * mm),
        ]

    def decorate(canvas: Canvas, number: int, total: int) -> None:
        canvas.saveState()
        canvas.setFont(GOTHIC, 7.5)
        footer = (
            f"{report.bureau_name}　印刷 {when(report.printed_at or datetime.now().astimezone())}"
        )
        canvas.drawString(MARGIN, MARGIN, footer)
        canvas.drawRightString(PAGE_WIDTH - MARGIN, MARGIN, f"{number} / {total}")
        canvas.restoreState()

    pdf, page_count = build_pdf(
        story,
        page_size=A4,
        margin=MARGIN,
        footer_height=FOOTER_HEIGHT,
        decorate=decorate,
        title=f"送信結果レポート {report.job_id}",
    )
    return PrintResult(pdf, page_count, dedupe(text.report))
