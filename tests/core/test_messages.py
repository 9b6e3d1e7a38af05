"""Core errors carry a code and parameters; the window and the command line translate them."""

from __future__ import annotations

import pytest

from desktop.domain.workflow import Action, PermissionDenied, Role, TransitionError, transition
from desktop.i18n import system_language, translator
from desktop.messages import CONTEXT, Message, UserError, render
from desktop.service import DecisionError
from tests.core.cli_support import add_staff, run_as


def test_a_user_error_is_japanese_text_with_a_code() -> None:
    error = TransitionError(Action.ACCEPT, "accepted")
    assert error.code == "transition_not_allowed"
    assert str(error) == "受理済みの届出は受理できません"


def test_english_comes_from_the_shipped_translation() -> None:
    english = translator("en")
    assert english is not None and translator("ja") is None
    with pytest.raises(PermissionDenied) as refused:
        transition("new", Action.ACCEPT, Role.VIEWER)
    assert refused.value.render(english) == "accept needs the clerk role"
    assert render(TransitionError(Action.REOPEN, "new"), english) == (
        "cannot reopen a notice that is new"
    )


def test_a_translation_that_lost_a_field_falls_back_to_japanese() -> None:
    message = Message("x", "届出 {receipt} はありません", {"receipt": "R1"})
    assert message.render(lambda context, text: "no notice {number}") == "届出 R1 はありません"
    assert message.render(lambda context, text: f"{context}:{text}").startswith(CONTEXT)


def test_errors_that_are_not_user_errors_keep_their_text() -> None:
    assert render(OSError("disk full"), translator("en")) == "disk full"
    assert isinstance(DecisionError("c", "テキスト"), (UserError, ValueError))


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"MOVEDESK_LANGUAGE": "ja"}, "ja"),
        ({"LANG": "ja_JP.UTF-8"}, "ja"),
        ({"LC_ALL": "C.UTF-8", "LANG": "ja_JP.UTF-8"}, "en"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
    ],
)
def test_the_system_language(monkeypatch, environment, expected) -> None:
    for name in ("MOVEDESK_LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert system_language() == expected


def test_the_command_line_speaks_japanese_on_a_japanese_system(
    monkeypatch, capsys, database, database_url
) -> None:
    add_staff(database)
    flags = ["--database-url", database_url]
    monkeypatch.setenv("MOVEDESK_LANGUAGE", "ja")
    assert run_as(monkeypatch, "clerk1", ["decide", "NOPE", "accept", *flags]) != 0
    assert "届出 NOPE はありません" in capsys.readouterr().err
    english = ["--language", "en", "decide", "NOPE", "accept", *flags]
    assert run_as(monkeypatch, "clerk1", english) != 0
    assert "no notice NOPE" in capsys.readouterr().err
