"""Public holidays and working days (pure: no database)."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from canbo.decisions import holidays
from canbo.decisions.holidays import (
    computed_days_off,
    days_off,
    extra_working_days,
    is_working_day,
    lunar_new_year,
    lunar_to_solar,
    working_days_before,
    year_groups,
)

D = dt.date


@pytest.mark.parametrize(
    ("year", "tet", "hung_kings"),
    [
        (2020, D(2020, 1, 25), D(2020, 4, 2)),
        (2021, D(2021, 2, 12), D(2021, 4, 21)),
        (2022, D(2022, 2, 1), D(2022, 4, 10)),
        (2023, D(2023, 1, 22), D(2023, 4, 29)),
        (2024, D(2024, 2, 10), D(2024, 4, 18)),
        (2025, D(2025, 1, 29), D(2025, 4, 7)),
        (2026, D(2026, 2, 17), D(2026, 4, 26)),
        (2027, D(2027, 2, 6), D(2027, 4, 16)),
        # Vietnam's Tết 2030 is a day before China's (the new moon is 23:07 in Hà Nội, 00:07 in Beijing)
        (2030, D(2030, 2, 2), D(2030, 4, 12)),
    ],
)
def test_lunar_dates(year: int, tet: dt.date, hung_kings: dt.date) -> None:
    assert lunar_new_year(year) == tet
    assert lunar_to_solar(10, 3, year) == hung_kings


def test_tet_2026_is_the_official_nine_days() -> None:
    tet = next(g for g in year_groups(2026) if g.group == "tet_nguyen_dan")
    assert tet.status == "checked" and "congan" in tet.source
    assert all(not is_working_day(D(2026, 2, day)) for day in range(14, 23))
    assert is_working_day(D(2026, 2, 13)) and is_working_day(D(2026, 2, 23))


def test_substitute_days_and_swaps() -> None:
    assert days_off(2026)[D(2026, 4, 27)] == "Giỗ Tổ Hùng Vương"  # 26/04/2026 a Sunday
    assert not is_working_day(D(2025, 5, 2)) and is_working_day(D(2025, 4, 26))  # the 2025 swap
    assert extra_working_days(2024) == {D(2024, 5, 4)}
    # 2023: Giỗ Tổ on Saturday 29/04, 30/04 on Sunday, 01/05 Monday: off to Wednesday 03/05
    assert sorted(d for d in days_off(2023) if d.month == 5) == [D(2023, 5, 1), D(2023, 5, 2), D(2023, 5, 3)]


def test_the_rule_reproduces_every_year_without_a_swap() -> None:
    """The computed schedule equals the government's wherever it made no swap and the file lists the
    group: the rule is what a future year gets until its schedule is added."""
    for year in range(2020, 2027):
        computed = computed_days_off(year)
        for group in year_groups(year):
            if group.status != "computed" and not group.work:
                assert list(group.off) == computed[group.group], (year, group.group)


def test_future_years_are_computed_and_said_so() -> None:
    groups = year_groups(2028)
    assert {g.status for g in groups} == {"computed"}
    tet = next(g for g in groups if g.group == "tet_nguyen_dan")
    assert len(tet.off) == 5 and all(d.weekday() < 5 for d in tet.off)
    assert D(2028, 1, 26) in tet.off  # mùng 1 Tết Mậu Thân
    national = next(g for g in year_groups(2026) if g.group == "quoc_khanh")
    assert national.status == "computed" and national.off == (D(2026, 9, 1), D(2026, 9, 2))


def test_working_days_before() -> None:
    assert working_days_before(D(2026, 2, 23), 1) == D(2026, 2, 13)  # over the 9 days of Tết
    assert working_days_before(D(2026, 3, 2), 5) == D(2026, 2, 23)
    # 90 working days before 31/12/2026: 18 weeks back from a Thursday, less the holidays between
    assert working_days_before(D(2026, 12, 31), 90) == D(2026, 8, 25)
    with pytest.raises(ValueError):
        working_days_before(D(2026, 1, 1), 0)


@given(st.dates(min_value=D(2020, 3, 1), max_value=D(2031, 12, 31)), st.integers(1, 300))
def test_working_days_before_counts_exactly_n(day: dt.date, n: int) -> None:
    start = working_days_before(day, n)
    assert is_working_day(start)
    span = (day - start).days
    assert sum(is_working_day(start + dt.timedelta(days=i)) for i in range(span)) == n


def test_the_data_file_is_consistent() -> None:
    for year, groups in holidays._data().items():
        for group in groups.values():
            assert all(d.year == year and d.weekday() < 5 for d in group.off), (year, group.group)
            assert all(d.weekday() >= 5 for d in group.work), (year, group.group)
