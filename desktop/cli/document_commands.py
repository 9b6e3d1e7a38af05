"""``movedesk print …`` and ``movedesk export csv``: documents without the window.

A supervisor schedules ``movedesk print daily --date today --kind move_in
--printer NAME`` each morning (README: Windows Task Scheduler).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.authority import Use
from desktop.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    UsageProblem,
    fail,
    output_folder_missing,
    parse_day,
)
from desktop.csv_export import ENCODINGS, UnencodableCharacters
from desktop.domain.kinds import known_kinds
from desktop.frontend import frontend
from desktop.messages import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from desktop.context import AppContext
    from printing import PrintResult


def _kind(text: str) -> str:
    if text not in known_kinds():
        raise argparse.ArgumentTypeError(
            f"unknown kind {text!r}: one of {', '.join(known_kinds())}"
        )
    return text


def _who(args: argparse.Namespace) -> str:
    return args.actor.user_id


def _deliver(
    result: PrintResult,
    args: argparse.Namespace,
    context: AppContext,
    default_name: str,
    *,
    what: str,
    uses: tuple[Use, Use],
) -> int:
    """Print or write the PDF, once the core has let it go there (and audited it)."""
    from desktop.authority import release

    on_paper, as_file = uses
    for missing in result.missing_glyphs:
        print(
            f"movedesk: warning: {missing.character} ({missing.code_point}) is not in the "
            f"embedded font ({missing.where}); "
            + (f"drawn with {missing.fallback_font}" if missing.fallback_font else "printed as 〓"),
            file=sys.stderr,
        )
    if args.printer:
        window = frontend()  # Qt's printing is the one that reaches Windows printers
        if window is None:
            return fail("printing on a printer needs the window part of MoveDesk", EXIT_USAGE)
        known = window.printer_names()
        if args.printer not in known:
            raise UsageProblem(
                "printer_unknown",
                QT_TRANSLATE_NOOP(
                    "CoreMessages",
                    "プリンター「{name}」はありません（このPCのプリンター: {known}）",
                ),
                name=args.printer,
                known=", ".join(known) or "-",
            )
        release(context.database, args.actor, on_paper, what, f"printer:{args.printer}")
        pages = window.print_pdf(result.pdf, args.printer)
        print(f"sent {pages} page(s) to {args.printer}")
        return EXIT_OK
    out = Path(args.out or default_name)
    if not out.parent.is_dir():
        raise output_folder_missing(out)
    release(context.database, args.actor, as_file, what, f"file:{out.resolve()}")
    out.write_bytes(result.pdf)
    print(f"wrote {out} ({result.page_count} page(s))")
    return EXIT_OK


def cmd_print_daily(args: argparse.Namespace, context: AppContext) -> int:
    from desktop import documents  # ReportLab loads for the commands that print

    result = documents.daily_list(
        context.database,
        context.settings,
        args.kind,
        args.date,
        args.until,
        printed_by=_who(args),
        group_by=args.group_by,
    )
    span = args.date.isoformat() + (
        f"..{args.until.isoformat()}" if args.until and args.until != args.date else ""
    )
    return _deliver(
        result,
        args,
        context,
        f"{args.kind}-{args.date.isoformat()}.pdf",
        what=f"{args.kind} {span}",
        uses=(Use.PRINT_LIST, Use.SAVE_LIST_PDF),
    )


def cmd_print_notice(args: argparse.Namespace, context: AppContext) -> int:
    from desktop import documents
    from desktop.service import NoticeNotFound

    try:
        result = documents.notice_sheets(
            context.database, context.settings, args.receipts, printed_by=_who(args)
        )
    except NoticeNotFound as error:
        return fail(error)
    return _deliver(
        result,
        args,
        context,
        f"{args.receipts[0]}.pdf",
        what=", ".join(args.receipts),
        uses=(Use.PRINT_NOTICE, Use.SAVE_NOTICE_PDF),
    )


def cmd_export_csv(args: argparse.Namespace, context: AppContext) -> int:
    from desktop import documents

    out = Path(args.out)
    if not out.parent.is_dir():
        raise output_folder_missing(out)
    try:
        result = documents.export_list_csv(
            context.database,
            args.kind,
            args.date,
            args.until,
            encoding=args.encoding,
            actor=args.actor,
            destination=f"file:{out.resolve()}",
            replacement=args.replace,
        )
    except UnencodableCharacters as error:
        print(
            f"movedesk: {len(error.unencodable)} character(s) cannot be written as {args.encoding}:",
            file=sys.stderr,
        )
        for item in error.unencodable:
            print(
                f"  row {item.row} ({item.receipt_number}), {item.column}: {item.character} {item.code_point}",
                file=sys.stderr,
            )
        print("nothing was written; use --replace CHAR to write them as CHAR", file=sys.stderr)
        return EXIT_FAILED
    out.write_bytes(result.data)
    print(f"wrote {args.out} ({result.row_count} row(s), {args.encoding})")
    for item in result.unencodable:
        print(f"  replaced: row {item.row}, {item.column}: {item.character} {item.code_point}")
    return EXIT_OK


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    printing = commands.add_parser("print", help="print notices and daily lists")
    what = printing.add_subparsers(dest="print_command", required=True)

    daily = what.add_parser("daily", help="the daily move-in or move-out list")
    daily.add_argument("--date", type=parse_day, required=True, help="YYYY-MM-DD or today")
    daily.add_argument("--until", type=parse_day, help="last day of a range (default: --date)")
    daily.add_argument("--kind", type=_kind, required=True, help="move_in or move_out")
    daily.add_argument("--group-by", choices=["municipality", "town"], help="group rows")
    daily.add_argument("--out", help="PDF file to write (default: KIND-DATE.pdf)")
    daily.add_argument("--printer", help="send to this printer instead of a file")
    daily.set_defaults(handler=cmd_print_daily)

    notice = what.add_parser("notice", help="notice sheets, one page each")
    notice.add_argument("receipts", nargs="+", metavar="RECEIPT")
    notice.add_argument("--out", help="PDF file to write (default: RECEIPT.pdf)")
    notice.add_argument("--printer", help="send to this printer instead of a file")
    notice.set_defaults(handler=cmd_print_notice)

    export = commands.add_parser("export", help="export data for Excel")
    formats = export.add_subparsers(dest="export_command", required=True)
    csv = formats.add_parser("csv", help="the daily list as CSV (supervisors only)")
    csv.add_argument("--date", type=parse_day, required=True)
    csv.add_argument("--until", type=parse_day)
    csv.add_argument("--kind", type=_kind, default="move_in")
    csv.add_argument("--encoding", choices=ENCODINGS, default="utf-8-sig")
    csv.add_argument("--replace", metavar="CHAR", help="write characters cp932 lacks as CHAR")
    csv.add_argument("--out", required=True)
    csv.set_defaults(handler=cmd_export_csv)
