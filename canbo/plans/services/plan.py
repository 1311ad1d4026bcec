"""Loading a plan (all or nothing, again and again without change) and scheduling its occurrences.

The periods a task's schedules call for are pure arithmetic (plans.periods); here they become
occurrences, one per agency and period."""

import dataclasses
import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from canbo.accounts.scope import is_home_affairs
from canbo.audit.services import audit_entry, audit_record, audit_record_many, snapshot
from canbo.core.actors import Actor
from canbo.core.dates import format_date
from canbo.core.errors import InputRejected, NotAllowed, RowError
from canbo.core.locks import serialize
from canbo.org.models import Unit, UnitVersion
from canbo.org.selectors import agencies_as_of, unit_find
from canbo.plans.choices import ProductKind
from canbo.plans.deadlines import DeadlineError, Schedule, parse_deadline
from canbo.plans.models import (
    DEFAULT_ADDRESSEE_KINDS,
    Extension,
    Obstacle,
    Occurrence,
    Plan,
    PlanSection,
    PlanTarget,
    Reminder,
    Report,
    Task,
)
from canbo.plans.periods import Period, schedule_to_json
from canbo.plans.periods import task_periods as periods_of
from canbo.plans.services.common import clean, labels
from canbo.plans.spec import H_COOP, H_DEADLINE, H_LEAD, H_NO, H_NOTES, H_PRODUCT, H_TASK, PlanSpec, TaskRow

logger = logging.getLogger(__name__)

# A task's fields under the columns of the appendix-shaped Excel file they come from.
TASK_COLUMNS = labels(
    Task,
    code=H_NO,
    title=H_TASK,
    text=H_TASK,
    lead_unit=H_LEAD,
    cooperating_text=H_COOP,
    product_kinds=H_PRODUCT,
    product_text=H_PRODUCT,
    deadline_text=H_DEADLINE,
    notes=H_NOTES,
)


@dataclass
class PlanImportResult:
    plan_created: bool = False
    tasks_created: int = 0
    tasks_changed: int = 0
    tasks_unchanged: int = 0
    occurrences_created: int = 0
    occurrences_withdrawn: int = 0
    dry_run: bool = False

    def summary(self) -> str:
        head = "Kiểm tra xong, chưa ghi gì (chạy thử)" if self.dry_run else "Đã nạp kế hoạch"
        return (
            f"{head}: {self.tasks_created} nhiệm vụ mới, {self.tasks_changed} nhiệm vụ thay đổi, "
            f"{self.tasks_unchanged} nhiệm vụ giữ nguyên; {self.occurrences_created} lượt thực hiện mới"
            + (f", {self.occurrences_withdrawn} lượt không còn giao." if self.occurrences_withdrawn else ".")
        )


def _resolve_unit(text: str, as_of: dt.date) -> Unit | None:
    found = unit_find(query=text, as_of=as_of)
    return found[0] if len(found) == 1 else None


def plan_validate(spec: PlanSpec) -> tuple[list[RowError], dict[str, Unit], dict[str, list[Schedule]]]:
    """Every reason the plan cannot be loaded, with the units and schedules it resolves to."""
    errors: list[RowError] = []
    units: dict[str, Unit] = {}
    schedules: dict[str, list[Schedule]] = {}
    sections = {code for code, _ in spec.sections}
    seen: set[str] = set()
    products = set(ProductKind.values)
    if spec.period_to < spec.period_from:
        errors.append(RowError("Năm kết thúc của kế hoạch phải sau năm bắt đầu."))
    if spec.issuer_unit and _resolve_unit(spec.issuer_unit, spec.starts_on) is None:
        errors.append(RowError(f"Không tìm thấy cơ quan ban hành “{spec.issuer_unit}”."))
    for row in spec.tasks:

        def err(column: str, message: str, row: TaskRow = row) -> None:
            errors.append(RowError(message, row=row.row, column=column, sheet=row.sheet))

        if not row.code:
            err(H_NO, "Thiếu số thứ tự (mã nhiệm vụ).")
        elif row.code in seen:
            err(H_NO, f"Mã nhiệm vụ “{row.code}” bị lặp.")
        seen.add(row.code)
        if row.section not in sections:
            err(H_NO, f"Mục “{row.section}” không có trong kế hoạch.")
        if not row.title:
            err(H_TASK, "Thiếu nội dung nhiệm vụ.")
        if not row.all_agencies:
            if not row.lead:
                err(H_LEAD, "Thiếu cơ quan chủ trì.")
            for name in [row.lead, *row.co_leads]:
                if not name:
                    continue
                unit = _resolve_unit(name, spec.starts_on)
                if unit is None:
                    err(
                        H_LEAD,
                        f"Không tìm thấy cơ quan “{name}” trong cơ cấu tổ chức ngày "
                        f"{format_date(spec.starts_on)} (ghi đúng tên hoặc mã đơn vị).",
                    )
                else:
                    units[name] = unit
        for kind in row.products:
            if kind not in products:
                err(H_PRODUCT, f"Loại sản phẩm “{kind}” không có trong danh mục.")
        try:
            schedules[row.code] = list(parse_deadline(row.deadline).schedules)
        except DeadlineError as exc:
            err(H_DEADLINE, str(exc))
    return errors, units, schedules


