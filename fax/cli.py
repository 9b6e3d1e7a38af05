"""``movedesk fax …``: a virtual line, send, receive, probe and convert from the command line.

Wire it in with ``fax.cli.register(commands)`` next to the core commands.
Handlers take ``(args, context)`` and return an exit code.
"""

from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, fail
from desktop.cli.notice_code_commands import add_read_notice

if TYPE_CHECKING:
    from desktop.context import AppContext
    from desktop.fax_office import ModemElsewhere

BIT_RATES = (2400, 4800, 7200, 9600, 12000, 14400)
FAX_CLASSES = ("1", "1.0", "2", "2.0")


def _local_id(args: argparse.Namespace, context: AppContext) -> str:
    return args.local_id or str(context.settings.get("bureau_fax_number") or "")


# The best coding we offer the far end (T.30 DIS/DCS "df"); MMR needs ECM.
_OFFERED_CODING = {"mh": (0, 0), "mr": (1, 0), "mmr": (3, 1)}


def _damaged_file_errors() -> tuple[type[BaseException], ...]:
    """What reading a damaged, empty or truncated PDF, image or TIFF raises."""
    import struct

    from pypdfium2 import PdfiumError

    return (PdfiumError, ValueError, OSError, struct.error, KeyError, IndexError)


def _config(args: argparse.Namespace, context: AppContext):
    from dataclasses import replace

    from fax.modem.class2 import DriverConfig

    config = DriverConfig(
        local_id=_local_id(args, context),
        fax_class=args.fax_class,
        flow_control=args.flow_control,
        bit_order=args.bit_order,
        answer_after_rings=getattr(args, "rings", 2),
    )
    compression = getattr(args, "compression", "auto")
    if compression in _OFFERED_CODING:
        coding, ecm = _OFFERED_CODING[compression]
        config = replace(config, capabilities=replace(config.capabilities, df=coding, ec=ecm))
    return config


def cmd_line(args: argparse.Namespace, context: AppContext) -> int:
    from fax.emulator import VirtualLine
    from fax.emulator.bridge import PtyBridge, TcpBridge

    numbers = [n.strip() for n in args.numbers.split(",") if n.strip()]
    if not numbers:
        return fail("--numbers needs at least one number", EXIT_USAGE)
    classes = tuple(c.strip() for c in args.classes.split(",") if c.strip())
    unknown = [c for c in classes if c not in FAX_CLASSES]
    if not classes or unknown:
        return fail(
            f"--classes takes {','.join(FAX_CLASSES)} (not {','.join(unknown) or 'nothing'})",
            EXIT_USAGE,
        )
    if args.pty and sys.platform == "win32":
        return fail("--pty needs a POSIX system; use the socket:// URLs instead", EXIT_USAGE)
    line = VirtualLine(args.name, bit_rate=args.bps, paced=not args.unpaced)
    bridges = []
    try:
        print(
            f"仮想回線 {args.name}（{args.bps} bit/s、Class {','.join(classes)}）"
            f"/ virtual line {args.name} at {args.bps} bit/s, Class {','.join(classes)}"
        )
        for number in numbers:
            modem = line.add_modem(
                number, classes=classes, class2_receive_reversed=args.class2_reversed
            )
            if args.pty:
                bridge = PtyBridge(modem)
                where = f"device {bridge.path}"
            else:
                bridge = TcpBridge(modem, port=0)
                where = f"port {bridge.url}"
            bridges.append(bridge)
            print(f"  {number}: {where}   (in this process: {line.url(number)})")
        print("Ctrl+C で終了 / Ctrl+C to stop", flush=True)
        stop = threading.Event()
        while not stop.wait(0.5):  # short waits keep Ctrl+C responsive on Windows
            pass
    finally:
        for bridge in bridges:
            bridge.close()
        line.close()
    return EXIT_OK


def _office_modem(args: argparse.Namespace, context: AppContext):  # type: ignore[no-untyped-def]
    """The port this PC's fax desk is set to is the office's modem: held as the desk holds it.

    Without this, a command run beside the window dialled on the same modem
    as the desk, and both calls failed on each other's AT commands.
    """
    import contextlib

    from desktop.fax_office import office_modem
    from desktop.store.leases import seat_name

    configured = str(context.settings.get("fax_modem_port") or "").strip()
    if not configured or configured.casefold() != args.port.strip().casefold():
        return contextlib.nullcontext()  # another modem, or a test line: not the office's
    return office_modem(context.database, seat_name())


def _modem_elsewhere(error: ModemElsewhere) -> int:
    return fail(
        f"事務所のモデムは {error.pc} が使っています。その席のファクスが終わるのを待つか、"
        f"ファクス画面を閉じてください / the office's modem is in use at {error.pc}: "
        "wait until that seat's fax is done, or close its fax desk"
    )


