"""Dates as Japanese forms print them: 令和7年11月21日, or Western by setting.

The era tables are small and fixed, so they live here rather than in a
library: the few candidates on PyPI either lag behind 令和 or guess the
boundary days differently, and the boundaries are what bureaus get asked
about. Each era starts on the day its name took effect; the previous era's
last day is the day before (平成31年4月30日 → 令和元年5月1日).

Dates before 明治 (1868-10-23) have no era here: Japan used the lunisolar
calendar then, and no water notice will ever carry such a date, so the era
style falls back to the Western form for them rather than invent one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Literal

DateStyle = Literal["era", "western", "iso"]
DATE_STYLES: tuple[str, ...] = ("era", "western", "iso")

# The bureau's clock: timestamps are printed as the counter saw them.
_JST = timezone(timedelta(hours=9), "JST")


@dataclass(frozen=True, slots=True)
class Era:
    name: str
    romaji: str
    initial: str  # the one-letter abbreviation used on forms (R7.11.21)
    first_day: date


# Newest first, so the first era whose first day is not after a date wins.
ERAS: tuple[Era, ...] = (
    Era("令和", "Reiwa", "R", date(2019, 5, 1)),
    Era("平成", "Heisei", "H", date(1989, 1, 8)),
    Era("昭和", "Showa", "S", date(1926, 12, 25)),
    Era("大正", "Taisho", "T", date(1912, 7, 30)),
    Era("明治", "Meiji", "M", date(1868, 10, 23)),
)


@dataclass(frozen=True, slots=True)
class EraDate:
    era: Era
    year: int  # 1 for the first (元) year
    month: int
    day: int

    def year_text(self) -> str:
        return "元" if self.year == 1 else str(self.year)


def era_of(day: date) -> EraDate:
    """The era and era year of ``day``; ValueError before 明治."""
    if isinstance(day, datetime):
        day = day.date()
    for era in ERAS:
        if day >= era.first_day:
            return EraDate(era, day.year - era.first_day.year + 1, day.month, day.day)
    raise ValueError(f"{day.isoformat()} is before the 明治 era")


def _check_style(date_style: str) -> None:
    if date_style not in DATE_STYLES:
        raise ValueError(f"date_style must be one of {', '.join(DATE_STYLES)}, not {date_style!r}")


def format_date(day: date | None, date_style: DateStyle = "era", *, weekday: bool = False) -> str:
    """``day`` as printed on a form.

    era: 令和7年11月21日 (令和元年5月1日 in an era's first year);
    western: 2025年11月21日; iso: 2025-11-21. ``weekday`` appends （金）
    in the Japanese styles and nothing in iso. None gives "".
    """
    _check_style(date_style)
    if day is None:
        return ""
    if isinstance(day, datetime):
        day = day.date()
    if date_style == "iso":
        return day.isoformat()
    text = f"{day.year}年{day.month}月{day.day}日"
    if date_style == "era" and day >= ERAS[-1].first_day:
        parts = era_of(day)
        text = f"{parts.era.name}{parts.year_text()}年{parts.month}月{parts.day}日"
    if weekday:
        text += f"（{'月火水木金土日'[day.weekday()]}）"
    return text


def format_datetime(
    moment: datetime | None, date_style: DateStyle = "era", *, seconds: bool = False
) -> str:
    """A timestamp in Japan time: 令和7年11月21日 14:05 (or 2025年… / 2025-11-21 14:05).

    Aware timestamps are converted to JST; naive ones are taken as JST
    already, since that is how the counter PCs keep local time.
    """
    _check_style(date_style)
    if moment is None:
        return ""
    if moment.tzinfo is not None:
        moment = moment.astimezone(_JST)
    clock = moment.strftime("%H:%M:%S" if seconds else "%H:%M")
    return f"{format_date(moment.date(), date_style)} {clock}"


def format_date_range(first: date, last: date | None = None, date_style: DateStyle = "era") -> str:
    """One day, or a span 令和7年11月21日～令和7年11月28日 for list titles."""
    if last is None or last == first:
        return format_date(first, date_style)
    return f"{format_date(first, date_style)}～{format_date(last, date_style)}"
