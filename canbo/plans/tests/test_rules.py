"""Task status (RULES.md §7): the examples of the rule, and its boundaries."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from canbo.plans.choices import Progress, Status
from canbo.plans.rules import ExtensionFact, ReportFact, due_on, occurrence_status

D = dt.date
START = D(2022, 1, 1)
DUE = D(2022, 7, 31)


def status(
    as_of: dt.date, reports=(), extensions=(), due: dt.date | None = DUE, starts: dt.date = START
) -> Status:
    return occurrence_status(
        starts_on=starts, original_due=due, reports=reports, extensions=extensions, as_of=as_of
    )


def done(
    on: dt.date,
    sent: dt.date | None = None,
    returned: dt.date | None = None,
    accepted: dt.date | None = None,
    pending: bool = False,
) -> ReportFact:
    """A report of work done on `on`, sent that day (or `sent`), accepted the day it was sent (or
    `accepted`; never, if pending or returned)."""
    sent = sent or on
    accepted = None if pending or returned else (accepted or sent)
    return ReportFact(
        submitted_on=sent, progress=Progress.DONE, completed_on=on, returned_on=returned, accepted_on=accepted
    )


def test_done_on_the_deadline_day_is_on_time() -> None:
    assert status(D(2022, 12, 31), [done(DUE)]) == Status.DONE_ON_TIME


def test_done_the_day_after_is_late() -> None:
    assert status(D(2022, 12, 31), [done(D(2022, 8, 1))]) == Status.DONE_LATE


def test_not_done_before_and_after_the_deadline() -> None:
    assert status(DUE) == Status.ON_TIME
    assert status(D(2022, 8, 1)) == Status.OVERDUE
    in_progress = ReportFact(submitted_on=D(2022, 6, 1), progress=Progress.IN_PROGRESS)
    assert status(D(2022, 8, 1), [in_progress]) == Status.OVERDUE


def test_no_deadline_and_not_yet_due() -> None:
    assert status(D(2023, 1, 1), due=None) == Status.NO_DEADLINE
    assert status(D(2023, 1, 1), [done(D(2022, 5, 1))], due=None) == Status.DONE_ON_TIME
    assert status(D(2022, 12, 31), starts=D(2023, 1, 1), due=D(2023, 3, 31)) == Status.NOT_YET


def test_status_as_of_a_past_date_ignores_later_reports() -> None:
    reports = [done(D(2022, 9, 1))]
    assert status(D(2022, 8, 15), reports) == Status.OVERDUE
    assert status(D(2022, 9, 1), reports) == Status.DONE_LATE


def test_a_returned_report_stops_counting_from_the_day_it_was_returned() -> None:
    reports = [done(D(2022, 7, 1), returned=D(2022, 7, 10))]
    assert status(D(2022, 7, 5), reports) == Status.SUBMITTED  # waiting: never accepted
    assert status(D(2022, 7, 10), reports) == Status.ON_TIME
    assert status(D(2022, 8, 10), reports) == Status.OVERDUE
    resent = [*reports, done(D(2022, 8, 5), sent=D(2022, 8, 5))]
    assert status(D(2022, 8, 10), resent) == Status.DONE_LATE


def test_an_extension_moves_the_deadline_from_the_day_it_is_granted() -> None:
    extension = ExtensionFact(new_due=D(2022, 9, 30), decided_on=D(2022, 7, 20))
    assert due_on(DUE, [extension], D(2022, 7, 19)) == DUE
    assert due_on(DUE, [extension], D(2022, 7, 20)) == D(2022, 9, 30)
    assert status(D(2022, 8, 15), extensions=[extension]) == Status.ON_TIME
    assert status(D(2022, 12, 1), [done(D(2022, 9, 15))], [extension]) == Status.DONE_ON_TIME
    second = ExtensionFact(new_due=D(2022, 11, 30), decided_on=D(2022, 9, 25))
    assert due_on(DUE, [extension, second], D(2022, 10, 1)) == D(2022, 11, 30)


@given(
    due=st.dates(D(2020, 1, 1), D(2030, 12, 31)),
    completed_offset=st.integers(-100, 100),
)
def test_on_time_exactly_when_reported_done_on_or_before_the_deadline(
    due: dt.date, completed_offset: int
) -> None:
    completed = due + dt.timedelta(days=completed_offset)
    result = status(D(2032, 1, 1), [done(completed)], due=due, starts=D(2019, 1, 1))
    assert result == (Status.DONE_ON_TIME if completed_offset <= 0 else Status.DONE_LATE)


@pytest.mark.parametrize("label", [s.label for s in Status])
def test_labels_are_the_conventional_ones(label: str) -> None:
    assert label in {
        "Hoàn thành đúng hạn",
        "Hoàn thành quá hạn",
        "Đang thực hiện trong hạn",
        "Đang thực hiện quá hạn",
        "Không có thời hạn",
        "Chưa đến hạn",
        "Đã báo cáo, chờ xem xét",
    }


def test_sent_is_not_done_until_accepted_and_then_it_is_done_on_the_day_it_was_sent() -> None:
    """Issue 12.8: a report of completion waits for Sở Nội vụ; accepted after the deadline, it is
    still on time if it was sent by then; asked for a day before its acceptance, it was waiting."""
    report = done(D(2022, 7, 30), accepted=D(2022, 8, 20))
    assert status(D(2022, 7, 31), [report]) == Status.SUBMITTED
    assert status(D(2022, 8, 19), [report]) == Status.SUBMITTED  # not overdue: the agency reported
    assert status(D(2022, 8, 20), [report]) == Status.DONE_ON_TIME
    assert status(D(2022, 8, 20), [done(D(2022, 7, 30), pending=True)]) == Status.SUBMITTED


def test_a_completion_date_written_before_the_report_does_not_make_it_on_time() -> None:
    late_report = done(D(2022, 7, 25), sent=D(2022, 8, 3))
    assert status(D(2022, 9, 1), [late_report]) == Status.DONE_LATE


def test_of_two_reports_sent_the_same_day_the_later_counts() -> None:
    first = ReportFact(submitted_on=D(2022, 8, 1), progress=Progress.IN_PROGRESS, sequence=1)
    second = ReportFact(
        submitted_on=D(2022, 8, 1),
        progress=Progress.DONE,
        completed_on=D(2022, 8, 1),
        accepted_on=D(2022, 8, 2),
        sequence=2,
    )
    assert status(D(2022, 8, 2), [first, second]) == Status.DONE_LATE
    assert status(D(2022, 8, 2), [second, first]) == Status.DONE_LATE


def test_the_choices_carry_the_rules_values_under_the_same_names() -> None:
    """plans.rules speaks in plain values (no Django); plans.choices labels the same ones."""
    from canbo.plans import choices, rules

    for pure, labelled in [(rules.Progress, choices.Progress), (rules.Status, choices.Status)]:
        assert [(m.name, m.value) for m in pure] == [(m.name, m.value) for m in labelled]
