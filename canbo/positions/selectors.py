"""Reads of the positions app: an agency's job positions on a date, who holds them, the vacancies, the
staffing page (quota against people, rank shares). Every read is scoped to the user's part of the
organisation: a unit outside it answers OutOfScope (404)."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from canbo.core.errors import OutOfScope
from canbo.core.scoping import Action
from canbo.org.models import Unit
from canbo.positions.models import JobPosition, PositionHolding

__all__ = [
    "PositionVacancy",
    "holdings_on",
    "positions_on",
    "unit_visible",
    "vacancies",
]


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
        .annotate(held=held)
        .order_by("group", "code")
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
        .order_by("position__group", "position__code", "person__sort_key")
    )
