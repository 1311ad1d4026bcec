"""Writes of the evaluation app: opening the year's sheets of an agency (and taking over those of people
transferred in, with their periods — Decree 335/2025 art. 21), products assigned and confirmed, the
manager's points, the decisions on the quota, the exception, finalising the ranking (its levels go to the
registry), appeals of public employees, the agency's own year. Each: atomic, checked, scoped to the
actor's part of the organisation, audited.

Who may do what: a role that may change data works within its scope (the agency's focal officer enters
the products for the civil servant and records the manager's points and the competent person's
decisions, by name); the quota exception and the agencies' own evaluation are Sở Nội vụ's."""

import datetime as dt
import logging
from decimal import Decimal
from typing import Any

from django.db import transaction

from canbo.accounts.scope import is_home_affairs, user_can
from canbo.audit.services import actor_identity, audit_record, audit_record_bulk, model_update, snapshot
from canbo.core.actors import Actor
from canbo.core.dates import format_date
from canbo.core.errors import Conflict, InputRejected, NotAllowed, OutOfScope, RowError, clean_or_reject
from canbo.core.locks import serialize
from canbo.core.scoping import visible_unit_ids
from canbo.decisions.holidays import is_working_day
from canbo.decisions.rulesets import RuleMissing, rule_value
from canbo.evaluation.choices import AgencyStatus, AppealOutcome, ExcellentDecision, PeriodKind, SheetStatus
from canbo.evaluation.models import (
    AgencyEvaluation,
    Appeal,
    DutyGroup,
    ProductType,
    QuotaException,
    Ranking,
    Sheet,
    WorkItem,
)
from canbo.evaluation.selectors import (
    agency_evaluation_view,
    agency_of,
    decimal,
    ranking_date,
    ranking_view,
    rule_for,
)
from canbo.org.models import Unit
from canbo.org.selectors import org_tree_shape
from canbo.people.choices import EvaluationLevel, PostLevel, StaffCategory
from canbo.people.models import Assignment, Evaluation
from canbo.people.selectors import in_force

__all__ = [
    "agency_evaluation_finalise",
    "agency_evaluation_save",
    "appeal_answer",
    "appeal_lodge",
    "excellent_decide",
    "group_create",
    "item_add",
    "item_delete",
    "item_update",
    "items_confirm",
    "product_type_create",
    "quota_exception_record",
    "ranking_finalise",
    "ranking_reminders_send",
    "sheet_score",
    "sheets_open",
]

EVALUATED = (StaffCategory.CADRE, StaffCategory.CIVIL_SERVANT, StaffCategory.PUBLIC_EMPLOYEE)
ITEM_FIELDS = [
    "period",
    "title",
    "weight",
    "completed",
    "failed_reviews",
    "excused_failed_reviews",
    "delays",
    "excused_delays",
    "excuse_confirmed_by",
    "note",
]
SCORE_FIELDS = [
    "general_points",
    "organisation_rate",
    "degradation",
    "unit_corruption",
    "recorded_level",
    "evidence",
    "group",
]
LOCK = "evaluation.ranking"
logger = logging.getLogger(__name__)


def _may_change(actor: Actor, unit_id: int) -> None:
    if not user_can(actor, "change"):
        raise NotAllowed("Vai trò của bạn chỉ được xem, không được ghi đánh giá, xếp loại.")
    scope = visible_unit_ids(actor, "change")
    if scope is not None and unit_id not in scope:
        raise OutOfScope()


def _home_affairs(actor: Actor, unit_id: int) -> None:
    _may_change(actor, unit_id)
    if not is_home_affairs(actor):
        raise NotAllowed("Chỉ Sở Nội vụ ghi việc này.")


def _open_sheet(sheet: Sheet) -> Sheet:
    """The sheet, locked, while its year is not finalised."""
    current = Sheet.objects.select_for_update().get(pk=sheet.pk)
    if current.status == SheetStatus.RANKED:
        raise Conflict("Phiếu đã được xếp loại theo quyết định của cơ quan; không sửa được nữa.")
    return current


def _rule_number(key: str, year: int, default: float) -> float:
    try:
        return float(rule_value(key, dt.date(year, 12, 31)).value)
    except RuleMissing:
        return default


# --- the catalogue and the groups ------------------------------------------------------------------


