"""The evaluation pages (issue 15): /danh-gia/ (the year's agencies, opening sheets), an agency's ranking
(scores, the quota per group, the decisions, finalising), one person's sheet (products by period, the
manager's points, the outcome, appeals), and the agencies' own evaluation from the plan.

Thin: parse input, call one selector or service, render. Every read is scoped to the user; a refusal is
shown beside an htmx form, or as a message on the page the form came from."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from canbo.accounts.scope import is_home_affairs, user_can
from canbo.core.dates import format_date, today
from canbo.core.errors import ApplicationError, InputRejected, NotFound, RowError
from canbo.core.files import read_upload
from canbo.core.http import act as _act
from canbo.core.http import acted, refused
from canbo.core.http import attachment as _download
from canbo.core.http import form_cleaned as _valid
from canbo.core.scoping import get_scoped_or_404, visible_unit_ids
from canbo.core.text import fold
from canbo.evaluation import documents, rules, services, workbook
from canbo.evaluation.choices import AppealOutcome, PeriodKind, SheetStatus
from canbo.evaluation.forms import (
    AgencyScoreForm,
    AnswerForm,
    AppealForm,
    ConfirmForm,
    DecideForm,
    DecisionForm,
    ExceptionForm,
    GroupForm,
    ImportForm,
    ItemForm,
    OpenForm,
    ProductTypeForm,
    ScoreForm,
)
from canbo.evaluation.models import Appeal, DutyGroup, ProductType, Sheet, WorkItem
from canbo.evaluation.selectors import (
    RankingView,
    agency_evaluation_view,
    parameters_for,
    plan_rows,
    rankable_agencies,
    ranking_date,
    ranking_view,
    rule_for,
    sheet_detail,
    unit_visible,
)
from canbo.org.models import Unit
from canbo.org.selectors import agencies_as_of, unit_names
from canbo.people.choices import EvaluationLevel
from canbo.plans.choices import Status

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FIRST_YEAR, LAST_YEAR = 2020, 2100
STATE_TEXT = {
    "chosen": "Trong tỷ lệ",
    "tied": "Cùng điểm tại ngưỡng — chờ quyết định",
    "demoted": "Vượt tỷ lệ — đề xuất xếp tốt",
}
QUOTA_CITE = "Điều 20 khoản 5 Nghị định 335/2025/NĐ-CP"


# --- helpers ----------------------------------------------------------------------------------------


def _year(value: object) -> int:
    text = str(value or "").strip()
    if not text:
        return today().year
    if not text.isdigit() or not FIRST_YEAR <= int(text) <= LAST_YEAR:
        raise NotFound(f"Năm không hợp lệ: từ {FIRST_YEAR} đến {LAST_YEAR}.")
    return int(text)


def _checked_year(year: int) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise NotFound(f"Năm không hợp lệ: từ {FIRST_YEAR} đến {LAST_YEAR}.")
    return year


def _unit(request: HttpRequest, unit_pk: int) -> Unit:
    return unit_visible(user=request.user, pk=unit_pk)


def _can_change(user: Any, unit_id: int) -> bool:
    """Whether the forms are shown: the services decide (evaluation.services._may_change)."""
    if not user_can(user, "change"):
        return False
    scope = visible_unit_ids(user, "change")
    return scope is None or unit_id in scope


def _percent(value: Any) -> str:
    return f"{float(value) * 100:g} %".replace(".", ",")


def _ranking_url(year: int, unit_pk: int) -> str:
    return reverse("evaluation:ranking", args=[year, unit_pk])


def _sheet_url(pk: int) -> str:
    return reverse("evaluation:sheet", args=[pk])


def _agency_url(year: int, unit_pk: int) -> str:
    return reverse("evaluation:agency", args=[year, unit_pk])


def _openable(user: Any, year: int) -> list[tuple[int, str]]:
    """The agencies (sở, ngành; cấp huyện) the user may open sheets for, by their name of the year."""
    if not user_can(user, "change"):
        return []
    on = ranking_date(year)
    scope = visible_unit_ids(user, "change")
    units = [u for u in agencies_as_of(as_of=on) if scope is None or u.pk in scope]
    names = unit_names(units=units, as_of=on)
    return sorted(((u.pk, names.get(u.pk, u.code)) for u in units), key=lambda r: fold(r[1]))


# --- the year: /danh-gia/ ----------------------------------------------------------------------------


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    year = _year(request.GET.get("nam"))
    context = {
        "year": year,
        "years": range(max(FIRST_YEAR, today().year - 5), today().year + 2),
        "agencies": rankable_agencies(user=request.user, year=year),
        "openable": _openable(request.user, year),
        "deadline": rules.ranking_deadline(year),
        "late_deadline": rules.ranking_deadline(year, late_year_end=True),
        "rule": rule_for(year, "cong_chuc"),
        "decree_335": year >= rules.DECREE_335_FROM_YEAR,
    }
    return render(request, "evaluation/index.html", context)


@login_required
@require_POST
def sheets_open(request: HttpRequest) -> HttpResponse:
    year = _year(request.POST.get("nam"))
    back = f"{reverse('evaluation:index')}?nam={year}"
    try:
        data = _valid(OpenForm(request.POST, agencies=_openable(request.user, year)))
        unit = _unit(request, data["co_quan"])
        created, moved = services.sheets_open(actor=request.user, unit=unit, year=data["nam"])
    except ApplicationError as refusal:
        return refused(request, refusal, back)
    text = f"Đã lập {created} phiếu đánh giá năm {data['nam']}"
    text += f"; nhận {moved} phiếu của người chuyển đến." if moved else "."
    return acted(request, text, _ranking_url(data["nam"], unit.pk))


@login_required
@require_GET
def report_docx(request: HttpRequest, year: int) -> HttpResponse:
    year = _checked_year(year)
    return _download(
        documents.report_docx(user=request.user, year=year), f"bao-cao-danh-gia-xep-loai-{year}.docx", DOCX
    )


# --- an agency's ranking -------------------------------------------------------------------------------


def _groups(view: RankingView, decided: bool) -> list[dict[str, Any]]:
    """The ranking table per group of similar duties, with the quota line of each."""
    by_group: dict[Any, list[Any]] = {}
    for row in view.rows:
        by_group.setdefault(row.sheet.group_id, []).append(row)
    order = sorted(by_group, key=lambda g: (g is not None, fold(view.group_names.get(g, ""))))
    groups = []
    for key in order:
        quota = view.quotas.get(key)
        groups.append(
            {
                "name": view.group_names.get(key, ""),
                "quota": quota,
                "ratio": _percent(quota.ratio) if quota else "",
                "rows": [
                    {
                        "row": r,
                        "state": STATE_TEXT.get(r.state, ""),
                        "candidate": bool(r.state) and not decided,
                    }
                    for r in by_group[key]
                ],
            }
        )
    return groups


def _ranking_context(request: HttpRequest, unit: Unit, year: int) -> dict[str, Any]:
    view = ranking_view(user=request.user, unit=unit, year=year)
    can_change = _can_change(request.user, unit.pk)
    counts = view.level_counts()
    return {
        "view": view,
        "year": year,
        "unit": unit,
        "groups": _groups(view, view.finalised is not None),
        "level_counts": [(label, counts.get(code, 0)) for code, label in EvaluationLevel.choices],
        "can_change": can_change,
        "home_affairs": can_change and is_home_affairs(request.user),
        "duty_groups": DutyGroup.objects.restrict(request.user).filter(unit=unit, year=year),  # type: ignore[attr-defined]
        "product_types": ProductType.objects.restrict(request.user).filter(unit=unit),  # type: ignore[attr-defined]
        "deadline": rules.ranking_deadline(year),
        "quota_cite": QUOTA_CITE,
        "exception_ratio": _percent(view.exception.ratio) if view.exception else "",
        "today": format_date(today()),
        "import_errors": [],
    }


@login_required
@require_GET
def ranking(request: HttpRequest, year: int, unit_pk: int) -> HttpResponse:
    year = _checked_year(year)
    return render(
        request, "evaluation/ranking.html", _ranking_context(request, _unit(request, unit_pk), year)
    )


@login_required
@require_GET
def ranking_xlsx(request: HttpRequest, year: int, unit_pk: int) -> HttpResponse:
    unit = _unit(request, unit_pk)
    view = ranking_view(user=request.user, unit=unit, year=_checked_year(year))
    return _download(workbook.ranking_xlsx(view), f"xep-loai-{year}-{view.name}.xlsx", XLSX)


@login_required
@require_GET
def items_xlsx(request: HttpRequest, year: int, unit_pk: int) -> HttpResponse:
    unit = _unit(request, unit_pk)
    view = ranking_view(user=request.user, unit=unit, year=_checked_year(year))
    return _download(workbook.items_xlsx(view), f"san-pham-{year}-{view.name}.xlsx", XLSX)


@login_required
@require_POST
def items_import(request: HttpRequest, year: int, unit_pk: int) -> HttpResponse:
    """The products of an agency-year from Excel: all or nothing, every bad row listed on the page."""
    unit = _unit(request, unit_pk)
    year = _checked_year(year)
    errors: list[RowError] = []
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        errors = [RowError("Chưa chọn tệp Excel.", column="Tệp")]
    else:
        try:
            created = workbook.items_import(
                actor=request.user, unit=unit, year=year, data=read_upload(form.cleaned_data["tep"])
            )
        except InputRejected as refusal:
            errors = refusal.errors
        except ApplicationError as refusal:
            return refused(request, refusal, _ranking_url(year, unit.pk))
        else:
            return acted(
                request, f"Đã nhập {created} sản phẩm, công việc từ tệp.", _ranking_url(year, unit.pk)
            )
    context = _ranking_context(request, unit, year) | {"import_errors": errors}
    return render(request, "evaluation/ranking.html", context, status=400)


@login_required
@require_POST
def group_create(request: HttpRequest, year: int, unit_pk: int) -> HttpResponse:
    unit = _unit(request, unit_pk)
    year = _checked_year(year)

    def act() -> str:
        data = _valid(GroupForm(request.POST))
        group = services.group_create(actor=request.user, unit=unit, year=year, name=data["ten"])
        return f"Đã tạo nhóm “{group.name}”."

    return _act(request, _ranking_url(year, unit.pk), act)


@login_required
@require_POST
def product_type_create(request: HttpRequest, year: int, unit_pk: int) -> HttpResponse:
    unit = _unit(request, unit_pk)
    year = _checked_year(year)

    def act() -> str:
        data = _valid(ProductTypeForm(request.POST))
        extra = {"coefficient": data["he_so"]} if data["he_so"] is not None else {}
        kind = services.product_type_create(
            actor=request.user, unit=unit, name=data["ten"], note=data["ghi_chu"], **extra
        )
        return f"Đã thêm loại sản phẩm “{kind.name}”."

    return _act(request, _ranking_url(year, unit.pk), act)


@login_required
@require_POST
def ranking_finalise(request: HttpRequest, year: int, unit_pk: int) -> HttpResponse:
    unit = _unit(request, unit_pk)
    year = _checked_year(year)

    def act() -> str:
        data = _valid(DecisionForm(request.POST))
        ranking = services.ranking_finalise(
            actor=request.user,
            unit=unit,
            year=year,
            decision_number=data["so_quyet_dinh"],
            decided_on=data["ngay"],
        )
        return f"Đã ghi quyết định xếp loại số {ranking.decision_number}: {ranking.people} người."

    return _act(request, _ranking_url(year, unit.pk), act)


@login_required
@require_POST
def quota_exception(request: HttpRequest, year: int, unit_pk: int) -> HttpResponse:
    unit = _unit(request, unit_pk)
    year = _checked_year(year)

    def act() -> str:
        data = _valid(ExceptionForm(request.POST))
        exception = services.quota_exception_record(
            actor=request.user,
            unit=unit,
            year=year,
            ratio=data["ty_le"] / 100,
            decision_number=data["so_quyet_dinh"],
            decided_on=data["ngay"],
            note=data["ly_do"],
        )
        return f"Đã ghi ngoại lệ tỷ lệ xuất sắc {_percent(exception.ratio)} ({exception})."

    return _act(request, _ranking_url(year, unit.pk), act)


# --- one person's sheet --------------------------------------------------------------------------------


def _sheet_context(request: HttpRequest, pk: int) -> dict[str, Any]:
    detail = sheet_detail(user=request.user, pk=pk)
    sheet = detail.sheet
    last = 4 if sheet.period_kind == PeriodKind.QUARTER else 12
    label = sheet.get_period_kind_display()
    periods = []
    for number in range(1, last + 1):
        items = [i for i in detail.items if i.period == number]
        components = detail.row.periods.get(number)
        periods.append(
            {
                "number": number,
                "label": f"{label} {number}",
                "items": items,
                "components": components,
                "points": detail.row.period_points.get(number),
                "unconfirmed": sum(1 for i in items if not i.confirmed_on),
            }
        )
    editable = sheet.status != SheetStatus.RANKED and _can_change(request.user, sheet.unit_id)
    kinds = ProductType.objects.restrict(request.user).filter(unit_id=sheet.unit_id)  # type: ignore[attr-defined]
    groups = DutyGroup.objects.restrict(request.user).filter(unit_id=sheet.unit_id, year=sheet.year)  # type: ignore[attr-defined]
    appeals = list(sheet.appeals.all()) if sheet.category == "vien_chuc" else []
    return {
        "detail": detail,
        "sheet": sheet,
        "row": detail.row,
        "periods": periods,
        "editable": editable,
        "kinds": list(kinds),
        "groups": list(groups),
        "appeals": appeals,
        "may_appeal": (
            sheet.category == "vien_chuc"
            and sheet.status == SheetStatus.RANKED
            and _can_change(request.user, sheet.unit_id)
        ),
        "answer_outcomes": [c for c in AppealOutcome.choices if c[0]],
        "state": STATE_TEXT.get(detail.row.state, ""),
        "organisation": detail.ranking.organisation if sheet.leader else None,
        "organisation_statuses": _status_counts(detail.ranking.organisation) if sheet.leader else None,
        "today": format_date(today()),
        "level_choices": list(EvaluationLevel.choices),
        "general_max": detail.ranking.parameters.general_max,
    }


def _status_counts(plan: Any) -> dict[str, int] | None:
    return plan.counts if plan is not None else None


@login_required
@require_GET
def sheet(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "evaluation/sheet.html", _sheet_context(request, pk))


@login_required
@require_GET
def sheet_docx(request: HttpRequest, pk: int) -> HttpResponse:
    detail = sheet_detail(user=request.user, pk=pk)
    name = f"phieu-danh-gia-{detail.sheet.year}-{detail.sheet.person.full_name}.docx"
    return _download(documents.sheet_docx(detail), name, DOCX)


def _kinds(request: HttpRequest, unit_id: int) -> dict[int, ProductType]:
    return {k.pk: k for k in ProductType.objects.restrict(request.user).filter(unit_id=unit_id)}  # type: ignore[attr-defined]


@login_required
@require_POST
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    detail_sheet = get_scoped_or_404(Sheet, request.user, pk)
    kinds = _kinds(request, detail_sheet.unit_id)

    def act() -> str:
        form = ItemForm(request.POST, kinds=[(k, v.name) for k, v in kinds.items()])
        _valid(form)
        fields = form.fields_for_service()
        kind = kinds.get(form.cleaned_data["loai"]) if form.cleaned_data["loai"] else None
        item = services.item_add(actor=request.user, sheet=detail_sheet, product_type=kind, **fields)
        return f"Đã thêm “{item.title}” vào kỳ {item.period}."

    return _act(request, _sheet_url(pk), act)


@login_required
@require_POST
def item_update(request: HttpRequest, pk: int) -> HttpResponse:
    item: WorkItem = get_scoped_or_404(WorkItem, request.user, pk)

    def act() -> str:
        form = ItemForm(request.POST)
        _valid(form)
        services.item_update(actor=request.user, item=item, changes=form.fields_for_service())
        return f"Đã sửa “{form.cleaned_data['ten']}”; cần xác nhận lại."

    return _act(request, _sheet_url(item.sheet_id), act)


@login_required
@require_POST
def item_delete(request: HttpRequest, pk: int) -> HttpResponse:
    item: WorkItem = get_scoped_or_404(WorkItem, request.user, pk)

    def act() -> str:
        services.item_delete(actor=request.user, item=item)
        return f"Đã xoá “{item.title}”."

    return _act(request, _sheet_url(item.sheet_id), act)


@login_required
@require_POST
def items_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    sheet_obj = get_scoped_or_404(Sheet, request.user, pk)

    def act() -> str:
        data = _valid(ConfirmForm(request.POST))
        count = services.items_confirm(
            actor=request.user,
            sheet=sheet_obj,
            manager=data["nguoi_quan_ly"],
            on=data["ngay"],
            period=data["ky"],
        )
        return f"Đã xác nhận {count} sản phẩm, công việc."

    return _act(request, _sheet_url(pk), act)


@login_required
@require_POST
def sheet_score(request: HttpRequest, pk: int) -> HttpResponse:
    sheet_obj = get_scoped_or_404(Sheet, request.user, pk)
    groups = {
        g.pk: g
        for g in DutyGroup.objects.restrict(request.user).filter(
            unit_id=sheet_obj.unit_id, year=sheet_obj.year
        )
    }  # type: ignore[attr-defined]

    def act() -> str:
        data = _valid(ScoreForm(request.POST, groups=[(k, g.name) for k, g in groups.items()]))
        changes: dict[str, Any] = {
            "general_points": data["diem_chung"],
            "degradation": data["suy_thoai"],
            "evidence": data["can_cu"].strip(),
            "group": groups.get(data["nhom"]) if data["nhom"] else None,
        }
        if sheet_obj.leader:
            changes["organisation_rate"] = data["to_chuc"]
            changes["unit_corruption"] = data["tham_nhung"]
        if not sheet_obj.computes:
            changes["recorded_level"] = data["muc"]
        services.sheet_score(
            actor=request.user,
            sheet=sheet_obj,
            version=data["phien_ban"],
            changes=changes,
            manager=data["nguoi_cham"],
            on=data["ngay"],
        )
        return f"Đã ghi điểm của {sheet_obj.person.full_name}."

    return _act(request, _sheet_url(pk), act)


@login_required
@require_POST
def excellent_decide(request: HttpRequest, pk: int) -> HttpResponse:
    sheet_obj = get_scoped_or_404(Sheet, request.user, pk)
    back = request.POST.get("tro_ve", "")
    if not back.startswith("/danh-gia/"):
        back = _ranking_url(sheet_obj.year, sheet_obj.unit_id)

    def act() -> str:
        data = _valid(DecideForm(request.POST))
        changed = services.excellent_decide(actor=request.user, sheet=sheet_obj, decision=data["quyet_dinh"])
        return f"{sheet_obj.person.full_name}: {changed.get_excellent_decision_display().lower()}."

    return _act(request, back, act)


@login_required
@require_POST
def appeal_lodge(request: HttpRequest, pk: int) -> HttpResponse:
    sheet_obj = get_scoped_or_404(Sheet, request.user, pk)

    def act() -> str:
        data = _valid(AppealForm(request.POST))
        appeal = services.appeal_lodge(
            actor=request.user, sheet=sheet_obj, lodged_on=data["ngay"], content=data["noi_dung"]
        )
        return f"Đã ghi kiến nghị; hạn trả lời {format_date(appeal.answer_due)}."

    return _act(request, _sheet_url(pk), act)


@login_required
@require_POST
def appeal_answer(request: HttpRequest, pk: int) -> HttpResponse:
    appeal: Appeal = get_scoped_or_404(Appeal, request.user, pk)

    def act() -> str:
        data = _valid(AnswerForm(request.POST))
        services.appeal_answer(
            actor=request.user,
            appeal=appeal,
            answered_on=data["ngay"],
            answer=data["tra_loi"],
            outcome=data["ket_qua"],
            new_level=data["muc_moi"],
        )
        return "Đã ghi trả lời kiến nghị."

    return _act(request, _sheet_url(appeal.sheet_id), act)


# --- the agencies' own year ----------------------------------------------------------------------------


def _visible_agencies(user: Any, year: int) -> list[Unit]:
    on = ranking_date(year)
    scope = visible_unit_ids(user, "view", as_of=on)
    return [u for u in agencies_as_of(as_of=on) if scope is None or u.pk in scope]


@login_required
@require_GET
def agencies(request: HttpRequest, year: int) -> HttpResponse:
    year = _checked_year(year)
    every = plan_rows(user=request.user, year=year)  # the plan's occurrences read once for all agencies
    views = [
        agency_evaluation_view(user=request.user, unit=u, year=year, rows=every)
        for u in _visible_agencies(request.user, year)
    ]
    views.sort(key=lambda v: fold(v.name))
    return render(request, "evaluation/agencies.html", {"year": year, "views": views})


def _agency_context(request: HttpRequest, unit: Unit, year: int) -> dict[str, Any]:
    view = agency_evaluation_view(user=request.user, unit=unit, year=year)
    can_change = _can_change(request.user, unit.pk) and is_home_affairs(request.user)
    return {
        "year": year,
        "view": view,
        "counted": [(r, Status(r.status).label) for r, _p in view.plan.counted],
        "waiting": [(r, Status(r.status).label) for r in view.plan.waiting],
        "counts": view.plan.counts,
        "components": view.plan.components,
        "task_max": parameters_for(year).task_max,
        "bands_cite": view.bands_rule.cite()
        if view.bands_rule
        else "mặc định 90/70/50 điểm (chưa kiểm chứng)",
        "can_change": can_change,
        "today": format_date(today()),
    }


@login_required
@require_GET
def agency(request: HttpRequest, year: int, unit_pk: int) -> HttpResponse:
    year = _checked_year(year)
    return render(request, "evaluation/agency.html", _agency_context(request, _unit(request, unit_pk), year))


@login_required
@require_POST
def agency_save(request: HttpRequest, year: int, unit_pk: int) -> HttpResponse:
    unit = _unit(request, unit_pk)
    year = _checked_year(year)

    def act() -> str:
        data = _valid(AgencyScoreForm(request.POST))
        services.agency_evaluation_save(
            actor=request.user, unit=unit, year=year, general_points=data["diem_chung"], note=data["nhan_xet"]
        )
        return "Đã ghi điểm tiêu chí chung của cơ quan."

    return _act(request, _agency_url(year, unit.pk), act)


@login_required
@require_POST
def agency_finalise(request: HttpRequest, year: int, unit_pk: int) -> HttpResponse:
    unit = _unit(request, unit_pk)
    year = _checked_year(year)

    def act() -> str:
        data = _valid(DecisionForm(request.POST))
        evaluation = services.agency_evaluation_finalise(
            actor=request.user,
            unit=unit,
            year=year,
            decision_number=data["so_quyet_dinh"],
            decided_on=data["ngay"],
        )
        return f"Đã xếp loại cơ quan: {evaluation.get_level_display().lower()}."

    return _act(request, _agency_url(year, unit.pk), act)
