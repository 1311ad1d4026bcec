"""Indicators on a date and the baseline forecast, as JSON (the same as `canbo indicators`)."""

from typing import Any

from django.http import HttpRequest
from ninja import Router

from core.entry import api_date
from indicators.selectors import forecast_from, indicators_on

router = Router(tags=["Chỉ tiêu"])


@router.get("/indicators", summary="Chỉ tiêu (mục I.4) vào một ngày")
def indicators(request: HttpRequest, as_of: str | None = None) -> dict[str, Any]:
    return indicators_on(user=request.user, as_of=api_date(as_of))


@router.get("/forecast", summary="Dự báo đến năm 2030 (không bổ nhiệm mới)")
def forecast(request: HttpRequest, start: str | None = None, to: int = 2030) -> dict[str, Any]:
    return forecast_from(user=request.user, start=api_date(start), to_year=to)
