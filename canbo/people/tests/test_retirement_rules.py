"""RULES.md §1 (retirement date), every example and the boundary on each side of it, through the
engine (people.retirement) and the command `canbo rules retirement`. Each test cites the
line of /work/shared/domain/RULES.md it comes from. test_retirement.py already covers most of the
"Checks"; this file adds what it left out: every year of the roadmap, the birth months on both sides of
each range, the month before the ranges that start the roadmap, the last day of a leap February, a
birth year alone when it moves the date, and the command on every example.

Line 16's "(exactly one such Y exists)" is not true (a man born 8/1961 fits 2021 and 2022); the code
takes the first such Y, as Decree 135's table does (test_retirement.py,
test_the_first_fitting_year_is_taken_when_two_fit). The tables below follow the first Y.

Ages are written as RULES.md writes them, "60y3m", and turned into months here: 60y3m = 723.
"""

import datetime as dt
from io import StringIO
from itertools import pairwise

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from canbo.people.retirement import pension_start, retirement_age_months, retirement_date

MAN, WOMAN = True, False
D = dt.date


def months(years: int, extra: int = 0) -> int:
    return 12 * years + extra


def month_index(day: dt.date) -> int:
    return 12 * day.year + day.month - 1


def last_day(year: int, month: int) -> dt.date:
    return D(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


# --- RULES.md lines 11–14: the age, year by year ---------------------------------------------------

# Line 11: "Men: 60 years 3 months in 2021, +3 months each year, 62 from 2028."
# Line 12: "Before 2021: 60 / 55."  Line 14: "(Y ≤ 2020: 720 / 660)".
MEN_BY_YEAR = [
    (1990, months(60)),
    (2019, months(60)),
    (2020, months(60)),
    (2021, months(60, 3)),
    (2022, months(60, 6)),
    (2023, months(60, 9)),
    (2024, months(61)),
    (2025, months(61, 3)),
    (2026, months(61, 6)),
    (2027, months(61, 9)),
    (2028, months(62)),
    (2029, months(62)),
    (2060, months(62)),
]
# Line 12: "Women: 55 years 4 months in 2021, +4 months each year, 60 from 2035. Before 2021: 60 / 55."
WOMEN_BY_YEAR = [
    (1990, months(55)),
    (2019, months(55)),
    (2020, months(55)),
    (2021, months(55, 4)),
    (2022, months(55, 8)),
    (2023, months(56)),
    (2024, months(56, 4)),
    (2025, months(56, 8)),
    (2026, months(57)),
    (2027, months(57, 4)),
    (2028, months(57, 8)),
    (2029, months(58)),
    (2030, months(58, 4)),
    (2031, months(58, 8)),
    (2032, months(59)),
    (2033, months(59, 4)),
    (2034, months(59, 8)),
    (2035, months(60)),
    (2036, months(60)),
    (2060, months(60)),
]


@pytest.mark.parametrize(("year", "age"), MEN_BY_YEAR)
def test_mens_age_every_year_lines_11_and_14(year: int, age: int) -> None:
    assert retirement_age_months(year, MAN) == age


@pytest.mark.parametrize(("year", "age"), WOMEN_BY_YEAR)
def test_womens_age_every_year_lines_12_and_14(year: int, age: int) -> None:
    assert retirement_age_months(year, WOMAN) == age


# --- RULES.md lines 15–16 and 19–23: who retires in which year --------------------------------------

# For each year: the age that year and the first and last birth month (month, year) of those who
# retire in it, by hand from line 15 (birth month + age, for the first year that month falls in).
# E.g. men 2022: 10/1961 + 60y6m = 4/2022 and 6/1962 + 60y6m = 12/2022; 7/1962 + 60y6m = 1/2023 is
# not in 2022, so 7/1962 retires in 2023 at 60y9m (4/2023). The "Checks" of lines 19–21 are rows here.
MEN_GROUPS = [
    # year, age, first birth month, last birth month
    (2019, months(60), (1, 1959), (12, 1959)),  # line 12: before 2021, 60
    (2020, months(60), (1, 1960), (12, 1960)),  # line 19: "men born 10–12/1960 retired at 60 in 2020"
    (2021, months(60, 3), (1, 1961), (9, 1961)),  # line 19: "men born 1–9/1961 at 60y3m"
    (2022, months(60, 6), (10, 1961), (6, 1962)),
    (2023, months(60, 9), (7, 1962), (3, 1963)),
    (2024, months(61), (4, 1963), (12, 1963)),
    (2025, months(61, 3), (1, 1964), (9, 1964)),
    (2026, months(61, 6), (10, 1964), (6, 1965)),
    (2027, months(61, 9), (7, 1965), (3, 1966)),
    (2028, months(62), (4, 1966), (12, 1966)),  # line 20: "men born from 4/1966 retire at 62"
]
WOMEN_GROUPS = [
    (2019, months(55), (1, 1964), (12, 1964)),  # line 12
    (2020, months(55), (1, 1965), (12, 1965)),  # line 12
    (2021, months(55, 4), (1, 1966), (8, 1966)),  # line 20: "women born 1–8/1966 at 55y4m"
    (2022, months(55, 8), (9, 1966), (4, 1967)),
    (2023, months(56), (5, 1967), (12, 1967)),
    (2024, months(56, 4), (1, 1968), (8, 1968)),
    (2025, months(56, 8), (9, 1968), (4, 1969)),
    (2026, months(57), (5, 1969), (12, 1969)),
    (2027, months(57, 4), (1, 1970), (8, 1970)),
    (2028, months(57, 8), (9, 1970), (4, 1971)),
    (2029, months(58), (5, 1971), (12, 1971)),  # line 23: women from 9/1971 (48 months left at 9/2025)
    (2030, months(58, 4), (1, 1972), (8, 1972)),  # line 22: women from 5/1972 (60 months left)
    (2031, months(58, 8), (9, 1972), (4, 1973)),
    (2032, months(59), (5, 1973), (12, 1973)),
    (2033, months(59, 4), (1, 1974), (8, 1974)),
    # line 20: "women born 1–4/1975 at 59y8m (in 2034)" — and so are those born 9–12/1974:
    # 9/1974 + 59y4m (2033's age) = 1/2034, not in 2033; 9/1974 + 59y8m = 5/2034.
    (2034, months(59, 8), (9, 1974), (4, 1975)),
    (2035, months(60), (5, 1975), (12, 1975)),  # line 21: "women born from 5/1975 at 60"
]


def birth_months(first: tuple[int, int], last: tuple[int, int]) -> list[tuple[int, int]]:
    (m1, y1), (m2, y2) = first, last
    return [(i % 12 + 1, i // 12) for i in range(12 * y1 + m1 - 1, 12 * y2 + m2)]


@pytest.mark.parametrize(("male", "groups"), [(MAN, MEN_GROUPS), (WOMAN, WOMEN_GROUPS)])
def test_every_birth_month_retires_in_its_year_at_its_age_lines_15_and_19_to_21(male, groups) -> None:
    for year, age, first, last in groups:
        for month, born_in in birth_months(first, last):
            for day in (1, last_day(born_in, month).day):  # the first and the last day of the month
                birth = D(born_in, month, day)
                retired = retirement_date(birth, male)
                assert retired.year == year, (birth, retired)
                assert month_index(retired) - month_index(birth) == age, (birth, retired)
                # Line 16: the last day of the retirement month.
                expected_month = month_index(birth) + age
                assert retired == last_day(expected_month // 12, expected_month % 12 + 1)


@pytest.mark.parametrize(("male", "groups"), [(MAN, MEN_GROUPS), (WOMAN, WOMEN_GROUPS)])
def test_the_groups_follow_each_other_without_a_gap(male, groups) -> None:
    # The table above is itself hand-written: consecutive years must meet month to month, so that the
    # day before each first birth month is the previous year's last.
    for (year, _, _, last), (next_year, _, first, _) in pairwise(groups):
        assert next_year == year + 1
        assert birth_months(last, first) == [last, first]


# The boundary on each side of every example of lines 19–23, to the day: (born, sex, retirement date).
CHECKS = [
    # Line 19, "men born 10–12/1960 retired at 60 in 2020": 30/09/1960 also retired at 60 in 2020
    # (9/2020); 01/01/1961 is on the roadmap (60y3m: 4/2021).
    (D(1960, 9, 30), MAN, D(2020, 9, 30)),
    (D(1960, 10, 1), MAN, D(2020, 10, 31)),
    (D(1960, 12, 31), MAN, D(2020, 12, 31)),
    (D(1961, 1, 1), MAN, D(2021, 4, 30)),
    # Line 19, "men born 1–9/1961 at 60y3m": 30/09/1961 → 12/2021; 01/10/1961 → 60y6m, 4/2022.
    (D(1961, 9, 30), MAN, D(2021, 12, 31)),
    (D(1961, 10, 1), MAN, D(2022, 4, 30)),
    # Line 20, "men born from 4/1966 retire at 62": 31/03/1966 → 61y9m, 12/2027; 01/04/1966 → 4/2028.
    (D(1966, 3, 31), MAN, D(2027, 12, 31)),
    (D(1966, 4, 1), MAN, D(2028, 4, 30)),
    # Line 20, "women born 1–8/1966 at 55y4m": 31/12/1965 → 55, 12/2020; 01/01/1966 → 5/2021;
    # 31/08/1966 → 12/2021; 01/09/1966 → 55y8m, 5/2022.
    (D(1965, 12, 31), WOMAN, D(2020, 12, 31)),
    (D(1966, 1, 1), WOMAN, D(2021, 5, 31)),
    (D(1966, 8, 31), WOMAN, D(2021, 12, 31)),
    (D(1966, 9, 1), WOMAN, D(2022, 5, 31)),
    # Line 20, "women born 1–4/1975 at 59y8m (in 2034)": 31/08/1974 → 59y4m, 12/2033; 01/09/1974 →
    # 59y8m, 5/2034; 31/12/1974 → 8/2034; 01/01/1975 → 9/2034; 30/04/1975 → 12/2034.
    (D(1974, 8, 31), WOMAN, D(2033, 12, 31)),
    (D(1974, 9, 1), WOMAN, D(2034, 5, 31)),
    (D(1974, 12, 31), WOMAN, D(2034, 8, 31)),
    (D(1975, 1, 1), WOMAN, D(2034, 9, 30)),
    (D(1975, 4, 30), WOMAN, D(2034, 12, 31)),
    # Line 21, "women born from 5/1975 at 60": 01/05/1975 → 5/2035.
    (D(1975, 5, 1), WOMAN, D(2035, 5, 31)),
    # Lines 21–22, Directive 45 "≥ 60 months left at 9/2025 ⇔ men born from 9/1968, women from 5/1972":
    # man 31/08/1968 → 8/2030 (59 months), 01/09/1968 → 9/2030 (60); woman 30/04/1972 → 58y4m, 8/2030,
    # 01/05/1972 → 9/2030.
    (D(1968, 8, 31), MAN, D(2030, 8, 31)),
    (D(1968, 9, 1), MAN, D(2030, 9, 30)),
    (D(1972, 4, 30), WOMAN, D(2030, 8, 31)),
    (D(1972, 5, 1), WOMAN, D(2030, 9, 30)),
    # Lines 22–23, "≥ 48 months ⇔ men born from 9/1967, women from 9/1971": man 31/08/1967 → 8/2029,
    # 01/09/1967 → 9/2029; woman 31/08/1971 → 58y, 8/2029, 01/09/1971 → 9/2029.
    (D(1967, 8, 31), MAN, D(2029, 8, 31)),
    (D(1967, 9, 1), MAN, D(2029, 9, 30)),
    (D(1971, 8, 31), WOMAN, D(2029, 8, 31)),
    (D(1971, 9, 1), WOMAN, D(2029, 9, 30)),
    # Line 16, "the first year Y": a man born 8/1961 fits 2021 (11/2021) and 2022 (2/2022); 11/2021.
    (D(1961, 8, 15), MAN, D(2021, 11, 30)),
    # Line 16, "the last day of that month", in a leap February: 2/1970 + 62y = 2/2032 → 29/02/2032;
    # and in a common one for a man born on 29 February: 2/1968 + 62y = 2/2030 → 28/02/2030.
    (D(1970, 2, 14), MAN, D(2032, 2, 29)),
    (D(1968, 2, 29), MAN, D(2030, 2, 28)),
]


@pytest.mark.parametrize(("born", "male", "retires"), CHECKS)
def test_the_checks_and_their_boundaries_lines_16_and_19_to_23(born, male, retires) -> None:
    assert retirement_date(born, male) == retires


@pytest.mark.parametrize(("born", "male", "retires"), CHECKS)
def test_the_command_on_the_checks(born, male, retires) -> None:
    out = StringIO()
    call_command(
        "rules", "retirement", "--born", f"{born:%d/%m/%Y}", "--sex", "nam" if male else "nu", stdout=out
    )
    assert out.getvalue().strip() == f"{retires:%d/%m/%Y}"


# --- RULES.md lines 16–18: the pension, a birth year alone --------------------------------------------


@pytest.mark.parametrize(
    ("born", "male", "starts"),
    [
        (D(1960, 12, 31), MAN, D(2021, 1, 1)),  # retired 31/12/2020: across the year
        (D(1970, 2, 14), MAN, D(2032, 3, 1)),  # retired 29/02/2032
        (D(1975, 4, 30), WOMAN, D(2035, 1, 1)),  # retired 31/12/2034
        (D(1974, 8, 31), WOMAN, D(2034, 1, 1)),  # retired 31/12/2033
    ],
)
def test_the_pension_starts_the_first_day_of_the_next_month_line_16(born, male, starts) -> None:
    # Line 16–17: "the pension starts on the first day of the next month (art. 3)".
    assert pension_start(born, male) == starts


@pytest.mark.parametrize(
    ("year", "sex", "with_the_date", "year_only"),
    [
        # Line 17–18: "If only the birth year is known, the birth date is 1 January of that year."
        # A man born 30/09/1961 retires 31/12/2021; with 1961 alone, 1/1961 + 60y3m = 4/2021.
        ("30/09/1961", "nam", "31/12/2021", "30/04/2021"),
        # A man born 10/04/1966 retires at 62 (4/2028); with 1966 alone he is born 1/1966, in the
        # group that retires at 61y9m: 1/1966 + 61y9m = 10/2027.
        ("10/04/1966", "nam", "30/04/2028", "31/10/2027"),
        # A woman born 20/05/1975 retires at 60 (5/2035); with 1975 alone, 1/1975 + 59y8m = 9/2034.
        ("20/05/1975", "nu", "31/05/2035", "30/09/2034"),
        # A woman born 15/12/1965 retired at 55 (12/2020); with 1965 alone, 1/1965 + 55 = 1/2020.
        ("15/12/1965", "nu", "31/12/2020", "31/01/2020"),
    ],
)
def test_a_birth_year_alone_is_1_january_lines_17_18(year, sex, with_the_date, year_only) -> None:
    for born, expected in ((year, with_the_date), (year[-4:], year_only)):
        out = StringIO()
        call_command("rules", "retirement", "--born", born, "--sex", sex, stdout=out)
        assert out.getvalue().strip() == expected, born
    birth = D(int(year[-4:]), int(year[3:5]), int(year[:2]))
    assert f"{retirement_date(birth, sex == 'nam', birth_year_only=True):%d/%m/%Y}" == year_only


def test_the_command_takes_only_nam_or_nu() -> None:
    with pytest.raises(CommandError, match="nữ"):
        call_command("rules", "retirement", "--born", "01/01/1970", "--sex", "nữ")
    with pytest.raises(CommandError, match="dd/mm/yyyy"):
        call_command("rules", "retirement", "--born", "29/02/1970", "--sex", "nam")  # 1970: no 29/02