def cmd_send(args: argparse.Namespace, context: AppContext) -> int:
    from desktop.fax_office import ModemElsewhere
    from fax.pages import file_document

    source = Path(args.file)
    if not source.exists():
        return fail(f"ファイルがありません / no such file: {source}", EXIT_USAGE)
    try:
        document = file_document(source, args.resolution)
    except _damaged_file_errors() as error:
        return fail(f"{source} を読めません / cannot read {source}: {error}")
    try:
        with _office_modem(args, context):
            return _send(args, context, document.pages, document.resolution)
    except ModemElsewhere as error:
        return _modem_elsewhere(error)


def _send(args: argparse.Namespace, context: AppContext, pages, resolution: str) -> int:  # type: ignore[no-untyped-def]
    from fax.modem.at import ModemError
    from fax.modem.select import open_any_modem

    try:
        modem = open_any_modem(args.port, _config(args, context))
    except ModemError as error:
        return fail(str(error))
    try:
        print(
            f"{args.to} へ {len(pages)} ページ送信します / sending {len(pages)} pages to {args.to}"
        )
        result = modem.send(
            args.to,
            pages,
            resolution,
            on_page=lambda page: print(f"  page {page.number}: {page.verdict or '-'}", flush=True),
        )
    finally:
        modem.channel.close()
    session = result.session
    if session:
        print(f"  {session.bit_rate} bit/s, {session.scheme.upper()}, {session.resolution}")
    print(f"  remote ID: {result.remote_id or '-'}")
    print(f"{'送信完了' if result.success else '送信失敗'}: {result.hangup.message()}")
    return EXIT_OK if result.success else EXIT_FAILED


def cmd_receive(args: argparse.Namespace, context: AppContext) -> int:
    from desktop.fax_office import ModemElsewhere

    folder = Path(args.out)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        with _office_modem(args, context):
            return _receive(args, context, folder)
    except ModemElsewhere as error:
        return _modem_elsewhere(error)


def _receive(args: argparse.Namespace, context: AppContext, folder: Path) -> int:
    from datetime import datetime

    from fax.modem.at import ModemError
    from fax.modem.select import open_any_modem
    from fax.received import keep_failed_pages, write_pages

    try:
        modem = open_any_modem(args.port, _config(args, context))
    except ModemError as error:
        return fail(str(error))
    code = EXIT_OK
    try:
        print(
            f"着信待ち（{args.rings} 回で応答） / waiting for calls (answer after {args.rings} rings)"
        )
        while True:
            if not modem.wait_for_call(args.wait, args.rings):
                print("着信がありませんでした / no call came")
                return EXIT_FAILED if args.once else EXIT_OK
            result = modem.receive()
            stem = f"fax-{datetime.now():%Y%m%d-%H%M%S}"
            name = write_pages(folder, result, stem)
            if name is not None:
                state = "一部のみ / partial" if result.partial else "完了 / complete"
                print(f"{name}: {len(result.pages)} pages from {result.remote_id or '-'} ({state})")
                _audit_received(args, context, name, len(result.pages), result.remote_id)
            for kept in keep_failed_pages(folder, result, stem):
                resent = "; read on its resend" if kept["superseded"] else ""
                print(
                    f"  ページ {kept['page']} を読めません / page {kept['page']} could not be "
                    f"decoded ({kept['scheme'].upper()}, {kept['bytes']} bytes{resent}): "
                    f"{kept['file']}"
                )
            print(f"  {result.hangup.message()}")
            if result.partial or not result.pages:
                code = EXIT_FAILED
            if args.once:
                return code
    except ModemError as error:
        return fail(str(error))
    finally:
        modem.channel.close()


def _audit_received(
    args: argparse.Namespace, context: AppContext, path: Path, pages: int, remote: str | None
) -> None:
    """Each stored fax is an audit row: who ran the receiving, which file, from whom."""
    actor = getattr(args, "actor", None)  # set by run_handler for every run of the command
    if actor is None:
        return
    from desktop import audit

    with context.database.session() as session:
        audit.record(
            session, actor.user_id, "fax_received", path.name, f"{pages} pages from {remote or '-'}"
        )


def cmd_probe(args: argparse.Namespace, context: AppContext) -> int:
    from fax.modem.at import check_modem

    health = check_modem(args.port)
    print(health.message())
    identity = health.identity
    if identity is not None:
        print(f"  manufacturer: {identity.manufacturer or '-'}")
        print(f"  model:        {identity.model or '-'}")
        print(f"  revision:     {identity.revision or '-'}")
        print(f"  ATI:          {identity.information or '-'}")
        print(f"  classes:      {','.join(sorted(identity.classes)) or '-'}")
        print(f"  will use:     Class {identity.best_class or '-'}")
    return EXIT_OK if health.ok else EXIT_FAILED


