"""``movedesk purge``: remove residents' data past the retention period (a supervisor's act)."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TYPE_CHECKING

from desktop.cli.common import EXIT_AUTH, EXIT_OK, EXIT_USAGE, fail, print_table

if TYPE_CHECKING:
    from desktop.context import AppContext
    from desktop.domain.accounts import StaffMember


def _signed_in_supervisor(args: argparse.Namespace, context: AppContext) -> StaffMember | int:
    """The supervisor who runs the purge, or the exit code that refuses them."""
    from desktop.domain.accounts import SignInError
    from desktop.staff import StaffService

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass(f"password for {args.staff}: ")
    if not password:
        return fail("no password given", EXIT_USAGE)
    try:
        member = StaffService(context.database).authenticate(args.staff, password)
    except SignInError as error:
        return fail(f"sign-in refused for {args.staff}: {error}", EXIT_AUTH)
    if not member.is_supervisor:
        return fail(f"{args.staff} is not a supervisor: only supervisors purge", EXIT_AUTH)
    return member


def cmd_purge(args: argparse.Namespace, context: AppContext) -> int:
    from desktop import paths
    from desktop.retention import purge_from_settings

    member = _signed_in_supervisor(args, context)
    if isinstance(member, int):
        return member
    purge = purge_from_settings(
        context.database, context.settings, fax_folder=context.fax_dir or paths.fax_dir()
    )
    if args.dry_run:
        plan = purge.plan()
        print(
            f"past retention: moves before {plan.cutoff.isoformat()} "
            f"({context.settings.get('retention_days')} days)"
        )
        if plan.notices:
            print_table(
                ["receipt", "kind", "move date"],
                [[n.receipt_number, n.kind, n.move_date.isoformat()] for n in plan.notices],
            )
        for held in plan.held:
            print(f"  kept: {held.receipt_number}: its decision has not reached the hub yet")
        print(
            f"would purge {len(plan.notices)} notices, {plan.received_faxes} received faxes, "
            f"{plan.fax_jobs} sent faxes, {plan.quarantined} quarantined payloads; "
            f"{len(plan.held)} held for the hub"
        )
        return EXIT_OK

    def show(stage: str, done: int, total: int) -> None:
        if total and sys.stderr.isatty():
            print(f"\r{stage}: {done} / {total}", end="", file=sys.stderr, flush=True)

    report = purge.run(staff=member.user_id, progress=show)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(report.summary())
    if report.yielded:
        print("another PC is purging the shared database; it finishes the work", file=sys.stderr)
    return EXIT_OK


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    purge = commands.add_parser(
        "purge", help="remove residents' data past the retention period (supervisors)"
    )
    purge.add_argument("--dry-run", action="store_true", help="list what would go; change nothing")
    purge.add_argument("--staff", required=True, help="the supervisor purging (audited)")
    purge.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    purge.set_defaults(handler=cmd_purge)
