"""Registry pages. Thin: parse input, call one selector or service, render."""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from canbo.accounts.scope import user_can
from canbo.core.dates import today
from canbo.core.errors import InputRejected, NotAllowed, NotFound, RowError, errors_for_session
from canbo.core.files import read_upload
from canbo.core.private_query import conceal, exposed, reveal
from canbo.org.selectors import org_tree
from canbo.people import catalogues
from canbo.people.forms import (
    RECORD_FORMS,
    AccessLogForm,
    AppointForm,
    DossierForm,
    EndForm,
    NewPersonForm,
    PeopleFilterForm,
    PeopleImportForm,
    PersonDataForm,
    ReappointForm,
    RetireForm,
    TransferForm,
)
from canbo.people.io.excel import rows_from_excel
from canbo.people.io.export import access_lines_xlsx, import_errors_xlsx, template_xlsx
from canbo.people.models import Assignment, Person, Post
from canbo.people.records import (
    RECORD_KINDS,
    RECORD_SLUGS,
    Decision,
    assignment_appoint,
    assignment_end,
    assignment_reappoint,
    assignment_transfer,
    person_add,
    person_record_delete,
    person_record_save,
    person_retire,
    retirement_suggested,
)
from canbo.people.selectors import (
    PeopleFilter,
    access_incident,
    can_read_access_log,
    can_see_sensitive,
    change_units,
    open_posts,
    people_page,
    people_unit_names,
    person_can_change,
    person_get,
    person_history,
    person_timeline,
    person_unit_names,
    post_choices,
    template_units,
)
from canbo.people.services import (
    ImportSource,
    ReasonRequired,
    StaleVersion,
    people_export,
    people_import,
    person_update,
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
    if can_see_sensitive(request.user):
        sensitive_access_record(actor=request.user, person=person, where="page")
    return render(request, "people/person.html", _dossier_context(request, person))


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


# ---- the dossier, edited in place (people.records; htmx fragments) -------------------------------
#
# A button of a section ("Sửa", "Thêm", "Bổ nhiệm"…) loads a form into the section's slot, with the
# version the page shows (#dossier-version, hx-include). The form posts to itself: written, it goes
# away and every section, the history and the version are swapped in out of band; refused, it comes
# back (400) with each problem beside its field; stale, it comes back (400) saying who changed what
# since, with the sections as they are now and the current version, to be sent again on purpose.

DOSSIER_FORMS: dict[str, tuple[type[DossierForm], str]] = {
    "ly-lich": (PersonDataForm, "Sửa sơ yếu lý lịch"),
    "bo-nhiem": (AppointForm, "Bổ nhiệm"),
    "bo-nhiem-lai": (ReappointForm, "Bổ nhiệm lại, kéo dài thời gian giữ chức vụ"),
    "dieu-dong": (TransferForm, "Điều động, luân chuyển"),
    "thoi-giu-chuc-vu": (EndForm, "Thôi giữ chức vụ, miễn nhiệm"),
    "nghi-huu": (RetireForm, "Nghỉ hưu"),
}
CAREER_BUTTONS = (
    ("bo-nhiem", "Bổ nhiệm"),
    ("bo-nhiem-lai", "Bổ nhiệm lại"),
    ("dieu-dong", "Điều động"),
    ("thoi-giu-chuc-vu", "Thôi giữ chức vụ"),
    ("nghi-huu", "Nghỉ hưu"),
)
# A service's name for a field (RowError.field) → the form's.
FIELD_ALIASES = {"valid_from": "on", "valid_to": "on", "unit_id": "unit", "post_id": "post"}


def _editable(request: HttpRequest, pk: int) -> Person:
    person = person_get(user=request.user, pk=pk)
    if not person_can_change(user=request.user, person=person):
        raise NotAllowed("Bạn chỉ được xem hồ sơ này, không được sửa.")
    return person


def _dossier_context(request: HttpRequest, person: Person) -> dict[str, Any]:
    """What the person page's sections show (also swapped in after a write)."""
    sensitive = can_see_sensitive(request.user)
    timeline = person_timeline(person=person)
    planning = list(person.planning.select_related("post", "unit").order_by("-term_from", "-pk"))
    unit_name = person_unit_names(person=person, timeline=timeline, planning=planning)
    records = [
        (spec, planning if spec.name == "planning" else list(spec.records(person)))
        for spec in RECORD_KINDS.values()
    ]
    return {
        "person": person,
        "unit_name": unit_name,
        "sensitive": sensitive,
        "ethnicity": catalogues.ETHNIC_GROUPS.label(person.ethnicity),
        "religion": catalogues.RELIGIONS.label(person.religion),
        "political": catalogues.POLITICAL_THEORY.label(person.political_theory),
        "qualification": catalogues.QUALIFICATIONS.label(person.qualification),
        "timeline": timeline,
        "languages": person.languages.all(),
        "records": records,
        "can_change": person_can_change(user=request.user, person=person),
        "career_buttons": CAREER_BUTTONS,
        "history": person_history(person=person)[:30],
    }


def _fill_choices(form: Any, request: HttpRequest, person: Person) -> Any:
    """The choices of a dossier form: units the user may change, the catalogue's posts, the person's
    open posts. Names, never codes."""
    fields = form.fields
    if "unit" in fields:
        fields["unit"].choices = change_units(user=request.user)
    if "post" in fields:
        blank = [("", "— Chọn chức vụ —" if fields["post"].required else "— Không giữ chức vụ —")]
        fields["post"].choices = blank + post_choices()
    if "assignment" in fields:
        fields["assignment"].choices = open_posts(person=person)
    return form


def _form_errors(form: Any, refusal: InputRejected) -> None:
    for error in refusal.errors:
        name = FIELD_ALIASES.get(error.field, error.field)
        form.add_error(name if name in form.fields else None, error.message)


def _decision(data: dict[str, Any]) -> Decision:
    return Decision(
        number=data.get("decision_number") or "",
        date=data.get("decision_date"),
        issuer=data.get("decision_issuer") or "",
        note=data.get("note") or "",
    )


def _unit(request: HttpRequest, pk: int) -> Any:
    from canbo.org.selectors import unit_get

    return unit_get(user=request.user, pk=pk)


def _post(pk: int | None) -> Post | None:
    return Post.objects.filter(pk=pk).first() if pk else None


def _assignment(person: Person, pk: int) -> Assignment:
    """One of the person's assignments (the person was read within the user's scope)."""
    found = person.assignments.filter(pk=pk).first()
    if found is None:
        raise InputRejected([RowError("Chức vụ đã chọn không còn trong hồ sơ.", field="assignment")])
    return found


def _apply(request: HttpRequest, person: Person, slug: str, data: dict[str, Any]) -> str:
    """Call the one service the form stands for; what to tell the user."""
    actor, version, decision = request.user, data["version"], _decision(data)
    if slug == "ly-lich":
        person_update(actor=actor, person=person, data=PersonDataForm.changes_of(data), version=version)
        return "Đã sửa sơ yếu lý lịch."
    if slug == "bo-nhiem":
        post = _post(data["post"])
        if post is None:
            raise InputRejected([RowError("Chọn chức vụ.", field="post")])
        assignment_appoint(
            actor=actor, person=person, version=version, unit=_unit(request, data["unit"]), post=post,
            on=data["on"], concurrent=data["concurrent"], decision=decision,
        )  # fmt: skip
        return f"Đã ghi bổ nhiệm {post.name} từ {data['on']:%d/%m/%Y}."
    if slug == "bo-nhiem-lai":
        assignment_reappoint(
            actor=actor, person=person, version=version, assignment=_assignment(person, data["assignment"]),
            on=data["on"], extension=data["extension"], decision=decision,
        )  # fmt: skip
        return f"Đã ghi {'kéo dài thời gian giữ chức vụ' if data['extension'] else 'bổ nhiệm lại'}."
    if slug == "dieu-dong":
        assignment_transfer(
            actor=actor, person=person, version=version, unit=_unit(request, data["unit"]),
            post=_post(data["post"]), on=data["on"], rotation=data["rotation"], decision=decision,
        )  # fmt: skip
        return f"Đã ghi {'luân chuyển' if data['rotation'] else 'điều động'} từ {data['on']:%d/%m/%Y}."
    if slug == "thoi-giu-chuc-vu":
        assignment_end(
            actor=actor, person=person, version=version, assignment=_assignment(person, data["assignment"]),
            on=data["on"], reason=data["reason"], stay_in_unit=data["stay_in_unit"], decision=decision,
        )  # fmt: skip
        return "Đã ghi thôi giữ chức vụ."
    person_retire(actor=actor, person=person, version=version, on=data["on"], decision=decision)
    return f"Đã ghi nghỉ hưu từ {data['on']:%d/%m/%Y}."


def _initial(slug: str, person: Person, version: int) -> dict[str, Any]:
    initial: dict[str, Any] = {"version": version}
    if slug == "ly-lich":
        initial |= {name: getattr(person, name) for name in PersonDataForm.base_fields if name != "version"}
    elif slug == "nghi-huu":
        initial["on"] = retirement_suggested(person)
    elif slug in ("bo-nhiem", "dieu-dong"):
        initial["unit"] = person.unit_id
    return initial


def _version_asked(request: HttpRequest, person: Person) -> int:
    try:
        return int(request.GET.get("version", ""))
    except ValueError:
        return person.version


def _render_form(
    request: HttpRequest,
    person: Person,
    form: Any,
    *,
    title: str,
    action: str,
    status: int = 200,
    stale: Any = None,
    note: str = "",
) -> HttpResponse:
    context = {"person": person, "form": form, "title": title, "action": action, "stale": stale, "note": note}
    if stale is not None:  # the sections as they are now, beside the form that was stale
        context |= _dossier_context(request, person) | {"oob": True}
    return render(request, "people/_dossier_form.html", context, status=status)


def _written(request: HttpRequest, person_pk: int, message: str) -> HttpResponse:
    """The form goes; the sections, the history, the version and the message come in out of band."""
    person = person_get(user=request.user, pk=person_pk)
    context = _dossier_context(request, person) | {"oob": True, "message": message}
    if context["sensitive"]:
        sensitive_access_record(actor=request.user, person=person, where="page")
    return render(request, "people/_dossier_written.html", context)


def _stale_answer(
    request: HttpRequest, person_pk: int, form_class: Any, data: QueryDict, stale: StaleVersion, **kw: Any
) -> HttpResponse:
    person = person_get(user=request.user, pk=person_pk)
    fresh = data.copy()
    fresh["version"] = str(person.version)  # sent again, it is meant
    form = _fill_choices(form_class(fresh, **kw.pop("form_kwargs", {})), request, person)
    form.is_valid()
    if can_see_sensitive(request.user):
        sensitive_access_record(actor=request.user, person=person, where="page")
    return _render_form(request, person, form, stale=stale, status=400, **kw)


def _form_kwargs(form_class: Any, request: HttpRequest, slug: str) -> dict[str, Any]:
    return (
        {"sensitive": can_see_sensitive(request.user), "auto_id": f"{slug}-%s"}
        if issubclass(form_class, PersonDataForm)
        else {"auto_id": f"{slug}-%s"}
    )


@login_required
@require_http_methods(["GET", "POST"])
def dossier_form(request: HttpRequest, pk: int, form: str) -> HttpResponse:
    """The personal record's form and the career events' (DOSSIER_FORMS), as fragments."""
    if form not in DOSSIER_FORMS:
        raise NotFound("Không có biểu mẫu này.")
    person = _editable(request, pk)
    form_class, title = DOSSIER_FORMS[form]
    action = reverse("people:dossier_form", args=[pk, form])
    kwargs = _form_kwargs(form_class, request, form)
    if request.method == "GET":
        bound = _fill_choices(
            form_class(initial=_initial(form, person, _version_asked(request, person)), **kwargs),
            request,
            person,
        )
        if form == "ly-lich" and kwargs.get("sensitive"):
            sensitive_access_record(actor=request.user, person=person, where="form")
        note = ""
        if form == "nghi-huu":
            note = (
                f"Ngày nghỉ hưu theo quy định: {retirement_suggested(person):%d/%m/%Y} (ngày đầu tiên sau "
                "tháng đủ tuổi nghỉ hưu, Nghị định 135/2020/NĐ-CP). Mọi quá trình công tác đang mở kết thúc "
                "từ ngày này."
            )
        return _render_form(request, person, bound, title=title, action=action, note=note)
    bound = _fill_choices(form_class(request.POST, **kwargs), request, person)
    if bound.is_valid():
        try:
            message = _apply(request, person, form, bound.cleaned_data)
        except StaleVersion as stale:
            return _stale_answer(
                request, pk, form_class, request.POST, stale, title=title, action=action, form_kwargs=kwargs
            )
        except InputRejected as refusal:  # beside the fields; the other refusals are the middleware's
            _form_errors(bound, refusal)
        else:
            return _written(request, pk, message)
    return _render_form(request, person, bound, title=title, action=action, status=400)


def _record_spec(kind: str) -> Any:
    spec = RECORD_SLUGS.get(kind)
    if spec is None:
        raise NotFound("Không có mục hồ sơ này.")
    return spec


def _record_initial(spec: Any, record: Any, version: int) -> dict[str, Any]:
    initial: dict[str, Any] = {"version": version}
    if record is None:
        if spec.name == "evaluation":
            initial["year"] = today().year - 1
        return initial
    for name in spec.fields:
        value = getattr(record, f"{name}_id" if name in ("post", "unit") else name)
        initial[name] = ("1" if value else "0") if name == "meets_standard" else value
    return initial


def _record_data(request: HttpRequest, spec: Any, data: dict[str, Any]) -> dict[str, Any]:
    values = {k: v for k, v in data.items() if k in spec.fields}
    if spec.name == "planning":
        values["post"] = _post(values["post"])
        values["unit"] = _unit(request, values["unit"])
    return values


@login_required
@require_http_methods(["GET", "POST"])
def record_form(request: HttpRequest, pk: int, kind: str, rid: int | None = None) -> HttpResponse:
    """Add (rid None) or correct a sub-record of the dossier (people.records.RECORD_KINDS)."""
    spec = _record_spec(kind)
    person = _editable(request, pk)
    record = None
    if rid is not None:
        record = spec.records(person).filter(pk=rid).first()
        if record is None:
            raise NotFound("Mục này không còn trong hồ sơ.")
    form_class = RECORD_FORMS[spec.name]
    title = f"{'Sửa' if record else 'Thêm'}: {spec.title.lower()}"
    action = request.path
    kwargs = {"auto_id": f"{spec.slug}-%s"}
    if request.method == "GET":
        initial = _record_initial(spec, record, _version_asked(request, person))
        bound = _fill_choices(form_class(initial=initial, **kwargs), request, person)
        return _render_form(request, person, bound, title=title, action=action)
    bound = _fill_choices(form_class(request.POST, **kwargs), request, person)
    if bound.is_valid():
        try:
            saved = person_record_save(
                actor=request.user, person=person, version=bound.cleaned_data["version"], kind=spec.name,
                data=_record_data(request, spec, bound.cleaned_data), record=record,
            )  # fmt: skip
        except StaleVersion as stale:
            return _stale_answer(
                request, pk, form_class, request.POST, stale, title=title, action=action, form_kwargs=kwargs
            )
        except InputRejected as refusal:
            _form_errors(bound, refusal)
        else:
            text = saved.message or f"Đã ghi: {spec.describe(saved.record)}."
            return _written(request, pk, text)
    return _render_form(request, person, bound, title=title, action=action, status=400)


@login_required
@require_POST
def record_delete(request: HttpRequest, pk: int, kind: str, rid: int) -> HttpResponse:
    spec = _record_spec(kind)
    person = _editable(request, pk)
    record = spec.records(person).filter(pk=rid).first()
    if record is None:
        raise NotFound("Mục này không còn trong hồ sơ.")
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        raise InputRejected([RowError("Thiếu phiên bản hồ sơ (version).", field="version")]) from None
    try:
        person_record_delete(
            actor=request.user, person=person, version=version, kind=spec.name, record=record
        )
    except StaleVersion as stale:
        current = person_get(user=request.user, pk=pk)
        context = _dossier_context(request, current) | {"oob": True, "stale": stale}
        if context["sensitive"]:
            sensitive_access_record(actor=request.user, person=current, where="page")
        return render(request, "people/_dossier_stale.html", context, status=400)
    return _written(request, pk, f"Đã xóa: {spec.describe(record)}.")


@login_required
@require_GET
def form_closed(request: HttpRequest) -> HttpResponse:
    """What a closed form leaves in its slot: nothing."""
    return HttpResponse("")


@login_required
@require_http_methods(["GET", "POST"])
def person_new(request: HttpRequest) -> HttpResponse:
    """Thêm cán bộ: the record and the first place, then the person's page."""
    if not user_can(request.user, "change"):
        raise NotAllowed("Bạn không có quyền thêm hồ sơ cán bộ.")
    sensitive = can_see_sensitive(request.user)
    form_class = NewPersonForm
    data = request.POST if request.method == "POST" else None
    form = form_class(data, sensitive=sensitive, initial={"religion": "00", "reason": "tuyen_dung"})
    form.fields["unit"].choices = change_units(user=request.user)  # type: ignore[attr-defined]
    form.fields["post"].choices = [("", "— Không giữ chức vụ —"), *post_choices()]  # type: ignore[attr-defined]
    if data is not None and form.is_valid():
        clean = form.cleaned_data
        try:
            person = person_add(
                actor=request.user, data=form.changes(), unit=_unit(request, clean["unit"]),
                on=clean["since"], post=_post(clean["post"]), reason=clean["reason"],
                decision=_decision(clean),
            )  # fmt: skip
        except InputRejected as refusal:
            _form_errors(form, refusal)
        else:
            messages.success(request, f"Đã thêm hồ sơ {person.full_name}.")
            return redirect("people:person", pk=person.pk)
    status = 400 if data is not None else 200
    return render(request, "people/person_new.html", {"form": form, "sensitive": sensitive}, status=status)