@transaction.atomic
def product_type_create(
    *, actor: Actor, unit: Unit, name: str, coefficient: Decimal = Decimal(1), note: str = ""
) -> ProductType:
    _may_change(actor, unit.pk)
    product_type = ProductType(unit=unit, name=name.strip(), coefficient=coefficient, note=note)
    clean_or_reject(product_type)
    product_type.save()
    audit_record(
        actor=actor,
        action="evaluation.product_type.create",
        obj=product_type,
        after=snapshot(product_type, ["name", "coefficient", "note"]),
    )
    return product_type


@transaction.atomic
def group_create(*, actor: Actor, unit: Unit, year: int, name: str) -> DutyGroup:
    _may_change(actor, unit.pk)
    group = DutyGroup(unit=unit, year=year, name=name.strip())
    clean_or_reject(group)
    group.save()
    audit_record(
        actor=actor, action="evaluation.group.create", obj=group, after={"name": group.name, "year": year}
    )
    return group


# --- the year's sheets -----------------------------------------------------------------------------


@transaction.atomic
def sheets_open(*, actor: Actor, unit: Unit, year: int) -> tuple[int, int]:
    """A sheet for every cadre, civil servant and public employee in service in the agency on the day
    the year is counted (its last day, or today): the text in force for their category, leader or not,
    the tracking period (eval.period). A person transferred in keeps their sheet and its periods, now
    ranked by this agency (art. 21). Returns (created, taken over)."""
    _may_change(actor, unit.pk)
    serialize(f"{LOCK}.{unit.pk}.{year}")
    on = ranking_date(year)
    shape = org_tree_shape(as_of=on)
    if agency_of(unit.pk, on, shape) != unit.pk:
        raise InputRejected.single(
            "Đơn vị này không phải là cơ quan, đơn vị xếp loại (sở, ngành, cấp huyện)."
        )
    subtree = shape.subtree([unit.pk])
    assignments = (
        in_force(Assignment.objects.filter(unit_id__in=subtree, concurrent=False), on)
        .filter(person__staff_category__in=EVALUATED)
        .select_related("person", "post")
        .order_by("person_id", "-valid_from")
    )
    people: dict[int, Assignment] = {}
    for assignment in assignments:
        people.setdefault(assignment.person_id, assignment)
    existing = {
        s.person_id: s for s in Sheet.objects.select_for_update().filter(person_id__in=people, year=year)
    }
    try:
        period = str(rule_value("eval.period", dt.date(year, 12, 31)).value)
    except RuleMissing:
        period = PeriodKind.QUARTER
    created: list[Sheet] = []
    moved: list[Sheet] = []
    rule_of: dict[str, Any] = {}
    for person_id, assignment in people.items():
        level = assignment.post.level if assignment.post else PostLevel.NONE
        sheet = existing.get(person_id)
        if sheet is not None:
            if sheet.unit_id != unit.pk and sheet.status != SheetStatus.RANKED:
                sheet.unit = unit
                sheet.group = None
                sheet.version += 1
                moved.append(sheet)
            continue
        category = assignment.person.staff_category
        if category not in rule_of:
            rule_of[category] = rule_for(year, category)  # one settings read per category, not per person
        rule = rule_of[category]
        created.append(
            Sheet(
                person_id=person_id,
                year=year,
                unit=unit,
                category=assignment.person.staff_category,
                rule_text=rule.name,
                computes=rule.computes_levels,
                period_kind=period if period in PeriodKind.values else PeriodKind.QUARTER,
                leader=level != PostLevel.NONE,
                deputy=level in (PostLevel.AGENCY_DEPUTY, PostLevel.DIVISION_DEPUTY),
                post_name=assignment.post.name if assignment.post else "",
            )
        )
    Sheet.objects.bulk_create(created, batch_size=500)
    Sheet.objects.bulk_update(moved, ["unit", "group", "version"], batch_size=500)
    if created:
        fresh = Sheet.objects.filter(unit=unit, year=year, person_id__in=[s.person_id for s in created])
        audit_record_bulk(
            actor=actor,
            action="evaluation.sheet.create",
            model=Sheet,
            items=(
                (s.pk, f"Phiếu đánh giá năm {year}", None, {"person": s.person_id, "unit": unit.pk})
                for s in fresh
            ),
        )
    if moved:
        audit_record_bulk(
            actor=actor,
            action="evaluation.sheet.move",
            model=Sheet,
            items=((s.pk, f"Phiếu đánh giá năm {year}", None, {"unit": unit.pk}) for s in moved),
        )
    return len(created), len(moved)


