"""Training needs on a date: the people in the user's part of the organisation who lack the political
theory, state management or defence–security course that the post they hold requires, or — for a member
of a planning pool — that the post they are planned for requires (the plan's task III.7.c). The rules
are in people/standards.py; this module reads the registry for them in a fixed number of queries.

Each person has at most one need of each kind: the highest level any of their posts (held or planned)
requires, one course covering the lower ones. On a tie the post held is named (source "chuc_vu").
"""

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q

from canbo.core.scoping import visible_unit_ids
from canbo.org.models import Unit
from canbo.org.selectors import org_tree_shape, unit_names
from canbo.people import standards
from canbo.people.choices import PostLevel, TrainingKind
from canbo.people.models import Assignment, PlanningMembership
from canbo.people.selectors import training_on_record
from canbo.people.vnsort import fold

__all__ = ["SOURCE_HELD", "SOURCE_POOL", "Need", "needs_summary", "training_needs"]

SOURCE_HELD = "chuc_vu"
SOURCE_POOL = "quy_hoach"
# The plan's task III.7.c, as written (Kế hoạch triển khai Nghị quyết 07-NQ/TU, part III, 7.c).
POOL_TASK = (
    "Kế hoạch triển khai Nghị quyết 07-NQ/TU, mục III.7.c: “cán bộ, công chức, viên chức trong quy hoạch "
    "phải được cử đi học nâng cao về lý luận chính trị, quốc phòng - an ninh”"
)
KIND_LABELS: dict[str, str] = {code: str(label) for code, label in TrainingKind.choices}


@dataclass(frozen=True)
class Need:
    person_id: int
    full_name: str
    unit_id: int
    unit_name: str
    post_name: str  # the post held, or for a pool member the post planned ("Quy hoạch: Giám đốc Sở")
    kind: str  # people.choices.TrainingKind value
    level: str  # the required level's code
    level_label: str  # Vietnamese
    held: str  # what the person holds now, Vietnamese ("" = chưa có)
    reason: str  # Vietnamese, names the text applied
    source: str  # SOURCE_POOL | SOURCE_HELD


@dataclass
class _Person:
    """What the rules need of one person, gathered from the rows read."""

    full_name: str
    sort_key: str
    political_theory: str
    state_management: str
    # per kind: the posts that ask for it, as (requirement, source, unit_id, post_name)
    asked: dict[str, list[tuple[standards.Requirement, str, int, str]]]


def training_needs(*, user: Any, as_of: dt.date, unit: Unit | None = None) -> list[Need]:
    """The needs on as_of of the people whose post (held, or planned) is in a unit the user may see —
    within `unit`'s subtree when given — sorted by unit name, then the Vietnamese order of names."""
    units = _units(user, as_of, unit)
    people: dict[int, _Person] = {}
    for row in _held(as_of, units):
        _ask(people, row, SOURCE_HELD, row["post__name"])
    for row in _planned(as_of, units):
        _ask(people, row, SOURCE_POOL, f"Quy hoạch: {row['post__name']}")
    if not people:
        return []
    trained = training_on_record(people.keys(), as_of)
    names = unit_names(units=_unit_list(people), as_of=as_of)
    found = [
        need
        for person_id, person in people.items()
        for need in _needs_of(person_id, person, trained.get(person_id, {}), names)
    ]
    found.sort(
        key=lambda n: (fold(n.unit_name), n.unit_name, people[n.person_id].sort_key, n.person_id, n.kind)
    )
    return found


def needs_summary(needs: Iterable[Need]) -> list[dict[str, Any]]:
    """What the yearly plan must cover: per kind and level, the people who need it, of them how many
    hold the post and how many are in a planning pool; by kind (political theory, state management,
    defence–security), then highest level first."""
    counts: Counter[tuple[str, str]] = Counter()
    by_source: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    labels: dict[tuple[str, str], str] = {}
    ranks: dict[tuple[str, str], int] = {}
    for need in needs:
        key = (need.kind, need.level)
        counts[key] += 1
        by_source[key][need.source] += 1
        labels[key] = need.level_label
        ranks[key] = standards.rank_of(need.kind, need.level)
    order = {kind: i for i, kind in enumerate(standards.KINDS)}
    return [
        {
            "kind": kind,
            "kind_label": KIND_LABELS.get(kind, kind),
            "level": level,
            "level_label": labels[(kind, level)],
            "people": counts[(kind, level)],
            "holders": by_source[(kind, level)][SOURCE_HELD],
            "pool": by_source[(kind, level)][SOURCE_POOL],
        }
        for kind, level in sorted(counts, key=lambda k: (order.get(k[0], 99), -ranks[k], k[1]))
    ]


