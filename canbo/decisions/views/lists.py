"""The lists' pages (issue 14.4): /quyet-dinh/ with every list's count today, and one page per list with
its date, window, unit and sex in the address, sorted by a column, in pages, exported to Excel as
filtered. Thin: parse the address, call decisions.lists, render."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from canbo.core.dates import as_of_or_today, today
from canbo.core.errors import ApplicationError
from canbo.decisions.lists import LISTS, DueFilter, due_counts, due_list, due_list_xlsx
from canbo.org.selectors import org_tree
from canbo.people.choices import Sex

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE_SIZE = 50


def _int(value: str | None) -> int | None:
    text = (value or "").strip()
    return int(text) if text.isdigit() and len(text) < 10 else None


def _query(request: HttpRequest, *drop: str) -> str:
    """The page's filters as its address carries them, without `drop`."""
    params = request.GET.copy()
    for name in ("trang", "dinh_dang", *drop):
        params.pop(name, None)
    return params.urlencode()


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    as_of = today()
    context = {"as_of": as_of, "counts": due_counts(user=request.user, as_of=as_of)}
    return render(request, "decisions/index.html", context)


@login_required
@require_GET
def due(request: HttpRequest, name: str) -> HttpResponse:
    spec = LISTS.get(name)
    if spec is None:
        raise Http404("Không có danh sách này.")
    get = request.GET
    as_of, date_error = as_of_or_today(get.get("ngay", ""))
    months = _int(get.get("so_thang")) if spec.default_months is not None else None
    unit_id = _int(get.get("don_vi"))
    sex = get.get("gioi_tinh", "") if get.get("gioi_tinh", "") in Sex.values else ""
    order = get.get("sap_xep", "")
    filters = DueFilter(unit_id=unit_id, sex=sex, order=order)
    error, result = "", None
    try:
        result = due_list(user=request.user, name=name, as_of=as_of, months=months, filters=filters)
    except ApplicationError as exc:  # a rule without a version in force that day, a window too long
        error = exc.message
    if result is not None and get.get("dinh_dang") == "xlsx":
        response = HttpResponse(due_list_xlsx(result), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{name}-{as_of:%Y%m%d}.xlsx"'
        return response
    rows = result.rows if result else []
    context: dict[str, Any] = {
        "spec": spec,
        "result": result,
        "error": error,
        "rows": Paginator(rows, PAGE_SIZE).get_page(get.get("trang")),
        "total": len(rows),
        "as_of": as_of,
        "date_error": date_error,
        "months": result.months if result else months,
        "unit_id": unit_id,
        "sex": sex,
        "sort": order,
        "units": [
            (n.version.unit_id, ("\u00a0\u00a0" * n.depth) + n.version.name)
            for n in org_tree(user=request.user, as_of=as_of)
        ],
        "sexes": Sex.choices,
        "query": _query(request),
        "query_unsorted": _query(request, "sap_xep"),
        "lists": LISTS.values(),
    }
    template = "decisions/list_table.html" if request.headers.get("HX-Request") else "decisions/list.html"
    return render(request, template, context)
