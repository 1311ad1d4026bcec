"""The targets page (Chỉ tiêu): indicators on any date, drill-down to people, Excel export."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.dates import as_of_or_today
from core.excel import write_workbook
from indicators.management.commands.indicators import COLUMNS, RULE_LABELS
from indicators.selectors import engine_settings, forecast_from, indicator_tables, indicators_on, suppressed
from people.models import Person
from people.selectors import can_see_sensitive

MEASURES = {
    "leaders": "Lãnh đạo",
    "leaders_under_40": "Lãnh đạo dưới 40 tuổi",
    "female_leaders": "Lãnh đạo nữ",
    "women_staff": "Nữ (cán bộ, công chức)",
    "ethnic_minority_leaders": "Lãnh đạo người dân tộc thiểu số",
    "international_capable": "Làm việc được trong môi trường quốc tế",
}


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    as_of, error = as_of_or_today(request.GET.get("ngay", ""))
    result = indicators_on(user=request.user, as_of=as_of)
    agencies, _staff, _leaders = indicator_tables(user=request.user, as_of=as_of)
    ids = dict(zip(agencies["code"].to_list(), agencies["unit_id"].to_list(), strict=True))
    for department in result["departments"]:
        department["unit_id"] = ids.get(department["unit_code"])
    chart = {
        "labels": [d["unit_code"] for d in result["departments"]],
        "shares": [d["share_under_40"] or 0 for d in result["departments"]],
        "targets": result["province"]["targets"]["under_40"],
    }
    projection = forecast_from(user=request.user, start=as_of, to_year=max(2030, as_of.year))
    province_rows = [r for r in projection["baseline"] if r["unit_code"] == "province"]
    forecast_chart = {
        "years": [r["year"] for r in province_rows],
        "shares": [r["share_under_40"] for r in province_rows],
        "leaders": [r["leaders"] for r in province_rows],
        "targets": result["province"]["targets"]["under_40"],
    }
    context = {
        "result": result,
        "as_of": as_of,
        "date_error": error,
        "chart": chart,
        "forecast_chart": forecast_chart,
        "fewest": projection["fewest_under_40"].get("province", {}),
        "drill_down": can_see_sensitive(request.user),
        "rule_labels": RULE_LABELS,
    }
    if request.GET.get("dinh_dang") == "xlsx":
        rows = [
            [d.get(k) if k != "women_rule" else RULE_LABELS[d[k]] for k, _ in COLUMNS]
            for d in (suppressed(d) for d in result["departments"])
        ]
        response = HttpResponse(
            write_workbook([("Chỉ tiêu", [label for _, label in COLUMNS], rows)]),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="chi-tieu-{as_of:%Y%m%d}.xlsx"'
        return response
    return render(request, "indicators/dashboard.html", context)


@login_required
@require_GET
def people_behind_view(request: HttpRequest) -> HttpResponse:
    """The people behind one number (within the user's scope). Leaders see aggregates only."""
    from indicators.engine.measure import people_behind

    if not can_see_sensitive(request.user):
        raise PermissionDenied
    as_of, _error = as_of_or_today(request.GET.get("ngay", ""))
    measure = request.GET.get("chi_so", "")
    if measure not in MEASURES:
        raise Http404
    try:
        agency_id = int(request.GET.get("don_vi", ""))
    except ValueError:
        raise Http404 from None
    agencies, staff, leaders = indicator_tables(user=request.user, as_of=as_of)
    if agency_id not in agencies["unit_id"].to_list():
        raise Http404
    ids = people_behind(staff, leaders, agency_id, measure, as_of, engine_settings())
    people = (
        Person.objects.restrict(request.user, "view", as_of=as_of).filter(pk__in=ids).order_by("sort_key")
    )  # type: ignore[attr-defined]
    agency = agencies.filter(agencies["unit_id"] == agency_id).row(0, named=True)
    context = {"people": people, "measure": MEASURES[measure], "agency": agency, "as_of": as_of}
    return render(request, "indicators/people.html", context)
