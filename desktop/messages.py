"""Messages a person reads: a code, parameters and a Japanese text, translated where shown.

An expected failure of the core is raised as a ``UserError``. It carries a
stable ``code`` (callers decide what to do by it, never by searching the
text), the parameters, and the Japanese template marked for Qt's
translation tools. The window renders it through ``QCoreApplication.translate``;
the command line through ``desktop.i18n``, which reads the same translation
file without loading Qt. ``str(error)`` is the Japanese text, so logs and
old callers keep a readable sentence.

Templates use ``{name}`` fields, filled with ``str.format``; a translation
that lost or misspelt a field falls back to the Japanese template rather
than failing while an error is being shown.
"""

from __future__ import annotations

import errno
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

CONTEXT = "CoreMessages"

Translate = Callable[[str, str], str]


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark ``text`` for translation in ``context``; the text itself is returned unchanged.

    lupdate reads only literal arguments: write the context as "CoreMessages".
    """
    return text


@dataclass(frozen=True, slots=True)
class Message:
    code: str
    template: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self, translate: Translate | None = None) -> str:
        # A parameter may itself be a Message (a status or role name), shown
        # in the same language as the sentence around it.
        params = {
            name: value.render(translate) if isinstance(value, Message) else value
            for name, value in self.params.items()
        }
        text = translate(CONTEXT, self.template) if translate is not None else self.template
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return self.template.format(**params)


def word(text: str) -> Message:
    """A word used inside other messages (a status, a role); ``text`` is marked where defined."""
    return Message("word", text)


class UserError(Exception):
    """An expected failure with a message for a person; see the module docstring."""

    def __init__(self, code: str, template: str, /, **params: Any) -> None:
        self.message = Message(code, template, params)
        super().__init__(self.message.render())

    @property
    def code(self) -> str:
        return self.message.code

    def render(self, translate: Translate | None = None) -> str:
        return self.message.render(translate)


def file_error(error: OSError, path: object) -> UserError:
    """Why a file could not be written or read, for a person; the system's words only as a last resort."""
    if isinstance(error, UserError):
        return error
    if isinstance(error, PermissionError):
        return UserError(
            "file_permission_denied",
            QT_TRANSLATE_NOOP(
                "CoreMessages",
                "「{path}」に書き込む権限がありません。別の場所を選んでください",
            ),
            path=path,
        )
    if isinstance(error, FileNotFoundError):
        return UserError(
            "folder_missing",
            QT_TRANSLATE_NOOP(
                "CoreMessages", "「{path}」のフォルダがありません。別の場所を選んでください"
            ),
            path=path,
        )
    if error.errno == errno.ENOSPC:
        return UserError(
            "disk_full",
            QT_TRANSLATE_NOOP("CoreMessages", "「{path}」を保存する空きがディスクにありません"),
            path=path,
        )
    if isinstance(error, IsADirectoryError):
        return UserError(
            "path_is_folder",
            QT_TRANSLATE_NOOP(
                "CoreMessages", "「{path}」はフォルダです。ファイル名を入力してください"
            ),
            path=path,
        )
    return UserError(
        "file_error",
        QT_TRANSLATE_NOOP("CoreMessages", "「{path}」を扱えません（{reason}）"),
        path=path,
        reason=error.strerror or type(error).__name__,
    )


def render(error: BaseException, translate: Translate | None = None) -> str:
    """The text of any error for a person: translated when it is a ``UserError``."""
    if isinstance(error, UserError):
        return error.render(translate)
    return str(error)


__all__ = [
    "CONTEXT",
    "QT_TRANSLATE_NOOP",
    "Message",
    "Translate",
    "UserError",
    "file_error",
    "render",
    "word",
]
