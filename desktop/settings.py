"""Every setting MoveDesk has, declared once with its type, default and meaning.

Values come, in order of precedence, from the command line, the environment
(``MOVEDESK_…``), the settings file, then the default. Secrets never live here:
see ``desktop.secrets``.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop import paths
from desktop.domain.accounts import staff_settings
from desktop.fax_settings import fax_settings
from desktop.privacy import private_file


@dataclass(frozen=True, slots=True)
class Setting:
    key: str
    type: type
    default: Any
    ja: str
    en: str
    env: str | None = None
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None


SETTINGS: tuple[Setting, ...] = (
    Setting("hub_url", str, "", "ハブのURL", "Hub URL", env="MOVEDESK_HUB_URL"),
    Setting("partner_id", str, "", "事業者ID", "Partner ID", env="MOVEDESK_PARTNER_ID"),
    Setting(
        "database_url",
        str,
        "",
        "データベースURL（空欄はこのPCのSQLite）",
        "Database URL (empty: SQLite on this PC)",
        env="MOVEDESK_DATABASE_URL",
    ),
    Setting(
        "client_cert",
        str,
        "",
        "クライアント証明書ファイル（PEM/PKCS#12）",
        "Client certificate file (PEM/PKCS#12)",
    ),
    Setting(
        "ca_bundle",
        str,
        "",
        "ハブのCA証明書（空欄はOS標準）",
        "Hub CA bundle (empty: system default)",
    ),
    Setting(
        "sync_interval_minutes",
        int,
        5,
        "同期間隔（分）",
        "Sync interval (minutes)",
        minimum=1,
        maximum=1440,
    ),
    Setting(
        "hub_attempts",
        int,
        3,
        "ハブへの試行回数",
        "Attempts per hub request",
        minimum=1,
        maximum=10,
    ),
    Setting(
        "page_size", int, 500, "1回に取得する件数", "Notices per page", minimum=1, maximum=1000
    ),
    Setting(
        "seat_name",
        str,
        "",
        "この席（PC）の名前（空欄はコンピューター名）",
        "This seat's name for the other PCs (empty: the computer's name)",
        env="MOVEDESK_SEAT_NAME",
    ),
    Setting(
        "sync_lease_seconds",
        int,
        60,
        "同期の担当を他の席に譲るまでの秒数（応答がない席）",
        "Seconds before another seat takes over a silent seat's sync work",
        env="MOVEDESK_SYNC_LEASE_SECONDS",
        minimum=1,
        maximum=3600,
    ),
    Setting(
        "max_pages_per_sync",
        int,
        200,
        "1回の同期で取得する最大ページ数",
        "Most pages one sync pulls",
        env="MOVEDESK_MAX_PAGES_PER_SYNC",
        minimum=1,
        maximum=100000,
    ),
    Setting("bureau_name", str, "水道局", "事業体名", "Bureau name"),
    Setting("bureau_fax_number", str, "", "事業体FAX番号", "Bureau fax number"),
    Setting("language", str, "ja", "表示言語", "Language", choices=("ja", "en")),
    Setting("date_style", str, "era", "日付の表記", "Date style", choices=("era", "western")),
    Setting(
        "lead_business_days",
        int,
        1,
        "処理期限（移転日の何営業日前）",
        "Due (business days before the move)",
        minimum=0,
        maximum=20,
    ),
    Setting(
        "idle_lock_minutes",
        int,
        10,
        "自動画面ロック（分）",
        "Idle screen lock (minutes)",
        minimum=1,
        maximum=240,
    ),
    Setting(
        "retention_days",
        int,
        1826,  # five years, leap day included
        "個人情報の保存期間（日）",
        "Personal data retention (days)",
        minimum=30,
        maximum=36500,
    ),
    *fax_settings(),
    *staff_settings(),
)

BY_KEY = {s.key: s for s in SETTINGS}


class SettingsError(ValueError):
    pass


def coerce(setting: Setting, value: Any) -> Any:
    """``value`` as the setting's type, or SettingsError saying why not."""
    try:
        if setting.type is int:
            if isinstance(value, bool):
                raise ValueError
            value = int(value)
        elif setting.type is bool:
            if isinstance(value, str):
                value = value.strip().lower() in ("1", "true", "yes", "on")
            value = bool(value)
        else:
            value = str(value)
    except (TypeError, ValueError):
        raise SettingsError(f"{setting.key}: {value!r} is not a {setting.type.__name__}") from None
    if setting.choices and value not in setting.choices:
        raise SettingsError(f"{setting.key}: {value!r} is not one of {', '.join(setting.choices)}")
    if setting.minimum is not None and value < setting.minimum:
        raise SettingsError(f"{setting.key}: {value} is below {setting.minimum}")
    if setting.maximum is not None and value > setting.maximum:
        raise SettingsError(f"{setting.key}: {value} is above {setting.maximum}")
    return value


@dataclass(frozen=True, slots=True)
class SettingChange:
    key: str
    old: Any
    new: Any


def differences(settings: Settings, values: dict[str, Any]) -> list[SettingChange]:
    """What ``values`` would change, checked; raises SettingsError for any invalid one."""
    changes = []
    for key, value in values.items():
        if key not in BY_KEY:
            raise SettingsError(f"unknown setting {key!r}")
        new = coerce(BY_KEY[key], value)
        old = settings.get(key)
        if new != old:
            changes.append(SettingChange(key, old, new))
    return changes


class Settings:
    """The settings file plus environment overrides; ``save`` writes the file only."""

    def __init__(self, path: Path | None = None, overrides: dict[str, Any] | None = None) -> None:
        self.path = path or paths.config_file()
        self._stored: dict[str, Any] = {}
        self._overrides = {k: v for k, v in (overrides or {}).items() if v is not None}
        self.problems: list[str] = []
        self._load()

    def _load(self) -> None:
        if not self.path.exists():
            return
        try:
            raw = json.loads(self.path.read_text("utf-8"))
            if not isinstance(raw, dict):
                raise ValueError("not an object")
        except (OSError, ValueError) as error:
            # A damaged settings file must not stop the counter: use defaults and say so.
            self.problems.append(f"{self.path}: {error}; defaults are used")
            return
        for key, value in raw.items():
            if key in BY_KEY:
                try:
                    self._stored[key] = coerce(BY_KEY[key], value)
                except SettingsError as error:
                    self.problems.append(str(error))

    def get(self, key: str) -> Any:
        setting = BY_KEY[key]
        if key in self._overrides:
            return coerce(setting, self._overrides[key])
        if setting.env and os.environ.get(setting.env):
            return coerce(setting, os.environ[setting.env])
        return self._stored.get(key, setting.default)

    def set(self, key: str, value: Any) -> None:
        self._stored[key] = coerce(BY_KEY[key], value)

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        private_file(temporary)
        temporary.write_text(json.dumps(self._stored, ensure_ascii=False, indent=2), "utf-8")
        temporary.replace(self.path)

    def database_url(self) -> str:
        return self.get("database_url") or paths.default_database_url()