@transaction.atomic
def plan_import(*, actor: Actor, spec: PlanSpec, dry_run: bool = False) -> PlanImportResult:
    """Load a plan all or nothing (InputRejected lists every error); loading it again changes nothing.

    Only Sở Nội vụ loads plans (NotAllowed otherwise)."""
    if not is_home_affairs(actor):
        raise NotAllowed("Chỉ Sở Nội vụ được nạp kế hoạch.")
    serialize("plans.import")  # one load at a time (core.locks)
    errors, units, schedules = plan_validate(spec)
    if errors:
        raise InputRejected(errors)
    result = PlanImportResult(dry_run=dry_run)
    plan = _plan_save(actor=actor, spec=spec, result=result)
    sections = {}
    for order, (code, title) in enumerate(spec.sections):
        section = PlanSection.objects.filter(plan=plan, code=code).first() or PlanSection(
            plan=plan, code=code
        )
        section.title, section.order = title, order
        clean(section)
        section.save()
        sections[code] = section
    plan_targets = []
    for target in spec.targets:
        found = PlanTarget.objects.filter(plan=plan, code=target.code).first()
        target_row = found or PlanTarget(plan=plan, code=target.code)
        target_row.text, target_row.indicator, target_row.year = target.text, target.indicator, target.year
        target_row.threshold, target_row.threshold_to = target.threshold, target.threshold_to  # type: ignore[assignment]
        clean(target_row)
        target_row.save()
        plan_targets.append(target_row)
    plan_targets_saved(actor=actor, plan_targets=plan_targets)
    existing = {t.code: t for t in plan.tasks.prefetch_related("co_lead_units")}
    entries = []
    refused: list[RowError] = []
    for order, row in enumerate(spec.tasks):
        values: dict[str, Any] = {
            "section": sections[row.section],
            "title": row.title,
            "text": row.text,
            "lead_unit": units.get(row.lead) if not row.all_agencies else None,
            "all_agencies": row.all_agencies,
            "cooperating_text": row.cooperating,
            "product_kinds": row.products,
            "product_text": row.product_text,
            "deadline_text": row.deadline,
            "schedules": [schedule_to_json(s) for s in schedules[row.code]],
            "detailed_in": row.detailed_in,
            "notes": row.notes,
            "level": row.level,
            "order": order,
        }
        co_leads = [units[name] for name in row.co_leads if name in units]
        task = existing.get(row.code)
        before = _task_state(task) if task is not None else None
        if task is None:
            task = Task(plan=plan, code=row.code, **values)
        else:
            for name, value in values.items():
                setattr(task, name, value)
        try:
            clean(task, columns=TASK_COLUMNS)
        except InputRejected as exc:  # every row's problems are named before anything is kept
            refused.extend(dataclasses.replace(e, row=row.row, sheet=row.sheet) for e in exc.errors)
            continue
        task.save()
        task.co_lead_units.set(co_leads)
        after = _task_state(task)
        if before is None:
            result.tasks_created += 1
            entries.append(audit_entry(actor=actor, action="plans.task.create", obj=task, after=after))
        elif before == after:
            result.tasks_unchanged += 1
        else:
            result.tasks_changed += 1
            entries.append(
                audit_entry(actor=actor, action="plans.task.update", obj=task, before=before, after=after)
            )
    if refused:
        raise InputRejected(refused)  # and the transaction is rolled back: nothing is written
    audit_record_many(entries)
    schedule = plan_schedule(actor=actor, plan=plan)
    result.occurrences_created = schedule.created
    result.occurrences_withdrawn = schedule.withdrawn
    if dry_run:
        transaction.set_rollback(True)
    return result


