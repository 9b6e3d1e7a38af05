"""Who may do what with residents' personal data, in one place.

The window and the command line both ask here before anything leaves the
screen: a paper print, a PDF file, a fax, a CSV file. Each such release is
written to the audit log as an export with its destination, in the same
transaction as the check, so a refused or a granted release always leaves
its trace.

The roles (DESIGN §10):

- 参照 viewer looks at notices on the screen and nothing more. The role is
  for look-ups (a colleague answering a resident's call); every copy that
  leaves the screen needs someone accountable for the counter's work.
- 窓口担当 clerk prints and faxes what the counter's work needs: a notice
  sheet, a crew's list on paper, a notice or a list to a branch office, and
  may save one resident's notice sheet as a PDF.
- 監督者 supervisor alone writes many residents into a file: a list saved as
  a PDF is the same data as the CSV export and is treated like it. Settings
  (where the hub password is sent, which CA is trusted) are the supervisor's.

A service account (an unattended job) holds no role: it may do exactly what
the commands a supervisor allowed it need, nothing else, and never decides.
"""

from __future__ import annotations

import json
from enum import StrEnum
from typing import TYPE_CHECKING

from desktop.domain.workflow import REQUIRED_ROLE, Action, Role
from desktop.messages import QT_TRANSLATE_NOOP, UserError, word
from desktop.settings import Settings, SettingsError

if TYPE_CHECKING:
    from desktop.service import Actor
    from desktop.store.database import Database


class Use(StrEnum):
    """Something done with personal data that one role may and another may not."""

    VIEW = "view"
    CLAIM = "claim"
    DECIDE = "decide"
    REOPEN = "reopen"
    PRINT_NOTICE = "print_notice"
    PRINT_LIST = "print_list"
    SAVE_NOTICE_PDF = "save_notice_pdf"
    SAVE_LIST_PDF = "save_list_pdf"
    FAX_SEND = "fax_send"
    FAX_RECEIVE = "fax_receive"
    EXPORT_CSV = "export_csv"
    CHANGE_SETTINGS = "change_settings"
    MANAGE_SERVICE_ACCOUNTS = "manage_service_accounts"


# The least role each use needs; see the module docstring for why.
LEAST_ROLE: dict[Use, Role] = {
    Use.VIEW: Role.VIEWER,
    Use.CLAIM: REQUIRED_ROLE[Action.CLAIM],
    Use.DECIDE: REQUIRED_ROLE[Action.ACCEPT],
    Use.REOPEN: REQUIRED_ROLE[Action.REOPEN],
    Use.PRINT_NOTICE: Role.CLERK,
    Use.PRINT_LIST: Role.CLERK,
    Use.SAVE_NOTICE_PDF: Role.CLERK,
    Use.SAVE_LIST_PDF: Role.SUPERVISOR,
    Use.FAX_SEND: Role.CLERK,
    Use.FAX_RECEIVE: Role.CLERK,
    Use.EXPORT_CSV: Role.SUPERVISOR,
    Use.CHANGE_SETTINGS: Role.SUPERVISOR,
    Use.MANAGE_SERVICE_ACCOUNTS: Role.SUPERVISOR,
}

_USE_WORDS = {
    Use.VIEW: word(QT_TRANSLATE_NOOP("CoreMessages", "届出の表示")),
    Use.CLAIM: word(QT_TRANSLATE_NOOP("CoreMessages", "担当の設定・解除")),
    Use.DECIDE: word(QT_TRANSLATE_NOOP("CoreMessages", "受理・不受理")),
    Use.REOPEN: word(QT_TRANSLATE_NOOP("CoreMessages", "処理の再開")),
    Use.PRINT_NOTICE: word(QT_TRANSLATE_NOOP("CoreMessages", "受付票の印刷")),
    Use.PRINT_LIST: word(QT_TRANSLATE_NOOP("CoreMessages", "一覧の印刷")),
    Use.SAVE_NOTICE_PDF: word(QT_TRANSLATE_NOOP("CoreMessages", "受付票のPDF保存")),
    Use.SAVE_LIST_PDF: word(QT_TRANSLATE_NOOP("CoreMessages", "一覧のPDF保存")),
    Use.FAX_SEND: word(QT_TRANSLATE_NOOP("CoreMessages", "ファクス送信")),
    Use.FAX_RECEIVE: word(QT_TRANSLATE_NOOP("CoreMessages", "ファクス受信")),
    Use.EXPORT_CSV: word(QT_TRANSLATE_NOOP("CoreMessages", "CSVの書き出し")),
    Use.CHANGE_SETTINGS: word(QT_TRANSLATE_NOOP("CoreMessages", "設定の変更")),
    Use.MANAGE_SERVICE_ACCOUNTS: word(
        QT_TRANSLATE_NOOP("CoreMessages", "サービスアカウントの管理")
    ),
}
_ROLE_WORDS = {
    Role.VIEWER: word(QT_TRANSLATE_NOOP("CoreMessages", "参照")),
    Role.CLERK: word(QT_TRANSLATE_NOOP("CoreMessages", "窓口担当")),
    Role.SUPERVISOR: word(QT_TRANSLATE_NOOP("CoreMessages", "監督者")),
}


