"""Kill ``movedesk sync`` at random moments; nothing may be lost or applied twice."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.domain.notice import notice_from_payload
from desktop.hub.simulator import DEMO_PARTNER_ID, DEMO_PASSWORD, HubSimulator
from desktop.service import Actor, NoticeService
from desktop.store.database import open_database
from desktop.store.models import Decision, NoticeRecord

KILLS = 30
CLERK = Actor("clerk1", "clerk")

pytestmark = pytest.mark.slow


def _sync_command(data_dir: Path, database_url: str, hub_url: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "desktop",
        "sync",
        "--data-dir",
        str(data_dir),
        "--database-url",
        database_url,
        "--hub-url",
        hub_url,
        "--partner-id",
        DEMO_PARTNER_ID,
    ]


def test_sync_survives_sigkill_at_random_moments(tmp_path: Path, database_url: str) -> None:
    rng = random.Random(20261121)
    environment = {**os.environ, "MOVEDESK_HUB_PASSWORD": DEMO_PASSWORD}
    environment.pop("MOVEDESK_DATABASE_URL", None)
    with HubSimulator(notices=60, seed=11) as hub:
        command = _sync_command(tmp_path / "data", database_url, hub.url)
        first = subprocess.run(
            command, env=environment, capture_output=True, text=True, timeout=120
        )
        assert first.returncode == 0, first.stderr

        database = open_database(database_url)
        service = NoticeService(database)
        decided: list[str] = []

        def decide_some(count: int) -> None:
            with database.session() as session:
                open_receipts = session.scalars(
                    select(NoticeRecord.receipt_number)
                    .where(NoticeRecord.status == "new")
                    .order_by(NoticeRecord.id)
                    .limit(count)
                ).all()
            for receipt in open_receipts:
                if rng.random() < 0.5:
                    service.decide(receipt, "accept", CLERK, customer_number=f"{len(decided):06d}")
                else:
                    service.decide(receipt, "reject", CLERK, reason_code="outside_area")
                decided.append(receipt)

        decide_some(40)
        hub.set_faults(latency_ms=15)
        killed = 0
        for round_number in range(KILLS):
            hub.tick(new=rng.randint(0, 6))
            if round_number % 5 == 0:
                decide_some(4)
            process = subprocess.Popen(
                command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
            )
            try:
                process.wait(timeout=rng.uniform(0.2, 1.6))
            except subprocess.TimeoutExpired:
                process.kill()  # SIGKILL: no clean-up of any kind
                killed += 1
            process.wait()
            process.stderr.close()
        assert killed >= KILLS // 2, "the kills should mostly land mid-sync"

        hub.set_faults(latency_ms=0)
        final = subprocess.run(
            command, env=environment, capture_output=True, text=True, timeout=120
        )
        assert final.returncode == 0, final.stderr

        at_hub = Counter(d["receipt_number"] for d in hub.decisions())
        assert at_hub == Counter(decided), "every decision exactly once at the hub"
        with database.session() as session:
            states = Counter(session.scalars(select(Decision.outbox_state)).all())
            local = {
                r.receipt_number: r.version
                for r in session.execute(select(NoticeRecord.receipt_number, NoticeRecord.version))
            }
        assert states == Counter({"sent": len(decided)})
        expected = {
            receipt: notice_from_payload(hub.notice(receipt)).version for receipt in hub.receipts()
        }
        assert local == expected, "the local store holds every hub notice at its latest version"
        database.close()