# --- products ---------------------------------------------------------------------------------------


def _item_checks(item: WorkItem, sheet: Sheet) -> None:
    errors = []
    last = 4 if sheet.period_kind == PeriodKind.QUARTER else 12
    if not 1 <= item.period <= last:
        errors.append(
            RowError(
                f"Kỳ phải từ 1 đến {last} ({sheet.get_period_kind_display().lower()}).",
                column="Kỳ",
                field="period",
            )
        )
    if item.excused_failed_reviews > item.failed_reviews:
        errors.append(
            RowError(
                "Số lần có nguyên nhân khách quan không được lớn hơn số lần chưa đạt.",
                column="Nguyên nhân khách quan (chất lượng)",
                field="excused_failed_reviews",
            )
        )
    if item.excused_delays > item.delays:
        errors.append(
            RowError(
                "Số lần có nguyên nhân khách quan không được lớn hơn số lần chậm.",
                column="Nguyên nhân khách quan (tiến độ)",
                field="excused_delays",
            )
        )
    if (item.excused_failed_reviews or item.excused_delays) and not item.excuse_confirmed_by.strip():
        errors.append(
            RowError(
                "Cần ghi người (cấp có thẩm quyền) xác nhận nguyên nhân khách quan.",
                column="Người xác nhận nguyên nhân khách quan",
                field="excuse_confirmed_by",
            )
        )
    if errors:
        raise InputRejected(errors)


@transaction.atomic
def item_add(*, actor: Actor, sheet: Sheet, **fields: Any) -> WorkItem:
    _may_change(actor, sheet.unit_id)
    sheet = _open_sheet(sheet)
    product_type = fields.pop("product_type", None)
    if product_type is not None and product_type.unit_id != sheet.unit_id:
        raise InputRejected.single("Loại sản phẩm không thuộc danh mục của cơ quan.", field="product_type")
    if product_type is not None and "weight" not in fields:
        fields["weight"] = product_type.coefficient
    _, name = actor_identity(actor)
    item = WorkItem(
        sheet=sheet, product_type=product_type, source_unit_id=sheet.unit_id, entered_by_name=name, **fields
    )
    _item_checks(item, sheet)
    clean_or_reject(item)
    item.save()
    audit_record(actor=actor, action="evaluation.item.create", obj=item, after=snapshot(item, ITEM_FIELDS))
    return item


@transaction.atomic
def item_update(*, actor: Actor, item: WorkItem, changes: dict[str, Any]) -> WorkItem:
    _may_change(actor, item.sheet.unit_id)
    sheet = _open_sheet(item.sheet)
    unknown = set(changes) - set(ITEM_FIELDS)
    if unknown:
        raise InputRejected.single(f"Không sửa được: {', '.join(sorted(unknown))}.")
    changes = dict(changes, confirmed_by_name="", confirmed_on=None)  # changed: to be confirmed again
    return model_update(
        actor=actor,
        obj=item,
        changes=changes,
        action="evaluation.item.update",
        prepare=lambda current: _item_checks(current, sheet),
    )


@transaction.atomic
def item_delete(*, actor: Actor, item: WorkItem) -> None:
    _may_change(actor, item.sheet.unit_id)
    _open_sheet(item.sheet)
    audit_record(actor=actor, action="evaluation.item.delete", obj=item, before=snapshot(item, ITEM_FIELDS))
    item.delete()


@transaction.atomic
def items_confirm(*, actor: Actor, sheet: Sheet, manager: str, on: dt.date, period: int | None = None) -> int:
    """The manager confirms the products of a period (or all): recorded with their name and the day."""
    _may_change(actor, sheet.unit_id)
    sheet = _open_sheet(sheet)
    if not manager.strip():
        raise InputRejected.single(
            "Cần ghi họ tên người quản lý xác nhận.", field="manager", column="Người xác nhận"
        )
    items = WorkItem.objects.filter(sheet=sheet, confirmed_on__isnull=True)
    if period is not None:
        items = items.filter(period=period)
    ids = list(items.values_list("pk", flat=True))
    WorkItem.objects.filter(pk__in=ids).update(confirmed_by_name=manager.strip(), confirmed_on=on)
    audit_record(
        actor=actor,
        action="evaluation.item.confirm",
        obj=sheet,
        after={"items": ids, "manager": manager.strip(), "on": on, "period": period},
    )
    return len(ids)


