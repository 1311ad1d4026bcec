"""The yearly training plan (PL.8): drafted by Sở Nội vụ from the needs — the pool members lacking the
training their planned post requires (plan III.7.c: "cán bộ, công chức, viên chức trong quy hoạch phải
được cử đi học nâng cao về lý luận chính trị, quốc phòng - an ninh"), the people whose post requires a
level they lack (training.needs), the language programme's cohorts of the year and the key cadres'
knowledge-update class (III.7.d, appendix row 8: "Kế hoạch đào tạo, bồi dưỡng cán bộ, công chức, viên
chức hàng năm của UBND tỉnh", "Quý I hàng năm") — then edited line by line and issued. Each write:
atomic, Sở Nội vụ's, audited."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, Protocol

from django.db import transaction

from canbo.audit.services import audit_record, model_update, snapshot
from canbo.core.actors import Actor
from canbo.core.dates import today
from canbo.core.errors import Conflict, InputRejected, RowError, clean_or_reject
from canbo.people.choices import TrainingKind
from canbo.training.choices import NeedSource, PlanStatus
from canbo.training.models import Course, PlanLine, PlanLinePerson, ProgrammeCohort, TrainingPlan
from canbo.training.services import _home_affairs

__all__ = ["line_delete", "line_save", "plan_approve", "plan_draft"]

LINE_FIELDS = [
    "order",
    "course",
    "title",
    "kind",
    "target_group",
    "people_count",
    "organiser",
    "quarter",
    "place",
    "funding",
    "estimated_cost",
    "need",
]
PLAN_FIELDS = ["number", "signed_on", "signer_name", "signer_title", "status"]
# The quarter a need's class is planned in, by kind (the officer moves them); the key cadres' update in
# the first quarter, as the plan's appendix row 8 says ("Quý I hàng năm").
QUARTER = {
    TrainingKind.POLITICAL: 2,
    TrainingKind.STATE_MANAGEMENT: 3,
    TrainingKind.DEFENCE: 2,
    TrainingKind.REFRESHER: 3,
    TrainingKind.PROFESSIONAL: 3,
    TrainingKind.IT: 3,
    TrainingKind.LANGUAGE: 2,
}
KIND_TITLE = {
    TrainingKind.POLITICAL: "Đào tạo lý luận chính trị",
    TrainingKind.STATE_MANAGEMENT: "Bồi dưỡng kiến thức quản lý nhà nước",
    TrainingKind.DEFENCE: "Bồi dưỡng kiến thức quốc phòng - an ninh",
    TrainingKind.REFRESHER: "Bồi dưỡng theo tiêu chuẩn chức vụ",
    TrainingKind.PROFESSIONAL: "Đào tạo chuyên môn",
    TrainingKind.IT: "Bồi dưỡng tin học",
    TrainingKind.LANGUAGE: "Bồi dưỡng ngoại ngữ",
}


class NeedLike(Protocol):
    """training.needs.Need, as the draft reads it."""

    @property
    def person_id(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def level(self) -> str: ...
    @property
    def level_label(self) -> str: ...
    @property
    def source(self) -> str: ...


def _refuse(message: str, field: str = "") -> InputRejected:
    return InputRejected([RowError(message, field=field)])


def _draft_plan(plan: TrainingPlan) -> TrainingPlan:
    current = TrainingPlan.objects.select_for_update().get(pk=plan.pk)
    if current.status == PlanStatus.APPROVED:
        raise Conflict(f"Kế hoạch năm {current.year} đã ban hành; không sửa được nữa.")
    return current


def _course_for(kind: str, level: str) -> Course | None:
    return Course.objects.filter(kind=kind, level=level).order_by("pk").first()


def _cost(course: Course | None, count: int) -> Decimal | None:
    if course is None or course.cost_per_person is None:
        return None
    return course.cost_per_person * count


def _need_lines(needs: Iterable[NeedLike]) -> list[dict[str, Any]]:
    """One line per (kind, level, source) of the needs, the people it names; the largest first."""
    groups: dict[tuple[str, str, str], list[NeedLike]] = defaultdict(list)
    for need in needs:
        groups[(need.kind, need.level, need.source)].append(need)
    lines = []
    for (kind, level, source), found in groups.items():
        label = found[0].level_label
        people = sorted({n.person_id for n in found})
        course = _course_for(kind, level)
        if source == NeedSource.POOL:
            source_code = NeedSource.POOL
            group = (
                f"Cán bộ, công chức, viên chức trong quy hoạch chưa có trình độ {label} mà chức danh "
                "quy hoạch yêu cầu (mục III.7.c: “trong quy hoạch phải được cử đi học nâng cao về lý luận "
                "chính trị, quốc phòng - an ninh”)"
            )
        else:
            source_code = NeedSource.POST
            group = f"Người đang giữ chức vụ chưa đạt trình độ {label} theo tiêu chuẩn của chức vụ"
        title = course.name if course else f"{KIND_TITLE.get(kind, 'Đào tạo, bồi dưỡng')}: {label}"  # type: ignore[call-overload]
        lines.append(
            {
                "course": course,
                "title": title[:255],
                "kind": kind,
                "target_group": group[:500],
                "people_count": len(people),
                "people": people,
                "quarter": QUARTER.get(kind),  # type: ignore[call-overload]
                "estimated_cost": _cost(course, len(people)),
                "need": source_code,
            }
        )
    lines.sort(key=lambda line: (-line["people_count"], line["title"]))
    return lines


def _quarter(cohort: ProgrammeCohort, year: int) -> int:
    """A class's cohort in the quarter its class opens (when in the plan's year); a planned cohort in
    the quarter it completes."""
    if cohort.training_class is not None and cohort.training_class.starts_on.year == year:
        return (cohort.training_class.starts_on.month - 1) // 3 + 1
    return (cohort.completes_on.month - 1) // 3 + 1


def _cohort_lines(year: int) -> list[dict[str, Any]]:
    """The language programme's cohorts completing in the year (plan III.7.d, appendix row 9)."""
    from canbo.training.choices import ENROLLED

    lines = []
    for cohort in ProgrammeCohort.objects.filter(year=year).select_related("training_class__course"):
        people: list[int] = []
        course = None
        if cohort.training_class is not None:
            course = cohort.training_class.course
            people = sorted(
                cohort.training_class.enrolments.filter(status__in=ENROLLED).values_list(
                    "person_id", flat=True
                )
            )
        # A class not yet filled counts its places (capacity), a planned cohort its unnamed places.
        count = len(people) + cohort.places
        if cohort.training_class is not None:
            count = max(len(people), cohort.training_class.capacity) + cohort.places
        lines.append(
            {
                "course": course,
                "title": f"{cohort.name} (chương trình ngoại ngữ, bậc {cohort.level})"[:255],
                "kind": TrainingKind.LANGUAGE,
                "target_group": "Cán bộ, công chức của chương trình đào tạo ngoại ngữ của tỉnh (mục III.7.d)",
                "people_count": count,
                "people": people,
                "quarter": _quarter(cohort, year),
                "estimated_cost": _cost(course, count),
                "need": NeedSource.LANGUAGE,
            }
        )
    return lines


