"""A bureau's database from the first release, upgraded through every migration, loses nothing.

The data is written as the first schema held it (plain SQL against
revision 0001: notices with their versions, decisions in every outbox
state, a clerk, audit rows, the pull cursor); then every migration runs,
and the rows are read back through what the window and the command line
use today: the list, its search and sorts, a notice's history, the
outbox, sign-in and the audit chain.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from desktop.domain.calendar import due_date
from desktop.domain.notice import notice_from_payload
from desktop.domain.text import fold_for_search
from desktop.store.ingest import payload_json
from tests.support import sample_payload

pytestmark = pytest.mark.slow

PASSWORD = "Upgrade-2026-x"
RECEIVED = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
PLACES = [  # address, building, kana
    ("東京都昭島市昭和町2丁目10番", "コーポ昭和 101", "スズキ ハナコ"),
    ("東京都昭島市昭和町2丁目9番", "", "タナカ イチロウ"),
    ("東京都羽村市栄町1丁目3番", "", "アベ ジロウ"),
]


def _payload(number: int, version: int = 1) -> dict:  # type: ignore[type-arg]
    address, building, kana = PLACES[number - 1]
    payload = sample_payload(
        number,
        user={"name": f"{kana[:2]} 様", "kana": kana},
        service_address={"postal_code": "1960015", "address": address, "building": building},
    )
    payload["version"] = version
    if version > 1:  # the filer corrected the phone number
        payload["contact"] = {"phone": "042-000-0002", "email": "taro@example.jp"}
    return payload


def _insert_notice(connection, number: int, *, status: str, versions: int = 1) -> int:  # type: ignore[no-untyped-def]
    """A notice as revision 0001 stored it, with each of its versions."""
    latest = notice_from_payload(_payload(number, versions))
    address = latest.service_address
    connection.execute(
        text(
            "INSERT INTO notices (receipt_number, version, kind, hub_state, status, source,"
            " submitted_at, move_date, due_date, customer_number, postal_code, address, building,"
            " name, kana, phone, name_key, kana_key, address_key, payload, assignee, claimed_at,"
            " needs_review, reviewed_version, received_at, updated_at) VALUES (:receipt, :version,"
            " :kind, 'submitted', :status, 'hub', :submitted, :move, :due, :customer, :postal,"
            " :address, :building, :name, :kana, :phone, :name_key, :kana_key, :address_key,"
            " :payload, NULL, NULL, :review, :reviewed, :at, :at)"
        ),
        {
            "receipt": latest.receipt_number,
            "version": versions,
            "kind": latest.kind,
            "status": status,
            "submitted": latest.submitted_at,
            "move": latest.move_date,
            "due": due_date(latest.submitted_date_jst, latest.move_date),
            "customer": latest.customer_number,
            "postal": address.postal_code,
            "address": address.address,
            "building": address.building,
            "name": latest.name,
            "kana": latest.kana,
            "phone": latest.phone,
            "name_key": fold_for_search(latest.name),
            "kana_key": fold_for_search(latest.kana),
            "address_key": fold_for_search(address.address + address.building),
            "payload": payload_json(latest),
            "review": versions > 1,
            "reviewed": 1 if versions > 1 else None,
            "at": RECEIVED,
        },
    )
    notice_id = connection.scalar(
        text("SELECT id FROM notices WHERE receipt_number = :r"), {"r": latest.receipt_number}
    )
    for version in range(1, versions + 1):
        connection.execute(
            text(
                "INSERT INTO notice_versions (notice_id, version, payload, received_at)"
                " VALUES (:id, :version, :payload, :at)"
            ),
            {
                "id": notice_id,
                "version": version,
                "payload": payload_json(notice_from_payload(_payload(number, version))),
                "at": RECEIVED,
            },
        )
    return notice_id


def _insert_decision(connection, notice_id: int, receipt: str, state: str, n: int) -> None:  # type: ignore[no-untyped-def]
    connection.execute(
        text(
            "INSERT INTO decisions (notice_id, receipt_number, version, decision, staff,"
            " reason_code, reason_text, customer_number, decided_at, idempotency_key,"
            " outbox_state, attempts, last_error, sent_at, hub_decision_id) VALUES (:id, :receipt,"
            " 1, :decision, 'clerk1', :reason, NULL, :customer, :at, :key, :state, :attempts,"
            " NULL, :sent, :hub_id)"
        ),
        {
            "id": notice_id,
            "receipt": receipt,
            "decision": "accept" if state == "sent" else "reject",
            "reason": None if state == "sent" else "outside_area",
            "customer": "0012345" if state == "sent" else None,
            "at": RECEIVED,
            "key": f"upgrade-{n}",
            "state": state,
            "attempts": 1 if state == "sent" else 0,
            "sent": RECEIVED if state == "sent" else None,
            "hub_id": "HUB-1" if state == "sent" else None,
        },
    )


def _first_release_database(connection) -> dict[str, int]:  # type: ignore[no-untyped-def]
    from desktop.staff import hash_password

    accepted = _insert_notice(connection, 1, status="accepted")
    changed = _insert_notice(connection, 2, status="new", versions=2)
    rejected = _insert_notice(connection, 3, status="rejected")
    _insert_decision(connection, accepted, "T00000001", "sent", 1)
    _insert_decision(connection, rejected, "T00000003", "pending", 2)
    connection.execute(
        text(
            "INSERT INTO staff (user_id, display_name, role, password_hash, failed_attempts,"
            " locked, active, created_at, password_changed_at, last_login_at) VALUES ('clerk1',"
            " '窓口 一郎', 'clerk', :hash, 0, :no, :yes, :at, :at, NULL)"
        ),
        {"hash": hash_password(PASSWORD), "no": False, "yes": True, "at": RECEIVED},
    )
    # The first release recorded each account it created, with its role, as this one does.
    written = (
        ("admin", "staff_created", "clerk1", "clerk"),
        ("clerk1", "view", "T00000001", ""),
        ("clerk1", "decide", "T00000001", "accept"),
    )
    for staff, action, target, detail in written:
        connection.execute(
            text(
                "INSERT INTO audit_log (at, staff, action, target, detail)"
                " VALUES (:at, :staff, :action, :target, :detail)"
            ),
            {"at": RECEIVED, "staff": staff, "action": action, "target": target, "detail": detail},
        )
    connection.execute(text("INSERT INTO sync_state (key, value) VALUES ('pull_cursor', 'QzE3')"))
    return {"accepted": accepted, "changed": changed, "rejected": rejected}


def test_a_first_release_database_upgraded_to_this_one_keeps_every_row(
    database_url: str,
) -> None:
    from alembic import command

    from desktop.audit_chain import verify_chain
    from desktop.listing import NoticeListing
    from desktop.queries import NoticeFilter
    from desktop.service import NoticeService
    from desktop.staff import StaffService
    from desktop.store.database import _alembic_config, make_engine, open_database
    from desktop.store.leases import NOTICE_CURSOR, read_cursor

    engine = make_engine(database_url)
    with engine.begin() as connection:
        config = _alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        ids = _first_release_database(connection)
        command.upgrade(config, "head")
    engine.dispose()

    database = open_database(database_url)
    try:
        listing = NoticeListing(database)
        every = listing.find(NoticeFilter(sort="receipt_number"))
        assert list(every.ids) == [ids["accepted"], ids["changed"], ids["rejected"]]
        rows = listing.rows(every.ids)
        assert rows[ids["accepted"]].address == "東京都昭島市昭和町2丁目10番 コーポ昭和 101"
        # Keys the later releases added were filled in for the old rows.
        by_address = listing.find(NoticeFilter(sort="address"))
        assert list(by_address.ids) == [ids["changed"], ids["accepted"], ids["rejected"]]
        assert set(listing.find(NoticeFilter(search="昭和町")).ids) == {
            ids["accepted"],
            ids["changed"],
        }
        assert list(listing.find(NoticeFilter(search="たなか")).ids) == [ids["changed"]]

        changed = listing.detail(ids["changed"])
        assert changed is not None and [v.version for v in changed.versions] == [1, 2]
        assert changed.needs_review and changed.reviewed_version == 1
        assert [c.key for c in changed.unseen_changes] == ["phone"]
        assert changed.notice.phone == "042-000-0002"

        sent = listing.detail(ids["accepted"])
        assert sent is not None and [d.outbox_state for d in sent.decisions] == ["sent"]
        assert NoticeService(database).pending_decisions() == 1

        member = StaffService(database).authenticate("clerk1", PASSWORD)
        assert (member.user_id, member.role) == ("clerk1", "clerk")

        report = verify_chain(database, checkpoints=False)
        assert report.intact, report
        assert report.rows >= 4  # the three old rows, sealed, and the sign-in after them
        position = read_cursor(database, NOTICE_CURSOR)
        assert position.cursor == "QzE3"
    finally:
        database.close()
