"""The training pages (issue 16.1–3): /dao-tao/ (the classes, filtered by year, kind and status), the
catalogue, one class (its learners, an agency proposing its people, Sở Nội vụ's approvals, results and
completion, the Excel lists), the yearly plans (draft from needs, edit, issue, Word and Excel, progress)
and the language programme (cohorts, levels before and after, the international outlook to 2030, the
key cadres' knowledge-update classes per term).

Thin: parse input, call one selector or service, render. Reads are scoped to the user; a refusal is
shown beside an htmx form, or as a message on the page the form came from."""

import datetime as dt
from collections import Counter
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from canbo.accounts.scope import is_home_affairs, user_can
from canbo.core.dates import as_of_or_today, today
from canbo.core.errors import ApplicationError, NotFound
from canbo.core.files import read_upload
from canbo.core.http import act as _act
from canbo.core.http import acted, refused
from canbo.core.http import attachment as _download
from canbo.core.http import form_cleaned as _valid
from canbo.indicators.charts import international_chart
from canbo.indicators.selectors import engine_settings, international_outlook_view
from canbo.org.selectors import agencies_as_of
from canbo.people.choices import TrainingKind
from canbo.people.selectors import before_first_data
from canbo.training import documents, plans, selectors, services, workbook
from canbo.training.choices import ClassStatus, EnrolmentStatus, PlanStatus
from canbo.training.forms import (
    ApproveForm,
    AttendanceForm,
    ClassForm,
    CohortForm,
    CompleteForm,
    CourseForm,
    DecideForm,
    DraftForm,
    ImportForm,
    LineForm,
    ResultForm,
)
from canbo.training.models import PlanLine, PlanLinePerson, TrainingClass, TrainingPlan

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FIRST_YEAR, LAST_YEAR = 2020, 2100


# --- helpers ----------------------------------------------------------------------------------------


def _year(value: object) -> int | None:
    text = str(value or "").strip()
    if not text:
        return None
    if not text.isdigit() or not FIRST_YEAR <= int(text) <= LAST_YEAR:
        raise NotFound(f"Năm không hợp lệ: từ {FIRST_YEAR} đến {LAST_YEAR}.")
    return int(text)


def _home_affairs(user: Any) -> bool:
    return user_can(user, "change") and is_home_affairs(user)


def _organisers(user: Any) -> Any:
    from canbo.org.models import Unit

    ids = [u.pk for u in agencies_as_of(as_of=today())]
    return Unit.objects.filter(pk__in=ids).order_by("code")


def _class(pk: int) -> TrainingClass:
    found = TrainingClass.objects.select_related("course").filter(pk=pk).first()
    if found is None:
        raise NotFound("Không có lớp này.")
    return found


def _class_url(pk: int) -> str:
    return reverse("training:class", args=[pk])


def _plan(year: int) -> TrainingPlan:
    found = TrainingPlan.objects.filter(year=year).first()
    if found is None:
        raise NotFound(f"Chưa có kế hoạch đào tạo, bồi dưỡng năm {year}.")
    return found


def _plan_url(year: int) -> str:
    return reverse("training:plan", args=[year])


# --- the classes and the catalogue ---------------------------------------------------------------


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    year = _year(request.GET.get("nam")) or today().year
    kind = request.GET.get("loai", "")
    status = request.GET.get("trang_thai", "")
    kind = kind if kind in TrainingKind.values else ""
    status = status if status in ClassStatus.values else ""
    context = {
        "year": year,
        "kind": kind,
        "status": status,
        "years": range(max(FIRST_YEAR, today().year - 4), today().year + 3),
        "kinds": TrainingKind.choices,
        "statuses": ClassStatus.choices,
        "classes": selectors.classes_list(user=request.user, year=year, kind=kind, status=status),
        "home_affairs": _home_affairs(request.user),
        "form": ClassForm(organisers=_organisers(request.user), initial={"status": ClassStatus.PLANNED}),
    }
    return render(request, "training/index.html", context)


