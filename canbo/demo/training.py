"""The demo province's training of 2026 (issue 16.1–3): every screen of the training app with something
real to show. Written after the registry and the planning pools (the needs read them).

- The catalogue: political theory (sơ cấp, trung cấp, cao cấp), state management (chuyên viên, chuyên
  viên chính, chuyên viên cao cấp), defence–security for groups 2 and 3, the key cadres' knowledge
  update, English at levels 3 and 4, IT, a professional course.
- The language programme: two English B2 (bậc 4) classes of 2026 — the first completed, its
  certificates dated 15/09/2026 (its learners count in the international share from that day), the
  second running until March 2027 — and planned cohorts of unnamed places for 2027–2030.
- The 2026 plan drafted from the needs on 05/01/2026 (training.needs), the language cohorts and the key
  cadres' update class; its classes opened against its lines: a cao cấp LLCT class running, a chuyên
  viên chính class and a knowledge-update class for key cadres completed (their results in the
  registry).
- Enrolments from several agencies: proposed, approved, a few refused; results with grades.

The volumes and places are estimates, believed plausible, not read anywhere. Everything goes through
the training services (each write audited). Idempotent: nothing is written when the catalogue exists."""

import datetime as dt
import logging
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction

from canbo.core.actors import Actor
from canbo.org.models import Unit
from canbo.people.models import Assignment, LanguageSkill, Person
from canbo.people.selectors import in_force
from canbo.training import plans, services
from canbo.training.choices import ClassStatus, EnrolmentStatus, NeedSource
from canbo.training.models import Course, Enrolment, PlanLine, TrainingClass, TrainingPlan

__all__ = ["demo_training"]

logger = logging.getLogger(__name__)
D = dt.date
AGENCIES = ("KH.STC", "KH.SYT", "KH.SGDDT", "KH.SNNMT", "KH.SNV", "KH.SXD", "KH.SVHTTDL", "KH.SCT", "KH.STP")
COURSES: list[dict[str, Any]] = [
    {"code": "llct-so-cap", "name": "Sơ cấp lý luận chính trị", "kind": "ly_luan", "level": "so_cap",
     "duration_days": 40, "cost_per_person": 3_000_000},
    {"code": "llct-trung-cap", "name": "Trung cấp lý luận chính trị", "kind": "ly_luan", "level": "trung_cap",
     "duration_days": 120, "cost_per_person": 12_000_000},
    {"code": "llct-cao-cap", "name": "Cao cấp lý luận chính trị", "kind": "ly_luan", "level": "cao_cap",
     "duration_days": 240, "cost_per_person": 30_000_000},
    {"code": "qlnn-cv", "name": "Bồi dưỡng ngạch chuyên viên", "kind": "qlnn", "level": "chuyen_vien",
     "duration_days": 40, "cost_per_person": 4_000_000},
    {"code": "qlnn-cvc", "name": "Bồi dưỡng ngạch chuyên viên chính", "kind": "qlnn",
     "level": "chuyen_vien_chinh",
     "duration_days": 50, "cost_per_person": 6_000_000},
    {"code": "qlnn-cvcc", "name": "Bồi dưỡng ngạch chuyên viên cao cấp", "kind": "qlnn",
     "level": "chuyen_vien_cao_cap", "duration_days": 60, "cost_per_person": 9_000_000},
    {"code": "qpan-dt2", "name": "Bồi dưỡng kiến thức quốc phòng - an ninh đối tượng 2", "kind": "qp_an",
     "level": "doi_tuong_2", "defence_group": 2, "duration_days": 10, "cost_per_person": 2_500_000},
    {"code": "qpan-dt3", "name": "Bồi dưỡng kiến thức quốc phòng - an ninh đối tượng 3", "kind": "qp_an",
     "level": "doi_tuong_3", "defence_group": 3, "duration_days": 12, "cost_per_person": 2_000_000},
    {"code": "cap-nhat-chu-chot",
     "name": "Bồi dưỡng cập nhật kiến thức cho cán bộ lãnh đạo, quản lý cấp tỉnh",
     "kind": "boi_duong", "key_cadre_update": True, "duration_days": 5, "cost_per_person": 5_000_000},
    {"code": "tieng-anh-b1", "name": "Tiếng Anh bậc 3 (B1)", "kind": "ngoai_ngu", "language": "en",
     "language_level": 3, "duration_days": 90, "cost_per_person": 6_000_000},
    {"code": "tieng-anh-b2", "name": "Tiếng Anh bậc 4 (B2)", "kind": "ngoai_ngu", "language": "en",
     "language_level": 4, "duration_days": 120, "cost_per_person": 9_000_000},
    {"code": "tin-hoc-co-ban", "name": "Ứng dụng công nghệ thông tin cơ bản", "kind": "tin_hoc",
     "duration_days": 15, "cost_per_person": 1_500_000},
    {"code": "chuyen-doi-so", "name": "Bồi dưỡng kỹ năng chuyển đổi số", "kind": "chuyen_mon",
     "duration_days": 5, "cost_per_person": 1_200_000},
]  # fmt: skip
# The programme's planned cohorts of unnamed places after the 2026 classes (estimates).
PLANNED_COHORTS = [(2027, D(2027, 12, 15), 20), (2028, D(2028, 12, 15), 25), (2029, D(2029, 12, 14), 25),
                   (2030, D(2030, 11, 29), 25)]  # fmt: skip