def cmd_convert(args: argparse.Namespace, context: AppContext) -> int:
    from fax.pages import file_document
    from fax.tiff import write_tiff

    source = Path(args.input)
    if not source.exists():
        return fail(f"ファイルがありません / no such file: {source}", EXIT_USAGE)
    compression = "mh" if args.compression == "auto" else args.compression
    try:
        document = file_document(source, args.resolution)
        if not document.pages:
            raise ValueError("no pages")
        count = write_tiff(
            args.output, document.pages, compression=compression, resolution=document.resolution
        )
    except _damaged_file_errors() as error:
        return fail(f"変換できません / cannot convert {source}: {error}")
    kept = f", {document.passed_through} unchanged" if document.passed_through else ""
    print(f"{args.output}: {count} pages, {compression.upper()}, {document.resolution}{kept}")
    return EXIT_OK


def _modem_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--port", required=True, help="COM3, /dev/ttyACM0, socket://…, movedesk-modem://…"
    )
    parser.add_argument(
        "--class", dest="fax_class", choices=["auto", "1", "1.0", "2", "2.0"], default="auto"
    )
    parser.add_argument("--flow-control", choices=["rtscts", "xonxoff"], default="rtscts")
    parser.add_argument(
        "--bit-order", choices=["direct", "reversed"], default="direct", help="+FBO/+FBOR setting"
    )
    parser.add_argument(
        "--local-id", help="our fax number as the remote sees it (default: settings)"
    )


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    fax = commands.add_parser("fax", help="fax modem: virtual line, send, receive, probe, convert")
    sub = fax.add_subparsers(dest="fax_command", required=True)
    add_read_notice(sub)

    line = sub.add_parser("line", help="run a virtual phone line with emulated modems")
    line.add_argument(
        "--numbers", required=True, help="comma-separated numbers, e.g. 0311112222,0333334444"
    )
    line.add_argument("--bps", type=int, choices=BIT_RATES, default=14400)
    line.add_argument(
        "--classes",
        default=",".join(FAX_CLASSES),
        help="fax classes the modems offer, e.g. 1,1.0 or 2.0 (default: all)",
    )
    line.add_argument(
        "--pty", action="store_true", help="put each modem on a pseudo-terminal (POSIX)"
    )
    line.add_argument("--name", default="line", help="line name in movedesk-modem:// URLs")
    line.add_argument("--unpaced", action="store_true", help="no pacing: as fast as the PC goes")
    line.add_argument(
        "--class2-reversed",
        action="store_true",
        help="emulate Class 2 modems that hand received data over MSB first",
    )
    line.set_defaults(handler=cmd_line)

    send = sub.add_parser("send", help="send a TIFF, PDF or image file")
    _modem_options(send)
    send.add_argument("--to", required=True, help="fax number to dial")
    send.add_argument(
        "--resolution",
        choices=["standard", "fine"],
        help="default: a fax TIFF's or image's own, fine for anything else",
    )
    send.add_argument(
        "--compression",
        choices=["auto", "mh", "mr", "mmr"],
        default="auto",
        help="the best coding offered to the far end (auto: the modem's settings)",
    )
    send.add_argument("file")
    send.set_defaults(handler=cmd_send)

    receive = sub.add_parser("receive", help="answer calls and store the faxes as TIFF")
    _modem_options(receive)
    receive.add_argument("--out", required=True, help="folder for received TIFF files")
    receive.add_argument("--rings", type=int, default=2, help="answer after this many rings")
    receive.add_argument("--once", action="store_true", help="stop after one call")
    receive.add_argument("--wait", type=float, default=3600.0, help="seconds to wait for a call")
    receive.set_defaults(handler=cmd_receive)

    probe = sub.add_parser("probe", help="identify the modem and the fax classes it offers")
    probe.add_argument("--port", required=True)
    probe.set_defaults(handler=cmd_probe)

    convert = sub.add_parser("convert", help="convert a PDF or image into a TIFF-F fax file")
    convert.add_argument("input")
    convert.add_argument("output")
    convert.add_argument(
        "--compression",
        choices=["auto", "mh", "mr", "mmr"],
        default="auto",
        help="auto: MH, which every fax reader takes",
    )
    convert.add_argument(
        "--resolution",
        choices=["standard", "fine"],
        help="default: a fax TIFF's or image's own, fine for anything else",
    )
    convert.set_defaults(handler=cmd_convert)
