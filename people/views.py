"""Registry pages. Thin: parse input, call one selector or service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from accounts.scope import user_can
from core.dates import today
from core.errors import InputRejected, RowError, errors_for_session
from core.excel import errors_workbook
from core.files import read_upload
from org.selectors import org_tree
from people import catalogues
from people.forms import PeopleFilterForm, PeopleImportForm
from people.io.excel import rows_from_excel
from people.io.export import people_export_xlsx, template_xlsx
from people.models import Person
from people.selectors import (
    PeopleFilter,
    can_see_sensitive,
    people_page,
    person_get,
    person_history,
    person_timeline,
)
from people.services import ImportSource, people_import, sensitive_access_record

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _filter(request: HttpRequest) -> tuple[PeopleFilterForm, PeopleFilter, int, int]:
    as_of = today()
    units = [
        (n.version.unit_id, ("  " * n.depth) + n.version.name)
        for n in org_tree(user=request.user, as_of=as_of)
    ]
    ethnicities = catalogues.ETHNIC_GROUPS.choices() if can_see_sensitive(request.user) else None
    form = PeopleFilterForm(request.GET or None, units=units, ethnicities=ethnicities)
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
        )
        page = data["trang"] or 1
        per_page = data["so_dong"] or 50
    return form, f, page, per_page


@login_required
@require_GET
def person_list(request: HttpRequest) -> HttpResponse:
    form, f, page_number, per_page = _filter(request)
    page = people_page(user=request.user, f=f, page=page_number, per_page=per_page)
    query = request.GET.copy()
    query.pop("trang", None)
    context = {
        "form": form,
        "page": page,
        "as_of": f.as_of,
        "query": query.urlencode(),
        "can_import": user_can(request.user, "change"),
    }
    template = "people/_table.html" if request.headers.get("HX-Request") else "people/list.html"
    return render(request, template, context)


@login_required
@require_GET
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        person = person_get(user=request.user, pk=pk)
    except Person.DoesNotExist:
        raise Http404("Hồ sơ không thuộc phạm vi của bạn.") from None
    sensitive = can_see_sensitive(request.user)
    if sensitive:
        sensitive_access_record(actor=request.user, person=person, where="page")
    context = {
        "person": person,
        "sensitive": sensitive,
        "ethnicity": catalogues.ETHNIC_GROUPS.label(person.ethnicity),
        "religion": catalogues.RELIGIONS.label(person.religion),
        "political": catalogues.POLITICAL_THEORY.label(person.political_theory),
        "qualification": catalogues.QUALIFICATIONS.label(person.qualification),
        "timeline": person_timeline(person=person),
        "languages": person.languages.all(),
        "evaluations": person.evaluations.all(),
        "planning": person.planning.select_related("post", "unit"),
        "trainings": person.trainings.all(),
        "history": person_history(person=person)[:30],
    }
    return render(request, "people/person.html", context)


@login_required
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    _form, f, _page, _size = _filter(request)
    return _download(people_export_xlsx(user=request.user, f=f), f"can-bo-{today():%Y%m%d}.xlsx")


@login_required
@require_GET
def template(request: HttpRequest) -> HttpResponse:
    return _download(template_xlsx(), "mau-danh-sach-can-bo.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def import_view(request: HttpRequest) -> HttpResponse:
    if not user_can(request.user, "change"):
        raise PermissionDenied
    form = PeopleImportForm(request.POST if request.method == "POST" else None, request.FILES or None)
    errors: list[RowError] = []
    if request.method == "POST" and form.is_valid():
        from org.models import Unit, UnitVersion

        units = dict(Unit.objects.values_list("code", "id"))
        kinds = dict(UnitVersion.objects.as_of(today()).values_list("unit__code", "kind"))
        try:
            upload = form.cleaned_data["tep"]
            data = read_upload(upload)
            rows = rows_from_excel(data, units=units, today=today(), kinds=kinds)
            result = people_import(
                actor=request.user,
                rows=rows,
                on=today(),
                dry_run=form.cleaned_data["chay_thu"],
                source=ImportSource(upload.name, data),
            )
        except InputRejected as exc:
            errors = exc.errors
        else:
            messages.success(request, result.summary())
            if not request.headers.get("HX-Request"):
                return redirect("people:import")
        request.session["people_import_errors"] = errors_for_session(errors)
    elif request.method == "POST":  # no file chosen
        errors = [RowError("Chưa chọn tệp Excel.", column="Tệp")]
    template_name = (
        "people/_import_result.html" if request.headers.get("HX-Request") else "people/import.html"
    )
    return render(request, template_name, {"form": form, "errors": errors}, status=400 if errors else 200)


@login_required
@require_GET
def import_errors(request: HttpRequest) -> HttpResponse:
    errors = [RowError(**e) for e in request.session.get("people_import_errors", [])]
    return _download(errors_workbook(errors), "loi-nhap-can-bo.xlsx")
