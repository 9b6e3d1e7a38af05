"""Each seat keeps its own last sync and error; the office's last pull and the hub's reach follow."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import datetime

import pytest
from sqlalchemy import select

from desktop.changes import ChangeFeed
from desktop.fax_evidence import hub_reachable
from desktop.hub.client import HubClient, HubConfig
from desktop.hub.simulator import DEMO_PARTNER_ID, DEMO_PASSWORD, HubSimulator
from desktop.store.database import Database, open_database
from desktop.store.leases import PULL_LEASE, acquire_lease, release_lease
from desktop.store.models import SyncState
from desktop.sync import SyncEngine, last_error
from desktop.sync_outcome import (
    LAST_PULL_KEY,
    all_outcomes,
    office_last_pull,
    seat_key,
    seat_outcome,
)


@pytest.fixture
def hub() -> Iterator[HubSimulator]:
    with HubSimulator(notices=12, seed=5) as simulator:
        yield simulator


@pytest.fixture
def closed_url() -> str:
    with socket.socket() as probe:  # a port where nothing listens once the probe is closed
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


@pytest.fixture
def other_seat_database(database_url: str, database: Database) -> Iterator[Database]:
    """The same database through its own connections, as the second PC has."""
    other = open_database(database_url)
    yield other
    other.close()


def _engine(database: Database, url: str, seat: str) -> SyncEngine:
    config = HubConfig(url, DEMO_PARTNER_ID, DEMO_PASSWORD, max_attempts=1)
    return SyncEngine(database, HubClient(config, sleep=lambda _s: None), seat=seat)


def _reachable(database: Database) -> bool:
    with database.session() as session:
        return hub_reachable(session)


def _last_pull(database: Database):  # type: ignore[no-untyped-def]
    with database.session() as session:
        return office_last_pull(session)


def test_two_seats_each_keep_their_own_error_and_the_newest_decides_the_hub(
    database, other_seat_database, hub, closed_url
) -> None:
    failing = _engine(database, closed_url, "窓口1")
    working = _engine(other_seat_database, hub.url, "窓口2")

    assert not failing.sync_once().ok
    assert "cannot be reached" in last_error(database, "窓口1")
    assert not _reachable(database)

    assert working.sync_once().ok
    # The working seat's success does not wipe the other seat's error ...
    assert "cannot be reached" in last_error(database, "窓口1")
    assert last_error(database, "窓口2") == ""
    # ... but it is the newest outcome, so the hub counts as reachable.
    assert _reachable(database)

    assert not failing.sync_once().ok
    assert not _reachable(database), "the failing seat synced last"
    assert last_error(database, "窓口2") == ""
    with database.session() as session:
        seats = {outcome.seat: bool(outcome.error) for outcome in all_outcomes(session)}
    assert seats == {"窓口1": True, "窓口2": False}


def test_a_seat_that_only_pushed_neither_clears_the_pullers_error_nor_moves_the_last_pull(
    database, other_seat_database, hub, monkeypatch
) -> None:
    puller = _engine(database, hub.url, "窓口1")
    assert puller.sync_once().ok
    pulled_at = _last_pull(database)
    assert pulled_at is not None

    from sqlalchemy.exc import OperationalError

    import desktop.sync

    def database_went_away(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise OperationalError("INSERT INTO notices", {}, Exception("server closed"))

    hub.tick(edit=1)
    monkeypatch.setattr(desktop.sync, "store_notices", database_went_away)
    assert not puller.sync_once().ok
    monkeypatch.undo()
    error = last_error(database, "窓口1")
    assert "database error during sync" in error
    assert _last_pull(database) == pulled_at, "a pull that failed is not the office's last pull"

    # Another seat syncs while the pull is taken: it only pushes.
    assert acquire_lease(database, PULL_LEASE, "窓口3", 60).acquired
    try:
        report = _engine(other_seat_database, hub.url, "窓口2").sync_once()
    finally:
        release_lease(database, PULL_LEASE, "窓口3")
    assert report.ok and report.pull_left_to == "窓口3"
    assert last_error(database, "窓口1") == error
    assert last_error(database, "窓口2") == ""
    assert _last_pull(database) == pulled_at

    assert _engine(other_seat_database, hub.url, "窓口2").sync_once().ok
    later = _last_pull(database)
    assert later is not None and later > pulled_at


def test_the_change_feed_shows_the_offices_last_pull_and_this_seats_own_outcome(
    database, other_seat_database, hub, closed_url
) -> None:
    assert _engine(other_seat_database, hub.url, "窓口2").sync_once().ok
    assert not _engine(database, closed_url, "窓口1").sync_once().ok
    office = ChangeFeed(database, seat="窓口1").office()
    assert office.last_pulled_at == _last_pull(database)
    assert office.this_seat is not None and office.this_seat.seat == "窓口1"
    assert "cannot be reached" in office.this_seat.error
    other = ChangeFeed(database, seat="窓口2").office()
    assert other.this_seat is not None and other.this_seat.error == ""
    assert ChangeFeed(database).office().this_seat is None


def test_a_database_from_before_per_seat_outcomes_still_reads(database, hub) -> None:
    with database.session() as session:
        session.add(SyncState(key="last_sync_at", value="2026-11-25T00:00:00+00:00"))
        session.add(SyncState(key="last_sync_error", value="the hub cannot be reached"))
    assert not _reachable(database)
    assert _last_pull(database) == datetime.fromisoformat("2026-11-25T00:00:00+00:00")
    with database.session() as session:
        session.get(SyncState, "last_sync_error").value = ""
    assert _reachable(database)

    # Once a seat has an outcome of its own, the office-wide rows no longer speak.
    with database.session() as session:
        session.get(SyncState, "last_sync_error").value = "the hub cannot be reached"
    assert _engine(database, hub.url, "窓口1").sync_once().ok
    assert _reachable(database)
    assert _last_pull(database) > datetime.fromisoformat("2026-11-25T00:00:00+00:00")


def test_a_seat_is_keyed_by_its_pc_so_a_restart_finds_its_outcome(database) -> None:
    from desktop.sync_outcome import record_outcome

    long_pc = "窓口" + "X" * 58
    first_run = f"{long_pc} pid 4242 #a1b2c3"
    restarted = f"{long_pc} pid 977 #0f0f0f"
    assert seat_key(first_run) == seat_key(restarted) and len(seat_key(first_run)) <= 40
    with database.session() as session:
        record_outcome(session, first_run, ["the hub cannot be reached"], pulled=False)
    with database.session() as session:
        found = seat_outcome(session, restarted)
        assert found is not None and found.seat == long_pc and not found.reached_hub
        assert session.scalar(select(SyncState.value).where(SyncState.key == LAST_PULL_KEY)) is None


def test_a_damaged_outcome_row_counts_as_none(database) -> None:
    with database.session() as session:
        session.add(SyncState(key=seat_key("窓口1"), value="{not json"))
    with database.session() as session:
        assert seat_outcome(session, "窓口1") is None
        assert all_outcomes(session) == []
    assert not _reachable(database)


def test_a_seat_that_asked_the_hub_nothing_does_not_say_it_answers(
    database, other_seat_database, hub, closed_url
) -> None:
    assert not _engine(database, closed_url, "窓口1").sync_once().ok
    assert acquire_lease(database, PULL_LEASE, "窓口3", 60).acquired
    try:
        # Nothing to send and the pull taken: this seat's sync asks the hub nothing.
        report = _engine(other_seat_database, closed_url, "窓口2").sync_once()
    finally:
        release_lease(database, PULL_LEASE, "窓口3")
    assert report.ok and not report.asked_hub
    assert last_error(database, "窓口2") == ""
    assert not _reachable(database), "the last seat that asked the hub could not reach it"
    assert _engine(other_seat_database, hub.url, "窓口2").sync_once().ok
    assert _reachable(database)


def test_db_status_lists_each_pcs_last_sync_and_the_offices_last_pull(
    database, database_url, other_seat_database, hub, closed_url, capsys
) -> None:
    from desktop.cli import main
    from desktop.cli.common import EXIT_OK

    assert main(["db", "status", "--database-url", database_url]) == EXIT_OK
    assert "last completed pull: never" in capsys.readouterr().out
    assert _engine(other_seat_database, hub.url, "窓口2").sync_once().ok
    assert not _engine(database, closed_url, "窓口1").sync_once().ok
    assert main(["db", "status", "--database-url", database_url]) == EXIT_OK
    lines = capsys.readouterr().out.splitlines()
    pull = [line for line in lines if line.startswith("last completed pull: ")]
    assert len(pull) == 1 and "never" not in pull[0]
    seats = [line for line in lines if line.startswith("last sync of ")]
    assert len(seats) == 2
    assert seats[0].startswith("last sync of 窓口1: ") and "error: " in seats[0]
    assert "cannot be reached" in seats[0]
    assert seats[1].startswith("last sync of 窓口2: ") and seats[1].endswith(", ok")
