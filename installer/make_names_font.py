"""Make MoveDesk's names fallback font from IPAmj明朝.

Residents' names use characters IPAex does not have (𠮷 and the other
文字情報基盤 characters the registers use). IPAmj明朝 has them all, but the
whole font is 46 MB and two thirds of it repeats what IPAex already draws.
This script keeps only the characters IPAex Gothic lacks and writes them,
renamed as the IPA Font License requires of a derived font, to
``resources/fonts/fallback/movedesk-names-mincho.ttf``, which is committed
so a build needs no font step.

What the subset leaves out, and why:
- characters IPAex Gothic draws itself (the fallback is only asked for the rest);
- ideographic variation sequences (IVS) and their variant glyphs: the PDF
  writer cannot select them, and names are stored by code point;
- OpenType layout tables, vertical metrics and TrueType hints: nothing
  MoveDesk draws uses them.

Run it (fontTools needed: ``pip install fonttools``) with the original font:

    python installer/make_names_font.py /usr/share/fonts/truetype/ipamj/ipamjm.ttf

IPAmj明朝 005.01 comes from the Debian package ``fonts-ipamj-mincho`` or from
the font's publisher. To use the original font instead of the subset, put
``ipamjm.ttf`` in ``resources/fonts/fallback/`` in place of the subset (or
install it on the PC): MoveDesk uses whatever TrueType font it finds there.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

FONT_DIR = Path(__file__).resolve().parents[1] / "resources" / "fonts"
OUTPUT = FONT_DIR / "fallback" / "movedesk-names-mincho.ttf"
PRIMARY = FONT_DIR / "ipaexg.ttf"

FAMILY = "MoveDesk Names Mincho"
FAMILY_JA = "MoveDesk人名明朝"
POSTSCRIPT = "MoveDeskNamesMincho"
PRIVATE_USE = (range(0xE000, 0xF900), range(0xF0000, 0x110000))


def wanted_code_points(source: TTFont, primary: TTFont) -> list[int]:
    """Every character the source draws that IPAex does not (private use left out)."""
    have = primary.getBestCmap()
    return sorted(
        code
        for code in source.getBestCmap()
        if code not in have and not any(code in block for block in PRIVATE_USE)
    )


def _rename(font: TTFont, version: str, count: int) -> None:
    """Names no longer those of the original (licence §3.1(4)), with what was changed."""
    names = font["name"]
    copyright_notice = names.getDebugName(0) or ""
    names.names = []
    description = (
        f"Derived from IPAmj Mincho {version} for MoveDesk: the {count} characters "
        "IPAex Gothic lacks; without variation sequences, layout tables or hints. "
        "Licensed under the IPA Font License Agreement v1.0."
    )
    records = {
        0: copyright_notice,
        1: FAMILY,
        2: "Regular",
        3: f"{POSTSCRIPT} {version}",
        4: FAMILY,
        5: f"Version {version}",
        6: POSTSCRIPT,
        10: description,
        13: "IPA Font License Agreement v1.0",
    }
    for name_id, text in records.items():
        names.setName(text, name_id, 3, 1, 0x409)
    names.setName(FAMILY_JA, 1, 3, 1, 0x411)
    names.setName(FAMILY_JA, 4, 3, 1, 0x411)


def make(source_path: Path, output: Path = OUTPUT) -> int:
    """Write the subset; returns how many characters it holds."""
    source = TTFont(str(source_path), lazy=True)
    version = (source["name"].getDebugName(5) or "").removeprefix("Version ").strip()
    codes = wanted_code_points(source, TTFont(str(PRIMARY), lazy=True))
    source.close()

    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.notdef_outline = True
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "vhea", "vmtx", "VORG"]
    font = TTFont(str(source_path), recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codes)
    subsetter.subset(font)
    font["cmap"].tables = [table for table in font["cmap"].tables if table.format != 14]
    _rename(font, version, len(codes))
    output.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(output))
    return len(codes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="ipamjm.ttf (IPAmj明朝)")
    parser.add_argument("--out", type=Path, default=OUTPUT)
    args = parser.parse_args()
    count = make(args.source, args.out)
    print(f"{args.out}: {count} characters, {args.out.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