# --- Reads ----------------------------------------------------------------------------------------


def _in_force(as_of: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}valid_from__lte": as_of}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": as_of})
    )


def _units(user: Any, as_of: dt.date, unit: Unit | None) -> set[int] | None:
    """The unit ids to read (None: all): the user's scope, cut to `unit`'s subtree on as_of."""
    visible = visible_unit_ids(user, "view", as_of=as_of)
    if unit is None:
        return visible
    subtree = org_tree_shape(as_of=as_of).subtree([unit.pk]) or {unit.pk}
    return subtree if visible is None else subtree & visible


_PERSON_FIELDS = (
    "person_id",
    "person__full_name",
    "person__sort_key",
    "person__political_theory",
    "person__state_management",
    "unit_id",
    "post__code",
    "post__name",
    "post__level",
)


def _held(as_of: dt.date, units: set[int] | None) -> list[dict[str, Any]]:
    """Leadership posts held on as_of (one query)."""
    rows = Assignment.objects.filter(_in_force(as_of), post__isnull=False).exclude(post__level=PostLevel.NONE)
    if units is not None:
        rows = rows.filter(unit_id__in=units)
    return list(rows.values(*_PERSON_FIELDS))


def _planned(as_of: dt.date, units: set[int] | None) -> list[dict[str, Any]]:
    """Pool entries in force on as_of — decided by then, the term covering the year, not removed —
    of people still in the service on as_of (an assignment in force) (one query)."""
    serving = Assignment.objects.filter(_in_force(as_of), person_id=OuterRef("person_id"))
    rows = PlanningMembership.objects.filter(
        Q(decision_date__isnull=True) | Q(decision_date__lte=as_of),
        Q(removed_on__isnull=True) | Q(removed_on__gt=as_of),
        Exists(serving),
        term_from__lte=as_of.year,
        term_to__gte=as_of.year,
    )
    if units is not None:
        rows = rows.filter(unit_id__in=units)
    return list(rows.values(*_PERSON_FIELDS))


def _unit_list(people: dict[int, _Person]) -> list[Unit]:
    ids = {unit_id for p in people.values() for asks in p.asked.values() for _r, _s, unit_id, _n in asks}
    return [Unit(pk=pk) for pk in ids]


# --- The rules applied ----------------------------------------------------------------------------


def _ask(people: dict[int, _Person], row: dict[str, Any], source: str, post_name: str) -> None:
    requirements = standards.required_for(row["post__level"], post_code=row["post__code"])
    if not requirements:
        return
    person = people.get(row["person_id"])
    if person is None:
        person = people[row["person_id"]] = _Person(
            row["person__full_name"],
            row["person__sort_key"],
            row["person__political_theory"],
            row["person__state_management"],
            defaultdict(list),
        )
    for requirement in requirements:
        person.asked[requirement.kind].append((requirement, source, row["unit_id"], post_name))


def _needs_of(
    person_id: int, person: _Person, trained: dict[str, tuple[int, str]], names: dict[int, str]
) -> list[Need]:
    needs = []
    for kind, asks in person.asked.items():
        # the highest requirement; on a tie the post held (SOURCE_HELD sorts first), then the unit
        requirement, source, unit_id, post_name = max(
            asks, key=lambda a: (a[0].rank, a[1] == SOURCE_HELD, -a[2])
        )
        rank, held = standards.held_level(
            kind,
            political_theory=person.political_theory,
            state_management=person.state_management,
            trained=trained.get(kind),
        )
        if not standards.lacks(requirement, rank):
            continue
        needs.append(
            Need(
                person_id=person_id,
                full_name=person.full_name,
                unit_id=unit_id,
                unit_name=names.get(unit_id, ""),
                post_name=post_name,
                kind=kind,
                level=requirement.level,
                level_label=requirement.label,
                held=held,
                reason=_reason(requirement, source, post_name),
                source=source,
            )
        )
    return needs


def _reason(requirement: standards.Requirement, source: str, post_name: str) -> str:
    """'Tiêu chuẩn chức danh Trưởng phòng: trung cấp lý luận chính trị — Nghị định … (chưa đối chiếu văn
    bản)'; for a pool member, the planned post's standard, then the plan's task III.7.c."""
    if source == SOURCE_POOL:
        post = post_name.removeprefix("Quy hoạch: ")
        return f"Quy hoạch chức danh {post}: {requirement.label.lower()} — {requirement.source}; {POOL_TASK}"
    return f"Tiêu chuẩn chức danh {post_name}: {requirement.label.lower()} — {requirement.source}"
