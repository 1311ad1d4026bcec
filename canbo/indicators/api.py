"""Indicators on a date and the baseline forecast, as JSON (the same as `canbo indicators`)."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from canbo.core.entry import api_date
from canbo.indicators.engine.international import OutlookPoint
from canbo.indicators.engine.results import Measured, UnitsMeasured
from canbo.indicators.history import trend
from canbo.indicators.models import Target
from canbo.indicators.national import national_on
from canbo.indicators.selectors import (
    forecast_from,
    indicators_on,
    international_outlook_view,
    language_programme,
    unit_indicators_on,
)

router = Router(tags=["Chỉ tiêu"])


@router.get("/indicators", summary="Chỉ tiêu (mục I.4) vào một ngày")
def indicators(request: HttpRequest, as_of: str | None = None) -> Measured:
    return indicators_on(user=request.user, as_of=api_date(as_of))


@router.get("/forecast", summary="Dự báo đến năm 2030 (không bổ nhiệm mới)")
def forecast(
    request: HttpRequest, start: str | None = None, to: int = Query(2030, ge=1900, le=2100)
) -> dict[str, Any]:
    return forecast_from(user=request.user, start=api_date(start), to_year=to)


@router.get(
    "/international",
    summary="Dự báo tỷ lệ làm việc trong môi trường quốc tế, có và không có chương trình ngoại ngữ",
)
def international(
    request: HttpRequest, start: str | None = None, to: int = Query(2030, ge=1900, le=2100)
) -> list[OutlookPoint]:
    cohorts = language_programme(user=request.user)
    return international_outlook_view(user=request.user, as_of=api_date(start), to_year=to, cohorts=cohorts)


@router.get("/units", summary="Tiêu chí nữ ở đơn vị các cấp vào một ngày")
def units(request: HttpRequest, as_of: str | None = None) -> UnitsMeasured:
    return unit_indicators_on(user=request.user, as_of=api_date(as_of))


@router.get("/national", summary="Chỉ tiêu quốc gia (QĐ 2282/QĐ-TTg) vào một ngày")
def national(request: HttpRequest, as_of: str | None = None) -> dict[str, Any]:
    day = api_date(as_of)
    departments = indicators_on(user=request.user, as_of=day)["departments"]
    return {"as_of": day.isoformat(), **national_on(user=request.user, as_of=day, departments=departments)}


@router.get("/targets", summary="Các chỉ tiêu (chỉ số, phạm vi, năm, ngưỡng, văn bản)")
def targets(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {"code": t.code, "indicator": t.indicator, "scope": t.scope, "year": t.year,
         "threshold": float(t.threshold) if t.threshold is not None else None,
         "threshold_to": float(t.threshold_to) if t.threshold_to is not None else None,
         "text": t.text, "source": t.source}
        for t in Target.objects.all()
    ]  # fmt: skip


@router.get("/trend", summary="Số liệu đã lưu từ năm 2021 (trong phạm vi của người dùng)")
def trend_view(request: HttpRequest) -> list[dict[str, Any]]:
    return [{"as_of": p["as_of"].isoformat(), "province": p["province"]} for p in trend(user=request.user)]
