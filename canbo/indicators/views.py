"""The targets pages (Chỉ tiêu): indicators on any date with the national ones, the forecast and
scenarios, the trend since 2021, units of every level, drill-down to people, Excel and Word."""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from canbo.accounts.choices import Role
from canbo.accounts.scope import user_has_role
from canbo.core.dates import as_of_or_today, format_date, today
from canbo.core.errors import NotAllowed, NotFound, OutOfScope
from canbo.core.excel import write_workbook
from canbo.core.private_query import conceal, exposed, reveal
from canbo.indicators import charts
from canbo.indicators.engine.forecast import Scenario, forecast
from canbo.indicators.forms import ScenarioForm
from canbo.indicators.history import snapshot_take, trend
from canbo.indicators.national import national_on
from canbo.indicators.selectors import (
    engine_settings,
    indicator_tables,
    international_outlook_view,
    language_programme,
    suppressed,
    targets_on,
    unit_indicators_on,
)
from canbo.indicators.tables import (
    COLUMNS,
    RULE_LABELS,
    assumptions,
    export_rows,
    outlook_explained,
    with_outlook,
)
from canbo.org.models import Unit, UnitVersion
from canbo.org.selectors import province_heading
from canbo.people.models import Person
from canbo.people.selectors import before_first_data, can_see_sensitive
from canbo.people.services import sensitive_access_record

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MEASURES = {
    "headcount": "Cán bộ, công chức, viên chức, người lao động",
    "staff_counted_for_women": "Cán bộ, công chức tính tỷ lệ nữ",
    "ethnic_minority_staff": "Người dân tộc thiểu số",
    "leaders": "Lãnh đạo",
    "leaders_under_40": "Lãnh đạo dưới 40 tuổi",
    "female_leaders": "Lãnh đạo nữ",
    "women_staff": "Nữ (cán bộ, công chức)",
    "ethnic_minority_leaders": "Lãnh đạo người dân tộc thiểu số",
    "staff_counted_for_international": "Cán bộ, công chức tính tỷ lệ làm việc trong môi trường quốc tế",
    "international_capable": "Cán bộ, công chức làm việc được trong môi trường quốc tế",
}
# Figures that single people out by a sensitive field (ethnicity): their drill-down's address carries its
# parameters sealed (core.private_query), and each look is recorded like every drill-down.
SENSITIVE_MEASURES = ("ethnic_minority_staff", "ethnic_minority_leaders")
DRILL_DOWN_PRIVATE = ("chi_so", "don_vi", "ngay")
PEOPLE_PER_PAGE = 100  # the drill-down lists a page at a time: its time does not grow with the list
OUTLOOK_COLUMNS = [
    ("unit_code", "Cơ quan"),
    ("year", "Năm chỉ tiêu"),
    ("target", "Chỉ tiêu (%)"),
    ("on", "Ngày"),
    ("basis", "Số liệu"),
    ("leaders", "Lãnh đạo"),
    ("leaders_under_40", "Dưới 40 tuổi"),
    ("needed", "Cần có dưới 40 tuổi"),
    ("shortfall", "Còn thiếu"),
    ("fewest_added", "Hoặc bổ nhiệm thêm ít nhất"),
]
BASIS_LABELS = {"forecast": "Dự báo", "measured": "Số liệu ngày xem (năm đã qua)"}
FORECAST_COLUMNS = [
    ("year", "Năm"),
    ("unit_code", "Cơ quan"),
    ("leaders", "Lãnh đạo"),
    ("leaders_under_40", "Dưới 40 tuổi"),
    ("share_under_40", "Tỷ lệ dưới 40 (%)"),
    ("target_under_40", "Chỉ tiêu (%)"),
    ("meets_under_40", "Đạt"),
    ("female_leaders", "Lãnh đạo nữ"),
    ("ethnic_minority_leaders", "Lãnh đạo DTTS"),
]


