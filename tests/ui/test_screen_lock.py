"""The idle lock leaves nothing readable on screen: previews, the fax window, open dialogs."""

from __future__ import annotations

import argparse

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop.demo import DEMO_ACCOUNTS
from desktop.staff import StaffService

pytestmark = pytest.mark.gui


def _visible_windows() -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible()]


@pytest.fixture
def sitting(qtbot, demo, window):  # type: ignore[no-untyped-def]
    """A DeskSession holding the window, with a preview and the fax window open."""
    from ui.session import DeskSession, OpenedData

    context = demo.context
    args = argparse.Namespace(demo=True, language="ja", screenshot=None)
    session = DeskSession(QApplication.instance(), args, screenshot=None)
    session.data = OpenedData(context, StaffService(context.database), True, demo)
    session.window, session.member = window, window.member
    window.show()
    window.select_id(window.model.id_at(0))
    with qtbot.waitSignal(window.runner.ended, timeout=60_000):
        assert window.documents.print_notice(window.current_id())
    preview = window.documents.last_preview
    fax_window = window.fax.open_window()
    assert preview is not None and preview.isVisible() and fax_window.isVisible()
    yield session, preview, fax_window
    session.idle_timer.stop()
    for shown in (session.window, preview, fax_window):
        if shown is not None and shown is not window:
            shown.close()


def _sign_in_as(session, user_id: str | None, seen: list):  # type: ignore[no-untyped-def]
    """Stand in for the sign-in screen: note what is on screen, then sign in (or give up)."""
    account = {a.user_id: a for a in DEMO_ACCOUNTS}

    def sign_in(locked_user: str | None = None):  # type: ignore[no-untyped-def]
        seen.append((locked_user, _visible_windows()))
        if user_id is None:
            return None
        return session.data.staff.authenticate(user_id, account[user_id].password)

    return sign_in


def test_the_lock_hides_the_preview_and_the_fax_window_and_brings_them_back(sitting) -> None:
    session, preview, fax_window = sitting
    clerk = session.member.user_id
    seen: list = []
    session._sign_in = _sign_in_as(session, clerk, seen)
    session.lock()
    assert seen == [(clerk, [])]  # nothing readable while the lock screen was up
    assert session.window.isVisible() and preview.isVisible() and fax_window.isVisible()


def test_someone_else_gets_a_fresh_window_and_never_sees_the_old_ones(sitting) -> None:
    session, preview, fax_window = sitting
    old_window = session.window
    other = next(a.user_id for a in DEMO_ACCOUNTS if a.user_id != session.member.user_id)
    seen: list = []
    # The lock screen is left with サインアウト; then the other person signs in.
    answers = iter([None, other])

    def sign_in(locked_user: str | None = None):  # type: ignore[no-untyped-def]
        seen.append((locked_user, _visible_windows()))
        user = next(answers)
        if user is None:
            return None
        password = next(a.password for a in DEMO_ACCOUNTS if a.user_id == user)
        return session.data.staff.authenticate(user, password)

    session._sign_in = sign_in
    session.lock()
    assert [shown for _user, shown in seen] == [[], []]
    assert session.member.user_id == other
    assert session.window is not old_window and session.window.isVisible()
    assert not preview.isVisible() and not fax_window.isVisible() and not old_window.isVisible()
    assert session.window.documents.last_preview is None
    session.window.runner.wait()
    session.window.close()


def _direct_children(widget: QWidget) -> list[QWidget]:
    return [c for c in widget.findChildren(QWidget) if c.parent() is widget]


def test_a_dialog_waiting_for_an_answer_is_emptied_not_cancelled(sitting) -> None:
    session, _preview, _fax_window = sitting
    clerk = session.member.user_id
    question = QMessageBox(
        QMessageBox.Icon.Question,
        "MoveDesk",
        "田中 太郎 様の届出を受理しますか",
        parent=session.window,
    )
    question.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    seen: list = []
    signed_in = _sign_in_as(session, clerk, [])

    def sign_in(locked_user: str | None = None):  # type: ignore[no-untyped-def]
        seen.append((_visible_windows(), [c.isVisible() for c in _direct_children(question)]))
        return signed_in(locked_user)

    session._sign_in = sign_in

    def lock_then_answer() -> None:
        session.lock()
        question.button(QMessageBox.StandardButton.Yes).click()

    QTimer.singleShot(0, lock_then_answer)
    answer = question.exec()
    # Hiding the question would have ended it as a "No": it stays up, with nothing in it.
    ((shown, contents),) = seen
    assert shown == [question] and not any(contents)
    assert answer == QMessageBox.StandardButton.Yes
