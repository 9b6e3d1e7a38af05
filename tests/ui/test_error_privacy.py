"""What the window says and logs about a database error names no resident."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy.exc import IntegrityError

from desktop.logs import private_handler
from ui.events import process_pending_events
from ui.i18n import error_text
from ui.operations import OperationRunner

pytestmark = pytest.mark.gui
NAME, ADDRESS = "秘匿 花子", "東京都昭島市秘密町9丁目8番7号"


def _database_error() -> IntegrityError:
    detail = f'null value in column "kind"\nDETAIL:  Failing row contains (7, {NAME}, {ADDRESS}).'
    return IntegrityError(
        "INSERT INTO notices (name, address) VALUES (%s, %s)", None, Exception(detail)
    )


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


def test_a_dialog_names_the_kind_of_database_error_not_its_row() -> None:
    error = _database_error()
    said = error_text(error)
    assert "IntegrityError" in said and NAME not in said and ADDRESS not in said
    # Other unexpected errors keep their words, for support to read back.
    assert "お客さま番号を入力してください" in error_text(
        ValueError("お客さま番号を入力してください")
    )


def test_a_failed_operation_is_logged_without_the_row(qtbot) -> None:
    collected = _Collect()
    logger = logging.getLogger("ui.operations")
    logger.addHandler(private_handler(collected))
    runner = OperationRunner()
    shown: list[str] = []

    def work(_progress):  # type: ignore[no-untyped-def]
        raise _database_error()

    try:
        with qtbot.waitSignal(runner.ended, timeout=10_000):
            runner.run("save", work, on_error=lambda error: shown.append(error_text(error)))
        runner.wait()
        process_pending_events()  # the runner's own clean-up, while it still exists
    finally:
        logger.removeHandler(collected)
    logged = "\n".join(collected.lines)
    assert "operation save failed" in logged and "IntegrityError" in logged
    assert "Traceback" in logged  # where it failed is still there
    for text in (logged, *shown):
        assert NAME not in text and ADDRESS not in text
