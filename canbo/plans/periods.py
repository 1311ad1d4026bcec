"""How a task's schedules turn into periods: one occurrence of the task per agency and period.

A schedule (plans.deadlines.Schedule, read from the plan's words) due once gives one period, "Một
lần"; a yearly one gives one period a year ("Năm 2024") within the plan's years and its own; a
regular task without a deadline but with a yearly report gives a year-long period without a due
date; anything else is one period for the whole plan, "Cả kỳ kế hoạch", without a due date. A task
whose work the appendix rows carry (`detailed_in`) has no period of its own, so it is never counted
twice. Each period also says on which date its agencies are taken (`assign_on`): the date whose
organisation receives a task given to "các cơ quan, đơn vị, địa phương". It is the period's start: a
year's share goes to the agencies in force on 1 January of that year (or on the day the plan is
followed from, if later), a one-off or whole-plan share to those of the plan's start; their
successors then hold it (org lineage). So the 2025 shares belong to the agencies that worked on
1/1/2025 and move to the merged ones on 1/3 and 1/7/2025, rather than going to agencies that did not
exist yet for half the year (issue 12.2).

Pure Python (no Django import): the services store the schedules as JSON on the task
(schedule_to_json) and ask for the periods here (task_periods).
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from canbo.plans.deadlines import Schedule

__all__ = ["ONCE", "WHOLE_PERIOD", "Period", "schedule_from_json", "schedule_to_json", "task_periods"]

WHOLE_PERIOD = "Cả kỳ kế hoạch"
ONCE = "Một lần"


@dataclass(frozen=True)
class Period:
    label: str
    year: int | None
    starts_on: dt.date
    due: dt.date | None

    @property
    def assign_on(self) -> dt.date:
        """The date whose agencies receive an all-agencies share: the period's start."""
        return self.starts_on


def schedule_to_json(schedule: Schedule) -> dict[str, Any]:
    """A schedule as the task stores it (Task.schedules): its fields, the due date in ISO form."""
    data = asdict(schedule)
    data["due"] = schedule.due.isoformat() if schedule.due else None
    return data


def schedule_from_json(data: Mapping[str, Any]) -> Schedule:
    due = dt.date.fromisoformat(data["due"]) if data.get("due") else None
    return Schedule(**{**data, "due": due})


def task_periods(
    schedules: Iterable[Mapping[str, Any]],
    *,
    detailed_in: str = "",
    first_year: int,
    last_year: int,
    starts_on: dt.date,
) -> list[tuple[int, Period]]:
    """The periods of a task of a plan running from first_year to last_year and followed from
    starts_on, per schedule: (the schedule's index, the period). No schedule at all is one without a
    deadline (the whole plan)."""
    if detailed_in:
        return []  # its work is followed through the appendix rows
    result: list[tuple[int, Period]] = []
    raw = list(schedules) or [schedule_to_json(Schedule(kind="none"))]
    for index, data in enumerate(raw):
        schedule = schedule_from_json(data)
        first = max(schedule.from_year or first_year, first_year)
        last = min(schedule.to_year or last_year, last_year)
        if schedule.kind == "once" and schedule.due:
            result.append((index, Period(ONCE, schedule.due.year, starts_on, schedule.due)))
        elif schedule.kind == "yearly":
            for year in range(first, last + 1):
                due = schedule.due_in(year)
                begin = max(dt.date(year, 1, 1), starts_on)
                result.append((index, Period(f"Năm {year}", year, begin, due)))
        elif schedule.yearly_report:
            for year in range(first, last + 1):
                begin = max(dt.date(year, 1, 1), starts_on)
                result.append((index, Period(f"Năm {year}", year, begin, None)))
        else:
            result.append((index, Period(WHOLE_PERIOD, None, starts_on, None)))
    return result
