"""An agency's report on its occurrence, and Sở Nội vụ's review of it."""

import contextlib
import datetime as dt
import os
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction

from canbo.audit.services import actor_identity, audit_record, model_update, snapshot
from canbo.core.actors import Actor
from canbo.core.dates import format_date
from canbo.core.errors import Conflict, InputRejected, NotAllowed, RowError
from canbo.core.files import check_document, stored_name
from canbo.plans.choices import NotificationKind, Progress, Review
from canbo.plans.models import Occurrence, Report
from canbo.plans.services.common import clean, labels, require_change, require_home_affairs
from canbo.plans.services.notifications import notify
from canbo.plans.services.obstacles import obstacle_raise

REPORT_COLUMNS = labels(Report, document_file="Tệp văn bản", review_comment="Ý kiến")


@dataclass
class ReportInput:
    progress: str
    percent: int = 0
    narrative: str = ""
    completed_on: dt.date | None = None
    document_number: str = ""
    document_date: dt.date | None = None
    document_issuer: str = ""
    obstacles: str = ""
    proposals: str = ""
    file_name: str = ""
    file_content: bytes | None = None
    keep_file_of: int | None = None  # resubmitting: the returned report whose document is kept (13.6)


def _refusals(data: ReportInput, on: dt.date) -> tuple[list[RowError], str]:
    """What is wrong with the report, each under its column; and the type its document was found to be."""
    errors = []
    if data.progress not in Progress.values:
        errors.append(RowError("Tình trạng không hợp lệ.", column=REPORT_COLUMNS["progress"]))
    if not 0 <= data.percent <= 100:
        errors.append(RowError("Tỷ lệ hoàn thành phải từ 0 đến 100.", column=REPORT_COLUMNS["percent"]))
    if data.progress == Progress.DONE:
        if data.completed_on is None:
            errors.append(
                RowError(
                    "Báo cáo hoàn thành phải ghi ngày hoàn thành.", column=REPORT_COLUMNS["completed_on"]
                )
            )
        elif data.completed_on > on:
            errors.append(
                RowError("Ngày hoàn thành không thể sau ngày báo cáo.", column=REPORT_COLUMNS["completed_on"])
            )
    kind = ""
    if data.file_content is not None:
        try:
            kind = check_document(data.file_content, name=data.file_name)
        except InputRejected as exc:  # the document's problems join the others
            errors.extend(exc.errors)
    return errors, kind


@transaction.atomic
def report_submit(*, actor: Actor, occurrence: Occurrence, data: ReportInput, on: dt.date) -> Report:
    """An agency reports on its occurrence (OutOfScope when it is not theirs; InputRejected names every
    problem). Obstacles raised are tracked until answered."""
    require_change(actor, occurrence)
    errors, kind = _refusals(data, on)
    if on < occurrence.starts_on:  # issue 12.7: nothing to report on a period that has not begun
        errors.insert(
            0,
            RowError(
                f"Kỳ “{occurrence.period}” bắt đầu từ ngày {format_date(occurrence.starts_on)}: "
                "chưa thể báo cáo trước ngày đó."
            ),
        )
    if errors:
        raise InputRejected(errors)
    superseded = list(Report.objects.filter(occurrence=occurrence, review=Review.SUBMITTED))
    report = Report(
        occurrence=occurrence,
        submitted_by=actor_identity(actor)[0],
        submitted_on=on,
        progress=data.progress,
        percent=100 if data.progress == Progress.DONE else data.percent,
        narrative=data.narrative,
        completed_on=data.completed_on if data.progress == Progress.DONE else None,
        document_number=data.document_number,
        document_date=data.document_date,
        document_issuer=data.document_issuer,
        obstacles=data.obstacles,
        proposals=data.proposals,
    )
    clean(report, columns=REPORT_COLUMNS)  # before the file is written: a refused report keeps none
    kept = (
        Report.objects.filter(occurrence=occurrence, pk=data.keep_file_of).exclude(document_file="").first()
        if data.file_content is None and data.keep_file_of
        else None
    )
    if kept is not None:  # the same stored document, named by the new report too (never deleted)
        report.document_file.name = kept.document_file.name
    elif data.file_content is not None:
        # Named by the type its content was found to be; readable by the service only.
        report.document_file.save(
            stored_name(data.file_name, kind), ContentFile(data.file_content), save=False
        )
        with contextlib.suppress(NotImplementedError):
            os.chmod(report.document_file.path, 0o600)
    report.save()
    audit_record(actor=actor, action="plans.report.submit", obj=report, after=_report_state(report))
    for older in superseded:  # a newer report of the same occurrence replaces one still waiting
        model_update(
            actor=actor, obj=older, changes={"review": Review.SUPERSEDED}, action="plans.report.supersede"
        )
    if data.obstacles.strip():
        obstacle_raise(actor=actor, report=report, text=data.obstacles, proposal=data.proposals, on=on)
    return report


