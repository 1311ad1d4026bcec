"""People in and out of the template Excel file.

Reading: every row is parsed and checked before anything is written; each problem names its row
and column. Writing: the same template; text that Excel would read as a formula is written as
text (no formula injection)."""

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import ValidationError

from canbo.core.bulk import gc_paused
from canbo.core.dates import parse_date
from canbo.core.errors import InputRejected, RowError
from canbo.core.excel import cell, find_sheet, read_columns, read_workbook, write_workbook
from canbo.core.text import fold
from canbo.people import catalogues
from canbo.people.choices import Sex
from canbo.people.io import columns as C
from canbo.people.io.template import EXAMPLE_REFUSED, is_example
from canbo.people.rules import check_cccd

T = TypeVar("T")


@dataclass(slots=True)
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
    unit_from: dt.date | None = None
    conclusion_on: dt.date | None = None  # a conclusion that the person meets the political standard
    decision_number: str = ""  # the decision appointing to the row's post


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


def _birth_checker(today: dt.date) -> Callable[[Any], tuple[tuple[dt.date | None, bool], str | None]]:
    def check(value: Any) -> tuple[tuple[dt.date | None, bool], str | None]:
        if value is None:
            return (None, False), "Thiếu ngày sinh."
        try:
            birth, year_only = parse_birth(value)
        except ValidationError as exc:
            return (None, False), exc.messages[0]
        if not dt.date(1900, 1, 1) <= birth <= today:
            return (birth, year_only), f"Ngày sinh {birth:%d/%m/%Y} không hợp lý."
        return (birth, year_only), None

    return check


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


_CCCD_ANSWERS: dict[tuple[str, int, str], tuple[str, ...]] = {}


def cccd_problems(cccd: str, birth: dt.date, sex: str) -> tuple[str, ...]:
    """What check_cccd says of this number (people.rules). For a 12-digit number the rule reads only
    its first 6 digits, the birth year and the sex: one answer, kept, serves every such number."""
    if len(cccd) == 12 and cccd.isascii() and cccd.isdigit():
        key = (cccd[:6], birth.year, sex)
        found = _CCCD_ANSWERS.get(key)
        if found is None:
            if len(_CCCD_ANSWERS) > 100_000:  # any six digits can come: keep it bounded
                _CCCD_ANSWERS.clear()
            found = _CCCD_ANSWERS[key] = tuple(
                check_cccd(key[0] + "000000", dt.date(birth.year, 1, 1), sex)  # type: ignore[arg-type]
            )
        return found
    return tuple(check_cccd(cccd, birth, "nam" if sex == Sex.MALE else "nu"))


def cccd_own_problems(cccd: str) -> tuple[str, ...]:
    """What a CCCD number shows wrong without the birth date and sex: its digits, its length, its
    province code (people.rules.check_cccd's first checks)."""
    from canbo.people.rules import CCCD_LENGTH, cccd_province_code_valid

    value = cccd.strip()
    problems: list[str] = []
    if not all("0" <= c <= "9" for c in value):
        problems.append(f"Số CCCD “{value}” chỉ được gồm chữ số.")
    if len(value) != CCCD_LENGTH:
        problems.append(f"Số CCCD phải có đúng {CCCD_LENGTH} chữ số (số đã nhập có {len(value)} ký tự).")
    if not problems and not cccd_province_code_valid(value[:3]):
        problems.append(f"Ba chữ số đầu ({value[:3]}) là mã tỉnh nơi đăng ký khai sinh, phải từ 001 đến 096.")
    return tuple(problems)


DECISION_NUMBER_LENGTH = 100  # people.Assignment.decision_number
MIN_AGE = 18  # issue 13.3: from 18, the age to be recruited as a civil servant ("đủ 18 tuổi trở lên")
YEARS_PAST_RETIREMENT = 5  # issue 13.3: a row further past the retirement age is a typing error


