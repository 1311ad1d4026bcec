"""/api/evaluation/: the agencies with sheets of a year, an agency's live ranking (the same content as
`canbo evaluation rank --format json`), one sheet with its products per period and its outcome, the
products and the manager's points written through the services, finalising, the agency's own year,
and the quota of Decree 335/2025 art. 20(5). Every read is scoped; a unit or a sheet outside the user's
part of the organisation answers 404, a role that only reads answers 403 to a write."""

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.http import HttpRequest
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from canbo.core.entry import ApiDate
from canbo.core.errors import InputRejected, RowError
from canbo.core.scoping import get_scoped_or_404
from canbo.evaluation.export import default_ratio, points, quota_answer, ranking_json
from canbo.evaluation.models import DutyGroup, ProductType, Ranking, Sheet, WorkItem
from canbo.evaluation.selectors import (
    MISSING_TEXT,
    SheetDetail,
    agency_evaluation_view,
    rankable_agencies,
    ranking_view,
    sheet_detail,
    unit_visible,
)
from canbo.evaluation.services import item_add, ranking_finalise, sheet_score
from canbo.org.models import Unit

router = Router(tags=["Đánh giá, xếp loại"])

MAX_ID = 2**62
YEAR = Path(..., ge=2000, le=2100)


# --- schemas -----------------------------------------------------------------------------------------


class AgencyRowOut(Schema):
    unit_id: int
    code: str
    name: str
    sheets: int
    ranked: int


class EvaluationUnitOut(Schema):
    id: int
    code: str
    name: str


class ParametersOut(Schema):
    general_max: float
    task_max: float
    bands: list[float]
    unit_rate_if_any_failed: float
    quota_ratio: float


class ExceptionOut(Schema):
    ratio: float
    decision_number: str
    decided_on: dt.date


class DecisionOut(Schema):
    decision_number: str
    decided_on: dt.date


class QuotaOut(Schema):
    good: int
    candidates: int
    allowed: int
    ratio: float


class RankedPersonOut(Schema):
    sheet_id: int
    person_id: int
    name: str
    category: str
    rule_text: str
    leader: bool
    post: str
    score: float | None
    task_points: float | None
    unit_result: float | None
    level_before_quota: str = Field(description="Mức theo điểm, trước khi áp tỷ lệ xuất sắc")
    level_before_quota_text: str
    quota_state: str = Field(description="chosen, tied, demoted (ứng viên xuất sắc), hoặc rỗng")
    level: str = Field(description="Mức sau tỷ lệ và quyết định; rỗng khi chưa xác định")
    level_text: str
    recorded: bool
    reasons: list[str]
    missing: list[str]


class GroupOut(Schema):
    id: int | None
    name: str
    quota: QuotaOut | None
    people: list[RankedPersonOut]


class RankingOut(Schema):
    unit: EvaluationUnitOut
    year: int
    parameters: ParametersOut
    exception: ExceptionOut | None
    finalised: DecisionOut | None
    can_finalise: bool
    problems: list[str]
    level_counts: dict[str, int]
    groups: list[GroupOut]


class ItemOut(Schema):
    id: int
    period: int
    product_type_id: int | None
    title: str
    weight: Decimal
    completed: bool
    failed_reviews: int
    excused_failed_reviews: int
    delays: int
    excused_delays: int
    excuse_confirmed_by: str
    source_unit_id: int
    entered_by_name: str
    confirmed_by_name: str
    confirmed_on: dt.date | None
    note: str


class PeriodOut(Schema):
    period: int
    quantity: float | None
    quality: float | None
    progress: float | None
    items: list[ItemOut]


class OutcomeOut(Schema):
    complete: bool
    missing: list[str]
    task_points: float | None
    score: float | None
    unit_result: float | None
    level_before_quota: str
    quota_state: str
    level: str
    level_text: str
    reasons: list[str]


