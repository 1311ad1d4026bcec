"""Notifications, the focal officer's to-do list, accepting several reports, and Sở Nội vụ's "Nhắc
việc" (issue 13.5–13.7), from hand-worked cases on the built-in plan.

PL.3 is Sở Tài chính's, one occurrence due 31/12/2024 (given to Ninh Thuận's NT.STC, held by
Khánh Hòa's KH.STC since 01/07/2025). The people: two focal officers of
Sở Tài chính (one with an e-mail address, one without), one of Sở Y tế (KH.SYT), two Sở Nội vụ
officers (who review) — the e-mail leaves after commit, and only then."""

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.db import transaction

from canbo.audit.models import AuditEntry
from canbo.core.errors import Conflict, InputRejected, NotAllowed
from canbo.plans.choices import NotificationKind, Progress, ReminderKind, Review
from canbo.plans.forms import report_initial
from canbo.plans.models import Notification, Occurrence, Reminder, Report
from canbo.plans.selectors import agency_todo, notifications_for, reports_waiting, unread_count
from canbo.plans.services import (
    ReportInput,
    notifications_mark_read,
    reminders_request,
    report_review,
    report_submit,
    reports_accept,
)

ON = dt.date(2026, 11, 30)
COMMENT = "Thiếu văn bản kèm theo."


@pytest.fixture
def people(builtin_plan: Any, make_user: Any) -> dict[str, Any]:
    return {
        "focal": make_user("dau_moi", "KH.STC", email="taichinh@example.vn"),
        "focal_no_mail": make_user("dau_moi", "KH.STC"),
        "other_focal": make_user("dau_moi", "KH.SYT", email="yte@example.vn"),
        "officer": make_user("noi_vu", "KH", email="noivu@example.vn"),
        "second_officer": make_user("noi_vu", "KH"),
    }


def pl3() -> Occurrence:
    return Occurrence.objects.get(task__code="PL.3")  # given to NT.STC in 2022; KH.STC holds it now


def done_report(actor: Any, occurrence: Occurrence, day: dt.date = ON) -> Report:
    return report_submit(
        actor=actor,
        occurrence=occurrence,
        data=ReportInput(
            progress=Progress.DONE,
            completed_on=dt.date(2024, 12, 20),
            narrative="Đã trình ban hành.",
            document_number="25/2024/NQ-HĐND",
            document_date=dt.date(2024, 12, 20),
        ),
        on=day,
    )


