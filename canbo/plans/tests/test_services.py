"""Reporting, review, extensions, obstacles, reminders: scoped, validated, audited."""

import datetime as dt

import pytest
from django.core import mail

from canbo.accounts.system import SYSTEM
from canbo.audit.models import AuditEntry
from canbo.core.errors import Conflict, InputRejected, NotAllowed, OutOfScope
from canbo.plans.choices import Progress, Review, Status
from canbo.plans.models import Obstacle, Occurrence, Reminder, Report
from canbo.plans.selectors import evaluation_results, occurrence_rows
from canbo.plans.services import (
    ReportInput,
    extension_decide,
    extension_request,
    obstacle_answer,
    reminders_send,
    report_review,
    report_submit,
)

pytestmark = pytest.mark.django_db
D = dt.date


def _pl(code: str, period: str = "Một lần") -> Occurrence:
    return Occurrence.objects.get(task__code=code, period=period)


def _status(occurrence: Occurrence, as_of: dt.date) -> Status:
    return occurrence_rows(user=SYSTEM, as_of=as_of, queryset=Occurrence.objects.filter(pk=occurrence.pk))[
        0
    ].status


def test_a_focal_officer_reports_on_their_agencys_task(builtin_plan, make_user) -> None:
    focal = make_user("dau_moi", "KH.STC", email="stc@canbo.local")
    occurrence = _pl("PL.3")  # given to Ninh Thuận's Sở Tài chính, held by Khánh Hòa's
    data = ReportInput(
        progress=Progress.DONE,
        completed_on=D(2024, 12, 20),
        document_number="25/2024/NQ-HĐND",
        document_date=D(2024, 12, 20),
        obstacles="Thiếu kinh phí đối ứng.",
        proposals="Bổ sung dự toán.",
        file_name="nq.pdf",
        file_content=b"%PDF-1.4 minimal",
    )
    report = report_submit(actor=focal, occurrence=occurrence, data=data, on=D(2024, 12, 21))
    assert report.percent == 100 and report.review == Review.SUBMITTED
    assert report.document_file.name.endswith(".pdf")
    # Sent is not done: it waits for Sở Nội vụ, then counts as done on the day it was reported.
    assert _status(occurrence, D(2025, 1, 1)) == Status.SUBMITTED
    report_review(actor=make_user("noi_vu", "KH"), report=report, accept=True, comment="", on=D(2025, 1, 5))
    assert _status(occurrence, D(2025, 1, 4)) == Status.SUBMITTED
    assert _status(occurrence, D(2025, 1, 5)) == Status.DONE_ON_TIME
    obstacle = Obstacle.objects.get()
    assert (obstacle.text, obstacle.proposal, obstacle.answered_on) == (
        "Thiếu kinh phí đối ứng.",
        "Bổ sung dự toán.",
        None,
    )
    assert AuditEntry.objects.filter(action="plans.report.submit", actor=focal).count() == 1


def test_a_focal_officer_cannot_report_on_another_agencys_task(builtin_plan, make_user) -> None:
    focal = make_user("dau_moi", "KH.SYT")
    with pytest.raises(OutOfScope, match="không thuộc cơ quan của bạn"):
        report_submit(
            actor=focal,
            occurrence=_pl("PL.3"),
            data=ReportInput(progress=Progress.IN_PROGRESS),
            on=D(2024, 1, 1),
        )
    assert not Report.objects.exists()


