"""The retention purge removes exactly the residents whose move is past retention, and no one younger."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop import audit
from desktop.cli import main
from desktop.cli.common import EXIT_AUTH, EXIT_OK
from desktop.retention import RetentionPurge, retention_cutoff
from desktop.staff import StaffService
from desktop.store.models import (
    AuditEntry,
    Decision,
    NoticeRecord,
    NoticeVersion,
    QuarantinedPayload,
)
from fax.store_models import FaxCallAttempt, FaxJob, FaxJobPage, ReceivedFax

TODAY = date(2026, 12, 1)
RETENTION = 1826
CUTOFF = retention_cutoff(TODAY, RETENTION)


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC)


@dataclass
class Store:
    """A store with residents on both sides of the cutoff, their faxes and their files."""

    database: object
    fax_folder: Path
    files: dict[str, Path]
    names: dict[str, str]

    def receipts(self) -> set[str]:
        with self.database.session() as session:
            return set(session.scalars(select(NoticeRecord.receipt_number)))

    def snapshot(self) -> dict[str, object]:
        with self.database.session() as session:
            counts = {
                model.__tablename__: session.scalar(select(func.count()).select_from(model))
                for model in (
                    NoticeRecord,
                    NoticeVersion,
                    Decision,
                    QuarantinedPayload,
                    ReceivedFax,
                    FaxJob,
                    FaxJobPage,
                    FaxCallAttempt,
                    AuditEntry,
                )
            }
        counts["files"] = sorted(p.name for p in self.fax_folder.iterdir())
        return counts


def _notice(session, receipt: str, move_date: date, name: str, *, versions: int = 1) -> int:  # type: ignore[no-untyped-def]
    now = _at(move_date - timedelta(days=20))
    payload = {"receipt_number": receipt, "user": {"name": name}, "phone": "090-0000-0000"}
    row = NoticeRecord(
        receipt_number=receipt,
        version=versions,
        kind="move_in",
        hub_state="submitted",
        status="new",
        source="hub",
        submitted_at=now,
        move_date=move_date,
        due_date=move_date,
        customer_number="",
        postal_code="1960015",
        address=f"{name}の住所 1-2-3",
        building="",
        name=name,
        kana="カナ",
        phone="090-0000-0000",
        name_key=name,
        kana_key="カナ",
        address_key=f"{name}の住所",
        payload=json.dumps(payload, ensure_ascii=False),
        received_at=now,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    for version in range(1, versions + 1):
        session.add(
            NoticeVersion(
                notice_id=row.id,
                version=version,
                payload=json.dumps(payload, ensure_ascii=False),
                received_at=now,
            )
        )
    audit.record(session, "yamada", "view", receipt)
    return row.id


def _decision(session, notice_id: int, receipt: str, state: str, day: date) -> None:  # type: ignore[no-untyped-def]
    session.add(
        Decision(
            notice_id=notice_id,
            receipt_number=receipt,
            version=1,
            decision="accept",
            staff="yamada",
            reason_text="本人から電話あり",
            decided_at=_at(day),
            idempotency_key=f"key-{receipt}",
            outbox_state=state,
            attempts=0,
        )
    )
    audit.record(session, "yamada", "accept", receipt, '{"version": 1}')


def _received(session, folder: Path, name: str, day: date, receipts: str | None) -> Path:  # type: ignore[no-untyped-def]
    path = folder / f"received-{name}.tif"
    path.write_bytes(b"II*\x00 a resident's page")
    session.add(
        ReceivedFax(
            received_at=_at(day),
            remote_id="0399990000",
            file_path=str(path),
            page_count=1,
            notice_receipt_number=receipts,
        )
    )
    return path


def _job(session, subject: str, day: date, state: str) -> None:  # type: ignore[no-untyped-def]
    job = FaxJob(
        number="0422220001",
        subject=subject,
        document=b"II*\x00 a notice sheet",
        page_count=1,
        state=state,
        created_by="yamada",
        created_at=_at(day),
        updated_at=_at(day),
    )
    job.pages = [FaxJobPage(page_number=1, state="sent" if state == "sent" else "pending")]
    job.calls = [FaxCallAttempt(started_at=_at(day), ended_at=_at(day), outcome="ok")]
    session.add(job)


@pytest.fixture
def store(database, tmp_path: Path) -> Store:  # type: ignore[no-untyped-def]
    folder = tmp_path / "fax"
    folder.mkdir()
    old, young = date(2020, 5, 1), date(2024, 1, 10)
    names = {
        "OLD-1": "古川 一郎",
        "OLD-2": "古田 二郎",  # expired, but its decision still waits for the hub
        "EDGE-GO": "境 去子",  # the day before the cutoff
        "EDGE-KEEP": "境 残子",  # on the cutoff: not older than the retention period
        "YOUNG-1": "若林 花子",
    }
    moves = {
        "OLD-1": old,
        "OLD-2": old,
        "EDGE-GO": CUTOFF - timedelta(days=1),
        "EDGE-KEEP": CUTOFF,
        "YOUNG-1": young,
    }
    files = {}
    with database.session() as session:
        ids = {
            receipt: _notice(session, receipt, moves[receipt], name, versions=2)
            for receipt, name in names.items()
        }
        _decision(session, ids["OLD-1"], "OLD-1", "sent", old)
        _decision(session, ids["OLD-2"], "OLD-2", "pending", old)
        _decision(session, ids["YOUNG-1"], "YOUNG-1", "sent", young)
        for receipt, day in (("OLD-1", old), ("YOUNG-1", young), (None, date(2019, 1, 5))):
            session.add(
                QuarantinedPayload(
                    received_at=_at(day),
                    receipt_number=receipt,
                    reason="bad postal code",
                    payload='{"name": "壊れた 届出"}',
                    payload_size=20,
                )
            )
        files["old-1"] = _received(session, folder, "old-1", old, "OLD-1")
        files["old-1-and-young"] = _received(session, folder, "old-1-young", old, "OLD-1,YOUNG-1")
        files["old-2"] = _received(session, folder, "old-2", old, "OLD-2")
        files["edge-go-recent"] = _received(session, folder, "edge-go", TODAY, "EDGE-GO")
        files["untyped-old"] = _received(session, folder, "untyped-old", date(2019, 2, 1), None)
        files["untyped-new"] = _received(session, folder, "untyped-new", TODAY, None)
        _job(session, "受付票 OLD-1", date(2019, 3, 1), "sent")
        _job(session, "受付票 YOUNG-1", young, "sent")
        _job(session, "never sent", date(2019, 3, 1), "queued")
    return Store(database, folder, files, names)


def _purge(store: Store, **options) -> RetentionPurge:  # type: ignore[no-untyped-def]
    return RetentionPurge(
        store.database, RETENTION, today=lambda: TODAY, fax_folder=store.fax_folder, **options
    )


def test_the_purge_removes_exactly_the_expired_residents(store: Store) -> None:
    seen: list[tuple[int, int]] = []
    report = _purge(store, batch_size=1).run(
        progress=lambda _s, done, total: seen.append((done, total))
    )
    assert store.receipts() == {"OLD-2", "EDGE-KEEP", "YOUNG-1"}
    assert (report.notices, report.versions, report.decisions, report.held) == (2, 4, 1, 1)
    assert (report.received_faxes, report.fax_jobs, report.quarantined) == (3, 1, 2)
    assert seen[0] == (0, 2) and seen[-1] == (2, 2)
    with store.database.session() as session:
        assert session.scalar(select(func.count()).select_from(NoticeVersion)) == 6
        states = {d.receipt_number: d.outbox_state for d in session.scalars(select(Decision))}
        assert states == {"OLD-2": "pending", "YOUNG-1": "sent"}
        quarantined = set(session.scalars(select(QuarantinedPayload.receipt_number)))
        assert quarantined == {"YOUNG-1"}
        subjects = set(session.scalars(select(FaxJob.subject)))
        assert subjects == {"受付票 YOUNG-1", "never sent"}
        assert session.scalar(select(func.count()).select_from(FaxJobPage)) == 2
        assert session.scalar(select(func.count()).select_from(FaxCallAttempt)) == 2
        kept_faxes = set(session.scalars(select(ReceivedFax.file_path)))
    gone = {"old-1", "edge-go-recent", "untyped-old"}
    for key, path in store.files.items():
        assert path.exists() == (key not in gone), key
        assert (str(path) in kept_faxes) == (key not in gone), key


def test_the_audit_keeps_receipts_and_actions_and_records_the_purge_by_counts(store) -> None:
    _purge(store).run(staff="kanri")
    with store.database.session() as session:
        entries = session.scalars(select(AuditEntry)).all()
    kept = {(e.action, e.target) for e in entries}
    assert {("view", "OLD-1"), ("accept", "OLD-1"), ("view", "EDGE-GO")} <= kept
    purges = [e for e in entries if e.action == "purge"]
    assert purges and all(e.staff == "kanri" for e in purges)
    totals: dict[str, int] = {}
    for entry in purges:
        for key, value in json.loads(entry.detail).items():
            totals[key] = totals.get(key, 0) + value
    assert totals["notices"] == 2 and totals["received_faxes"] == 3
    everything = " ".join(f"{e.target} {e.detail}" for e in entries)
    assert not any(name in everything for name in store.names.values())


def test_a_dry_run_lists_what_would_go_and_changes_nothing(store: Store) -> None:
    before = store.snapshot()
    plan = _purge(store).plan()
    assert store.snapshot() == before
    assert [n.receipt_number for n in plan.notices] == ["OLD-1", "EDGE-GO"]
    assert [n.receipt_number for n in plan.held] == ["OLD-2"]
    assert (plan.received_faxes, plan.fax_jobs, plan.quarantined) == (3, 1, 2)
    assert plan.cutoff == CUTOFF


def test_a_crash_midway_leaves_whole_batches_and_the_next_run_finishes(store, monkeypatch) -> None:
    original = audit.record
    calls = {"purge": 0}

    def failing_record(session, staff, action, *args):  # type: ignore[no-untyped-def]
        if action == "purge":
            calls["purge"] += 1
            if calls["purge"] == 2:
                raise OSError("the disk went away")
        return original(session, staff, action, *args)

    monkeypatch.setattr(audit, "record", failing_record)
    with pytest.raises(OSError):
        _purge(store, batch_size=1).run()
    # The first batch is wholly gone, the second wholly there.
    assert store.receipts() == {"EDGE-GO", "OLD-2", "EDGE-KEEP", "YOUNG-1"}
    with store.database.session() as session:
        versions = session.execute(
            select(NoticeRecord.receipt_number, func.count(NoticeVersion.id))
            .join(NoticeVersion, NoticeVersion.notice_id == NoticeRecord.id)
            .group_by(NoticeRecord.receipt_number)
        ).all()
    assert dict(versions) == {r: 2 for r in store.receipts()}
    monkeypatch.setattr(audit, "record", original)
    _purge(store, batch_size=1).run()
    assert store.receipts() == {"OLD-2", "EDGE-KEEP", "YOUNG-1"}


def test_a_decision_saved_while_a_batch_is_chosen_still_keeps_its_notice(
    store, monkeypatch
) -> None:
    from sqlalchemy import exists, false

    import desktop.retention

    # As if the clerk's decision committed after the batch query's snapshot:
    # the query does not see it, the check under the lock does.
    monkeypatch.setattr(
        desktop.retention,
        "_awaits_hub",
        lambda: exists().where(Decision.notice_id == NoticeRecord.id, false()),
    )
    report = _purge(store, batch_size=10).run()
    assert "OLD-2" in store.receipts() and report.notices == 2
    with store.database.session() as session:
        assert (
            session.scalar(select(Decision.outbox_state).where(Decision.receipt_number == "OLD-2"))
            == "pending"
        )


def test_a_file_orphaned_by_a_crash_is_swept_next_time(store: Store) -> None:
    import os

    orphan = store.fax_folder / "received-20190101-000000-000000.tif"
    orphan.write_bytes(b"II*\x00 left behind")
    old = (datetime.now(UTC) - timedelta(days=3)).timestamp()
    os.utime(orphan, (old, old))
    just_written = store.fax_folder / "received-now.tif"
    just_written.write_bytes(b"II*\x00 its row is being written")
    _purge(store).run()
    assert not orphan.exists() and just_written.exists()


def test_nothing_goes_when_everything_is_young(store: Store) -> None:
    before = store.snapshot()
    report = RetentionPurge(store.database, 36500, today=lambda: TODAY).run()
    assert report.notices == 0 and store.snapshot()["notices"] == before["notices"]
    assert store.snapshot()["files"] == before["files"]


# -- the command line -------------------------------------------------------------------


@pytest.fixture
def cli_store(database_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    from desktop.store.database import open_database

    database = open_database(database_url)
    staff = StaffService(database)
    staff.create("kanri", "管理 太郎", "supervisor", "Long-enough-9", created_by="t")
    staff.create("mitai", "見田 次郎", "viewer", "Long-enough-8", created_by="t")
    today = date.today()
    with database.session() as session:
        _notice(session, "CLI-OLD", today - timedelta(days=3000), "古川 一郎")
        _notice(session, "CLI-NEW", today - timedelta(days=30), "若林 花子")
    yield database
    database.close()


def _cli(database_url: str, monkeypatch, password: str, *extra: str) -> int:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    return main(["purge", *extra, "--password-stdin", "--database-url", database_url])


def _receipts(database) -> set[str]:  # type: ignore[no-untyped-def]
    with database.session() as session:
        return set(session.scalars(select(NoticeRecord.receipt_number)))


def test_movedesk_purge_dry_run_then_purge(cli_store, database_url, monkeypatch, capsys) -> None:
    flags = ("--staff", "kanri")
    assert _cli(database_url, monkeypatch, "Long-enough-9", "--dry-run", *flags) == EXIT_OK
    out = capsys.readouterr().out
    assert "CLI-OLD" in out and "CLI-NEW" not in out and "古川" not in out
    assert _receipts(cli_store) == {"CLI-OLD", "CLI-NEW"}
    assert _cli(database_url, monkeypatch, "Long-enough-9", *flags) == EXIT_OK
    assert "purged 1 notices" in capsys.readouterr().out
    assert _receipts(cli_store) == {"CLI-NEW"}
    with cli_store.session() as session:
        assert session.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.action == "purge", AuditEntry.staff == "kanri")
        )


def test_movedesk_purge_needs_a_supervisor_and_the_password(
    cli_store, database_url, monkeypatch, capsys
) -> None:
    assert _cli(database_url, monkeypatch, "Long-enough-8", "--staff", "mitai") == EXIT_AUTH
    assert "supervisor" in capsys.readouterr().err
    assert _cli(database_url, monkeypatch, "wrong-password", "--staff", "kanri") == EXIT_AUTH
    assert _cli(database_url, monkeypatch, "x", "--staff", "nobody") == EXIT_AUTH
    assert _receipts(cli_store) == {"CLI-OLD", "CLI-NEW"}


def test_faxed_copies_of_expired_notices_go_with_them(store: Store) -> None:
    """A copy read off a fax that stays (it also names a younger notice) holds the resident too."""
    from desktop.store.models import FaxEvidence

    with store.database.session() as session:
        shared = session.scalar(
            select(ReceivedFax.id).where(ReceivedFax.notice_receipt_number == "OLD-1,YOUNG-1")
        )
        for receipt in ("OLD-1", "YOUNG-1"):
            session.add(
                FaxEvidence(
                    received_fax_id=shared,
                    pages="1",
                    receipt_number=receipt,
                    version=2,
                    hub_state="changed",
                    payload=f'{{"name": "{store.names[receipt]}"}}',
                    signature="unsigned",
                    relation="newer",
                    state="evidence",
                    received_at=_at(TODAY),
                )
            )
    report = _purge(store).run()
    assert report.faxed_copies == 1
    with store.database.session() as session:
        left = session.scalars(select(FaxEvidence.receipt_number)).all()
    assert left == ["YOUNG-1"]