def age_problem(birth: dt.date, sex: str, on: dt.date, *, birth_year_only: bool = False) -> str | None:
    """A birth date that cannot be of someone working on `on` (the roster's date): under 18, or more
    than 5 years past their retirement date (people.retirement, Decree 135/2020)."""
    from canbo.people.retirement import retirement_date
    from canbo.people.rules import age_on

    if birth > on:
        return f"Ngày sinh {birth:%d/%m/%Y} sau ngày tính danh sách {on:%d/%m/%Y}."
    age = age_on(birth, on)
    if age < MIN_AGE:
        return (
            f"Người sinh ngày {birth:%d/%m/%Y} mới {age} tuổi vào ngày {on:%d/%m/%Y}, chưa đủ {MIN_AGE} tuổi."
        )
    retires = retirement_date(birth, sex == Sex.MALE, birth_year_only=birth_year_only)
    limit = _years_after(retires, YEARS_PAST_RETIREMENT)
    if on > limit:
        return (
            f"Người sinh ngày {birth:%d/%m/%Y} đã đến tuổi nghỉ hưu ngày {retires:%d/%m/%Y}, quá "
            f"{YEARS_PAST_RETIREMENT} năm vào ngày {on:%d/%m/%Y}: kiểm tra lại ngày sinh."
        )
    return None


