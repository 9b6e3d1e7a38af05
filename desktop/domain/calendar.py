"""Business days of a Japanese municipal office and the due date of a notice."""

from __future__ import annotations

from datetime import date, timedelta

import jpholiday


def is_closed_day(day: date) -> bool:
    """Weekends, public holidays and the year-end closure (12/29 to 1/3)."""
    if day.weekday() >= 5:
        return True
    if (day.month == 12 and day.day >= 29) or (day.month == 1 and day.day <= 3):
        return True
    return jpholiday.is_holiday(day)


def next_business_day(day: date, *, include_today: bool = True) -> date:
    if not include_today:
        day += timedelta(days=1)
    while is_closed_day(day):
        day += timedelta(days=1)
    return day


def add_business_days(day: date, count: int) -> date:
    """``count`` business days after (or, if negative, before) ``day``."""
    step = timedelta(days=1 if count >= 0 else -1)
    remaining = abs(count)
    while remaining:
        day += step
        if not is_closed_day(day):
            remaining -= 1
    return day


def due_date(submitted: date, move_date: date, lead_business_days: int = 1) -> date:
    """The last business day on which the bureau should decide the notice.

    Crews need the decision ``lead_business_days`` before the move; a notice
    filed later than that is due on the first business day after it arrived.
    """
    wanted = add_business_days(move_date, -lead_business_days)
    earliest = next_business_day(submitted)
    return max(wanted, earliest)
