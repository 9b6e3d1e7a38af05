"""Lists of notices as the crews and Excel see them: shared columns and CSV export.

The printed daily list (printing.daily_list) and the CSV export show the
same columns, defined once here so the two cannot drift apart. CSV goes out
as UTF-8 with BOM or as cp932 (Shift_JIS as Excel reads it). cp932 cannot
carry every name (𠮷 U+20BB7, the wave dash 〜 U+301C, the minus − U+2212 …);
those characters are listed by row, column and code point, and the export
stops unless the caller chose a replacement character (DESIGN §3, §12).

Python's cp932 codec also writes a few characters as their JIS code although
Excel reads that code back as a look-alike: 〜 WAVE DASH (U+301C) becomes
0x8160, which reads back as ～ (U+FF5E); − MINUS SIGN (U+2212) reads back
as － (U+FF0D). Whether a character can be written is decided per character
with ``str.encode("cp932")``, as the codec does; such look-alikes are
written, and listed separately so nothing changes unannounced.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from desktop.domain.choices import PAYMENT_METHODS, SETTLEMENT_METHODS, label
from desktop.domain.era import DateStyle, format_date, format_datetime
from desktop.domain.fields import FIELDS, NoticeField
from desktop.domain.kinds import known_kinds
from desktop.domain.notice import Notice
from desktop.domain.text import AddressKey, natural_sort_key
from desktop.domain.workflow import status_label

ENCODINGS = ("utf-8-sig", "cp932")


@dataclass(frozen=True, slots=True)
class ListEntry:
    """One row of a list: the notice, its workflow status and who has it."""

    notice: Notice
    status: str
    assignee: str = ""


# --- where a notice is: municipality and 町名 from the address text -------

_PREFECTURES = (
    "北海道|青森県|岩手県|宮城県|秋田県|山形県|福島県|茨城県|栃木県|群馬県|埼玉県|千葉県|"
    "東京都|神奈川県|新潟県|富山県|石川県|福井県|山梨県|長野県|岐阜県|静岡県|愛知県|三重県|"
    "滋賀県|京都府|大阪府|兵庫県|奈良県|和歌山県|鳥取県|島根県|岡山県|広島県|山口県|徳島県|"
    "香川県|愛媛県|高知県|福岡県|佐賀県|長崎県|熊本県|大分県|宮崎県|鹿児島県|沖縄県"
)
# Cities with wards (政令指定都市): their ward is part of the municipality.
_DESIGNATED_CITIES = (
    "札幌市|仙台市|さいたま市|千葉市|横浜市|川崎市|相模原市|新潟市|静岡市|浜松市|名古屋市|"
    "京都市|大阪市|堺市|神戸市|岡山市|広島市|北九州市|福岡市|熊本市"
)
# Names that contain 市, 郡, 町 or 村 themselves and would be cut short.
_ODD_NAMES = (
    "四日市市|廿日市市|野々市市|大和郡山市|郡山市|蒲郡市|小郡市|郡上市|"
    "大町市|十日町市|町田市|東村山市|武蔵村山市|村山市|田村市|羽村市|中村市|"
    "余市郡余市町|余市郡仁木町|余市郡赤井川村"
)
_MUNICIPALITY = re.compile(
    rf"^\s*(?P<prefecture>{_PREFECTURES})?\s*(?P<municipality>"
    rf"{_ODD_NAMES}"
    rf"|(?:{_DESIGNATED_CITIES})[^\s区]{{1,5}}?区"
    rf"|[^\s市区]{{1,5}}?郡[^\s]{{1,6}}?[町村]"
    rf"|[^\s区]{{1,7}}?市"
    rf"|[^\s]{{1,4}}?区"
    rf"|[^\s]{{1,5}}?[町村])"
)
_TOWN_END = re.compile(r"[0-9０-９]|[一二三四五六七八九十]+(?:丁目|番|条)|[-－‐]")
UNKNOWN_MUNICIPALITY = "（市区町村不明）"


def municipality_of(address: str) -> str:
    """Prefecture + city/ward/town of an address, e.g. 東京都昭島市, 神奈川県横浜市港北区.

    A heuristic on the address text; an address it cannot read gives
    （市区町村不明） so such notices still group together visibly.
    """
    match = _MUNICIPALITY.match(address)
    if not match:
        return UNKNOWN_MUNICIPALITY
    return f"{match['prefecture'] or ''}{match['municipality']}"


def town_of(address: str) -> str:
    """Municipality + 町名 (the town before block numbers), e.g. 東京都昭島市田中町."""
    match = _MUNICIPALITY.match(address)
    if not match:
        return UNKNOWN_MUNICIPALITY
    rest = address[match.end() :].strip()
    end = _TOWN_END.search(rest)
    town = (rest[: end.start()] if end else rest).strip()
    return f"{match['prefecture'] or ''}{match['municipality']}{town}"


GROUPINGS: dict[str, Callable[[str], str]] = {"municipality": municipality_of, "town": town_of}


def group_of(entry: ListEntry, group_by: str) -> str:
    if group_by not in GROUPINGS:
        raise ValueError(f"group_by must be one of {', '.join(GROUPINGS)}, not {group_by!r}")
    return GROUPINGS[group_by](entry.notice.service_address.address)


def list_sort_key(entry: ListEntry) -> tuple[date, str, AddressKey, AddressKey, str]:
    """Crews work by day and then street by street: date, postal code, address.

    Addresses and buildings compare by their numbers (牛浜1丁目 before
    牛浜10丁目, 2号室 before 10号室).
    """
    notice = entry.notice
    place = notice.service_address
    return (
        notice.move_date,
        place.postal_code,
        natural_sort_key(place.address),
        natural_sort_key(place.building),
        notice.receipt_number,
    )


# --- the columns of a list -------------------------------------------------


def _postal(code: str) -> str:
    return f"〒{code[:3]}-{code[3:]}" if code else ""


def service_place(notice: Notice) -> str:
    """使用場所 in one line: 〒196-8511 address building."""
    place = notice.service_address
    return " ".join(
        part for part in (_postal(place.postal_code), place.address, place.building) if part
    )


def is_stop(notice: Notice) -> bool:
    kind = known_kinds().get(notice.kind)
    return bool(kind and kind.direction == "stop")


def billing_method(notice: Notice) -> str:
    """支払方法 for service that starts, 精算方法 (final bill) for service that stops."""
    if is_stop(notice):
        return label(SETTLEMENT_METHODS, notice.settlement_method) or label(
            PAYMENT_METHODS, notice.payment_method
        )
    return label(PAYMENT_METHODS, notice.payment_method) or label(
        SETTLEMENT_METHODS, notice.settlement_method
    )


def presence_text(notice: Notice) -> str:
    if not notice.presence_required:
        return "不要"
    return f"要（{notice.presence_time}）" if notice.presence_time else "要"


def date_label(kind_code: str | None) -> str:
    kind = known_kinds().get(kind_code or "")
    return kind.date_label() if kind else "使用開始日／中止日"


def billing_label(kind_code: str | None) -> str:
    kind = known_kinds().get(kind_code or "")
    if kind is None:
        return "支払方法／精算方法"
    return "精算方法" if kind.direction == "stop" else "支払方法"


@dataclass(frozen=True, slots=True)
class ListColumn:
    key: str
    ja: str
    read: Callable[[ListEntry, DateStyle], str]


def list_columns(kind_code: str | None = None) -> tuple[ListColumn, ...]:
    """The crew's columns, labelled for one kind (or for a mixed list when None)."""
    return (
        ListColumn("receipt_number", "受付番号", lambda e, _: e.notice.receipt_number),
        ListColumn("customer_number", "お客さま番号", lambda e, _: e.notice.customer_number),
        ListColumn("name", "氏名", lambda e, _: e.notice.name),
        ListColumn("kana", "フリガナ", lambda e, _: e.notice.kana),
        ListColumn("service_place", "使用場所", lambda e, _: service_place(e.notice)),
        ListColumn(
            "move_date",
            date_label(kind_code),
            lambda e, style: format_date(e.notice.move_date, style, weekday=style != "iso"),
        ),
        ListColumn("presence", "立会い", lambda e, _: presence_text(e.notice)),
        ListColumn("phone", "電話番号", lambda e, _: e.notice.phone),
        ListColumn("billing", billing_label(kind_code), lambda e, _: billing_method(e.notice)),
        ListColumn("status", "状態", lambda e, _: status_label(e.status)),
        ListColumn("assignee", "担当者", lambda e, _: e.assignee),
        ListColumn("remarks", "備考", lambda e, _: e.notice.remarks),
    )