class SheetOut(Schema):
    id: int
    person_id: int
    name: str
    year: int
    unit_id: int
    group_id: int | None
    category: str
    rule_text: str
    rule: str
    computes: bool
    period_kind: str
    leader: bool
    deputy: bool
    post: str
    general_points: Decimal | None
    organisation_rate: Decimal | None
    degradation: bool
    unit_corruption: bool
    recorded_level: str
    evidence: str
    status: str
    version: int
    confirmed_by_name: str
    confirmed_on: dt.date | None
    transferred_from: list[str]
    periods: list[PeriodOut]
    outcome: OutcomeOut


class ItemIn(Schema):
    period: int = Field(ge=1, le=12)
    title: str = Field(min_length=1, max_length=500)
    product_type_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    weight: Decimal | None = Field(default=None, ge=0, le=1000, max_digits=8, decimal_places=2)
    completed: bool = False
    failed_reviews: int = Field(default=0, ge=0, le=1000)
    excused_failed_reviews: int = Field(default=0, ge=0, le=1000)
    delays: int = Field(default=0, ge=0, le=1000)
    excused_delays: int = Field(default=0, ge=0, le=1000)
    excuse_confirmed_by: str = Field(default="", max_length=150)
    note: str = Field(default="", max_length=500)


class ScoreIn(Schema):
    version: int = Field(ge=1, le=MAX_ID)
    manager: str = Field(min_length=1, max_length=150)
    on: ApiDate
    general_points: Decimal | None = Field(default=None, ge=0, le=100, max_digits=5, decimal_places=2)
    organisation_rate: Decimal | None = Field(default=None, ge=0, le=100, max_digits=5, decimal_places=2)
    degradation: bool | None = None
    unit_corruption: bool | None = None
    recorded_level: str | None = Field(default=None, max_length=20)
    evidence: str | None = Field(default=None, max_length=10000)
    group_id: int | None = Field(default=None, ge=1, le=MAX_ID)


class FinaliseIn(Schema):
    decision_number: str = Field(min_length=1, max_length=100)
    decided_on: ApiDate


class RankingDoneOut(Schema):
    id: int
    unit_id: int
    year: int
    decision_number: str
    decided_on: dt.date
    people: int


class PlanCountsOut(Schema):
    due: int
    on_time: int
    late: int
    not_done: int
    extended: int
    waiting: int


class ComponentsOut(Schema):
    quantity: float
    quality: float
    progress: float


class AgencyOut(Schema):
    unit_id: int
    code: str
    name: str
    year: int
    plan: PlanCountsOut
    components: ComponentsOut | None
    plan_rate: float
    task_points: float
    general_points: float | None
    score: float | None
    level: str
    level_text: str
    bands: list[float]
    bands_rule: str
    finalised: bool


class QuotaAnswerOut(Schema):
    allowed: int
    rule: str


# --- building the answers ------------------------------------------------------------------------------


def _item(item: WorkItem) -> dict[str, Any]:
    return {
        "id": item.pk,
        "period": item.period,
        "product_type_id": item.product_type_id,
        "title": item.title,
        "weight": item.weight,
        "completed": item.completed,
        "failed_reviews": item.failed_reviews,
        "excused_failed_reviews": item.excused_failed_reviews,
        "delays": item.delays,
        "excused_delays": item.excused_delays,
        "excuse_confirmed_by": item.excuse_confirmed_by,
        "source_unit_id": item.source_unit_id,
        "entered_by_name": item.entered_by_name,
        "confirmed_by_name": item.confirmed_by_name,
        "confirmed_on": item.confirmed_on,
        "note": item.note,
    }


