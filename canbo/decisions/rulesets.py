"""Effective-dated rule sets (issue 14.1): the value of a setting on a date, with the text it comes
from. The versions are in decisions.RuleSetting (loaded from data/rules.toml after every migrate,
added to by Sở Nội vụ on /quyet-dinh/quy-tac/).

No cache: each call is one indexed query, so a version added is seen by the very next read, in any
process. A caller that needs many keys on one date reads them once and passes the values on.
"""

import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from canbo.core.errors import NotFound

DATA = Path(__file__).resolve().parent / "data" / "rules.toml"

__all__ = ["DATA", "RuleMissing", "RuleValue", "rule_definitions", "rule_label", "rule_value"]


class RuleMissing(NotFound):
    """No version of a rule setting was in force on the date asked."""


@dataclass(frozen=True)
class RuleValue:
    key: str
    value: Any  # int, float, bool, str, or a dict (e.g. discipline waits by form)
    effective_from: dt.date
    text: str  # the text it comes from, e.g. "Quy định 377-QĐ/TW"
    article: str  # e.g. "Điều 34" ("" if unknown)
    checked: bool  # False = believed, not read in the text: shown as "chưa kiểm chứng"

    def cite(self) -> str:
        """ "theo Quy định 377-QĐ/TW, áp dụng từ 08/10/2025" (+ " (chưa kiểm chứng)")."""
        where = f"{self.article} {self.text}" if self.article else self.text
        cited = f"theo {where}, áp dụng từ {self.effective_from:%d/%m/%Y}"
        return cited if self.checked else f"{cited} (chưa kiểm chứng)"


@cache
def rule_definitions() -> dict[str, dict[str, Any]]:
    """The data file, by key: {"label", "unit", "versions": [...]}, in the file's order."""
    with DATA.open("rb") as handle:
        data = tomllib.load(handle)
    return {
        rule["key"]: {"label": rule["label"], "unit": rule.get("unit", ""), "versions": rule["version"]}
        for rule in data["rule"]
    }


def rule_label(key: str) -> str:
    definition = rule_definitions().get(key)
    return definition["label"] if definition else key


def rules_on(on: dt.date) -> dict[str, RuleValue]:
    """Every setting's version in force on `on`, by key, in one query (the table holds a few dozen
    rows): for a check that reads several settings of one date."""
    from canbo.decisions.models import RuleSetting

    found: dict[str, RuleValue] = {}
    for row in RuleSetting.objects.filter(effective_from__lte=on).order_by("key", "effective_from"):
        found[row.key] = RuleValue(
            key=row.key,
            value=row.value,
            effective_from=row.effective_from,
            text=row.text,
            article=row.article,
            checked=row.checked,
        )  # the latest version on or before `on` is the last one of its key
    return found


def rule_value(key: str, on: dt.date) -> RuleValue:
    """The version of `key` in force on `on`: the one with the latest effective date on or before it.
    RuleMissing (a NotFound; its Vietnamese message names the key and the date) if none was in force."""
    from canbo.decisions.models import RuleSetting

    row = RuleSetting.objects.filter(key=key, effective_from__lte=on).order_by("-effective_from").first()
    if row is None:
        raise RuleMissing(f"Không có quy tắc “{rule_label(key)}” ({key}) áp dụng vào ngày {on:%d/%m/%Y}.")
    return RuleValue(
        key=row.key,
        value=row.value,
        effective_from=row.effective_from,
        text=row.text,
        article=row.article,
        checked=row.checked,
    )
