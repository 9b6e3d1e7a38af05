"""What a running MoveDesk needs, built once from settings: database, hub client."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from desktop import secrets
from desktop.messages import QT_TRANSLATE_NOOP, UserError
from desktop.service import NoticeService
from desktop.settings import Settings
from desktop.store.database import Database, open_database
from desktop.store.leases import seat_name
from desktop.sync import SyncEngine

if TYPE_CHECKING:
    from desktop.hub.client import HubClient, HubConfig


class ConfigurationError(UserError, RuntimeError):
    """A setting needed for the act is missing; the message says which and how to set it."""


class AppContext:
    def __init__(
        self,
        settings: Settings,
        *,
        hub_password: str | None = None,
        fax_dir: Path | None = None,
    ) -> None:
        self.settings = settings
        # Demo mode passes the simulator's password here instead of the keyring,
        # and its own folder for received faxes (None: the data folder's).
        self._hub_password = hub_password
        self.fax_dir = fax_dir

    @cached_property
    def database(self) -> Database:
        return open_database(secrets.database_url_with_password(self.settings.database_url()))

    @cached_property
    def notices(self) -> NoticeService:
        return NoticeService(self.database)

    def hub_config(self) -> HubConfig:
        from desktop.hub.client import HubConfig  # requests and TLS load only when the hub is used

        url = self.settings.get("hub_url")
        partner = self.settings.get("partner_id")
        if not url:
            raise ConfigurationError(
                "hub_url_missing",
                QT_TRANSLATE_NOOP(
                    "CoreMessages",
                    "ハブのURLが設定されていません。設定画面、--hub-url または "
                    "MOVEDESK_HUB_URL で設定してください",
                ),
            )
        if not partner:
            raise ConfigurationError(
                "partner_id_missing",
                QT_TRANSLATE_NOOP(
                    "CoreMessages",
                    "事業者IDが設定されていません。設定画面、--partner-id または "
                    "MOVEDESK_PARTNER_ID で設定してください",
                ),
            )
        password = self._hub_password or secrets.hub_password(partner)
        if not password:
            raise ConfigurationError(
                "hub_password_missing",
                QT_TRANSLATE_NOOP(
                    "CoreMessages",
                    "事業者ID {partner} のハブのパスワードが保存されていません。設定画面か "
                    "'movedesk login' で資格情報ストアに保存してください"
                    "（MOVEDESK_HUB_PASSWORD でも設定できますが、安全ではありません）",
                ),
                partner=partner,
            )
        certificate = self.settings.get("client_cert") or None
        passphrase = secrets.certificate_passphrase(certificate) if certificate else None
        return HubConfig(
            base_url=url,
            partner_id=partner,
            password=password,
            client_cert=certificate,
            cert_passphrase=passphrase,
            ca_bundle=self.settings.get("ca_bundle") or None,
            max_attempts=self.settings.get("hub_attempts"),
        )

    def sync_engine(self, client: HubClient | None = None) -> SyncEngine:
        from desktop.hub.client import HubClient

        config = self.hub_config() if client is None else None
        return SyncEngine(
            self.database,
            client or HubClient(config),
            make_client=(lambda: HubClient(config)) if config is not None else None,
            page_size=self.settings.get("page_size"),
            lead_business_days=self.settings.get("lead_business_days"),
            seat=seat_name(self.settings.get("seat_name")),
            lease_seconds=self.settings.get("sync_lease_seconds"),
            max_pages=self.settings.get("max_pages_per_sync"),
        )

    def close(self) -> None:
        if "database" in self.__dict__:
            self.database.close()
