"""The audit log's hash chain finds what was changed behind MoveDesk's back."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select, text

from desktop import audit
from desktop.audit_chain import note_checkpoint, row_digest, verify_and_note, verify_chain
from desktop.store.database import open_database
from desktop.store.models import AuditEntry
from desktop.store.triggers import present_guards


def _fill(database, count: int = 6) -> list[int]:
    for number in range(count):
        with database.session() as session:
            audit.record(session, "clerk1", "view", f"T{number:08d}", f"detail {number}")
    with database.session() as session:
        return list(session.scalars(select(AuditEntry.id).order_by(AuditEntry.id)))


def _behind_the_back(database, *statements: str) -> None:
    """What someone with the database and a SQL prompt can do: drop the guards, then write."""
    if database.dialect == "sqlite":
        path = database.engine.url.database
        connection = sqlite3.connect(path)
        connection.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        connection.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
        for statement in statements:
            connection.execute(statement)
        connection.commit()
        connection.close()
        return
    with database.engine.begin() as connection:
        connection.execute(text("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log"))
        for statement in statements:
            connection.execute(text(statement))


def test_rows_written_by_movedesk_form_an_intact_chain(database) -> None:
    ids = _fill(database)
    report = verify_chain(database)
    assert report.intact and report.rows == len(ids) and report.last_seq == len(ids)
    with database.session() as session:
        first = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).first()
    assert first.seq == 1 and first.prev_hash == "0" * 64
    assert first.row_hash == row_digest(
        first.prev_hash, 1, first.at, "clerk1", "view", "T00000000", "detail 0"
    )


def test_an_edited_row_is_found_and_named(database) -> None:
    ids = _fill(database)
    _behind_the_back(database, f"UPDATE audit_log SET staff = 'someone' WHERE id = {ids[2]}")
    report = verify_chain(database)
    assert [(p.kind, p.row_id) for p in report.problems] == [("edited", ids[2])]
    assert f"row id {ids[2]}" in report.problems[0].describe()


def test_a_deleted_row_is_found_and_named(database) -> None:
    ids = _fill(database)
    _behind_the_back(database, f"DELETE FROM audit_log WHERE id = {ids[3]}")
    report = verify_chain(database)
    assert [(p.kind, p.row_id, p.missing) for p in report.problems] == [("deleted", ids[4], 1)]


def test_an_inserted_row_is_found_and_named(database) -> None:
    ids = _fill(database)
    # A row passed off with a hash and chain link copied from a genuine one.
    _behind_the_back(
        database,
        "INSERT INTO audit_log (id, at, staff, action, target, detail, seq, prev_hash, row_hash) "
        f"SELECT {ids[-1] + 100}, at, 'boss', 'decide', 'T99999999', '', 1000, prev_hash, "
        f"row_hash FROM audit_log WHERE id = {ids[1]}",
    )
    report = verify_chain(database)
    assert [(p.kind, p.row_id) for p in report.problems] == [("inserted", ids[-1] + 100)]


def test_rows_cut_off_the_end_are_found_against_the_stored_head(database) -> None:
    ids = _fill(database)
    _behind_the_back(database, f"DELETE FROM audit_log WHERE id >= {ids[4]}")
    report = verify_chain(database)
    assert [(p.kind, p.missing) for p in report.problems] == [("tail_missing", 2)]


def test_a_row_appended_without_a_seal_is_found(database) -> None:
    ids = _fill(database)
    _behind_the_back(
        database,
        "INSERT INTO audit_log (at, staff, action, target, detail) "
        "VALUES ('2026-01-01 00:00:00.000000', 'boss', 'decide', 'T1', '')",
    )
    report = verify_chain(database)
    assert [p.kind for p in report.problems] == ["inserted"]
    assert report.problems[0].row_id not in ids


def test_a_rewritten_chain_is_found_by_this_pcs_checkpoint(database) -> None:
    _fill(database, 4)
    assert verify_and_note(database).intact  # this PC records the head it verified
    # Someone rewrites a row and reseals every row from there, head included.
    with database.session() as session:
        rows = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    prev = rows[0].row_hash
    statements = [f"UPDATE audit_log SET staff = 'nobody' WHERE id = {rows[1].id}"]
    for row in rows[1:]:
        staff = "nobody" if row is rows[1] else row.staff
        digest = row_digest(prev, row.seq, row.at, staff, row.action, row.target, row.detail)
        statements.append(
            f"UPDATE audit_log SET prev_hash = '{prev}', row_hash = '{digest}' WHERE id = {row.id}"
        )
        prev = digest
    statements.append(f"UPDATE audit_chain SET last_hash = '{prev}'")
    _behind_the_back(database, *statements)
    report = verify_chain(database)
    assert [p.kind for p in report.problems] == ["checkpoint"]


def test_a_dropped_sqlite_guard_is_recreated_at_the_next_start(tmp_path: Path) -> None:
    url = f"sqlite:///{(tmp_path / 'guards.sqlite3').as_posix()}"
    database = open_database(url)
    _fill(database, 2)
    database.close()
    connection = sqlite3.connect(tmp_path / "guards.sqlite3")
    connection.execute("DROP TRIGGER audit_log_no_update")
    connection.commit()
    connection.close()

    database = open_database(url)  # an ordinary start
    with database.engine.connect() as connection:
        assert {"audit_log_no_update", "audit_log_no_delete"} <= present_guards(connection)
    with pytest.raises(Exception, match="append-only"), database.session() as session:
        session.execute(text("UPDATE audit_log SET staff = 'x'"))
    with database.session() as session:
        restored = session.scalars(
            select(AuditEntry.detail).where(AuditEntry.action == "audit_guard_restored")
        ).all()
    assert restored == ["audit_log_no_update"]
    assert verify_chain(database).intact
    database.close()


def test_a_dropped_postgresql_guard_is_recreated_at_the_next_start(database) -> None:
    if database.dialect != "postgresql":
        pytest.skip("the SQLite case has its own test")
    with database.engine.begin() as connection:
        connection.execute(text("DROP TRIGGER audit_log_append_only ON audit_log"))
    database.migrate()
    with database.engine.connect() as connection:
        assert "audit_log_append_only" in present_guards(connection)


def test_two_writers_at_once_do_not_fork_the_chain(database_url: str) -> None:
    first, second = open_database(database_url), open_database(database_url)
    start = threading.Barrier(2)
    failures: list[BaseException] = []

    def write(database, who: str) -> None:
        try:
            start.wait()
            for number in range(40):
                with database.session() as session:
                    audit.record(session, who, "view", f"T{number:08d}")
        except BaseException as error:  # reported below, in the test's thread
            failures.append(error)

    threads = [
        threading.Thread(target=write, args=(first, "clerk1")),
        threading.Thread(target=write, args=(second, "clerk2")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    report = verify_chain(first)
    assert report.intact and report.rows == 80
    with first.session() as session:
        seqs = session.scalars(select(AuditEntry.seq).order_by(AuditEntry.id)).all()
        assert session.scalar(select(func.count(func.distinct(AuditEntry.staff)))) == 2
    assert seqs == list(range(1, 81))
    first.close()
    second.close()


def test_upgrading_an_old_database_seals_the_rows_it_already_has(tmp_path: Path) -> None:
    from alembic import command

    from desktop.store.database import _alembic_config, make_engine

    url = f"sqlite:///{(tmp_path / 'old.sqlite3').as_posix()}"
    engine = make_engine(url)
    with engine.begin() as connection:
        config = _alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "0003")
        for number in range(3):
            connection.execute(
                text(
                    "INSERT INTO audit_log (at, staff, action, target, detail) "
                    f"VALUES ('2026-11-0{number + 1} 09:00:00.000000', 'clerk1', 'view', "
                    f"'T{number}', '')"
                )
            )
    engine.dispose()
    database = open_database(url)
    with database.session() as session:
        audit.record(session, "clerk1", "view", "T3")
    report = verify_chain(database)
    assert report.intact and report.rows == 4 and report.last_seq == 4
    database.close()


def test_a_damaged_checkpoint_file_does_not_stop_verification(database) -> None:
    from desktop import paths

    _fill(database, 2)
    (paths.data_dir() / "audit-checkpoints.json").write_text("{not json", "utf-8")
    assert verify_chain(database).intact
    note_checkpoint(database)
    assert verify_chain(database).intact


def test_a_role_raised_behind_movedesks_back_is_found(database) -> None:
    from desktop.staff import StaffService

    service = StaffService(database)
    service.create("viewer1", "参照 花子", "viewer", "Kawa-no-nagare-7", created_by="setup")
    assert verify_chain(database).intact
    with database.engine.begin() as connection:  # the staff table has no guard of its own
        connection.execute(text("UPDATE staff SET role = 'supervisor' WHERE user_id = 'viewer1'"))
        connection.execute(
            text(
                "INSERT INTO staff (user_id, display_name, role, password_hash, failed_attempts, "
                "locked, active, created_at, password_changed_at, must_change_password) "
                "SELECT 'ghost', 'x', 'supervisor', password_hash, 0, locked, active, created_at, "
                "password_changed_at, must_change_password FROM staff WHERE user_id = 'viewer1'"
            )
        )
    problems = verify_chain(database).problems
    assert [(p.kind, p.account) for p in problems] == [
        ("staff_role", "viewer1"),
        ("staff_unrecorded", "ghost"),
    ]
    assert "role supervisor" in problems[0].describe()


def test_two_processes_appending_at_once_do_not_fork_the_chain(database_url: str) -> None:
    import subprocess
    import sys

    database = open_database(database_url)
    writer = (
        "import sys\n"
        "from desktop import audit\n"
        "from desktop.store.database import open_database\n"
        "database = open_database(sys.argv[1])\n"
        "print('ready', flush=True)\n"
        "sys.stdin.readline()\n"
        "for number in range(60):\n"
        "    with database.session() as session:\n"
        "        audit.record(session, sys.argv[2], 'view', f'T{number:08d}')\n"
    )
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", writer, database_url, who],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for who in ("seat1", "seat2")
    ]
    for process in processes:  # both connected before either writes
        assert process.stdout.readline().strip() == "ready"
    for process in processes:
        process.stdin.write("go\n")
        process.stdin.flush()
    for process in processes:
        process.stdin.close()
        assert process.wait(timeout=120) == 0
        process.stdout.close()
    report = verify_chain(database)
    assert report.intact and report.rows == 120
    with database.session() as session:
        seqs = session.scalars(select(AuditEntry.seq).order_by(AuditEntry.id)).all()
    assert seqs == list(range(1, 121))
    database.close()


def test_checkpoints_live_in_the_folder_they_are_given(database, tmp_path: Path) -> None:
    from desktop import paths

    _fill(database, 2)
    settings_folder = tmp_path / "elsewhere"
    assert verify_and_note(database, settings_folder).intact
    assert (settings_folder / "audit-checkpoints.json").exists()
    assert not (paths.data_dir() / "audit-checkpoints.json").exists()


_FIELD = st.none() | st.text(max_size=12)


@given(
    prev=_FIELD,
    seq=st.none() | st.integers(min_value=-5, max_value=10**9),
    at=st.text(max_size=30),
    staff=_FIELD,
    action=_FIELD,
    target=_FIELD,
    detail=_FIELD,
)
def test_the_quick_digest_for_stored_rows_is_the_same_digest(
    prev, seq, at, staff, action, target, detail
) -> None:  # type: ignore[no-untyped-def]
    from desktop.audit_chain import _stored_row_digest

    fields = (prev, seq, at, staff, action, target, detail)
    assert _stored_row_digest(*fields) == row_digest(*fields)
