"""Fixtures for the modem tests: an unpaced virtual line per test and a receiver thread."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest

from fax.emulator import VirtualLine
from fax.modem.class2 import Class2Modem, DriverConfig, open_modem
from fax.modem.results import ReceiveResult

CALLER = "0311112222"
CALLEE = "0333334444"
_names = itertools.count()


def make_page(seed: int, rows: int = 240, width: int = 1728) -> np.ndarray:
    """A small page with text-like strokes; different for every seed."""
    rng = np.random.default_rng(seed)
    page = np.zeros((rows, width), dtype=np.uint8)
    for top in range(8, rows - 16, 24):
        for _ in range(30):
            left = int(rng.integers(40, width - 120))
            page[top : top + 12, left : left + int(rng.integers(4, 90))] = 1
    page[0:3, :] = seed % 2  # page-wide black bars make long runs too
    return page


@pytest.fixture
def line() -> Iterator[VirtualLine]:
    virtual = VirtualLine(f"test{next(_names)}", paced=False)
    virtual.add_modem(CALLER)
    virtual.add_modem(CALLEE)
    yield virtual
    virtual.close()


@dataclass
class Receiver:
    """Answers calls on the callee modem in a thread; results arrive in ``results``."""

    line: VirtualLine
    config: DriverConfig
    calls: int = 1
    number: str = CALLEE
    results: list[ReceiveResult] = field(default_factory=list)
    error: list[BaseException] = field(default_factory=list)
    ready: threading.Event = field(default_factory=threading.Event)
    modem: Class2Modem | None = None

    def start(self) -> Receiver:
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        assert self.ready.wait(10), "receiver did not set up its modem"
        return self

    def _run(self) -> None:
        try:
            self.modem = open_modem(self.line.url(self.number), self.config)
            self.ready.set()
            for _ in range(self.calls):
                if not self.modem.wait_for_call(30):
                    break
                self.results.append(self.modem.receive())
        except BaseException as error:  # reported by join()
            self.error.append(error)
            self.ready.set()
        finally:
            self.close()

    def join(self) -> list[ReceiveResult]:
        self.thread.join(60)
        assert not self.thread.is_alive(), "receiver hung"
        if self.error:
            raise self.error[0]
        return self.results

    def close(self) -> None:
        if self.modem is not None:
            self.modem.channel.close()
            self.modem = None


@pytest.fixture
def receiver(line: VirtualLine) -> Iterator[Callable[..., Receiver]]:
    made: list[Receiver] = []

    def start(config: DriverConfig | None = None, calls: int = 1) -> Receiver:
        started = Receiver(line, config or DriverConfig(local_id=CALLEE), calls).start()
        made.append(started)
        return started

    yield start
    for started in made:
        started.close()


def senders(line: VirtualLine, opener: Callable[[str, DriverConfig], Any]) -> Iterator[Any]:
    """A ``sender`` fixture's body: opens the caller's modem with ``opener``, closes them all."""
    opened: list[Any] = []

    def open_sender(config: DriverConfig | None = None, **options: Any) -> Any:
        modem = opener(line.url(CALLER), config or DriverConfig(local_id=CALLER), **options)
        opened.append(modem)
        return modem

    yield open_sender
    for modem in opened:
        modem.channel.close()


@pytest.fixture
def sender(line: VirtualLine) -> Iterator[Callable[..., Class2Modem]]:
    yield from senders(line, open_modem)


def modem_is_ready(modem: Class2Modem) -> bool:
    """The modem is back in command mode and answers AT with OK."""
    return modem.channel.command("", timeout=5.0, expect=None).final == "OK"