def _sheet(detail: SheetDetail) -> dict[str, Any]:
    sheet, row = detail.sheet, detail.row
    by_period: dict[int, list[WorkItem]] = {}
    for item in detail.items:
        by_period.setdefault(item.period, []).append(item)
    periods = []
    for period in sorted(set(by_period) | set(row.periods)):
        c = row.periods.get(period)
        periods.append(
            {
                "period": period,
                "quantity": points(c.quantity) if c else None,
                "quality": points(c.quality) if c else None,
                "progress": points(c.progress) if c else None,
                "items": [_item(i) for i in by_period.get(period, [])],
            }
        )
    o = row.outcome
    return {
        "id": sheet.pk,
        "person_id": sheet.person_id,
        "name": sheet.person.full_name,
        "year": sheet.year,
        "unit_id": sheet.unit_id,
        "group_id": sheet.group_id,
        "category": sheet.category,
        "rule_text": sheet.rule_text,
        "rule": detail.rule.name,
        "computes": sheet.computes,
        "period_kind": sheet.period_kind,
        "leader": sheet.leader,
        "deputy": sheet.deputy,
        "post": sheet.post_name,
        "general_points": sheet.general_points,
        "organisation_rate": sheet.organisation_rate,
        "degradation": sheet.degradation,
        "unit_corruption": sheet.unit_corruption,
        "recorded_level": sheet.recorded_level,
        "evidence": sheet.evidence,
        "status": sheet.status,
        "version": sheet.version,
        "confirmed_by_name": sheet.confirmed_by_name,
        "confirmed_on": sheet.confirmed_on,
        "transferred_from": detail.transferred_from,
        "periods": periods,
        "outcome": {
            "complete": o.complete,
            "missing": [MISSING_TEXT.get(m, m) for m in o.missing],
            "task_points": points(o.task_points),
            "score": points(o.score),
            "unit_result": points(o.unit_result),
            "level_before_quota": o.level or "",
            "quota_state": row.state,
            "level": row.level,
            "level_text": row.level_text,
            "reasons": row.reasons_text,
        },
    }


def _unit(request: HttpRequest, pk: int) -> Unit:
    return unit_visible(user=request.user, pk=pk)


# --- endpoints -----------------------------------------------------------------------------------------


@router.get("/quota", response=QuotaAnswerOut, summary="Số tối đa được xếp loại xuất sắc (điều 20 khoản 5)")
def quota(
    request: HttpRequest,
    good: int = Query(..., ge=0, le=1_000_000, description="Số người xếp loại hoàn thành tốt nhiệm vụ (t)"),
    candidates: int = Query(..., ge=0, le=1_000_000, description="Số người đủ điểm xuất sắc (k)"),
    ratio: float | None = Query(None, ge=0, le=1, description="Tỷ lệ so với số tốt (mặc định theo quy tắc)"),
) -> dict[str, Any]:
    return quota_answer(
        good=good, candidates=candidates, ratio=default_ratio() if ratio is None else Fraction(str(ratio))
    )


@router.get("/sheets/{sheet_id}", response=SheetOut, summary="Một phiếu đánh giá: sản phẩm theo kỳ, kết quả")
def sheet(request: HttpRequest, sheet_id: int = Path(..., ge=1, le=MAX_ID)) -> dict[str, Any]:
    return _sheet(sheet_detail(user=request.user, pk=sheet_id))


@router.post(
    "/sheets/{sheet_id}/items", response={201: ItemOut}, summary="Ghi một sản phẩm được giao trong một kỳ"
)
def item_create(request: HttpRequest, payload: ItemIn, sheet_id: int = Path(..., ge=1, le=MAX_ID)) -> Status:
    found: Sheet = get_scoped_or_404(Sheet, request.user, sheet_id)
    fields = payload.dict(exclude={"product_type_id"})
    if fields["weight"] is None:
        del fields["weight"]
    if payload.product_type_id is not None:
        product_type = ProductType.objects.filter(pk=payload.product_type_id).first()
        if product_type is None:
            raise InputRejected([RowError("Không có loại sản phẩm này.", field="product_type_id")])
        fields["product_type"] = product_type
    return Status(201, _item(item_add(actor=request.user, sheet=found, **fields)))


