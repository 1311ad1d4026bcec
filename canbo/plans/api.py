"""Plan endpoints: occurrences with their status on a date, reporting, and Sở Nội vụ's review.
Scoped like the pages. Refusals are the services' (core.errors), answered by the API's handlers
(canbo/api.py): 404 outside the scope or missing, 403 a role that may not, 422 refused input, 409
decided already."""

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema, Status

from canbo.core.dates import today
from canbo.core.entry import api_date
from canbo.core.scoping import get_scoped_or_404
from canbo.plans.models import Occurrence, Report
from canbo.plans.selectors import OccurrenceRow, occurrence_row, occurrence_rows, occurrences_visible
from canbo.plans.services import ReportInput, report_review, report_submit

router = Router(tags=["Kế hoạch"])


class UnitRef(Schema):
    code: str
    name: str


class OccurrenceOut(Schema):
    id: int
    code: str
    title: str
    period: str
    assigned_to: UnitRef
    lead_on_date: UnitRef | None
    deadline_text: str
    original_due: dt.date | None
    due: dt.date | None
    extensions: int
    status: str
    status_label: str


class OccurrencesOut(Schema):
    as_of: dt.date
    occurrences: list[OccurrenceOut]


class ReportIn(Schema):
    progress: str
    percent: int = 0
    narrative: str = ""
    completed_on: dt.date | None = None
    document_number: str = ""
    document_date: dt.date | None = None
    document_issuer: str = ""
    obstacles: str = ""
    proposals: str = ""


class ReportOut(Schema):
    id: int
    occurrence: int
    submitted_on: dt.date
    progress: str
    review: str


class ReviewIn(Schema):
    accept: bool
    comment: str = ""


def _report_out(report: Report) -> dict[str, object]:
    return {
        "id": report.pk,
        "occurrence": report.occurrence_id,
        "submitted_on": report.submitted_on,
        "progress": report.progress,
        "review": report.review,
    }


def _out(row: OccurrenceRow) -> dict[str, object]:
    return {
        "id": row.occurrence.pk,
        "code": row.task.code,
        "title": row.task.title,
        "period": row.occurrence.period,
        "assigned_to": {"code": row.occurrence.unit.code, "name": row.unit_name},
        "lead_on_date": (
            {"code": row.responsible.code, "name": row.responsible_label} if row.responsible else None
        ),
        "deadline_text": row.task.deadline_text,
        "original_due": row.occurrence.original_due,
        "due": row.due,
        "extensions": row.extensions,
        "status": row.status.value,
        "status_label": str(row.status.label),
    }


@router.get(
    "/occurrences", response=OccurrencesOut, summary="Lượt thực hiện nhiệm vụ và tình trạng vào một ngày"
)
def occurrences(request: HttpRequest, as_of: str | None = None, code: str | None = None) -> dict[str, object]:
    date = api_date(as_of)
    queryset = occurrences_visible(user=request.user)
    if code:
        queryset = queryset.filter(task__code__istartswith=code)
    return {
        "as_of": date,
        "occurrences": [_out(r) for r in occurrence_rows(user=request.user, as_of=date, queryset=queryset)],
    }


@router.get("/occurrences/{occurrence_id}", response=OccurrenceOut, summary="Một lượt thực hiện")
def occurrence(request: HttpRequest, occurrence_id: int, as_of: str | None = None) -> dict[str, object]:
    return _out(occurrence_row(user=request.user, pk=occurrence_id, as_of=api_date(as_of)))


@router.post("/occurrences/{occurrence_id}/reports", response={201: ReportOut}, summary="Gửi báo cáo tiến độ")
def report(request: HttpRequest, occurrence_id: int, payload: ReportIn) -> Status:
    found = get_scoped_or_404(Occurrence, request.user, occurrence_id, "change")
    created = report_submit(
        actor=request.user, occurrence=found, data=ReportInput(**payload.dict()), on=today()
    )
    return Status(201, _report_out(created))


@router.post(
    "/reports/{report_id}/review",
    response=ReportOut,
    summary="Sở Nội vụ chấp nhận hoặc trả lại báo cáo (trả lại phải ghi ý kiến)",
)
def review(request: HttpRequest, report_id: int, payload: ReviewIn) -> dict[str, object]:
    found = get_scoped_or_404(Report, request.user, report_id)
    reviewed = report_review(
        actor=request.user, report=found, accept=payload.accept, comment=payload.comment, on=today()
    )
    return _report_out(reviewed)
