"""Retirement date and remaining service (RULES.md §1–§2). Plain Python: no Django. Messages are
Vietnamese, for the user. Thresholds the law leaves to the authority (60 and 24 months, the 48 and 60
months of Directive 45-CT/TW) are keyword arguments: the callers pass the settings.

Months are counted on a month index ``12·year + (month − 1)``; the day of the month never matters
except through the month it falls in (Decree 135/2020/NĐ-CP counts the retirement age in months).
"""

import calendar
import datetime as dt
from typing import Literal

from canbo.people.rules import age_on

__all__ = [
    "ReappointmentOutcome",
    "age_on",
    "meets_term_age",
    "months_of_service_left",
    "pension_start",
    "reappointment_outcome",
    "retirement_age_months",
    "retirement_date",
]

ReappointmentOutcome = Literal["reappoint", "reappoint_until_retirement", "extend_until_retirement"]

ROADMAP_BASE_YEAR = 2020  # the last year of the old ages (60 / 55); the roadmap starts in 2021
MALE_BASE_MONTHS, MALE_MONTHS_PER_YEAR, MALE_CAP_MONTHS = 720, 3, 744  # 60 years, +3 months a year, 62
FEMALE_BASE_MONTHS, FEMALE_MONTHS_PER_YEAR, FEMALE_CAP_MONTHS = 660, 4, 720  # 55 years, +4 months, 60
FULL_TERM_MONTHS = 60  # a full 5-year term; a setting, passed by the caller
EXTENSION_MONTHS = 24  # below 2 years left: extension instead of re-appointment; a setting


def _month_index(day: dt.date) -> int:
    return 12 * day.year + day.month - 1


def _last_day_of_month(index: int) -> dt.date:
    year, month = index // 12, index % 12 + 1
    return dt.date(year, month, calendar.monthrange(year, month)[1])


# Decree 135/2020/NĐ-CP art. 3 (and RULES.md §1): if only the birth year is known, born on 1 January.
def _birth_for_retirement(birth: dt.date, birth_year_only: bool) -> dt.date:
    return dt.date(birth.year, 1, 1) if birth_year_only else birth


# Labour Code 2019 art. 169(2); Decree 135/2020/NĐ-CP art. 4: retirement age by the calendar year.
def retirement_age_months(year: int, male: bool) -> int:
    """The normal-conditions retirement age, in months, of a person who retires in calendar year
    `year`: men 60 years (720 months) up to 2020, +3 months a year from 2021, 62 years from 2028;
    women 55 years (660 months) up to 2020, +4 months a year from 2021, 60 years from 2035."""
    years_of_roadmap = max(year - ROADMAP_BASE_YEAR, 0)
    if male:
        return min(MALE_BASE_MONTHS + MALE_MONTHS_PER_YEAR * years_of_roadmap, MALE_CAP_MONTHS)
    return min(FEMALE_BASE_MONTHS + FEMALE_MONTHS_PER_YEAR * years_of_roadmap, FEMALE_CAP_MONTHS)


def _retirement_month(birth: dt.date, male: bool, birth_year_only: bool) -> int:
    """Month index of the retirement month: birth month + retirement_age_months(Y) for the first
    year Y in which that month falls. See retirement_date for why it exists and why "first"."""
    born = _month_index(_birth_for_retirement(birth, birth_year_only))
    # No year before the birth year + the youngest age (55) can hold the month: start there.
    year = birth.year + min(MALE_BASE_MONTHS, FEMALE_BASE_MONTHS) // 12
    while (born + retirement_age_months(year, male)) // 12 > year:
        year += 1
    return born + retirement_age_months(year, male)


