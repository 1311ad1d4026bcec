"""The demo's job positions (issue 16.4): for several Khánh Hòa departments, a list of job positions in
force from 1 January of the year of `on`, the staffing quota of 2026, and the department's civil servants
placed into the positions on `on` — the head and deputies into the leadership positions, the others by
rank — so that a few professional positions keep vacancies (in Sở Nội vụ and Sở Tài chính two or three,
which the demo's 2026 recruitment fills).

The lists are plausible demo data written for canbo, not any agency's approved list, and they are not
linked to the national framework lists (canbo ships none: docs/positions.md). Idempotent: nothing is
written when any job position exists."""

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction

from canbo.core.actors import Actor
from canbo.org.models import Unit
from canbo.people.choices import PostLevel, StaffCategory
from canbo.people.models import Assignment, Person
from canbo.positions import services
from canbo.positions.models import JobPosition
from canbo.positions.selectors import agency_people

logger = logging.getLogger(__name__)

QUOTA_YEAR = 2026
CVCC, CVC, CV, CS, NV = (
    ("01.001", "Chuyên viên cao cấp"),
    ("01.002", "Chuyên viên chính"),
    ("01.003", "Chuyên viên"),
    ("01.004", "Cán sự"),
    ("01.005", "Nhân viên"),
)
LEAD, PROF, SUPPORT = "lanh_dao_quan_ly", "chuyen_mon", "ho_tro_phuc_vu"


@dataclass(frozen=True)
class Spec:
    code: str
    name: str
    group: str
    rank: tuple[str, str]
    vacancies: int = 0  # places left empty beyond the people placed
    weight: int = 1  # share of the professional staff placed here
    post: str = ""  # the post level whose holders take this position (leadership)
    ranks: tuple[str, ...] = ()  # the rank names of those placed here (support)


LEADERSHIP = [
    Spec("LĐ.01", "Giám đốc Sở", LEAD, CVCC, post=PostLevel.AGENCY_HEAD),
    Spec("LĐ.02", "Phó Giám đốc Sở", LEAD, CVC, post=PostLevel.AGENCY_DEPUTY),
    Spec("LĐ.03", "Trưởng phòng", LEAD, CVC, post=PostLevel.DIVISION_HEAD),
    Spec("LĐ.04", "Phó Trưởng phòng", LEAD, CV, post=PostLevel.DIVISION_DEPUTY),
]
SUPPORT_LIST = [
    Spec("HT.01", "Văn thư", SUPPORT, CS, ranks=("Cán sự",)),
    Spec("HT.02", "Nhân viên phục vụ, lái xe", SUPPORT, NV, ranks=("Nhân viên",)),
]
PROFESSIONAL: dict[str, list[Spec]] = {
    "KH.SNV": [
        Spec("CM.01", "Chuyên viên về quản lý tổ chức bộ máy", PROF, CV, vacancies=2, weight=3),
        Spec("CM.02", "Chuyên viên về quản lý vị trí việc làm, biên chế", PROF, CV, vacancies=1, weight=2),
        Spec("CM.03", "Chuyên viên về quản lý cán bộ, công chức, viên chức", PROF, CVC, weight=3),
        Spec("CM.04", "Chuyên viên về chính quyền địa phương", PROF, CV, weight=2),
        Spec("CM.05", "Chuyên viên về thi đua, khen thưởng", PROF, CV, vacancies=1, weight=2),
        Spec("CM.06", "Chuyên viên về lao động, việc làm", PROF, CV, weight=2),
        Spec("CM.07", "Chuyên viên về văn thư, lưu trữ nhà nước", PROF, CV, weight=1),
        Spec("CM.08", "Kế toán", PROF, ("", "Kế toán viên"), weight=1),
    ],
    "KH.STC": [
        Spec("CM.01", "Chuyên viên về quản lý ngân sách", PROF, CV, vacancies=2, weight=3),
        Spec("CM.02", "Chuyên viên về quản lý giá", PROF, CV, vacancies=1, weight=2),
        Spec("CM.03", "Chuyên viên về quản lý tài sản công", PROF, CV, vacancies=1, weight=2),
        Spec("CM.04", "Chuyên viên về quản lý đầu tư", PROF, CVC, weight=3),
        Spec("CM.05", "Chuyên viên về tài chính doanh nghiệp", PROF, CV, weight=2),
        Spec("CM.06", "Chuyên viên về kế hoạch, tổng hợp", PROF, CV, weight=2),
        Spec("CM.07", "Kế toán", PROF, ("", "Kế toán viên"), weight=1),
    ],
    "KH.STP": [
        Spec("CM.01", "Chuyên viên về xây dựng và kiểm tra văn bản quy phạm pháp luật", PROF, CV, weight=3),
        Spec("CM.02", "Chuyên viên về hành chính tư pháp", PROF, CV, vacancies=1, weight=2),
        Spec("CM.03", "Chuyên viên về bổ trợ tư pháp", PROF, CV, weight=2),
        Spec("CM.04", "Chuyên viên về phổ biến, giáo dục pháp luật", PROF, CV, weight=2),
        Spec("CM.05", "Chuyên viên về theo dõi thi hành pháp luật", PROF, CVC, weight=1),
        Spec("CM.06", "Kế toán", PROF, ("", "Kế toán viên"), weight=1),
    ],
}
AGENCIES = tuple(PROFESSIONAL)


