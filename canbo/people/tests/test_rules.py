"""CCCD number checks and ages (people.rules). Numbers below are made up."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from canbo.people.rules import (
    age_on,
    cccd_century_sex_digit,
    cccd_province_code_valid,
    cccd_year_digits,
    check_cccd,
    is_under_40,
)

# --- CCCD ----------------------------------------------------------------------------------------


def test_man_born_1985():
    # Province 058, 4th digit 0 (man, 20th century), "85", then a serial.
    assert check_cccd("058085001234", dt.date(1985, 6, 15), "nam") == []


def test_woman_born_2001():
    # 4th digit 3 (woman, 21st century), "01".
    assert check_cccd("058301004321", dt.date(2001, 2, 3), "nu") == []


def test_woman_born_1999_and_man_born_2000():
    assert check_cccd("001199000001", dt.date(1999, 12, 31), "nu") == []
    assert check_cccd("096200000001", dt.date(2000, 1, 1), "nam") == []


def test_surrounding_spaces_are_ignored():
    assert check_cccd(" 058085001234 ", dt.date(1985, 6, 15), "nam") == []


def test_century_sex_digit_examples():
    assert cccd_century_sex_digit(1985, "nam") == "0"
    assert cccd_century_sex_digit(1985, "nu") == "1"
    assert cccd_century_sex_digit(1900, "nam") == "0"
    assert cccd_century_sex_digit(1999, "nu") == "1"
    assert cccd_century_sex_digit(2000, "nam") == "2"
    assert cccd_century_sex_digit(2001, "nu") == "3"
    assert cccd_century_sex_digit(2100, "nam") == "4"
    assert cccd_century_sex_digit(2199, "nu") == "5"
    assert cccd_century_sex_digit(2200, "nam") == "6"
    assert cccd_century_sex_digit(2250, "nu") == "7"
    assert cccd_century_sex_digit(2300, "nam") == "8"
    assert cccd_century_sex_digit(2399, "nu") == "9"
    with pytest.raises(ValueError, match="1900–2399"):
        cccd_century_sex_digit(1899, "nam")
    with pytest.raises(ValueError):
        cccd_century_sex_digit(2400, "nu")


def test_year_digits():
    assert cccd_year_digits(1985) == "85"
    assert cccd_year_digits(2001) == "01"
    assert cccd_year_digits(2000) == "00"


def test_province_code_range():
    assert cccd_province_code_valid("001")
    assert cccd_province_code_valid("058")
    assert cccd_province_code_valid("096")
    assert not cccd_province_code_valid("000")
    assert not cccd_province_code_valid("097")
    assert not cccd_province_code_valid("58")
    assert not cccd_province_code_valid("٠٥٨")  # Arabic-Indic digits


def test_wrong_sex_digit():
    problems = check_cccd("058185001234", dt.date(1985, 6, 15), "nam")
    assert len(problems) == 1
    assert "Chữ số thứ 4 là 1 (nữ, sinh năm 1900–1999)" in problems[0]
    assert "phải có chữ số thứ 4 là 0" in problems[0]


def test_wrong_century_digit():
    problems = check_cccd("058001001234", dt.date(2001, 2, 3), "nam")
    assert len(problems) == 1
    assert "Chữ số thứ 4 là 0 (nam, sinh năm 1900–1999)" in problems[0]
    assert "sinh năm 2001 phải có chữ số thứ 4 là 2" in problems[0]


def test_wrong_year_digits():
    problems = check_cccd("058086001234", dt.date(1985, 6, 15), "nam")
    assert problems == ["Chữ số thứ 5–6 (86) phải là hai số cuối của năm sinh 1985 (85)."]


def test_wrong_province_code():
    problems = check_cccd("097085001234", dt.date(1985, 6, 15), "nam")
    assert problems == ["Ba chữ số đầu (097) là mã tỉnh nơi đăng ký khai sinh, phải từ 001 đến 096."]
    assert len(check_cccd("000085001234", dt.date(1985, 6, 15), "nam")) == 1


def test_several_problems_together():
    problems = check_cccd("000186001234", dt.date(1985, 6, 15), "nam")
    assert len(problems) == 3


def test_eleven_digits():
    problems = check_cccd("05808500123", dt.date(1985, 6, 15), "nam")
    assert problems == ["Số CCCD phải có đúng 12 chữ số (số đã nhập có 11 ký tự)."]


def test_thirteen_digits_and_empty():
    assert "đúng 12 chữ số" in check_cccd("0580850012345", dt.date(1985, 6, 15), "nam")[0]
    assert check_cccd("", dt.date(1985, 6, 15), "nam") == [
        "Số CCCD phải có đúng 12 chữ số (số đã nhập có 0 ký tự)."
    ]


def test_letters():
    problems = check_cccd("05808500123A", dt.date(1985, 6, 15), "nam")
    assert problems == ["Số CCCD “05808500123A” chỉ được gồm chữ số."]
    assert check_cccd("058 085 001 234", dt.date(1985, 6, 15), "nam")[0].endswith("chỉ được gồm chữ số.")
    assert check_cccd("٠٥٨٠٨٥٠٠١٢٣٤", dt.date(1985, 6, 15), "nam")[0].endswith("chỉ được gồm chữ số.")


def test_birth_year_out_of_range_is_reported():
    problems = check_cccd("058085001234", dt.date(1885, 6, 15), "nam")
    assert any("1900–2399" in p for p in problems)


def test_unknown_sex_is_a_programming_error():
    with pytest.raises(ValueError):
        check_cccd("058085001234", dt.date(1985, 6, 15), "male")  # type: ignore[arg-type]


@given(
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2399, 12, 31)),
    st.sampled_from(["nam", "nu"]),
    st.integers(1, 96),
    st.integers(0, 999_999),
)
def test_a_number_built_by_the_rule_is_valid(birth_date, sex, province, serial):
    number = (
        f"{province:03d}{cccd_century_sex_digit(birth_date.year, sex)}"
        f"{cccd_year_digits(birth_date.year)}{serial:06d}"
    )
    assert check_cccd(number, birth_date, sex) == []
    other_sex = "nu" if sex == "nam" else "nam"
    assert len(check_cccd(number, birth_date, other_sex)) == 1


# --- Ages ----------------------------------------------------------------------------------------


def test_age_on_birthday_and_day_before():
    born = dt.date(1985, 6, 15)
    assert age_on(born, dt.date(2025, 6, 14)) == 39
    assert age_on(born, dt.date(2025, 6, 15)) == 40
    assert age_on(born, born) == 0


def test_born_on_29_february():
    born = dt.date(2000, 2, 29)
    assert age_on(born, dt.date(2001, 2, 28)) == 0
    assert age_on(born, dt.date(2001, 3, 1)) == 1
    assert age_on(born, dt.date(2004, 2, 28)) == 3
    assert age_on(born, dt.date(2004, 2, 29)) == 4


def test_age_before_birth_is_an_error():
    with pytest.raises(ValueError, match="trước ngày sinh"):
        age_on(dt.date(2000, 1, 2), dt.date(2000, 1, 1))


def test_under_40_is_whole_years_below_40():
    born = dt.date(1985, 6, 15)
    assert is_under_40(born, dt.date(2025, 6, 14))
    assert not is_under_40(born, dt.date(2025, 6, 15))


def reference_age(born: dt.date, on: dt.date) -> int:
    """Birthdays passed, counted one year at a time; 29/2 falls on 1/3 in common years."""

    def birthday(year: int) -> dt.date:
        try:
            return born.replace(year=year)
        except ValueError:
            return dt.date(year, 3, 1)

    return sum(1 for year in range(born.year + 1, on.year + 1) if birthday(year) <= on)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)), st.integers(0, 40_000))
def test_age_agrees_with_reference(born, days):
    on = born + dt.timedelta(days=days)
    assert age_on(born, on) == reference_age(born, on)
