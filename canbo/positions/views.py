"""The positions pages (issue 16.4): /vi-tri-viec-lam/ (the agencies in the user's scope with their
positions and quota), an agency's page (its positions on a date with the vacancies, the staffing quota
against the people, the rank share, who holds no position; the forms and the Excel files), one
position (its holders, corrections, its end), and the national framework lists.

Thin: parse input, call one selector or service, render. Every read is scoped to the user."""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from canbo.accounts.scope import is_home_affairs, user_can
from canbo.core.dates import format_date, parse_date, today
from canbo.core.errors import ApplicationError, InputRejected, RowError
from canbo.core.files import read_upload
from canbo.core.http import act as _act
from canbo.core.http import acted, attachment, refused
from canbo.core.http import form_cleaned as _valid
from canbo.core.scoping import get_scoped_or_404, visible_unit_ids
from canbo.core.text import fold
from canbo.org.models import Unit
from canbo.org.selectors import agencies_as_of, unit_names
from canbo.people.models import Person
from canbo.positions import services, workbook
from canbo.positions.choices import ListCode, list_decree
from canbo.positions.forms import EndForm, ImportForm, PlaceForm, PositionForm, QuotaForm
from canbo.positions.models import JobPosition, JobPositionFramework, PositionHolding, StaffingQuota
from canbo.positions.selectors import agency_people, holdings_on, staffing_summary, unit_visible

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- helpers ----------------------------------------------------------------------------------------


def _on(request: HttpRequest) -> dt.date:
    """The date the page is read on (?ngay=dd/mm/yyyy), today by default."""
    text = (request.GET.get("ngay") or request.POST.get("ngay") or "").strip()
    if not text:
        return today()
    try:
        return parse_date(text)
    except ValidationError:
        return today()


def _can_change(user: Any, unit_id: int) -> bool:
    """Whether the forms are shown: the services decide (positions.services.may_change_unit)."""
    if not user_can(user, "change"):
        return False
    scope = visible_unit_ids(user, "change")
    return scope is None or unit_id in scope


def _download(content: bytes, name: str) -> HttpResponse:
    return attachment(content, name, XLSX)


def _agency_url(unit_pk: int, on: dt.date | None = None) -> str:
    url = reverse("positions:agency", args=[unit_pk])
    return f"{url}?ngay={format_date(on)}" if on else url


def _unit_name(unit: Unit, on: dt.date) -> str:
    return unit_names(units=[unit], as_of=on).get(unit.pk, unit.code)


# --- the agencies: /vi-tri-viec-lam/ ------------------------------------------------------------------


def _index_context(request: HttpRequest, on: dt.date) -> dict[str, Any]:
    scope = visible_unit_ids(request.user, "view", as_of=on)
    units = [u for u in agencies_as_of(as_of=on) if scope is None or u.pk in scope]
    names = unit_names(units=units, as_of=on)
    ids = [u.pk for u in units]
    in_force = Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gt=on))
    positions = {
        row["unit_id"]: row
        for row in JobPosition.objects.filter(in_force, unit_id__in=ids)
        .values("unit_id")
        .annotate(n=Count("pk"), planned=Sum("planned_count"))
        .order_by()
    }
    held_in_force = Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gt=on))
    held = {
        row["position__unit_id"]: row["n"]
        for row in PositionHolding.objects.filter(held_in_force, position__unit_id__in=ids)
        .values("position__unit_id")
        .annotate(n=Count("pk"))
        .order_by()
    }
    quotas = {q.unit_id: q for q in StaffingQuota.objects.filter(unit_id__in=ids, year=on.year)}
    rows = [
        {
            "unit": u,
            "name": names.get(u.pk, u.code),
            "positions": positions.get(u.pk, {}).get("n", 0),
            "planned": positions.get(u.pk, {}).get("planned") or 0,
            "held": held.get(u.pk, 0),
            "quota": quotas.get(u.pk),
        }
        for u in units
    ]
    rows.sort(key=lambda r: fold(r["name"]))
    context = {
        "on": on,
        "rows": rows,
        "home_affairs": is_home_affairs(request.user),
        "can_change": user_can(request.user, "change"),
        "quota_headers": workbook.QUOTA_HEADERS,
        "import_errors": [],
    }
    return context


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "positions/index.html", _index_context(request, _on(request)))