def _plan_save(*, actor: Actor, spec: PlanSpec, result: PlanImportResult) -> Plan:
    issuer_unit = _resolve_unit(spec.issuer_unit, spec.starts_on) if spec.issuer_unit else None
    fields = {
        "number": spec.number,
        "title": spec.title,
        "issuer": spec.issuer,
        "issuer_unit": issuer_unit,
        "issued_on": spec.issued_on,
        "issued_text": spec.issued_text,
        "based_on": "\n".join(spec.based_on),
        "period_from": spec.period_from,
        "period_to": spec.period_to,
        "starts_on": spec.starts_on,
        "addressee_kinds": list(spec.addressee_kinds),
    }
    plan = Plan.objects.filter(code=spec.code).first()
    result.plan_created = plan is None
    if plan is None:
        plan = Plan(code=spec.code, **fields)
        clean(plan)
        plan.save()
        audit_record(actor=actor, action="plans.plan.create", obj=plan, after=snapshot(plan, list(fields)))
        return plan
    before = snapshot(plan, list(fields))
    for name, value in fields.items():
        setattr(plan, name, value)
    clean(plan)
    plan.save()
    if before != snapshot(plan, list(fields)):
        audit_record(
            actor=actor,
            action="plans.plan.update",
            obj=plan,
            before=before,
            after=snapshot(plan, list(fields)),
        )
    return plan


def _task_state(task: Task) -> dict[str, Any]:
    state = snapshot(
        task,
        [
            "code",
            "title",
            "text",
            "lead_unit",
            "all_agencies",
            "cooperating_text",
            "product_kinds",
            "product_text",
            "deadline_text",
            "schedules",
            "detailed_in",
            "notes",
            "level",
        ],
    )
    state["co_leads"] = sorted(u.code for u in task.co_lead_units.all()) if task.pk else []
    return state


def task_periods(*, task: Task, plan: Plan) -> list[tuple[int, Period]]:
    """The periods of a task, per schedule: (schedule index, period) (plans.periods)."""
    return periods_of(
        task.schedules,
        detailed_in=task.detailed_in,
        first_year=plan.period_from,
        last_year=plan.period_to,
        starts_on=plan.follows_from,
    )


def level_in_force(kind: str, as_of: dt.date) -> bool:
    """Whether units of a level (a unit kind) exist on a date: the district level ends on 1/7/2025."""
    return UnitVersion.objects.as_of(as_of).filter(kind=kind).exists()


@dataclass
class ScheduleResult:
    created: int = 0
    withdrawn: int = 0  # no longer called for, nothing recorded on them: removed
    kept: int = 0  # no longer called for, but reports or requests were recorded on them: kept


OccurrenceKey = tuple[int, int, int, str]  # task, unit, schedule index, period


def plan_wanted(*, plan: Plan) -> dict[OccurrenceKey, tuple[Task, Unit, int, Period]]:
    """The occurrences a plan calls for, on the organisation as recorded: a function of the plan and
    the tree, not of when either was loaded. Each share goes to the agencies in force on its period's
    start (plans.periods), a task of a level that no longer exists (Task.level) has no share for a
    period that starts after the level ended."""
    agencies: dict[dt.date, list[Unit]] = {}
    levels: dict[tuple[str, dt.date], bool] = {}
    kinds = tuple(plan.addressee_kinds or DEFAULT_ADDRESSEE_KINDS)
    wanted: dict[OccurrenceKey, tuple[Task, Unit, int, Period]] = {}
    for task in plan.tasks.select_related("lead_unit").prefetch_related("co_lead_units"):
        for index, period in task_periods(task=task, plan=plan):
            if task.level:
                key_level = (task.level, period.assign_on)
                if key_level not in levels:
                    levels[key_level] = level_in_force(task.level, period.assign_on)
                if not levels[key_level]:
                    continue
            if task.all_agencies:
                if period.assign_on not in agencies:
                    agencies[period.assign_on] = agencies_as_of(as_of=period.assign_on, kinds=kinds)
                units = agencies[period.assign_on]
            else:
                units = [u for u in [task.lead_unit, *task.co_lead_units.all()] if u is not None]
            for unit in units:
                wanted[(task.pk, unit.pk, index, period.label)] = (task, unit, index, period)
    return wanted


