"""Service accounts: named accounts for unattended jobs, each allowed a fixed set of commands.

A supervisor creates one for a scheduled job (``print daily`` each
morning). Its secret is generated here and kept in the credential store of
the OS account that creates it, which is the one that runs the job; the
database holds only a seal, an HMAC of the name and the allowed commands
keyed by the secret. A run proves it holds the secret, and a command list
widened in the database behind MoveDesk's back no longer matches the seal.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets as token_source
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select

from desktop import audit, secrets
from desktop.authority import AccessRefused
from desktop.domain.accounts import USER_ID_PATTERN
from desktop.messages import QT_TRANSLATE_NOOP, UserError
from desktop.service import Actor
from desktop.store.database import Database
from desktop.store.models import ServiceAccount

PREFIX = "service:"


class ServiceAccountError(UserError, ValueError):
    """A service account that cannot be created or removed as asked."""


class ServiceSignInRefused(AccessRefused):
    """A run under a service account that is refused."""


@dataclass(frozen=True, slots=True)
class ServiceAccountInfo:
    name: str
    commands: tuple[str, ...]
    created_by: str
    created_at: datetime
    last_run_at: datetime | None


def _seal(secret: str, name: str, commands: tuple[str, ...]) -> str:
    message = json.dumps([name, list(commands)], ensure_ascii=False).encode("utf-8")
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def _info(row: ServiceAccount) -> ServiceAccountInfo:
    return ServiceAccountInfo(
        row.name,
        tuple(json.loads(row.allowed_commands)),
        row.created_by,
        row.created_at,
        row.last_run_at,
    )


def actor_name(name: str) -> str:
    """How a service account appears in the audit log and on paper."""
    return f"{PREFIX}{name}"


class ServiceAccounts:
    def __init__(self, database: Database) -> None:
        self.database = database

    def add(self, name: str, commands: tuple[str, ...], created_by: Actor) -> ServiceAccountInfo:
        """Create the account and its secret; the caller has checked ``created_by`` may."""
        if not USER_ID_PATTERN.match(name) or len(actor_name(name)) > 40:
            raise ServiceAccountError(
                "service_account_name_invalid",
                QT_TRANSLATE_NOOP(
                    "CoreMessages",
                    "サービスアカウント名「{name}」は使えません。2〜32文字の英数字と . _ - で"
                    "入力してください",
                ),
                name=name,
            )
        if not commands:
            raise ServiceAccountError(
                "service_account_no_commands",
                QT_TRANSLATE_NOOP(
                    "CoreMessages", "サービスアカウントに許可するコマンドを指定してください"
                ),
            )
        secret = token_source.token_urlsafe(32)
        now = datetime.now(UTC)
        with self.database.session() as session:
            if session.scalar(select(ServiceAccount.id).where(ServiceAccount.name == name)):
                raise ServiceAccountError(
                    "service_account_exists",
                    QT_TRANSLATE_NOOP("CoreMessages", "サービスアカウント {name} は既にあります"),
                    name=name,
                )
            row = ServiceAccount(
                name=name,
                allowed_commands=json.dumps(list(commands), ensure_ascii=False),
                seal=_seal(secret, name, commands),
                created_by=created_by.user_id,
                created_at=now,
            )
            session.add(row)
            audit.record(
                session,
                created_by.user_id,
                "service_account_added",
                actor_name(name),
                ", ".join(commands),
            )
            # The secret is written before the commit: an account whose secret
            # could not be stored is not created at all.
            secrets.store_service_account_secret(name, secret)
            session.flush()
            return _info(row)

    def list(self) -> list[ServiceAccountInfo]:
        with self.database.session() as session:
            rows = session.scalars(select(ServiceAccount).order_by(ServiceAccount.name)).all()
            return [_info(row) for row in rows]

    def remove(self, name: str, removed_by: Actor) -> None:
        with self.database.session() as session:
            row = session.scalars(select(ServiceAccount).where(ServiceAccount.name == name)).first()
            if row is None:
                raise ServiceAccountError(
                    "service_account_unknown",
                    QT_TRANSLATE_NOOP("CoreMessages", "サービスアカウント {name} はありません"),
                    name=name,
                )
            session.delete(row)
            audit.record(session, removed_by.user_id, "service_account_removed", actor_name(name))
        secrets.delete_service_account_secret(name)

    def sign_in(self, name: str, command: str) -> tuple[str, ...]:
        """Check a run of ``command`` under ``name``; returns the account's commands.

        Every run is audited, the refused ones too.
        """
        refusal: ServiceSignInRefused | None = None
        with self.database.session() as session:
            row = session.scalars(
                select(ServiceAccount).where(ServiceAccount.name == name).with_for_update()
            ).first()
            secret = secrets.service_account_secret(name) if row is not None else None
            commands = tuple(json.loads(row.allowed_commands)) if row is not None else ()
            if row is None:
                refusal = ServiceSignInRefused(
                    "service_account_unknown",
                    QT_TRANSLATE_NOOP("CoreMessages", "サービスアカウント {name} はありません"),
                    name=name,
                )
            elif secret is None:
                refusal = ServiceSignInRefused(
                    "service_secret_missing",
                    QT_TRANSLATE_NOOP(
                        "CoreMessages",
                        "サービスアカウント {name} の秘密鍵がこのPCの資格情報マネージャーに"
                        "ありません。ジョブを実行するWindowsアカウントで作り直してください",
                    ),
                    name=name,
                )
            elif not hmac.compare_digest(row.seal, _seal(secret, name, commands)):
                refusal = ServiceSignInRefused(
                    "service_account_tampered",
                    QT_TRANSLATE_NOOP(
                        "CoreMessages",
                        "サービスアカウント {name} の記録が変更されています。監督者が作り直して"
                        "ください",
                    ),
                    name=name,
                )
            elif command not in commands:
                refusal = ServiceSignInRefused(
                    "service_command_not_allowed",
                    QT_TRANSLATE_NOOP(
                        "CoreMessages",
                        "サービスアカウント {name} は「{command}」を実行できません"
                        "（許可されているのは {allowed}）",
                    ),
                    name=name,
                    command=command,
                    allowed=", ".join(commands),
                )
            else:
                row.last_run_at = datetime.now(UTC)
            audit.record(
                session,
                actor_name(name),
                "service_run" if refusal is None else "service_run_refused",
                command,
                refusal.code if refusal is not None else "",
            )
        if refusal is not None:
            raise refusal
        return commands


__all__ = [
    "ServiceAccountError",
    "ServiceAccountInfo",
    "ServiceAccounts",
    "ServiceSignInRefused",
    "actor_name",
]