# --- the manager's points and the decisions ---------------------------------------------------------


@transaction.atomic
def sheet_score(
    *, actor: Actor, sheet: Sheet, version: int, changes: dict[str, Any], manager: str, on: dt.date
) -> Sheet:
    """The manager's part: general criteria (0 – eval.general_max), a leader's organisation criterion
    where the plan does not give it, the forced-case inputs of art. 20(4)(b),(d), the level decided
    under a text that does not compute it, the group of similar duties."""
    _may_change(actor, sheet.unit_id)
    sheet = _open_sheet(sheet)
    unknown = set(changes) - set(SCORE_FIELDS)
    if unknown:
        raise InputRejected.single(f"Không sửa được: {', '.join(sorted(unknown))}.")
    general_max = _rule_number("eval.general_max", sheet.year, 30.0)

    def prepare(current: Sheet) -> None:
        errors = []
        if current.general_points is not None and current.general_points > Decimal(str(general_max)):
            errors.append(
                RowError(
                    f"Điểm tiêu chí chung tối đa {general_max:g} điểm.",
                    column="Điểm tiêu chí chung",
                    field="general_points",
                )
            )
        if current.group is not None and (
            current.group.unit_id != current.unit_id or current.group.year != current.year
        ):
            errors.append(RowError("Nhóm không thuộc cơ quan và năm của phiếu.", field="group"))
        if errors:
            raise InputRejected(errors)
        current.status = SheetStatus.CONFIRMED
        current.confirmed_by_name = manager.strip()
        current.confirmed_on = on

    if not manager.strip():
        raise InputRejected.single("Cần ghi họ tên người chấm điểm (thủ trưởng trực tiếp).", field="manager")
    return model_update(
        actor=actor,
        obj=sheet,
        changes=changes,
        action="evaluation.sheet.score",
        version=version,
        prepare=prepare,
    )


@transaction.atomic
def excellent_decide(*, actor: Actor, sheet: Sheet, decision: str) -> Sheet:
    """The competent person's decision on a candidate for "xuất sắc": keep, or rank "tốt" for the
    quota (art. 20(5) sets the number, not who). Kept beyond the quota blocks finalising."""
    _may_change(actor, sheet.unit_id)
    if decision not in ExcellentDecision.values:
        raise InputRejected.single("Quyết định không hợp lệ.", field="decision")
    sheet = _open_sheet(sheet)
    return model_update(
        actor=actor, obj=sheet, changes={"excellent_decision": decision}, action="evaluation.excellent.decide"
    )


@transaction.atomic
def quota_exception_record(
    *,
    actor: Actor,
    unit: Unit,
    year: int,
    ratio: Decimal,
    decision_number: str,
    decided_on: dt.date,
    note: str = "",
) -> QuotaException:
    """Art. 20(5)(b): a higher ratio for an agency with outstanding results, for one year, only with the
    decision that allows it and up to eval.quota_exception_ceiling."""
    _home_affairs(actor, unit.pk)
    ceiling = _rule_number("eval.quota_exception_ceiling", year, 0.25)
    errors = []
    if not decision_number.strip():
        errors.append(
            RowError("Ngoại lệ cần số quyết định cho phép.", column="Số quyết định", field="decision_number")
        )
    if not 0 < ratio <= Decimal(str(ceiling)):
        errors.append(
            RowError(
                f"Tỷ lệ phải lớn hơn 0 và không quá {ceiling * 100:g} %.".replace(".", ","),
                column="Tỷ lệ",
                field="ratio",
            )
        )
    if errors:
        raise InputRejected(errors)
    if Ranking.objects.filter(unit=unit, year=year).exists():
        raise Conflict("Năm này cơ quan đã có quyết định xếp loại.")
    _, name = actor_identity(actor)
    exception, _created = QuotaException.objects.update_or_create(
        unit=unit,
        year=year,
        defaults={
            "ratio": ratio,
            "decision_number": decision_number.strip(),
            "decided_on": decided_on,
            "note": note,
            "created_by_name": name,
        },
    )
    audit_record(
        actor=actor,
        action="evaluation.quota_exception.record",
        obj=exception,
        after=snapshot(exception, ["ratio", "decision_number", "decided_on", "note"]),
    )
    return exception