def test_a_returned_report_tells_the_sender_and_the_agencys_focal_officers_then_mails_after_commit(
    people: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    report = done_report(people["focal"], pl3())
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report_review(actor=people["officer"], report=report, accept=False, comment=COMMENT, on=ON)
    notes = Notification.objects.filter(kind=NotificationKind.RETURNED)
    # The sender (also a focal officer of KH.STC) and the other focal officer of KH.STC; not Sở Y tế's,
    # not the reviewer.
    assert sorted(n.recipient.username for n in notes) == sorted(
        [people["focal"].username, people["focal_no_mail"].username]
    )
    assert {n.text for n in notes} == {
        "Báo cáo ngày 30/11/2026 về nhiệm vụ PL.3 (Một lần) bị Sở Nội vụ trả lại để hoàn thiện: "
        "Thiếu văn bản kèm theo."
    }
    assert mail.outbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert [m.to for m in mail.outbox] == [["taichinh@example.vn"]]  # the one with an address
    assert "Báo cáo bị trả lại: PL.3 (Một lần)" in mail.outbox[0].subject
    assert notes.filter(emailed_at__isnull=False).count() == 1
    assert AuditEntry.objects.filter(action="plans.notification.create").count() == 2
    assert unread_count(user=people["focal"]) == 1
    assert unread_count(user=people["other_focal"]) == 0


def test_a_rolled_back_decision_tells_nobody(
    people: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    report = done_report(people["focal"], pl3())
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        report_review(actor=people["officer"], report=report, accept=False, comment=COMMENT, on=ON)
        raise RuntimeError("something after the decision failed")
    assert Notification.objects.count() == 0
    assert mail.outbox == []


def test_the_focal_officers_todo_has_the_returned_report_until_it_is_sent_again(
    people: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    focal = people["focal"]
    first = done_report(focal, pl3())
    report_review(actor=people["officer"], report=first, accept=False, comment=COMMENT, on=ON)
    todo = agency_todo(user=focal, as_of=ON)
    assert [(r.report.pk, r.row.task.code) for r in todo.returned] == [(first.pk, "PL.3")]
    assert "PL.3" in [r.task.code for r in todo.overdue]  # returned: overdue again
    assert agency_todo(user=people["other_focal"], as_of=ON).returned == []  # not Sở Y tế's
    # Resubmitting starts from the returned report: every field, dates as the form writes them.
    initial = report_initial(first)
    assert initial is not None
    assert (initial["progress"], initial["percent"], initial["completed_on"], initial["document_date"]) == (
        Progress.DONE,
        100,
        "20/12/2024",
        "20/12/2024",
    )
    assert initial["document_number"] == "25/2024/NQ-HĐND"
    done_report(focal, pl3(), day=ON)
    assert agency_todo(user=focal, as_of=ON).returned == []
    # Read: opening the occurrence marks its notifications read.
    assert notifications_mark_read(actor=focal, occurrence=pl3()) == 1
    assert unread_count(user=focal) == 0
    assert notifications_for(user=focal).count() == 1


def test_several_reports_are_accepted_with_one_comment_or_none_is(
    people: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    focal, officer = people["focal"], people["officer"]
    occurrences = list(
        Occurrence.objects.filter(
            unit__code__in=["NT.STC", "KH.STC"], starts_on__lte=ON, original_due__isnull=False
        )
        .exclude(task__code="PL.3")
        .order_by("pk")[:3]
    )
    assert len(occurrences) == 3
    reports = [done_report(focal, o) for o in occurrences]
    assert len(reports_waiting(user=officer, as_of=ON)) == 3
    # One of them decided already by the other officer: nothing of the three is written.
    report_review(actor=people["second_officer"], report=reports[1], accept=False, comment="Sai số.", on=ON)
    with pytest.raises(Conflict):
        reports_accept(actor=officer, reports=reports, comment="Đạt yêu cầu.", on=ON)
    assert [Report.objects.get(pk=r.pk).review for r in reports] == [
        Review.SUBMITTED,
        Review.RETURNED,
        Review.SUBMITTED,
    ]
    accepted = reports_accept(actor=officer, reports=[reports[0], reports[2]], comment="Đạt yêu cầu.", on=ON)
    assert [(r.review, r.review_comment, r.reviewed_by_id) for r in accepted] == [
        (Review.ACCEPTED, "Đạt yêu cầu.", officer.pk)
    ] * 2
    assert Notification.objects.filter(kind=NotificationKind.ACCEPTED, recipient=focal).count() == 2
    assert reports_waiting(user=officer, as_of=ON) == []
    with pytest.raises(InputRejected):
        reports_accept(actor=officer, reports=[], comment="", on=ON)
    with pytest.raises(NotAllowed):  # a focal officer does not review
        reports_accept(actor=focal, reports=[done_report(focal, occurrences[0])], comment="", on=ON)


def test_home_affairs_reminds_one_agency_once_a_day_and_the_mail_goes_after_commit(
    people: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    occurrence = pl3()  # overdue since 31/12/2024
    with django_capture_on_commit_callbacks(execute=True):
        result = reminders_request(actor=people["officer"], occurrences=[occurrence], on=ON)
    (reminder,) = Reminder.objects.all()
    assert (reminder.occurrence_id, reminder.sent_on, reminder.kind) == (
        occurrence.pk,
        ON,
        ReminderKind.OVERDUE,
    )
    assert reminder.sent_at is not None and result.recorded == [reminder]
    # Recorded like `canbo remind`: one message to the agency's focal officers with an address, then
    # the in-application notification to each focal officer of the agency (its own mail too).
    assert sorted(tuple(m.to) for m in mail.outbox) == [("taichinh@example.vn",), ("taichinh@example.vn",)]
    assert Notification.objects.filter(kind=NotificationKind.REMINDER).count() == 2
    assert AuditEntry.objects.filter(action="plans.reminder.request").count() == 1
    # Once a day: the second asks nothing and says why.
    again = reminders_request(actor=people["officer"], occurrences=[occurrence], on=ON)
    assert again.recorded == [] and again.skipped == ["PL.3 (Một lần) — Sở Tài chính: đã nhắc hôm nay"]
    assert Reminder.objects.count() == 1
    with pytest.raises(NotAllowed):
        reminders_request(actor=people["focal"], occurrences=[occurrence], on=ON + dt.timedelta(days=1))


def test_the_bell_counts_the_unread_and_the_list_marks_them_read(people: dict[str, Any], client: Any) -> None:
    from django.template.loader import render_to_string

    focal = people["focal"]
    report = done_report(focal, pl3())
    report_review(actor=people["officer"], report=report, accept=False, comment=COMMENT, on=ON)
    client.force_login(focal)
    response = client.get("/ke-hoach/thong-bao/")
    assert response.status_code == 200
    bell = response.context["bell"]
    assert (bell.count, bell.url) == (1, "/ke-hoach/thong-bao/")
    html = render_to_string("_bell.html", {"bell": bell, "user": focal})
    assert 'id="bell-count">1</span>' in html and 'aria-label="Thông báo: 1 chưa xem"' in html
    assert COMMENT in response.content.decode()
    client.post("/ke-hoach/thong-bao/")  # "Đánh dấu tất cả đã xem"
    assert unread_count(user=focal) == 0
    html = render_to_string(
        "_bell.html", {"bell": client.get("/ke-hoach/thong-bao/").context["bell"], "user": focal}
    )
    assert "bell-count" not in html


class _FailingBackend:
    """A mail server that takes nothing."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def send_messages(self, messages: Any) -> int:
        raise ConnectionRefusedError("the mail server is down")


def test_a_mail_that_failed_goes_out_with_the_next_remind_and_links_to_the_site(
    people: dict[str, Any], django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    from io import StringIO

    from django.core.management import call_command

    report = done_report(people["focal"], pl3())
    settings.EMAIL_BACKEND = f"{__name__}._FailingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        report_review(actor=people["officer"], report=report, accept=False, comment=COMMENT, on=ON)
    waiting = Notification.objects.filter(kind=NotificationKind.RETURNED, recipient=people["focal"])
    assert waiting.get().emailed_at is None  # the server refused it: it stays to be sent
    assert mail.outbox == []

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.CANBO_BASE_URL = "https://canbo.sonoivu.khanhhoa.gov.vn"
    out = StringIO()
    call_command("remind", "--as-of", "30/11/2026", stdout=out)
    assert "Đã gửi lại 1 thông báo" in out.getvalue()
    sent = [m for m in mail.outbox if m.to == ["taichinh@example.vn"] and "trả lại" in m.subject]
    assert len(sent) == 1
    assert f"https://canbo.sonoivu.khanhhoa.gov.vn/ke-hoach/luot/{pl3().pk}/" in sent[0].body
    assert waiting.get().emailed_at is not None
    out = StringIO()
    call_command("remind", "--as-of", "30/11/2026", stdout=out)  # once only
    assert "Đã gửi lại" not in out.getvalue()


def test_a_base_url_that_is_not_an_address_stops_the_start(settings: Any) -> None:
    from canbo.core.checks import check_settings

    settings.CANBO_BASE_URL = "canbo.sonoivu.gov.vn"
    assert [e.id for e in check_settings(None)] == ["core.E005"]
    settings.CANBO_BASE_URL = "https://canbo.sonoivu.gov.vn"
    assert check_settings(None) == []