def test_a_leader_cannot_report(builtin_plan, make_user) -> None:
    leader = make_user("lanh_dao", "KH")
    with pytest.raises(OutOfScope):
        report_submit(
            actor=leader,
            occurrence=_pl("PL.3"),
            data=ReportInput(progress=Progress.IN_PROGRESS),
            on=D(2024, 1, 1),
        )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (ReportInput(progress=Progress.DONE), "phải ghi ngày hoàn thành"),
        (ReportInput(progress=Progress.DONE, completed_on=D(2025, 1, 5)), "không thể sau ngày báo cáo"),
        (ReportInput(progress=Progress.IN_PROGRESS, percent=120), "từ 0 đến 100"),
        (
            ReportInput(progress=Progress.IN_PROGRESS, file_name="a.exe", file_content=b"MZ\x90\x00"),
            "không phải văn bản",
        ),
        (ReportInput(progress=Progress.IN_PROGRESS, file_name="a.pdf", file_content=b""), "rỗng"),
    ],
)
def test_bad_reports_are_refused_and_nothing_is_written(builtin_plan, make_user, data, message) -> None:
    focal = make_user("dau_moi", "KH.STC")
    with pytest.raises(InputRejected) as info:
        report_submit(actor=focal, occurrence=_pl("PL.3"), data=data, on=D(2025, 1, 1))
    assert message in str(info.value)
    assert (
        not Report.objects.exists()
        and not AuditEntry.objects.filter(action__startswith="plans.report").exists()
    )


def test_home_affairs_accepts_or_returns_and_a_returned_report_stops_counting(
    builtin_plan, make_user
) -> None:
    focal = make_user("dau_moi", "KH.STC")
    officer = make_user("noi_vu", "KH")
    occurrence = _pl("PL.3")
    done = ReportInput(progress=Progress.DONE, completed_on=D(2024, 12, 1))
    report = report_submit(actor=focal, occurrence=occurrence, data=done, on=D(2024, 12, 2))
    with pytest.raises(NotAllowed, match="Chỉ Sở Nội vụ"):
        report_review(actor=focal, report=report, accept=True, comment="", on=D(2024, 12, 3))
    with pytest.raises(InputRejected, match="phải ghi ý kiến"):
        report_review(actor=officer, report=report, accept=False, comment=" ", on=D(2024, 12, 3))
    report_review(actor=officer, report=report, accept=False, comment="Thiếu văn bản.", on=D(2024, 12, 5))
    assert _status(occurrence, D(2024, 12, 4)) == Status.SUBMITTED
    assert _status(occurrence, D(2024, 12, 5)) == Status.ON_TIME
    assert _status(occurrence, D(2025, 1, 1)) == Status.OVERDUE
    with pytest.raises(Conflict, match=r"đã được .* trả lại ngày 05/12/2024"):
        report_review(actor=officer, report=report, accept=True, comment="", on=D(2024, 12, 6))
    again = report_submit(actor=focal, occurrence=occurrence, data=done, on=D(2024, 12, 10))
    report_review(actor=officer, report=again, accept=True, comment="", on=D(2024, 12, 11))
    assert _status(occurrence, D(2025, 1, 1)) == Status.DONE_ON_TIME
    assert AuditEntry.objects.filter(action="plans.report.return", actor=officer).count() == 1


def test_an_extension_moves_the_deadline_and_keeps_the_original(builtin_plan, make_user) -> None:
    focal = make_user("dau_moi", "KH.STC")
    officer = make_user("noi_vu", "KH")
    occurrence = _pl("PL.3")
    with pytest.raises(InputRejected, match="phải sau ngày đề nghị"):
        extension_request(
            actor=focal, occurrence=occurrence, requested_due=D(2024, 1, 1), reason="x", on=D(2024, 6, 1)
        )
    extension = extension_request(
        actor=focal,
        occurrence=occurrence,
        requested_due=D(2025, 6, 30),
        reason="Chờ hướng dẫn.",
        on=D(2024, 11, 1),
    )
    with pytest.raises(NotAllowed):
        extension_decide(actor=focal, extension=extension, grant=True, comment="", on=D(2024, 11, 5))
    extension_decide(actor=officer, extension=extension, grant=True, comment="Đồng ý.", on=D(2024, 11, 5))
    row = occurrence_rows(
        user=SYSTEM, as_of=D(2025, 1, 15), queryset=Occurrence.objects.filter(pk=occurrence.pk)
    )[0]
    assert (row.due, row.occurrence.original_due, row.extensions, row.status) == (
        D(2025, 6, 30),
        D(2024, 12, 31),
        1,
        Status.ON_TIME,
    )
    with pytest.raises(Conflict, match=r"đã được .* đồng ý ngày 05/11/2024"):
        extension_decide(actor=officer, extension=extension, grant=False, comment="", on=D(2024, 11, 6))