@login_required
@require_POST
def quotas_import(request: HttpRequest) -> HttpResponse:
    back = reverse("positions:index")
    form = ImportForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise InputRejected([RowError("Chưa chọn tệp Excel.", column="Tệp")])
        count = workbook.quotas_import(actor=request.user, data=read_upload(form.cleaned_data["tep"]))
    except InputRejected as refusal:
        context = _index_context(request, _on(request)) | {"import_errors": refusal.errors}
        return render(request, "positions/index.html", context, status=400)
    except ApplicationError as refusal:
        return refused(request, refusal, back)
    return acted(request, f"Đã ghi biên chế của {count} cơ quan, năm.", back)


# --- an agency ----------------------------------------------------------------------------------------


def _agency_context(request: HttpRequest, unit: Unit, on: dt.date) -> dict[str, Any]:
    summary = staffing_summary(user=request.user, unit=unit, on=on)
    can_change = _can_change(request.user, unit.pk)
    holders: dict[int, list[PositionHolding]] = {}
    for holding in holdings_on(user=request.user, unit=unit, on=on):
        holders.setdefault(holding.position_id, []).append(holding)
    context: dict[str, Any] = {
        "unit": unit,
        "name": _unit_name(unit, on),
        "on": on,
        "summary": summary,
        "rows": [(v, holders.get(v.position.pk, [])) for v in summary.positions],
        "can_change": can_change,
        "position_form": PositionForm(
            initial={"tu_ngay": format_date(on), "loai": "cong_chuc", "so_nguoi": 1}
        ),
        "quota_form": QuotaForm(
            initial={
                "nam": on.year,
                "cong_chuc": summary.quota.civil_servants if summary.quota else None,
                "vien_chuc": summary.quota.public_employees if summary.quota else None,
                "so_qd": summary.quota.decision_number if summary.quota else "",
                "ngay_qd": format_date(summary.quota.decision_date) if summary.quota else "",
            }
        ),
        "position_headers": workbook.POSITION_HEADERS,
        "holding_headers": workbook.HOLDING_HEADERS,
        "import_errors": [],
        "import_kind": "",
    }
    if can_change:
        context["place_form"] = _place_form(None, unit, on, summary.unplaced)
    return context


def _place_form(data: Any, unit: Unit, on: dt.date, people: list[Person] | None = None) -> PlaceForm:
    if people is None:
        people = list(agency_people(unit=unit, on=on).order_by("sort_key", "pk"))
    positions = (
        JobPosition.objects.filter(unit=unit, valid_from__lte=on).exclude(valid_to__lte=on).order_by("code")
    )
    return PlaceForm(
        data,
        initial={"tu_ngay": format_date(on)},
        people=[(p.pk, f"{p.full_name} ({p.birth_date:%d/%m/%Y})") for p in people],
        positions=[(p.pk, f"{p.code} – {p.name}") for p in positions],
    )


@login_required
@require_GET
def agency(request: HttpRequest, unit_pk: int) -> HttpResponse:
    unit = unit_visible(user=request.user, pk=unit_pk)
    return render(request, "positions/agency.html", _agency_context(request, unit, _on(request)))


@login_required
@require_GET
def agency_xlsx(request: HttpRequest, unit_pk: int) -> HttpResponse:
    unit = unit_visible(user=request.user, pk=unit_pk)
    on = _on(request)
    positions = [v.position for v in staffing_summary(user=request.user, unit=unit, on=on).positions]
    return _download(workbook.positions_xlsx(positions), f"vi-tri-viec-lam-{unit.code}-{on:%d-%m-%Y}.xlsx")


