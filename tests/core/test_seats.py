"""Several counter PCs (seats) on one database act as one office.

In-process tests run two sync engines, each with its own engine pool, and
force one interleaving at a time; the process tests run ``movedesk sync`` as
separate seats, each with its own data folder, as an office would.
"""

from __future__ import annotations

import itertools
import random
import signal
import threading
from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from desktop.hub.client import HubClient, HubConfig
from desktop.hub.simulator import DEMO_PARTNER_ID, DEMO_PASSWORD, HubSimulator
from desktop.service import Actor, NoticeService
from desktop.store.database import Database, database_now, open_database
from desktop.store.leases import PULL_LEASE, lease_holder
from desktop.store.models import (
    Decision,
    NoticeRecord,
    NoticeVersion,
    QuarantinedPayload,
    SyncCursor,
    SyncLease,
)
from desktop.sync import SyncEngine, SyncReport, pull_cursor
from tests.core.seats import (
    HeldRequest,
    cursor_position,
    finish,
    hub_notices,
    local_notices,
    start_seat,
    wait_for,
    wait_until_claims_run_out,
)

CLERK = Actor("clerk1", "clerk")


@pytest.fixture
def hub() -> Iterator[HubSimulator]:
    with HubSimulator(notices=40, seed=21) as simulator:
        yield simulator


@pytest.fixture
def second_database(database_url: str, database: Database) -> Iterator[Database]:
    """The same database through its own connections, as another PC has."""
    other = open_database(database_url)
    yield other
    other.close()


def _engine(database: Database, hub: HubSimulator, seat: str, **options) -> SyncEngine:
    config = HubConfig(hub.url, DEMO_PARTNER_ID, DEMO_PASSWORD, max_attempts=2)
    return SyncEngine(
        database,
        HubClient(config, sleep=lambda _s: None),
        make_client=lambda: HubClient(config, sleep=lambda _s: None),
        seat=seat,
        **options,
    )


def _decide(database: Database, receipts: list[str]) -> None:
    service = NoticeService(database)
    for number, receipt in enumerate(receipts):
        if number % 3:
            service.decide(receipt, "accept", CLERK, customer_number=f"{number:07d}")
        else:
            service.decide(receipt, "reject", CLERK, reason_code="outside_area")


def _in_thread(engine: SyncEngine) -> tuple[threading.Thread, list[SyncReport]]:
    reports: list[SyncReport] = []
    thread = threading.Thread(target=lambda: reports.append(engine.sync_once()), daemon=True)
    thread.start()
    return thread, reports


# -- one puller ---------------------------------------------------------------------


def test_a_seat_that_finds_the_pull_taken_only_pushes(database, second_database, hub) -> None:
    puller = _engine(database, hub, "seat-A", page_size=10)
    held = HeldRequest(hub, "GET", "/v1/notices")
    thread, reports = _in_thread(puller)
    assert held.arrived.wait(30)
    assert lease_holder(database, PULL_LEASE).holder == "seat-A"

    other = _engine(second_database, hub, "seat-B").sync_once()
    assert other.ok and other.pull_left_to == "seat-A" and other.pulled == 0
    assert "another seat is pulling (seat-A)" in other.summary()

    held.release()
    thread.join(60)
    assert reports[0].ok and reports[0].new == 40
    assert not lease_holder(database, PULL_LEASE).acquired, "the lease is given back"


def test_a_seat_that_finds_the_pull_taken_neither_locks_nor_writes_the_lease(
    database, second_database, hub
) -> None:
    from sqlalchemy import event

    from desktop.store.leases import acquire_lease

    assert acquire_lease(database, PULL_LEASE, "seat-A", 60).acquired
    statements: list[str] = []

    def seen(_conn, _cursor, statement, _parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]
        statements.append(" ".join(statement.split()).lower())

    engine = second_database.engine
    event.listen(engine, "before_cursor_execute", seen)
    try:
        report = _engine(second_database, hub, "seat-B").sync_once()
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert report.ok and report.pull_left_to == "seat-A"
    on_the_lease = [s for s in statements if "sync_leases" in s]
    assert on_the_lease, "the seat looked at who pulls"
    assert not [s for s in on_the_lease if "for update" in s or not s.startswith("select")]
    assert lease_holder(database, PULL_LEASE).holder == "seat-A"


