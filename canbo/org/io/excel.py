"""Units and restructurings in and out of Excel: two sheets, 'Đơn vị' and 'Sắp xếp tổ chức'.

A version's end is written as its last day ("Hiệu lực đến hết ngày 28/02/2025"), as the unit's page
shows it; the dataset keeps the day after (valid_to, exclusive). The two conversions are here only.
"""

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError

from canbo.core.dates import parse_date, parse_optional_date
from canbo.core.errors import InputRejected, RowError
from canbo.core.excel import Column, find_sheet, read_table, read_workbook, write_workbook
from canbo.core.text import fold
from canbo.org.choices import RestructuringKind, UnitKind
from canbo.org.dataset import (
    EVENT_SHEET,
    H_CODE,
    H_DECISION_DATE,
    H_DECISION_NUMBER,
    H_EFFECTIVE,
    H_EVENT_KIND,
    H_FROM,
    H_ISSUER,
    H_KIND,
    H_NAME,
    H_NOTE,
    H_PARENT,
    H_PREDECESSORS,
    H_SHORT,
    H_SUCCESSORS,
    H_TO,
    H_TO_BEFORE,
    UNIT_SHEET,
    EventRow,
    OrgDataset,
    VersionRow,
)

UNIT_COLUMNS = [
    Column("code", H_CODE, ("Mã", "Ma DV"), required=True),
    Column("name", H_NAME, ("Tên",), required=True),
    Column("short_name", H_SHORT),
    Column("kind", H_KIND, ("Loại",), required=True),
    Column("parent", H_PARENT, ("Mã cấp trên", "Cấp trên")),
    Column("from", H_FROM, ("Từ ngày", "Hiệu lực từ"), required=True),
    Column("to", H_TO, ("Đến hết ngày", "Đến ngày", "Hiệu lực đến")),
]
# Read, never written: the header of exports made before the column meant the last day.
_UNIT_COLUMNS_READ = [*UNIT_COLUMNS, Column("to_before", H_TO_BEFORE)]
EVENT_COLUMNS = [
    Column("kind", H_EVENT_KIND, ("Loại",), required=True),
    Column("date", H_EFFECTIVE, ("Ngày có hiệu lực",), required=True),
    Column("number", H_DECISION_NUMBER, ("Số QĐ", "Số văn bản")),
    Column("decision_date", H_DECISION_DATE, ("Ngày QĐ", "Ngày ban hành")),
    Column("issuer", H_ISSUER, ("Cơ quan ban hành QĐ",)),
    Column("predecessors", H_PREDECESSORS, ("Đơn vị trước",), required=True),
    Column("successors", H_SUCCESSORS, ("Đơn vị sau",)),
    Column("note", H_NOTE),
]


_PUNCTUATION = re.compile(r"[^a-z0-9]+")
ONE_DAY = dt.timedelta(days=1)


def last_day(valid_to: dt.date | None) -> dt.date | None:
    """The last day a version holds, from its exclusive end (docs/glossary.md): 01/03/2025 -> 28/02/2025."""
    return valid_to - ONE_DAY if valid_to else None


def end_after(last: dt.date | None) -> dt.date | None:
    """The exclusive end stored for a version whose last day is `last`: 28/02/2025 -> 01/03/2025."""
    return last + ONE_DAY if last else None


def _key(value: Any) -> str:
    """'Phòng, ban chuyên môn' and 'phong ban chuyen mon' are the same choice."""
    return _PUNCTUATION.sub(" ", fold(value)).strip()


def _choice_lookup(choices: Any) -> dict[str, str]:
    lookup = {}
    for value, label in choices.choices:
        lookup[_key(value)] = value
        lookup[_key(label)] = value
    return lookup


UNIT_KINDS = _choice_lookup(UnitKind) | {
    _key("Sở"): UnitKind.DEPARTMENT,
    _key("UBND tỉnh"): UnitKind.PROVINCE,
    _key("UBND huyện"): UnitKind.DISTRICT,
    _key("UBND xã"): UnitKind.COMMUNE,
    _key("Phòng"): UnitKind.DIVISION,
}
EVENT_KINDS = _choice_lookup(RestructuringKind)
_SEPARATORS = re.compile(r"[;,\n]+")