@login_required
@require_POST
def class_create(request: HttpRequest) -> HttpResponse:
    back = reverse("training:index")
    try:
        form = ClassForm(request.POST, organisers=_organisers(request.user))
        _valid(form)
        created = services.class_create(actor=request.user, data=form.values())
    except ApplicationError as refusal:
        return refused(request, refusal, back)
    return acted(request, f"Đã mở lớp “{created.name}”.", _class_url(created.pk))


@login_required
@require_GET
def courses(request: HttpRequest) -> HttpResponse:
    context = {
        "courses": selectors.courses_list(user=request.user),
        "home_affairs": _home_affairs(request.user),
        "form": CourseForm(),
    }
    return render(request, "training/courses.html", context)


@login_required
@require_POST
def course_create(request: HttpRequest) -> HttpResponse:
    back = reverse("training:courses")

    def act() -> str:
        data = _valid(CourseForm(request.POST))
        course = services.course_create(actor=request.user, data=data)
        return f"Đã thêm chương trình “{course.name}”."

    return _act(request, back, act)


# --- one class -----------------------------------------------------------------------------------------


@login_required
@require_GET
def class_view(request: HttpRequest, pk: int) -> HttpResponse:
    detail = selectors.class_detail(user=request.user, pk=_class(pk).pk)
    query = request.GET.get("tim", "").strip()
    can_propose = user_can(request.user, "change")
    training_class = detail.training_class
    is_open = training_class.status not in (ClassStatus.COMPLETED, ClassStatus.CANCELLED)
    context = {
        "detail": detail,
        "c": training_class,
        "counts": [(label, detail.counts.get(code, 0)) for code, label in EnrolmentStatus.choices],
        "home_affairs": _home_affairs(request.user),
        "can_propose": can_propose and is_open,
        "is_open": is_open,
        "query": query,
        "found": selectors.proposable_people(user=request.user, training_class=training_class, query=query)
        if can_propose and is_open and query
        else [],
        "language": training_class.course.kind == TrainingKind.LANGUAGE,
        "statuses": EnrolmentStatus,
    }
    return render(request, "training/class.html", context)


@login_required
@require_POST
def propose(request: HttpRequest, pk: int) -> HttpResponse:
    from canbo.people.models import Person

    training_class = _class(pk)

    def act() -> str:
        raw = str(request.POST.get("person") or "")
        scoped = Person.objects.restrict(request.user, "change")  # type: ignore[attr-defined]
        person = scoped.filter(pk=int(raw)).first() if raw.isdigit() else None
        if person is None:
            raise NotFound("Không có người này trong phạm vi của bạn.")
        services.enrolment_propose(actor=request.user, training_class=training_class, person=person)
        return f"Đã đề nghị cử {person.full_name} đi học."

    return _act(request, _class_url(pk), act)


def _enrolment_action(request: HttpRequest, pk: int, do: Callable[[Any], str]) -> HttpResponse:
    enrolment = selectors.enrolment_for(user=request.user, pk=pk, action="change")
    return _act(request, _class_url(enrolment.training_class_id), lambda: do(enrolment))


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    def do(enrolment: Any) -> str:
        data = _valid(DecideForm(request.POST))
        done = services.enrolment_decide(
            actor=request.user, enrolment=enrolment, approve=data["approve"], note=data["note"]
        )
        return f"{done.person.full_name}: {done.get_status_display().lower()}."

    return _enrolment_action(request, pk, do)


@login_required
@require_POST
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    def do(enrolment: Any) -> str:
        data = _valid(AttendanceForm(request.POST))
        done = services.attendance_record(actor=request.user, enrolment=enrolment, attended=data["attended"])
        return f"{done.person.full_name}: {done.get_status_display().lower()}."

    return _enrolment_action(request, pk, do)


