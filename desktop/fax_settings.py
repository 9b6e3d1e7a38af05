"""The fax desk's settings, declared like every other setting.

They join the one schema in ``desktop.settings`` as ``*fax_settings()`` at
the end of ``SETTINGS``. The entries are built on first use, not at import:
``desktop.settings`` imports this module while it is itself being loaded.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop.settings import Setting, Settings


@cache
def fax_settings() -> tuple[Setting, ...]:
    from desktop.settings import Setting

    return (
        Setting(
            "fax_modem_port",
            str,
            "",
            "ファクスモデムのポート（COM3 など。空欄はファクスを使わない）",
            "Fax modem port (COM3 etc.; empty: no fax)",
            env="MOVEDESK_FAX_PORT",
        ),
        Setting(
            "fax_modem_class",
            str,
            "auto",
            "ファクスクラス",
            "Fax class",
            choices=("auto", "2.0", "2", "1.0", "1"),
        ),
        Setting(
            "fax_bit_order",
            str,
            "direct",
            "ビット順序",
            "Bit order",
            choices=("direct", "reversed"),
        ),
        Setting(
            "fax_flow_control",
            str,
            "rtscts",
            "フロー制御",
            "Flow control",
            choices=("rtscts", "xonxoff"),
        ),
        Setting(
            "fax_answer_rings",
            int,
            2,
            "自動応答までの呼出回数",
            "Rings before answering",
            minimum=1,
            maximum=10,
        ),
        Setting(
            "fax_resolution",
            str,
            "fine",
            "送信の解像度",
            "Sending resolution",
            choices=("standard", "fine"),
        ),
        # A JSON list of {"name", "number"}: short enough for the settings file,
        # and each counter PC keeps the numbers its own staff use.
        Setting(
            "fax_address_book",
            str,
            "[]",
            "ファクス宛先（支所・業者）",
            "Fax address book (branches, contractors)",
        ),
        # Public, so a setting and not a secret: it only checks, it cannot sign.
        Setting(
            "hub_fax_public_key",
            str,
            "",
            "ハブの公開鍵（ファクスの読取コードの署名確認用。空欄は確認しない）",
            "Hub public key (checks the signature on faxed notice codes; empty: not checked)",
            env="MOVEDESK_HUB_FAX_PUBLIC_KEY",
        ),
    )


def setting_value(settings: Settings, key: str) -> Any:
    """A fax setting's value; its default while the key is not yet in the main schema."""
    try:
        return settings.get(key)
    except KeyError:
        return next(s.default for s in fax_settings() if s.key == key)
