"""People in and out of the template Excel file.

Reading: every row is parsed and checked before anything is written; each problem names its row
and column. Writing: the same template; text that Excel would read as a formula is written as
text (no formula injection)."""

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.core.exceptions import ValidationError

from core.dates import parse_date
from core.errors import InputRejected, RowError
from core.excel import find_sheet, read_table, read_workbook, write_workbook
from core.text import fold
from people import catalogues
from people.io import columns as C
from people.rules import check_cccd

T = TypeVar("T")


@dataclass
class PersonRow:
    row: int
    full_name: str
    birth_date: dt.date
    birth_year_only: bool
    sex: str
    ethnicity: str
    religion: str
    cccd: str | None
    unit_code: str
    staff_category: str
    post_code: str | None
    post_from: dt.date | None
    language: str = ""
    language_level: int | None = None
    political_theory: str = ""
    qualification: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_birth(value: Any) -> tuple[dt.date, bool]:
    """A birth date as files write it: dd/mm/yyyy, an Excel date, or a year alone (then 1 January,
    flagged: RULES.md §1 "If only the birth year is known, the birth date is 1 January")."""
    if isinstance(value, int | float) and not isinstance(value, bool) and 1900 <= value <= 2100:
        return dt.date(int(value), 1, 1), True
    text = _text(value)
    if text.isdigit() and len(text) == 4:
        return dt.date(int(text), 1, 1), True
    return parse_date(value), False


def _cccd(value: Any) -> str:
    """Excel turns "012345678901" into the number 12345678901: put the leading zeros back."""
    text = _text(value).replace(" ", "").replace(".", "")
    if text.isdigit() and len(text) < 12 and isinstance(value, int | float):
        text = text.zfill(12)
    return text


def _memo(fn: Callable[[Any], T]) -> Callable[[Any], T]:
    """fn with its results kept by (type, value): a column of 50,000 cells holds a few dozen distinct
    values (units, categories, ethnic groups, levels), so each is folded and looked up once. The
    type is part of the key because 1 == 1.0 == True."""
    cache: dict[tuple[type, Any], T] = {}

    def cached(value: Any) -> T:
        key = (value.__class__, value)
        try:
            return cache[key]
        except KeyError:
            result = cache[key] = fn(value)
            return result

    return cached


def _catalogue_lookup(catalogue: catalogues.Catalogue[Any]) -> Callable[[Any], str | None]:
    return _memo(lambda value: catalogue.find(_text(value)))


def _birth_checker(today: dt.date) -> Callable[[Any], tuple[dt.date | None, bool, str | None]]:
    def check(value: Any) -> tuple[dt.date | None, bool, str | None]:
        try:
            birth, year_only = parse_birth(value)
        except ValidationError as exc:
            return None, False, exc.messages[0]
        if not dt.date(1900, 1, 1) <= birth <= today:
            return birth, year_only, f"Ngày sinh {birth:%d/%m/%Y} không hợp lý."
        return birth, year_only, None

    return _memo(check)


def _date_checker(value: Any) -> tuple[dt.date | None, str | None]:
    try:
        return parse_date(value), None
    except ValidationError as exc:
        return None, exc.messages[0]


def _level_checker(value: Any) -> tuple[int | None, str | None]:
    try:
        return catalogues.parse_language_level(_text(value)), None
    except ValueError as exc:
        return None, str(exc)


@functools.lru_cache(maxsize=4096)
def _cccd_problems(prefix: str, length: int, year: int, sex: str) -> tuple[str, ...]:
    """check_cccd for any 12-digit number starting with `prefix` (its first 6 digits): the rule
    reads only those and the length, so one answer serves every number of a birth year and sex."""
    return tuple(check_cccd(prefix + "0" * (length - len(prefix)), dt.date(year, 1, 1), sex))  # type: ignore[arg-type]


def cccd_problems(cccd: str, birth: dt.date, sex: str) -> list[str]:
    """What check_cccd says of this number (people.rules), answered once per prefix when the number
    is 12 digits."""
    if len(cccd) == 12 and cccd.isascii() and cccd.isdigit():
        return list(_cccd_problems(cccd[:6], 12, birth.year, sex))
    return check_cccd(cccd, birth, "nam" if sex == "nam" else "nu")