@login_required
@require_POST
def result(request: HttpRequest, pk: int) -> HttpResponse:
    def do(enrolment: Any) -> str:
        data = _valid(ResultForm(request.POST))
        done = services.result_record(actor=request.user, enrolment=enrolment, **data)
        return f"Đã ghi kết quả của {done.person.full_name}."

    return _enrolment_action(request, pk, do)


@login_required
@require_POST
def complete(request: HttpRequest, pk: int) -> HttpResponse:
    training_class = _class(pk)

    def act() -> str:
        data = _valid(CompleteForm(request.POST))
        written = services.class_complete(
            actor=request.user, training_class=training_class, certified_on=data["certified_on"]
        )
        return f"Lớp đã kết thúc; đã ghi kết quả của {written} học viên đạt vào hồ sơ."

    return _act(request, _class_url(pk), act)


@login_required
@require_GET
def class_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    training_class = _class(pk)
    data = workbook.enrolments_xlsx(user=request.user, training_class=training_class)
    return _download(data, f"hoc-vien-lop-{training_class.pk}.xlsx", XLSX)


@login_required
@require_POST
def class_import(request: HttpRequest, pk: int) -> HttpResponse:
    training_class = _class(pk)
    results = request.POST.get("loai") == "ket-qua"

    def act() -> str:
        form = ImportForm(request.POST, request.FILES)
        _valid(form)
        data = read_upload(form.cleaned_data["file"])
        if results:
            n = workbook.results_import(actor=request.user, training_class=training_class, data=data)
            return f"Đã nhập kết quả của {n} học viên."
        n = workbook.enrolments_import(actor=request.user, training_class=training_class, data=data)
        return f"Đã đề nghị {n} người từ tệp."

    return _act(request, _class_url(pk), act)


# --- the yearly plan ---------------------------------------------------------------------------------


@login_required
@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    context = {
        "plans": TrainingPlan.objects.all(),
        "home_affairs": _home_affairs(request.user),
        "form": DraftForm(initial={"year": today().year + (1 if today().month >= 10 else 0)}),
    }
    return render(request, "training/plans.html", context)


@login_required
@require_POST
def plan_draft(request: HttpRequest) -> HttpResponse:
    back = reverse("training:plans")
    try:
        data = _valid(DraftForm(request.POST))
        plan = plans.plan_draft(
            actor=request.user, year=data["year"], as_of=data["as_of"], replace=data["replace"]
        )
    except ApplicationError as refusal:
        return refused(request, refusal, back)
    return acted(request, f"Đã lập dự thảo kế hoạch năm {plan.year} từ nhu cầu.", _plan_url(plan.year))


@login_required
@require_GET
def plan_view(request: HttpRequest, year: int) -> HttpResponse:
    plan = _plan(year)
    progress = selectors.plan_progress(user=request.user, plan=plan)
    editable = _home_affairs(request.user) and plan.status == PlanStatus.DRAFT
    shown = request.GET.get("nguoi")
    people: list[Any] = []
    shown_line = None
    if shown and shown.isdigit():
        shown_line = next((p.line for p in progress if p.line.pk == int(shown)), None)
        if shown_line is not None:
            people = selectors.line_people(user=request.user, line=shown_line)
    named = Counter(PlanLinePerson.objects.filter(line__plan=plan).values_list("line_id", flat=True))
    rows = [
        {
            "progress": p,
            "named": named.get(p.line.pk, 0),
            "form": LineForm(
                initial={f: getattr(p.line, f) for f in LineForm.base_fields if f != "course"}
                | {"course": p.line.course_id},
                auto_id=f"line{p.line.pk}_%s",
            )
            if editable
            else None,
        }
        for p in progress
    ]
    context = {
        "plan": plan,
        "rows": rows,
        "editable": editable,
        "new_line": LineForm(
            initial={"organiser": "Sở Nội vụ", "funding": "Ngân sách tỉnh", "people_count": 0},
            auto_id="new_%s",
        ),
        "approve_form": ApproveForm(
            initial={"signed_on": today().strftime("%d/%m/%Y")}, auto_id="approve_%s"
        ),
        "people": people,
        "shown_line": shown_line,
        "total": sum(p.line.people_count for p in progress),
    }
    return render(request, "training/plan.html", context)