def _codes(value: Any) -> list[str]:
    return [c.strip() for c in _SEPARATORS.split(str(value or "")) if c.strip()]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def dataset_from_excel(data: bytes) -> OrgDataset:
    """Read both sheets; every cell-level problem is collected, then raised at once."""
    sheets = read_workbook(data)
    errors: list[RowError] = []
    dataset = OrgDataset()
    units = find_sheet(sheets, [UNIT_SHEET, "Don vi", "Units"])
    events = find_sheet(sheets, [EVENT_SHEET, "Sap xep", "Sắp xếp", "Events"])
    if units is None and events is None:
        raise InputRejected(
            [RowError(f"Không tìm thấy trang “{UNIT_SHEET}” hoặc “{EVENT_SHEET}” trong tệp.")]
        )

    def cell(row_number: int, sheet: str, column: str, read: Callable[[Any], Any], value: Any) -> Any:
        try:
            return read(value)
        except ValidationError as exc:
            errors.append(RowError(exc.messages[0], row=row_number, column=column, sheet=sheet))
            return None

    if units is not None:
        sheet, rows = units
        try:
            table = read_table(rows, _UNIT_COLUMNS_READ, sheet=sheet)
        except InputRejected as exc:
            errors.extend(exc.errors)
            table = []
        if table and "to_before" in table[0].values:
            # Its dates were the day after the last one: read as last days they would be a day late.
            errors.append(
                RowError(
                    f"Cột “{H_TO_BEFORE}” là mẫu cũ, ghi ngày đầu tiên đơn vị không còn hiệu lực. "
                    f"Nay ghi cột “{H_TO}” là ngày cuối cùng còn hiệu lực (đơn vị thôi hiệu lực "
                    "từ ngày 01/03/2025 thì ghi 28/02/2025); tải lại tệp mẫu từ trang Cơ cấu tổ chức.",
                    column=H_TO_BEFORE,
                    sheet=sheet,
                )
            )
            table = []
        for row in table:
            v = row.values
            n = row.number
            start = cell(n, sheet, H_FROM, parse_date, v["from"])
            end = end_after(cell(n, sheet, H_TO, parse_optional_date, v.get("to")))
            kind = UNIT_KINDS.get(_key(v.get("kind")))
            if kind is None:
                errors.append(
                    RowError(
                        f"Loại đơn vị “{_text(v.get('kind'))}” không có trong danh mục "
                        f"({', '.join(str(label) for label in UnitKind.labels)}).",
                        row=n,
                        column=H_KIND,
                        sheet=sheet,
                    )
                )
            if start is None:
                continue
            dataset.versions.append(
                VersionRow(
                    code=_text(v.get("code")),
                    name=_text(v.get("name")),
                    short_name=_text(v.get("short_name")),
                    kind=kind or "",
                    parent_code=_text(v.get("parent")),
                    valid_from=start,
                    valid_to=end,
                    row=n,
                    sheet=sheet,
                )
            )
    if events is not None:
        sheet, rows = events
        try:
            table = read_table(rows, EVENT_COLUMNS, sheet=sheet)
        except InputRejected as exc:
            errors.extend(exc.errors)
            table = []
        for row in table:
            v = row.values
            n = row.number
            date = cell(n, sheet, H_EFFECTIVE, parse_date, v["date"])
            decided = cell(n, sheet, H_DECISION_DATE, parse_optional_date, v.get("decision_date"))
            kind = EVENT_KINDS.get(_key(v.get("kind")))
            if kind is None:
                errors.append(
                    RowError(
                        f"Loại sắp xếp “{_text(v.get('kind'))}” không có trong danh mục "
                        f"({', '.join(str(label) for label in RestructuringKind.labels)}).",
                        row=n,
                        column=H_EVENT_KIND,
                        sheet=sheet,
                    )
                )
            if date is None or kind is None:
                continue
            dataset.events.append(
                EventRow(
                    kind=kind,
                    effective_date=date,
                    predecessors=_codes(v.get("predecessors")),
                    successors=_codes(v.get("successors")),
                    decision_number=_text(v.get("number")),
                    decision_date=decided,
                    decision_issuer=_text(v.get("issuer")),
                    note=_text(v.get("note")),
                    row=n,
                    sheet=sheet,
                )
            )
    if errors:
        raise InputRejected(errors)
    return dataset


def dataset_to_excel(dataset: OrgDataset) -> bytes:
    kind_labels = dict(UnitKind.choices)
    event_labels = dict(RestructuringKind.choices)
    return write_workbook(
        [
            (
                UNIT_SHEET,
                [c.header for c in UNIT_COLUMNS],
                [
                    (
                        v.code,
                        v.name,
                        v.short_name,
                        str(kind_labels.get(v.kind, v.kind)),
                        v.parent_code,
                        v.valid_from,
                        last_day(v.valid_to),
                    )
                    for v in dataset.versions
                ],
            ),
            (
                EVENT_SHEET,
                [c.header for c in EVENT_COLUMNS],
                [
                    (
                        str(event_labels.get(e.kind, e.kind)),
                        e.effective_date,
                        e.decision_number,
                        e.decision_date,
                        e.decision_issuer,
                        "; ".join(e.predecessors),
                        "; ".join(e.successors),
                        e.note,
                    )
                    for e in dataset.events
                ],
            ),
        ]
    )