def _measured(user: Any, as_of: dt.date, scenario: Scenario | None = None) -> dict[str, Any]:
    """Everything the page shows, from the tables loaded once (selectors.targets_on)."""
    data = targets_on(user=user, as_of=as_of)
    agencies, staff, leaders = data["tables"]
    result, projection, settings = data["result"], data["forecast"], data["settings"]
    ids = dict(zip(agencies["code"].to_list(), agencies["unit_id"].to_list(), strict=True))
    for department in result["departments"]:
        department["unit_id"] = ids.get(department["unit_code"])
    return {
        "result": result,
        "national": national_on(user=user, as_of=as_of, departments=result["departments"]),
        "forecast": projection,
        "scenario": forecast(
            agencies, staff, leaders, as_of, projection["to"], settings, scenario, rates=projection["rates"]
        )
        if scenario
        else None,
        "agency_ids": ids,
        "settings": settings,
    }


def _download(data: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _xlsx(measured: dict[str, Any], as_of: dt.date, *, publish: bool = False) -> bytes:
    """Aggregates only, exact numbers for the province's own use; for publication (publish) counts
    from 1 to n−1 written "<n" (CANBO_SUPPRESS_COUNTS_UNDER)."""
    projection = measured["forecast"]
    hide = suppressed if publish else dict
    departments = export_rows(
        with_outlook(measured["result"]["departments"], projection["outlook"]), COLUMNS, publish=publish
    )
    projected = [
        [("Toàn tỉnh" if r[k] == "province" else r[k]) if k == "unit_code" else
         ({True: "Đạt", False: "Chưa đạt"}.get(r[k], "") if k == "meets_under_40" else r[k])
         for k, _ in FORECAST_COLUMNS]
        for r in (hide(r) for r in projection["baseline"])
    ]  # fmt: skip
    outlook = [
        [("Toàn tỉnh" if code == "province" else code) if k == "unit_code" else
         BASIS_LABELS[row[k]] if k == "basis" else
         format_date(dt.date.fromisoformat(row[k])) if k == "on" else row[k]
         for k, _ in OUTLOOK_COLUMNS]
        for code, years in projection["outlook"].items()
        for row in (hide(r) for r in years.values())
    ]  # fmt: skip
    notes = [[line] for line in assumptions(measured["settings"], projection["rates"], as_of)]
    notes.append([outlook_explained(as_of)])
    return write_workbook(
        [
            ("Chỉ tiêu", [label for _, label in COLUMNS], departments),
            ("Còn thiếu", [label for _, label in OUTLOOK_COLUMNS], outlook),
            ("Dự báo đến 2030", [label for _, label in FORECAST_COLUMNS], projected),
            ("Giả định dự báo", ["Giả định"], notes),
        ]
    )


def _docx(user: Any, measured: dict[str, Any], as_of: dt.date, *, publish: bool = False) -> bytes:
    from canbo.indicators.report import indicators_docx

    issuer_parent, place = province_heading(as_of)
    points = [{"as_of": p["as_of"].isoformat(), "province": p["province"]} for p in trend(user=user)]
    return indicators_docx(
        result=measured["result"],
        forecast=measured["forecast"],
        trend=points,
        issuer_parent=issuer_parent,
        place=place or "Khánh Hòa",
        assumed=measured["settings"],
        hide_small=publish,
    )


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    as_of, error = as_of_or_today(request.GET.get("ngay", ""))
    no_data = before_first_data(as_of)
    if no_data:  # no figure, and no file, for a day before the registry's first roster
        context = {"as_of": as_of, "date_error": error, "no_data": no_data, "focus": "province"}
        return render(request, "indicators/dashboard.html", context)
    measured = _measured(request.user, as_of)
    # Exact numbers for the province's own leadership; "<5" only in an export marked for publication.
    publish = request.GET.get("cong_bo") == "1"
    suffix = "-cong-bo" if publish else ""
    if request.GET.get("dinh_dang") == "xlsx":
        return _download(
            _xlsx(measured, as_of, publish=publish), XLSX, f"chi-tieu-{as_of:%Y%m%d}{suffix}.xlsx"
        )
    if request.GET.get("dinh_dang") == "docx":
        data = _docx(request.user, measured, as_of, publish=publish)
        return _download(data, DOCX, f"bao-cao-chi-tieu-{as_of:%Y%m%d}{suffix}.docx")
    result, settings = measured["result"], measured["settings"]
    departments = result["departments"]
    focus = request.GET.get("co_quan", "province")
    if focus not in measured["agency_ids"]:
        focus = "province"
    targets = result["province"]["targets"]["under_40"]
    points = trend(user=request.user)
    projection = measured["forecast"]
    context = {
        "result": result,
        "outlook": projection["outlook"],
        "outlook_rows": [
            {**row, "on_date": dt.date.fromisoformat(row["on"])}
            for row in projection["outlook"]["province"].values()
        ],
        "departments": with_outlook(departments, projection["outlook"]),
        "assumptions": assumptions(settings, projection["rates"], as_of),
        "outlook_explained": outlook_explained(as_of),
        "population": result["province"]["ethnic_minority_population"],
        "national": measured["national"],
        "as_of": as_of,
        "date_error": error,
        "under_40_chart": charts.under_40_chart(departments, targets),
        "shares_chart": charts.minority_international_chart(
            departments,
            result["province"]["ethnic_minority_population"],
            list(settings.international_targets),
        ),
        "forecast_chart": charts.forecast_chart(measured["forecast"]["baseline"], focus, targets),
        "forecast_table": _forecast_table(
            measured["forecast"]["baseline"], departments, projection["outlook"]
        ),
        "focus": focus,
        "trend_chart": charts.trend_chart(points) if points else None,
        "trend": points,
        "drill_down": can_see_sensitive(request.user),
        "can_save": user_has_role(request.user, Role.ADMIN, Role.HOME_AFFAIRS),
        "rule_labels": RULE_LABELS,
    }
    return render(request, "indicators/dashboard.html", context)


def _forecast_table(
    rows: list[dict[str, Any]],
    departments: list[dict[str, Any]],
    outlook: dict[str, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Share under 40 by agency (rows) and year (columns), the province last, each cell with
    whether the year's target is met; with the outlook, each row's target years (còn thiếu, and the
    fewest appointments on top)."""
    years = sorted({r["year"] for r in rows})
    names = {d["unit_code"]: d["unit_name"] for d in departments} | {"province": "Toàn tỉnh"}
    by_unit: dict[str, dict[int, dict[str, Any]]] = {}
    for row in rows:
        by_unit.setdefault(row["unit_code"], {})[row["year"]] = row
    order = [d["unit_code"] for d in departments] + ["province"]
    return {
        "years": years,
        "rows": [
            {
                "code": code,
                "name": names[code],
                "cells": [by_unit.get(code, {}).get(y) for y in years],
                "outlook": list((outlook or {}).get(code, {}).values()),
            }
            for code in order
        ],
    }


@login_required
@require_GET
def scenario(request: HttpRequest) -> HttpResponse:
    """What the leaders would be with yearly appointments per agency (RULES.md §1, §6)."""
    as_of, error = as_of_or_today(request.GET.get("ngay", ""))
    no_data = before_first_data(as_of)
    if no_data:
        return render(
            request, "indicators/scenario.html", {"as_of": as_of, "date_error": error, "no_data": no_data}
        )
    agencies, _staff, _leaders = indicator_tables(user=request.user, as_of=as_of)
    choices = list(zip(agencies["unit_id"].to_list(), agencies["code"].to_list(), agencies["name"].to_list(),
                       strict=True))  # fmt: skip
    form = ScenarioForm(request.GET if "tinh" in request.GET else None, agencies=choices)
    context: dict[str, Any] = {"form": form, "as_of": as_of, "date_error": error}
    if form.is_bound and form.is_valid():
        chosen = form.scenario()
        measured = _measured(request.user, as_of, chosen)
        departments = measured["result"]["departments"]
        targets = measured["result"]["province"]["targets"]["under_40"]
        focus = form.cleaned_data.get("co_quan") or "province"
        context |= {
            "chart": charts.forecast_chart(
                measured["forecast"]["baseline"], focus, targets, measured["scenario"]
            ),
            "table": _forecast_table(measured["scenario"], departments),
            "baseline_table": _forecast_table(measured["forecast"]["baseline"], departments),
            "appointed": sum(chosen.appointments_per_year.values()),
        }
    return render(request, "indicators/scenario.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def international(request: HttpRequest) -> HttpResponse:
    """The share able to work internationally to 2030, without and with the language programme
    (plan III.7.d, PL.9; issue 16.3)."""
    as_of, error = as_of_or_today(request.GET.get("ngay", ""))
    no_data = before_first_data(as_of)
    context: dict[str, Any] = {"as_of": as_of, "date_error": error, "no_data": no_data}
    if not no_data:
        cohorts = language_programme(user=request.user)
        points = international_outlook_view(
            user=request.user, as_of=as_of, to_year=max(2030, as_of.year), cohorts=cohorts
        )
        context |= {
            "points": [{**p, "on_date": dt.date.fromisoformat(p["on"])} for p in points],
            "cohorts": sorted(cohorts, key=lambda c: (c.completes_on, c.name)),
            "chart": charts.international_chart([dict(p) for p in points]),
            "settings": engine_settings(as_of),
        }
    return render(request, "indicators/international.html", context)


@login_required
@require_GET
def units(request: HttpRequest) -> HttpResponse:
    """The women test and its counts for every unit of any level (the second view)."""
    as_of, error = as_of_or_today(request.GET.get("ngay", ""))
    no_data = before_first_data(as_of)
    if no_data:
        context = {"as_of": as_of, "date_error": error, "no_data": no_data, "rule_labels": RULE_LABELS}
        return render(request, "indicators/units.html", context)
    result = unit_indicators_on(user=request.user, as_of=as_of)
    ids = dict(
        Unit.objects.filter(code__in=[r["unit_code"] for r in result["units"]]).values_list("code", "pk")
    )
    # The people list chooses among the units in force today: only those get a link to it.
    current = set(
        UnitVersion.objects.as_of(today()).filter(unit_id__in=ids.values()).values_list("unit_id", flat=True)
    )
    rows = [
        {**row, "indent": min(row["depth"], 5),  # Bootstrap's ps-0…ps-5
         "unit_id": ids[row["unit_code"]] if ids.get(row["unit_code"]) in current else None}
        for row in result["units"]
    ]  # fmt: skip
    verdict = request.GET.get("ket_qua", "")
    if verdict in RULE_LABELS:
        rows = [r for r in rows if r["women_rule"] == verdict]
    context = {"result": result, "rows": rows, "as_of": as_of, "date_error": error, "verdict": verdict,
               "rule_labels": RULE_LABELS, "drill_down": can_see_sensitive(request.user)}  # fmt: skip
    return render(request, "indicators/units.html", context)


@login_required
@require_POST
def snapshot(request: HttpRequest) -> HttpResponse:
    """Keep the province's figures on a date (Sở Nội vụ and administrators)."""
    if not user_has_role(request.user, Role.ADMIN, Role.HOME_AFFAIRS):
        raise NotAllowed("Chỉ Sở Nội vụ và quản trị hệ thống được lưu số liệu.")
    as_of, error = as_of_or_today(request.POST.get("ngay", ""))
    if error:
        messages.error(request, error)
    elif as_of > today():
        messages.error(
            request, f"Ngày {as_of:%d/%m/%Y} chưa đến: chỉ lưu số liệu của một ngày đã qua hoặc hôm nay."
        )
    elif before_first_data(as_of):
        messages.error(request, before_first_data(as_of))
    else:
        snapshot_take(actor=request.user, as_of=as_of)
        messages.success(request, f"Đã lưu số liệu chỉ tiêu ngày {as_of:%d/%m/%Y}.")
    return redirect(f"{reverse('indicators:dashboard')}?ngay={as_of:%d/%m/%Y}")


@login_required
@require_GET
def people_behind_view(request: HttpRequest) -> HttpResponse:
    """The people behind one number (within the user's scope). Leaders see aggregates only."""
    from canbo.indicators.engine.measure import people_behind

    if not can_see_sensitive(request.user):
        raise NotAllowed("Danh sách người sau một chỉ số chỉ dành cho cán bộ làm công tác tổ chức.")
    params = reveal(request.GET, DRILL_DOWN_PRIVATE)
    if params.get("chi_so") in SENSITIVE_MEASURES and exposed(request.GET, DRILL_DOWN_PRIVATE):
        return redirect(f"{request.path}?{conceal(request.GET, DRILL_DOWN_PRIVATE).urlencode()}")
    as_of, _error = as_of_or_today(params.get("ngay", ""))
    measure_name = params.get("chi_so", "")
    agency_text = str(params.get("don_vi", ""))
    if measure_name not in MEASURES or not agency_text.isdigit():
        raise NotFound("Không có chỉ số hoặc cơ quan này.")
    agency_id = int(agency_text)
    agencies, staff, leaders = indicator_tables(user=request.user, as_of=as_of, agency_ids={agency_id})
    if agency_id not in agencies["unit_id"].to_list():
        raise OutOfScope()
    ids = people_behind(staff, leaders, agency_id, measure_name, as_of, engine_settings(as_of))
    people = (
        Person.objects.restrict(request.user, "view", as_of=as_of)  # type: ignore[attr-defined]
        .filter(pk__among=ids)  # one parameter, however many (core.lookups)
        .only("id", "full_name", "birth_date", "sex")
        .order_by("sort_key")
    )
    agency = agencies.filter(agencies["unit_id"] == agency_id).row(0, named=True)
    page = Paginator(people, PEOPLE_PER_PAGE).get_page(params.get("trang"))
    sensitive_access_record(
        actor=request.user,
        where="drilldown",
        people=[p.pk for p in page],
        detail=f"{MEASURES[measure_name]} — {agency['name']} ngày {as_of:%d/%m/%Y} "
        f"({len(ids)} người, trang {page.number})",
    )
    query = conceal(params, DRILL_DOWN_PRIVATE) if measure_name in SENSITIVE_MEASURES else params.copy()
    query.pop("trang", None)
    # The number is of everyone behind it; the list shows those whose file the user may open (a person
    # working in the agency whose file another agency keeps is counted but not listed).
    context = {"page": page, "total": len(ids), "unlisted": len(ids) - page.paginator.count,
               "measure": MEASURES[measure_name], "agency": agency, "as_of": as_of,
               "query": query.urlencode()}  # fmt: skip
    return render(request, "indicators/people.html", context)


@login_required
@require_GET
def evaluation_levels_view(request: HttpRequest) -> HttpResponse:
    """The levels of the year's evaluation per agency (issue 15.6): the counts the agencies finalised,
    as a table and a chart of shares."""
    from django.core.exceptions import ValidationError

    from canbo.core.dates import check_year
    from canbo.indicators.selectors import evaluation_levels
    from canbo.people.choices import EvaluationLevel

    raw = request.GET.get("nam", "")
    try:
        year = check_year(int(raw)) if raw else today().year
        error = ""
    except (ValueError, ValidationError):  # a year typed wrong: say so, show this year
        year, error = today().year, f"Năm “{raw}” không hợp lệ; đang xem năm {today().year}."
    rows = evaluation_levels(user=request.user, year=year)
    labels = {code: str(label) for code, label in EvaluationLevel.choices}
    totals = {code: sum(r["levels"][code] for r in rows) for code in labels}
    context = {
        "year": year, "error": error, "rows": rows, "labels": labels, "totals": totals,
        "total": sum(totals.values()), "years": range(today().year, today().year - 6, -1),
        "chart": charts.evaluation_levels_chart(rows, labels) if rows else None,
    }  # fmt: skip
    return render(request, "indicators/evaluation_levels.html", context)
