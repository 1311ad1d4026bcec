"""The positions app's spreadsheets, all or nothing (STYLE.md habit 6): every row is checked first and
every problem reported with its row number as Excel shows it and its column; if any row is wrong
nothing is written.

- the national framework lists: “Danh mục”, “Mã”, “Tên vị trí việc làm”, “Ngạch” (Sở Nội vụ);
- an agency's job positions: “Mã vị trí”, “Tên vị trí việc làm”, “Nhóm”, “Ngạch”, “Số người”
  (export and import; an import adds the new codes and corrects the rows of codes in force);
- people placed into positions: “Số CCCD” or “Họ và tên” + “Ngày sinh”, “Mã vị trí”, “Từ ngày”;
- the staffing quota of a year: “Mã cơ quan”, “Năm”, “Biên chế công chức”, “Số người làm việc”,
  “Số quyết định”, “Ngày quyết định”.

A “Ngạch” cell holds the rank's code and name (“01.003 Chuyên viên”), or either alone."""

import datetime as dt
import logging
import re
from collections.abc import Callable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from canbo.core.actors import Actor
from canbo.core.dates import parse_date
from canbo.core.errors import InputRejected, NotAllowed, OutOfScope, RowError
from canbo.core.excel import Column, Row, find_sheet, read_table, read_workbook, write_workbook
from canbo.core.text import fold
from canbo.org.models import Unit
from canbo.people.choices import StaffCategory
from canbo.people.models import Person, cccd_is
from canbo.positions import services
from canbo.positions.choices import ListCode, PositionGroup
from canbo.positions.models import JobPosition, JobPositionFramework
from canbo.positions.selectors import agency_people, unit_visible

__all__ = [
    "FRAMEWORK_HEADERS",
    "HOLDING_HEADERS",
    "POSITION_HEADERS",
    "QUOTA_HEADERS",
    "framework_import",
    "holdings_import",
    "positions_import",
    "positions_xlsx",
    "quotas_import",
]

logger = logging.getLogger(__name__)

FRAMEWORK_SHEET, POSITION_SHEET, HOLDING_SHEET, QUOTA_SHEET = (
    "Danh mục khung",
    "Vị trí việc làm",
    "Bố trí",
    "Biên chế",
)
FRAMEWORK_HEADERS = ["Danh mục", "Mã", "Tên vị trí việc làm", "Ngạch"]
POSITION_HEADERS = ["Mã vị trí", "Tên vị trí việc làm", "Nhóm", "Ngạch", "Số người", "Loại"]
HOLDING_HEADERS = ["Số CCCD", "Họ và tên", "Ngày sinh", "Mã vị trí", "Từ ngày", "Ghi chú"]
QUOTA_HEADERS = [
    "Mã cơ quan",
    "Năm",
    "Biên chế công chức",
    "Số người làm việc",
    "Số quyết định",
    "Ngày quyết định",
]
RANK = re.compile(r"^\s*(\d{2}\.\d{3}[a-z]?)\s*[-–:]?\s*(.*)$")
MAX_ROWS = 5_000


def _lookup(choices: Sequence[tuple[str, Any]]) -> dict[str, str]:
    """Folded code and label → code ("Chuyên môn, nghiệp vụ", "chuyen_mon" → "chuyen_mon")."""
    found: dict[str, str] = {}
    for code, label in choices:
        found[fold(code)] = code
        found[fold(str(label))] = code
        found[fold(str(label).split("(")[0])] = code
    return found


LISTS = _lookup(ListCode.choices)
GROUPS = _lookup(PositionGroup.choices)
CATEGORIES = _lookup(StaffCategory.choices)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def split_rank(value: Any) -> tuple[str, str]:
    """“01.003 Chuyên viên” → ("01.003", "Chuyên viên"); “Chuyên viên” → ("", "Chuyên viên")."""
    text = _text(value)
    match = RANK.match(text)
    if match:
        return match.group(1), match.group(2).strip()
    return "", text


def join_rank(code: str, name: str) -> str:
    return " ".join(part for part in (code, name) if part)


def _count(value: Any) -> int:
    text = _text(value)
    if not text.isdigit() or int(text) > 32_767:
        raise ValueError(f"“{text}” không phải là một số người (số nguyên không âm).")
    return int(text)