@transaction.atomic
def ranking_finalise(
    *, actor: Actor, unit: Unit, year: int, decision_number: str, decided_on: dt.date
) -> Ranking:
    """The competent person's decision on the year: refused while a sheet lacks its inputs, a tie at
    the quota's cut-off is undecided or more "xuất sắc" are kept than the quota allows. The levels are
    written to the sheets and to the registry (people.Evaluation, read by the decisions checker, the
    planning pool, the replacement list and the indicators)."""
    _may_change(actor, unit.pk)
    serialize(f"{LOCK}.{unit.pk}.{year}")
    if not decision_number.strip():
        raise InputRejected.single(
            "Cần ghi số quyết định xếp loại.", column="Số quyết định", field="decision_number"
        )
    if Ranking.objects.filter(unit=unit, year=year).exists():
        raise Conflict("Năm này cơ quan đã có quyết định xếp loại.")
    list(Sheet.objects.select_for_update().filter(unit=unit, year=year).values_list("pk", flat=True))
    view = ranking_view(user=actor, unit=unit, year=year)
    if not view.rows:
        raise InputRejected.single("Cơ quan chưa có phiếu đánh giá nào của năm này.")
    if view.problems:
        raise InputRejected([RowError(p) for p in view.problems])
    sheets = []
    for row in view.rows:
        sheet = row.sheet
        o = row.outcome
        sheet.task_points = decimal(o.task_points)
        sheet.score = decimal(o.score, 4)
        sheet.unit_result = decimal(o.unit_result)
        sheet.computed_level = o.level or ""
        sheet.forced_reasons = ",".join(o.reasons)
        sheet.level = row.level
        sheet.status = SheetStatus.RANKED
        sheet.version += 1
        sheets.append(sheet)
    Sheet.objects.bulk_update(
        sheets,
        [
            "task_points",
            "score",
            "unit_result",
            "computed_level",
            "forced_reasons",
            "level",
            "status",
            "version",
        ],
        batch_size=500,
    )
    levels = {s.person_id: s.level for s in sheets}
    existing = {e.person_id: e for e in Evaluation.objects.filter(person_id__in=levels, year=year)}
    for person_id, evaluation in existing.items():
        evaluation.level = levels[person_id]
    Evaluation.objects.bulk_update(list(existing.values()), ["level"], batch_size=500)
    Evaluation.objects.bulk_create(
        [Evaluation(person_id=p, year=year, level=lvl) for p, lvl in levels.items() if p not in existing],
        batch_size=500,
    )
    _, name = actor_identity(actor)
    ranking = Ranking.objects.create(
        unit=unit,
        year=year,
        decision_number=decision_number.strip(),
        decided_on=decided_on,
        decided_by_name=name,
        people=len(sheets),
    )
    audit_record(
        actor=actor,
        action="evaluation.ranking.finalise",
        obj=ranking,
        after={
            "decision_number": ranking.decision_number,
            "decided_on": decided_on,
            "people": len(sheets),
            "levels": view.level_counts(),
        },
    )
    audit_record_bulk(
        actor=actor,
        action="evaluation.sheet.rank",
        model=Sheet,
        items=((s.pk, str(s.person_id), None, {"level": s.level, "score": s.score}) for s in sheets),
    )
    return ranking


# --- reminders before the deadline ---------------------------------------------------------------------

REMIND_DAYS_LEFT = (10, 5, 1, 0)  # and every 7 days once late


