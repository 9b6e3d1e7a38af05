"""Pieces every sub-command shares: exit codes, context from flags, error reporting."""

from __future__ import annotations

import argparse
import io
import logging
import os
import sys
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.messages import QT_TRANSLATE_NOOP, UserError
from desktop.settings import Settings

if TYPE_CHECKING:
    from desktop.context import AppContext

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_OFFLINE = 3
EXIT_AUTH = 4
EXIT_DATABASE = 5

GLOBAL_FLAGS = (
    ("--data-dir", "folder for the database, settings and logs"),
    ("--database-url", "SQLAlchemy URL, e.g. postgresql://…"),
    ("--hub-url", "base URL of the hub"),
    ("--partner-id", "this bureau's partner ID at the hub"),
)

Handler = Callable[[argparse.Namespace, "AppContext"], int]


class UsageProblem(UserError, ValueError):
    """Something the person named (a folder, a printer, a port) is not there or not free."""


class CommandProblem(UserError):
    """A failure the command explains in one line (exit 1, or the code it is shown with)."""


def output_folder_missing(path: Path) -> UsageProblem:
    return UsageProblem(
        "output_folder_missing",
        QT_TRANSLATE_NOOP("CoreMessages", "{path} を書けません: フォルダ {folder} がありません"),
        path=str(path),
        folder=str(path.parent),
    )


def add_global_flags(parser: argparse.ArgumentParser, *, nested: bool = False) -> None:
    # Nested copies must not reset a value given before the sub-command.
    default = argparse.SUPPRESS if nested else None
    taken = set(parser._option_string_actions)
    for flag, text in GLOBAL_FLAGS:
        if flag not in taken:
            parser.add_argument(flag, default=default, help=text)


def settings_from(args: argparse.Namespace) -> Settings:
    """The settings, with the global flags applied; problems are printed, not raised."""
    if getattr(args, "data_dir", None):
        os.environ["MOVEDESK_DATA_DIR"] = args.data_dir
    overrides = {
        "database_url": getattr(args, "database_url", None),
        "hub_url": getattr(args, "hub_url", None),
        "partner_id": getattr(args, "partner_id", None),
    }
    settings = Settings(overrides=overrides)
    for problem in settings.problems:
        print(f"movedesk: settings: {problem}", file=sys.stderr)
    return settings


def context_from(args: argparse.Namespace) -> AppContext:
    from desktop.context import AppContext

    return AppContext(settings_from(args))


def parse_day(text: str) -> date:
    """YYYY-MM-DD, today, tomorrow or yesterday."""
    relative = {"today": 0, "tomorrow": 1, "yesterday": -1}
    if text in relative:
        return date.today() + timedelta(days=relative[text])
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date (YYYY-MM-DD, today, tomorrow or yesterday)"
        ) from None


def cli_language(args: argparse.Namespace | None = None) -> str:
    """--language, else the system's: Japanese on a Japanese system, English elsewhere."""
    from desktop.i18n import system_language

    return getattr(args, "language", None) or system_language()


# The language of the command being run, chosen once when it starts.
_state: dict[str, str] = {}


def fail(message: str | BaseException, code: int = EXIT_FAILED) -> int:
    """Print one line for the person at the terminal and return the exit code."""
    if isinstance(message, BaseException):
        from desktop.i18n import translator
        from desktop.messages import render

        message = render(message, translator(_state.get("language") or cli_language()))
    print(f"movedesk: {' '.join(str(message).splitlines())}", file=sys.stderr)
    return code


def run_handler(handler: Handler, args: argparse.Namespace) -> int:
    """Run a sub-command; every failure ends as one line on stderr and the README's exit code.

    A command that touches personal data runs only for a signed-in account
    allowed to, and leaves an audit row (``desktop.cli.access``). Expected
    failures say what went wrong; anything else is logged with its
    traceback and shown as one line naming the log file. A closed pipe
    (``movedesk notices list | head``) ends quietly.
    """
    context: AppContext | None = None
    _state["language"] = cli_language(args)
    log_file: Path | None = None
    try:
        context = context_from(args)
        from desktop.logs import configure_logging

        log_file = configure_logging(name="movedesk-cli.log")
        path = getattr(args, "command_path", "")
        from desktop.cli.access import COMMANDS, audit_run, sign_in

        access = COMMANDS.get(path)
        if access is None:
            return fail(f"the command {path!r} does not say whether it touches personal data")
        if access.use is not None:
            args.actor = sign_in(args, context, path, access)
            audit_run(context, args.actor, path, args)
        return handler(args, context)
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_OK
    except KeyboardInterrupt:
        return fail("interrupted", 130)
    except Exception as error:
        return fail_for(error, log_file)
    finally:
        if context is not None:
            context.close()


