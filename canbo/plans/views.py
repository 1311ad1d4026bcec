"""Plan pages. Thin: parse input, call one selector or service, render."""

import datetime as dt
import logging
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import models
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from canbo.accounts.scope import is_home_affairs, user_can
from canbo.audit.selectors import audit_entries_for
from canbo.core.dates import as_of_or_today, today
from canbo.core.entry import page_year
from canbo.core.errors import Conflict, InputRejected, NotAllowed, NotFound, OutOfScope, RowError
from canbo.core.files import read_upload
from canbo.core.http import refusals_as_messages
from canbo.core.scoping import get_scoped_or_404
from canbo.org.selectors import unit_get, unit_holders
from canbo.plans.choices import Review, Status
from canbo.plans.forms import (
    AnswerForm,
    ExtensionDecisionForm,
    ExtensionRequestForm,
    PlanImportForm,
    ReportForm,
    ReviewForm,
    report_initial,
)
from canbo.plans.io.excel import plan_from_excel, template_xlsx
from canbo.plans.io.reports import (
    annual_appendix_xlsx,
    annual_report_docx,
    occurrence_list_xlsx,
    reports_waiting_xlsx,
    results_xlsx,
)
from canbo.plans.models import Extension, Obstacle, Occurrence, Plan, Reminder, Report, Task
from canbo.plans.selectors import (
    dashboard as dashboard_data,
)
from canbo.plans.selectors import (
    evaluation_results,
    latest_reports,
    notifications_for,
    occurrence_row,
    occurrence_rows,
    occurrences_visible,
    reminders_for,
    report_document,
    reports_waiting,
    score_basis,
    task_level_note,
)
from canbo.plans.selectors import (
    occurrence_list as occurrence_list_data,
)
from canbo.plans.services import (
    ReportInput,
    extension_decide,
    extension_request,
    notifications_mark_read,
    obstacle_answer,
    plan_import,
    reminders_request,
    report_review,
    report_submit,
    reports_accept,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

logger = logging.getLogger(__name__)


def _plan() -> Plan:
    plan = Plan.objects.order_by("-period_from", "code").first()
    if plan is None:
        raise NotFound("Chưa có kế hoạch nào (chạy: canbo plan load builtin).")
    return plan


def _download(content: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    as_of, error = as_of_or_today(request.GET.get("ngay", ""))
    data = dashboard_data(user=request.user, as_of=as_of)
    context = {
        "data": data,
        "as_of": as_of,
        "date_error": error,
        "plan": Plan.objects.order_by("-period_from").first(),
        "years": range(2022, as_of.year + 1),
        "is_home_affairs": is_home_affairs(request.user),
    }
    return render(request, "plans/dashboard.html", context)


LIST_SIZE = 50  # rows per page of the plan's lists


def _int(value: str | None) -> int | None:
    text = (value or "").strip()
    return int(text) if text.isdigit() and len(text) < 10 else None


def _query(request: HttpRequest, *drop: str) -> str:
    """The page's filters as its address carries them, without `drop` (the sort, the page)."""
    params = request.GET.copy()
    for name in ("trang", "dinh_dang", *drop):
        params.pop(name, None)
    return params.urlencode()


@login_required
@require_GET
def occurrence_list(request: HttpRequest) -> HttpResponse:
    as_of, error = as_of_or_today(request.GET.get("ngay", ""))
    get = request.GET
    found = occurrence_list_data(
        user=request.user,
        as_of=as_of,
        code=get.get("ma", "").strip(),
        status=get.get("trang_thai", ""),
        agency_id=_int(get.get("co_quan")),
        year=_int(get.get("nam")),
        period=get.get("ky", ""),
        sort=get.get("sap_xep", ""),
    )
    if get.get("dinh_dang") == "xlsx":
        return _download(
            occurrence_list_xlsx(rows=found.rows, as_of=as_of), f"nhiem-vu-{as_of:%Y%m%d}.xlsx", XLSX
        )
    context = {
        "rows": Paginator(found.rows, LIST_SIZE).get_page(get.get("trang")),
        "total": len(found.rows),
        "found": found,
        "as_of": as_of,
        "date_error": error,
        "statuses": Status.choices,
        "status": get.get("trang_thai", ""),
        "code": get.get("ma", "").strip(),
        "agency_id": _int(get.get("co_quan")),
        "year": _int(get.get("nam")),
        "period": get.get("ky", ""),
        "sort": get.get("sap_xep", ""),
        "query": _query(request),
        "query_unsorted": _query(request, "sap_xep"),
        "sortable": True,
        "can_remind": is_home_affairs(request.user) and user_can(request.user, "change"),
    }
    template = (
        "plans/_occurrence_table.html" if request.headers.get("HX-Request") else "plans/occurrence_list.html"
    )
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def review_queue(request: HttpRequest) -> HttpResponse:
    """Reports waiting for Sở Nội vụ: filters in the address, sort, pages, Excel of the filtered list,
    and several accepted at once with one comment (issue 13.7)."""
    if request.method == "POST":
        return _accept_many(request)
    as_of, error = as_of_or_today(request.GET.get("ngay", ""))
    get = request.GET
    reports = reports_waiting(
        user=request.user,
        as_of=as_of,
        agency_id=_int(get.get("co_quan")),
        year=_int(get.get("nam")),
        period=get.get("ky", ""),
        sort=get.get("sap_xep", "ma"),
    )
    if get.get("dinh_dang") == "xlsx":
        return _download(
            reports_waiting_xlsx(reports=reports), f"bao-cao-cho-xem-xet-{as_of:%Y%m%d}.xlsx", XLSX
        )
    everything = reports_waiting(user=request.user, as_of=as_of)  # what the filters offer
    context = {
        "reports": Paginator(reports, LIST_SIZE).get_page(get.get("trang")),
        "total": len(reports),
        "agencies": sorted(  # the agencies answering for the work on as_of, as the filter compares
            {(p.agency_id, p.agency_name) for p in everything if p.agency_id}, key=lambda a: a[1]
        ),
        "years": sorted({p.occurrence.year for p in everything if p.occurrence.year}),
        "periods": sorted({p.occurrence.period for p in everything}),
        "agency_id": _int(get.get("co_quan")),
        "year": _int(get.get("nam")),
        "period": get.get("ky", ""),
        "sort": get.get("sap_xep", "ma"),
        "as_of": as_of,
        "date_error": error,
        "query": _query(request),
        "query_unsorted": _query(request, "sap_xep"),
        "can_review": is_home_affairs(request.user) and user_can(request.user, "change"),
    }
    return render(request, "plans/review_queue.html", context)


def _back(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next", "")
    return (
        target
        if url_has_allowed_host_and_scheme(target, allowed_hosts=None) and target.startswith("/")
        else default
    )


def _accept_many(request: HttpRequest) -> HttpResponse:
    back = _back(request, reverse("plans:review_queue"))
    ids = [int(v) for v in request.POST.getlist("bao_cao") if v.isdigit()]
    reports = [get_scoped_or_404(Report, request.user, pk) for pk in ids]
    try:
        done = reports_accept(
            actor=request.user, reports=reports, comment=request.POST.get("comment", ""), on=today()
        )
    except (InputRejected, Conflict, NotAllowed) as exc:  # shown above the list; nothing was accepted
        messages.error(request, f"Chưa chấp nhận báo cáo nào: {exc.message}")
    else:
        messages.success(request, f"Đã chấp nhận {len(done)} báo cáo.")
    return redirect(back)


@login_required
@require_POST
def remind(request: HttpRequest) -> HttpResponse:
    """ "Nhắc việc": Sở Nội vụ reminds the agencies of the chosen occurrences now (issue 13.5, 13.7)."""
    back = _back(request, reverse("plans:occurrences"))
    ids = [int(v) for v in request.POST.getlist("luot") if v.isdigit()]
    occurrences = [get_scoped_or_404(Occurrence, request.user, pk) for pk in ids]
    try:
        result = reminders_request(actor=request.user, occurrences=occurrences, on=today())
    except (InputRejected, NotAllowed) as exc:
        messages.error(request, exc.message)
    else:
        if result.recorded:
            agencies = sorted({r.unit_id for r in result.recorded})
            messages.success(
                request,
                f"Đã nhắc {len(result.recorded)} nhiệm vụ của {len(agencies)} cơ quan (thư gửi ngay).",
            )
        for line in result.skipped:
            messages.warning(request, f"Không nhắc {line}.")
    return redirect(back)


@login_required
@require_http_methods(["GET", "POST"])
def notifications(request: HttpRequest) -> HttpResponse:
    """The user's notifications; POST marks them read (all, or the one named)."""
    if request.method == "POST":
        one = _int(request.POST.get("thong_bao"))
        notifications_mark_read(actor=request.user, ids=[one] if one else None)
        return redirect(_back(request, reverse("plans:notifications")))
    page = Paginator(notifications_for(user=request.user), LIST_SIZE).get_page(request.GET.get("trang"))
    return render(request, "plans/notifications.html", {"page": page})


@login_required
@require_GET
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    as_of, error = as_of_or_today(request.GET.get("ngay", ""))
    task = get_object_or_404(Task.objects.select_related("plan", "section", "lead_unit"), pk=pk)
    rows = occurrence_rows(
        user=request.user, as_of=as_of, queryset=occurrences_visible(user=request.user).filter(task=task)
    )
    if not rows and not task.detailed_in and not is_home_affairs(request.user):
        raise OutOfScope("Nhiệm vụ không thuộc phạm vi của bạn.")
    context = {
        "task": task,
        "rows": rows,
        "total": len(rows),
        "can_remind": is_home_affairs(request.user) and user_can(request.user, "change"),
        "as_of": as_of,
        "date_error": error,
        "lead_over_time": unit_holders(unit=task.lead_unit) if task.lead_unit else [],
        "level_note": task_level_note(task=task),
        "reminders": Reminder.objects.restrict(request.user, "view")  # type: ignore[attr-defined]
        .filter(occurrence__task=task)
        .select_related("occurrence", "unit")[:100],
        "history": audit_entries_for(obj=task)[:20],
    }
    return render(request, "plans/task_detail.html", context)


def _occurrence_context(request: HttpRequest, occurrence: Occurrence, **extra: Any) -> dict[str, Any]:
    row = occurrence_row(user=request.user, pk=occurrence.pk, as_of=today())
    can_change = occurrences_visible(user=request.user, action="change").filter(pk=occurrence.pk).exists()
    begun = occurrence.starts_on <= today()  # no report on a period that has not begun (issue 12.7)
    finished = row.status in (Status.DONE_ON_TIME, Status.DONE_LATE, Status.SUBMITTED)
    latest = latest_reports([occurrence]).get(occurrence.pk)
    returned = latest if latest is not None and latest.review == Review.RETURNED else None
    return {
        "row": row,
        "occurrence": occurrence,
        "reports": occurrence.reports.select_related("submitted_by", "reviewed_by").order_by(
            "-submitted_on", "-submitted_at"
        ),
        "extensions": occurrence.extensions.select_related("requested_by", "decided_by").order_by(
            "-requested_on"
        ),
        "obstacles": occurrence.obstacles.order_by("-raised_on"),
        "reminders": reminders_for(user=request.user, occurrence=occurrence),
        "responsible_over_time": unit_holders(unit=occurrence.unit),
        "can_report": can_change and begun,
        "not_begun": can_change and not begun,
        "can_extend": can_change and begun and occurrence.original_due is not None and not finished,
        "is_home_affairs": is_home_affairs(request.user),
        "remindable": [Status.ON_TIME, Status.OVERDUE, Status.NO_DEADLINE],
        # The agency resubmits from the returned report, its reviewer's comment above the form (13.6);
        # Sở Nội vụ, who returned it, is not asked to.
        "returned": returned if can_change and begun and not is_home_affairs(request.user) else None,
        "report_form": extra.pop("report_form", None) or ReportForm(initial=report_initial(returned)),
        "extension_form": extra.pop("extension_form", None) or ExtensionRequestForm(),
        "errors": extra.pop("errors", []),
        "history": audit_entries_for(obj=occurrence)[:20],
        **extra,
    }


def _back_to_occurrence(model: type[models.Model]) -> Any:
    """Where a decision on a report, an extension or an obstacle goes back to: its occurrence's page."""

    def back(request: HttpRequest, pk: int) -> str:
        obj = get_scoped_or_404(model, request.user, pk)
        return reverse("plans:occurrence", args=[obj.occurrence_id])

    return back


@login_required
@require_GET
def occurrence_detail(request: HttpRequest, pk: int) -> HttpResponse:
    occurrence = get_scoped_or_404(Occurrence, request.user, pk)
    notifications_mark_read(actor=request.user, occurrence=occurrence)  # what they were told, now seen
    return render(request, "plans/occurrence.html", _occurrence_context(request, occurrence))


@login_required
@require_POST
def report_create(request: HttpRequest, pk: int) -> HttpResponse:
    occurrence = get_scoped_or_404(Occurrence, request.user, pk, "change")
    form = ReportForm(request.POST, request.FILES)
    errors: list[RowError] = []
    if form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("document_file")
        try:
            report_submit(
                actor=request.user,
                occurrence=occurrence,
                data=ReportInput(
                    **data,
                    file_name=upload.name if upload else "",
                    file_content=read_upload(upload, column="Tệp văn bản") if upload else None,
                    keep_file_of=_int(request.POST.get("giu_tep")) if not upload else None,
                ),
                on=today(),
            )
        except InputRejected as exc:  # shown with the form (the other refusals are the middleware's)
            errors = exc.errors
        else:
            messages.success(request, "Đã gửi báo cáo; Sở Nội vụ sẽ xem xét.")
            return redirect("plans:occurrence", pk=occurrence.pk)
    context = _occurrence_context(request, occurrence, report_form=form, errors=errors)
    return render(request, "plans/occurrence.html", context, status=400)


@login_required
@require_POST
@refusals_as_messages(back=_back_to_occurrence(Report))
def report_decide(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_scoped_or_404(Report, request.user, pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Thiếu quyết định xem xét.")
    else:
        report_review(
            actor=request.user,
            report=report,
            accept=form.cleaned_data["decision"] == "nhan",
            comment=form.cleaned_data["comment"],
            on=today(),
        )
        messages.success(request, "Đã ghi kết quả xem xét báo cáo.")
    return redirect("plans:occurrence", pk=report.occurrence_id)


@login_required
@require_POST
def extension_create(request: HttpRequest, pk: int) -> HttpResponse:
    occurrence = get_scoped_or_404(Occurrence, request.user, pk, "change")
    form = ExtensionRequestForm(request.POST)
    errors: list[RowError] = []
    if form.is_valid():
        try:
            extension_request(actor=request.user, occurrence=occurrence, on=today(), **form.cleaned_data)
        except InputRejected as exc:  # shown with the form (the other refusals are the middleware's)
            errors = exc.errors
        else:
            messages.success(request, "Đã gửi đề nghị gia hạn.")
            return redirect("plans:occurrence", pk=occurrence.pk)
    context = _occurrence_context(request, occurrence, extension_form=form, extension_errors=errors)
    return render(request, "plans/occurrence.html", context, status=400)


@login_required
@require_POST
@refusals_as_messages(back=_back_to_occurrence(Extension))
def extension_update(request: HttpRequest, pk: int) -> HttpResponse:
    extension = get_scoped_or_404(Extension, request.user, pk)
    form = ExtensionDecisionForm(request.POST)
    if form.is_valid():
        extension_decide(
            actor=request.user,
            extension=extension,
            grant=form.cleaned_data["decision"] == "dong_y",
            comment=form.cleaned_data["comment"],
            on=today(),
        )
        messages.success(request, "Đã ghi quyết định gia hạn.")
    else:
        messages.error(request, "Thiếu quyết định gia hạn (đồng ý hoặc không đồng ý).")
    return redirect("plans:occurrence", pk=extension.occurrence_id)


@login_required
@require_POST
@refusals_as_messages(back=_back_to_occurrence(Obstacle))
def obstacle_update(request: HttpRequest, pk: int) -> HttpResponse:
    obstacle = get_scoped_or_404(Obstacle, request.user, pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        obstacle_answer(actor=request.user, obstacle=obstacle, answer=form.cleaned_data["answer"], on=today())
        messages.success(request, "Đã trả lời vướng mắc.")
    else:
        messages.error(request, "Phải ghi nội dung trả lời.")
    return redirect("plans:occurrence", pk=obstacle.occurrence_id)


@login_required
@require_GET
def report_file(request: HttpRequest, pk: int) -> FileResponse:
    handle = report_document(user=request.user, pk=pk)
    return FileResponse(handle, as_attachment=True, filename=str(handle.name).rsplit("/", 1)[-1])


@login_required
@require_GET
def agency(request: HttpRequest, pk: int) -> HttpResponse:
    as_of, error = as_of_or_today(request.GET.get("ngay", ""))
    unit = unit_get(user=request.user, pk=pk, as_of=as_of)
    rows = [
        r
        for r in occurrence_rows(user=request.user, as_of=as_of)
        if r.responsible and r.responsible.pk == unit.pk
    ]
    counts = {status: sum(1 for r in rows if r.status == status) for status in Status}
    context = {"unit": unit, "rows": rows, "counts": counts, "as_of": as_of, "date_error": error}
    return render(request, "plans/agency.html", context)


@login_required
@require_GET
def annual_report(request: HttpRequest) -> HttpResponse:
    year = page_year(request.GET.get("nam"), default=today().year)
    plan = _plan()
    if request.GET.get("dinh_dang") == "xlsx":
        content = annual_appendix_xlsx(user=request.user, plan=plan, year=year)
        return _download(content, f"phu-luc-bao-cao-{year}.xlsx", XLSX)
    return _download(
        annual_report_docx(user=request.user, plan=plan, year=year), f"bao-cao-{year}.docx", DOCX
    )


@login_required
@require_GET
def results(request: HttpRequest) -> HttpResponse:
    year = page_year(request.GET.get("nam"), default=today().year)
    as_of = min(today(), dt.date(year, 12, 31))
    rows = evaluation_results(user=request.user, year=year, as_of=as_of)
    provisional = as_of < dt.date(year, 12, 31)
    if request.GET.get("dinh_dang") == "xlsx":
        name = f"ket-qua-danh-gia-{year}{'-tam-tinh' if provisional else ''}.xlsx"
        return _download(results_xlsx(results=rows, year=year, as_of=as_of), name, XLSX)
    context = {
        "rows": rows,
        "year": year,
        "as_of": as_of,
        "provisional": provisional,
        "basis": score_basis(),
        "years": range(2022, today().year + 1),
    }
    return render(request, "plans/results.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_upload(request: HttpRequest) -> HttpResponse:
    if not (is_home_affairs(request.user) and user_can(request.user, "change")):
        raise NotAllowed("Chỉ Sở Nội vụ được nạp kế hoạch.")
    form = PlanImportForm(request.POST or None, request.FILES or None)
    errors: list[RowError] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            spec = plan_from_excel(
                read_upload(data["file"]),
                code=data["code"],
                title=data["title"],
                issuer=data["issuer"],
                period_from=data["period_from"],
                period_to=data["period_to"],
                starts_on=dt.date(data["period_from"], 1, 1),
            )
            result = plan_import(actor=request.user, spec=spec, dry_run=data["dry_run"])
        except InputRejected as exc:  # every row's problem shown on the page
            errors = exc.errors
        else:
            messages.success(request, result.summary())
            return redirect("plans:import")
    status = 400 if errors or (request.method == "POST" and not form.is_valid()) else 200
    return render(request, "plans/import.html", {"form": form, "errors": errors}, status=status)


@login_required
@require_GET
def template(request: HttpRequest) -> HttpResponse:
    return _download(template_xlsx(), "mau-ke-hoach.xlsx", XLSX)
