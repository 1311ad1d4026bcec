"""The status of a task occurrence on a date. Plain Python: no database, no Django models."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from plans.choices import Progress, Status


@dataclass(frozen=True)
class ReportFact:
    submitted_on: dt.date
    progress: str
    completed_on: dt.date | None = None
    returned_on: dt.date | None = None  # the day Sở Nội vụ returned it, if it did
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
    has not begun is "Chưa đến hạn"."""
    if as_of < starts_on:
        return Status.NOT_YET
    due = due_on(original_due, extensions, as_of)
    report = counted_report(reports, as_of)
    if report and report.progress == Progress.DONE and report.completed_on and report.completed_on <= as_of:
        if due is None or report.completed_on <= due:
            return Status.DONE_ON_TIME
        return Status.DONE_LATE
    if due is None:
        return Status.NO_DEADLINE
    return Status.OVERDUE if as_of > due else Status.ON_TIME
