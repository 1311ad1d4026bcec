"""Registry pages. Thin: parse input, call one selector or service, render."""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from canbo.accounts.scope import user_can
from canbo.core.dates import today
from canbo.core.errors import InputRejected, NotAllowed, RowError, errors_for_session
from canbo.core.files import read_upload
from canbo.core.private_query import conceal, exposed, reveal
from canbo.org.selectors import org_tree
from canbo.people import catalogues
from canbo.people.forms import AccessLogForm, PeopleFilterForm, PeopleImportForm
from canbo.people.io.excel import rows_from_excel
from canbo.people.io.export import access_lines_xlsx, import_errors_xlsx, template_xlsx
from canbo.people.selectors import (
    PeopleFilter,
    access_incident,
    can_read_access_log,
    can_see_sensitive,
    people_page,
    people_unit_names,
    person_get,
    person_history,
    person_timeline,
    person_unit_names,
    template_units,
)
from canbo.people.services import (
    ImportSource,
    ReasonRequired,
    people_export,
    people_import,
    sensitive_access_record,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# Filters on sensitive data: never in an address in the clear (core.private_query).
PRIVATE = ("dan_toc",)
PAGE_SIZES = (25, 50, 100, 200)
SORT_COLUMNS = (
    ("ten", "Họ và tên"),
    ("ngay_sinh", "Ngày sinh"),
    ("gioi_tinh", "Giới tính"),
    ("don_vi", "Cơ quan quản lý hồ sơ"),
    ("loai", "Loại"),
)


def _filter(request: HttpRequest, params: QueryDict) -> tuple[PeopleFilterForm, PeopleFilter, int, int]:
    as_of = today()
    units = [
        (n.version.unit_id, ("  " * n.depth) + n.version.name)
        for n in org_tree(user=request.user, as_of=as_of)
    ]
    ethnicities = catalogues.ETHNIC_GROUPS.choices() if can_see_sensitive(request.user) else None
    form = PeopleFilterForm(params or None, units=units, ethnicities=ethnicities)
    f = PeopleFilter(as_of=as_of)
    page, per_page = 1, 50
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        f = PeopleFilter(
            q=data["q"] or "",
            unit_id=data["don_vi"],
            as_of=data["ngay"] or as_of,
            leaders_only=data["lanh_dao"],
            post_code=data["chuc_vu"] or "",
            age_from=data["tuoi_tu"],
            age_to=data["tuoi_den"],
            sex=data["gioi_tinh"] or "",
            category=data["loai"] or "",
            ethnicity=data.get("dan_toc") or "",
            order=data["sap_xep"] or "",
        )
        page = data["trang"] or 1
        per_page = data["so_dong"] or 50
    return form, f, page, per_page


def _described(form: PeopleFilterForm, f: PeopleFilter) -> str:
    """The filter in words, for the access log (the sensitive field by its name)."""
    parts = [f"ngày {f.as_of:%d/%m/%Y}"] if f.as_of else []
    if f.ethnicity:
        parts.append(f"dân tộc: {catalogues.ETHNIC_GROUPS.label(f.ethnicity)}")
    if f.unit_id:
        parts.append(f"đơn vị #{f.unit_id}")
    for label, value in (
        ("họ tên", f.q),
        ("giới tính", f.sex),
        ("loại", f.category),
        ("chức vụ", f.post_code),
    ):
        if value:
            parts.append(f"{label}: {value}")
    if f.leaders_only:
        parts.append("chỉ lãnh đạo")
    if f.age_from is not None or f.age_to is not None:
        parts.append(f"tuổi {f.age_from or ''}–{f.age_to or ''}")
    return "; ".join(parts)


@login_required
@require_http_methods(["GET", "POST"])
def person_list(request: HttpRequest) -> HttpResponse:
    """The list and its filters. The filter form is sent by POST and answered with the list's address,
    whose sensitive filters are sealed (core.private_query); a list filtered by a sensitive field is
    recorded as an access to those people's data."""
    if request.method == "POST":
        address = f"{request.path}?{conceal(request.POST, PRIVATE).urlencode()}"
        if not request.headers.get("HX-Request"):
            return redirect(address)
        params = reveal(conceal(request.POST, PRIVATE), PRIVATE)
    elif exposed(request.GET, PRIVATE):
        return redirect(f"{request.path}?{conceal(request.GET, PRIVATE).urlencode()}")
    else:
        params, address = reveal(request.GET, PRIVATE), ""
    form, f, page_number, per_page = _filter(request, params)
    page = people_page(user=request.user, f=f, page=page_number, per_page=per_page)
    if f.ethnicity:
        sensitive_access_record(
            actor=request.user,
            where="filter",
            people=[p.pk for p in page],
            detail=f"Danh sách lọc ({page.paginator.count} người, trang {page.number}): "
            + _described(form, f),
        )
    query = conceal(params, PRIVATE)
    query.pop("trang", None)
    export_query = query.copy()
    export_query.pop("so_dong", None)  # the file holds every page
    unsorted = query.copy()
    unsorted.pop("sap_xep", None)
    sized = query.copy()
    sized.pop("so_dong", None)
    people_unit_names(people=list(page), as_of=f.as_of or today())  # person.unit_name
    context = {
        "form": form,
        "page": page,
        "as_of": f.as_of,
        "order": f.order,
        "per_page": per_page,
        "page_sizes": PAGE_SIZES,
        "sort_columns": SORT_COLUMNS,
        "query": query.urlencode(),
        "unsorted_query": unsorted.urlencode(),
        "sized_query": sized.urlencode(),
        "export_query": export_query.urlencode(),
        "can_import": user_can(request.user, "change"),
        "can_read_access_log": can_read_access_log(request.user),
    }
    template = "people/_table.html" if request.headers.get("HX-Request") else "people/list.html"
    response = render(request, template, context)
    if address:
        response["HX-Push-Url"] = address
    return response


@login_required
@require_GET
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_get(user=request.user, pk=pk)
    sensitive = can_see_sensitive(request.user)
    if sensitive:
        sensitive_access_record(actor=request.user, person=person, where="page")
    timeline = person_timeline(person=person)
    planning = list(person.planning.select_related("post", "unit"))
    context = {
        "person": person,
        "unit_name": person_unit_names(person=person, timeline=timeline, planning=planning),
        "sensitive": sensitive,
        "ethnicity": catalogues.ETHNIC_GROUPS.label(person.ethnicity),
        "religion": catalogues.RELIGIONS.label(person.religion),
        "political": catalogues.POLITICAL_THEORY.label(person.political_theory),
        "qualification": catalogues.QUALIFICATIONS.label(person.qualification),
        "timeline": timeline,
        "languages": person.languages.all(),
        "evaluations": person.evaluations.all(),
        "planning": planning,
        "trainings": person.trainings.all(),
        "history": person_history(person=person)[:30],
    }
    return render(request, "people/person.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def export(request: HttpRequest) -> HttpResponse:
    """The list's people as the Excel template. Recorded with its filter and people; more people than
    the setting CANBO_EXPORT_REASON_OVER asks for a reason first (a small form, sent by POST)."""
    params = reveal(request.POST if request.method == "POST" else request.GET, PRIVATE)
    form, f, _page, _size = _filter(request, params)
    reason = request.POST.get("ly_do", "") if request.method == "POST" else ""
    try:
        content = people_export(
            actor=request.user, f=f, reason=reason, detail=f"Xuất Excel: {_described(form, f)}"
        )
    except ReasonRequired as exc:
        context = {"message": exc.message, "query": conceal(params, PRIVATE).urlencode(), "reason": reason}
        return render(request, "people/export_reason.html", context, status=400 if reason else 200)
    return _download(content, f"can-bo-{today():%Y%m%d}.xlsx")


@login_required
@require_GET
def template(request: HttpRequest) -> HttpResponse:
    return _download(template_xlsx(units=template_units(user=request.user)), "mau-danh-sach-can-bo.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def import_view(request: HttpRequest) -> HttpResponse:
    if not user_can(request.user, "change"):
        raise NotAllowed("Bạn không có quyền nhập danh sách cán bộ.")
    form = PeopleImportForm(request.POST if request.method == "POST" else None, request.FILES or None)
    errors: list[RowError] = []
    names: dict[int, str] = {}  # the person each refused row names
    if request.method == "POST" and form.is_valid():
        from canbo.org.models import Unit, UnitVersion

        as_of = form.cleaned_data["ngay"] or today()
        units = dict(Unit.objects.values_list("code", "id"))
        kinds = dict(UnitVersion.objects.as_of(as_of).values_list("unit__code", "kind"))
        rows: list[Any] = []
        try:
            upload = form.cleaned_data["tep"]
            data = read_upload(upload)
            rows = rows_from_excel(data, units=units, today=today(), kinds=kinds, as_of=as_of)
            result = people_import(
                actor=request.user,
                rows=rows,
                on=as_of,
                dry_run=form.cleaned_data["chay_thu"],
                source=ImportSource(upload.name, data),
            )
        except InputRejected as exc:
            errors = exc.errors
            names = getattr(exc, "names", None) or {r.row: r.full_name for r in rows}
        else:
            messages.success(request, result.summary())
            if not request.headers.get("HX-Request"):
                return redirect("people:import")
        request.session["people_import_errors"] = errors_for_session(errors)
        request.session["people_import_names"] = {str(row): name for row, name in names.items()}
    elif request.method == "POST":  # no file chosen, or a date that is not one
        errors = [
            RowError(str(message), column=str(form.fields[name].label))
            for name, messages_ in form.errors.items()
            if name != "tep"
            for message in messages_
        ]
        if "tep" in form.errors:
            errors.insert(0, RowError("Chưa chọn tệp Excel.", column="Tệp"))
    template_name = (
        "people/_import_result.html" if request.headers.get("HX-Request") else "people/import.html"
    )
    named = [(e, names.get(e.row, "") if e.row is not None else "") for e in errors[:500]]
    context = {"form": form, "errors": errors, "named_errors": named, "today": today()}
    return render(request, template_name, context, status=400 if errors else 200)


@login_required
@require_GET
def import_errors(request: HttpRequest) -> HttpResponse:
    errors = [RowError(**e) for e in request.session.get("people_import_errors", [])]
    names = request.session.get("people_import_names", {})
    return _download(import_errors_xlsx(errors, names), "loi-nhap-can-bo.xlsx")


ACCESS_LINES_SHOWN = 1000


@login_required
@require_GET
def access_log(request: HttpRequest) -> HttpResponse:
    """Who read whose protected data, and from where, between two days (the administrator and Sở Nội
    vụ): the page shows the first lines, the Excel file all of them."""
    if not can_read_access_log(request.user):
        raise NotAllowed("Chỉ quản trị hệ thống và Sở Nội vụ được xem nhật ký truy cập dữ liệu cá nhân.")
    initial = {"tu": today() - dt.timedelta(days=3), "den": today()}
    form = AccessLogForm(request.GET or None, initial=initial)
    lines: list[Any] = []
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        lines = access_incident(
            user=request.user,
            start=_midnight(data["tu"]),
            end=_midnight(data["den"] + dt.timedelta(days=1)),
            person_id=data["nguoi"],
            actor=data["tai_khoan"] or "",
        )
        if request.GET.get("dinh_dang") == "xlsx":
            return _download(access_lines_xlsx(lines), f"truy-cap-du-lieu-ca-nhan-{today():%Y%m%d}.xlsx")
    context = {
        "form": form,
        "lines": lines[:ACCESS_LINES_SHOWN],
        "total": len(lines),
        "query": request.GET.urlencode(),
    }
    return render(request, "people/access_log.html", context)


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))