@login_required
@require_POST
def position_create(request: HttpRequest, unit_pk: int) -> HttpResponse:
    unit = unit_visible(user=request.user, pk=unit_pk)

    def act() -> str:
        form = PositionForm(request.POST)
        data = _valid(form)
        values = form.values() | {"code": data["ma"].strip(), "valid_from": data["tu_ngay"] or today()}
        position = services.position_create(actor=request.user, unit=unit, values=values)
        return f"Đã thêm vị trí “{position.name}”."

    return _act(request, _agency_url(unit.pk, _on(request)), act)


@login_required
@require_POST
def quota_save(request: HttpRequest, unit_pk: int) -> HttpResponse:
    unit = unit_visible(user=request.user, pk=unit_pk)

    def act() -> str:
        form = QuotaForm(request.POST)
        data = _valid(form)
        services.quota_save(actor=request.user, unit=unit, year=data["nam"], values=form.values())
        return f"Đã ghi biên chế năm {data['nam']}."

    return _act(request, _agency_url(unit.pk, _on(request)), act)


@login_required
@require_POST
def place(request: HttpRequest, unit_pk: int) -> HttpResponse:
    unit = unit_visible(user=request.user, pk=unit_pk)
    on = _on(request)

    def act() -> str:
        start = _date_or_none(request.POST.get("tu_ngay")) or on
        data = _valid(_place_form(request.POST, unit, start))
        person = get_scoped_or_404(Person, request.user, data["nguoi"])
        position = get_scoped_or_404(JobPosition, request.user, data["vi_tri"])
        services.holding_start(
            actor=request.user, person=person, position=position, on=data["tu_ngay"], note=data["ghi_chu"]
        )
        day = format_date(data["tu_ngay"])
        return f"Đã bố trí {person.full_name} vào vị trí “{position.name}” từ ngày {day}."

    return _act(request, _agency_url(unit.pk, on), act)


def _date_or_none(value: Any) -> dt.date | None:
    try:
        return parse_date(value) if value else None
    except ValidationError:
        return None


def _import(
    request: HttpRequest, unit: Unit, kind: str, run: Callable[[bytes, dt.date], str]
) -> HttpResponse:
    """An agency's import: all or nothing, the errors listed on the agency's page."""
    on = _on(request)
    form = ImportForm(request.POST, request.FILES)
    errors: list[RowError]
    try:
        if not form.is_valid():
            raise InputRejected([RowError("Chưa chọn tệp Excel.", column="Tệp")])
        start = form.cleaned_data.get("tu_ngay") or on
        text = run(read_upload(form.cleaned_data["tep"]), start)
    except InputRejected as refusal:
        errors = refusal.errors
    except ApplicationError as refusal:
        return refused(request, refusal, _agency_url(unit.pk, on))
    else:
        return acted(request, text, _agency_url(unit.pk, on))
    context = _agency_context(request, unit, on) | {"import_errors": errors, "import_kind": kind}
    return render(request, "positions/agency.html", context, status=400)


@login_required
@require_POST
def positions_import(request: HttpRequest, unit_pk: int) -> HttpResponse:
    unit = unit_visible(user=request.user, pk=unit_pk)

    def run(data: bytes, start: dt.date) -> str:
        created, updated = workbook.positions_import(actor=request.user, unit=unit, data=data, on=start)
        return f"Đã thêm {created} vị trí, sửa {updated} vị trí từ tệp."

    return _import(request, unit, "positions", run)


@login_required
@require_POST
def holdings_import(request: HttpRequest, unit_pk: int) -> HttpResponse:
    unit = unit_visible(user=request.user, pk=unit_pk)

    def run(data: bytes, _start: dt.date) -> str:
        count = workbook.holdings_import(actor=request.user, unit=unit, data=data)
        return f"Đã bố trí {count} người vào vị trí việc làm từ tệp."

    return _import(request, unit, "holdings", run)


# --- one position -------------------------------------------------------------------------------------


