"""Japanese era dates: boundaries, 元年, styles and timestamps."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.era import ERAS, era_of, format_date, format_date_range, format_datetime

JST = timezone(timedelta(hours=9))


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2019, 4, 30), "平成31年4月30日"),
        (date(2019, 5, 1), "令和元年5月1日"),
        (date(2019, 12, 31), "令和元年12月31日"),
        (date(2020, 1, 1), "令和2年1月1日"),
        (date(2025, 11, 21), "令和7年11月21日"),
        (date(1989, 1, 7), "昭和64年1月7日"),
        (date(1989, 1, 8), "平成元年1月8日"),
        (date(1926, 12, 24), "大正15年12月24日"),
        (date(1926, 12, 25), "昭和元年12月25日"),
        (date(1912, 7, 29), "明治45年7月29日"),
        (date(1912, 7, 30), "大正元年7月30日"),
        (date(1868, 10, 23), "明治元年10月23日"),
    ],
)
def test_era_boundaries_and_first_years(day: date, expected: str) -> None:
    assert format_date(day) == expected


def test_before_meiji_falls_back_to_the_western_form() -> None:
    with pytest.raises(ValueError):
        era_of(date(1868, 10, 22))
    assert format_date(date(1868, 10, 22)) == "1868年10月22日"


def test_styles() -> None:
    day = date(2025, 11, 21)
    assert format_date(day, "western") == "2025年11月21日"
    assert format_date(day, "iso") == "2025-11-21"
    assert format_date(day, "era", weekday=True) == "令和7年11月21日（金）"
    assert format_date(day, "western", weekday=True) == "2025年11月21日（金）"
    assert format_date(None) == ""
    with pytest.raises(ValueError):
        format_date(day, "showa")


def test_datetimes_print_in_japan_time() -> None:
    utc = datetime(2025, 11, 21, 5, 5, tzinfo=UTC)
    assert format_datetime(utc) == "令和7年11月21日 14:05"
    assert format_datetime(utc, "western") == "2025年11月21日 14:05"
    assert format_datetime(utc, "iso") == "2025-11-21 14:05"
    # 23:30 UTC on 30 April 2019 is already the first day of 令和 in Japan.
    assert format_datetime(datetime(2019, 4, 30, 15, 30, tzinfo=UTC)) == "令和元年5月1日 00:30"
    assert format_datetime(datetime(2025, 11, 21, 14, 5)) == "令和7年11月21日 14:05"
    assert format_datetime(datetime(2025, 11, 21, 14, 5, 9, tzinfo=JST), seconds=True).endswith(
        "14:05:09"
    )


def test_date_ranges() -> None:
    assert format_date_range(date(2025, 11, 21)) == "令和7年11月21日"
    assert format_date_range(date(2025, 11, 21), date(2025, 11, 21)) == "令和7年11月21日"
    assert (
        format_date_range(date(2019, 4, 30), date(2019, 5, 1)) == "平成31年4月30日～令和元年5月1日"
    )


@given(st.dates(min_value=date(1868, 10, 23), max_value=date(9999, 12, 31)))
def test_every_date_has_exactly_the_latest_era_that_began_on_or_before_it(day: date) -> None:
    parts = era_of(day)
    assert parts.era.first_day <= day
    later = [era for era in ERAS if era.first_day > parts.era.first_day]
    assert all(era.first_day > day for era in later)
    assert parts.era.first_day.year + parts.year - 1 == day.year
    assert (parts.month, parts.day) == (day.month, day.day)
    text = format_date(day)
    assert text.startswith(parts.era.name)
    assert text.endswith(f"{day.month}月{day.day}日")