@login_required
@require_POST
def line_save(request: HttpRequest, year: int, pk: int | None = None) -> HttpResponse:
    plan = _plan(year)

    def act() -> str:
        data = _valid(LineForm(request.POST))
        line = PlanLine.objects.filter(plan=plan, pk=pk).first() if pk else None
        if pk and line is None:
            raise NotFound("Không có nội dung này trong kế hoạch.")
        saved = plans.line_save(actor=request.user, plan=plan, data=data, line=line)
        return f"Đã ghi nội dung “{saved.title}”."

    return _act(request, _plan_url(year), act)


@login_required
@require_POST
def line_delete(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    plan = _plan(year)

    def act() -> str:
        line = PlanLine.objects.filter(plan=plan, pk=pk).first()
        if line is None:
            raise NotFound("Không có nội dung này trong kế hoạch.")
        plans.line_delete(actor=request.user, line=line)
        return f"Đã bỏ nội dung “{line.title}”."

    return _act(request, _plan_url(year), act)


@login_required
@require_POST
def plan_approve(request: HttpRequest, year: int) -> HttpResponse:
    plan = _plan(year)

    def act() -> str:
        data = _valid(ApproveForm(request.POST))
        plans.plan_approve(actor=request.user, plan=plan, **data)
        return f"Đã ban hành kế hoạch năm {year}."

    return _act(request, _plan_url(year), act)


@login_required
@require_GET
def plan_docx(request: HttpRequest, year: int) -> HttpResponse:
    plan = _plan(year)
    return _download(documents.plan_docx(user=request.user, plan=plan), f"ke-hoach-dao-tao-{year}.docx", DOCX)


@login_required
@require_GET
def plan_xlsx(request: HttpRequest, year: int) -> HttpResponse:
    plan = _plan(year)
    data = workbook.plan_appendix_xlsx(user=request.user, plan=plan)
    return _download(data, f"phu-luc-ke-hoach-dao-tao-{year}.xlsx", XLSX)


# --- the language programme -------------------------------------------------------------------------------


@login_required
@require_GET
def programme(request: HttpRequest) -> HttpResponse:
    """The language programme's cohorts and the international outlook to 2030 without and with them
    (plan III.7.d, appendix row 9; issue 16.3), and the key cadres' update classes per term."""
    as_of, error = as_of_or_today(request.GET.get("ngay", ""))
    no_data = before_first_data(as_of)
    context: dict[str, Any] = {
        "as_of": as_of,
        "date_error": error,
        "no_data": no_data,
        "rows": selectors.programme_rows(user=request.user),
        "terms": selectors.key_cadre_terms(),
        "home_affairs": _home_affairs(request.user),
        "form": CohortForm(),
        "whole_province": selectors.sees_whole_province(request.user),
    }
    if not no_data:
        points = international_outlook_view(
            user=request.user,
            as_of=as_of,
            to_year=max(2030, as_of.year),
            cohorts=selectors.language_cohorts(user=request.user),
        )
        context |= {
            "points": [{**p, "on_date": dt.date.fromisoformat(p["on"])} for p in points],
            "chart": international_chart([dict(p) for p in points]),
            "settings": engine_settings(as_of),
        }
    return render(request, "training/programme.html", context)


@login_required
@require_POST
def cohort_create(request: HttpRequest) -> HttpResponse:
    def act() -> str:
        data = _valid(CohortForm(request.POST))
        cohort = services.cohort_save(actor=request.user, data=data)
        return f"Đã thêm khóa “{cohort.name}”."

    return _act(request, reverse("training:programme"), act)
