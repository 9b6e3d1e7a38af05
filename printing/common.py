"""Pieces every MoveDesk document shares: result type, page numbering, building, QR."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field

import segno
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from desktop.domain.era import DATE_STYLES
from printing.fonts import GOTHIC, MissingGlyph


@dataclass(frozen=True, slots=True)
class PrintResult:
    """A finished document: the PDF, its page count, and every character IPAex could not draw."""

    pdf: bytes
    page_count: int
    missing_glyphs: list[MissingGlyph] = field(default_factory=list)


def check_date_style(date_style: str) -> None:
    if date_style not in DATE_STYLES:
        raise ValueError(f"date_style must be one of {', '.join(DATE_STYLES)}, not {date_style!r}")


def counting_canvas(decorate: Callable[[Canvas, int, int], None]) -> type[Canvas]:
    """A canvas class that draws page furniture once the page total is known.

    ReportLab finishes each page before it knows how many follow, so pages
    are held back until ``save`` and then ``decorate(canvas, n, total)``
    adds "n / N" and the rest.
    """

    class PageCountingCanvas(Canvas):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._held_pages: list[dict] = []

        def showPage(self) -> None:
            self._held_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held_pages)
            for number, state in enumerate(self._held_pages, start=1):
                self.__dict__.update(state)
                decorate(self, number, total)
                Canvas.showPage(self)
            Canvas.save(self)

    return PageCountingCanvas


class QrCode(Flowable):
    """A QR code of ``value`` (with its quiet zone) as vector squares, ``size`` points wide."""

    def __init__(self, value: str, size: float) -> None:
        super().__init__()
        self.value = value
        self.size = size
        self.matrix = segno.make(value, error="m", micro=False).matrix

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        border = 4  # modules of quiet zone a scanner needs
        count = len(self.matrix) + 2 * border
        module = self.size / count
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColorRGB(0, 0, 0)
        # One filled path rather than many rectangles: no hairline seams
        # between modules when a viewer anti-aliases.
        path = canvas.beginPath()
        for row_index, row in enumerate(self.matrix):
            y = self.size - (row_index + border + 1) * module
            column = 0
            while column < len(row):
                if not row[column]:
                    column += 1
                    continue
                start = column
                while column < len(row) and row[column]:
                    column += 1
                x = (start + border) * module
                path.rect(x, y, (column - start) * module, module)
        canvas.drawPath(path, stroke=0, fill=1)
        canvas.restoreState()


def build_pdf(
    story: list[Flowable],
    *,
    page_size: tuple[float, float],
    margin: float,
    footer_height: float,
    decorate: Callable[[Canvas, int, int], None],
    title: str,
    header_height: float = 0.0,
) -> tuple[bytes, int]:
    """Lay ``story`` out in one frame per page; ``decorate`` draws header and footer.

    Returns the PDF bytes and the page count.
    """
    width, height = page_size
    pages = [0]

    def counted(canvas: Canvas, number: int, total: int) -> None:
        pages[0] = total
        decorate(canvas, number, total)

    buffer = io.BytesIO()
    document = BaseDocTemplate(
        buffer,
        pagesize=page_size,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin + header_height,
        bottomMargin=margin + footer_height,
        title=title,
        author="MoveDesk",
        creator="MoveDesk",
        # Otherwise every page starts in Helvetica, a font the PDF would
        # name without embedding.
        initialFontName=GOTHIC,
        initialFontSize=9,
        initialLeading=11,
    )
    frame = Frame(
        margin,
        margin + footer_height,
        width - 2 * margin,
        height - 2 * margin - footer_height - header_height,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    document.addPageTemplates([PageTemplate(id="body", frames=[frame])])
    document.build(story, canvasmaker=counting_canvas(counted))
    return buffer.getvalue(), pages[0]
