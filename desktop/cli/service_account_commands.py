"""``movedesk service-account add|list|remove``: accounts for unattended jobs.

A supervisor creates one on the PC, and as the Windows account, that runs
the scheduled job: its secret goes into that account's credential store.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from desktop.cli.access import UNATTENDED
from desktop.cli.common import EXIT_OK, print_table

if TYPE_CHECKING:
    from desktop.context import AppContext


def _commands(text: str) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(" ".join(c.split()) for c in text.split(",") if c.strip()))
    unknown = [c for c in chosen if c not in UNATTENDED]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(
            f"{', '.join(unknown) or text!r}: a service account may run only "
            + ", ".join(f'"{c}"' for c in UNATTENDED)
        )
    return chosen


def cmd_add(args: argparse.Namespace, context: AppContext) -> int:
    from desktop import secrets
    from desktop.service_accounts import ServiceAccounts

    account = ServiceAccounts(context.database).add(args.name, args.commands, args.actor)
    print(
        f"service account {account.name} may run: {', '.join(account.commands)}; "
        f"its secret is in {secrets.backend_name()}"
    )
    print(f"run a job with: movedesk {account.commands[0]} … --service {account.name}")
    return EXIT_OK


def cmd_list(args: argparse.Namespace, context: AppContext) -> int:
    from desktop.service_accounts import ServiceAccounts

    accounts = ServiceAccounts(context.database).list()
    print_table(
        ["name", "commands", "created by", "created", "last run"],
        [
            [
                a.name,
                ", ".join(a.commands),
                a.created_by,
                f"{a.created_at:%Y-%m-%d %H:%M}",
                f"{a.last_run_at:%Y-%m-%d %H:%M}" if a.last_run_at else "-",
            ]
            for a in accounts
        ],
    )
    print(f"{len(accounts)} service account(s)")
    return EXIT_OK


def cmd_remove(args: argparse.Namespace, context: AppContext) -> int:
    from desktop.service_accounts import ServiceAccounts

    ServiceAccounts(context.database).remove(args.name, args.actor)
    print(f"service account {args.name} removed")
    return EXIT_OK


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    group = commands.add_parser(
        "service-account", help="accounts for unattended jobs (supervisors only)"
    )
    sub = group.add_subparsers(dest="service_account_command", required=True)

    add = sub.add_parser("add", help="create a service account allowed exactly these commands")
    add.add_argument("name")
    add.add_argument(
        "--commands",
        type=_commands,
        required=True,
        help='comma-separated, e.g. "print daily" or "print daily, export csv"',
    )
    add.set_defaults(handler=cmd_add)

    listing = sub.add_parser("list", help="every service account and its commands")
    listing.set_defaults(handler=cmd_list)

    remove = sub.add_parser("remove", help="delete a service account and its secret")
    remove.add_argument("name")
    remove.set_defaults(handler=cmd_remove)
