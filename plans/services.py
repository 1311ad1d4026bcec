"""Writes to plans: import and scheduling, reports, reviews, extensions, obstacles, reminders.

Every write is atomic, checked against the actor's scope and audited."""

import contextlib
import datetime as dt
import os
from dataclasses import asdict, dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from accounts.scope import is_home_affairs
from audit.services import audit_entry, audit_record, audit_record_many, snapshot
from core.dates import format_date
from core.errors import Conflict, InputRejected, RowError
from core.files import check_document, stored_name
from core.locks import serialize
from core.scoping import ensure_in_scope
from org.models import Unit
from org.selectors import agencies_as_of, unit_find
from plans.choices import ExtensionState, ProductKind, Progress, Review
from plans.deadlines import DeadlineError, Schedule, parse_deadline
from plans.models import (
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
from plans.spec import H_DEADLINE, H_LEAD, H_NO, H_PRODUCT, PlanSpec, TaskRow

WHOLE_PERIOD = "Cả kỳ kế hoạch"
ONCE = "Một lần"


@dataclass
class PlanImportResult:
    plan_created: bool = False
    tasks_created: int = 0
    tasks_changed: int = 0
    tasks_unchanged: int = 0
    occurrences_created: int = 0
    dry_run: bool = False

    def summary(self) -> str:
        head = "Kiểm tra xong, chưa ghi gì (chạy thử)" if self.dry_run else "Đã nạp kế hoạch"
        return (
            f"{head}: {self.tasks_created} nhiệm vụ mới, {self.tasks_changed} nhiệm vụ thay đổi, "
            f"{self.tasks_unchanged} nhiệm vụ giữ nguyên; {self.occurrences_created} lượt thực hiện mới."
        )


# --- the plan as data ---------------------------------------------------------------------------


def _schedule_to_json(schedule: Schedule) -> dict[str, Any]:
    data = asdict(schedule)
    data["due"] = schedule.due.isoformat() if schedule.due else None
    return data


def schedule_from_json(data: dict[str, Any]) -> Schedule:
    due = dt.date.fromisoformat(data["due"]) if data.get("due") else None
    return Schedule(**{**data, "due": due})


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
            err("Nhiệm vụ cụ thể", "Thiếu nội dung nhiệm vụ.")
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
def plan_import(*, actor: Any, spec: PlanSpec, dry_run: bool = False) -> PlanImportResult:
    """Load a plan all or nothing (InputRejected lists every error); loading it again changes nothing."""
    if not is_home_affairs(actor):
        raise PermissionDenied("Chỉ Sở Nội vụ được nạp kế hoạch.")
    serialize("plans.import")  # one load at a time (core.locks)
    errors, units, schedules = plan_validate(spec)
    if errors:
        raise InputRejected(errors)
    result = PlanImportResult(dry_run=dry_run)
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
    }
    plan, result.plan_created = Plan.objects.get_or_create(code=spec.code, defaults=fields)
    if not result.plan_created:
        before = snapshot(plan, list(fields))
        for name, value in fields.items():
            setattr(plan, name, value)
        plan.full_clean()
        plan.save()
        if before != snapshot(plan, list(fields)):
            audit_record(
                actor=actor,
                action="plans.plan.update",
                obj=plan,
                before=before,
                after=snapshot(plan, list(fields)),
            )
    else:
        audit_record(actor=actor, action="plans.plan.create", obj=plan, after=snapshot(plan, list(fields)))
    sections = {}
    for order, (code, title) in enumerate(spec.sections):
        sections[code], _ = PlanSection.objects.update_or_create(
            plan=plan, code=code, defaults={"title": title, "order": order}
        )
    for target in spec.targets:
        PlanTarget.objects.update_or_create(
            plan=plan,
            code=target.code,
            defaults={
                "text": target.text,
                "indicator": target.indicator,
                "year": target.year,
                "threshold": target.threshold,
                "threshold_to": target.threshold_to,
            },
        )
    existing = {t.code: t for t in plan.tasks.prefetch_related("co_lead_units")}
    entries = []
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
            "schedules": [_schedule_to_json(s) for s in schedules[row.code]],
            "detailed_in": row.detailed_in,
            "notes": row.notes,
            "order": order,
        }
        co_leads = [units[name] for name in row.co_leads if name in units]
        task = existing.get(row.code)
        if task is None:
            task = Task(plan=plan, code=row.code, **values)
            task.full_clean()
            task.save()
            task.co_lead_units.set(co_leads)
            result.tasks_created += 1
            entries.append(
                audit_entry(actor=actor, action="plans.task.create", obj=task, after=_task_state(task))
            )
            continue
        before = _task_state(task)
        for name, value in values.items():
            setattr(task, name, value)
        task.full_clean()
        task.save()
        task.co_lead_units.set(co_leads)
        after = _task_state(task)
        if before == after:
            result.tasks_unchanged += 1
        else:
            result.tasks_changed += 1
            entries.append(
                audit_entry(actor=actor, action="plans.task.update", obj=task, before=before, after=after)
            )
    audit_record_many(entries)
    result.occurrences_created = plan_schedule(plan=plan, starts_on=spec.starts_on)
    if dry_run:
        transaction.set_rollback(True)
    return result


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
        ],
    )
    state["co_leads"] = sorted(u.code for u in task.co_lead_units.all()) if task.pk else []
    return state


