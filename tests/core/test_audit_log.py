"""The supervisor's view of the audit log, the staff review, and the INSERT/SELECT-only role."""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.exc import DBAPIError

from desktop import audit
from desktop.audit_chain import verify_chain
from desktop.audit_log import AuditFilter, export_entries, find_entries, known_actions
from desktop.domain.accounts import StaffError, StaffMember, StaffPolicy
from desktop.staff import StaffService
from desktop.staff_inventory import review
from desktop.store.database import open_database
from desktop.store.models import AuditEntry, Staff

BOSS = StaffMember("boss", "監督 花子", "supervisor")
CLERK = StaffMember("clerk1", "窓口 一郎", "clerk")


@pytest.fixture
def logged(database):  # type: ignore[no-untyped-def]
    with database.session() as session:
        audit.record(session, "clerk1", "view", "T00000001")
        audit.record(session, "clerk1", "claim", "T00000001")
        audit.record(session, "clerk2", "view", "T00000002")
        audit.record(session, "boss", "export_csv", "move_in 2026-11-27", "3 rows")
    return database


def test_the_viewer_filters_by_staff_action_receipt_and_day(logged) -> None:
    rows, total = find_entries(logged, AuditFilter(staff="clerk1"), viewer=BOSS)
    assert total == 2 and [r.action for r in rows] == ["claim", "view"]  # newest first
    rows, _ = find_entries(logged, AuditFilter(action="view"), viewer=BOSS)
    assert {r.target for r in rows} == {"T00000001", "T00000002"}
    rows, _ = find_entries(logged, AuditFilter(target="T00000002"), viewer=BOSS)
    assert [r.staff for r in rows] == ["clerk2"]
    today = date.today()
    assert (
        find_entries(logged, AuditFilter(first_day=today + timedelta(days=2)), viewer=BOSS)[1] == 0
    )
    window = AuditFilter(first_day=today - timedelta(days=1), last_day=today + timedelta(days=1))
    assert find_entries(logged, window, viewer=BOSS)[1] == 4
    assert {"view", "claim", "export_csv"} <= set(known_actions(logged))


def test_only_supervisors_read_or_export_the_log(logged, tmp_path: Path) -> None:
    with pytest.raises(StaffError, match="監督者"):
        find_entries(logged, AuditFilter(), viewer=CLERK)
    with pytest.raises(StaffError, match="監督者"):
        export_entries(logged, AuditFilter(), tmp_path / "a.csv", by=CLERK)
    assert not (tmp_path / "a.csv").exists()


def test_an_export_to_cp932_names_what_it_cannot_carry(logged, tmp_path: Path) -> None:
    with logged.session() as session:
        audit.record(session, "clerk1", "view", "T00000003", "𠮷田 様")
    with pytest.raises(StaffError, match="U\\+20BB7"):
        export_entries(logged, AuditFilter(), tmp_path / "a.csv", by=BOSS, encoding="cp932")
    count = export_entries(logged, AuditFilter(), tmp_path / "a.csv", by=BOSS)
    assert count == 5 and "𠮷田" in (tmp_path / "a.csv").read_text("utf-8-sig")


def test_the_review_recommends_a_second_supervisor_and_names_unused_accounts(database) -> None:
    service = StaffService(database)
    service.create("boss", "監督 花子", "supervisor", "Correct-Horse-1", created_by="setup")
    service.create("clerk1", "窓口 一郎", "clerk", "Battery-Staple-2", created_by="boss")
    policy = StaffPolicy()
    assert review(database, policy).too_few_supervisors
    with database.session() as session:
        old = session.scalar(select(Staff.created_at).where(Staff.user_id == "clerk1"))
        session.execute(
            update(Staff)
            .where(Staff.user_id == "clerk1")
            .values(created_at=old - timedelta(days=125))
        )
    found = review(database, policy)
    assert [(r.user_id, r.unused_stage) for r in found.unused] == [("clerk1", 1)]
    with database.session() as session:
        session.execute(
            update(Staff)
            .where(Staff.user_id == "clerk1")
            .values(created_at=old - timedelta(days=155))
        )
    assert [r.unused_stage for r in review(database, policy).unused] == [2]
    service.create("boss2", "監督 次郎", "supervisor", "Second-Boss-8", created_by="boss")
    assert not review(database, policy).too_few_supervisors


APP_URL = os.environ.get("MOVEDESK_TEST_POSTGRES_APP_URL", "")


@pytest.mark.postgres
@pytest.mark.skipif(not APP_URL, reason="MOVEDESK_TEST_POSTGRES_APP_URL not set")
def test_an_insert_and_select_only_role_cannot_rewrite_the_log(database) -> None:
    """The set-up docs/security.md describes: the owner migrates, MoveDesk runs as another role."""
    if database.dialect != "postgresql":
        pytest.skip("a PostgreSQL set-up")
    from sqlalchemy.engine import make_url

    role = make_url(APP_URL).username
    with database.engine.begin() as connection:
        for statement in (
            f"GRANT USAGE ON SCHEMA public TO {role}",
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
            f"REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM {role}",
        ):
            connection.execute(text(statement))
    app = open_database(APP_URL)  # an ordinary start as the restricted role
    try:
        StaffService(app).create("boss", "監督 花子", "supervisor", "Correct-Horse-1", "setup")
        StaffService(app).authenticate("boss", "Correct-Horse-1")
        with app.engine.begin() as connection:
            connection.execute(text("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log"))
    except DBAPIError as error:
        assert "must be owner" in str(error.orig)
    else:
        pytest.fail("the restricted role could drop the guard trigger")
    try:
        for statement in (
            "UPDATE audit_log SET staff = 'someone'",
            "DELETE FROM audit_log",
            "TRUNCATE audit_log",
        ):
            with pytest.raises(DBAPIError, match="permission denied"), app.engine.begin() as c:
                c.execute(text(statement))
        with app.session() as session:
            assert session.scalars(select(AuditEntry.action)).all() == ["staff_created", "sign_in"]
        assert verify_chain(app).intact
    finally:
        app.close()
        with database.engine.begin() as connection:
            connection.execute(text(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role}"))
            connection.execute(text(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {role}"))
            connection.execute(text(f"REVOKE USAGE ON SCHEMA public FROM {role}"))