def plan_schedule(*, actor: Actor, plan: Plan) -> ScheduleResult:
    """Bring a plan's occurrences to what the plan and the organisation call for (plan_wanted):
    create the missing ones; withdraw those no longer called for (a restructuring recorded after the
    plan was loaded gives a later year's share to the new agencies instead of the former ones) when
    nothing was recorded on them; keep, and count, those that hold a report, an extension, an
    obstacle or a reminder. Running it again changes nothing."""
    result = ScheduleResult()
    wanted = plan_wanted(plan=plan)
    existing = {
        (o.task_id, o.unit_id, o.schedule_index, o.period): o
        for o in Occurrence.objects.filter(task__plan=plan).only(
            "id", "task_id", "unit_id", "schedule_index", "period"
        )
    }
    stale = [o for key, o in existing.items() if key not in wanted]
    if stale:
        ids = [o.pk for o in stale]
        worked = set()
        for model in (Report, Extension, Obstacle, Reminder):
            worked |= set(model.objects.filter(occurrence_id__in=ids).values_list("occurrence_id", flat=True))
        withdraw = [o for o in stale if o.pk not in worked]
        result.kept = len(stale) - len(withdraw)
        if withdraw:
            entries = [
                audit_entry(
                    actor=actor,
                    action="plans.occurrence.withdraw",
                    obj=o,
                    before={"task": o.task_id, "unit": o.unit_id, "period": o.period},
                )
                for o in withdraw
            ]
            Occurrence.objects.filter(pk__in=[o.pk for o in withdraw]).delete()
            audit_record_many(entries)
            result.withdrawn = len(withdraw)
    new: list[Occurrence] = []
    for key, (task, unit, index, period) in wanted.items():
        if key in existing:
            continue
        occurrence = Occurrence(
            task=task,
            unit=unit,
            period=period.label,
            year=period.year,
            starts_on=period.starts_on,
            original_due=period.due,
            schedule_index=index,
        )
        # Its own fields only: the task and the unit were just read, and `existing` is the
        # uniqueness check (a query per occurrence would load a plan of a thousand ten times
        # slower). The database's constraint stays the guarantee.
        clean(occurrence, exclude=["task", "unit"], validate_unique=False, validate_constraints=False)
        new.append(occurrence)
    Occurrence.objects.bulk_create(new, batch_size=500)
    result.created = len(new)
    if result.created or result.withdrawn or result.kept:
        logger.info(
            "plan %s scheduled: %d created, %d withdrawn, %d kept with recorded work",
            plan.code,
            result.created,
            result.withdrawn,
            result.kept,
        )
    return result


def plans_reschedule(*, actor: Actor) -> None:
    """After the organisation changed (settings.CANBO_ORG_CHANGED, called by org.services inside its
    import's transaction): every plan's occurrences follow the tree as now recorded."""
    for plan in Plan.objects.all():
        plan_schedule(actor=actor, plan=plan)


def plan_targets_saved(*, actor: Actor, plan_targets: list[PlanTarget]) -> None:
    """Tell whoever keeps something in step with a plan's targets (settings.CANBO_PLAN_TARGETS_SAVED:
    indicators.services.plan_targets_sync, which keeps the measured targets), inside the load's
    transaction and with the user who loaded the plan as the actor of their audit entries. Named in a
    setting: plans sits below indicators and imports nothing of it."""
    from django.conf import settings
    from django.utils.module_loading import import_string

    for path in settings.CANBO_PLAN_TARGETS_SAVED:
        import_string(path)(actor=actor, plan_targets=plan_targets)