def _serving(on: dt.date) -> Any:
    return in_force(Assignment.objects.all(), on).values("person_id")


def _civil_servants(
    on: dt.date, *, exclude: Iterable[int] = (), limit: int, able: bool = False
) -> list[Person]:
    """Civil servants of several departments serving on `on` (round robin over the agencies), without
    a language level ≥ 4 unless `able`."""
    units = {u.code: u.pk for u in Unit.objects.filter(code__in=AGENCIES)}
    taken = set(exclude)
    able_ids = set(LanguageSkill.objects.filter(level__gte=4).values_list("person_id", flat=True))
    per_unit: list[list[Person]] = []
    for code in AGENCIES:
        if code not in units:
            continue
        found = (
            Person.objects.filter(unit_id=units[code], staff_category="cong_chuc", pk__in=_serving(on))
            .exclude(pk__in=taken)
            .order_by("pk")[: limit * 2]
        )
        per_unit.append([p for p in found if able or p.pk not in able_ids])
    picked: list[Person] = []
    while len(picked) < limit and any(per_unit):
        for people in per_unit:
            if people and len(picked) < limit:
                picked.append(people.pop(0))
    return picked


def _enrol(
    actor: Actor, training_class: TrainingClass, people: list[Person], *, refuse_every: int = 0
) -> list[Enrolment]:
    made = []
    for index, person in enumerate(people, start=1):
        enrolment = services.enrolment_propose(actor=actor, training_class=training_class, person=person)
        approve = not (refuse_every and index % refuse_every == 0)
        note = "" if approve else "Chưa đủ điều kiện thời gian công tác; đề nghị cử năm sau."
        made.append(services.enrolment_decide(actor=actor, enrolment=enrolment, approve=approve, note=note))
    return made


def _results(
    actor: Actor, enrolments: list[Enrolment], *, prefix: str, certified: dt.date, fail_every: int = 0
) -> None:
    grades = ("Giỏi", "Khá", "Khá", "Trung bình")
    for index, enrolment in enumerate(e for e in enrolments if e.status == EnrolmentStatus.APPROVED):
        if fail_every and (index + 1) % fail_every == 0:
            services.result_record(actor=actor, enrolment=enrolment, passed=False, result="Không đạt")
            continue
        services.result_record(
            actor=actor,
            enrolment=enrolment,
            passed=True,
            result=grades[index % len(grades)],
            certificate_number=f"{prefix}-{index + 1:04d}",
            certificate_date=certified,
        )