def _post_levels(unit: Unit, on: dt.date) -> dict[int, str]:
    """The post level each person holds in the agency on the day (the highest, if several)."""
    order: list[str] = [
        PostLevel.AGENCY_HEAD,
        PostLevel.AGENCY_DEPUTY,
        PostLevel.DIVISION_HEAD,
        PostLevel.DIVISION_DEPUTY,
    ]
    levels: dict[int, str] = {}
    rows = (
        Assignment.objects.filter(unit=unit, valid_from__lte=on, post__isnull=False)
        .exclude(valid_to__lte=on)
        .values_list("person_id", "post__level")
    )
    for person_id, level in rows:
        if level in order and (
            person_id not in levels or order.index(level) < order.index(levels[person_id])
        ):
            levels[person_id] = level
    return levels


def _placements(unit: Unit, on: dt.date) -> dict[str, list[Person]]:
    """Who goes where: leaders by their post, support staff by rank, the others shared out across the
    professional positions by weight (in the registry's order, so the demo is the same every time)."""
    people = list(
        agency_people(unit=unit, on=on)
        .filter(staff_category=StaffCategory.CIVIL_SERVANT)
        .order_by("sort_key", "pk")
    )
    levels = _post_levels(unit, on)
    placed: dict[str, list[Person]] = defaultdict(list)
    rest: list[Person] = []
    for person in people:
        lead = next((s for s in LEADERSHIP if s.post and levels.get(person.pk) == s.post), None)
        support = next((s for s in SUPPORT_LIST if person.rank_name in s.ranks), None)
        if lead is not None:
            placed[lead.code].append(person)
        elif support is not None:
            placed[support.code].append(person)
        else:
            rest.append(person)
    slots = [s.code for s in PROFESSIONAL[unit.code] for _ in range(s.weight)]
    for n, person in enumerate(rest):
        placed[slots[n % len(slots)]].append(person)
    return placed


@transaction.atomic
def demo_positions(*, actor: Actor, on: dt.date) -> dict[str, int]:
    """Write the demo's positions, quotas and placements (nothing when job positions exist). Returns the
    counts of what was written."""
    if JobPosition.objects.exists():
        return {}
    counts: dict[str, int] = defaultdict(int)
    start = dt.date(on.year, 1, 1)
    for code in AGENCIES:
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            continue
        placed = _placements(unit, on)
        positions: dict[str, JobPosition] = {}
        for spec in [*LEADERSHIP, *PROFESSIONAL[code], *SUPPORT_LIST]:
            holders = len(placed.get(spec.code, []))
            planned = holders + spec.vacancies
            if planned == 0:
                continue
            positions[spec.code] = services.position_create(
                actor=actor,
                unit=unit,
                values={
                    "code": spec.code,
                    "name": spec.name,
                    "group": spec.group,
                    "staff_category": StaffCategory.CIVIL_SERVANT,
                    "rank_code": spec.rank[0],
                    "rank_name": spec.rank[1],
                    "planned_count": planned,
                    "valid_from": start,
                },
            )
            counts["positions"] += 1
            counts["vacancies"] += spec.vacancies
        for spec_code, people in placed.items():
            for person in people:
                services.holding_start(actor=actor, person=person, position=positions[spec_code], on=on)
                counts["holdings"] += 1
        civil = agency_people(unit=unit, on=on).filter(staff_category=StaffCategory.CIVIL_SERVANT).count()
        vacancies = sum(s.vacancies for s in PROFESSIONAL[code])
        services.quota_save(
            actor=actor,
            unit=unit,
            year=QUOTA_YEAR,
            values={
                "civil_servants": civil + vacancies,
                "public_employees": agency_people(unit=unit, on=on)
                .filter(staff_category=StaffCategory.PUBLIC_EMPLOYEE)
                .count(),
                "decision_number": "",
            },
        )
        counts["quotas"] += 1
    logger.info("demo positions: %s", dict(counts))
    return dict(counts)
