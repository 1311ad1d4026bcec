"""People in and out of the template Excel file.

Reading: every row is parsed and checked before anything is written; each problem names its row
and column. Writing: the same template; text that Excel would read as a formula is written as
text (no formula injection)."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError

from core.dates import parse_date
from core.errors import InputRejected, RowError
from core.excel import find_sheet, read_table, read_workbook, write_workbook
from core.text import fold
from people import catalogues
from people.io import columns as C
from people.rules import check_cccd


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


def rows_from_excel(
    data: bytes, *, units: dict[str, int], today: dt.date, kinds: dict[str, str] | None = None
) -> list[PersonRow]:
    """Parse and check every row; raise InputRejected listing every bad cell."""
    sheets = read_workbook(data)
    found = find_sheet(sheets, [C.SHEET]) or (next(iter(sheets.items())) if sheets else None)
    if found is None:
        raise InputRejected.single("Tệp không có trang nào.")
    sheet, raw = found
    table = read_table(raw, C.COLUMNS, sheet=sheet)
    errors: list[RowError] = []
    result: list[PersonRow] = []
    seen_cccd: dict[str, int] = {}
    for line in table:
        v = line.values
        n = line.number

        def err(column: C.Column, message: str, n: int = n) -> None:
            errors.append(RowError(message, row=n, column=column.header, sheet=sheet))

        name = " ".join(_text(v.get("name")).split())
        if not name:
            err(C.NAME, "Thiếu họ và tên.")
        birth: dt.date | None = None
        year_only = False
        if v.get("birth") is None:
            err(C.BIRTH, "Thiếu ngày sinh.")
        else:
            try:
                birth, year_only = parse_birth(v["birth"])
                if not dt.date(1900, 1, 1) <= birth <= today:
                    err(C.BIRTH, f"Ngày sinh {birth:%d/%m/%Y} không hợp lý.")
            except ValidationError as exc:
                err(C.BIRTH, exc.messages[0])
        sex = {"nam": "nam", "nu": "nu", "n": None}.get(fold(v.get("sex")))
        if sex is None:
            err(C.SEX, f"Giới tính “{_text(v.get('sex'))}” phải là Nam hoặc Nữ.")
        ethnicity = catalogues.ETHNIC_GROUPS.find(_text(v.get("ethnicity")))
        if ethnicity is None:
            err(C.ETHNICITY, f"Dân tộc “{_text(v.get('ethnicity'))}” không có trong danh mục 54 dân tộc.")
        religion = catalogues.RELIGIONS.find(_text(v.get("religion")))
        if religion is None:
            err(C.RELIGION, f"Tôn giáo “{_text(v.get('religion'))}” không có trong danh mục.")
        cccd = _cccd(v.get("cccd")) or None
        if cccd and birth and sex:
            for message in check_cccd(cccd, birth, "nam" if sex == "nam" else "nu"):
                err(C.CCCD, message)
        if cccd:
            if cccd in seen_cccd:
                err(C.CCCD, f"Số CCCD {cccd} trùng với dòng {seen_cccd[cccd]}.")
            seen_cccd.setdefault(cccd, n)
        unit_code = _text(v.get("unit"))
        if unit_code not in units:
            err(C.UNIT, f"Không có đơn vị mã “{unit_code}” trong cơ cấu tổ chức.")
        category = catalogues.STAFF_CATEGORIES.find(_text(v.get("category")))
        if category is None:
            err(
                C.CATEGORY,
                f"Loại cán bộ “{_text(v.get('category'))}” phải là Cán bộ, Công chức, Viên chức "
                "hoặc Người lao động.",
            )
        post_code = None
        if _text(v.get("post")):
            post_code = catalogues.find_post(_text(v.get("post")), (kinds or {}).get(unit_code))
            if post_code is None:
                err(C.POST, f"Chức vụ “{_text(v.get('post'))}” không có trong danh mục chức vụ.")
        post_from = None
        if v.get("post_from") is not None:
            try:
                post_from = parse_date(v["post_from"])
            except ValidationError as exc:
                err(C.POST_FROM, exc.messages[0])
        language = ""
        if _text(v.get("language")):
            language = catalogues.LANGUAGES.find(_text(v.get("language"))) or ""
            if not language:
                err(C.LANGUAGE, f"Ngoại ngữ “{_text(v.get('language'))}” không có trong danh mục.")
        level = None
        try:
            level = catalogues.parse_language_level(_text(v.get("language_level")))
        except ValueError as exc:
            err(C.LANGUAGE_LEVEL, str(exc))
        political = ""
        if _text(v.get("political")):
            political = catalogues.POLITICAL_THEORY.find(_text(v.get("political"))) or ""
            if not political:
                err(
                    C.POLITICAL,
                    f"Trình độ lý luận chính trị “{_text(v.get('political'))}” không có trong danh mục.",
                )
        qualification = ""
        if _text(v.get("qualification")):
            qualification = catalogues.QUALIFICATIONS.find(_text(v.get("qualification"))) or ""
            if not qualification:
                err(
                    C.QUALIFICATION,
                    f"Trình độ chuyên môn “{_text(v.get('qualification'))}” không có trong danh mục.",
                )
        if errors and errors[-1].row == n:
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
