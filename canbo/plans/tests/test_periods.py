"""How a task's schedules turn into periods (plans.periods: pure, no database)."""

import datetime as dt

from canbo.plans.deadlines import parse_deadline
from canbo.plans.periods import ONCE, WHOLE_PERIOD, Period, schedule_from_json, schedule_to_json, task_periods

D = dt.date
START = D(2022, 1, 15)  # the day the plan is followed from


def periods(deadline: str, *, detailed_in: str = "") -> list[tuple[int, Period]]:
    schedules = [schedule_to_json(s) for s in parse_deadline(deadline).schedules]
    return task_periods(schedules, detailed_in=detailed_in, first_year=2022, last_year=2025, starts_on=START)


def test_a_deadline_once_is_one_period() -> None:
    assert periods("Quý III/2022") == [(0, Period(ONCE, 2022, START, D(2022, 9, 30)))]


def test_a_yearly_deadline_is_a_period_a_year_within_the_plan_and_its_own_years() -> None:
    found = periods("Quý I hàng năm (thực hiện từ năm 2023)")
    assert [(p.label, p.starts_on, p.due, p.assign_on) for _, p in found] == [
        ("Năm 2023", D(2023, 1, 1), D(2023, 3, 31), D(2023, 1, 1)),
        ("Năm 2024", D(2024, 1, 1), D(2024, 3, 31), D(2024, 1, 1)),
        ("Năm 2025", D(2025, 1, 1), D(2025, 3, 31), D(2025, 1, 1)),
    ]


def test_a_regular_task_is_reported_on_every_year_without_a_deadline() -> None:
    found = periods("Thực hiện thường xuyên - từ năm 2022 đến năm 2025")
    assert [(p.label, p.starts_on, p.due, p.assign_on) for _, p in found] == [
        ("Năm 2022", START, None, START),
        ("Năm 2023", D(2023, 1, 1), None, D(2023, 1, 1)),
        ("Năm 2024", D(2024, 1, 1), None, D(2024, 1, 1)),
        ("Năm 2025", D(2025, 1, 1), None, D(2025, 1, 1)),
    ]


def test_no_deadline_is_one_period_for_the_whole_plan() -> None:
    assert periods("") == [(0, Period(WHOLE_PERIOD, None, START, None))]


def test_two_schedules_keep_their_index() -> None:
    found = periods("- Quý I/2022. - Quý I hàng năm (thực hiện từ năm 2025)")
    assert [(i, p.label, p.due) for i, p in found] == [
        (0, ONCE, D(2022, 3, 31)),
        (1, "Năm 2025", D(2025, 3, 31)),
    ]


def test_a_task_detailed_in_the_appendix_has_no_period_of_its_own() -> None:
    assert periods("Quý III/2022", detailed_in="PL.1-PL.8") == []


def test_a_schedule_comes_back_from_its_json() -> None:
    for schedule in parse_deadline("- Quý I/2022. - Quý I hàng năm (thực hiện từ năm 2025)").schedules:
        assert schedule_from_json(schedule_to_json(schedule)) == schedule
