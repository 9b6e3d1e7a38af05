"""A fax desk on an unpaced virtual line, with a far-end modem the test drives."""

from __future__ import annotations

import itertools
import queue
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import desktop.settings
from desktop.fax_desk import DeskEvent, FaxDesk, FaxDeskConfig
from desktop.fax_settings import fax_settings
from fax.emulator import VirtualLine

DESK = "0311112222"
FAR = "0399990000"
_names = itertools.count()


@pytest.fixture(autouse=True)
def fax_settings_declared(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fax settings as they will be once they join ``SETTINGS``."""
    by_key = dict(desktop.settings.BY_KEY)
    for setting in fax_settings():
        by_key.setdefault(setting.key, setting)
    monkeypatch.setattr(desktop.settings, "BY_KEY", by_key)


@pytest.fixture
def line() -> Iterator[VirtualLine]:
    virtual = VirtualLine(f"desk{next(_names)}", paced=False)
    virtual.add_modem(DESK)
    virtual.add_modem(FAR)
    yield virtual
    virtual.close()


class Events:
    """Every event the desk emits, to wait for in order."""

    def __init__(self) -> None:
        self.queue: queue.Queue[DeskEvent] = queue.Queue()
        self.seen: list[DeskEvent] = []

    def __call__(self, event: DeskEvent) -> None:
        self.queue.put(event)

    def wait_for(
        self, kind: type, timeout: float = 60.0, where: Callable[[object], bool] = lambda e: True
    ) -> DeskEvent:
        while True:
            event = self.queue.get(timeout=timeout)
            self.seen.append(event)
            if isinstance(event, kind) and where(event):
                return event


@pytest.fixture
def make_desk(line: VirtualLine, database, tmp_path: Path) -> Iterator[Callable[..., FaxDesk]]:
    made: list[FaxDesk] = []

    def make(**options: object) -> FaxDesk:
        config = FaxDeskConfig(port=line.url(DESK), local_id=DESK, rings=1)
        options.setdefault("notice_reader", None)
        desk = FaxDesk(database, config, fax_dir=tmp_path / "fax", **options)  # type: ignore[arg-type]
        made.append(desk)
        return desk

    yield make
    for desk in made:
        desk.stop()


# The counter window on a demo database (tests.ui's fixtures), for the fax window tests.
from tests.ui.conftest import demo, window  # noqa: E402, F401
