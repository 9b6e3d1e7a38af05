"""Sync throughput against the hub simulator on loopback.

Pull: 10,000 notices pulled, validated and stored, against a reference of
parsing the same JSON pages and inserting the same rows with one
executemany into the same schema, measured in the same run.
Push: 1,000 queued decisions sent to the hub.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import requests
from sqlalchemy import insert, select

from desktop.domain.text import fold_for_search
from desktop.hub.client import HubClient, HubConfig
from desktop.hub.simulator import DEMO_PARTNER_ID, DEMO_PASSWORD
from desktop.service import Actor, NoticeService
from desktop.store.database import open_database
from desktop.store.models import NoticeRecord
from desktop.sync import SyncEngine, SyncReport

NOTICES = int(os.environ.get("BENCH_NOTICES", "10000"))
DECISIONS = int(os.environ.get("BENCH_DECISIONS", "1000"))
PAGE = 1000


def _reference_rows(items: list[dict]) -> list[dict]:
    now = datetime.now(UTC)
    rows = []
    for item in items:
        address = item["service_address"]
        rows.append(
            {
                "receipt_number": item["receipt_number"],
                "version": item["version"],
                "kind": item["kind"],
                "hub_state": item["hub_state"],
                "status": "new",
                "source": "hub",
                "submitted_at": datetime.fromisoformat(item["submitted_at"]),
                "move_date": datetime.fromisoformat(item["move_date"]).date(),
                "due_date": datetime.fromisoformat(item["move_date"]).date(),
                "customer_number": item.get("customer_number") or "",
                "postal_code": address["postal_code"],
                "address": address["address"],
                "building": address.get("building") or "",
                "name": item["user"]["name"],
                "kana": item["user"]["kana"],
                "phone": (item.get("contact") or {}).get("phone") or "",
                "name_key": fold_for_search(item["user"]["name"]),
                "kana_key": fold_for_search(item["user"]["kana"]),
                "address_key": fold_for_search(address["address"]),
                "payload": json.dumps(item, ensure_ascii=False),
                "needs_review": False,
                "received_at": now,
                "updated_at": now,
            }
        )
    return rows


class ExternalHub:
    """The simulator in its own process, as the real hub is on another machine."""

    def __init__(self, notices: int, port: int = 18765) -> None:
        self.url = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "desktop",
                "hub-sim",
                "--port",
                str(port),
                "--notices",
                str(notices),
                "--seed",
                "1",
                "--activity",
                "0",
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        first_line = self.process.stdout.readline()  # printed once it serves
        if "serving" not in first_line:
            raise RuntimeError(f"hub simulator did not start: {first_line!r}")

    def decisions(self) -> list[dict]:
        return requests.get(f"{self.url}/v1/_sim/decisions", timeout=30).json()

    def close(self) -> None:
        self.process.terminate()
        self.process.wait()


def bench_pull(folder: Path, hub: ExternalHub, client: HubClient) -> None:
    bodies = []
    cursor = None
    while True:
        response = client._session.get(  # the raw JSON the engine will read
            f"{hub.url}/v1/notices",
            params={"limit": PAGE, **({"cursor": cursor} if cursor else {})},
            headers={"Authorization": f"Bearer {client._login()}"},
            timeout=30,
        )
        bodies.append(response.content)
        page = json.loads(response.content)
        cursor = page["next_cursor"]
        if not page["has_more"]:
            break

    reference_db = open_database(f"sqlite:///{folder / 'reference.sqlite3'}")
    started = time.perf_counter()
    items = [item for body in bodies for item in json.loads(body)["items"]]
    rows = _reference_rows(items)
    with reference_db.engine.begin() as connection:
        connection.execute(insert(NoticeRecord), rows)
    reference = time.perf_counter() - started
    reference_db.close()

    database = open_database(f"sqlite:///{folder / 'sync.sqlite3'}")
    engine = SyncEngine(database, client, page_size=PAGE)
    report = SyncReport()
    started = time.perf_counter()
    engine.pull_changes(report)
    ours = time.perf_counter() - started
    with database.session() as session:
        stored = len(session.scalars(select(NoticeRecord.id)).all())
    database.close()
    assert stored == NOTICES == report.new, (stored, report.summary())
    print(f"pull+store {NOTICES} notices: {ours:.2f} s ({NOTICES / ours:,.0f}/s)")
    print(f"  reference json.loads + one executemany of the same rows: {reference:.2f} s")
    print(f"  ratio ours/reference: {ours / reference:.2f}x (target <= 3x); under 5 s: {ours < 5}")


def bench_push(folder: Path, hub: ExternalHub, client: HubClient) -> None:
    database = open_database(f"sqlite:///{folder / 'sync.sqlite3'}")
    service = NoticeService(database)
    clerk = Actor("bench", "clerk")
    with database.session() as session:
        receipts = session.scalars(
            select(NoticeRecord.receipt_number).order_by(NoticeRecord.id).limit(DECISIONS)
        ).all()
    for number, receipt in enumerate(receipts):
        service.decide(receipt, "accept", clerk, customer_number=f"{number:07d}")
    engine = SyncEngine(
        database,
        client,
        page_size=PAGE,
        make_client=lambda: HubClient(HubConfig(hub.url, DEMO_PARTNER_ID, DEMO_PASSWORD)),
    )
    report = SyncReport()
    started = time.perf_counter()
    engine.push_pending(report)
    elapsed = time.perf_counter() - started
    database.close()
    assert report.pushed == DECISIONS == len(hub.decisions()), report.summary()
    rate = DECISIONS / elapsed
    print(
        f"push {DECISIONS} decisions: {elapsed:.2f} s = {rate:,.0f} decisions/s (target >= 200/s)"
    )


def main() -> int:
    print(f"== sync (SQLite, simulator on loopback, Python {sys.version.split()[0]})")
    hub = ExternalHub(NOTICES)
    try:
        with tempfile.TemporaryDirectory() as folder:
            client = HubClient(HubConfig(hub.url, DEMO_PARTNER_ID, DEMO_PASSWORD))
            bench_pull(Path(folder), hub, client)
            bench_push(Path(folder), hub, client)
            client.close()
    finally:
        hub.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