@dataclass(frozen=True)
class Period:
    label: str
    year: int | None
    starts_on: dt.date
    due: dt.date | None
    assign_on: dt.date  # the date whose agencies receive an all-agencies task


def task_periods(*, task: Task, plan: Plan, starts_on: dt.date) -> list[tuple[int, Period]]:
    """The periods of a task, per schedule: (schedule index, period)."""
    if task.detailed_in:
        return []  # its work is followed through the appendix rows
    result: list[tuple[int, Period]] = []
    raw = task.schedules or [_schedule_to_json(Schedule(kind="none"))]
    for index, data in enumerate(raw):
        schedule = schedule_from_json(data)
        first = max(schedule.from_year or plan.period_from, plan.period_from)
        last = min(schedule.to_year or plan.period_to, plan.period_to)
        if schedule.kind == "once" and schedule.due:
            result.append((index, Period(ONCE, schedule.due.year, starts_on, schedule.due, schedule.due)))
        elif schedule.kind == "yearly":
            for year in range(first, last + 1):
                due = schedule.due_in(year)
                begin = max(dt.date(year, 1, 1), starts_on)
                result.append((index, Period(f"Năm {year}", year, begin, due, due or dt.date(year, 12, 31))))
        elif schedule.yearly_report:
            for year in range(first, last + 1):
                begin = max(dt.date(year, 1, 1), starts_on)
                result.append((index, Period(f"Năm {year}", year, begin, None, dt.date(year, 12, 31))))
        else:
            result.append((index, Period(WHOLE_PERIOD, None, starts_on, None, starts_on)))
    return result


def plan_schedule(*, plan: Plan, starts_on: dt.date) -> int:
    """Create the occurrences a plan's tasks call for (idempotent); return how many were created.

    A task of "các cơ quan, đơn vị, địa phương" goes to every agency in force on each period's
    date; its later holders follow from the organisation's lineage."""
    existing = set(
        Occurrence.objects.filter(task__plan=plan).values_list(
            "task_id", "unit_id", "schedule_index", "period"
        )
    )
    agencies: dict[dt.date, list[Unit]] = {}
    new: list[Occurrence] = []
    for task in plan.tasks.select_related("lead_unit").prefetch_related("co_lead_units"):
        for index, period in task_periods(task=task, plan=plan, starts_on=starts_on):
            if task.all_agencies:
                if period.assign_on not in agencies:
                    agencies[period.assign_on] = agencies_as_of(as_of=period.assign_on)
                units = agencies[period.assign_on]
            else:
                units = [u for u in [task.lead_unit, *task.co_lead_units.all()] if u is not None]
            for unit in units:
                key = (task.pk, unit.pk, index, period.label)
                if key in existing:
                    continue
                existing.add(key)
                new.append(
                    Occurrence(
                        task=task,
                        unit=unit,
                        period=period.label,
                        year=period.year,
                        starts_on=period.starts_on,
                        original_due=period.due,
                        schedule_index=index,
                    )
                )
    Occurrence.objects.bulk_create(new, batch_size=500)
    return len(new)