# What the window does with personal data, and the use each asks here for.
# tests/ui/test_window_actions.py drives each as a role below and at the
# least one: add a window action here and there, or that test fails.
WINDOW_ACTIONS: dict[str, Use] = {
    "show a notice": Use.VIEW,
    "accept a notice": Use.DECIDE,
    "reopen a decision": Use.REOPEN,
    "print a notice sheet": Use.PRINT_NOTICE,
    "save a notice sheet as PDF": Use.SAVE_NOTICE_PDF,
    "print a list": Use.PRINT_LIST,
    "save a list as PDF": Use.SAVE_LIST_PDF,
    "export a list as CSV": Use.EXPORT_CSV,
    "fax a notice sheet": Use.FAX_SEND,
    "change settings": Use.CHANGE_SETTINGS,
}


class AccessRefused(UserError, PermissionError):
    """Sign-in or a use refused; the command line exits with EXIT_AUTH."""


class NotAllowed(AccessRefused):
    def __init__(self, use: Use, actor: Actor) -> None:
        self.use, self.actor = use, actor
        if actor.kind == "service":
            super().__init__(
                "service_use_not_allowed",
                QT_TRANSLATE_NOOP(
                    "CoreMessages", "サービスアカウント {name} には{use}が許可されていません"
                ),
                name=actor.user_id,
                use=_USE_WORDS[use],
            )
            return
        super().__init__(
            "use_not_allowed",
            QT_TRANSLATE_NOOP("CoreMessages", "{use}は{role}以上の権限が必要です（{user}）"),
            use=_USE_WORDS[use],
            role=_ROLE_WORDS[LEAST_ROLE[use]],
            user=actor.user_id,
        )


def allowed(actor: Actor, use: Use) -> bool:
    """May ``actor`` do ``use``? The window asks this to show or hide a button."""
    if actor.kind == "service":
        return use.value in actor.grants
    try:
        return _RANK[Role(actor.role)] >= _RANK[LEAST_ROLE[use]]
    except ValueError:  # a role MoveDesk does not know allows nothing
        return False


_RANK = {Role.VIEWER: 0, Role.CLERK: 1, Role.SUPERVISOR: 2}


def require(actor: Actor, use: Use) -> None:
    """Raise ``NotAllowed`` unless ``actor`` may do ``use``."""
    if not allowed(actor, use):
        raise NotAllowed(use, actor)


def release(
    database: Database, actor: Actor, use: Use, what: str, destination: str, detail: str = ""
) -> None:
    """Let personal data leave the screen: check the role, then audit it as an export.

    ``what`` names the data (receipts or a list's kind and dates),
    ``destination`` where it goes (``printer:NAME``, ``file:PATH``,
    ``fax:NUMBER``). A refusal is audited too, then raised.
    """
    from desktop import audit

    permitted = allowed(actor, use)
    record = {"use": use.value, "destination": destination}
    if detail:
        record["detail"] = detail
    if not permitted:
        record["refused"] = "role"
    with database.session() as session:
        audit.record(
            session,
            actor.user_id,
            "export" if permitted else "export_refused",
            what,
            json.dumps(record, ensure_ascii=False),
        )
    if not permitted:
        raise NotAllowed(use, actor)


# -- settings ------------------------------------------------------------------------------

SECRET_SETTINGS = ("hub_password", "certificate_passphrase")


class PartnerIdNeeded(UserError, SettingsError):
    def __init__(self) -> None:
        super().__init__(
            "partner_id_needed",
            QT_TRANSLATE_NOOP("CoreMessages", "パスワードを保存するには事業者IDを入力してください"),
        )


def change_settings(
    database: Database,
    actor: Actor,
    settings: Settings,
    values: dict[str, object],
    *,
    hub_password: str = "",
    certificate_passphrase: str = "",
) -> list[str]:
    """Apply, save and audit a supervisor's settings; returns the keys that changed.

    Each changed setting is one audit row with the old and the new value; a
    secret's row says only that it changed. Nothing is applied if the
    actor may not change settings or any value is invalid.
    """
    from desktop import audit, secrets
    from desktop.settings import differences

    if not allowed(actor, Use.CHANGE_SETTINGS):
        with database.session() as session:
            audit.record(session, actor.user_id, "settings_refused", "", ", ".join(values))
        raise NotAllowed(Use.CHANGE_SETTINGS, actor)
    changes = differences(settings, values)  # raises SettingsError before anything is set
    partner = str(values.get("partner_id", settings.get("partner_id")) or "")
    if hub_password and not partner:
        raise PartnerIdNeeded()
    changed = [change.key for change in changes]
    # The audit rows commit only after the file and the credential store took
    # the change: a change that failed is not recorded as made.
    with database.session() as session:
        for change in changes:
            detail = f"{change.old!r} → {change.new!r}"
            audit.record(session, actor.user_id, "setting_changed", change.key, detail)
        for change in changes:
            settings.set(change.key, change.new)
        settings.save()
        if hub_password:
            secrets.store_hub_password(partner, hub_password)
            changed.append("hub_password")
        certificate = str(settings.get("client_cert") or "")
        if certificate_passphrase and certificate:
            secrets.store_certificate_passphrase(certificate, certificate_passphrase)
            changed.append("certificate_passphrase")
        for key in changed:
            if key in SECRET_SETTINGS:
                audit.record(session, actor.user_id, "setting_changed", key, "changed")
    return changed


__all__ = [
    "LEAST_ROLE",
    "WINDOW_ACTIONS",
    "AccessRefused",
    "NotAllowed",
    "Use",
    "allowed",
    "change_settings",
    "release",
    "require",
]
