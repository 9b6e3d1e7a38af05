"""The fax desk's open modem as the queue borrows it, and what a ready modem reports."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

import numpy as np

from desktop.fax_events import JobStarted, Listener, PageSent
from fax.modem.at import ModemHealth
from fax.modem.class1 import Class1Modem
from fax.modem.class2 import Class2Modem
from fax.modem.results import PageOutcome, SendResult

FaxModem = Class1Modem | Class2Modem


def modem_ready(port: str, modem: FaxModem) -> ModemHealth:
    identity = modem.identity
    name = identity.describe() if identity else "?"
    # Class 2 drivers know their class by dialect, Class 1 by ``fclass``.
    dialect = getattr(modem, "dialect", None)
    chosen = dialect.fclass if dialect is not None else getattr(modem, "fclass", None) or "?"
    return ModemHealth(
        port,
        True,
        datetime.now(UTC),
        identity,
        f"モデムは正常です（{name}、Class {chosen}）",
        f"modem ready ({name}, Class {chosen})",
    )


class PagesReported:
    """The open modem as ``FaxService`` borrows it, reporting each page as it is settled."""

    def __init__(self, emit: Listener, modem: FaxModem, job_id: int | None) -> None:
        self.emit, self.modem, self.job_id = emit, modem, job_id

    def send(
        self,
        number: str,
        pages: Sequence[np.ndarray],
        resolution: Any = "fine",
        *,
        on_page: Callable[[PageOutcome], None] | None = None,
        cancel: threading.Event | None = None,
        page_numbers: Sequence[int] | None = None,
    ) -> SendResult:
        numbers = tuple(page_numbers or range(1, len(pages) + 1))
        job_id = self.job_id if self.job_id is not None else -1
        self.emit(JobStarted(job_id, numbers))
        settled: set[int] = set()

        def report(outcome: PageOutcome) -> None:
            if outcome.confirmed:
                settled.add(outcome.number)
            self.emit(
                PageSent(
                    job_id,
                    outcome.number,
                    outcome.verdict,
                    outcome.confirmed,
                    len(settled),
                    len(numbers),
                )
            )
            if on_page is not None:
                on_page(outcome)

        return self.modem.send(
            number, pages, resolution, on_page=report, cancel=cancel, page_numbers=page_numbers
        )
