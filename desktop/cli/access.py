"""Which command touches personal data, and the sign-in in front of those that do.

Every sub-command is declared here, so a new command cannot forget: one
that touches no personal data says why; one that does names the use it
needs (``desktop.authority.Use``). ``run_handler`` signs the person (or the
service account) in before such a command runs, checks the use against
the account's real role, and writes an audit row with the command and its
arguments; the handler then records what it showed or wrote.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop.authority import AccessRefused, Use, allowed, require
from desktop.messages import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from desktop.context import AppContext
    from desktop.service import Actor


@dataclass(frozen=True, slots=True)
class Access:
    use: Use | None  # None: the command touches no personal data
    why: str = ""  # for those, why not
    option_uses: tuple[Use, ...] = ()  # uses some of its options need (``--out`` of a list)
    unattended: bool = False  # may be allowed to a service account


def _no_personal_data(why: str) -> Access:
    return Access(None, why)


COMMANDS: dict[str, Access] = {
    "sync": _no_personal_data("moves notices between the hub and the store; prints only counts"),
    "notices list": Access(Use.VIEW, unattended=True),
    "claim": Access(Use.CLAIM),
    "release": Access(Use.CLAIM),
    "decide": Access(Use.DECIDE),
    "reopen": Access(Use.REOPEN),
    "login": Access(Use.CHANGE_SETTINGS),
    "db upgrade": _no_personal_data("changes the schema; shows no notice"),
    "db status": _no_personal_data(
        "prints counts of the outbox and the quarantine, and each PC's last sync"
    ),
    "hub-sim": _no_personal_data("serves invented residents from the simulator, not the store"),
    "print daily": Access(Use.PRINT_LIST, option_uses=(Use.SAVE_LIST_PDF,), unattended=True),
    "print notice": Access(Use.PRINT_NOTICE, option_uses=(Use.SAVE_NOTICE_PDF,), unattended=True),
    "export csv": Access(Use.EXPORT_CSV, unattended=True),
    "fax line": _no_personal_data("runs emulated modems; carries no document"),
    "fax send": Access(Use.FAX_SEND, unattended=True),
    "fax receive": Access(Use.FAX_RECEIVE, unattended=True),
    "fax probe": _no_personal_data("asks the modem who it is"),
    "fax convert": _no_personal_data(
        "turns a file the user names into a fax file; nothing from the store"
    ),
    "fax read-notice": Access(Use.VIEW, unattended=True),
    "db login": _no_personal_data("stores this PC's database password in the credential store"),
    # Staff accounts and the audit log hold no resident's data; these commands
    # sign a supervisor in themselves (desktop/cli/staff_commands.py), and the
    # data folder's OS owner may unlock without one.
    **{
        f"staff {name}": _no_personal_data(
            "staff accounts, not residents; signs a supervisor in itself"
        )
        for name in ("list", "inventory", "role", "reset", "deactivate", "reactivate", "unlock")
    },
    "staff passwd": _no_personal_data("changes the signed-in person's own password"),
    "audit verify": _no_personal_data(
        "checks the audit chain, which holds no resident's data; a supervisor signs in"
    ),
    "audit export": _no_personal_data(
        "audit rows name receipts and actions, never a resident; a supervisor signs in"
    ),
    "purge": _no_personal_data(
        "removes expired residents' data and shows only counts and receipt numbers; "
        "a supervisor signs in"
    ),
    "service-account add": Access(Use.MANAGE_SERVICE_ACCOUNTS),
    "service-account list": Access(Use.MANAGE_SERVICE_ACCOUNTS),
    "service-account remove": Access(Use.MANAGE_SERVICE_ACCOUNTS),
}

# Commands a supervisor may give to a service account.
UNATTENDED = tuple(path for path, access in COMMANDS.items() if access.unattended)

# Arguments that are how the command runs, not what it does: left out of the audit row.
_NOT_AUDITED = {
    "handler",
    "command_path",
    "command",
    "staff",
    "service",
    "password_stdin",
    "data_dir",
    "database_url",
    "hub_url",
    "partner_id",
    "language",
    "demo",
    "screenshot",
    "self_test",
    "actor",
}
# Free text a person typed may name a resident: the audit row says only that it was given.
_TEXT_NOT_COPIED = {"search", "reason_text"}


class SignInRequired(AccessRefused):
    def __init__(self, command: str) -> None:
        super().__init__(
            "sign_in_required",
            QT_TRANSLATE_NOOP(
                "CoreMessages",
                "「{command}」にはサインインが必要です: --staff 利用者ID"
                "（パスワードを入力）または --service サービスアカウント名",
            ),
            command=command,
        )


class StaffSignInRefused(AccessRefused):
    """The staff member's sign-in failed: unknown, wrong password, locked or none given."""


def command_path(parser: argparse.ArgumentParser, root: str = "movedesk") -> str:
    """``print daily`` for the parser whose prog is ``movedesk print daily``."""
    return parser.prog.removeprefix(root).strip()