@login_required
@require_GET
def position(request: HttpRequest, pk: int) -> HttpResponse:
    found: JobPosition = get_scoped_or_404(JobPosition, request.user, pk)
    holdings = (
        PositionHolding.objects.restrict(request.user)  # type: ignore[attr-defined]
        .filter(position=found)
        .select_related("person")
        .order_by("-valid_from", "person__sort_key")
    )
    form = PositionForm(
        initial={
            "khung": found.framework_id,
            "ten": found.name,
            "nhom": found.group,
            "loai": found.staff_category,
            "ma_ngach": found.rank_code,
            "ngach": found.rank_name,
            "so_nguoi": found.planned_count,
            "mo_ta": found.description,
        }
    )
    context = {
        "position": found,
        "unit_name": _unit_name(found.unit, found.valid_from),
        "holdings": holdings,
        "form": form,
        "end_form": EndForm(initial={"den_ngay": format_date(today())}),
        "can_change": _can_change(request.user, found.unit_id),
        "decree": list_decree(found.framework.list_code) if found.framework else "",
    }
    return render(request, "positions/position.html", context)


def _position_url(pk: int) -> str:
    return reverse("positions:position", args=[pk])


@login_required
@require_POST
def position_update(request: HttpRequest, pk: int) -> HttpResponse:
    found: JobPosition = get_scoped_or_404(JobPosition, request.user, pk)

    def act() -> str:
        form = PositionForm(request.POST)
        _valid(form)
        changed = services.position_update(actor=request.user, position=found, changes=form.values())
        return f"Đã sửa vị trí “{changed.name}”."

    return _act(request, _position_url(found.pk), act)


@login_required
@require_POST
def position_end(request: HttpRequest, pk: int) -> HttpResponse:
    found: JobPosition = get_scoped_or_404(JobPosition, request.user, pk)

    def act() -> str:
        data = _valid(EndForm(request.POST))
        services.position_end(actor=request.user, position=found, on=data["den_ngay"])
        return f"Vị trí “{found.name}” hết hiệu lực từ ngày {format_date(data['den_ngay'])}."

    return _act(request, _position_url(found.pk), act)


@login_required
@require_POST
def holding_end(request: HttpRequest, pk: int) -> HttpResponse:
    holding: PositionHolding = get_scoped_or_404(PositionHolding, request.user, pk)

    def act() -> str:
        data = _valid(EndForm(request.POST))
        services.holding_end(actor=request.user, holding=holding, on=data["den_ngay"], note=data["ghi_chu"])
        return f"{holding.person.full_name} thôi giữ vị trí từ ngày {format_date(data['den_ngay'])}."

    return _act(request, _position_url(holding.position_id), act)


# --- the national framework lists ---------------------------------------------------------------------


def _framework_context(request: HttpRequest) -> dict[str, Any]:
    list_code = request.GET.get("danh_muc", "")
    entries = JobPositionFramework.objects.all()
    if list_code in ListCode.values:
        entries = entries.filter(list_code=list_code)
    counts = dict(JobPositionFramework.objects.values_list("list_code").annotate(n=Count("pk")).order_by())
    return {
        "entries": entries[:1000],
        "lists": [(code, label, counts.get(code, 0)) for code, label in ListCode.choices],
        "list_code": list_code,
        "home_affairs": is_home_affairs(request.user) and user_can(request.user, "change"),
        "headers": workbook.FRAMEWORK_HEADERS,
        "import_errors": [],
    }


@login_required
@require_GET
def framework(request: HttpRequest) -> HttpResponse:
    return render(request, "positions/framework.html", _framework_context(request))


@login_required
@require_POST
def framework_import(request: HttpRequest) -> HttpResponse:
    back = reverse("positions:framework")
    form = ImportForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise InputRejected([RowError("Chưa chọn tệp Excel.", column="Tệp")])
        created, updated = workbook.framework_import(
            actor=request.user, data=read_upload(form.cleaned_data["tep"])
        )
    except InputRejected as refusal:
        context = _framework_context(request) | {"import_errors": refusal.errors}
        return render(request, "positions/framework.html", context, status=400)
    except ApplicationError as refusal:
        return refused(request, refusal, back)
    return acted(request, f"Danh mục khung: thêm {created}, sửa {updated} vị trí.", back)
