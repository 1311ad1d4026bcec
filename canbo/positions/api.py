"""/api/positions/: an agency's job positions on a date, their vacancies, the staffing summary (read),
and a new position (write). Every read is scoped: a unit outside the user's part of the organisation
answers 404; a role that only reads answers 403 to a write."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from canbo.core.dates import today
from canbo.core.entry import ApiDate
from canbo.core.errors import InputRejected, RowError
from canbo.positions.export import position_json, staffing_json, vacancy_json
from canbo.positions.models import JobPositionFramework
from canbo.positions.selectors import positions_on, staffing_summary, unit_visible, vacancies
from canbo.positions.services import position_create

router = Router(tags=["Vị trí việc làm, biên chế"])

MAX_ID = 2**62
UNIT = Path(..., ge=1, le=MAX_ID)
ON = Query(None, description="Ngày xem (yyyy-mm-dd); mặc định hôm nay")


class PositionOut(Schema):
    id: int
    unit_id: int
    framework_id: int | None
    code: str
    name: str
    group: str
    staff_category: str
    rank_code: str
    rank_name: str
    planned_count: int
    valid_from: dt.date
    valid_to: dt.date | None
    description: str
    held: int | None = None


class VacancyOut(Schema):
    position_id: int
    code: str
    name: str
    group: str
    planned: int
    held: int
    vacant: int
    over: int


class StaffingQuotaOut(Schema):
    year: int
    civil_servants: int
    public_employees: int
    decision_number: str
    decision_date: dt.date | None


class SeniorShareOut(Schema):
    senior: int
    quota: int
    max_share: float
    allowed: int
    within: bool
    text: str
    message: str


class UnplacedOut(Schema):
    person_id: int
    full_name: str


class StaffingOut(Schema):
    unit_id: int
    unit_code: str
    on: dt.date
    quota: StaffingQuotaOut | None
    people_by_category: dict[str, int]
    planned: int
    held: int
    vacant: int
    positions: list[VacancyOut]
    senior_share: SeniorShareOut | None
    senior_share_missing: str
    unplaced: list[UnplacedOut]


class PositionIn(Schema):
    code: str = Field(min_length=1, max_length=30)
    name: str = Field(default="", max_length=500)
    group: str = Field(default="", max_length=20)
    staff_category: str = Field(default="cong_chuc", max_length=20)
    rank_code: str = Field(default="", max_length=20)
    rank_name: str = Field(default="", max_length=100)
    planned_count: int = Field(default=1, ge=0, le=32_767)
    valid_from: ApiDate
    description: str = Field(default="", max_length=20_000)
    framework_id: int | None = Field(default=None, ge=1, le=MAX_ID)


@router.get(
    "/units/{unit_id}/positions", response=list[PositionOut], summary="Vị trí việc làm của một cơ quan"
)
def positions(request: HttpRequest, unit_id: int = UNIT, on: ApiDate | None = ON) -> list[dict[str, Any]]:
    unit = unit_visible(user=request.user, pk=unit_id)
    found = positions_on(user=request.user, unit=unit, on=on or today())
    return [position_json(p, held=p.held) for p in found]  # type: ignore[attr-defined]


@router.get("/units/{unit_id}/vacancies", response=list[VacancyOut], summary="Số người còn thiếu theo vị trí")
def vacancy_list(request: HttpRequest, unit_id: int = UNIT, on: ApiDate | None = ON) -> list[dict[str, Any]]:
    unit = unit_visible(user=request.user, pk=unit_id)
    return [vacancy_json(v) for v in vacancies(user=request.user, unit=unit, on=on or today())]


@router.get("/units/{unit_id}/staffing", response=StaffingOut, summary="Biên chế, số người, tỷ lệ ngạch")
def staffing(request: HttpRequest, unit_id: int = UNIT, on: ApiDate | None = ON) -> dict[str, Any]:
    unit = unit_visible(user=request.user, pk=unit_id)
    return staffing_json(staffing_summary(user=request.user, unit=unit, on=on or today()))


@router.post("/units/{unit_id}/positions", response={201: PositionOut}, summary="Thêm một vị trí việc làm")
def create(request: HttpRequest, payload: PositionIn, unit_id: int = UNIT) -> Status:
    unit = unit_visible(user=request.user, pk=unit_id)
    values = payload.dict(exclude={"framework_id"})
    if payload.framework_id is not None:
        entry = JobPositionFramework.objects.filter(pk=payload.framework_id).first()
        if entry is None:
            raise InputRejected([RowError("Không có vị trí này trong danh mục khung.", field="framework_id")])
        values["framework"] = entry
    return Status(201, position_json(position_create(actor=request.user, unit=unit, values=values)))
