"""The population figure the ethnic-minority leaders are compared with (plan I.4; RULES.md §6). Plain
Python: no Django.

The plan asks for ethnic-minority leaders "phù hợp với yêu cầu quản lý của ngành" and gives no number;
Decision 402/QĐ-TTg (2016) is usually read as a share matching the minority share of the local
population. So the system shows that share beside the leaders' share, as a comparison, never as a
target: the province's population share in force on the date (Ninh Thuận until 30/06/2025, the new
Khánh Hòa from 01/07/2025: Resolution 202/2025/QH15), each figure with its source (a setting,
CANBO_ETHNIC_MINORITY_POPULATION)."""

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["PopulationShare", "population_share_on", "population_shares"]


@dataclass(frozen=True)
class PopulationShare:
    """The ethnic-minority share (percent) of a province's population, the days it stands for
    (valid_from None: since always; valid_to None: until further notice; both included) and the
    source of the figure."""

    province: str
    share: float
    source: str
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None

    def __post_init__(self) -> None:
        problems = []
        if not self.province.strip():
            problems.append("Thiếu tên tỉnh.")
        if not 0 <= self.share <= 100:
            problems.append(f"Tỷ lệ người dân tộc thiểu số ({self.share}) phải từ 0 đến 100 (%).")
        if not self.source.strip():
            problems.append(f"Thiếu nguồn của tỷ lệ người dân tộc thiểu số của tỉnh {self.province}.")
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            problems.append(f"Ngày kết thúc trước ngày bắt đầu ({self.province}).")
        if problems:
            raise ValueError(" ".join(problems))

    def covers(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready (dates ISO)."""
        return {
            "province": self.province,
            "share": self.share,
            "source": self.source,
            "valid_from": self.valid_from.isoformat() if self.valid_from else None,
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
        }


def _day(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def population_shares(entries: Iterable[Mapping[str, Any]]) -> list[PopulationShare]:
    """The setting's entries ({"province", "share", "source", "valid_from", "valid_to"}; dates as
    dates or ISO text) read and checked: ValueError, in Vietnamese, when two of them cover the same
    day."""
    shares = [
        PopulationShare(
            province=str(entry["province"]),
            share=float(entry["share"]),
            source=str(entry["source"]),
            valid_from=_day(entry.get("valid_from")),
            valid_to=_day(entry.get("valid_to")),
        )
        for entry in entries
    ]
    ordered = sorted(shares, key=lambda s: s.valid_from or dt.date.min)
    for before, after in itertools.pairwise(ordered):
        if before.valid_to is None or (after.valid_from or dt.date.min) <= before.valid_to:
            raise ValueError(
                f"Tỷ lệ người dân tộc thiểu số của {before.province} và của {after.province} "
                "trùng thời gian áp dụng."
            )
    return ordered


# Resolution 202/2025/QH15: Ninh Thuận merged into Khánh Hòa from 01/07/2025 — the province whose
# population is compared is the one in force on the date (RULES.md §6, §9; DATA.md).
def population_share_on(shares: Iterable[PopulationShare], day: dt.date) -> PopulationShare | None:
    """The population share in force on `day` (None when no entry covers it)."""
    return next((share for share in shares if share.covers(day)), None)