def ranking_reminders_send(*, actor: Actor, year: int, on: dt.date) -> int:
    """Mail the focal officers of each agency whose ranking of `year` is not finalised, 10, 5 and 1 days
    before the deadline (art. 21: 15/12), on the day and weekly once late; each sending audited. The
    command `canbo evaluation remind` runs it daily. Returns the number of mails that went out."""
    from django.core.mail import send_mail

    from canbo.accounts.choices import Role
    from canbo.accounts.models import RoleAssignment
    from canbo.core.text import site_link
    from canbo.evaluation.selectors import rankings_due

    sent = 0
    for due in rankings_due(user=actor, year=year, on=on):
        late = due.days_left < 0
        if due.days_left not in REMIND_DAYS_LEFT and not (late and -due.days_left % 7 == 0):
            continue
        addresses = sorted(
            set(
                RoleAssignment.objects.filter(role=Role.FOCAL, unit=due.unit, user__is_active=True)
                .exclude(user__email="")
                .values_list("user__email", flat=True)
            )
        )
        when = (
            f"đã quá hạn {-due.days_left} ngày" if late else
            "hết hạn hôm nay" if due.days_left == 0 else f"còn {due.days_left} ngày"
        )  # fmt: skip
        subject = f"Nhắc xếp loại chất lượng năm {year}: {when} (hạn {format_date(due.deadline)})"
        body = (
            f"{due.name} có {due.sheets} phiếu đánh giá năm {year} chưa có quyết định xếp loại. Hạn xếp "
            f"loại: trước ngày {format_date(due.deadline)} (Điều 21 Nghị định 335/2025/NĐ-CP).\n\n"
            f"Xem trên hệ thống canbo: {site_link(f'/danh-gia/{year}/co-quan/{due.unit.pk}/')}"
        )
        for address in addresses:
            try:
                send_mail(subject, body, from_email=None, recipient_list=[address])
            except Exception as exc:  # the mail server refused: say so in the log, go on with the others
                logger.warning("ranking reminder to %s failed (%s)", address, type(exc).__name__)
                continue
            sent += 1
        if addresses:
            audit_record(actor=actor, action="evaluation.ranking.remind", obj=due.unit,
                         after={"year": year, "days_left": due.days_left, "to": len(addresses)})  # fmt: skip
    return sent


# --- appeals of public employees (Law on Public Employees 2025 art. 27) ----------------------------

APPEAL_DAYS = 5  # art. 27: "trong thời hạn 05 ngày" from publication
ANSWER_WORKING_DAYS = 10  # art. 27: the answer "trong thời hạn 10 ngày làm việc"


def working_days_after(day: dt.date, n: int) -> dt.date:
    """The n-th working day after `day` (decisions.holidays: weekends, public holidays, swapped days)."""
    counted = 0
    while counted < n:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


@transaction.atomic
def appeal_lodge(*, actor: Actor, sheet: Sheet, lodged_on: dt.date, content: str) -> Appeal:
    _may_change(actor, sheet.unit_id)
    if sheet.category != StaffCategory.PUBLIC_EMPLOYEE:
        raise InputRejected.single(
            "Kiến nghị về kết quả xếp loại theo Điều 27 Luật Viên chức 2025 chỉ dành cho viên chức."
        )
    ranking = Ranking.objects.filter(unit=sheet.unit_id, year=sheet.year).first()
    if ranking is None or sheet.status != SheetStatus.RANKED:
        raise InputRejected.single("Kết quả xếp loại chưa được công khai: chưa có quyết định xếp loại.")
    if not content.strip():
        raise InputRejected.single(
            "Cần ghi nội dung kiến nghị.", column="Nội dung kiến nghị", field="content"
        )
    last = ranking.decided_on + dt.timedelta(days=APPEAL_DAYS)
    if not ranking.decided_on <= lodged_on <= last:
        raise InputRejected.single(
            "Quá hạn kiến nghị: trong 05 ngày kể từ ngày công khai kết quả "
            f"({format_date(ranking.decided_on)}), tức đến hết ngày {format_date(last)} "
            "(Điều 27 Luật Viên chức 2025).",
            column="Ngày kiến nghị",
            field="lodged_on",
        )
    appeal = Appeal.objects.create(
        sheet=sheet,
        published_on=ranking.decided_on,
        lodged_on=lodged_on,
        content=content.strip(),
        answer_due=working_days_after(lodged_on, ANSWER_WORKING_DAYS),
    )
    audit_record(
        actor=actor,
        action="evaluation.appeal.create",
        obj=appeal,
        after=snapshot(appeal, ["lodged_on", "content", "answer_due"]),
    )
    return appeal


