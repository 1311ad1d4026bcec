"""The status of a task occurrence on a date. Plain Python: no database, no Django import.

The values it speaks in (a report's progress, an occurrence's status) are plain string enums here;
plans.choices gives them their Vietnamese labels for the models and the pages, with the same values
and the same member names (plans/tests/test_rules.py holds the two together)."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Progress(StrEnum):
    """What a report says of the work (stored in Report.progress)."""

    NOT_STARTED = "chua"
    IN_PROGRESS = "dang"
    DONE = "xong"


class Status(StrEnum):
    """An occurrence's status on a date (RULES.md §7)."""

    DONE_ON_TIME = "hoan_thanh_dung_han"
    DONE_LATE = "hoan_thanh_qua_han"
    ON_TIME = "dang_trong_han"
    OVERDUE = "dang_qua_han"
    SUBMITTED = "cho_xem_xet"
    NO_DEADLINE = "khong_thoi_han"
    NOT_YET = "chua_den_han"


@dataclass(frozen=True)
class ReportFact:
    submitted_on: dt.date
    progress: str
    completed_on: dt.date | None = None
    returned_on: dt.date | None = None  # the day Sở Nội vụ returned it, if it did
    accepted_on: dt.date | None = None  # the day Sở Nội vụ accepted it, if it did
    sequence: int = 0  # the order of sending, for reports sent on the same day


@dataclass(frozen=True)
class ExtensionFact:
    """A granted extension: from decided_on, the deadline is new_due."""

    new_due: dt.date
    decided_on: dt.date


def due_on(
    original_due: dt.date | None, extensions: Iterable[ExtensionFact], as_of: dt.date
) -> dt.date | None:
    """The deadline in force on as_of: the last extension granted by then, else the original.
    An extension moves the deadline; the original stays on record (RULES.md §7)."""
    granted = [e for e in extensions if e.decided_on <= as_of]
    if not granted:
        return original_due
    return max(granted, key=lambda e: (e.decided_on, e.new_due)).new_due


def counted_report(reports: Iterable[ReportFact], as_of: dt.date) -> ReportFact | None:
    """The latest report sent by as_of that had not been returned by then."""
    counted = [
        r for r in reports if r.submitted_on <= as_of and (r.returned_on is None or r.returned_on > as_of)
    ]
    return max(counted, key=lambda r: (r.submitted_on, r.sequence)) if counted else None


def occurrence_status(
    *,
    starts_on: dt.date,
    original_due: dt.date | None,
    reports: Iterable[ReportFact],
    extensions: Iterable[ExtensionFact] = (),
    as_of: dt.date,
) -> Status:
    """Status on as_of, in the labels of government task tracking (RULES.md §7, after Decision
    42/2014/QĐ-TTg as amended by Decision 23/2018/QĐ-TTg): a task done on its deadline day is on
    time; a task without a deadline is "Không có thời hạn" until done; an occurrence whose period
    has not begun is "Chưa đến hạn".

    "Sent" is not "done" (issue 12.8): a report of completed work is "Đã báo cáo, chờ xem xét" until
    Sở Nội vụ accepts it; accepted, the work is done on the day it was reported (its submission), so
    the time Sở Nội vụ takes to review it never makes an agency late, and a completion date written
    earlier than the report cannot make it on time."""
    if as_of < starts_on:
        return Status.NOT_YET
    due = due_on(original_due, extensions, as_of)
    report = counted_report(reports, as_of)
    if report and report.progress == Progress.DONE:
        if report.accepted_on is None or report.accepted_on > as_of:
            return Status.SUBMITTED
        if due is None or report.submitted_on <= due:
            return Status.DONE_ON_TIME
        return Status.DONE_LATE
    if due is None:
        return Status.NO_DEADLINE
    return Status.OVERDUE if as_of > due else Status.ON_TIME