def _sheet(data: bytes, names: list[str]) -> tuple[str, list[list[Any]]]:
    sheets = read_workbook(data)
    found = find_sheet(sheets, names)
    if found is None:  # a file of one sheet, whatever its name
        if len(sheets) == 1:
            return next(iter(sheets.items()))
        raise InputRejected.single(f"Không tìm thấy trang “{names[0]}” trong tệp.")
    return found


def _rows(data: bytes, sheet_names: list[str], columns: list[Column]) -> tuple[str, list[Row]]:
    name, rows = _sheet(data, sheet_names)
    table = read_table(rows, columns, sheet=name)
    if not table:
        raise InputRejected.single("Tệp không có dòng dữ liệu nào.", sheet=name)
    if len(table) > MAX_ROWS:
        raise InputRejected.single(
            f"Tệp có {len(table)} dòng; mỗi lần nhập tối đa {MAX_ROWS} dòng.", sheet=name
        )
    return name, table


def _rejection(
    exc: InputRejected | ValidationError, *, row: int, sheet: str, headers: dict[str, str]
) -> list[RowError]:
    """The errors of one row, each put in its Excel column (by the model field it names)."""
    if isinstance(exc, ValidationError):
        exc = InputRejected.from_validation(exc)
    return [
        RowError(e.message, row=row, column=headers.get(e.field, e.column), sheet=sheet, field=e.field)
        for e in exc.errors
    ]


# --- the national framework lists ---------------------------------------------------------------------

FRAMEWORK_COLUMNS = [
    Column("list", "Danh mục", required=True),
    Column("code", "Mã", ("Mã vị trí",), required=True),
    Column("name", "Tên vị trí việc làm", ("Tên vị trí",), required=True),
    Column("rank", "Ngạch", ("Ngạch công chức", "Chức danh nghề nghiệp")),
    Column("source", "Nguồn"),
]


def framework_import(*, actor: Actor, data: bytes, source: str = "") -> tuple[int, int]:
    """Load entries of the national framework lists (added, or updated by list and code). Returns
    (created, updated)."""
    sheet, table = _rows(data, [FRAMEWORK_SHEET, "Danh mục"], FRAMEWORK_COLUMNS)
    errors: list[RowError] = []
    entries: list[JobPositionFramework] = []
    seen: dict[tuple[str, str], int] = {}
    for row in table:
        v = row.values
        list_code = LISTS.get(fold(v.get("list")))
        if list_code is None:
            errors.append(
                RowError(
                    f"Danh mục “{_text(v.get('list'))}” không có; dùng một trong: "
                    + ", ".join(code for code, _ in ListCode.choices)
                    + ".",
                    row=row.number,
                    column="Danh mục",
                    sheet=sheet,
                )
            )
            continue
        code = _text(v.get("code"))
        key = (list_code, code)
        if key in seen:
            errors.append(
                RowError(f"Mã “{code}” lặp lại dòng {seen[key]}.", row=row.number, column="Mã", sheet=sheet)
            )
            continue
        seen[key] = row.number
        rank_code, rank_name = split_rank(v.get("rank"))
        entry = JobPositionFramework(
            list_code=list_code,
            code=code,
            name=_text(v.get("name")),
            rank_code=rank_code,
            rank_name=rank_name,
            source=_text(v.get("source")) or source,
        )
        try:
            entry.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            headers = {
                "code": "Mã",
                "name": "Tên vị trí việc làm",
                "rank_code": "Ngạch",
                "rank_name": "Ngạch",
            }
            errors.extend(_rejection(exc, row=row.number, sheet=sheet, headers=headers))
            continue
        entries.append(entry)
    if errors:
        logger.info("framework import refused: %d errors", len(errors))
        raise InputRejected(errors)
    return services.framework_entries_save(actor=actor, entries=entries)


# --- an agency's job positions ------------------------------------------------------------------------

