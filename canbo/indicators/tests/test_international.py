"""The outlook of the international-capability share with and without the language programme
(engine.international; issue 16.3), on a case worked by hand."""

import datetime as dt
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from canbo.indicators.engine.international import LanguageCohort, international_outlook
from canbo.indicators.engine.measure import STAFF_SCHEMA, Settings
from canbo.people.retirement import retirement_date

START = dt.date(2026, 6, 30)


def staff(*rows: tuple[Any, ...]) -> pl.DataFrame:
    """(person_id, category, birth, sex, level, abroad) → STAFF_SCHEMA rows, all in agency 1."""
    return pl.DataFrame(
        [
            {"person_id": pid, "agency_id": 1, "sex": sex, "birth_date": birth, "staff_category": category,
             "ethnic_minority": False, "language_level": level, "degree_abroad": abroad}
            for pid, category, birth, sex, level, abroad in rows
        ],
        schema=STAFF_SCHEMA,
    )  # fmt: skip


# Seven cán bộ, công chức are counted (P5 is a viên chức: not of the plan's 25–30 %). P1 (level 4) and
# P6 (a degree abroad) are able; P4, a man born 10/06/1966, retires on 30/06/2028 (Decree 135/2020:
# 62 years) and is replaced by a newcomer who is not able (newcomer_share 0).
STAFF = staff(
    (1, "cong_chuc", dt.date(1990, 1, 15), "nam", 4, False),
    (2, "cong_chuc", dt.date(1985, 3, 1), "nu", 2, False),
    (3, "cong_chuc", dt.date(1988, 7, 9), "nam", 0, False),
    (4, "cong_chuc", dt.date(1966, 6, 10), "nam", 0, False),
    (5, "vien_chuc", dt.date(1991, 2, 2), "nu", 5, False),
    (6, "can_bo", dt.date(1979, 11, 20), "nu", 0, True),
    (7, "cong_chuc", dt.date(1995, 4, 4), "nu", 1, False),
    (8, "cong_chuc", dt.date(1993, 8, 8), "nam", 3, False),
)
COHORTS = (
    # completes on 15/12/2027 at level 4: P2 and P3 become able; P1 already was, P5 is not counted,
    # 999 is not in the staff read (another province's, or out of the user's scope).
    LanguageCohort("Tiếng Anh B2 khóa 2027", dt.date(2027, 12, 15), 4, person_ids=(2, 3, 1, 5, 999)),
    # completes on 30/06/2029: P4 has retired by then; one more place is planned, not yet named.
    LanguageCohort("Tiếng Anh B2 khóa 2029", dt.date(2029, 6, 30), 4, person_ids=(4, 2), places=1),
    # level 3 (B1) is below the minimum: no effect.
    LanguageCohort("Tiếng Anh B1 khóa 2028", dt.date(2028, 3, 1), 3, person_ids=(7, 8)),
)


def test_the_hand_worked_outlook() -> None:
    assert retirement_date(dt.date(1966, 6, 10), True) == dt.date(2028, 6, 30)
    points = international_outlook(STAFF, start=START, to_year=2030, settings=Settings(), cohorts=COHORTS)
    by_year = {p["year"]: p for p in points}
    assert [p["counted"] for p in points] == [7] * 5
    assert [by_year[y]["capable"] for y in range(2026, 2031)] == [2, 2, 2, 2, 2]
    assert [by_year[y]["programme_effect"] for y in range(2026, 2031)] == [0, 2, 2, 3, 3]
    assert by_year[2027]["share"] == 28.6  # 2 / 7
    assert by_year[2027]["share_with_programme"] == 57.1  # 4 / 7
    assert by_year[2030]["share_with_programme"] == 71.4  # 5 / 7
    assert by_year[2030]["target"] == (25.0, 30.0) and by_year[2029]["target"] is None
    assert by_year[2026]["on"] == "2026-12-31"


def test_without_cohorts_both_outlooks_are_the_baseline() -> None:
    points = international_outlook(STAFF, start=START, to_year=2030, settings=Settings())
    assert all(p["capable"] == p["capable_with_programme"] and p["programme_effect"] == 0 for p in points)


def test_an_able_person_who_retires_is_replaced_by_a_newcomer_at_the_newcomer_share() -> None:
    from fractions import Fraction

    able_leaving = staff(
        (1, "cong_chuc", dt.date(1966, 6, 10), "nam", 5, False),
        (2, "cong_chuc", dt.date(1990, 1, 1), "nu", 0, False),
    )
    none = international_outlook(able_leaving, start=START, to_year=2029, settings=Settings())
    assert [p["capable"] for p in none] == [1, 1, 0, 0]  # leaves on 30/06/2028
    every = international_outlook(
        able_leaving, start=START, to_year=2029, settings=Settings(), newcomer_share=Fraction(1)
    )
    assert [p["capable"] for p in every] == [1, 1, 1, 1]


def test_a_last_year_before_the_start_is_refused() -> None:
    with pytest.raises(ValueError, match="trước năm bắt đầu"):
        international_outlook(STAFF, start=START, to_year=2025, settings=Settings())


@settings(max_examples=60)
@given(
    levels=st.lists(st.integers(0, 6), min_size=1, max_size=12),
    chosen=st.sets(st.integers(0, 11)),
    places=st.integers(0, 5),
    month=st.integers(1, 12),
)
def test_the_programme_adds_exactly_its_named_members_not_yet_able_and_its_places(
    levels: list[int], chosen: set[int], places: int, month: int
) -> None:
    """With nobody retiring before 2031, the difference in 2030 is the named members who were not
    able, plus the places, never beyond everyone counted."""
    frame = staff(
        *((i, "cong_chuc", dt.date(1990, 1, 1), "nu", level, False) for i, level in enumerate(levels))
    )
    cohort = LanguageCohort("K", dt.date(2028, month, 1), 4, person_ids=tuple(sorted(chosen)), places=places)
    point = international_outlook(frame, start=START, to_year=2030, settings=Settings(), cohorts=[cohort])[-1]
    not_able = {i for i, level in enumerate(levels) if level < 4}
    expected = min(len(levels), point["capable"] + len(chosen & not_able) + places) - point["capable"]
    assert point["programme_effect"] == expected
    assert point["capable"] == len(levels) - len(not_able)
