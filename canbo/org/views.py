"""Organisation pages. Thin: parse input, call a selector or a service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from canbo.accounts.scope import user_can
from canbo.audit.selectors import audit_entries_for
from canbo.core.dates import as_of_or_today, today
from canbo.core.errors import InputRejected, NotAllowed, RowError, errors_for_session
from canbo.core.excel import errors_workbook
from canbo.core.files import read_upload
from canbo.org.io.excel import dataset_from_excel, dataset_to_excel
from canbo.org.selectors import org_dataset, org_tree, unit_get, unit_lineage, unit_version_as_of
from canbo.org.services import org_import

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_GET
def tree(request: HttpRequest) -> HttpResponse:
    as_of, error = as_of_or_today(request.GET.get("ngay", ""))
    context = {
        "as_of": as_of,
        "as_of_iso": as_of.isoformat(),
        "date_error": error,
        "nodes": org_tree(user=request.user, as_of=as_of),
        "can_import": user_can(request.user, "change"),
    }
    template = "org/_tree.html" if request.headers.get("HX-Request") else "org/tree.html"
    return render(request, template, context)


@login_required
@require_GET
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    as_of, error = as_of_or_today(request.GET.get("ngay", ""))
    unit = unit_get(user=request.user, pk=pk, as_of=as_of)
    versions = list(unit.versions.select_related("parent").order_by("valid_from"))
    current = unit_version_as_of(unit=unit, as_of=as_of) or (versions[-1] if versions else None)
    context = {
        "unit": unit,
        "current": current,
        "versions": versions,
        "lineage": unit_lineage(unit=unit),
        "history": audit_entries_for(obj=unit)[:50],
        "as_of": as_of,
        "as_of_iso": as_of.isoformat(),
        "date_error": error,
    }
    return render(request, "org/unit_detail.html", context)


@login_required
@require_GET
def export_excel(request: HttpRequest) -> HttpResponse:
    content = dataset_to_excel(org_dataset(user=request.user))
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="to-chuc-{today():%Y%m%d}.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def import_excel(request: HttpRequest) -> HttpResponse:
    if not user_can(request.user, "change"):
        raise NotAllowed("Bạn không có quyền nhập dữ liệu tổ chức.")
    errors: list[RowError] = []
    if request.method == "POST":
        upload = request.FILES.get("tep")
        dry_run = bool(request.POST.get("chay_thu"))
        if upload is None:
            errors = [RowError("Chưa chọn tệp Excel.")]
        else:
            try:
                dataset = dataset_from_excel(read_upload(upload))
                result = org_import(actor=request.user, dataset=dataset, dry_run=dry_run)
            except InputRejected as exc:  # shown row by row on the page
                errors = exc.errors
            else:
                messages.success(request, result.summary())
                return redirect("org:import")
        request.session["org_import_errors"] = errors_for_session(errors)
    return render(request, "org/import.html", {"errors": errors}, status=400 if errors else 200)


@login_required
@require_GET
def import_errors(request: HttpRequest) -> HttpResponse:
    errors = [RowError(**e) for e in request.session.get("org_import_errors", [])]
    response = HttpResponse(errors_workbook(errors), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="loi-nhap-to-chuc.xlsx"'
    return response