def add_sign_in_flags(parser: argparse.ArgumentParser, access: Access) -> None:
    taken = set(parser._option_string_actions)
    if "--staff" not in taken:
        parser.add_argument("--staff", metavar="ID", help="sign in as this staff member")
    if "--password-stdin" not in taken:
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="read the password from standard input instead of asking",
        )
    if access.unattended and "--service" not in taken:
        parser.add_argument(
            "--service", metavar="NAME", help="run as this service account (unattended jobs)"
        )


def read_password(args: argparse.Namespace, prompt: str) -> str:
    if getattr(args, "password_stdin", False):
        return sys.stdin.readline().rstrip("\r\n")
    return getpass.getpass(prompt)


def _staff_refusal(reason: str, attempts_left: int | None, text: str) -> StaffSignInRefused:
    if reason not in ("locked", "wrong_password"):
        # A refusal the staff rules added later: their own words, as they are.
        return StaffSignInRefused(f"sign_in_{reason}", text.replace("{", "{{").replace("}", "}}"))
    if reason == "locked":
        return StaffSignInRefused(
            "account_locked",
            QT_TRANSLATE_NOOP(
                "CoreMessages", "アカウントがロックされています。監督者に解除を依頼してください"
            ),
        )
    if attempts_left:
        return StaffSignInRefused(
            "sign_in_refused_attempts_left",
            QT_TRANSLATE_NOOP(
                "CoreMessages",
                "利用者IDまたはパスワードが違います（あと {left} 回でロックされます）",
            ),
            left=attempts_left,
        )
    return StaffSignInRefused(
        "sign_in_refused",
        QT_TRANSLATE_NOOP("CoreMessages", "利用者IDまたはパスワードが違います"),
    )


def _uses_of(commands: tuple[str, ...]) -> frozenset[str]:
    grants: set[str] = set()
    for path in commands:
        access = COMMANDS.get(path)
        if access is not None and access.use is not None:
            grants.update(use.value for use in (access.use, *access.option_uses))
    return frozenset(grants)


def sign_in(args: argparse.Namespace, context: AppContext, path: str, access: Access) -> Actor:
    """The actor a personal-data command runs as; raises ``AccessRefused`` when none may."""
    from desktop.domain.accounts import SignInError
    from desktop.domain.workflow import Role
    from desktop.service import Actor
    from desktop.service_accounts import ServiceAccounts, actor_name
    from desktop.staff import StaffService

    service = getattr(args, "service", None)
    if service and getattr(args, "staff", None):
        raise StaffSignInRefused(
            "sign_in_twice",
            QT_TRANSLATE_NOOP(
                "CoreMessages", "--staff と --service のどちらか一方だけを指定してください"
            ),
        )
    if service:
        commands = ServiceAccounts(context.database).sign_in(service, path)
        actor = Actor(actor_name(service), Role.VIEWER, "service", _uses_of(commands))
    elif getattr(args, "staff", None):
        password = read_password(args, f"Password for {args.staff}: ")
        if not password:
            raise StaffSignInRefused(
                "password_missing", QT_TRANSLATE_NOOP("CoreMessages", "パスワードがありません")
            )
        try:
            member = StaffService(context.database).authenticate(args.staff, password)
        except SignInError as error:
            raise _staff_refusal(error.reason, error.attempts_left, str(error)) from None
        actor = Actor(member.user_id, member.role)
    elif path == "login" and not StaffService(context.database).has_staff():
        # The hub password is stored before the first supervisor exists (README).
        actor = Actor("setup", Role.SUPERVISOR)
    else:
        raise SignInRequired(path)
    if not allowed(actor, access.use):  # type: ignore[arg-type]
        from desktop import audit

        with context.database.session() as session:
            audit.record(session, actor.user_id, "command_refused", path, arguments_for_audit(args))
        require(actor, access.use)  # type: ignore[arg-type]
    return actor


def arguments_for_audit(args: argparse.Namespace) -> str:
    """The command's own arguments as JSON: receipts, dates, destinations; never a password."""
    shown: dict[str, Any] = {}
    for name, value in sorted(vars(args).items()):
        if name in _NOT_AUDITED or name.endswith("_command") or value in (None, False, [], ""):
            continue
        if name in _TEXT_NOT_COPIED:
            shown[name] = f"({len(str(value))} characters)"
            continue
        if isinstance(value, (list, tuple)):
            shown[name] = [v if isinstance(v, (int, float, str)) else str(v) for v in value]
        else:
            shown[name] = value if isinstance(value, (int, float, str, bool)) else str(value)
    return json.dumps(shown, ensure_ascii=False, default=str)


def audit_run(context: AppContext, actor: Actor, path: str, args: argparse.Namespace) -> None:
    from desktop import audit

    with context.database.session() as session:
        audit.record(session, actor.user_id, "command", path, arguments_for_audit(args))


__all__ = [
    "COMMANDS",
    "UNATTENDED",
    "Access",
    "SignInRequired",
    "StaffSignInRefused",
    "add_sign_in_flags",
    "arguments_for_audit",
    "audit_run",
    "command_path",
    "read_password",
    "sign_in",
]