def field_text(notice: Notice, item: NoticeField, date_style: DateStyle) -> str:
    """A notice field as printed and exported: dates in the chosen style, the rest as read."""
    if item.key == "submitted_at":
        return format_datetime(notice.submitted_at, date_style)
    if item.key == "move_date":
        return format_date(notice.move_date, date_style)
    return item.read(notice, "ja")


# --- CSV ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Unencodable:
    """A character the chosen encoding cannot carry (or carries as a look-alike), and where."""

    row: int  # 1-based data row; the file line is row + 1 (after the header)
    column: str  # the column's header label
    character: str
    code_point: str  # "U+20BB7"
    receipt_number: str
    read_back: str = ""  # for a look-alike: the character a reader gets back

    def describe(self) -> str:
        where = f"{self.row}行目 {self.column}: {self.character} ({self.code_point})"
        if self.read_back:
            where += f" → {self.read_back} (U+{ord(self.read_back):04X})"
        return f"{where} 受付番号 {self.receipt_number}"


@dataclass(frozen=True, slots=True)
class ExportResult:
    """The CSV bytes, what could not be written (replaced), and look-alikes written instead."""

    data: bytes
    unencodable: list[Unencodable] = field(default_factory=list)
    row_count: int = 0
    look_alikes: list[Unencodable] = field(default_factory=list)


