"""Every personality calls every other on one virtual line: Class 1 hosts and Class 2 / 2.0 modems."""

from __future__ import annotations

import threading
from dataclasses import replace

import numpy as np
import pytest

from fax.emulator import Faults, VirtualLine
from fax.modem.class1 import open_class1
from fax.modem.class2 import DriverConfig, open_modem
from fax.modem.params import FaxParams
from tests.fax_class1.conftest import CALLEE, CALLER
from tests.fax_modem.conftest import make_page, modem_is_ready

# MMR travels with error correction: the Class 2 modem runs ECM itself, the Class 1
# host builds and takes apart the same frames.
CODINGS = {"mh": FaxParams(df=0, ec=0), "mr": FaxParams(df=1, ec=0), "mmr": FaxParams(df=3, ec=1)}


def _opener(fax_class: str):
    if fax_class.startswith("1"):
        return lambda url, config: open_class1(url, config)
    return lambda url, config: open_modem(url, replace(config, fax_class=fax_class))


def _call(
    caller_class: str,
    callee_class: str,
    pages,
    resolution: str,
    coding: str,
    faults: Faults | None = None,
):
    line = VirtualLine(f"cross-{caller_class}-{callee_class}-{resolution}-{coding}", paced=False)
    try:
        line.add_modem(CALLER, classes=(caller_class,))
        line.add_modem(CALLEE, classes=(callee_class,))
        if faults is not None:
            line.set_faults(CALLEE, faults)
        caps = CODINGS[coding]
        rx = _opener(callee_class)(
            line.url(CALLEE), DriverConfig(local_id=CALLEE, capabilities=caps, answer_after_rings=1)
        )
        received = []

        def answer() -> None:
            if rx.wait_for_call(60):
                received.append(rx.receive())

        thread = threading.Thread(target=answer, daemon=True)
        thread.start()
        tx = _opener(caller_class)(
            line.url(CALLER), DriverConfig(local_id=CALLER, capabilities=caps)
        )
        try:
            result = tx.send(CALLEE, pages, resolution)
            thread.join(60)
            assert not thread.is_alive(), "receiver hung"
            assert modem_is_ready(tx)
        finally:
            tx.channel.close()
            rx.channel.close()
        return result, received, sum(call.bit_errors for call in line.calls)
    finally:
        line.close()


def speckled_page(seed: int) -> np.ndarray:
    """A page that codes badly: its MMR needs more than one ECM block (64 KiB)."""
    return (np.random.default_rng(seed).random((400, 1728)) < 0.3).astype(np.uint8)


PAIRS = [("1.0", "2.0"), ("2.0", "1.0"), ("1", "2"), ("2", "1")]
# A Class 2 (SP-2388) modem has no MMR: the call falls back to MR.
EXPECTED = {("1", "2", "mmr"): "mr", ("2", "1", "mmr"): "mr"}


@pytest.mark.parametrize("caller_class, callee_class", PAIRS)
@pytest.mark.parametrize(
    "resolution, coding", [("fine", "mr"), ("standard", "mh"), ("fine", "mmr")]
)
def test_class1_and_class2_call_each_other(caller_class, callee_class, resolution, coding):
    pages = [make_page(40), speckled_page(41)]
    result, received, _ = _call(caller_class, callee_class, pages, resolution, coding)
    assert result.success, result.hangup.message()
    assert result.confirmed_pages == [1, 2]
    scheme = EXPECTED.get((caller_class, callee_class, coding), coding)
    assert result.session.scheme == scheme and result.session.resolution == resolution
    assert result.remote_id == CALLEE
    [got] = received
    assert got.hangup.ok and not got.partial, got.hangup.message()
    assert got.remote_id == CALLER
    assert len(got.pages) == len(pages)
    for sent, page in zip(pages, got.pages, strict=True):
        assert page.resolution == resolution
        assert np.array_equal(sent, page.bitmap)


@pytest.mark.parametrize("caller_class, callee_class", [("1.0", "2.0"), ("2.0", "1.0")])
def test_ecm_frames_hit_by_line_errors_are_sent_again_across_classes(caller_class, callee_class):
    pages = [speckled_page(42)]
    result, received, bit_errors = _call(
        caller_class, callee_class, pages, "fine", "mmr", faults=Faults(bit_error_rate=2e-6, seed=5)
    )
    assert result.success, result.hangup.message()
    assert result.session.scheme == "mmr"
    [got] = received
    assert got.hangup.ok and not got.partial
    assert np.array_equal(got.pages[0].bitmap, pages[0])
    assert bit_errors > 0  # the line did damage frames, and they were sent again