# --- reporting ------------------------------------------------------------------------------------


@dataclass
class ReportInput:
    progress: str
    percent: int = 0
    narrative: str = ""
    completed_on: dt.date | None = None
    document_number: str = ""
    document_date: dt.date | None = None
    document_issuer: str = ""
    obstacles: str = ""
    proposals: str = ""
    file_name: str = ""
    file_content: bytes | None = None


def _require_change(actor: Any, occurrence: Occurrence) -> None:
    try:
        ensure_in_scope(actor, occurrence, "change")
    except PermissionDenied:
        raise PermissionDenied("Nhiệm vụ này không thuộc cơ quan của bạn.") from None


@transaction.atomic
def report_submit(*, actor: Any, occurrence: Occurrence, data: ReportInput, on: dt.date) -> Report:
    """An agency reports on its occurrence. Obstacles raised are tracked until answered."""
    _require_change(actor, occurrence)
    errors = []
    if data.progress not in Progress.values:
        errors.append(RowError("Tình trạng không hợp lệ.", column="Tình trạng"))
    if not 0 <= data.percent <= 100:
        errors.append(RowError("Tỷ lệ hoàn thành phải từ 0 đến 100.", column="Tỷ lệ hoàn thành (%)"))
    if data.progress == Progress.DONE:
        if data.completed_on is None:
            errors.append(RowError("Báo cáo hoàn thành phải ghi ngày hoàn thành.", column="Ngày hoàn thành"))
        elif data.completed_on > on:
            errors.append(RowError("Ngày hoàn thành không thể sau ngày báo cáo.", column="Ngày hoàn thành"))
    kind = ""
    if data.file_content is not None:
        try:
            kind = check_document(data.file_content, name=data.file_name)
        except InputRejected as exc:
            errors.extend(exc.errors)
    if errors:
        raise InputRejected(errors)
    report = Report(
        occurrence=occurrence,
        submitted_by=actor,
        submitted_on=on,
        progress=data.progress,
        percent=100 if data.progress == Progress.DONE else data.percent,
        narrative=data.narrative,
        completed_on=data.completed_on if data.progress == Progress.DONE else None,
        document_number=data.document_number,
        document_date=data.document_date,
        document_issuer=data.document_issuer,
        obstacles=data.obstacles,
        proposals=data.proposals,
    )
    if data.file_content is not None:
        # Named by the type its content was found to be; readable by the service only.
        report.document_file.save(
            stored_name(data.file_name, kind), ContentFile(data.file_content), save=False
        )
        with contextlib.suppress(NotImplementedError):
            os.chmod(report.document_file.path, 0o600)
    report.full_clean()
    report.save()
    audit_record(actor=actor, action="plans.report.submit", obj=report, after=_report_state(report))
    if data.obstacles.strip():
        obstacle = Obstacle.objects.create(
            occurrence=occurrence, report=report, text=data.obstacles, proposal=data.proposals, raised_on=on
        )
        audit_record(actor=actor, action="plans.obstacle.raise", obj=obstacle, after={"text": obstacle.text})
    return report


def _report_state(report: Report) -> dict[str, Any]:
    return snapshot(
        report,
        [
            "progress",
            "percent",
            "completed_on",
            "document_number",
            "document_date",
            "review",
            "review_comment",
        ],
    )


def _require_home_affairs(actor: Any, obj: Any) -> None:
    if not is_home_affairs(actor):
        raise PermissionDenied("Chỉ Sở Nội vụ được thực hiện thao tác này.")
    ensure_in_scope(actor, obj, "change")