def _years_after(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _per_value(
    values: Sequence[Any], check: Callable[[Any], tuple[T, str | None]], clean: Callable[[Any], Any] = cell
) -> tuple[list[T], list[tuple[int, str]]]:
    """`check` (value → (result, message or None)) run once per distinct value of a column, on the
    value cleaned (core.excel.cell: text stripped, empty text None): the results in row order, and
    (row index, message) of the rows it refused. Values are told apart by type as well when the
    column mixes types (1 == 1.0 == True)."""
    keys: Sequence[Any] = values
    distinct = set(values)
    # Texts never equal anything else; numbers and booleans may (a set keeps one of 1, 1.0 and
    # True), so then the types of all the values are looked at, not only of the distinct ones.
    mixed = not all(v.__class__ is str or v is None for v in distinct) and (
        len(set(map(type, values)) - {type(None)}) > 1  # e.g. 1985 and "1985", 1 and True
    )
    if mixed:
        keys = list(zip(map(type, values), values, strict=True))
        checked = {key: check(clean(key[1])) for key in set(keys)}
    else:
        checked = {value: check(clean(value)) for value in distinct}
    results = {key: found[0] for key, found in checked.items()}
    refused = {key: found[1] for key, found in checked.items() if found[1]}
    problems = [(i, refused[key]) for i, key in enumerate(keys) if key in refused] if refused else []
    return list(map(results.__getitem__, keys)), problems


def _found_in(
    catalogue: catalogues.Catalogue[Any], message: str, empty: str | None = None
) -> Callable[[Any], tuple[str | None, str | None]]:
    """A check of a catalogue column: the code, or `message` (with the text at {}). An empty cell
    gives `empty` when it is not None, else is looked up like any text."""

    def check(value: Any) -> tuple[str | None, str | None]:
        if value is None and empty is not None:
            return empty, None
        code = catalogue.find(_text(value))
        return code, None if code is not None else message.format(_text(value))

    return check


class RowsRejected(InputRejected):
    """Refused rows, with the name each refused row gives (the error table names the person)."""

    def __init__(self, errors: list[RowError], *, names: dict[int, str]) -> None:
        super().__init__(errors)
        self.names = names


@gc_paused
def rows_from_excel(
    data: bytes,
    *,
    units: dict[str, int],
    today: dt.date,
    kinds: dict[str, str] | None = None,
    as_of: dt.date | None = None,
) -> list[PersonRow]:
    """Parse and check every row; raise InputRejected listing every bad cell, row by row in the
    order of the columns. Column by column, each distinct value of a column parsed and looked up
    once: a file of 50,000 rows holds a few thousand names and dates and a few dozen units,
    categories and levels."""
    sheets = read_workbook(data)
    found = find_sheet(sheets, [C.SHEET]) or (next(iter(sheets.items())) if sheets else None)
    if found is None:
        raise InputRejected.single("Tệp không có trang nào.")
    sheet, raw = found
    table = read_columns(raw, C.COLUMNS, sheet=sheet, clean=False)
    kinds = kinds or {}
    numbers = table.numbers
    problems: list[tuple[int, int, str]] = []  # (row index, column position, message)
    order = {column.key: position for position, column in enumerate(C.COLUMNS)}

    def column(col: C.Column, check: Callable[[Any], tuple[T, str | None]]) -> list[T]:
        values, refused = _per_value(table.get(col.key), check)
        problems.extend((i, order[col.key], message) for i, message in refused)
        return values

    def name_of(value: Any) -> tuple[str, str | None]:
        text = " ".join(_text(value).split())
        if is_example(text):
            return text, EXAMPLE_REFUSED
        return text, None if text else "Thiếu họ và tên."

    def sex_of(value: Any) -> tuple[str | None, str | None]:
        code = {"nam": "nam", "nu": "nu"}.get(fold(value))
        return code, None if code else f"Giới tính “{_text(value)}” phải là Nam hoặc Nữ."

    def unit_of(value: Any) -> tuple[str, str | None]:
        code = _text(value)
        return code, None if code in units else f"Không có đơn vị mã “{code}” trong cơ cấu tổ chức."

    def post_of(key: tuple[str, str]) -> tuple[str | None, str | None]:
        text, unit_code = key
        if not text:
            return None, None
        code = catalogues.find_post(text, kinds.get(unit_code))
        return code, None if code else f"Chức vụ “{text}” không có trong danh mục chức vụ."

    names = column(C.NAME, name_of)
    births = column(C.BIRTH, _birth_checker(today))
    sexes = column(C.SEX, sex_of)
    ethnicities = column(
        C.ETHNICITY, _found_in(catalogues.ETHNIC_GROUPS, "Dân tộc “{}” không có trong danh mục 54 dân tộc.")
    )
    religions = column(C.RELIGION, _found_in(catalogues.RELIGIONS, "Tôn giáo “{}” không có trong danh mục."))
    # Every number differs: no gain in looking at distinct values; a well-formed one is kept as is.
    cccds = [
        v if v.__class__ is str and len(v) == 12 and v.isdigit() else (_cccd(v) or None)
        for v in table.get(C.CCCD.key)
    ]
    unit_codes = column(C.UNIT, unit_of)
    categories = column(
        C.CATEGORY,
        _found_in(
            catalogues.STAFF_CATEGORIES,
            "Loại cán bộ “{}” phải là Cán bộ, Công chức, Viên chức hoặc Người lao động.",
        ),
    )
    post_texts = column(C.POST, lambda value: (_text(value), None))
    post_codes, refused = _per_value(list(zip(post_texts, unit_codes, strict=True)), post_of, lambda key: key)
    problems.extend((i, order[C.POST.key], message) for i, message in refused)
    post_froms = column(C.POST_FROM, lambda v: (None, None) if v is None else _date_checker(v))
    languages = column(
        C.LANGUAGE, _found_in(catalogues.LANGUAGES, "Ngoại ngữ “{}” không có trong danh mục.", empty="")
    )
    levels = column(C.LANGUAGE_LEVEL, _level_checker)
    politicals = column(
        C.POLITICAL,
        _found_in(
            catalogues.POLITICAL_THEORY, "Trình độ lý luận chính trị “{}” không có trong danh mục.", empty=""
        ),
    )
    qualifications = column(
        C.QUALIFICATION,
        _found_in(catalogues.QUALIFICATIONS, "Trình độ chuyên môn “{}” không có trong danh mục.", empty=""),
    )
    roster_day = as_of or today

    def unit_from_of(value: Any) -> tuple[dt.date | None, str | None]:
        if value is None:
            return None, None
        day, message = _date_checker(value)
        if day is not None and day > roster_day:
            return day, (
                f"Ngày vào đơn vị {day:%d/%m/%Y} sau ngày tính danh sách {roster_day:%d/%m/%Y}: "
                "người này chưa ở đơn vị vào ngày của danh sách."
            )
        return day, message

    unit_froms = column(C.UNIT_FROM, unit_from_of)

    def conclusion_of(value: Any) -> tuple[dt.date | None, str | None]:
        if value is None:
            return None, None
        day, message = _date_checker(value)
        if day is not None and day > roster_day:
            return day, (
                f"Ngày kết luận tiêu chuẩn chính trị {day:%d/%m/%Y} sau ngày tính danh sách "
                f"{roster_day:%d/%m/%Y}."
            )
        return day, message

    def decision_of(value: Any) -> tuple[str, str | None]:
        text = " ".join(_text(value).split())
        if len(text) > DECISION_NUMBER_LENGTH:
            return text, f"Số quyết định dài quá {DECISION_NUMBER_LENGTH} ký tự."
        return text, None

    conclusions = column(C.CONCLUSION, conclusion_of)
    decisions = column(C.DECISION, decision_of)
    # Across columns: the CCCD against the birth date and sex, and twice in the file.
    cccd_at = order[C.CCCD.key]
    answers = _CCCD_ANSWERS  # what cccd_problems keeps: looked up here without a call per row
    for i, (cccd, (birth, _), sex) in enumerate(zip(cccds, births, sexes, strict=True)):
        if cccd and birth and sex:
            wrong = answers.get((cccd[:6], birth.year, sex)) if len(cccd) == 12 and cccd.isascii() else None
            if wrong is None:
                wrong = cccd_problems(cccd, birth, sex)
            if wrong:
                problems.extend((i, cccd_at, message) for message in wrong)
        elif cccd:  # a bad birth date or sex does not hide what the number alone shows
            problems.extend((i, cccd_at, message) for message in cccd_own_problems(cccd))
    # Ages on the roster's date: from 18 to 5 years past the retirement age (people.retirement).
    birth_at = order[C.BIRTH.key]
    ages: dict[tuple[dt.date, bool, str], str | None] = {}  # one answer per birth date and sex
    for i, ((birth, year_only), sex) in enumerate(zip(births, sexes, strict=True)):
        if birth is not None and sex:
            key = (birth, year_only, sex)
            if key not in ages:
                ages[key] = age_problem(birth, sex, roster_day, birth_year_only=year_only)
            if ages[key]:
                problems.append((i, birth_at, ages[key]))  # type: ignore[arg-type]
    present = [c for c in cccds if c]
    if len(set(present)) < len(present):
        first: dict[str, int] = {}
        for i, cccd in enumerate(cccds):
            if cccd:
                if cccd in first:
                    problems.append((i, cccd_at, f"Số CCCD {cccd} trùng với dòng {numbers[first[cccd]]}."))
                first.setdefault(cccd, i)
    if problems:
        problems.sort(key=lambda p: (p[0], p[1]))  # stable: a cell's messages keep their order
        columns = C.COLUMNS
        raise RowsRejected(
            [
                RowError(message, row=numbers[i], column=columns[at].header, sheet=sheet)
                for i, at, message in problems
            ],
            names={numbers[i]: names[i] for i, _at, _message in problems},
        )
    return [
        PersonRow(*values)
        for values in zip(
            numbers, names, (b[0] for b in births), (b[1] for b in births), sexes, ethnicities, religions,
            cccds, unit_codes, categories, post_codes, post_froms, languages, levels, politicals,
            qualifications, unit_froms, conclusions, decisions, strict=True,
        )
    ]  # fmt: skip


def people_to_excel(rows: list[list[Any]]) -> bytes:
    """The template with rows (already in column order). Every text cell is written as a string
    cell (core.excel.write_workbook: write_string, strings_to_formulas off), so "=…", "+…", "-…"
    and "@…" stay text and are never run as formulas (no formula injection), and read back
    unchanged."""
    return write_workbook([(C.SHEET, [c.header for c in C.COLUMNS], rows)])