def test_a_page_stored_after_a_newer_one_changes_nothing(database, second_database, hub) -> None:
    """Seat A holds its first page while seat B takes over and stores newer versions."""
    receipts = hub.receipts()
    page_held, go_on = threading.Event(), threading.Event()

    def hold_first_page(number: int) -> None:
        if number == 1:
            page_held.set()
            go_on.wait(60)

    slow = _engine(database, hub, "seat-A", page_size=10, lease_seconds=1)
    slow.page_arrived = hold_first_page
    thread, reports = _in_thread(slow)
    assert page_held.wait(30)
    # The resident edits a notice on A's page; it moves to the end of the feed.
    hub.edit(receipts[0], remarks="午後に立ち会います")
    wait_until_claims_run_out(database)

    fast = _engine(second_database, hub, "seat-B", page_size=10, lease_seconds=1).sync_once()
    assert fast.ok and fast.pull_taken_over_from == "seat-A", fast.summary()
    cursor_after_b = pull_cursor(database)

    go_on.set()
    thread.join(60)
    late = reports[0]
    assert late.ok, late.errors
    assert late.backwards == 0, "a seat behind another seat is not the hub going backwards"
    assert local_notices(database) == hub_notices(hub)
    assert local_notices(database)[receipts[0]][0] == 2
    assert pull_cursor(database) == cursor_after_b, "the cursor did not move back"
    with database.session() as session:
        stored_versions = Counter(session.scalars(select(NoticeVersion.version)))
        quarantined = session.scalar(select(func.count()).select_from(QuarantinedPayload))
    assert stored_versions == {1: 39, 2: 1}, "version 1 of the edited notice never went in"
    assert quarantined == 0


def test_a_database_error_during_sync_is_reported_and_saved_not_raised(
    database, hub, monkeypatch
) -> None:
    from sqlalchemy.exc import IntegrityError

    import desktop.sync
    from desktop.sync import last_error

    def refuse(*_args, **_kwargs):
        raise IntegrityError("INSERT INTO notices", {}, Exception("uq_notices_receipt_number"))

    monkeypatch.setattr(desktop.sync, "store_notices", refuse)
    report = _engine(database, hub, "seat-A").sync_once()
    assert not report.ok and len(report.errors) == 1
    assert "database error during sync (IntegrityError)" in report.errors[0]
    assert "uq_notices_receipt_number" in report.errors[0]
    assert last_error(database, "seat-A") == report.errors[0]
    assert not lease_holder(database, PULL_LEASE).acquired, "the pull is free for the next seat"
    monkeypatch.undo()
    assert _engine(database, hub, "seat-B").sync_once().ok
    assert local_notices(database) == hub_notices(hub)


# -- each decision pushed once -----------------------------------------------------------


def test_two_seats_pushing_the_same_decisions_send_each_once(
    database, second_database, hub
) -> None:
    _engine(database, hub, "seat-A").sync_once()
    _decide(database, hub.receipts()[:30])
    hub.set_faults(latency_ms=5)  # both seats are mid-push at once
    first = _engine(database, hub, "seat-A", push_workers=3)
    second = _engine(second_database, hub, "seat-B", push_workers=3)
    threads = [_in_thread(first), _in_thread(second)]
    for thread, _reports in threads:
        thread.join(120)
    reports = [reports[0] for _thread, reports in threads]
    assert all(report.ok for report in reports), [r.errors for r in reports]
    assert sum(report.pushed for report in reports) == 30
    stats = hub.stats()
    assert stats["decision_requests"] == 30 and stats["replayed_decision_requests"] == 0
    assert Counter(d["receipt_number"] for d in hub.decisions()) == Counter(hub.receipts()[:30])
    with database.session() as session:
        assert Counter(session.scalars(select(Decision.outbox_state))) == {"sent": 30}
        assert set(session.scalars(select(Decision.attempts))) == {1}


