"""Argument parsing and dispatch for ``movedesk``."""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

from desktop import __version__
from desktop.cli.common import EXIT_USAGE, add_global_flags, fail, run_handler
from desktop.frontend import frontend


class Parser(argparse.ArgumentParser):
    """argparse with its errors on one line (the usage is one ``--help`` away)."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"movedesk: {self.prog}: {message} (see {self.prog} --help)\n")


def build_parser(*, commands: bool = True) -> argparse.ArgumentParser:
    parser = Parser(
        prog="movedesk",
        description="MoveDesk: move notices from the moving hub for a water bureau's counter.",
        exit_on_error=commands,
    )
    parser.add_argument("--version", action="version", version=f"MoveDesk {__version__}")
    parser.add_argument("--demo", action="store_true", help="open the demo (simulated hub and fax)")
    parser.add_argument(
        "--screenshot", metavar="FILE.png", help="with --demo: save a screenshot and exit"
    )
    parser.add_argument(
        "--language", choices=["ja", "en"], help="language of the window and of messages"
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check that this installation works (offscreen, no network) and exit",
    )
    add_global_flags(parser)
    if not commands:
        return parser
    from desktop.cli import (
        audit_commands,
        claim_commands,
        core_commands,
        document_commands,
        purge_commands,
        service_account_commands,
        staff_commands,
    )
    from fax import cli as fax_cli

    sub_commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    core_commands.register(sub_commands)
    claim_commands.register(sub_commands)
    document_commands.register(sub_commands)
    staff_commands.register(sub_commands)
    audit_commands.register(sub_commands)
    fax_cli.register(sub_commands)
    purge_commands.register(sub_commands)
    service_account_commands.register(sub_commands)
    for sub in sub_commands.choices.values():
        add_global_flags_if_missing(sub)
    for leaf in command_parsers(parser):
        declare_access(leaf)
    return parser


def command_parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    """Every parser that runs a command (``movedesk print daily``), deepest first met."""
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                if child.get_default("handler") is not None:
                    found.append(child)
                found.extend(command_parsers(child))
    return found


def declare_access(leaf: argparse.ArgumentParser) -> None:
    """Name the command for ``run_handler`` and give personal-data commands the sign-in flags."""
    from desktop.cli.access import COMMANDS, add_sign_in_flags, command_path

    path = command_path(leaf)
    leaf.set_defaults(command_path=path)
    access = COMMANDS.get(path)
    if access is not None and access.use is not None:
        add_sign_in_flags(leaf, access)


def window_arguments(argv: list[str]) -> argparse.Namespace | None:
    """The arguments when they only start the window; None when they name a command.

    The window then starts without loading every command's parser.
    """
    if any(word in ("-h", "--help", "--version") for word in argv):
        return None
    try:
        args, rest = build_parser(commands=False).parse_known_args(argv)
    except argparse.ArgumentError:  # the full parser says what is wrong
        return None
    return None if rest else args


def add_global_flags_if_missing(parser: argparse.ArgumentParser) -> None:
    """Let the global flags stand after the sub-command too (``movedesk sync --data-dir X``)."""
    add_global_flags(parser, nested=True)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                add_global_flags_if_missing(child)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = window_arguments(argv) or build_parser().parse_args(argv)
    if args.self_test:
        from desktop.selftest import run_self_test

        return run_self_test()
    handler = getattr(args, "handler", None)
    if handler is not None:
        return run_handler(handler, args)
    window = frontend()
    if window is None:
        return fail("the window part of MoveDesk is not installed", EXIT_USAGE)
    return window.run_window(args)


if __name__ == "__main__":
    sys.exit(main())
