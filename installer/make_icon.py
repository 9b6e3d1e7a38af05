"""Draw MoveDesk's icon: a water drop on a blue tile with a paper notice.

Run ``python installer/make_icon.py`` after changing the drawing; it writes
``resources/icons/movedesk.png`` (256 px) and ``movedesk.ico`` (16-256 px),
both committed so a build needs no drawing step.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

ICON_DIR = Path(__file__).resolve().parents[1] / "resources" / "icons"
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]
BLUE = (21, 101, 192, 255)
LIGHT_BLUE = (100, 181, 246, 255)
PAPER = (250, 250, 250, 255)
INK = (69, 90, 100, 255)


def draw(size: int = 1024) -> Image.Image:
    """The icon at ``size`` pixels; drawn large and scaled down for smooth edges."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    unit = size / 64
    pen.rounded_rectangle((2 * unit, 2 * unit, 62 * unit, 62 * unit), radius=12 * unit, fill=BLUE)
    # The notice, behind the drop's right edge.
    pen.rounded_rectangle((30 * unit, 14 * unit, 54 * unit, 50 * unit), radius=2 * unit, fill=PAPER)
    for row in range(4):
        top = (21 + row * 7) * unit
        pen.rectangle((34 * unit, top, (50 - 6 * (row == 3)) * unit, top + 2.5 * unit), fill=INK)
    # The drop: a circle with a triangle on top meeting it at its tangents.
    cx, cy, r = 21 * unit, 38 * unit, 11 * unit
    pen.polygon(
        [(cx, 12 * unit), (cx - r * 0.94, cy - r * 0.34), (cx + r * 0.94, cy - r * 0.34)],
        fill=PAPER,
    )
    pen.ellipse((cx - r, cy - r, cx + r, cy + r), fill=PAPER)
    inner = r * 0.78
    pen.polygon(
        [
            (cx, 16 * unit),
            (cx - inner * 0.94, cy - inner * 0.34),
            (cx + inner * 0.94, cy - inner * 0.34),
        ],
        fill=LIGHT_BLUE,
    )
    pen.ellipse((cx - inner, cy - inner, cx + inner, cy + inner), fill=LIGHT_BLUE)
    return image


def main() -> None:
    ICON_DIR.mkdir(parents=True, exist_ok=True)
    large = draw()
    large.resize((256, 256), Image.Resampling.LANCZOS).save(
        ICON_DIR / "movedesk.png", optimize=True
    )
    large.save(ICON_DIR / "movedesk.ico", sizes=ICO_SIZES)


if __name__ == "__main__":
    main()
