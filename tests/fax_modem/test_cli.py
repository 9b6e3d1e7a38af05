"""The ``movedesk fax`` command group, called through its handlers."""

from __future__ import annotations

import argparse
import re
import threading
import types
from typing import ClassVar

import numpy as np
from PIL import Image

from desktop.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from fax import cli
from fax.tiff import read_tiff, write_tiff
from tests.fax.hostile_tiffs import HOSTILE
from tests.fax_modem.conftest import CALLEE, CALLER, make_page


class Context:
    class settings:
        @staticmethod
        def get(key: str) -> str:
            return {"bureau_fax_number": "0300000000"}.get(key, "")


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    cli.register(parser.add_subparsers(dest="command"))
    return parser.parse_args(["fax", *argv])


def test_the_command_names_are_there():
    for argv in (
        ["line", "--numbers", "0311112222,0333334444", "--bps", "9600", "--pty"],
        ["send", "--port", "COM3", "--to", "0311112222", "x.tif", "--resolution", "fine"],
        ["receive", "--port", "COM3", "--out", "dir", "--rings", "3", "--once"],
        ["probe", "--port", "COM3"],
        ["convert", "in.pdf", "out.tif", "--compression", "mmr", "--resolution", "standard"],
    ):
        assert callable(parse(*argv).handler)


def test_convert_makes_a_tiff(tmp_path, capsys):
    picture = np.full((400, 600), 255, dtype=np.uint8)
    picture[100:200, 100:500] = 0
    Image.fromarray(picture).save(tmp_path / "in.png")
    args = parse(
        "convert", str(tmp_path / "in.png"), str(tmp_path / "out.tif"), "--compression", "mr"
    )
    assert args.handler(args, Context()) == EXIT_OK
    assert len(read_tiff(tmp_path / "out.tif")) == 1
    assert "MR" in capsys.readouterr().out


def test_probe_send_and_receive_on_the_emulated_line(line, tmp_path, capsys):
    args = parse("probe", "--port", line.url(CALLER))
    assert args.handler(args, Context()) == EXIT_OK
    assert "2.0" in capsys.readouterr().out

    document = tmp_path / "doc.tif"
    pages = [make_page(1), make_page(2)]
    write_tiff(document, pages, resolution="fine")
    receive = parse(
        "receive",
        "--port",
        line.url(CALLEE),
        "--out",
        str(tmp_path / "in"),
        "--once",
        "--rings",
        "1",
    )
    codes: list[int] = []
    thread = threading.Thread(target=lambda: codes.append(receive.handler(receive, Context())))
    thread.start()
    send = parse("send", "--port", line.url(CALLER), "--to", CALLEE, str(document))
    assert send.handler(send, Context()) == EXIT_OK
    thread.join(60)
    assert codes == [EXIT_OK]
    [stored] = list((tmp_path / "in").glob("*.tif"))
    assert [np.array_equal(a, b.bitmap) for a, b in zip(pages, read_tiff(stored), strict=True)] == [
        True,
        True,
    ]


def test_probe_of_a_missing_port_fails_cleanly(capsys):
    args = parse("probe", "--port", "/dev/does-not-exist")
    assert args.handler(args, Context()) == EXIT_FAILED
    assert "開けません" in capsys.readouterr().out


def test_convert_and_send_refuse_bad_files_with_a_message(tmp_path, capsys):
    for name, make in HOSTILE.items():
        source = tmp_path / "bad.tif"
        source.write_bytes(make())
        args = parse("convert", str(source), str(tmp_path / "out.tif"))
        assert args.handler(args, Context()) == EXIT_FAILED, name
        assert "cannot convert" in capsys.readouterr().err
    wide = tmp_path / "b4.tif"
    write_tiff(wide, [np.zeros((40, 2048), dtype=np.uint8)], resolution="fine")
    send = parse("send", "--port", "/dev/does-not-exist", "--to", CALLEE, str(wide))
    assert send.handler(send, Context()) == EXIT_FAILED
    assert "B4" in capsys.readouterr().err


class _ProbeOnce:
    """Stands in for the line's wait-for-Ctrl+C: asks each modem (through the socket://
    URL the line printed) for its classes, then stops the line."""

    answers: ClassVar[list[str | None]] = []
    printed: ClassVar[list[str]] = []

    def __init__(self, read_output) -> None:
        self.read_output = read_output

    def wait(self, timeout: float) -> bool:
        from fax.modem.at import ATChannel, open_port

        output = self.read_output().out
        _ProbeOnce.printed.append(output)
        for url in re.findall(r"socket://[0-9.]+:[0-9]+", output):
            channel = ATChannel(open_port(url), timeout=5.0)
            try:
                _ProbeOnce.answers.append(channel.query("+FCLASS=?"))
            finally:
                channel.close()
        return True


