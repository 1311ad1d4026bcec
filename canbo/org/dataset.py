"""The organisation as rows: what Excel files, the built-in data and exports carry.

A dataset lists, for each unit it names, *all* that unit's versions, and restructuring events
that link units. Importing it replaces the versions of the units it names and adds the events
it does not already hold, so importing the same dataset twice changes nothing.
"""

import datetime as dt
from dataclasses import dataclass, field

from canbo.org.choices import RestructuringKind


@dataclass
class VersionRow:
    code: str
    name: str
    kind: str
    valid_from: dt.date
    valid_to: dt.date | None = None
    parent_code: str = ""
    short_name: str = ""
    row: int | None = None
    sheet: str = ""

    def in_force(self, date: dt.date) -> bool:
        return self.valid_from <= date and (self.valid_to is None or date < self.valid_to)

    def signature(self) -> tuple[object, ...]:
        return (self.valid_from, self.valid_to, self.name, self.short_name, self.kind, self.parent_code)


@dataclass
class EventRow:
    kind: str
    effective_date: dt.date
    predecessors: list[str]
    successors: list[str] = field(default_factory=list)
    decision_number: str = ""
    decision_date: dt.date | None = None
    decision_issuer: str = ""
    note: str = ""
    row: int | None = None
    sheet: str = ""

    def key(self) -> tuple[object, ...]:
        successors = self.successors or (
            self.predecessors if self.kind in (RestructuringKind.RENAME, RestructuringKind.MOVE) else []
        )
        return (
            self.kind,
            self.effective_date,
            tuple(sorted(self.predecessors)),
            tuple(sorted(successors)),
        )


@dataclass
class OrgDataset:
    versions: list[VersionRow] = field(default_factory=list)
    events: list[EventRow] = field(default_factory=list)


# The headers users see, in files and in error messages.
UNIT_SHEET = "Đơn vị"
EVENT_SHEET = "Sắp xếp tổ chức"
H_CODE = "Mã đơn vị"
H_NAME = "Tên đơn vị"
H_SHORT = "Tên viết tắt"
H_KIND = "Loại đơn vị"
H_PARENT = "Mã đơn vị cấp trên"
H_FROM = "Hiệu lực từ ngày"
# The last day a version holds, as people read "đến hết ngày" (inclusive); the dataset, like the
# database, keeps the day after it (valid_to, exclusive: docs/glossary.md). Only Excel converts.
H_TO = "Hiệu lực đến hết ngày"
# The header exports had before issue 12.17, over the exclusive day: refused on import (see io/excel).
H_TO_BEFORE = "Hiệu lực đến ngày"
H_EVENT_KIND = "Loại sắp xếp"
H_EFFECTIVE = "Ngày hiệu lực"
H_DECISION_NUMBER = "Số quyết định"
H_DECISION_DATE = "Ngày quyết định"
H_ISSUER = "Cơ quan ban hành"
H_PREDECESSORS = "Đơn vị trước sắp xếp"
H_SUCCESSORS = "Đơn vị sau sắp xếp"
H_NOTE = "Ghi chú"