@transaction.atomic
def report_review(*, actor: Any, report: Report, accept: bool, comment: str, on: dt.date) -> Report:
    """Sở Nội vụ accepts a report, or returns it with a comment (a returned report stops counting).
    Two reviewers deciding at the same moment: the row is locked and read again, so the second is
    told who decided first, and nothing of theirs is written."""
    _require_home_affairs(actor, report)
    report = Report.objects.select_for_update(of=("self",)).select_related("reviewed_by").get(pk=report.pk)
    if report.review != Review.SUBMITTED:
        raise Conflict(
            f"Báo cáo này đã được {report.reviewed_by or 'người khác'} "
            f"{'chấp nhận' if report.review == Review.ACCEPTED else 'trả lại'}"
            f"{' ngày ' + format_date(report.reviewed_on) if report.reviewed_on else ''}; "
            "ý kiến của bạn chưa được ghi."
        )
    if report.submitted_by_id == getattr(actor, "pk", None):
        raise ValidationError("Không thể tự xem xét báo cáo do chính mình gửi.")
    if not accept and not comment.strip():
        raise ValidationError("Trả lại báo cáo phải ghi ý kiến để cơ quan hoàn thiện.")
    before = _report_state(report)
    report.review = Review.ACCEPTED if accept else Review.RETURNED
    report.review_comment = comment
    report.reviewed_by = actor
    report.reviewed_on = on
    report.full_clean()
    report.save()
    audit_record(
        actor=actor,
        action="plans.report.accept" if accept else "plans.report.return",
        obj=report,
        before=before,
        after=_report_state(report),
    )
    return report


@transaction.atomic
def extension_request(
    *, actor: Any, occurrence: Occurrence, requested_due: dt.date, reason: str, on: dt.date
) -> Extension:
    _require_change(actor, occurrence)
    if occurrence.original_due is None:
        raise ValidationError("Nhiệm vụ không có thời hạn, không cần gia hạn.")
    if requested_due <= on:
        raise ValidationError("Thời hạn đề nghị phải sau ngày đề nghị.")
    if not reason.strip():
        raise ValidationError("Phải ghi lý do đề nghị gia hạn.")
    extension = Extension.objects.create(
        occurrence=occurrence, requested_due=requested_due, reason=reason, requested_by=actor, requested_on=on
    )
    audit_record(
        actor=actor,
        action="plans.extension.request",
        obj=extension,
        after={"requested_due": requested_due, "reason": reason},
    )
    return extension


@transaction.atomic
def extension_decide(
    *, actor: Any, extension: Extension, grant: bool, comment: str, on: dt.date
) -> Extension:
    """Grant or refuse. A granted extension moves the deadline from `on`; the original stays. The row
    is locked and read again: of two officers deciding at once, the second is told who decided."""
    _require_home_affairs(actor, extension)
    locked = Extension.objects.select_for_update(of=("self",)).select_related("decided_by")
    extension = locked.get(pk=extension.pk)
    if extension.state != ExtensionState.PENDING:
        raise Conflict(
            f"Đề nghị gia hạn này đã được {extension.decided_by or 'người khác'} "
            f"{'đồng ý' if extension.state == ExtensionState.GRANTED else 'không đồng ý'}"
            f"{' ngày ' + format_date(extension.decided_on) if extension.decided_on else ''}; "
            "quyết định của bạn chưa được ghi."
        )
    extension.state = ExtensionState.GRANTED if grant else ExtensionState.REFUSED
    extension.decided_by = actor
    extension.decided_on = on
    extension.decision_comment = comment
    extension.full_clean()
    extension.save()
    audit_record(
        actor=actor,
        action="plans.extension.grant" if grant else "plans.extension.refuse",
        obj=extension,
        after={"state": extension.state, "requested_due": extension.requested_due, "comment": comment},
    )
    return extension


@transaction.atomic
def obstacle_answer(*, actor: Any, obstacle: Obstacle, answer: str, on: dt.date) -> Obstacle:
    _require_home_affairs(actor, obstacle)
    if not answer.strip():
        raise ValidationError("Phải ghi nội dung trả lời.")
    obstacle = Obstacle.objects.select_for_update().get(pk=obstacle.pk)  # the answer before, as it is now
    before = {"answer": obstacle.answer}
    obstacle.answer = answer
    obstacle.answered_by = actor
    obstacle.answered_on = on
    obstacle.save()
    audit_record(
        actor=actor, action="plans.obstacle.answer", obj=obstacle, before=before, after={"answer": answer}
    )
    return obstacle


