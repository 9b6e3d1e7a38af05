"""Kill ``movedesk sync`` at random moments; nothing may be lost or applied twice.

The moments are chosen by progress, not by the clock: the hub holds its answer
to the sync's N-th request while the process is killed, so the kill lands
where the hub has acted and the client has not yet heard, whatever the
machine's speed.
"""

from __future__ import annotations

import os
import random
import subprocess
import threading
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.domain.notice import notice_from_payload
from desktop.hub.simulator import DEMO_PASSWORD, HubSimulator
from desktop.service import Actor, NoticeService
from desktop.store.database import open_database
from desktop.store.models import Decision, NoticeRecord
from tests.core.seats import seat_command

KILLS = 20  # each a fresh `movedesk sync` process: about 0.7 s apiece
CLERK = Actor("clerk1", "clerk")

pytestmark = pytest.mark.slow


class _StopAtRequest:
    """Holds the hub's answer to a sync's N-th request, so the test kills at a known point."""

    def __init__(self, hub: HubSimulator) -> None:
        self._changed = threading.Condition()
        self._seen = 0
        self._target = 0
        self._holding = False
        self._released = threading.Event()
        hub.answered_hook = self._answered

    def _answered(self, method: str, path: str) -> None:
        with self._changed:
            self._seen += 1
            if self._seen != self._target:
                return
            self._holding = True
            self._changed.notify_all()
        # Bounded, so a test that failed elsewhere cannot leave the server stuck.
        self._released.wait(timeout=120)

    def wait_for(self, target: int, process: subprocess.Popen[bytes]) -> bool:
        """True once request ``target`` is held; False if the sync ended before it."""
        with self._changed:
            self._seen, self._target, self._holding = 0, target, False
            self._released.clear()

        def note_exit() -> None:
            process.wait()
            with self._changed:
                self._changed.notify_all()

        threading.Thread(target=note_exit, daemon=True).start()
        with self._changed:
            self._changed.wait_for(lambda: self._holding or process.poll() is not None, 300)
            return self._holding

    def release(self) -> None:
        with self._changed:
            self._target = 0
        self._released.set()


def test_sync_survives_sigkill_at_random_moments(tmp_path: Path, database_url: str) -> None:
    rng = random.Random(20261121)
    environment = {**os.environ, "MOVEDESK_HUB_PASSWORD": DEMO_PASSWORD}
    environment.pop("MOVEDESK_DATABASE_URL", None)
    with HubSimulator(notices=60, seed=11) as hub:
        command = seat_command(tmp_path / "data", database_url, hub.url)
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
        stopper = _StopAtRequest(hub)
        killed = 0
        for round_number in range(KILLS):
            hub.tick(new=rng.randint(0, 6))
            if round_number % 5 == 0:
                decide_some(4)
            # Every sync makes at least two hub requests (sign-in, one page), so
            # the first two targets always land mid-sync; the third lands only
            # when decisions are waiting or several pages come.
            target = rng.randint(1, 3)
            process = subprocess.Popen(
                command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
            )
            if stopper.wait_for(target, process):
                process.kill()  # SIGKILL while the hub's answer is still unsent
                killed += 1
            process.wait()
            stopper.release()
            process.stderr.close()
        assert killed >= KILLS // 2, "most kills should land mid-sync"

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