def _key_cadre_line(year: int) -> list[dict[str, Any]]:
    """The knowledge-update class of the year for the key cadres (III.7.d: 03–04 per term)."""
    # The term's count is not written into the line: it would go stale; the plan's page and its Word
    # document state it as of the day they are read (documents.plan_docx).
    course = Course.objects.filter(key_cadre_update=True).order_by("pk").first()
    return [
        {
            "course": course,
            "title": (course.name if course else "Bồi dưỡng cập nhật kiến thức cho cán bộ lãnh đạo, quản lý")[
                :255
            ],
            "kind": TrainingKind.REFRESHER,
            "target_group": "Cán bộ lãnh đạo, quản lý cấp tỉnh, cấp xã (mục III.7.d, phụ lục nhiệm vụ 8)",
            "people_count": 0,
            "people": [],
            "quarter": 1,
            "estimated_cost": None,
            "need": NeedSource.KEY_CADRE_UPDATE,
        }
    ]


@transaction.atomic
def plan_draft(
    *,
    actor: Actor,
    year: int,
    as_of: dt.date | None = None,
    needs: Sequence[Any] | None = None,
    replace: bool = False,
) -> TrainingPlan:
    """The draft plan of `year` from the needs on as_of (default today; training.needs over the actor's
    part of the organisation when `needs` is not given), the language cohorts of the year and the key
    cadres' update class. A draft already there is kept unless `replace` (its lines are then drafted
    again); an issued plan is never redrafted."""
    _home_affairs(actor)
    on = as_of or today()
    if needs is None:
        from canbo.training.needs import training_needs

        needs = list(training_needs(user=actor, as_of=on))
    plan = TrainingPlan.objects.select_for_update().filter(year=year).first()
    if plan is not None:
        if plan.status == PlanStatus.APPROVED:
            raise Conflict(f"Kế hoạch năm {year} đã ban hành; không lập lại dự thảo được.")
        if not replace:
            raise Conflict(f"Đã có dự thảo kế hoạch năm {year}: sửa dự thảo đó, hoặc lập lại từ nhu cầu.")
        plan.lines.all().delete()
        plan.needs_on = on
        plan.save(update_fields=["needs_on"])
    else:
        plan = TrainingPlan(year=year, needs_on=on)
        clean_or_reject(plan)
        plan.save()
    lines = [*_need_lines(needs), *_cohort_lines(year), *_key_cadre_line(year)]
    for order, values in enumerate(lines, start=1):
        people = values.pop("people")
        line = PlanLine(plan=plan, order=order, **values)
        clean_or_reject(line)
        line.save()
        if people:
            PlanLinePerson.objects.bulk_create([PlanLinePerson(line=line, person_id=pid) for pid in people])
    audit_record(
        actor=actor,
        action="training.plan.draft",
        obj=plan,
        after={"year": year, "needs_on": on, "lines": len(lines), "needs": len(needs)},
        note=f"Dự thảo kế hoạch năm {year}: {len(lines)} nội dung từ {len(needs)} nhu cầu",
    )
    return plan


