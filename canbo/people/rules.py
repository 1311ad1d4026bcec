"""Rules of law on the personnel record: the citizen identity number (CCCD) and ages. Plain Python:
no Django. Messages are Vietnamese, for the user.
"""

import datetime as dt
from typing import Literal

Sex = Literal["nam", "nu"]  # the values of people.choices.Sex

CCCD_LENGTH = 12
_SEX_NAMES = {"nam": "nam", "nu": "nữ"}
_FIRST_CENTURY_YEAR, _LAST_CENTURY_YEAR = 1900, 2399  # the years the century-and-sex digit can encode


# Circular 07/2016/TT-BCA art. 7 (kept by Circular 59/2021/TT-BCA): digits 1–3, birth province 001–096.
def cccd_province_code_valid(code: str) -> bool:
    """Only the range is checked, not that the code is one a province actually has."""
    return len(code) == 3 and all("0" <= c <= "9" for c in code) and 1 <= int(code) <= 96


# Circular 07/2016/TT-BCA art. 7 (kept by 59/2021/TT-BCA): digit 4 = century and sex, 0/1 = nam/nữ 19xx.
def cccd_century_sex_digit(birth_year: int, sex: Sex) -> str:
    """The 4th digit for a person of this birth year and sex: 0/1 male/female born 1900–1999, 2/3 in
    2000–2099, 4/5 in 2100–2199, 6/7 in 2200–2299, 8/9 in 2300–2399. ValueError outside 1900–2399."""
    if not _FIRST_CENTURY_YEAR <= birth_year <= _LAST_CENTURY_YEAR:
        raise ValueError(f"Năm sinh {birth_year} nằm ngoài khoảng 1900–2399 mà số CCCD mã hóa được.")
    return str(2 * ((birth_year - _FIRST_CENTURY_YEAR) // 100) + (0 if sex == "nam" else 1))


# Circular 07/2016/TT-BCA art. 7 (kept by 59/2021/TT-BCA): digits 5–6 = last two digits of the birth year.
def cccd_year_digits(birth_year: int) -> str:
    return f"{birth_year % 100:02d}"


def _describe_century_sex_digit(digit: str) -> str:
    """'1' → 'nữ, sinh năm 1900–1999'."""
    value = int(digit)
    first = _FIRST_CENTURY_YEAR + 100 * (value // 2)
    return f"{'nam' if value % 2 == 0 else 'nữ'}, sinh năm {first}–{first + 99}"


def check_cccd(number: str, birth_date: dt.date, sex: Sex) -> list[str]:
    """What is wrong with a 12-digit CCCD number for a person of this birth date and sex, in
    Vietnamese; an empty list if nothing is. Surrounding spaces are ignored. The last 6 digits (a
    random serial) cannot be checked."""
    if sex not in _SEX_NAMES:
        raise ValueError(f"Giới tính phải là 'nam' hoặc 'nu', không phải {sex!r}.")
    value = (number or "").strip()
    problems: list[str] = []
    if not all("0" <= c <= "9" for c in value):
        problems.append(f"Số CCCD “{value}” chỉ được gồm chữ số.")
    if len(value) != CCCD_LENGTH:
        problems.append(f"Số CCCD phải có đúng {CCCD_LENGTH} chữ số (số đã nhập có {len(value)} ký tự).")
    if problems:
        return problems
    if not cccd_province_code_valid(value[:3]):
        problems.append(f"Ba chữ số đầu ({value[:3]}) là mã tỉnh nơi đăng ký khai sinh, phải từ 001 đến 096.")
    year = birth_date.year
    try:
        expected = cccd_century_sex_digit(year, sex)
    except ValueError as error:
        problems.append(str(error))
    else:
        if value[3] != expected:
            problems.append(
                f"Chữ số thứ 4 là {value[3]} ({_describe_century_sex_digit(value[3])}), nhưng người "
                f"{_SEX_NAMES[sex]} sinh năm {year} phải có chữ số thứ 4 là {expected}."
            )
    if value[4:6] != cccd_year_digits(year):
        problems.append(
            f"Chữ số thứ 5–6 ({value[4:6]}) phải là hai số cuối của năm sinh {year} "
            f"({cccd_year_digits(year)})."
        )
    return problems


def age_on(birth_date: dt.date, on: dt.date) -> int:
    """Age in whole years on the date `on`: one more year on each birthday. A person born on 29
    February is a year older on 1 March in a year without 29 February. ValueError if `on` is before
    the birth date."""
    if on < birth_date:
        raise ValueError(f"Ngày tính tuổi {on:%d/%m/%Y} trước ngày sinh {birth_date:%d/%m/%Y}.")
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


# RULES.md §6 (the plan's targets): "Under 40" is age in whole years at the reference date < 40.
def is_under_40(birth_date: dt.date, on: dt.date) -> bool:
    return age_on(birth_date, on) < 40
