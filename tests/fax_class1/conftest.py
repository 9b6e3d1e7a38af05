"""Fixtures for the Class 1 tests: an emulated line of Class 1 modems, and spandsp as a real peer."""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from fax.emulator import VirtualLine
from fax.modem.class1 import Class1Modem, Class1ReceiveResult, open_class1
from fax.modem.class2 import DriverConfig
from tests.fax_modem.conftest import CALLEE, CALLER, senders

HERE = Path(__file__).resolve().parent
_names = itertools.count()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "class1_matrix: the full (slow, real-time) Class 1 matrix against spandsp"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The real-time matrix runs only when asked for (-m class1_matrix or MOVEDESK_CLASS1_MATRIX=1)."""
    asked = "class1_matrix" in (config.getoption("-m") or "") or os.environ.get(
        "MOVEDESK_CLASS1_MATRIX"
    )
    if asked:
        return
    skip = pytest.mark.skip(reason="real-time matrix: make class1-matrix")
    for item in items:
        if "class1_matrix" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def line() -> Iterator[VirtualLine]:
    virtual = VirtualLine(f"c1test{next(_names)}", paced=False)
    virtual.add_modem(CALLER, classes=("1", "1.0"))
    virtual.add_modem(CALLEE, classes=("1", "1.0"))
    yield virtual
    virtual.close()


@dataclass
class Receiver:
    """Answers calls on the callee's modem in a thread."""

    port: str
    config: DriverConfig
    calls: int = 1
    results: list[Class1ReceiveResult] = field(default_factory=list)
    error: list[BaseException] = field(default_factory=list)
    ready: threading.Event = field(default_factory=threading.Event)
    modem: Class1Modem | None = None

    def start(self) -> Receiver:
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        assert self.ready.wait(20), "receiver did not set up its modem"
        return self

    def _run(self) -> None:
        try:
            self.modem = open_class1(self.port, self.config)
            self.ready.set()
            for _ in range(self.calls):
                if not self.modem.wait_for_call(60):
                    break
                self.results.append(self.modem.receive())
        except BaseException as error:  # reported by join()
            self.error.append(error)
            self.ready.set()

    def join(self, timeout: float = 120) -> list[Class1ReceiveResult]:
        self.thread.join(timeout)
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
        started = Receiver(line.url(CALLEE), config or DriverConfig(local_id=CALLEE), calls)
        made.append(started.start())
        return started

    yield start
    for started in made:
        started.join()
        started.close()


@pytest.fixture
def sender(line: VirtualLine) -> Iterator[Callable[..., Class1Modem]]:
    yield from senders(line, open_class1)


# -- spandsp ------------------------------------------------------------------


@pytest.fixture(scope="session")
def spandsp_peer(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The harness compiled against Debian's libspandsp-dev; skipped only when that is absent."""
    if not any(Path("/usr/include").glob("**/spandsp.h")):
        pytest.skip("libspandsp-dev is not installed (apt-get install libspandsp-dev)")
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None:
        pytest.skip("no C compiler")
    target = tmp_path_factory.mktemp("spandsp") / "spandsp_peer"
    subprocess.run(
        [
            compiler,
            "-O2",
            "-o",
            str(target),
            str(HERE / "spandsp_peer.c"),
            "-lspandsp",
            "-ltiff",
            "-lm",
        ],
        check=True,
        capture_output=True,
    )
    return target


@dataclass
class Peer:
    """A running harness: ``pty`` to open; ``finish()`` gives its RESULT line."""

    process: subprocess.Popen
    pty: str

    def finish(self, timeout: float = 60) -> tuple[int, str]:
        out, _ = self.process.communicate(timeout=timeout)
        result = next((line for line in out.splitlines() if line.startswith("RESULT")), "")
        return self.process.returncode, result


@contextlib.contextmanager
def peer_starter(spandsp_peer: Path) -> Iterator[Callable[..., Peer]]:
    """Starts harnesses (``start(mode, tiff, *options)``) and kills any still running at the end."""
    running: list[Peer] = []

    def start(mode: str, tiff: Path, *options: str) -> Peer:
        process = subprocess.Popen(
            [str(spandsp_peer), mode, str(tiff), "--seconds", "240", *options],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert process.stdout is not None
        first = process.stdout.readline().split()
        assert first and first[0] == "PTY", first
        peer = Peer(process, first[1])
        running.append(peer)
        return peer

    try:
        yield start
    finally:
        for peer in running:
            if peer.process.poll() is None:
                peer.process.kill()
                peer.process.wait()


@pytest.fixture
def start_peer(spandsp_peer: Path) -> Iterator[Callable[..., Peer]]:
    with peer_starter(spandsp_peer) as start:
        yield start