POSITION_COLUMNS = [
    Column("code", "Mã vị trí", ("Mã",), required=True),
    Column("name", "Tên vị trí việc làm", ("Tên vị trí",), required=True),
    Column("group", "Nhóm", ("Nhóm vị trí",), required=True),
    Column("rank", "Ngạch", ("Ngạch công chức", "Chức danh nghề nghiệp")),
    Column("planned", "Số người", ("Số người làm việc", "Số lượng"), required=True),
    Column("category", "Loại", ("Loại cán bộ",)),
]
POSITION_FIELD_HEADERS = {
    "code": "Mã vị trí",
    "name": "Tên vị trí việc làm",
    "group": "Nhóm",
    "rank_code": "Ngạch",
    "rank_name": "Ngạch",
    "planned_count": "Số người",
    "staff_category": "Loại",
}


def positions_xlsx(positions: Sequence[JobPosition]) -> bytes:
    """An agency's positions in the import's columns (the export is the template, filled)."""
    rows = [
        (
            p.code,
            p.name,
            p.get_group_display(),  # type: ignore[attr-defined]
            join_rank(p.rank_code, p.rank_name),
            p.planned_count,
            p.get_staff_category_display(),  # type: ignore[attr-defined]
        )
        for p in positions
    ]
    return write_workbook([(POSITION_SHEET, POSITION_HEADERS, rows)])