def rows_from_excel(
    data: bytes, *, units: dict[str, int], today: dt.date, kinds: dict[str, str] | None = None
) -> list[PersonRow]:
    """Parse and check every row; raise InputRejected listing every bad cell. Each distinct value of
    a column is parsed and looked up once (_memo): the checks cost about as much as reading."""
    sheets = read_workbook(data)
    found = find_sheet(sheets, [C.SHEET]) or (next(iter(sheets.items())) if sheets else None)
    if found is None:
        raise InputRejected.single("Tệp không có trang nào.")
    sheet, raw = found
    table = read_table(raw, C.COLUMNS, sheet=sheet)
    kinds = kinds or {}
    birth_of = _birth_checker(today)
    sex_of = _memo(lambda value: {"nam": "nam", "nu": "nu"}.get(fold(value)))
    ethnicity_of = _catalogue_lookup(catalogues.ETHNIC_GROUPS)
    religion_of = _catalogue_lookup(catalogues.RELIGIONS)
    category_of = _catalogue_lookup(catalogues.STAFF_CATEGORIES)
    language_of = _catalogue_lookup(catalogues.LANGUAGES)
    political_of = _catalogue_lookup(catalogues.POLITICAL_THEORY)
    qualification_of = _catalogue_lookup(catalogues.QUALIFICATIONS)
    date_of = _memo(_date_checker)
    level_of = _memo(_level_checker)
    post_of = _memo(lambda key: catalogues.find_post(key[0], kinds.get(key[1])))
    errors: list[RowError] = []
    result: list[PersonRow] = []
    seen_cccd: dict[str, int] = {}
    for line in table:
        v = line.values
        n = line.number
        problems: list[tuple[C.Column, str]] = []
        name = " ".join(_text(v.get("name")).split())
        if not name:
            problems.append((C.NAME, "Thiếu họ và tên."))
        birth: dt.date | None = None
        year_only = False
        if v.get("birth") is None:
            problems.append((C.BIRTH, "Thiếu ngày sinh."))
        else:
            birth, year_only, message = birth_of(v["birth"])
            if message:
                problems.append((C.BIRTH, message))
        sex = sex_of(v.get("sex"))
        if sex is None:
            problems.append((C.SEX, f"Giới tính “{_text(v.get('sex'))}” phải là Nam hoặc Nữ."))
        ethnicity = ethnicity_of(v.get("ethnicity"))
        if ethnicity is None:
            problems.append(
                (C.ETHNICITY, f"Dân tộc “{_text(v.get('ethnicity'))}” không có trong danh mục 54 dân tộc.")
            )
        religion = religion_of(v.get("religion"))
        if religion is None:
            problems.append((C.RELIGION, f"Tôn giáo “{_text(v.get('religion'))}” không có trong danh mục."))
        cccd = _cccd(v.get("cccd")) or None
        if cccd:
            if birth and sex:
                problems.extend((C.CCCD, message) for message in cccd_problems(cccd, birth, sex))
            if cccd in seen_cccd:
                problems.append((C.CCCD, f"Số CCCD {cccd} trùng với dòng {seen_cccd[cccd]}."))
            seen_cccd.setdefault(cccd, n)
        unit_code = _text(v.get("unit"))
        if unit_code not in units:
            problems.append((C.UNIT, f"Không có đơn vị mã “{unit_code}” trong cơ cấu tổ chức."))
        category = category_of(v.get("category"))
        if category is None:
            problems.append(
                (
                    C.CATEGORY,
                    f"Loại cán bộ “{_text(v.get('category'))}” phải là Cán bộ, Công chức, Viên chức "
                    "hoặc Người lao động.",
                )
            )
        post_code = None
        post_text = _text(v.get("post"))
        if post_text:
            post_code = post_of((post_text, unit_code))
            if post_code is None:
                problems.append((C.POST, f"Chức vụ “{post_text}” không có trong danh mục chức vụ."))
        post_from = None
        if v.get("post_from") is not None:
            post_from, message = date_of(v["post_from"])
            if message:
                problems.append((C.POST_FROM, message))
        language = ""
        if v.get("language") is not None:
            language = language_of(v["language"]) or ""
            if not language:
                problems.append((C.LANGUAGE, f"Ngoại ngữ “{_text(v['language'])}” không có trong danh mục."))
        level, message = level_of(v.get("language_level"))
        if message:
            problems.append((C.LANGUAGE_LEVEL, message))
        political = ""
        if v.get("political") is not None:
            political = political_of(v["political"]) or ""
            if not political:
                problems.append(
                    (
                        C.POLITICAL,
                        f"Trình độ lý luận chính trị “{_text(v['political'])}” không có trong danh mục.",
                    )
                )
        qualification = ""
        if v.get("qualification") is not None:
            qualification = qualification_of(v["qualification"]) or ""
            if not qualification:
                problems.append(
                    (
                        C.QUALIFICATION,
                        f"Trình độ chuyên môn “{_text(v['qualification'])}” không có trong danh mục.",
                    )
                )
        if problems:
            errors.extend(
                RowError(message, row=n, column=column.header, sheet=sheet) for column, message in problems
            )
            continue
        assert birth is not None and sex is not None and ethnicity and religion is not None and category
        result.append(
            PersonRow(
                row=n,
                full_name=name,
                birth_date=birth,
                birth_year_only=year_only,
                sex=sex,
                ethnicity=ethnicity,
                religion=religion,
                cccd=cccd,
                unit_code=unit_code,
                staff_category=category,
                post_code=post_code,
                post_from=post_from,
                language=language,
                language_level=level,
                political_theory=political,
                qualification=qualification,
            )
        )
    if errors:
        raise InputRejected(errors)
    return result


def people_to_excel(rows: list[list[Any]]) -> bytes:
    """The template with rows (already in column order). Every text cell is written as a string
    cell (core.excel.write_workbook: write_string, strings_to_formulas off), so "=…", "+…", "-…"
    and "@…" stay text and are never run as formulas (no formula injection), and read back
    unchanged."""
    return write_workbook([(C.SHEET, [c.header for c in C.COLUMNS], rows)])
