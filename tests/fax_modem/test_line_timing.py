"""Line time of the emulated Class 2 modem against T.30 and the Class 1 emulation."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from fax.emulator import VirtualLine
from fax.emulator.ecm_line import training_seconds
from fax.modem.class1 import open_class1
from fax.modem.class2 import DriverConfig, open_modem
from fax.modem.params import FaxParams

from .conftest import CALLEE, CALLER, make_page

RATE = 14400


def test_v17_training_as_in_the_class1_emulation():
    assert training_seconds(14400, long=True) == pytest.approx(1.393, abs=1e-3)
    assert training_seconds(14400, long=False) == pytest.approx(0.1425)
    assert training_seconds(4800, long=False) == training_seconds(4800, long=True)


def _line_seconds(fax_class: str, pages: list[np.ndarray]) -> float:
    line = VirtualLine(f"timing{fax_class}", paced=False)
    try:
        line.add_modem(CALLER, classes=(fax_class,))
        line.add_modem(CALLEE, classes=(fax_class,))
        class1 = fax_class.startswith("1")
        opener = open_class1 if class1 else open_modem
        # MMR with ECM asked for: the Class 2.0 modem's defaults have neither.
        config = {"capabilities": FaxParams(df=3, ec=1)}
        if not class1:
            config["answer_after_rings"] = 1
        rx = opener(line.url(CALLEE), DriverConfig(local_id=CALLEE, **config))
        received = []

        def run() -> None:
            called = rx.wait_for_call(60, rings=1) if class1 else rx.wait_for_call(60)
            if called:
                received.append(rx.receive())

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        tx = opener(
            line.url(CALLER), DriverConfig(local_id=CALLER, capabilities=FaxParams(df=3, ec=1))
        )
        started = line.clock.now()
        result = tx.send(CALLEE, pages, "fine")
        thread.join(60)
        assert result.success and result.session.scheme == "mmr"
        assert received and len(received[0].pages) == len(pages)
        seconds = line.clock.now() - started
        tx.channel.close()
        rx.channel.close()
        return seconds
    finally:
        line.close()


def test_class2_spends_the_line_time_of_the_class1_emulation():
    """MMR with ECM, three pages: the same phase C, training and PPS as a host
    running T.30 over Class 1. What is left differs only in V.21 details: the
    Class 1 hosts' DIS is shorter, and their responses and DCN go out without
    the 75 ms gap the Class 2 modem keeps, so Class 2 is a little slower."""
    pages = [make_page(n, rows=1200) for n in range(3)]
    class1 = _line_seconds("1.0", pages)
    class2 = _line_seconds("2.0", pages)
    assert class1 <= class2 <= class1 * 1.03
