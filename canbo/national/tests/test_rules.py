"""The windows of Decree 27/2026 arts. 18–19, counted as the Civil Code counts days (no database)."""

import datetime as dt

import pytest

from canbo.national.groups import BAD_NUMBER, NO_NUMBER, personal_id_problem
from canbo.national.rules import CREATE, SYNC, days_late, window_end

D = dt.date


def test_three_days_ending_on_a_sunday_run_to_monday() -> None:
    # Thursday 27/08/2026 + 3 days = Sunday 30/08: the period ends on Monday 31/08.
    assert window_end(D(2026, 8, 27), CREATE.days) == D(2026, 8, 31)
    assert days_late(D(2026, 8, 27), D(2026, 8, 31), CREATE.days) == 0
    assert days_late(D(2026, 8, 27), D(2026, 9, 1), CREATE.days) == 1


def test_one_day_ending_on_national_day_runs_past_both_days_off() -> None:
    # Monday 31/08/2026 + 1 day = Tuesday 01/09, Quốc khánh (01 and 02/09 off): the period ends Thursday 03/09.
    assert window_end(D(2026, 8, 31), SYNC.days) == D(2026, 9, 3)
    assert days_late(D(2026, 8, 31), D(2026, 9, 3), SYNC.days) == 0
    assert days_late(D(2026, 8, 31), D(2026, 9, 4), SYNC.days) == 1


def test_a_working_day_end_does_not_move() -> None:
    assert window_end(D(2026, 10, 5), SYNC.days) == D(2026, 10, 6)  # Monday → Tuesday
    assert days_late(D(2026, 10, 5), D(2026, 10, 1), SYNC.days) == 0  # recorded before the decision


@pytest.mark.parametrize(
    ("number", "problem"),
    [
        ("056185000123", None),
        (" 056185000123 ", None),
        (None, NO_NUMBER),
        ("", NO_NUMBER),
        ("05618500012", BAD_NUMBER),
        ("0561850001234", BAD_NUMBER),
        ("05618500012A", BAD_NUMBER),
        ("０５６１８５０００１２３", BAD_NUMBER),  # full-width digits are digits to Python, not to the decree
    ],
)
def test_the_personal_identification_number_is_twelve_digits(number: str | None, problem: str | None) -> None:
    assert personal_id_problem(number) == problem
