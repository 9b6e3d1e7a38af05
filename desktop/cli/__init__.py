"""The ``movedesk`` command: the window by default, sub-commands for scripted work."""

from desktop.cli.main import main

__all__ = ["main"]