@transaction.atomic
def line_save(
    *, actor: Actor, plan: TrainingPlan, data: dict[str, Any], line: PlanLine | None = None
) -> PlanLine:
    """Add a line to a draft plan, or change one of its lines."""
    _home_affairs(actor)
    current = _draft_plan(plan)
    values = {k: v for k, v in data.items() if k in LINE_FIELDS}
    course = values.get("course")
    if course is not None:
        values.setdefault("kind", course.kind)
        if not values.get("title"):
            values["title"] = course.name
    if line is not None:
        if line.plan_id != current.pk:
            raise _refuse("Nội dung này không thuộc kế hoạch đang sửa.")
        return model_update(actor=actor, obj=line, changes=values, action="training.plan.line_update")
    values.setdefault("order", (current.lines.count() + 1))
    created = PlanLine(plan=current, **values)
    clean_or_reject(created)
    created.save()
    audit_record(
        actor=actor, action="training.plan.line_create", obj=created, after=snapshot(created, LINE_FIELDS)
    )
    return created


@transaction.atomic
def line_delete(*, actor: Actor, line: PlanLine) -> None:
    _home_affairs(actor)
    _draft_plan(line.plan)
    before = snapshot(line, LINE_FIELDS) | {"id": line.pk, "plan_id": line.plan_id}
    plan = line.plan
    line.delete()
    audit_record(actor=actor, action="training.plan.line_delete", obj=plan, before=before, note=line.title)


@transaction.atomic
def plan_approve(
    *,
    actor: Actor,
    plan: TrainingPlan,
    number: str,
    signed_on: dt.date,
    signer_name: str,
    signer_title: str = "",
) -> TrainingPlan:
    """Issue the plan: its number, date and signer; it is then no longer edited (its progress is
    followed through the classes of its lines)."""
    _home_affairs(actor)
    current = _draft_plan(plan)
    if not number.strip():
        raise _refuse("Ghi số, ký hiệu của kế hoạch.", "number")
    if not current.lines.exists():
        raise _refuse("Kế hoạch chưa có nội dung nào.")
    changes = {
        "status": PlanStatus.APPROVED,
        "number": number.strip(),
        "signed_on": signed_on,
        "signer_name": signer_name.strip(),
        "signer_title": signer_title.strip() or current.signer_title,
    }
    return model_update(actor=actor, obj=current, changes=changes, action="training.plan.approve")