def test_an_obstacle_stays_open_until_answered(builtin_plan, make_user) -> None:
    focal = make_user("dau_moi", "KH.STC")
    officer = make_user("noi_vu", "KH")
    report_submit(
        actor=focal,
        occurrence=_pl("PL.3"),
        data=ReportInput(progress=Progress.IN_PROGRESS, obstacles="Vướng."),
        on=D(2024, 5, 1),
    )
    obstacle = Obstacle.objects.get()
    with pytest.raises(NotAllowed):
        obstacle_answer(actor=focal, obstacle=obstacle, answer="x", on=D(2024, 5, 2))
    obstacle_answer(actor=officer, obstacle=obstacle, answer="Đã báo cáo UBND tỉnh.", on=D(2024, 5, 3))
    obstacle.refresh_from_db()
    assert (obstacle.answer, obstacle.answered_on, obstacle.answered_by) == (
        "Đã báo cáo UBND tỉnh.",
        D(2024, 5, 3),
        officer,
    )


def test_reminders_are_sent_to_focal_officers_once_a_day(
    builtin_plan, make_user, django_capture_on_commit_callbacks
) -> None:
    make_user("dau_moi", "KH.STC", email="stc@canbo.local")
    make_user("dau_moi", "KH.SNV", email="snv@canbo.local")
    as_of = D(2026, 11, 30)  # the yearly report is due on 04/12/2026
    with django_capture_on_commit_callbacks(execute=True):  # the mail goes after the record commits
        result = reminders_send(as_of=as_of)
    subjects = sorted(m.subject for m in mail.outbox)
    assert any("Sở Tài chính" in s for s in subjects) and any("Sở Nội vụ" in s for s in subjects)
    stc = next(m for m in mail.outbox if "Sở Tài chính" in m.subject)
    assert stc.to == ["stc@canbo.local"]
    assert "IV.1.b" in stc.body and "QUÁ HẠN" in stc.body  # PL.3 is overdue since 31/12/2024
    sent = len(result.sent)
    assert Reminder.objects.count() == sent > 0
    assert "Sở Y tế" in result.agencies_without_recipient
    # Again on the same day: nothing new.
    with django_capture_on_commit_callbacks(execute=True):
        again = reminders_send(as_of=as_of)
    assert again.sent == [] and Reminder.objects.count() == sent and len(mail.outbox) == 2
    # The next day, the overdue ones are reminded again.
    with django_capture_on_commit_callbacks(execute=True):
        next_day = reminders_send(as_of=as_of + dt.timedelta(days=1))
    assert next_day.sent


def test_results_for_the_annual_evaluation(builtin_plan, make_user) -> None:
    focal = make_user("dau_moi", "KH.STC")
    officer = make_user("noi_vu", "KH")
    for occurrence in Occurrence.objects.filter(task__code="IV.1.b", period="Năm 2022", unit__code="NT.STC"):
        report = report_submit(
            actor=focal,
            occurrence=occurrence,
            data=ReportInput(progress=Progress.DONE, completed_on=D(2022, 12, 1)),
            on=D(2022, 12, 1),
        )
        report_review(actor=officer, report=report, accept=True, comment="", on=D(2022, 12, 10))
    results = {r.unit.code: r for r in evaluation_results(user=SYSTEM, year=2022)}
    stc = results["NT.STC"]
    # Due in 2022 for Sở Tài chính: its implementation plan (IV.1.a), III.1.a and its yearly report.
    assert (stc.due, stc.on_time, stc.late, stc.overdue, stc.yearly_report_on_time) == (3, 1, 0, 2, True)
    assert stc.score == round(100 * (0.8 * 1 / 3 + 0.2), 1)
    skhdt = results["NT.SKHDT"]
    assert skhdt.yearly_report_on_time is False and skhdt.score == 0.0
