"""Retirement date and remaining service (people.retirement), from RULES.md §1 "Checks",
Decree 135/2020/NĐ-CP and Directive 45-CT/TW (2025). Month arithmetic in comments: "m/yyyy + a y b m"
adds a years b months to the birth month."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from canbo.people.retirement import (
    age_on,
    meets_term_age,
    months_of_service_left,
    pension_start,
    reappointment_outcome,
    retirement_age_months,
    retirement_date,
)

MAN, WOMAN = True, False
D = dt.date


def month_index(day: dt.date) -> int:
    return 12 * day.year + day.month - 1


def age_in_months_at_retirement(birth: dt.date, male: bool) -> int:
    return month_index(retirement_date(birth, male)) - month_index(birth)


def every_month(first: tuple[int, int], last: tuple[int, int]) -> list[dt.date]:
    """The 1st of every month from first = (year, month) to last, inclusive."""
    start, end = 12 * first[0] + first[1] - 1, 12 * last[0] + last[1] - 1
    return [D(i // 12, i % 12 + 1, 1) for i in range(start, end + 1)]


# --- retirement_age_months -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "male", "months"),
    [
        (2019, MAN, 720),
        (2020, MAN, 720),
        (2021, MAN, 723),  # 60y3m
        (2022, MAN, 726),
        (2027, MAN, 741),  # 61y9m
        (2028, MAN, 744),  # 62
        (2040, MAN, 744),
        (2020, WOMAN, 660),
        (2021, WOMAN, 664),  # 55y4m
        (2034, WOMAN, 716),  # 59y8m
        (2035, WOMAN, 720),  # 60
        (2050, WOMAN, 720),
    ],
)
def test_retirement_age_months(year, male, months):
    assert retirement_age_months(year, male) == months


# --- RULES.md §1 "Checks" --------------------------------------------------------------------------


def test_men_born_10_to_12_1960_retired_at_60_in_2020():
    # 10/1960 + 60y = 10/2020; 12/1960 + 60y = 12/2020 (the 2020 age is 720 months).
    assert retirement_date(D(1960, 10, 15), MAN) == D(2020, 10, 31)
    assert retirement_date(D(1960, 12, 31), MAN) == D(2020, 12, 31)
    for birth in every_month((1960, 10), (1960, 12)):
        assert age_in_months_at_retirement(birth, MAN) == 720
        assert retirement_date(birth, MAN).year == 2020


def test_men_born_1_to_9_1961_retire_at_60y3m_in_2021():
    # 1/1961 + 60y3m = 4/2021 → 30/04/2021. (The brief's "31/03/2021" would be 60y2m: it is wrong.)
    assert retirement_date(D(1961, 1, 1), MAN) == D(2021, 4, 30)
    # 9/1961 + 60y3m = 12/2021 → 31/12/2021.
    assert retirement_date(D(1961, 9, 30), MAN) == D(2021, 12, 31)
    # 10/1961 + 60y3m = 1/2022, not in 2021; 2022's age 60y6m: 10/1961 + 60y6m = 4/2022.
    assert retirement_date(D(1961, 10, 1), MAN) == D(2022, 4, 30)
    for birth in every_month((1961, 1), (1961, 9)):
        assert age_in_months_at_retirement(birth, MAN) == 723
        assert retirement_date(birth, MAN).year == 2021


def test_men_born_from_4_1966_retire_at_62():
    # 2027's age is 61y9m: 4/1966 + 61y9m = 1/2028, not in 2027; 2028's age is 62: 4/1966 + 62y = 4/2028.
    assert retirement_date(D(1966, 4, 1), MAN) == D(2028, 4, 30)
    # The month before: 3/1966 + 61y9m = 12/2027, in 2027 → retires at 61y9m.
    assert retirement_date(D(1966, 3, 31), MAN) == D(2027, 12, 31)
    assert age_in_months_at_retirement(D(1966, 3, 1), MAN) == 741
    for birth in every_month((1966, 4), (1990, 12)):
        assert age_in_months_at_retirement(birth, MAN) == 744


def test_women_born_1_to_8_1966_retire_at_55y4m():
    # 1/1966 + 55y4m = 5/2021 → 31/05/2021.
    assert retirement_date(D(1966, 1, 1), WOMAN) == D(2021, 5, 31)
    # 8/1966 + 55y4m = 12/2021 → 31/12/2021.
    assert retirement_date(D(1966, 8, 31), WOMAN) == D(2021, 12, 31)
    # 9/1966 + 55y4m = 1/2022, not in 2021; 2022's age 55y8m: 9/1966 + 55y8m = 5/2022.
    assert retirement_date(D(1966, 9, 1), WOMAN) == D(2022, 5, 31)
    for birth in every_month((1966, 1), (1966, 8)):
        assert age_in_months_at_retirement(birth, WOMAN) == 664


def test_women_born_1_to_4_1975_retire_at_59y8m_in_2034():
    # 2034's age: 660 + 4·14 = 716 = 59y8m. 1/1975 + 59y8m = 9/2034; 4/1975 + 59y8m = 12/2034.
    assert retirement_date(D(1975, 1, 1), WOMAN) == D(2034, 9, 30)
    assert retirement_date(D(1975, 4, 30), WOMAN) == D(2034, 12, 31)
    for birth in every_month((1975, 1), (1975, 4)):
        assert age_in_months_at_retirement(birth, WOMAN) == 716
        assert retirement_date(birth, WOMAN).year == 2034


def test_women_born_from_5_1975_retire_at_60():
    # 5/1975 + 59y8m = 1/2035, not in 2034; 2035's age is 60: 5/1975 + 60y = 5/2035.
    assert retirement_date(D(1975, 5, 1), WOMAN) == D(2035, 5, 31)
    for birth in every_month((1975, 5), (1995, 12)):
        assert age_in_months_at_retirement(birth, WOMAN) == 720


def test_age_in_whole_years_on_the_retirement_date():
    assert age_on(D(1960, 10, 15), retirement_date(D(1960, 10, 15), MAN)) == 60
    assert age_on(D(1966, 4, 1), retirement_date(D(1966, 4, 1), MAN)) == 62
    assert age_on(D(1975, 5, 1), retirement_date(D(1975, 5, 1), WOMAN)) == 60


def test_born_29_february_retires_in_february_even_in_a_common_year():
    # The age is counted in months (Decree 135 art. 3): 2/1968 + 62y = 2/2030, last day 28/02/2030,
    # although in whole years (people.rules.age_on) he turns 62 only on 1 March.
    assert retirement_date(D(1968, 2, 29), MAN) == D(2030, 2, 28)
    assert age_on(D(1968, 2, 29), D(2030, 2, 28)) == 61


# --- the first year that fits, and why it is not always the only one ------------------------------


def test_the_first_fitting_year_is_taken_when_two_fit():
    # A man born 8/1961: 8/1961 + 60y3m (2021's age) = 11/2021, in 2021; but also
    # 8/1961 + 60y6m (2022's age) = 2/2022, in 2022. Decree 135's table: 60y3m, 11/2021.
    born = month_index(D(1961, 8, 1))
    assert (born + retirement_age_months(2021, MAN)) // 12 == 2021
    assert (born + retirement_age_months(2022, MAN)) // 12 == 2022
    assert retirement_date(D(1961, 8, 1), MAN) == D(2021, 11, 30)
    # The same for a woman born 8/1966: 12/2021 (55y4m) and 4/2022 (55y8m) both fit; 12/2021 is taken.
    born = month_index(D(1966, 8, 1))
    assert (born + retirement_age_months(2021, WOMAN)) // 12 == 2021
    assert (born + retirement_age_months(2022, WOMAN)) // 12 == 2022
    assert retirement_date(D(1966, 8, 1), WOMAN) == D(2021, 12, 31)


@pytest.mark.parametrize("male", [MAN, WOMAN])
def test_every_birth_month_1955_2005_has_a_fitting_year_and_none_earlier(male):
    # Exhaustive over the 612 birth months, per sex.
    for birth in every_month((1955, 1), (2005, 12)):
        retirement = month_index(retirement_date(birth, male))
        born = month_index(birth)
        year = retirement // 12
        assert retirement - born == retirement_age_months(year, male)
        assert all((born + retirement_age_months(y, male)) // 12 != y for y in range(birth.year, year))


# --- birth year only, pension start -----------------------------------------------------------------


def test_birth_year_only_means_1_january():
    # Taken as 01/01/1961: 1/1961 + 60y3m = 4/2021.
    assert retirement_date(D(1961, 9, 30), MAN, birth_year_only=True) == D(2021, 4, 30)
    # Taken as 01/01/1966: 1/1966 + 55y4m = 5/2021.
    assert retirement_date(D(1966, 8, 20), WOMAN, birth_year_only=True) == D(2021, 5, 31)
    assert pension_start(D(1966, 8, 20), WOMAN, birth_year_only=True) == D(2021, 6, 1)
    assert months_of_service_left(D(1968, 12, 5), MAN, D(2025, 9, 1), birth_year_only=True) == 52  # 1/2030


def test_pension_starts_the_first_day_of_the_next_month():
    assert pension_start(D(1960, 10, 15), MAN) == D(2020, 11, 1)
    assert pension_start(D(1961, 9, 30), MAN) == D(2022, 1, 1)
    assert pension_start(D(1968, 2, 29), MAN) == D(2030, 3, 1)


# --- Directive 45-CT/TW cut-offs, provincial level, as of 9/2025 -------------------------------------
# Months left = month index of the retirement month − month index of the reference date; the day of the
# reference date does not matter, so every day of 9/2025 reproduces the cut-offs.

SEPTEMBER_2025 = [D(2025, 9, 1), D(2025, 9, 15), D(2025, 9, 30)]


@pytest.mark.parametrize("on", SEPTEMBER_2025)
@pytest.mark.parametrize(
    ("male", "threshold", "first_birth_month", "left_at_boundary", "retirement_at_boundary"),
    [
        # Men born 9/1968: 62 → 9/2030, 60 months after 9/2025; born 8/1968 → 8/2030, 59.
        (MAN, 60, (1968, 9), 60, D(2030, 9, 30)),
        # Women born 5/1972: 2030's age 58y4m → 9/2030 (2029's 58y: 5/2030, not 2029), 60 months;
        # born 4/1972 → 8/2030, 59.
        (WOMAN, 60, (1972, 5), 60, D(2030, 9, 30)),
        # Men born 9/1967: 62 → 9/2029, 48 months; born 8/1967 → 8/2029, 47.
        (MAN, 48, (1967, 9), 48, D(2029, 9, 30)),
        # Women born 9/1971: 2029's age 58y → 9/2029 (2028's 57y8m: 5/2029, not 2028), 48 months;
        # born 8/1971 → 8/2029, 47.
        (WOMAN, 48, (1971, 9), 48, D(2029, 9, 30)),
    ],
)
def test_directive_45_cut_offs(
    on, male, threshold, first_birth_month, left_at_boundary, retirement_at_boundary
):
    year, month = first_birth_month
    first_day_of_boundary = D(year, month, 1)
    last_day_before = first_day_of_boundary - dt.timedelta(days=1)
    assert retirement_date(first_day_of_boundary, male) == retirement_at_boundary
    assert months_of_service_left(first_day_of_boundary, male, on) == left_at_boundary
    assert months_of_service_left(last_day_before, male, on) == left_at_boundary - 1
    assert meets_term_age(first_day_of_boundary, male, on, threshold)
    assert not meets_term_age(last_day_before, male, on, threshold)
    # "≥ threshold ⇔ born from that month", over every birth month 1955–1990.
    for birth in every_month((1955, 1), (1990, 12)):
        assert (months_of_service_left(birth, male, on) >= threshold) == (
            (birth.year, birth.month) >= (year, month)
        )


def test_months_left_counts_to_the_retirement_month():
    # A man born 9/1968 retires 30/09/2030.
    birth = D(1968, 9, 10)
    assert months_of_service_left(birth, MAN, D(2030, 9, 30)) == 0
    assert months_of_service_left(birth, MAN, D(2030, 8, 31)) == 1
    assert months_of_service_left(birth, MAN, D(2030, 10, 1)) == -1
    assert months_of_service_left(birth, MAN, D(2029, 9, 1)) == 12


# --- appointment and re-appointment -------------------------------------------------------------------


def test_meets_term_age_default_is_60_months():
    assert meets_term_age(D(1968, 9, 1), MAN, D(2025, 9, 15))
    assert not meets_term_age(D(1968, 8, 31), MAN, D(2025, 9, 15))
    assert meets_term_age(D(1968, 8, 31), MAN, D(2025, 9, 15), months=59)


def test_meets_term_age_rejects_a_negative_threshold():
    with pytest.raises(ValueError, match="không được âm"):
        meets_term_age(D(1968, 9, 1), MAN, D(2025, 9, 15), months=-1)


@pytest.mark.parametrize(
    ("term_end", "outcome"),
    [
        # A man born 9/1968 retires in 9/2030.
        (D(2025, 9, 30), "reappoint"),  # 60 months left
        (D(2025, 10, 1), "reappoint_until_retirement"),  # 59
        (D(2028, 9, 1), "reappoint_until_retirement"),  # 24
        (D(2028, 10, 1), "extend_until_retirement"),  # 23
        (D(2030, 9, 1), "extend_until_retirement"),  # 0
    ],
)
def test_reappointment_outcome(term_end, outcome):
    assert reappointment_outcome(D(1968, 9, 20), MAN, term_end) == outcome


def test_reappointment_thresholds_are_arguments():
    # 23 months left (a man born 9/1968, 10/2028).
    assert reappointment_outcome(D(1968, 9, 20), MAN, D(2028, 10, 1), extension_months=12) == (
        "reappoint_until_retirement"
    )
    assert reappointment_outcome(
        D(1968, 9, 20), MAN, D(2028, 10, 1), full_term_months=23, extension_months=12
    ) == ("reappoint")
    with pytest.raises(ValueError, match="Ngưỡng kéo dài"):
        reappointment_outcome(D(1968, 9, 20), MAN, D(2028, 10, 1), full_term_months=12, extension_months=24)


# --- properties ----------------------------------------------------------------------------------------

births = st.dates(min_value=D(1955, 1, 1), max_value=D(2005, 12, 31))


@given(births, st.booleans())
def test_retirement_date_is_the_last_day_of_a_month(birth, male):
    assert (retirement_date(birth, male) + dt.timedelta(days=1)).day == 1
    assert pension_start(birth, male).day == 1


@given(births, st.booleans())
def test_age_at_retirement_is_the_age_of_the_retirement_year(birth, male):
    retired = retirement_date(birth, male)
    assert month_index(retired) - month_index(birth) == retirement_age_months(retired.year, male)


@given(births, st.booleans())
def test_retirement_month_is_the_first_month_the_age_of_its_year_is_reached(birth, male):
    retirement = month_index(retirement_date(birth, male))
    born = month_index(birth)
    for month in range(born, retirement):
        assert month - born < retirement_age_months(month // 12, male)


@given(births, st.booleans())
def test_whole_years_on_the_retirement_date(birth, male):
    # Except for 29 February in a common year (see the test above), age_on agrees with the months.
    retired = retirement_date(birth, male)
    expected = retirement_age_months(retired.year, male) // 12
    if (birth.month, birth.day) == (2, 29) and retired.month == 2 and retired.day == 28:
        expected -= 1
    assert age_on(birth, retired) == expected


@given(births, births, st.booleans())
def test_retirement_dates_do_not_decrease_with_the_birth_date(first, second, male):
    earlier, later = sorted((first, second))
    assert retirement_date(earlier, male) <= retirement_date(later, male)


@given(births, st.booleans(), st.dates(min_value=D(2000, 1, 1), max_value=D(2070, 12, 31)))
def test_months_left_ignore_the_days(birth, male, on):
    assert months_of_service_left(birth, male, on) == months_of_service_left(
        birth.replace(day=1), male, on.replace(day=1)
    )
    assert months_of_service_left(birth, male, on) == (
        month_index(retirement_date(birth, male)) - month_index(on)
    )


@given(births, st.booleans())
def test_birth_year_only_is_1_january(birth, male):
    assert retirement_date(birth, male, birth_year_only=True) == retirement_date(D(birth.year, 1, 1), male)