def _position_values(v: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    problems: list[tuple[str, str]] = []
    group = GROUPS.get(fold(v.get("group")))
    if group is None:
        problems.append(
            (
                "Nhóm",
                f"Nhóm “{_text(v.get('group'))}” không có; dùng: Lãnh đạo, quản lý; "
                "Chuyên môn, nghiệp vụ; Hỗ trợ, phục vụ.",
            )
        )
    category = CATEGORIES.get(fold(v.get("category"))) if v.get("category") else StaffCategory.CIVIL_SERVANT
    if category is None:
        problems.append(("Loại", f"Loại “{_text(v.get('category'))}” không có; dùng: Công chức, Viên chức."))
    try:
        planned = _count(v.get("planned"))
    except ValueError as exc:
        problems.append(("Số người", str(exc)))
        planned = 0
    rank_code, rank_name = split_rank(v.get("rank"))
    values = {
        "code": _text(v.get("code")),
        "name": _text(v.get("name")),
        "group": group or "",
        "staff_category": category or "",
        "rank_code": rank_code,
        "rank_name": rank_name,
        "planned_count": planned,
    }
    return values, problems


@transaction.atomic
def positions_import(*, actor: Actor, unit: Unit, data: bytes, on: dt.date) -> tuple[int, int]:
    """The agency's positions from a file: a code not in force on `on` is added from that day; a code
    in force is corrected in place (name, group, rank, number of people). Returns (created, updated)."""
    services.may_change_unit(actor, unit.pk)
    sheet, table = _rows(data, [POSITION_SHEET], POSITION_COLUMNS)
    in_force = {
        p.code: p for p in JobPosition.objects.filter(unit=unit, valid_from__lte=on).exclude(valid_to__lte=on)
    }
    errors: list[RowError] = []
    creates: list[dict[str, Any]] = []
    updates: list[tuple[JobPosition, dict[str, Any]]] = []
    seen: dict[str, int] = {}
    for row in table:
        values, problems = _position_values(row.values)
        errors.extend(RowError(m, row=row.number, column=c, sheet=sheet) for c, m in problems)
        code = values["code"]
        if code in seen:
            errors.append(
                RowError(
                    f"Mã vị trí “{code}” lặp lại dòng {seen[code]}.",
                    row=row.number,
                    column="Mã vị trí",
                    sheet=sheet,
                )
            )
            continue
        seen[code] = row.number
        if problems:
            continue
        existing = in_force.get(code)
        try:
            if existing is None:
                services.position_build(unit=unit, values={**values, "valid_from": on})
                creates.append(values)
            else:
                changes = {k: v for k, v in values.items() if k != "code" and getattr(existing, k) != v}
                if changes:
                    updates.append((existing, changes))
        except InputRejected as exc:
            errors.extend(_rejection(exc, row=row.number, sheet=sheet, headers=POSITION_FIELD_HEADERS))
    if errors:
        logger.info("positions import refused: %d errors", len(errors))
        raise InputRejected(errors)
    for values in creates:
        services.position_create(actor=actor, unit=unit, values={**values, "valid_from": on})
    for position, changes in updates:
        services.position_update(actor=actor, position=position, changes=changes)
    return len(creates), len(updates)


# --- people placed into positions ---------------------------------------------------------------------

HOLDING_COLUMNS = [
    Column("cccd", "Số CCCD", ("CCCD", "Số định danh cá nhân")),
    Column("name", "Họ và tên"),
    Column("birth", "Ngày sinh"),
    Column("code", "Mã vị trí", required=True),
    Column("start", "Từ ngày", required=True),
    Column("note", "Ghi chú"),
]


def _cccd(value: Any) -> str:
    text = _text(value).replace(" ", "").replace(".", "")
    if text.isdigit() and len(text) < 12 and isinstance(value, int | float):
        text = text.zfill(12)
    return text


def _person_finder(unit: Unit, on: dt.date) -> Callable[[dict[str, Any]], tuple[Person | None, str, str]]:
    """Find a row's person among the agency's people on the day: by CCCD, else by name and birth date.
    Returns (person, column, problem)."""
    people = agency_people(unit=unit, on=on)

    def find(v: dict[str, Any]) -> tuple[Person | None, str, str]:
        number = _cccd(v.get("cccd"))
        if number:
            found = list(people.filter(cccd_is(number))[:2])
            if not found:
                return None, "Số CCCD", f"Không có người có số CCCD {number} làm việc tại cơ quan."
            return found[0], "", ""
        name = _text(v.get("name"))
        if not name or not v.get("birth"):
            return None, "Số CCCD", "Cần số CCCD, hoặc họ và tên cùng ngày sinh."
        try:
            birth = parse_date(v.get("birth"))
        except ValidationError as exc:
            return None, "Ngày sinh", " ".join(exc.messages)
        found = list(people.filter(name_fold=fold(name), birth_date=birth)[:2])
        if not found:
            return None, "Họ và tên", f"Không có {name} (sinh {birth:%d/%m/%Y}) làm việc tại cơ quan."
        if len(found) > 1:
            return None, "Họ và tên", f"Có nhiều người tên {name} sinh {birth:%d/%m/%Y}; hãy ghi số CCCD."
        return found[0], "", ""

    return find


@transaction.atomic
def holdings_import(*, actor: Actor, unit: Unit, data: bytes) -> int:
    """Place people into the agency's positions from a file. Every row is checked (the person among
    the agency's people on the start day, the position in force that day, no position held already)
    before any is written. Returns how many were placed."""
    services.may_change_unit(actor, unit.pk)
    unit_visible(user=actor, pk=unit.pk)
    sheet, table = _rows(data, [HOLDING_SHEET], HOLDING_COLUMNS)
    positions = list(JobPosition.objects.filter(unit=unit))
    errors: list[RowError] = []
    planned: list[tuple[int, Person, JobPosition, dt.date, str]] = []
    seen: dict[int, int] = {}
    finders: dict[dt.date, Callable[[dict[str, Any]], tuple[Person | None, str, str]]] = {}
    for row in table:
        v = row.values
        try:
            start = parse_date(v.get("start"))
        except ValidationError as exc:
            errors.append(RowError(" ".join(exc.messages), row=row.number, column="Từ ngày", sheet=sheet))
            continue
        code = _text(v.get("code"))
        position = next(
            (
                p
                for p in positions
                if p.code == code and p.valid_from <= start and (p.valid_to is None or start < p.valid_to)
            ),
            None,
        )
        if position is None:
            errors.append(
                RowError(
                    f"Cơ quan không có vị trí mã “{code}” có hiệu lực ngày {start:%d/%m/%Y}.",
                    row=row.number,
                    column="Mã vị trí",
                    sheet=sheet,
                )
            )
        finder = finders.setdefault(start, _person_finder(unit, start))
        person, column, problem = finder(v)
        if person is None:
            errors.append(RowError(problem, row=row.number, column=column, sheet=sheet))
            continue
        if person.pk in seen:
            errors.append(
                RowError(
                    f"{person.full_name} đã có ở dòng {seen[person.pk]}.",
                    row=row.number,
                    column=column or "Họ và tên",
                    sheet=sheet,
                )
            )
            continue
        seen[person.pk] = row.number
        if position is not None:
            planned.append((row.number, person, position, start, _text(v.get("note"))))
    if not errors:
        for number, person, position, start, note in planned:
            try:
                with transaction.atomic():
                    services.holding_start(actor=actor, person=person, position=position, on=start, note=note)
            except InputRejected as exc:
                errors.extend(
                    RowError(e.message, row=number, column="Họ và tên", sheet=sheet) for e in exc.errors
                )
    if errors:
        logger.info("holdings import refused: %d errors", len(errors))
        transaction.set_rollback(True)
        raise InputRejected(errors)
    return len(planned)


# --- the staffing quota -------------------------------------------------------------------------------

QUOTA_COLUMNS = [
    Column("unit", "Mã cơ quan", ("Mã đơn vị",), required=True),
    Column("year", "Năm", required=True),
    Column("civil", "Biên chế công chức", required=True),
    Column("public", "Số người làm việc", ("Số lượng người làm việc",)),
    Column("number", "Số quyết định"),
    Column("date", "Ngày quyết định"),
]


@transaction.atomic
def quotas_import(*, actor: Actor, data: bytes) -> int:
    """Staffing quotas of agencies and years from a file (a row replaces the quota of its agency and
    year). Each agency must be within the actor's scope. Returns how many rows were written."""
    sheet, table = _rows(data, [QUOTA_SHEET], QUOTA_COLUMNS)
    units = {u.code: u for u in Unit.objects.restrict(actor, "view")}  # type: ignore[attr-defined]
    errors: list[RowError] = []
    rows: list[tuple[int, Unit, int, dict[str, Any]]] = []
    seen: dict[tuple[str, int], int] = {}
    for row in table:
        v = row.values
        code = _text(v.get("unit"))
        unit = units.get(code)
        if unit is None:
            errors.append(
                RowError(
                    f"Không có cơ quan mã “{code}” trong phạm vi của bạn.",
                    row=row.number,
                    column="Mã cơ quan",
                    sheet=sheet,
                )
            )
        year_text = _text(v.get("year"))
        if not (year_text.isdigit() and 2000 <= int(year_text) <= 2100):
            errors.append(
                RowError(f"Năm “{year_text}” không hợp lệ.", row=row.number, column="Năm", sheet=sheet)
            )
            continue
        year = int(year_text)
        values: dict[str, Any] = {"decision_number": _text(v.get("number"))}
        for key, header, field in (
            ("civil", "Biên chế công chức", "civil_servants"),
            ("public", "Số người làm việc", "public_employees"),
        ):
            try:
                values[field] = _count(v.get(key)) if key == "civil" or v.get(key) is not None else 0
            except ValueError as exc:
                errors.append(RowError(str(exc), row=row.number, column=header, sheet=sheet))
        if v.get("date") is not None:
            try:
                values["decision_date"] = parse_date(v.get("date"))
            except ValidationError as exc:
                errors.append(
                    RowError(" ".join(exc.messages), row=row.number, column="Ngày quyết định", sheet=sheet)
                )
        if unit is None:
            continue
        unit_year = (code, year)
        if unit_year in seen:
            errors.append(
                RowError(
                    f"Cơ quan {code}, năm {year} lặp lại dòng {seen[unit_year]}.",
                    row=row.number,
                    column="Mã cơ quan",
                    sheet=sheet,
                )
            )
            continue
        seen[unit_year] = row.number
        rows.append((row.number, unit, year, values))
    if not errors:
        for number, unit, year, values in rows:
            try:
                with transaction.atomic():
                    services.quota_save(actor=actor, unit=unit, year=year, values=values)
            except InputRejected as exc:
                errors.extend(
                    RowError(e.message, row=number, column="Mã cơ quan", sheet=sheet) for e in exc.errors
                )
            except (NotAllowed, OutOfScope) as exc:  # the row's agency is not the actor's to change
                errors.append(
                    RowError(
                        f"Bạn không được ghi biên chế của cơ quan này ({exc}).",
                        row=number,
                        column="Mã cơ quan",
                        sheet=sheet,
                    )
                )
    if errors:
        logger.info("quota import refused: %d errors", len(errors))
        transaction.set_rollback(True)
        raise InputRejected(errors)
    return len(rows)
