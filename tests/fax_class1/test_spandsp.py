"""MoveDesk's Class 1 driver against a real software modem: spandsp's T.31 and T.30.

The default run keeps three real-time calls (a send, a receive, MMR with
ECM), dialled side by side on three harnesses: each call spends its time
waiting for the line, so together they take as long as the longest. The
full matrix is marked ``class1_matrix`` and runs with
``pytest -m class1_matrix tests/fax_class1``.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np
import pytest

from fax.modem.class1 import open_class1
from fax.modem.class2 import DriverConfig
from fax.modem.params import FaxParams
from fax.tiff import read_tiff, write_tiff
from tests.fax_class1.conftest import CALLER, peer_starter
from tests.fax_modem.conftest import make_page, modem_is_ready

CODINGS = {"mh": FaxParams(df=0, ec=0), "mr": FaxParams(df=1, ec=0), "mmr": FaxParams(df=3, ec=1)}


def send_to_spandsp(start_peer, tmp_path, pages, resolution, coding, *options):
    target = tmp_path / "received.tif"
    peer = start_peer("receive", target, *options)
    modem = open_class1(peer.pty, DriverConfig(local_id=CALLER, capabilities=CODINGS[coding]))
    try:
        result = modem.send("0399990002", pages, resolution)
        assert modem_is_ready(modem)
    finally:
        modem.channel.close()
    status, line = peer.finish()
    return result, status, line, read_tiff(target.read_bytes()) if target.exists() else []


def receive_from_spandsp(start_peer, tmp_path, pages, resolution, coding, *options):
    source = tmp_path / "to_send.tif"
    write_tiff(source, pages, resolution=resolution, compression="mr")
    peer = start_peer("send", source, *options)
    config = DriverConfig(local_id=CALLER, capabilities=CODINGS[coding], answer_after_rings=1)
    modem = open_class1(peer.pty, config)
    try:
        assert modem.wait_for_call(60)
        result = modem.receive()
        assert modem_is_ready(modem)
    finally:
        modem.channel.close()
    status, line = peer.finish()
    return result, status, line


def check_sent(pages, resolution, coding, outcome):
    result, status, line, received = outcome
    assert result.success, result.hangup.message()
    assert status == 0 and "OK" in line, line
    assert result.session.scheme == coding and result.session.resolution == resolution
    assert len(received) == len(pages)
    for sent, got in zip(pages, received, strict=True):
        assert np.array_equal(sent, got.bitmap)


def check_received(pages, resolution, coding, outcome):
    result, status, line = outcome
    assert result.hangup.ok and not result.partial, result.hangup.message()
    assert status == 0 and "OK" in line, line
    assert result.session.scheme == coding
    assert [p.resolution for p in result.pages] == [resolution] * len(pages)
    for sent, got in zip(pages, result.pages, strict=True):
        assert np.array_equal(sent, got.bitmap)


DEFAULT_CALLS = {
    "send": ([make_page(1), make_page(2)], "mr", send_to_spandsp),
    "receive": ([make_page(3), make_page(4)], "mr", receive_from_spandsp),
    "mmr-ecm": ([make_page(5, rows=600)], "mmr", send_to_spandsp),
}


@pytest.fixture(scope="module")
def default_calls(spandsp_peer, tmp_path_factory):  # type: ignore[no-untyped-def]
    """The three default calls, each on its own harness, under way at once."""
    with peer_starter(spandsp_peer) as start, ThreadPoolExecutor(len(DEFAULT_CALLS)) as pool:
        calls: dict[str, Future] = {  # type: ignore[type-arg]
            name: pool.submit(dial, start, tmp_path_factory.mktemp(name), pages, "fine", coding)
            for name, (pages, coding, dial) in DEFAULT_CALLS.items()
        }
        yield calls
        for call in calls.values():
            call.exception(timeout=300)  # every call over before its harness is killed


def test_send_to_spandsp(default_calls):
    pages, coding, _dial = DEFAULT_CALLS["send"]
    check_sent(pages, "fine", coding, default_calls["send"].result(timeout=300))


def test_receive_from_spandsp(default_calls):
    pages, coding, _dial = DEFAULT_CALLS["receive"]
    check_received(pages, "fine", coding, default_calls["receive"].result(timeout=300))


def test_mmr_with_ecm_to_spandsp(default_calls):
    pages, coding, _dial = DEFAULT_CALLS["mmr-ecm"]
    check_sent(pages, "fine", coding, default_calls["mmr-ecm"].result(timeout=300))


MATRIX = [
    (count, resolution, coding)
    for count in (1, 5)
    for resolution in ("standard", "fine")
    for coding in ("mh", "mr", "mmr")
]


@pytest.mark.class1_matrix
@pytest.mark.parametrize("count, resolution, coding", MATRIX)
def test_matrix_send(start_peer, tmp_path, count, resolution, coding):
    pages = [make_page(10 + n, rows=400) for n in range(count)]
    outcome = send_to_spandsp(start_peer, tmp_path, pages, resolution, coding)
    check_sent(pages, resolution, coding, outcome)


@pytest.mark.class1_matrix
@pytest.mark.parametrize("count, resolution, coding", MATRIX)
def test_matrix_receive(start_peer, tmp_path, count, resolution, coding):
    pages = [make_page(20 + n, rows=400) for n in range(count)]
    outcome = receive_from_spandsp(start_peer, tmp_path, pages, resolution, coding)
    check_received(pages, resolution, coding, outcome)


# Louder white noise (-42 dBm0 and up) stops spandsp's own fax terminal, not the
# driver: its V.21 receiver (cut-off -45.5 dBm0, +-2.5 dB hysteresis) then hears
# carrier all the time, and its T.30 waits for that carrier to drop before it
# starts the high-speed receiver or transmits, so it never hears a TCF (we get
# no answer: code 25) or never sends DCS (code 72 on receiving).
@pytest.mark.class1_matrix
@pytest.mark.parametrize("options", [("--echo", "-30"), ("--noise", "-55")])
def test_matrix_impaired_line(start_peer, tmp_path, options):
    pages = [make_page(30), make_page(31)]
    outcome = send_to_spandsp(start_peer, tmp_path, pages, "fine", "mr", *options)
    check_sent(pages, "fine", "mr", outcome)


@pytest.mark.class1_matrix
def test_matrix_ecm_continues_to_correct_one_speed_lower(start_peer, tmp_path):
    # Page data at 14,400 bit/s arrives damaged every time, the training check does not.
    pages = [make_page(5, rows=600), make_page(6, rows=600)]
    outcome = send_to_spandsp(start_peer, tmp_path, pages, "fine", "mmr", "--hits-above", "12000")
    check_sent(pages, "fine", "mmr", outcome)
    assert outcome[0].trainings == ["V.17 14400: CFR", "V.17 12000: CTR"]