def exit_code_for(error: BaseException) -> int | None:
    """The README's exit code for an expected failure; None for an unexpected one."""
    from desktop.authority import AccessRefused
    from desktop.context import ConfigurationError
    from desktop.domain.accounts import SignInError
    from desktop.domain.workflow import PermissionDenied, TransitionError
    from desktop.hub.errors import HubAuthError, HubConfigError, HubError, HubUnavailable
    from desktop.secrets import SecretUnavailable
    from desktop.settings import SettingsError

    if isinstance(error, (AccessRefused, PermissionDenied, SignInError, HubAuthError)):
        return EXIT_AUTH
    if isinstance(error, (ConfigurationError, SettingsError, HubConfigError, TransitionError)):
        return EXIT_USAGE
    if isinstance(error, HubUnavailable):
        return EXIT_OFFLINE
    if _is_database_refusal(error) or _database_error(error) == "database":
        return EXIT_DATABASE
    if _database_error(error) == "url":
        return EXIT_USAGE
    if isinstance(error, UserError):
        # A value the person gave that a rule refuses (a reason, a name) is a usage error.
        return EXIT_USAGE if isinstance(error, ValueError) else EXIT_FAILED
    if isinstance(error, (FileNotFoundError, NotADirectoryError)) and error.filename:
        return EXIT_USAGE  # a folder the person named is not there (README: 2)
    if isinstance(error, (HubError, SecretUnavailable, OSError)):
        return EXIT_FAILED
    return None


def _is_database_refusal(error: BaseException) -> bool:
    if "desktop.store.database" not in sys.modules:
        return False
    from desktop.store.database import DatabaseTooNew, NotAMoveDeskDatabase

    return isinstance(error, (DatabaseTooNew, NotAMoveDeskDatabase))


def _database_error(error: BaseException) -> str | None:
    """Which database failure ``error`` is: a damaged or unreachable database, or a bad URL."""
    if "sqlalchemy" not in sys.modules:
        return None
    from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

    if isinstance(error, DBAPIError):
        return "database"
    if isinstance(error, (ArgumentError, NoSuchModuleError)):
        return "url"
    return None


def fail_for(error: BaseException, log_file: Path | None = None) -> int:
    """One line for ``error``; an unexpected one is logged with its traceback first."""
    from desktop.hub.errors import HubAuthError, HubUnavailable

    code = exit_code_for(error)
    if code is None:
        logging.getLogger("movedesk.cli").error("unexpected error", exc_info=error)
        written = _file_logged_to() or log_file or "movedesk-cli.log"
        unexpected = CommandProblem(
            "unexpected_error",
            QT_TRANSLATE_NOOP(
                "CoreMessages", "予期しないエラーです（{kind}: {text}）。詳細は {log}"
            ),
            kind=type(error).__name__,
            text=_one_line(error),
            log=str(written),
        )
        return fail(unexpected)
    if _database_error(error) == "database":
        from desktop.privacy import database_error_summary

        # The driver's words can quote the failing row (PostgreSQL's DETAIL):
        # the kind and the statement only; the log has the traceback without values.
        logging.getLogger("movedesk.cli").error("database error", exc_info=error)
        unusable = CommandProblem(
            "database_unusable",
            QT_TRANSLATE_NOOP("CoreMessages", "データベースを使えません: {reason}"),
            reason=database_error_summary(error),
        )
        return fail(unusable, code)
    if _database_error(error) == "url":
        bad_url = CommandProblem(
            "database_url_unusable",
            QT_TRANSLATE_NOOP("CoreMessages", "データベースURLを使えません: {reason}"),
            reason=_one_line(error),
        )
        return fail(bad_url, code)
    if isinstance(error, HubAuthError):
        return fail(f"the hub refused the sign-in: {_one_line(error)}", code)
    if isinstance(error, HubUnavailable):
        return fail(f"the hub cannot be reached: {_one_line(error)}", code)
    if not isinstance(error, UserError) and isinstance(error, OSError) and error.filename:
        return fail(f"{error.filename}: {error.strerror or _one_line(error)}", code)
    return fail(error, code)


def _file_logged_to() -> Path | None:
    from logging.handlers import RotatingFileHandler

    for handler in logging.getLogger().handlers:
        if isinstance(handler, RotatingFileHandler):
            handler.flush()
            return Path(handler.baseFilename)
    return None


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


def _silence_stdout() -> None:
    # The reader has gone; later writes (and the flush at exit) go nowhere.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        pass  # a test runner's stream has no file number


def print_table(headers: list[str], rows: list[list[Any]]) -> None:
    """A plain aligned table; East Asian wide characters count as two columns."""
    import unicodedata

    def width(text: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)

    cells = [[str(c) for c in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(width(row[i]) for row in cells) for i in range(len(headers))]
    for row in cells:
        print(
            "  ".join(c + " " * (w - width(c)) for c, w in zip(row, widths, strict=True)).rstrip()
        )