@router.post("/sheets/{sheet_id}/score", response=SheetOut, summary="Ghi điểm của người quản lý trực tiếp")
def score(
    request: HttpRequest, payload: ScoreIn, sheet_id: int = Path(..., ge=1, le=MAX_ID)
) -> dict[str, Any]:
    found: Sheet = get_scoped_or_404(Sheet, request.user, sheet_id)
    changes = payload.dict(exclude_unset=True, exclude={"version", "manager", "on"})
    if "group_id" in changes:
        group_id = changes.pop("group_id")
        group = DutyGroup.objects.filter(pk=group_id).first() if group_id is not None else None
        if group_id is not None and group is None:
            raise InputRejected([RowError("Không có nhóm này.", field="group_id")])
        changes["group"] = group
    for flag in ("degradation", "unit_corruption", "recorded_level", "evidence"):
        if flag in changes and changes[flag] is None:
            raise InputRejected([RowError("Giá trị không được để trống.", field=flag)])
    sheet_score(
        actor=request.user,
        sheet=found,
        version=payload.version,
        changes=changes,
        manager=payload.manager,
        on=payload.on,
    )
    return _sheet(sheet_detail(user=request.user, pk=sheet_id))


@router.get("/{year}/units/", response=list[AgencyRowOut], summary="Các cơ quan có phiếu đánh giá của năm")
def units(request: HttpRequest, year: int = YEAR) -> list[dict[str, Any]]:
    return [
        {"unit_id": u.pk, "code": u.code, "name": name, "sheets": sheets, "ranked": ranked}
        for u, name, sheets, ranked in rankable_agencies(user=request.user, year=year)
    ]


@router.get(
    "/{year}/units/{unit_id}/ranking",
    response=RankingOut,
    summary="Bảng xếp loại của một cơ quan (trực tiếp)",
)
def ranking(
    request: HttpRequest, year: int = YEAR, unit_id: int = Path(..., ge=1, le=MAX_ID)
) -> dict[str, Any]:
    return ranking_json(ranking_view(user=request.user, unit=_unit(request, unit_id), year=year))


@router.post(
    "/{year}/units/{unit_id}/finalise",
    response={201: RankingDoneOut},
    summary="Ghi quyết định xếp loại của cơ quan (các mức ghi vào hồ sơ)",
)
def finalise(
    request: HttpRequest, payload: FinaliseIn, year: int = YEAR, unit_id: int = Path(..., ge=1, le=MAX_ID)
) -> Status:
    done: Ranking = ranking_finalise(
        actor=request.user,
        unit=_unit(request, unit_id),
        year=year,
        decision_number=payload.decision_number,
        decided_on=payload.decided_on,
    )
    return Status(
        201,
        {
            "id": done.pk,
            "unit_id": done.unit_id,
            "year": done.year,
            "decision_number": done.decision_number,
            "decided_on": done.decided_on,
            "people": done.people,
        },
    )


@router.get(
    "/{year}/agencies/{unit_id}",
    response=AgencyOut,
    summary="Đánh giá của cơ quan: kết quả thực hiện kế hoạch",
)
def agency(
    request: HttpRequest, year: int = YEAR, unit_id: int = Path(..., ge=1, le=MAX_ID)
) -> dict[str, Any]:
    view = agency_evaluation_view(user=request.user, unit=_unit(request, unit_id), year=year)
    c = view.plan.components
    return {
        "unit_id": view.unit.pk,
        "code": view.unit.code,
        "name": view.name,
        "year": view.year,
        "plan": view.plan.counts,
        "components": None
        if c is None
        else {"quantity": c.quantity, "quality": c.quality, "progress": c.progress},
        "plan_rate": points(view.plan.rate),
        "task_points": points(view.task_points),
        "general_points": points(view.general_points),
        "score": points(view.score),
        "level": view.level,
        "level_text": view.level_text,
        "bands": list(view.bands),
        "bands_rule": view.bands_rule.cite() if view.bands_rule else "",
        "finalised": view.finalised,
    }
