"""The demo's staff accounts and bureau, known before the demo itself has started.

The sign-in screen shows them while the simulated hub and the demo data
are still being prepared in the background.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DemoAccount:
    user_id: str
    display_name: str
    role: str
    password: str


DEMO_ACCOUNTS = (
    DemoAccount("tanaka", "田中 窓口", "clerk", "demo-pass-1"),
    DemoAccount("sato", "佐藤 監督", "supervisor", "demo-pass-2"),
)
DEMO_BUREAU_NAME = "みなと市水道局（デモ）"