def test_decisions_another_seat_is_sending_are_left_to_it(database, second_database, hub) -> None:
    _engine(database, hub, "seat-A").sync_once()
    _decide(database, hub.receipts()[:10])
    held = HeldRequest(hub, "POST", "/v1/notices/")
    thread, reports = _in_thread(_engine(database, hub, "seat-A", push_workers=1))
    assert held.arrived.wait(30)

    other = _engine(second_database, hub, "seat-B").sync_once()
    assert other.ok and other.pushed == 0, other.summary()
    with database.session() as session:
        assert set(session.scalars(select(Decision.claimed_by))) == {"seat-A"}

    held.release()
    thread.join(60)
    assert reports[0].ok and reports[0].pushed == 10
    assert hub.stats() | {"feed_length": 0} == {
        "decision_requests": 10,
        "replayed_decision_requests": 0,
        "decisions": 10,
        "feed_length": 0,
    }


def test_claims_renewed_while_sending_outlast_their_first_length(
    database, second_database, hub
) -> None:
    from desktop.store.outbox import claim_pending, renew_claims

    _engine(database, hub, "seat-A").sync_once()
    _decide(database, hub.receipts()[:3])
    claimed = claim_pending(database, "seat-A", seconds=1)
    assert len(claimed) == 3
    assert renew_claims(database, "seat-A", seconds=600) == 3
    first_end = max(decision.claimed_until for decision in claimed)
    wait_for(lambda: _database_time(database) > first_end, "the first claim length to pass")
    assert claim_pending(second_database, "seat-B", seconds=60) == []
    assert renew_claims(second_database, "seat-B", seconds=60) == 0


def _database_time(database: Database) -> datetime:
    with database.session() as session:
        return database_now(session)


def test_an_acknowledged_decision_is_not_touched_again(database, second_database, hub) -> None:
    _engine(database, hub, "seat-A").sync_once()
    _decide(database, hub.receipts()[:3])
    _engine(database, hub, "seat-A").sync_once()
    with database.session() as session:
        before = [(d.id, d.attempts, d.sent_at) for d in session.scalars(select(Decision))]
    _engine(second_database, hub, "seat-B").sync_once()
    with database.session() as session:
        after = [(d.id, d.attempts, d.sent_at) for d in session.scalars(select(Decision))]
    assert after == before
    assert hub.stats()["decision_requests"] == 3


# -- decided at the hub by another PC ------------------------------------------------------


def test_a_notice_decided_at_the_hub_by_another_pc_says_who_and_when(
    database, hub, tmp_path: Path
) -> None:
    _engine(database, hub, "seat-A").sync_once()
    receipt = hub.receipts()[0]
    # Another office PC, with its own database, accepted it first.
    with HubClient(HubConfig(hub.url, DEMO_PARTNER_ID, DEMO_PASSWORD)) as other_pc:
        body = {
            "decision": "accept",
            "version": 1,
            "staff": "田中",
            "customer_number": "0099",
            "decided_at": "2026-12-01T10:42:00+09:00",
        }
        assert other_pc.push_decision(receipt, body, "other-pc-1").kind == "applied"
    NoticeService(database).decide(receipt, "reject", CLERK, reason_code="duplicate")

    report = _engine(database, hub, "seat-A").sync_once()
    assert report.ok and report.decided_elsewhere == 1 and report.conflicts == 0
    with database.session() as session:
        ours, theirs = session.scalars(select(Decision).order_by(Decision.id)).all()
    assert ours.outbox_state == "superseded"
    assert "another PC already decided this notice at the hub: accepted by 田中" in (
        ours.last_error or ""
    )
    assert "at 2026-12-01T10:42+09:00" in ours.last_error and "resident" not in ours.last_error
    assert (theirs.outbox_state, theirs.decision, theirs.staff) == ("at_hub", "accept", "田中")
    assert theirs.decided_at.isoformat().startswith("2026-12-01T01:42")
    assert NoticeService(database).pending_decisions() == 0
    with database.session() as session:
        row = session.scalars(
            select(NoticeRecord).where(NoticeRecord.receipt_number == receipt)
        ).one()
    assert row.status == "accepted" and not row.needs_review


# -- seat processes ------------------------------------------------------------------------