def _report_state(report: Report) -> dict[str, Any]:
    return snapshot(
        report,
        [
            "progress",
            "percent",
            "completed_on",
            "document_number",
            "document_date",
            "review",
            "review_comment",
        ],
    )


@transaction.atomic
def report_review(*, actor: Actor, report: Report, accept: bool, comment: str, on: dt.date) -> Report:
    """Sở Nội vụ accepts a report, or returns it with a comment (a returned report stops counting).

    Refused: NotAllowed for anyone but Sở Nội vụ, or for the one who sent the report; OutOfScope
    outside the officer's scope; InputRejected for a return without a comment; Conflict when someone
    decided first: the row is locked and read again, so that of two reviewers deciding at the same
    moment the second is told who decided, and nothing of theirs is written."""
    require_home_affairs(actor, report)
    report = Report.objects.select_for_update(of=("self",)).select_related("reviewed_by").get(pk=report.pk)
    if report.review == Review.SUPERSEDED:
        raise Conflict("Báo cáo này đã được thay bằng một báo cáo gửi sau; hãy xem xét báo cáo mới nhất.")
    if report.review != Review.SUBMITTED:
        raise Conflict(
            f"Báo cáo này đã được {report.reviewed_by or 'người khác'} "
            f"{'chấp nhận' if report.review == Review.ACCEPTED else 'trả lại'}"
            f"{' ngày ' + format_date(report.reviewed_on) if report.reviewed_on else ''}; "
            "ý kiến của bạn chưa được ghi."
        )
    if report.submitted_by_id == getattr(actor, "pk", None):
        raise NotAllowed("Không thể tự xem xét báo cáo do chính mình gửi.")
    if not accept and not comment.strip():
        raise InputRejected.single(
            "Trả lại báo cáo phải ghi ý kiến để cơ quan hoàn thiện.", column=REPORT_COLUMNS["review_comment"]
        )
    before = _report_state(report)
    report.review = Review.ACCEPTED if accept else Review.RETURNED
    report.review_comment = comment
    report.reviewed_by = actor_identity(actor)[0]
    report.reviewed_on = on
    clean(report, columns=REPORT_COLUMNS)
    report.save()
    audit_record(
        actor=actor,
        action="plans.report.accept" if accept else "plans.report.return",
        obj=report,
        before=before,
        after=_report_state(report),
    )
    occurrence = report.occurrence
    what = (
        f"Báo cáo ngày {format_date(report.submitted_on)} về nhiệm vụ {occurrence.task.code} "
        f"({occurrence.period})"
    )
    notify(  # issue 13.5: who sent it and the agency's focal officers are told
        actor=actor,
        occurrence=occurrence,
        kind=NotificationKind.ACCEPTED if accept else NotificationKind.RETURNED,
        text=(
            f"{what} đã được Sở Nội vụ chấp nhận."
            if accept
            else f"{what} bị Sở Nội vụ trả lại để hoàn thiện: {comment.strip()}"
        )
        + (f" Ý kiến: {comment.strip()}" if accept and comment.strip() else ""),
        on=on,
        also=[report.submitted_by],
    )
    return report


@transaction.atomic
def reports_accept(*, actor: Actor, reports: list[Report], comment: str, on: dt.date) -> list[Report]:
    """Accept several reports with one comment (issue 13.7): all or nothing, each as report_review
    accepts one (its refusals, its audit entry, its notification); the first refusal rolls back the
    others and names the report."""
    if not reports:
        raise InputRejected.single("Chưa chọn báo cáo nào.")
    done = []
    for report in sorted(reports, key=lambda r: r.pk):
        try:
            done.append(report_review(actor=actor, report=report, accept=True, comment=comment, on=on))
        except (Conflict, NotAllowed) as exc:
            raise type(exc)(f"{report.occurrence}: {exc.message}") from None
    return done
