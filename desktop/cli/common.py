"""Pieces every sub-command shares: exit codes, context from flags, error reporting."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

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
    print(f"movedesk: {message}", file=sys.stderr)
    return code


def run_handler(handler: Handler, args: argparse.Namespace) -> int:
    """Run a sub-command and turn every expected failure into a message and an exit code."""
    from desktop.context import ConfigurationError
    from desktop.hub.errors import HubAuthError, HubError, HubUnavailable
    from desktop.logs import configure_logging
    from desktop.settings import SettingsError
    from desktop.store.database import DatabaseTooNew, NotAMoveDeskDatabase

    context: AppContext | None = None
    _state["language"] = cli_language(args)
    try:
        context = context_from(args)
        configure_logging(name="movedesk-cli.log")
        return handler(args, context)
    except (ConfigurationError, SettingsError) as error:
        return fail(error, EXIT_USAGE)
    except (DatabaseTooNew, NotAMoveDeskDatabase) as error:
        return fail(str(error), EXIT_DATABASE)
    except HubAuthError as error:
        return fail(f"the hub refused the sign-in: {error}", EXIT_AUTH)
    except HubUnavailable as error:
        return fail(f"the hub cannot be reached: {error}", EXIT_OFFLINE)
    except HubError as error:
        return fail(str(error))
    except KeyboardInterrupt:
        return fail("interrupted", 130)
    except Exception as error:
        from desktop.privacy import database_error_summary, is_database_error

        if not is_database_error(error):
            raise
        # Its text may hold a resident's data: the log gets the traceback without it.
        logging.getLogger("movedesk.cli").error("database error", exc_info=error)
        return fail(f"database error: {database_error_summary(error)}; see the log")
    finally:
        if context is not None:
            context.close()


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