# --- reminders -------------------------------------------------------------------------------------


@dataclass
class ReminderResult:
    sent: list[Reminder]
    agencies_without_recipient: list[str]


def _focal_recipients(as_of: dt.date) -> dict[int, list[str]]:
    """unit id -> e-mail addresses of the focal officers whose scope holds that unit on as_of."""
    from accounts.choices import Role
    from accounts.models import RoleAssignment
    from org.scope import visible_unit_ids

    recipients: dict[int, set[str]] = {}
    users = {a.user for a in RoleAssignment.objects.filter(role=Role.FOCAL).select_related("user")}
    for user in users:
        if not user.is_active or not user.email:
            continue
        for unit_id in visible_unit_ids(user, "change", as_of=as_of) or set():
            recipients.setdefault(unit_id, set()).add(user.email)
    return {unit_id: sorted(emails) for unit_id, emails in recipients.items()}


@transaction.atomic
def reminders_send(*, as_of: dt.date, days: int | None = None) -> ReminderResult:
    """E-mail each agency's focal officers about occurrences due within `days` and overdue ones.

    Never the same occurrence twice on the same day (a database constraint too); what was sent is
    recorded and listed on the task."""
    from django.conf import settings
    from django.core.mail import send_mail

    from accounts.system import SYSTEM
    from plans.choices import ReminderKind, Status
    from plans.selectors import occurrence_rows

    days = settings.CANBO_REMIND_DAYS if days is None else days
    horizon = as_of + dt.timedelta(days=days)
    already = set(Reminder.objects.filter(sent_on=as_of).values_list("occurrence_id", flat=True))
    due: dict[int, list[tuple[Any, str]]] = {}
    holders: dict[int, Any] = {}
    for row in occurrence_rows(user=SYSTEM, as_of=as_of):
        if row.holder is None or row.occurrence.pk in already:
            continue
        kind: str
        if row.status == Status.OVERDUE:
            kind = ReminderKind.OVERDUE
        elif row.status == Status.ON_TIME and row.due is not None and row.due <= horizon:
            kind = ReminderKind.DUE_SOON
        else:
            continue
        due.setdefault(row.holder.pk, []).append((row, kind))
        holders[row.holder.pk] = row
    recipients = _focal_recipients(as_of)
    sent: list[Reminder] = []
    missing: list[str] = []
    for unit_id, items in due.items():
        emails = recipients.get(unit_id, [])
        agency = holders[unit_id].holder_name
        if not emails:
            missing.append(agency)
            continue
        lines = [
            f"- {row.task.code} {row.task.title} ({row.occurrence.period}): "
            f"{'QUÁ HẠN từ' if kind == ReminderKind.OVERDUE else 'hạn'} {format_date(row.due)}"
            for row, kind in sorted(items, key=lambda item: (item[0].due, item[0].task.order))
        ]
        send_mail(
            subject=f"[canbo] Nhắc việc ngày {format_date(as_of)}: {len(items)} nhiệm vụ của {agency}",
            message=(
                f"Kính gửi {agency},\n\nSở Nội vụ nhắc các nhiệm vụ sắp đến hạn (trong {days} ngày) "
                f"hoặc đã quá hạn:\n\n"
                + "\n".join(lines)
                + "\n\nĐề nghị cập nhật tiến độ trên hệ thống canbo."
            ),
            from_email=None,
            recipient_list=emails,
        )
        for row, kind in items:
            sent.append(
                Reminder(
                    occurrence=row.occurrence,
                    unit_id=unit_id,
                    sent_on=as_of,
                    kind=kind,
                    recipients=", ".join(emails),
                )
            )
    Reminder.objects.bulk_create(sent)
    audit_record_many(
        [
            audit_entry(
                actor=SYSTEM, action="plans.reminder.send", obj=r, after={"kind": r.kind, "to": r.recipients}
            )
            for r in Reminder.objects.filter(sent_on=as_of, occurrence__in=[r.occurrence for r in sent])
        ]
    )
    return ReminderResult(sent=sent, agencies_without_recipient=sorted(missing))
