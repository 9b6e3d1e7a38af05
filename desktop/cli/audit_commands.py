"""``movedesk audit …``: check the audit log's chain and export it (supervisors)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.cli.common import EXIT_FAILED, EXIT_OK, parse_day
from desktop.cli.staff_commands import add_sign_in_flags, guarded, sign_in

if TYPE_CHECKING:
    from desktop.context import AppContext


def cmd_verify(args: argparse.Namespace, context: AppContext) -> int:
    from desktop.audit_chain import verify_and_note

    sign_in(args, context)
    report = verify_and_note(context.database, context.settings.path.parent)
    print(report.summary())
    for problem in report.problems:
        print(f"  ! {problem.describe()}")
    if report.more_problems:
        print(f"  ! … and {report.more_problems} more")
    return EXIT_OK if report.intact else EXIT_FAILED


def cmd_export(args: argparse.Namespace, context: AppContext) -> int:
    from desktop.audit_log import AuditFilter, export_entries

    member = sign_in(args, context)
    spec = AuditFilter(
        staff=args.by or "",
        action=args.action or "",
        target=args.target or "",
        first_day=args.since,
        last_day=args.until,
    )
    count = export_entries(
        context.database, spec, Path(args.out), by=member, encoding=args.encoding
    )
    print(f"wrote {args.out} ({count} rows)")
    return EXIT_OK


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser("audit", help="the audit log (supervisors)")
    audit_commands = parser.add_subparsers(dest="audit_command", required=True)
    verify = audit_commands.add_parser(
        "verify", help="check the hash chain: find edited, deleted or inserted rows"
    )
    add_sign_in_flags(verify)
    verify.set_defaults(handler=guarded(cmd_verify))
    export = audit_commands.add_parser("export", help="write audit rows as CSV (audited)")
    export.add_argument("--out", required=True, metavar="FILE.csv")
    export.add_argument("--by", metavar="STAFF", help="only this staff member's rows")
    export.add_argument("--action", help="only this action (sign_in, export_csv, …)")
    export.add_argument("--target", help="only targets starting so (a receipt number)")
    export.add_argument("--since", type=parse_day, help="first day (YYYY-MM-DD)")
    export.add_argument("--until", type=parse_day, help="last day (YYYY-MM-DD)")
    export.add_argument("--encoding", choices=["utf-8-sig", "cp932"], default="utf-8-sig")
    add_sign_in_flags(export)
    export.set_defaults(handler=guarded(cmd_export))
