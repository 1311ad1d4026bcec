"""The engine's input tables on a date, loaded in a handful of queries and scoped to the user."""

import datetime as dt
from typing import Any

import polars as pl
from django.db.models import Max, Q

from accounts.scope import visible_unit_ids
from org.selectors import agencies_as_of, org_tree_shape, unit_names
from people import catalogues
from people.models import Assignment, LanguageSkill, Person

LEADER_LEVELS = ("agency_head", "agency_deputy")


def indicator_tables(*, user: Any, as_of: dt.date) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """(agencies, staff, leaders) on as_of for the department-level agencies the user may see.

    Staff: everyone with an assignment in force in the agency's subtree (one row per person and
    agency). Leaders: the holders of the agency's own head and deputy posts."""
    visible = visible_unit_ids(user, "view", as_of=as_of)
    agencies = [
        u for u in agencies_as_of(as_of=as_of, kinds=("so_nganh",)) if visible is None or u.pk in visible
    ]
    names = unit_names(units=agencies, as_of=as_of)
    tree = org_tree_shape(as_of=as_of)
    agency_of: dict[int, int] = {}
    for agency in agencies:
        for unit_id in tree.subtree([agency.pk]):
            agency_of[unit_id] = agency.pk
    in_force = Q(valid_from__lte=as_of) & (Q(valid_to__isnull=True) | Q(valid_to__gt=as_of))
    rows = (
        Assignment.objects.filter(in_force, unit_id__in=agency_of)
        .values_list("person_id", "unit_id", "post__level", "valid_from")
        .order_by()
    )
    assignments = list(rows)
    person_ids = {a[0] for a in assignments}
    people = {
        p[0]: p
        for p in Person.objects.filter(pk__in=person_ids).values_list(
            "id", "sex", "birth_date", "staff_category", "ethnicity", "degree_abroad"
        )
    }
    levels = dict(
        LanguageSkill.objects.filter(person_id__in=person_ids)
        .values("person_id")
        .annotate(level=Max("level"))
        .values_list("person_id", "level")
    )
    staff_rows: dict[tuple[int, int], tuple[Any, ...]] = {}
    leader_rows: list[tuple[Any, ...]] = []
    for person_id, unit_id, level, since in assignments:
        _, sex, birth, category, ethnicity, abroad = people[person_id]
        agency_id = agency_of[unit_id]
        minority = catalogues.is_ethnic_minority(ethnicity)
        staff_rows[(person_id, agency_id)] = (
            person_id, agency_id, sex, birth, category, minority, levels.get(person_id) or 0, abroad,
        )  # fmt: skip
        if level in LEADER_LEVELS and unit_id == agency_id:
            leader_rows.append((person_id, agency_id, level, since, sex, birth, minority))
    agency_frame = pl.DataFrame(
        {
            "unit_id": [a.pk for a in agencies],
            "code": [a.code for a in agencies],
            "name": [names.get(a.pk, a.code) for a in agencies],
        },
        schema={"unit_id": pl.Int64, "code": pl.String, "name": pl.String},
    )
    staff_frame = pl.DataFrame(
        list(staff_rows.values()),
        schema={
            "person_id": pl.Int64,
            "agency_id": pl.Int64,
            "sex": pl.String,
            "birth_date": pl.Date,
            "staff_category": pl.String,
            "ethnic_minority": pl.Boolean,
            "language_level": pl.Int64,
            "degree_abroad": pl.Boolean,
        },
        orient="row",
    )
    leader_frame = pl.DataFrame(
        leader_rows,
        schema={
            "person_id": pl.Int64,
            "agency_id": pl.Int64,
            "level": pl.String,
            "appointed_on": pl.Date,
            "sex": pl.String,
            "birth_date": pl.Date,
            "ethnic_minority": pl.Boolean,
        },
        orient="row",
    )
    return agency_frame, staff_frame, leader_frame


def engine_settings() -> Any:
    """The engine's settings from Django's (each with its default and the rule it comes from)."""
    from django.conf import settings

    from indicators.engine.measure import Settings

    return Settings(
        ethnic_minority_target=settings.CANBO_ETHNIC_MINORITY_TARGET,
        international_min_level=settings.CANBO_INTERNATIONAL_MIN_LEVEL,
        women_test_categories=tuple(settings.CANBO_WOMEN_TEST_CATEGORIES),
    )


def indicators_on(*, user: Any, as_of: dt.date) -> dict[str, Any]:
    """The plan's indicators (I.4) on a date, per department and for the province."""
    from indicators.engine.measure import measure

    agencies, staff, leaders = indicator_tables(user=user, as_of=as_of)
    return measure(agencies, staff, leaders, as_of, engine_settings())


def forecast_from(*, user: Any, start: dt.date, to_year: int) -> dict[str, Any]:
    from indicators.engine.forecast import fewest_under_40, forecast

    agencies, staff, leaders = indicator_tables(user=user, as_of=start)
    settings = engine_settings()
    return {
        "from": start.isoformat(),
        "to": to_year,
        "baseline": forecast(agencies, staff, leaders, start, to_year, settings),
        "fewest_under_40": fewest_under_40(agencies, staff, leaders, start, settings),
    }


COUNT_KEYS = {
    "leaders",
    "leaders_under_40",
    "staff_counted_for_women",
    "women_staff",
    "female_leaders",
    "ethnic_minority_leaders",
    "ethnic_minority_staff",
    "international_capable",
    "headcount",
}


def suppressed(row: dict[str, Any]) -> dict[str, Any]:
    """A department's row for an exported aggregate report: counts of 1 to n−1 become "<n"
    (CANBO_SUPPRESS_COUNTS_UNDER, default 5), so that small groups cannot be singled out."""
    from django.conf import settings

    limit = settings.CANBO_SUPPRESS_COUNTS_UNDER
    return {
        key: (f"<{limit}" if key in COUNT_KEYS and isinstance(value, int) and 0 < value < limit else value)
        for key, value in row.items()
    }