@pytest.fixture
def cursor_history(database: Database) -> Iterator[Database]:
    """Every move of the shared cursor, recorded by the database itself."""
    statements = {
        "sqlite": [
            "CREATE TABLE cursor_moves (id INTEGER PRIMARY KEY, old TEXT, new TEXT)",
            "CREATE TRIGGER cursor_moved AFTER UPDATE OF cursor ON sync_cursors BEGIN "
            "INSERT INTO cursor_moves (old, new) VALUES (OLD.cursor, NEW.cursor); END",
        ],
        "postgresql": [
            "CREATE TABLE cursor_moves (id SERIAL PRIMARY KEY, old TEXT, new TEXT)",
            "CREATE FUNCTION record_cursor_move() RETURNS trigger AS $$ BEGIN "
            "INSERT INTO cursor_moves (old, new) VALUES (OLD.cursor, NEW.cursor); "
            "RETURN NEW; END $$ LANGUAGE plpgsql",
            "CREATE TRIGGER cursor_moved AFTER UPDATE OF cursor ON sync_cursors "
            "FOR EACH ROW EXECUTE FUNCTION record_cursor_move()",
        ],
    }[database.dialect]
    with database.engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))
    yield database


def _cursor_moves(database: Database) -> list[tuple[int, int]]:
    with database.engine.connect() as connection:
        rows = connection.execute(text("SELECT old, new FROM cursor_moves ORDER BY id")).all()
    return [(cursor_position(old), cursor_position(new)) for old, new in rows]


def _assert_cursor_only_moved_forward(database: Database) -> None:
    moves = _cursor_moves(database)
    assert moves, "the cursor moved"
    for (old, new), (next_old, _next_new) in itertools.pairwise(moves):
        assert new > old and next_old == new, moves
    with database.session() as session:
        assert session.scalar(select(SyncCursor.sequence)) == len(moves)


@pytest.mark.slow
def test_four_seat_processes_syncing_at_once_keep_the_database_equal_to_the_hub(
    tmp_path: Path, database_url: str, cursor_history: Database
) -> None:
    database = cursor_history
    rng = random.Random(14)
    seats, rounds = 4, 3
    with HubSimulator(notices=120, seed=14) as hub:
        hub.set_faults(latency_ms=2)
        stop_activity = threading.Event()

        def residents_at_work() -> None:
            while not stop_activity.wait(0.01):
                hub.tick(new=rng.randint(0, 3), edit=rng.randint(0, 2), cancel=rng.randint(0, 1))

        activity = threading.Thread(target=residents_at_work, daemon=True)
        decided: list[str] = []
        outcomes: list[tuple[int, str, str]] = []
        for round_number in range(rounds):
            if round_number == 0:
                # The first pull waits until the other seats have given up on it.
                hold = HeldRequest(hub, "GET", "/v1/notices")
            processes = [
                start_seat(tmp_path / f"seat{seat}", database_url, hub.url) for seat in range(seats)
            ]
            if round_number == 0:
                assert hold.arrived.wait(60)
                wait_for(
                    lambda started=processes: (
                        sum(p.poll() is not None for p in started) == seats - 1
                    ),
                    "the other seats to skip the pull",
                )
                hold.release()
                hub.on_request = None
                activity.start()
            outcomes += [finish(process) for process in processes]
            with database.session() as session:
                open_receipts = session.scalars(
                    select(NoticeRecord.receipt_number)
                    .where(NoticeRecord.status == "new")
                    .order_by(NoticeRecord.id)
                    .limit(15)
                ).all()
            _decide(database, list(open_receipts))
            decided += open_receipts
        stop_activity.set()
        activity.join(10)
        outcomes.append(finish(start_seat(tmp_path / "seat0", database_url, hub.url)))

        for code, out, err in outcomes:
            assert "Traceback" not in err and "IntegrityError" not in err, err
            assert code == 0, (out, err)
        skipped = sum("another seat is pulling" in out for _code, out, _err in outcomes[:seats])
        assert skipped == seats - 1
        assert local_notices(database) == hub_notices(hub)
        _assert_cursor_only_moved_forward(database)
        stats = hub.stats()
        assert stats["replayed_decision_requests"] == 0
        keys = Counter(d["idempotency_key"] for d in hub.decisions())
        assert set(keys.values()) == {1}
        with database.session() as session:
            sent = Counter(
                session.scalars(
                    select(Decision.receipt_number).where(Decision.outbox_state == "sent")
                )
            )
            waiting = session.scalar(
                select(func.count()).select_from(Decision).where(Decision.outbox_state == "pending")
            )
        assert waiting == 0
        assert sent == Counter(d["receipt_number"] for d in hub.decisions())