def _line(plan: TrainingPlan, need: str, kind: str | None = None, level: str = "") -> PlanLine | None:
    lines = plan.lines.filter(need=need)
    if kind:
        lines = lines.filter(kind=kind)
    if level:
        lines = lines.filter(course__level=level)
    return lines.order_by("-people_count").first()


def _class(
    actor: Actor, snv: Unit, course: Course, name: str, starts: dt.date, ends: dt.date, **extra: Any
) -> TrainingClass:
    return services.class_create(
        actor=actor,
        data={
            "course": course,
            "name": name,
            "year": starts.year,
            "starts_on": starts,
            "ends_on": ends,
            "place": extra.pop("place", "Trường Chính trị tỉnh Khánh Hòa"),
            "provider": extra.pop("provider", "Trường Chính trị tỉnh Khánh Hòa"),
            "organiser": snv,
            "status": extra.pop("status", ClassStatus.RUNNING),
            "capacity": extra.pop("capacity", 30),
            **extra,
        },
    )


@transaction.atomic
def demo_training(*, actor: Actor, home_affairs: Actor, on: dt.date) -> dict[str, int]:
    """The demo's catalogue, classes, enrolments, 2026 plan and language programme (see the module).
    `home_affairs` (a Sở Nội vụ user) does what Sở Nội vụ does; `actor` drafts the plan. Returns the
    counts written (all zero when the catalogue is already there)."""
    counts = {"courses": 0, "classes": 0, "enrolments": 0, "cohorts": 0, "plan_lines": 0, "records": 0}
    if Course.objects.exists():
        return counts
    courses = {c["code"]: services.course_create(actor=home_affairs, data=c) for c in COURSES}
    counts["courses"] = len(courses)
    snv = Unit.objects.get(code="KH.SNV")
    language_centre = {"place": "Trường Đại học Khánh Hòa", "provider": "Trường Đại học Khánh Hòa"}
    # The language programme's 2026 classes and its planned cohorts (before the plan: it drafts from them).
    b2_first = _class(
        home_affairs, snv, courses["tieng-anh-b2"], "Tiếng Anh B2 khóa 1/2026", D(2026, 2, 2), D(2026, 8, 28),
        certified_on=D(2026, 9, 15), **language_centre,
    )  # fmt: skip
    b2_second = _class(
        home_affairs, snv, courses["tieng-anh-b2"], "Tiếng Anh B2 khóa 2/2026", D(2026, 9, 7), D(2027, 3, 26),
        **language_centre,
    )  # fmt: skip
    services.cohort_save(
        actor=home_affairs,
        data={
            "name": b2_first.name,
            "year": 2026,
            "completes_on": D(2026, 9, 15),
            "training_class": b2_first,
        },
    )
    services.cohort_save(
        actor=home_affairs,
        data={
            "name": b2_second.name,
            "year": 2026,
            "completes_on": D(2027, 4, 15),
            "training_class": b2_second,
        },
    )
    for year, completes, places in PLANNED_COHORTS:
        services.cohort_save(
            actor=home_affairs,
            data={"name": f"Tiếng Anh B2 — chỉ tiêu năm {year}", "year": year, "level": 4, "language": "en",
                  "completes_on": completes, "places": places},
        )  # fmt: skip
    counts["cohorts"] = 2 + len(PLANNED_COHORTS)
    plan = plans.plan_draft(actor=actor, year=2026, as_of=D(2026, 1, 5))
    counts["plan_lines"] = plan.lines.count()

    # The language classes, opened for the plan's language line: the first completed with certificates,
    # the second running.
    for c in (b2_first, b2_second):
        language_line = plan.lines.filter(need=NeedSource.LANGUAGE, title__startswith=c.name).first()
        if language_line is not None:
            services.class_update(actor=home_affairs, training_class=c, data={"plan_line": language_line})
    first_people = _civil_servants(on, limit=28)
    first = _enrol(home_affairs, b2_first, first_people, refuse_every=14)
    _results(home_affairs, first, prefix="B2-KH26", certified=D(2026, 9, 15), fail_every=9)
    counts["records"] += services.class_complete(actor=home_affairs, training_class=b2_first)
    second_people = _civil_servants(on, exclude=[p.pk for p in first_people], limit=30)
    _enrol(home_affairs, b2_second, second_people)

    # The needs' classes: cao cấp LLCT running, chuyên viên chính and the key cadres' update completed.
    needs_line = _line(plan, NeedSource.POOL, "ly_luan") or _line(plan, NeedSource.POST, "ly_luan")
    cao_cap = _class(
        home_affairs, snv, courses["llct-cao-cap"], "Cao cấp lý luận chính trị hệ không tập trung K26",
        D(2026, 3, 2), D(2027, 6, 30), cost=Decimal(900_000_000), capacity=60,
        plan_line=_line(plan, NeedSource.POOL, "ly_luan", "cao_cap") or needs_line,
    )  # fmt: skip
    theory = list(
        Person.objects.filter(political_theory="trung_cap", staff_category="cong_chuc", pk__in=_serving(on))
        .exclude(unit__code="KH")
        .order_by("pk")[:40]
    )
    _enrol(home_affairs, cao_cap, theory, refuse_every=10)
    cvc = _class(
        home_affairs, snv, courses["qlnn-cvc"], "Bồi dưỡng ngạch chuyên viên chính năm 2026", D(2026, 5, 4),
        D(2026, 7, 31), cost=Decimal(240_000_000), capacity=50, place="Sở Nội vụ Khánh Hòa",
        provider="Học viện Hành chính và Quản trị công",
        plan_line=_line(plan, NeedSource.POST, "qlnn", "chuyen_vien_chinh")
        or _line(plan, NeedSource.POOL, "qlnn", "chuyen_vien_chinh"),
    )  # fmt: skip
    officers = list(
        Person.objects.filter(state_management="chuyen_vien", staff_category="cong_chuc", pk__in=_serving(on))
        .exclude(unit__code="KH")
        .order_by("pk")[:36]
    )
    made = _enrol(home_affairs, cvc, officers, refuse_every=12)
    _results(home_affairs, made, prefix="CVC-26", certified=D(2026, 8, 10), fail_every=15)
    counts["records"] += services.class_complete(actor=home_affairs, training_class=cvc)
    update = _class(
        home_affairs, snv, courses["cap-nhat-chu-chot"],
        "Cập nhật kiến thức cho cán bộ lãnh đạo, quản lý cấp tỉnh 2026",
        D(2026, 4, 6), D(2026, 4, 10), cost=Decimal(150_000_000), capacity=40,
        place="Trung tâm Hội nghị tỉnh", provider="Học viện Chính trị khu vực III",
        plan_line=_line(plan, NeedSource.KEY_CADRE_UPDATE),
    )  # fmt: skip
    heads = list(
        Person.objects.filter(
            pk__in=in_force(Assignment.objects.filter(post__level="agency_head"), on).values("person_id")
        ).order_by("pk")[:30]
    )
    made = _enrol(home_affairs, update, heads)
    _results(home_affairs, made, prefix="CNKT-26", certified=D(2026, 4, 10))
    counts["records"] += services.class_complete(actor=home_affairs, training_class=update)
    # The term 2020–2025's update classes (their learners before the registry's training records).
    for year in (2022, 2023, 2024):
        past = _class(
            home_affairs, snv, courses["cap-nhat-chu-chot"], f"Cập nhật kiến thức cho cán bộ chủ chốt {year}",
            D(year, 3, 14), D(year, 3, 18), place="Trung tâm Hội nghị tỉnh", status=ClassStatus.PLANNED,
        )  # fmt: skip
        services.class_complete(actor=home_affairs, training_class=past)
    counts["classes"] = TrainingClass.objects.count()
    counts["enrolments"] = Enrolment.objects.count()
    logger.info("demo training: %s", counts)
    return counts