# Decree 135/2020/NĐ-CP art. 3: retirement is at the end of the last day of the month the age is reached.
def retirement_date(birth: dt.date, male: bool, *, birth_year_only: bool = False) -> dt.date:
    """The last day of the retirement month. The retirement month is the birth month plus
    retirement_age_months(Y), for the first calendar year Y in which that month falls; if only the
    birth year is known (`birth_year_only`), the birth date is taken as 1 January of that year.

    Such a year exists, and the "first" one is well defined: the age is bounded, so some year Y has
    birth month + age(Y) before January of Y+1; take the first such Y (it is after the birth year,
    since the age is at least 55 years). The year before it fails, so birth month + age(Y−1) is in
    Y or later, and age(Y) ≥ age(Y−1), so birth month + age(Y) is in Y. It is NOT always the only
    one: the age grows by 3 or 4 months a year, less than 12, so the next year can also fit — a man
    born 8/1961 reaches 60y3m in 11/2021 and 60y6m in 2/2022. Decree 135's table takes the first
    (men born 1–9/1961 retire at 60y3m in 2021). Equivalently: the retirement month is the first
    month in which the age in months reaches the retirement age of that month's calendar year.
    """
    return _last_day_of_month(_retirement_month(birth, male, birth_year_only))


# Decree 135/2020/NĐ-CP art. 3: the pension starts on the first day of the month after retirement.
def pension_start(birth: dt.date, male: bool, *, birth_year_only: bool = False) -> dt.date:
    return retirement_date(birth, male, birth_year_only=birth_year_only) + dt.timedelta(days=1)


# RULES.md §2 (Directive 45-CT/TW 2025): remaining service = months from the reference date to retirement.
def months_of_service_left(birth: dt.date, male: bool, on: dt.date, *, birth_year_only: bool = False) -> int:
    """Calendar months after the month of `on`, up to and including the retirement month: the month
    index of the retirement month minus that of `on`. The current month therefore does not count as a
    month left (or, equivalently, it counts and the retirement month does not); the day of `on` is
    ignored. 0 in the retirement month itself, negative after it.

    This reproduces Directive 45-CT/TW's cut-offs "as of 9/2025", for any day of 9/2025: a man born
    9/1968 retires in 9/2030 (62 years), 60 months after 9/2025; one born 8/1968 in 8/2030, 59 months.
    """
    return _retirement_month(birth, male, birth_year_only) - _month_index(on)


# Conclusion 08-KL/TW (2021); Decree 138/2020/NĐ-CP art. 42(4): remaining service covers a full term.
def meets_term_age(
    birth: dt.date, male: bool, on: dt.date, months: int = FULL_TERM_MONTHS, *, birth_year_only: bool = False
) -> bool:
    """Whether the remaining service at the reference date `on` (the day the dossier is received or
    the procedure starts — an input) is at least `months` (a setting: 60 for a 5-year term, 48 / 60
    for re-election / first entry to a Party committee under Directive 45-CT/TW)."""
    if months < 0:
        raise ValueError(f"Số tháng công tác còn lại yêu cầu ({months}) không được âm.")
    return months_of_service_left(birth, male, on, birth_year_only=birth_year_only) >= months


# Decree 138/2020/NĐ-CP art. 49(2): < 5 years left → term until retirement; < 2 years → extension.
def reappointment_outcome(
    birth: dt.date,
    male: bool,
    term_end_or_ref: dt.date,
    *,
    full_term_months: int = FULL_TERM_MONTHS,
    extension_months: int = EXTENSION_MONTHS,
    birth_year_only: bool = False,
) -> ReappointmentOutcome:
    """What the age rule allows at the end of a term (or at the reference date given):
    "reappoint" for a full term if at least `full_term_months` remain, "reappoint_until_retirement"
    if fewer remain but at least `extension_months`, else "extend_until_retirement". The other
    conditions (evaluation results, notice) are not checked here."""
    if not 0 <= extension_months <= full_term_months:
        raise ValueError(
            f"Ngưỡng kéo dài thời gian giữ chức vụ ({extension_months} tháng) phải từ 0 đến ngưỡng "
            f"một nhiệm kỳ đầy đủ ({full_term_months} tháng)."
        )
    left = months_of_service_left(birth, male, term_end_or_ref, birth_year_only=birth_year_only)
    if left >= full_term_months:
        return "reappoint"
    if left >= extension_months:
        return "reappoint_until_retirement"
    return "extend_until_retirement"