def test_the_line_offers_class_1_and_the_classes_asked_for(monkeypatch, capsys):
    # Only the line command's own threading module sees the stand-in.
    stand_in = {**vars(threading), "Event": lambda: _ProbeOnce(capsys.readouterr)}
    monkeypatch.setattr(cli, "threading", types.SimpleNamespace(**stand_in))
    _ProbeOnce.answers = []
    args = parse("line", "--numbers", "0311112222,0333334444", "--name", "cli-classes")
    assert args.handler(args, Context()) == EXIT_OK
    assert _ProbeOnce.answers == ["0,1,1.0,2,2.0"] * 2

    _ProbeOnce.answers = []
    args = parse("line", "--numbers", "0311112222", "--name", "cli-classes", "--classes", "1.0")
    assert args.handler(args, Context()) == EXIT_OK
    assert _ProbeOnce.answers == ["0,1.0"]
    assert "Class 1.0" in _ProbeOnce.printed[-1]


def test_the_line_refuses_a_class_it_does_not_know(capsys):
    args = parse("line", "--numbers", "0311112222", "--classes", "1,3")
    assert args.handler(args, Context()) == EXIT_USAGE
    assert "--classes" in capsys.readouterr().err


# -- the office's modem, as the fax desk holds it ------------------------------------------

ANOTHER_SEAT = "counter-1 pid 101 #aaaaaa"


class OfficeContext:
    """A seat whose fax desk is set to ``port``, on a real database."""

    def __init__(self, database, port: str) -> None:  # type: ignore[no-untyped-def]
        self.database = database
        values = {"bureau_fax_number": "0300000000", "fax_modem_port": port}

        class settings:
            @staticmethod
            def get(key: str) -> str:
                return values.get(key, "")

        self.settings = settings


def _document(tmp_path):  # type: ignore[no-untyped-def]
    document = tmp_path / "doc.tif"
    write_tiff(document, [make_page(1)], resolution="fine")
    return document


def test_a_send_on_the_office_modem_waits_for_the_seat_that_has_it(
    line, tmp_path, database, capsys
) -> None:
    from desktop.fax_office import MODEM_LEASE
    from desktop.store.leases import acquire_lease, lease_holder

    assert acquire_lease(database, MODEM_LEASE, ANOTHER_SEAT, 600).acquired
    port = line.url(CALLER)
    send = parse("send", "--port", port, "--to", CALLEE, str(_document(tmp_path)))
    assert send.handler(send, OfficeContext(database, port)) == EXIT_FAILED
    said = capsys.readouterr()
    assert "事務所のモデムは counter-1 が使っています" in said.err
    assert "in use at counter-1" in said.err
    assert "sending" not in said.out  # the modem was never opened
    assert lease_holder(database, MODEM_LEASE).holder == ANOTHER_SEAT


def test_a_receive_on_the_office_modem_is_refused_the_same_way(
    line, tmp_path, database, capsys
) -> None:
    from desktop.fax_office import MODEM_LEASE
    from desktop.store.leases import acquire_lease

    assert acquire_lease(database, MODEM_LEASE, ANOTHER_SEAT, 600).acquired
    port = line.url(CALLEE)
    receive = parse("receive", "--port", port, "--out", str(tmp_path / "in"), "--once")
    assert receive.handler(receive, OfficeContext(database, port)) == EXIT_FAILED
    assert "counter-1" in capsys.readouterr().err


def test_a_send_on_a_free_office_modem_holds_it_for_the_call_and_gives_it_back(
    line, tmp_path, database, monkeypatch
) -> None:
    from desktop.fax_office import MODEM_LEASE
    from desktop.store.leases import lease_holder, seat_name

    held_during_call: list[str | None] = []
    call = cli._send

    def watched_call(*args, **kwargs):  # type: ignore[no-untyped-def]
        held_during_call.append(lease_holder(database, MODEM_LEASE).holder)
        return call(*args, **kwargs)

    monkeypatch.setattr(cli, "_send", watched_call)
    receive = parse("receive", "--port", line.url(CALLEE), "--out", str(tmp_path / "in"))
    receive.once, receive.rings = True, 1
    # The answering modem is another one, not the office's: it takes no lease.
    thread = threading.Thread(target=lambda: receive.handler(receive, Context()))
    thread.start()
    port = line.url(CALLER)
    send = parse("send", "--port", port, "--to", CALLEE, str(_document(tmp_path)))
    assert send.handler(send, OfficeContext(database, port)) == EXIT_OK
    thread.join(60)
    assert held_during_call == [seat_name()]  # this seat's while the call went on
    after = lease_holder(database, MODEM_LEASE)
    assert after.holder is None and not after.acquired


def test_a_serial_device_is_opened_by_one_program_at_a_time() -> None:
    import os
    import sys

    import pytest

    from fax.modem.at import ModemError, open_port

    if sys.platform == "win32":
        pytest.skip("Windows opens a COM port for one program only by itself")
    controller, device = os.openpty()
    try:
        first = open_port(os.ttyname(device), rtscts=False)
        try:
            with pytest.raises(ModemError) as refused:
                open_port(os.ttyname(device), rtscts=False)
            assert "開けません" in refused.value.japanese
        finally:
            first.close()
        open_port(os.ttyname(device), rtscts=False).close()  # free again once closed
    finally:
        os.close(device)
        os.close(controller)
