"""Kinds of notice, read from data so the hub can add one without a release."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class NoticeKind:
    code: str
    label_ja: str
    short_ja: str
    label_en: str
    short_en: str
    direction: str  # "start" or "stop": whether service begins or ends on the date
    date_label_ja: str
    date_label_en: str

    def label(self, language: str = "ja") -> str:
        return self.label_en if language == "en" else self.label_ja

    def short(self, language: str = "ja") -> str:
        return self.short_en if language == "en" else self.short_ja

    def date_label(self, language: str = "ja") -> str:
        return self.date_label_en if language == "en" else self.date_label_ja


@cache
def known_kinds() -> dict[str, NoticeKind]:
    text = resources.files("resources").joinpath("notice_kinds.json").read_text("utf-8")
    return {item["code"]: NoticeKind(**item) for item in json.loads(text)["kinds"]}


def kind(code: str) -> NoticeKind:
    """The kind for ``code``; KeyError for a kind this MoveDesk does not know."""
    return known_kinds()[code]
