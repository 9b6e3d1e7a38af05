"""``movedesk staff …``: accounts from the command line, under the same rules as the window.

Each command signs in (``--staff ID`` and the password, prompted or read
from standard input with ``--password-stdin``) and needs a supervisor,
except changing one's own password and ``staff unlock`` run without
``--staff`` by the OS account that owns the data folder.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.cli.common import EXIT_AUTH, EXIT_FAILED, EXIT_OK, EXIT_USAGE, fail, print_table

if TYPE_CHECKING:
    from desktop.context import AppContext
    from desktop.domain.accounts import StaffMember
    from desktop.staff import StaffService


class Refused(Exception):
    """Sign-in or permission refused; the message says why."""


def _secret(args: argparse.Namespace, prompt: str) -> str:
    if getattr(args, "password_stdin", False):
        # One line per secret asked for, in the order the command asks.
        return sys.stdin.readline().rstrip("\r\n")
    return getpass.getpass(prompt)


def staff_service(context: AppContext) -> StaffService:
    from desktop.domain.accounts import StaffPolicy
    from desktop.staff import StaffService

    return StaffService(context.database, StaffPolicy.from_settings(context.settings))


def sign_in(
    args: argparse.Namespace, context: AppContext, *, supervisor: bool = True
) -> StaffMember:
    from desktop.domain.accounts import SignInError

    user = getattr(args, "staff", None)
    if not user:
        raise Refused("sign in with --staff ID (the password is asked for, or --password-stdin)")
    password = _secret(args, f"Password for {user}: ")
    if not password:
        raise Refused("no password given")
    try:
        member = staff_service(context).authenticate(user, password)
    except SignInError as error:
        raise Refused(str(error)) from None
    if supervisor and not member.is_supervisor:
        raise Refused(f"{member.user_id} is not a supervisor: this command is for supervisors")
    return member


def guarded(command):  # type: ignore[no-untyped-def]
    """Turn refusals and rule breaks into a message and an exit code."""
    from desktop.domain.accounts import StaffError

    def run(args: argparse.Namespace, context: AppContext) -> int:
        try:
            return command(args, context)
        except Refused as error:
            return fail(str(error), EXIT_AUTH)
        except StaffError as error:
            return fail(str(error), EXIT_USAGE)
        # Anything else (a file that cannot be written …) goes to the one
        # handler every command shares, for the same line and exit code.

    return run


def cmd_list(args: argparse.Namespace, context: AppContext) -> int:
    from desktop.domain.accounts import StaffPolicy
    from desktop.staff_inventory import account_records, inventory_rows

    sign_in(args, context)
    records = account_records(context.database, StaffPolicy.from_settings(context.settings))
    rows = inventory_rows(records)
    print_table(
        ["利用者ID", "氏名", "権限", "状態", "最終サインイン", "未使用日数"],
        [[r[0], r[1], r[2], r[3], r[7], r[10]] for r in rows],
    )
    return EXIT_OK


def cmd_inventory(args: argparse.Namespace, context: AppContext) -> int:
    from desktop.domain.accounts import StaffPolicy
    from desktop.staff_inventory import write_inventory

    member = sign_in(args, context)
    count = write_inventory(
        context.database,
        StaffPolicy.from_settings(context.settings),
        Path(args.out),
        by=member,
        encoding=args.encoding,
    )
    print(f"wrote {args.out} ({count} accounts)")
    return EXIT_OK


def cmd_unlock(args: argparse.Namespace, context: AppContext) -> int:
    from desktop import paths
    from desktop.data_owner import caller_name, why_not_owner

    service = staff_service(context)
    if getattr(args, "staff", None):
        service.unlock(args.user_id, sign_in(args, context))
        print(f"{args.user_id} unlocked")
        return EXIT_OK
    reason = why_not_owner(paths.data_dir())
    if reason is not None:
        return fail(f"{reason}; or sign in as a supervisor with --staff ID", EXIT_AUTH)
    service.unlock_as_data_owner(args.user_id, caller_name())
    print(f"{args.user_id} unlocked by the data folder's owner ({caller_name()}); this is logged")
    return EXIT_OK


def _new_password(args: argparse.Namespace, whose: str) -> str:
    first = _secret(args, f"New password for {whose}: ")
    if not getattr(args, "password_stdin", False) and first != getpass.getpass("Again: "):
        raise Refused("the two passwords differ")
    return first


def cmd_reset(args: argparse.Namespace, context: AppContext) -> int:
    member = sign_in(args, context)
    temporary = _new_password(args, args.user_id)
    staff_service(context).reset_password(args.user_id, temporary, member)
    print(f"{args.user_id}: password reset; it must be changed at the next sign-in")
    return EXIT_OK


def cmd_passwd(args: argparse.Namespace, context: AppContext) -> int:
    from desktop.domain.accounts import SignInError

    user = getattr(args, "staff", None)
    if not user:
        raise Refused("name your account with --staff ID")
    current = _secret(args, f"Current password for {user}: ")
    new = _new_password(args, user)
    try:
        staff_service(context).change_password(user, current, new)
    except SignInError as error:
        raise Refused(str(error)) from None
    print(f"{user}: password changed")
    return EXIT_OK


def cmd_role(args: argparse.Namespace, context: AppContext) -> int:
    staff_service(context).change_role(args.user_id, args.role, sign_in(args, context))
    print(f"{args.user_id} is now {args.role}")
    return EXIT_OK


def cmd_deactivate(args: argparse.Namespace, context: AppContext) -> int:
    staff_service(context).deactivate(args.user_id, sign_in(args, context))
    print(f"{args.user_id} deactivated")
    return EXIT_OK


def cmd_reactivate(args: argparse.Namespace, context: AppContext) -> int:
    staff_service(context).reactivate(args.user_id, sign_in(args, context))
    print(f"{args.user_id} reactivated")
    return EXIT_OK


def add_sign_in_flags(parser: argparse.ArgumentParser) -> None:
    taken = set(parser._option_string_actions)
    if "--staff" not in taken:
        parser.add_argument("--staff", metavar="ID", help="sign in as this staff member")
    if "--password-stdin" not in taken:
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="read the password (and any new one) from standard input, one per line",
        )


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    staff = commands.add_parser("staff", help="staff accounts (supervisors)")
    staff_commands = staff.add_subparsers(dest="staff_command", required=True)

    def add(name: str, handler, help_text: str, *, user: bool = True):  # type: ignore[no-untyped-def]
        parser = staff_commands.add_parser(name, help=help_text)
        if user:
            parser.add_argument("user_id", metavar="ID")
        add_sign_in_flags(parser)
        parser.set_defaults(handler=guarded(handler))
        return parser

    add("list", cmd_list, "list every account", user=False)
    inventory = add(
        "inventory",
        cmd_inventory,
        "write the staff and permission inventory (棚卸) CSV",
        user=False,
    )
    inventory.add_argument("--out", required=True, metavar="FILE.csv")
    inventory.add_argument("--encoding", choices=["utf-8-sig", "cp932"], default="utf-8-sig")
    add(
        "unlock",
        cmd_unlock,
        "unlock an account (as a supervisor, or without --staff as the data folder's owner)",
    )
    add("reset", cmd_reset, "set a temporary password that must be changed at the next sign-in")
    add("passwd", cmd_passwd, "change your own password (--staff ID)", user=False)
    role = add("role", cmd_role, "give an account another role")
    role.add_argument("role", choices=["viewer", "clerk", "supervisor"])
    add("deactivate", cmd_deactivate, "stop an account from signing in (a leaver)")
    add("reactivate", cmd_reactivate, "let a deactivated account sign in again")


__all__ = ["EXIT_FAILED", "Refused", "add_sign_in_flags", "register", "sign_in", "staff_service"]