@transaction.atomic
def appeal_answer(
    *, actor: Actor, appeal: Appeal, answered_on: dt.date, answer: str, outcome: str, new_level: str = ""
) -> Appeal:
    """The answer (no review of it: art. 27). A changed level is written to the sheet and the registry."""
    _may_change(actor, appeal.sheet.unit_id)
    appeal = Appeal.objects.select_for_update().select_related("sheet").get(pk=appeal.pk)
    errors = []
    if appeal.outcome:
        raise Conflict("Kiến nghị đã được trả lời; không xem xét lại (Điều 27 Luật Viên chức 2025).")
    if outcome not in (AppealOutcome.UPHELD, AppealOutcome.CHANGED):
        errors.append(RowError("Chọn kết quả trả lời.", field="outcome"))
    if outcome == AppealOutcome.CHANGED and new_level not in EvaluationLevel.values:
        errors.append(RowError("Chọn mức xếp loại sau điều chỉnh.", field="new_level"))
    if not answer.strip():
        errors.append(RowError("Cần ghi nội dung trả lời.", field="answer"))
    if answered_on < appeal.lodged_on:
        errors.append(RowError("Ngày trả lời không được trước ngày kiến nghị.", field="answered_on"))
    if errors:
        raise InputRejected(errors)
    appeal.answered_on, appeal.answer, appeal.outcome = answered_on, answer.strip(), outcome
    appeal.new_level = new_level if outcome == AppealOutcome.CHANGED else ""
    appeal.save()
    if appeal.new_level:
        sheet = appeal.sheet
        Sheet.objects.filter(pk=sheet.pk).update(level=appeal.new_level, version=sheet.version + 1)
        Evaluation.objects.update_or_create(
            person_id=sheet.person_id, year=sheet.year, defaults={"level": appeal.new_level}
        )
    audit_record(
        actor=actor,
        action="evaluation.appeal.answer",
        obj=appeal,
        after=snapshot(appeal, ["answered_on", "answer", "outcome", "new_level"]),
    )
    return appeal


# --- the agency's own year ----------------------------------------------------------------------------


@transaction.atomic
def agency_evaluation_save(
    *, actor: Actor, unit: Unit, year: int, general_points: Decimal | None, note: str = ""
) -> AgencyEvaluation:
    _home_affairs(actor, unit.pk)
    general_max = _rule_number("eval.general_max", year, 30.0)
    if general_points is not None and not 0 <= general_points <= Decimal(str(general_max)):
        raise InputRejected.single(
            f"Điểm tiêu chí chung từ 0 đến {general_max:g}.",
            column="Điểm tiêu chí chung",
            field="general_points",
        )
    evaluation, created = AgencyEvaluation.objects.select_for_update().get_or_create(unit=unit, year=year)
    if evaluation.status == AgencyStatus.RANKED:
        raise Conflict("Cơ quan đã được xếp loại năm này.")
    before = snapshot(evaluation, ["general_points", "note"])
    evaluation.general_points, evaluation.note = general_points, note
    evaluation.version += 1
    evaluation.save()
    audit_record(
        actor=actor,
        action="evaluation.agency.score",
        obj=evaluation,
        before=None if created else before,
        after=snapshot(evaluation, ["general_points", "note"]),
    )
    return evaluation


@transaction.atomic
def agency_evaluation_finalise(
    *, actor: Actor, unit: Unit, year: int, decision_number: str, decided_on: dt.date
) -> AgencyEvaluation:
    """Keep the figures the level was decided on: the plan's counts, task points, score, level."""
    _home_affairs(actor, unit.pk)
    if not decision_number.strip():
        raise InputRejected.single(
            "Cần ghi số quyết định xếp loại.", column="Số quyết định", field="decision_number"
        )
    view = agency_evaluation_view(user=actor, unit=unit, year=year)
    if view.finalised:
        raise Conflict("Cơ quan đã được xếp loại năm này.")
    if view.score is None:
        raise InputRejected.single("Cần chấm điểm tiêu chí chung trước khi xếp loại.", field="general_points")
    evaluation = AgencyEvaluation.objects.select_for_update().get(unit=unit, year=year)
    evaluation.task_points = decimal(view.task_points)
    evaluation.score = decimal(view.score, 4)
    evaluation.level = view.level
    evaluation.counts = view.plan.counts | {"as_of": view.plan.as_of.isoformat()}
    evaluation.status = AgencyStatus.RANKED
    evaluation.decision_number, evaluation.decided_on = decision_number.strip(), decided_on
    evaluation.version += 1
    evaluation.save()
    audit_record(
        actor=actor,
        action="evaluation.agency.finalise",
        obj=evaluation,
        after=snapshot(
            evaluation, ["task_points", "score", "level", "counts", "decision_number", "decided_on"]
        ),
    )
    return evaluation
