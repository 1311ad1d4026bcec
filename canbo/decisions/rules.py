"""Rules of law for personnel decisions, as pure functions (no Django): each cites its source.

The thresholds are arguments: the callers pass the rule settings in force on the date
(decisions.rulesets.rule_value). Remaining service and the re-appointment outcome are people.retirement's
(`months_of_service_left`, `meets_term_age`, `reappointment_outcome`), not written again here.
"""

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Literal

from canbo.decisions.holidays import working_days_before

__all__ = [
    "VoteOutcome",
    "add_months",
    "discipline_wait_end",
    "evaluation_years",
    "extension_notice_due",
    "extension_vote",
    "months_between",
    "months_in_periods",
    "reappointment_notice_due",
    "term_end",
    "unknown_discipline_wait_end",
]

VoteOutcome = Literal["approved", "head_decides", "rejected"]


# Civil Code 2015 art. 148: a period in months ends on the same day of its last month, or on that
# month's last day when it has no such day.
def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the last day of the month when that month is shorter)."""
    index = 12 * day.year + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from `start` to `end` (a month counts once its day is reached); 0 if end ≤ start."""
    months = 12 * (end.year - start.year) + end.month - start.month - (1 if end.day < start.day else 0)
    return max(months, 0)


# Decree 138/2020 art. 41(1), Decree 170/2025 art. 28: a term is 5 years from the decision's effect.
def term_end(start: dt.date, term_months: int) -> dt.date:
    """The day a term that began on `start` ends (a setting: appoint.term_months)."""
    return add_months(start, term_months)


# Regulation 377-QĐ/TW: notice of re-appointment "chậm nhất 90 ngày làm việc trước ngày hết thời hạn".
def reappointment_notice_due(end: dt.date, working_days: int) -> dt.date:
    return working_days_before(end, working_days)


# Decree 138/2020 art. 53, Decision 727/QĐ-BNV: extension notice at least 90 (calendar) days before.
def extension_notice_due(end: dt.date, days: int) -> dt.date:
    return end - dt.timedelta(days=days)


# Decree 138/2020 art. 53, Decision 727/QĐ-BNV (RULES-2 §2.4): > 50 % approves; exactly 50 % → the head.
def extension_vote(collective: int, in_favour: int) -> VoteOutcome:
    """The secret vote of the leadership collective on extending a post until retirement."""
    if collective < 1 or not 0 <= in_favour <= collective:
        raise ValueError(f"Số phiếu đồng ý ({in_favour}) phải từ 0 đến số thành viên tập thể ({collective}).")
    if 2 * in_favour > collective:
        return "approved"
    if 2 * in_favour == collective:
        return "head_decides"
    return "rejected"


# Regulation 377-QĐ/TW (RULES-2 §2.3): a disciplined cadre may be appointed to a higher post only after
# 24 (khiển trách), 36 (cảnh cáo), 60 (cách chức) months.
def discipline_wait_end(form: str, decided_on: dt.date, waits: Mapping[str, int]) -> dt.date | None:
    """The first day the discipline no longer bars a higher appointment; None if the rule names no
    wait for this form (the caller decides what that means)."""
    months = waits.get(form)
    return None if months is None else add_months(decided_on, months)


def unknown_discipline_wait_end(decided_on: dt.date, waits: Mapping[str, int]) -> dt.date:
    """For a form the rule does not name (hạ bậc lương, giáng chức): the longest wait it names, as the
    span within which the competent level must decide (not a text: a safeguard, said so)."""
    return add_months(decided_on, max(waits.values(), default=0))


# Reg. 377-QĐ/TW, Decree 138/2020 art. 49: re-appointment needs "hoàn thành nhiệm vụ" every year of the term.
def evaluation_years(start: dt.date, end: dt.date, on: dt.date) -> list[int]:
    """The years of a term [start, end) whose annual evaluation is due by `on`: from the year it began
    to the last year that ended before both `on` and the term's end."""
    return list(range(start.year, min(end, on).year))


# Regulation 80-QĐ/TW art. 18 (kept by Reg. 377, unchecked); Decree 85/2023 (cumulative for equivalent posts).
def months_in_periods(periods: Iterable[tuple[dt.date, dt.date | None]], on: dt.date) -> int:
    """Whole months held in the given periods [from, to) up to `on`, overlaps counted once."""
    clipped = sorted((start, min(end or on, on)) for start, end in periods if start < on)
    total_days = 0
    current_start: dt.date | None = None
    current_end: dt.date | None = None
    for start, end in clipped:
        if end <= start:
            continue
        if current_end is None or start > current_end:
            if current_start is not None and current_end is not None:
                total_days += (current_end - current_start).days
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    if current_start is not None and current_end is not None:
        total_days += (current_end - current_start).days
    if not clipped:
        return 0
    # Whole months of a single span that long, counted from the first start: a day-exact merge
    # then the calendar's count.
    first = clipped[0][0]
    return months_between(first, first + dt.timedelta(days=total_days))
