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

BIT_RATES = (2400, 4800, 7200, 9600, 12000, 14400)
FAX_CLASSES = ("1", "1.0", "2", "2.0")


def _local_id(args: argparse.Namespace, context: AppContext) -> str:
    return args.local_id or str(context.settings.get("bureau_fax_number") or "")


def _config(args: argparse.Namespace, context: AppContext):
    from fax.modem.class2 import DriverConfig

    return DriverConfig(
        local_id=_local_id(args, context),
        fax_class=args.fax_class,
        flow_control=args.flow_control,
        bit_order=args.bit_order,
        answer_after_rings=getattr(args, "rings", 2),
    )


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


def cmd_send(args: argparse.Namespace, context: AppContext) -> int:
    from fax.modem.at import ModemError
    from fax.modem.select import open_any_modem
    from fax.pages import file_pages
    from fax.tiff import read_tiff

    source = Path(args.file)
    if not source.exists():
        return fail(f"ファイルがありません / no such file: {source}", EXIT_USAGE)
    if source.suffix.lower() in (".tif", ".tiff"):
        pages = [page.bitmap for page in read_tiff(source)]
    else:
        pages = file_pages(source, args.resolution)
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
            args.resolution,
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
    from datetime import datetime

    from fax.modem.at import ModemError
    from fax.modem.select import open_any_modem
    from fax.tiff import PageToWrite, write_tiff

    folder = Path(args.out)
    folder.mkdir(parents=True, exist_ok=True)
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
            if result.pages:
                name = folder / f"fax-{datetime.now():%Y%m%d-%H%M%S}.tif"
                write_tiff(
                    name,
                    [
                        PageToWrite(p.bitmap, p.resolution, p.bad_lines, p.max_burst)
                        for p in result.pages
                    ],
                    compression="mr",
                )
                state = "一部のみ / partial" if result.partial else "完了 / complete"
                print(f"{name}: {len(result.pages)} pages from {result.remote_id or '-'} ({state})")
            print(f"  {result.hangup.message()}")
            if result.partial or not result.pages:
                code = EXIT_FAILED
            if args.once:
                return code
    except ModemError as error:
        return fail(str(error))
    finally:
        modem.channel.close()


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
    from fax.pages import convert_file

    source = Path(args.input)
    if not source.exists():
        return fail(f"ファイルがありません / no such file: {source}", EXIT_USAGE)
    try:
        count = convert_file(source, args.output, args.compression, args.resolution)
    except (ValueError, OSError) as error:
        return fail(f"変換できません / cannot convert: {error}")
    print(f"{args.output}: {count} pages, {args.compression.upper()}, {args.resolution}")
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
    send.add_argument("--resolution", choices=["standard", "fine"], default="fine")
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
    convert.add_argument("--compression", choices=["mh", "mr", "mmr"], default="mh")
    convert.add_argument("--resolution", choices=["standard", "fine"], default="fine")
    convert.set_defaults(handler=cmd_convert)