@pytest.mark.slow
@pytest.mark.parametrize("held", ["pull lease", "outbox claims"])
@pytest.mark.parametrize("where", ["another PC", "this PC"])
def test_a_seat_killed_while_holding_work_is_taken_over(
    tmp_path: Path, database_url: str, database: Database, held: str, where: str
) -> None:
    """From another PC after the dead seat's lease ran out; on the same PC at once."""
    with HubSimulator(notices=50, seed=9) as hub:
        if held == "outbox claims":
            finished = finish(start_seat(tmp_path / "first", database_url, hub.url))
            assert finished[0] == 0, finished
            _decide(database, hub.receipts()[:20])
            hold = HeldRequest(hub, "POST", "/v1/notices/", every=True)
        else:
            hold = HeldRequest(hub, "GET", "/v1/notices")
        lease = 2 if where == "another PC" else 600
        pc = "窓口2" if where == "another PC" else ""
        doomed = start_seat(tmp_path / "doomed", database_url, hub.url, lease, pc)
        assert hold.arrived.wait(60), "the seat reached the hub"
        doomed.send_signal(signal.SIGKILL)
        doomed.wait(30)
        hold.release()  # the hub may still apply what the dead seat sent

        with database.session() as session:
            if held == "pull lease":
                holders = set(session.scalars(select(SyncLease.holder)))
            else:
                holders = set(session.scalars(select(Decision.claimed_by)))
        assert len(holders) == 1 and None not in holders, "the dead seat still holds its work"
        if where == "another PC":
            wait_until_claims_run_out(database)
        code, out, err = finish(start_seat(tmp_path / "other", database_url, hub.url, lease))
        assert code == 0 and "Traceback" not in err, (out, err)
        if held == "pull lease":
            assert "took the pull over from" in out
        assert local_notices(database) == hub_notices(hub)
        assert NoticeService(database).pending_decisions() == 0
        if held == "outbox claims":
            assert Counter(d["receipt_number"] for d in hub.decisions()) == Counter(
                hub.receipts()[:20]
            ), "every decision once at the hub"
            # What the dead seat had on the wire (one request per push worker
            # at most) went again; nothing else did.
            stats = hub.stats()
            assert 1 <= stats["replayed_decision_requests"] <= 4
            assert stats["decision_requests"] == 20 + stats["replayed_decision_requests"]


def test_two_seats_inserting_the_same_new_notice_at_once_do_not_collide(
    database, second_database
) -> None:
    """The second insert waits for the first seat's commit, then updates instead of failing."""
    if database.dialect != "postgresql":
        pytest.skip("SQLite lets one writer in at a time; nothing can interleave")
    from desktop.domain.notice import notice_from_payload
    from desktop.store.ingest import store_notices
    from tests.support import sample_payload

    first_copy = notice_from_payload(sample_payload(1))
    newer = notice_from_payload(sample_payload(1, version=2, remarks="訂正"))
    outcome: list[object] = []
    with database.session() as first:
        assert store_notices(first, [first_copy]).new
        backend = first.scalar(text("SELECT pg_backend_pid()"))

        def second_seat() -> None:
            try:
                with second_database.session() as second:
                    outcome.append(store_notices(second, [newer]))
            except Exception as error:  # the test asserts on it below
                outcome.append(error)

        thread = threading.Thread(target=second_seat, daemon=True)
        thread.start()

        def second_is_waiting_for_us() -> bool:
            with database.engine.connect() as probe:
                return bool(
                    probe.scalar(
                        text(
                            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                            " AND :pid = ANY(pg_blocking_pids(pid))"
                        ),
                        {"pid": backend},
                    )
                )

        wait_for(second_is_waiting_for_us, "the second seat to wait for the first")
    thread.join(30)
    (result,) = outcome
    assert not isinstance(result, Exception), result
    assert result.new == [] and len(result.changed) == 1
    with database.session() as session:
        assert session.scalars(select(NoticeRecord.version)).all() == [2]
        assert sorted(session.scalars(select(NoticeVersion.version))) == [1, 2]
