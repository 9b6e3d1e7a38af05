"""The window's menus and their keys, built once; their texts come from ``retranslate``."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from desktop import authority
from desktop.authority import Use

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def _add(
    window: MainWindow,
    menu: QMenu,
    shortcut: str | QKeySequence | QKeySequence.StandardKey | None,
    slot: Callable[[], object],
) -> QAction:
    action = QAction(window)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(lambda _checked=False: slot())
    menu.addAction(action)
    return action


def build_menus(window: MainWindow) -> None:
    """Menus and actions as attributes of ``window`` (``window.sync_action`` …)."""
    bar = window.menuBar()
    window.file_menu = bar.addMenu("")
    window.view_menu = bar.addMenu("")
    window.notice_menu = bar.addMenu("")
    window.admin_menu = bar.addMenu("")
    window.sync_action = _add(
        window, window.file_menu, QKeySequence.StandardKey.Refresh, window.sync_now
    )
    window.print_notice_action = _add(
        window, window.file_menu, QKeySequence.StandardKey.Print, window._print_current
    )
    window.print_move_in_action = _add(
        window, window.file_menu, None, lambda: window.documents.print_list("move_in")
    )
    window.print_move_out_action = _add(
        window, window.file_menu, None, lambda: window.documents.print_list("move_out")
    )
    window.export_action = _add(window, window.file_menu, None, window.documents.export_csv)
    window.export_action.setVisible(authority.allowed(window.actor, Use.EXPORT_CSV))
    for action, use in (
        (window.print_notice_action, Use.PRINT_NOTICE),
        (window.print_move_in_action, Use.PRINT_LIST),
        (window.print_move_out_action, Use.PRINT_LIST),
    ):
        action.setEnabled(authority.allowed(window.actor, use))
    window.file_menu.addSeparator()
    window.settings_action = _add(window, window.file_menu, None, window.open_settings)
    window.settings_action.setVisible(authority.allowed(window.actor, Use.CHANGE_SETTINGS))
    window.file_menu.addSeparator()
    window.password_action = _add(
        window, window.file_menu, None, window.staff_actions.change_own_password
    )
    window.sign_out_action = _add(window, window.file_menu, None, window.sign_out_requested.emit)
    window.quit_action = _add(window, window.file_menu, QKeySequence.StandardKey.Quit, window.close)

    window.view_actions = {}
    for number, key in enumerate(("open", "move_in_today", "move_out_today", "overdue", "all"), 1):
        shortcut = f"Ctrl+{number if key != 'all' else 0}"
        window.view_actions[key] = _add(
            window, window.view_menu, shortcut, lambda k=key: window.filters.select_view(k)
        )
    window.view_menu.addSeparator()
    window.dashboard_action = _add(
        window, window.view_menu, "Ctrl+D", lambda: window.tabs.setCurrentIndex(1)
    )
    window.language_menu = window.view_menu.addMenu("")
    window.japanese_action = _add(
        window, window.language_menu, None, lambda: window.language_requested.emit("ja")
    )
    window.english_action = _add(
        window, window.language_menu, None, lambda: window.language_requested.emit("en")
    )

    window.search_action = _add(window, window.notice_menu, "Ctrl+F", window.focus_search)
    window.next_action = _add(
        window, window.notice_menu, "Ctrl+Down", lambda: window.move_selection(1)
    )
    window.previous_action = _add(
        window, window.notice_menu, "Ctrl+Up", lambda: window.move_selection(-1)
    )
    window.notice_menu.addSeparator()
    window.claim_action = _add(
        window, window.notice_menu, "Ctrl+T", lambda: window.panel.claim_button.click()
    )
    window.accept_action = _add(
        window, window.notice_menu, "Ctrl+Return", window.panel.request_accept
    )
    window.reject_action = _add(
        window, window.notice_menu, "Ctrl+Shift+Return", window.panel.request_reject
    )
    window.acknowledge_action = _add(
        window, window.notice_menu, "Ctrl+Shift+K", lambda: window.panel.acknowledge_button.click()
    )
    window.reopen_action = _add(
        window, window.notice_menu, "Ctrl+Shift+O", lambda: window.panel.reopen_button.click()
    )
    window.reopen_action.setVisible(window.member.is_supervisor)
    window.new_staff_action = _add(window, window.admin_menu, None, window.add_staff)
    window.unlock_action = _add(window, window.admin_menu, None, window.unlock_staff)
    window.manage_staff_action = _add(
        window, window.admin_menu, None, window.staff_actions.manage_staff
    )
    window.audit_log_action = _add(
        window, window.admin_menu, None, window.staff_actions.open_audit_log
    )
    window.admin_menu.menuAction().setVisible(window.member.is_supervisor)
