"""The national targets the province reports on (RULES.md §6; Decision 2282/QĐ-TTg): agencies with a
woman as key leader, and women in the leadership planning pool — measured on a date, within the
user's scope, and compared with the targets kept as data (indicators.models.Target)."""

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.db.models import Q

from canbo.indicators.engine.measure import percent, rational
from canbo.indicators.models import Indicator, Target
from canbo.org.scope import visible_unit_ids
from canbo.people.choices import Sex


def targets_by_year(indicator: str) -> dict[int, tuple[float | None, float | None]]:
    """{year: (threshold, threshold_to)} of an indicator's targets, in percent."""
    return {
        t.year: (
            float(t.threshold) if t.threshold is not None else None,
            float(t.threshold_to) if t.threshold_to is not None else None,
        )
        for t in Target.objects.filter(indicator=indicator).order_by("year", "code")
    }


def women_key_leader_agencies(departments: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Of the department-level agencies measured (selectors.indicators_on), how many have a woman
    among their key leaders (the holders of the agency's own head and deputy posts — our reading of
    "lãnh đạo chủ chốt" in Decision 2282/QĐ-TTg). An agency without leaders on record has none."""
    with_woman = sum(1 for d in departments if d["female_leaders"] > 0)
    return {
        "agencies": len(departments),
        "with_woman_leader": with_woman,
        "share": percent(with_woman, len(departments)),
        "without": [d["unit_code"] for d in departments if d["female_leaders"] == 0],
    }


def planning_pool_on(*, user: Any, as_of: dt.date) -> dict[str, Any]:
    """The people in a leadership planning pool on as_of (a membership whose term covers the year,
    decided by then and not yet removed), counted once each, and the women among them."""
    from canbo.people.models import PlanningMembership

    memberships = PlanningMembership.objects.filter(
        Q(decision_date__isnull=True) | Q(decision_date__lte=as_of),
        Q(removed_on__isnull=True) | Q(removed_on__gt=as_of),
        term_from__lte=as_of.year,
        term_to__gte=as_of.year,
    )
    visible = visible_unit_ids(user, "view", as_of=as_of)
    if visible is not None:
        memberships = memberships.filter(unit_id__in=visible)
    people = dict(memberships.values_list("person_id", "person__sex").distinct())
    women = sum(1 for sex in people.values() if sex == Sex.FEMALE)
    return {"pool": len(people), "women": women, "share": percent(women, len(people))}


def _verdict(count: int, whole: int, threshold: float | None) -> bool | None:
    if threshold is None or whole == 0:
        return None
    share = rational(threshold) / 100
    return count * share.denominator >= share.numerator * whole


def national_on(*, user: Any, as_of: dt.date, departments: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Both national indicators on as_of with their targets by year and whether each is met."""
    key = women_key_leader_agencies(departments)
    pool = planning_pool_on(user=user, as_of=as_of)
    key_targets = targets_by_year(Indicator.WOMEN_KEY_LEADER_AGENCIES)
    pool_targets = targets_by_year(Indicator.WOMEN_IN_PLANNING_POOL)
    return {
        "women_key_leader_agencies": {
            **key,
            "targets": {str(y): t[0] for y, t in key_targets.items()},
            "meets": {
                str(y): _verdict(key["with_woman_leader"], key["agencies"], t[0])
                for y, t in key_targets.items()
            },
        },
        "women_in_planning_pool": {
            **pool,
            "targets": {str(y): t[0] for y, t in pool_targets.items()},
            "meets": {str(y): _verdict(pool["women"], pool["pool"], t[0]) for y, t in pool_targets.items()},
        },
    }
