"""/api/recruitment/: the recruitments in the user's scope, one with its lines and candidates, the ranking
of each line (the same JSON as `canbo recruitment rank --format json`, with the head's recorded decision),
and the scores written through the services (all or nothing). A recruitment outside the user's part of
the organisation answers 404; a role that only reads answers 403 to a write."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Path, Query, Router, Schema
from pydantic import Field

from canbo.core.errors import InputRejected, RowError
from canbo.recruitment import services
from canbo.recruitment.candidates import result_json
from canbo.recruitment.models import Candidate
from canbo.recruitment.selectors import RecruitmentView, recruitment_get, recruitment_view, recruitments

router = Router(tags=["Tuyển dụng"])
MAX_ID = 2**62


class RecruitmentOut(Schema):
    id: int
    unit_code: str
    year: int
    title: str
    method: str
    status: str
    status_label: str
    published_on: dt.date | None
    applications_from: dt.date | None
    applications_to: dt.date | None
    result_on: dt.date | None


class LineOut(Schema):
    id: int
    position_code: str
    position_name: str
    rank_name: str
    quota: int
    conditions: str
    has_round_1: bool
    written_part: bool


class CandidateOut(Schema):
    number: int
    full_name: str
    birth_date: dt.date
    line_id: int
    priority: list[str]
    eligible: bool | None
    ineligible_because: list[str]
    round_1_correct: int | None
    professional: Decimal | None
    written: Decimal | None
    appointed_on: dt.date | None
    person_id: int | None


class DetailOut(RecruitmentOut):
    lines: list[LineOut]
    candidates: list[CandidateOut]


class TieOut(Schema):
    head_name: str
    head_title: str
    decision_number: str
    decided_on: dt.date
    chosen: list[int]  # exam numbers, in order


class LineRankingOut(Schema):
    line_id: int
    position_name: str
    error: str
    result: dict[str, Any] | None
    tie_decision: TieOut | None


class CandidateScoreIn(Schema):
    number: int = Field(..., ge=1, le=1_000_000, description="Số báo danh")
    round_1_correct: int | None = Field(None, ge=0, le=60)
    professional: Decimal | None = Field(None, ge=0, le=100)
    written: Decimal | None = Field(None, ge=0, le=100)


class ScoresIn(Schema):
    scores: list[CandidateScoreIn] = Field(..., min_length=1, max_length=5000)


class ScoresOut(Schema):
    recorded: int


def _out(r: Any) -> dict[str, Any]:
    return {
        "id": r.pk,
        "unit_code": r.unit.code,
        "year": r.year,
        "title": r.title,
        "method": r.method,
        "status": r.status,
        "status_label": str(r.get_status_display()),
        "published_on": r.published_on,
        "applications_from": r.applications_from,
        "applications_to": r.applications_to,
        "result_on": r.result_on,
    }


@router.get("/", response=list[RecruitmentOut], summary="Các kỳ tuyển dụng trong phạm vi")
def recruitment_list(
    request: HttpRequest, year: int | None = Query(None, ge=2000, le=2100)
) -> list[dict[str, Any]]:
    return [_out(r) for r in recruitments(user=request.user, year=year)]


def _view(request: HttpRequest, pk: int) -> RecruitmentView:
    return recruitment_view(user=request.user, recruitment=recruitment_get(user=request.user, pk=pk))


@router.get("/{recruitment_id}", response=DetailOut, summary="Một kỳ tuyển dụng: vị trí, thí sinh, điểm")
def recruitment_detail(
    request: HttpRequest, recruitment_id: int = Path(..., ge=1, le=MAX_ID)
) -> dict[str, Any]:
    view = _view(request, recruitment_id)
    return {
        **_out(view.recruitment),
        "lines": [
            {
                "id": v.line.pk,
                "position_code": v.line.position.code,
                "position_name": v.line.position.name,
                "rank_name": v.line.position.rank_name,
                "quota": v.line.quota,
                "conditions": v.line.conditions,
                "has_round_1": v.line.has_round_1,
                "written_part": v.line.written_part,
            }
            for v in view.lines
        ],
        "candidates": [
            {
                "number": c.number,
                "full_name": c.full_name,
                "birth_date": c.birth_date,
                "line_id": c.line_id,
                "priority": c.priority,
                "eligible": c.eligible,
                "ineligible_because": [e["text"] for e in c.eligibility if e.get("ok") is False],
                "round_1_correct": c.round_1_correct,
                "professional": c.professional,
                "written": c.written,
                "appointed_on": c.appointed_on,
                "person_id": c.person_id,
            }
            for c in view.candidates
        ],
    }


@router.get(
    "/{recruitment_id}/ranking",
    response=list[LineRankingOut],
    summary="Xếp hạng trong chỉ tiêu của từng vị trí",
)
def recruitment_ranking(
    request: HttpRequest, recruitment_id: int = Path(..., ge=1, le=MAX_ID)
) -> list[dict[str, Any]]:
    view = _view(request, recruitment_id)
    answer = []
    for v in view.lines:
        tie = None
        if v.tie is not None:
            numbers = {c.pk: c.number for c in v.candidates}
            tie = {
                "head_name": v.tie.head_name,
                "head_title": v.tie.head_title,
                "decision_number": v.tie.decision_number,
                "decided_on": v.tie.decided_on,
                "chosen": [numbers[pk] for pk in v.tie.order if pk in numbers],
            }
        answer.append(
            {
                "line_id": v.line.pk,
                "position_name": v.line.position.name,
                "error": v.error,
                "result": result_json(v.result, cumulative=view.settings.cumulative) if v.result else None,
                "tie_decision": tie,
            }
        )
    return answer


@router.post("/{recruitment_id}/scores", response=ScoresOut, summary="Ghi điểm thí sinh (theo số báo danh)")
def scores_write(
    request: HttpRequest, payload: ScoresIn, recruitment_id: int = Path(..., ge=1, le=MAX_ID)
) -> dict[str, Any]:
    recruitment = recruitment_get(user=request.user, pk=recruitment_id)
    by_number = {c.number: c for c in Candidate.objects.filter(line__recruitment=recruitment)}
    missing = [
        RowError(f"Không có thí sinh số báo danh {s.number}.", row=n, field="number")
        for n, s in enumerate(payload.scores, start=1)
        if s.number not in by_number
    ]
    if missing:
        raise InputRejected(missing)
    rows = [(by_number[s.number], s.dict(exclude_unset=True, exclude={"number"})) for s in payload.scores]
    return {"recorded": services.scores_record(actor=request.user, recruitment=recruitment, scores=rows)}