class UnencodableCharacters(ValueError):
    """The export stopped: some characters cannot be written in the encoding."""

    def __init__(self, encoding: str, unencodable: list[Unencodable]) -> None:
        self.encoding = encoding
        self.unencodable = unencodable
        shown = "; ".join(item.describe() for item in unencodable[:5])
        more = f" and {len(unencodable) - 5} more" if len(unencodable) > 5 else ""
        super().__init__(
            f"{len(unencodable)} character(s) cannot be written as {encoding}: {shown}{more}. "
            "Choose UTF-8 or pass a replacement character."
        )


# Cells a spreadsheet would run as a formula; residents' free text is untrusted.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_header(kind_code: str | None = None) -> list[str]:
    columns = list_columns(kind_code)
    listed = {column.key for column in columns}
    extra = [item.ja for item in FIELDS if item.key not in listed]
    return [column.ja for column in columns] + ["市区町村"] + extra


def csv_rows(
    entries: Iterable[ListEntry], kind_code: str | None = None, date_style: DateStyle = "iso"
) -> list[list[str]]:
    """The data rows (no header), in list order, as plain text."""
    columns = list_columns(kind_code)
    listed = {column.key for column in columns}
    extra = [item for item in FIELDS if item.key not in listed]
    rows = []
    for entry in sorted(entries, key=list_sort_key):
        row = [column.read(entry, date_style) for column in columns]
        row.append(municipality_of(entry.notice.service_address.address))
        row += [field_text(entry.notice, item, date_style) for item in extra]
        rows.append(row)
    return rows


def _normalise_encoding(encoding: str) -> str:
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        name = encoding
    if name not in ENCODINGS:
        raise ValueError(f"encoding must be utf-8-sig or cp932, not {encoding!r}")
    return name


def _unencodable_in(text: str, encoding: str) -> list[str]:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        pass
    else:
        return []
    missing = []
    for character in text:
        try:
            character.encode(encoding)
        except UnicodeEncodeError:
            missing.append(character)
    return missing


def _look_alikes_in(text: str, encoding: str) -> list[tuple[str, str]]:
    """(character, what decoding gives back) for characters written as another one."""
    if text.isascii() or text.encode(encoding, "replace").decode(encoding) == text:
        return []
    changed = []
    for character in text:
        try:
            back = character.encode(encoding).decode(encoding)
        except UnicodeEncodeError:
            continue
        if back != character:
            changed.append((character, back))
    return changed


def export_csv(
    entries: Sequence[ListEntry],
    encoding: str = "utf-8-sig",
    replacement: str | None = None,
    *,
    kind_code: str | None = None,
    date_style: DateStyle = "iso",
) -> ExportResult:
    """Entries as CSV for Excel: the list's columns, then 市区町村 and every other field.

    ``encoding`` is "utf-8-sig" (UTF-8 with BOM) or "cp932" (aliases such
    as "ms932" accepted). Each character cp932 cannot carry is listed (row,
    column, character, code point); the
    export then raises UnencodableCharacters carrying that list, unless
    ``replacement`` is given (e.g. "〓" or "?"), in which case those
    characters are replaced and the list is still returned. Characters
    written as a look-alike (〜 → ～) are listed in ``look_alikes``. Rows are in
    list order (date, postal code, address); dates are ISO unless
    ``date_style`` says otherwise. Cells starting with = + - @ get a
    leading apostrophe so Excel does not run them as formulas.
    """
    encoding = _normalise_encoding(encoding)
    if replacement is not None:
        bad = _unencodable_in(replacement, encoding)
        if bad:
            raise ValueError(
                f"the replacement {replacement!r} cannot itself be written as {encoding}"
            )
    header = csv_header(kind_code)
    rows = csv_rows(entries, kind_code, date_style)
    receipts = [entry.notice.receipt_number for entry in sorted(entries, key=list_sort_key)]
    unencodable: list[Unencodable] = []
    look_alikes: list[Unencodable] = []
    if encoding != "utf-8-sig":
        for number, row in enumerate(rows, start=1):
            receipt = receipts[number - 1]
            for column, text in zip(header, row, strict=True):
                for character in _unencodable_in(text, encoding):
                    code = f"U+{ord(character):04X}"
                    unencodable.append(Unencodable(number, column, character, code, receipt))
                for character, back in _look_alikes_in(text, encoding):
                    code = f"U+{ord(character):04X}"
                    look_alikes.append(Unencodable(number, column, character, code, receipt, back))
        if unencodable and replacement is None:
            raise UnencodableCharacters(encoding, unencodable)
        if unencodable:
            bad_characters = {item.character for item in unencodable}
            rows = [
                [
                    "".join(replacement if ch in bad_characters else ch for ch in text)
                    for text in row
                ]
                for row in rows
            ]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([_cell(text) for text in row] for row in rows)
    return ExportResult(buffer.getvalue().encode(encoding), unencodable, len(rows), look_alikes)
