"""The dashboard's figures, counted in the store (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date

from desktop.domain.notice import notice_from_payload
from desktop.listing import dashboard
from desktop.store.ingest import store_notices
from tests.support import sample_payload

TODAY = date(2026, 12, 10)  # the 30 days are 11/11 to 12/10
EARLY = "2026-10-01T10:00:00+09:00"


def test_moves_are_counted_per_day_and_kind_over_thirty_days(database) -> None:
    moves = [
        (1, "move_in", "2026-11-10", EARLY),  # the day before the 30 days
        (2, "move_in", "2026-11-11", EARLY),
        (3, "move_out", "2026-11-11", EARLY),
        (4, "move_out", "2026-11-25", None),
        (5, "move_in", "2026-12-10", None),
        (6, "move_in", "2026-12-10", None),
        (7, "move_out", "2026-12-10", None),
        (8, "move_in", "2026-12-11", None),  # tomorrow
    ]
    payloads = []
    for number, kind, day, submitted in moves:
        extra = {"settlement_method": "on_site"} if kind == "move_out" else {}
        if submitted:
            extra["submitted_at"] = submitted
        payloads.append(sample_payload(number, kind=kind, move_date=day, **extra))
    with database.session() as session:
        store_notices(session, [notice_from_payload(p) for p in payloads])

    figures = dashboard(database, TODAY)

    assert len(figures.daily) == 30
    assert figures.daily[0] == (date(2026, 11, 11), 1, 1)
    assert figures.daily[-1] == (TODAY, 2, 1)
    assert dict((day, (ins, outs)) for day, ins, outs in figures.daily)[date(2026, 11, 25)] == (
        0,
        1,
    )
    assert sum(ins for _d, ins, _o in figures.daily) == 3
    assert sum(outs for _d, _i, outs in figures.daily) == 3
    assert (figures.move_ins_today, figures.move_outs_today) == (2, 1)
    assert figures.by_status == {"new": 8}
    assert figures.pending_decisions == 0


def test_an_empty_store_counts_thirty_empty_days(database) -> None:
    figures = dashboard(database, TODAY)
    assert [(ins, outs) for _day, ins, outs in figures.daily] == [(0, 0)] * 30
    assert figures.by_status == {} and figures.overdue == figures.due_today == 0
