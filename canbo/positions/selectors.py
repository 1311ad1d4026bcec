"""Reads of the positions app: an agency's job positions on a date, who holds them, the vacancies, the
staffing page (quota against people, rank shares). Every read is scoped to the user's part of the
organisation: a unit outside it answers OutOfScope (404)."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from canbo.core.errors import OutOfScope
from canbo.core.scoping import Action
from canbo.decisions.rulesets import RuleMissing, rule_value
from canbo.org.models import Unit
from canbo.org.selectors import org_tree_shape
from canbo.people.choices import StaffCategory
from canbo.people.models import Assignment, Person
from canbo.positions.choices import PositionGroup
from canbo.positions.models import JobPosition, PositionHolding, StaffingQuota
from canbo.positions.rules import ShareVerdict, is_senior_rank, senior_share_verdict

__all__ = [
    "PositionVacancy",
    "StaffingSummary",
    "agency_people",
    "holdings_on",
    "positions_on",
    "staffing_summary",
    "unit_visible",
    "vacancies",
]


SENIOR_SHARE_KEY = "positions.senior_rank_max_share"
# Who is placed into job positions: civil servants and public employees (cadres hold elected posts;
# workers under contract are not in the staffing quota).
PLACED_CATEGORIES = (StaffCategory.CIVIL_SERVANT, StaffCategory.PUBLIC_EMPLOYEE)


@dataclass(frozen=True)
class PositionVacancy:
    """One position of an agency on a date: how many people it plans, how many hold it, how many are
    missing (never below zero; `over` counts the people beyond the plan)."""

    position: JobPosition
    planned: int
    held: int

    @property
    def vacant(self) -> int:
        return max(self.planned - self.held, 0)

    @property
    def over(self) -> int:
        return max(self.held - self.planned, 0)


def unit_visible(*, user: Any, pk: int, action: Action = "view") -> Unit:
    """The unit if the user may see (or change) it; OutOfScope (answered 404) otherwise."""
    found = Unit.objects.restrict(user, action).filter(pk=pk).first()  # type: ignore[attr-defined]
    if found is None:
        raise OutOfScope()
    return found  # type: ignore[no-any-return]


def _group_order(prefix: str = "") -> Case:
    """Leadership first, then professional, then support positions."""
    return Case(
        *(When(**{f"{prefix}group": code}, then=Value(n)) for n, code in enumerate(PositionGroup.values)),
        default=Value(len(PositionGroup.values)),
        output_field=IntegerField(),
    )


def _period(on: dt.date) -> Q:
    return Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gt=on))


def positions_on(*, user: Any, unit: Unit, on: dt.date) -> QuerySet[JobPosition]:
    """The agency's job positions in force on `on`, each with `held`: the people holding it that day."""
    unit_visible(user=user, pk=unit.pk)
    in_force = Q(holdings__valid_from__lte=on) & (
        Q(holdings__valid_to__isnull=True) | Q(holdings__valid_to__gt=on)
    )
    held = Count("holdings", filter=in_force)
    return (
        JobPosition.objects.restrict(user, "view")  # type: ignore[attr-defined, no-any-return]
        .filter(_period(on), unit=unit)
        .select_related("framework")
        .annotate(held=held, group_order=_group_order())
        .order_by("group_order", "code")
    )


def vacancies(*, user: Any, unit: Unit, on: dt.date) -> list[PositionVacancy]:
    """Each position of the agency in force on `on` with its planned, held and vacant counts."""
    return [
        PositionVacancy(position=p, planned=p.planned_count, held=p.held)  # type: ignore[attr-defined]
        for p in positions_on(user=user, unit=unit, on=on)
    ]


def holdings_on(*, user: Any, unit: Unit, on: dt.date) -> QuerySet[PositionHolding]:
    """Who holds which of the agency's positions on `on`."""
    unit_visible(user=user, pk=unit.pk)
    return (
        PositionHolding.objects.restrict(user, "view")  # type: ignore[attr-defined, no-any-return]
        .filter(_period(on), position__unit=unit)
        .select_related("person", "position")
        .annotate(group_order=_group_order("position__"))
        .order_by("group_order", "position__code", "person__sort_key")
    )


@dataclass(frozen=True)
class StaffingSummary:
    """The agency's staffing page on a date: the quota of the year against the people working in the
    agency's subtree by category, the vacancies per position, the rank-share verdict, and the people
    who hold no position yet."""

    unit: Unit
    on: dt.date
    quota: StaffingQuota | None
    people_by_category: dict[str, int]
    positions: list[PositionVacancy]
    senior: ShareVerdict | None
    senior_missing: str  # why there is no verdict (no setting in force), else ""
    unplaced: list[Person]

    @property
    def civil_servants(self) -> int:
        return self.people_by_category.get(StaffCategory.CIVIL_SERVANT, 0)

    @property
    def public_employees(self) -> int:
        return self.people_by_category.get(StaffCategory.PUBLIC_EMPLOYEE, 0)

    @property
    def civil_gap(self) -> int | None:
        """The civil servants the quota still allows (negative: beyond it); None without a quota."""
        return self.quota.civil_servants - self.civil_servants if self.quota else None

    @property
    def public_gap(self) -> int | None:
        return self.quota.public_employees - self.public_employees if self.quota else None

    @property
    def planned(self) -> int:
        return sum(v.planned for v in self.positions)

    @property
    def held(self) -> int:
        return sum(v.held for v in self.positions)

    @property
    def vacant(self) -> int:
        return sum(v.vacant for v in self.positions)


def agency_people(*, unit: Unit, on: dt.date) -> QuerySet[Person]:
    """The people with a main (not concurrent) assignment in force on `on` in the agency or any unit
    under it. The caller has checked the unit is in the user's scope (its subtree is, too)."""
    subtree = org_tree_shape(as_of=on).subtree([unit.pk]) or {unit.pk}
    assignments = Assignment.objects.filter(_period(on), unit_id__in=subtree, concurrent=False).values(
        "person_id"
    )
    return Person.objects.filter(pk__in=assignments)  # type: ignore[no-any-return]


def staffing_summary(*, user: Any, unit: Unit, on: dt.date) -> StaffingSummary:
    """Everything the agency's staffing page shows (a handful of queries, whatever the agency's size)."""
    unit_visible(user=user, pk=unit.pk)
    quota = StaffingQuota.objects.filter(unit=unit, year=on.year).first()
    people = agency_people(unit=unit, on=on)
    by_category = {
        row["staff_category"]: row["n"]
        for row in people.values("staff_category").annotate(n=Count("pk")).order_by()
    }
    senior_count = sum(
        1
        for code, name in people.filter(staff_category=StaffCategory.CIVIL_SERVANT).values_list(
            "rank_code", "rank_name"
        )
        if is_senior_rank(code, name)
    )
    verdict: ShareVerdict | None = None
    missing = ""
    try:
        setting = rule_value(SENIOR_SHARE_KEY, on)
    except RuleMissing as exc:
        missing = str(exc)
    else:
        verdict = senior_share_verdict(
            senior=senior_count,
            quota=quota.civil_servants if quota else 0,
            max_share=float(setting.value),
            text=setting.text,
        )
    placed = PositionHolding.objects.filter(_period(on)).values("person_id")
    unplaced = list(
        people.filter(staff_category__in=PLACED_CATEGORIES).exclude(pk__in=placed).order_by("sort_key", "pk")
    )
    return StaffingSummary(
        unit=unit,
        on=on,
        quota=quota,
        people_by_category=by_category,
        positions=vacancies(user=user, unit=unit, on=on),
        senior=verdict,
        senior_missing=missing,
        unplaced=unplaced,
    )
