"""Plan endpoints: occurrences with their status on a date, and reporting. Scoped like the pages."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from core.dates import today
from core.entry import api_date
from core.errors import InputRejected
from plans.models import Occurrence
from plans.selectors import OccurrenceRow, occurrence_get, occurrence_rows, occurrences_visible
from plans.services import ReportInput, report_submit

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


def _out(row: OccurrenceRow) -> dict[str, object]:
    return {
        "id": row.occurrence.pk,
        "code": row.task.code,
        "title": row.task.title,
        "period": row.occurrence.period,
        "assigned_to": {"code": row.occurrence.unit.code, "name": row.unit_name},
        "lead_on_date": {"code": row.holder.code, "name": row.holder_name} if row.holder else None,
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
    date = api_date(as_of)
    rows = occurrence_rows(
        user=request.user,
        as_of=date,
        queryset=occurrences_visible(user=request.user).filter(pk=occurrence_id),
    )
    if not rows:
        raise HttpError(404, "Không tìm thấy nhiệm vụ.")
    return _out(rows[0])


@router.post("/occurrences/{occurrence_id}/reports", response={201: ReportOut}, summary="Gửi báo cáo tiến độ")
def report(request: HttpRequest, occurrence_id: int, payload: ReportIn) -> Status:
    try:
        found = occurrence_get(user=request.user, pk=occurrence_id, action="change")
    except Occurrence.DoesNotExist:
        raise HttpError(404, "Không tìm thấy nhiệm vụ.") from None
    try:
        created = report_submit(
            actor=request.user, occurrence=found, data=ReportInput(**payload.dict()), on=today()
        )
    except InputRejected as exc:
        raise HttpError(422, str(exc)) from None
    except PermissionDenied as exc:
        raise HttpError(404, str(exc)) from None
    return Status(
        201,
        {
            "id": created.pk,
            "occurrence": found.pk,
            "submitted_on": created.submitted_on,
            "progress": created.progress,
            "review": created.review,
        },
    )
