"""Snapshots of the indicators (what was measured on a date, kept) and the trend they draw."""

import datetime as dt
from typing import Any

from canbo.accounts.system import SYSTEM
from canbo.core.actors import Actor
from canbo.core.dates import today
from canbo.indicators.engine.measure import percent
from canbo.indicators.engine.results import Measured
from canbo.indicators.models import Snapshot
from canbo.indicators.national import national_on
from canbo.indicators.selectors import indicators_on
from canbo.indicators.services import snapshot_save
from canbo.org.models import Unit
from canbo.org.scope import visible_unit_ids
from canbo.people.selectors import registry_first_day

FIRST_YEAR = 2021  # the plan's resolution (07-NQ/TU) dates from 29/10/2021: the trend starts there


def snapshot_data(as_of: dt.date) -> Measured:
    """The whole province's indicators on as_of, the national ones included."""
    result = indicators_on(user=SYSTEM, as_of=as_of)
    result["national"] = national_on(user=SYSTEM, as_of=as_of, departments=result["departments"])
    return result


def snapshot_take(*, actor: Actor, as_of: dt.date) -> Snapshot:
    return snapshot_save(actor=actor, as_of=as_of, data=snapshot_data(as_of))


def year_ends(first: int = FIRST_YEAR, until: dt.date | None = None) -> list[dt.date]:
    """31/12 of every year from `first` that has ended before `until` (default today)."""
    until = until or today()
    return [dt.date(year, 12, 31) for year in range(first, until.year + 1) if dt.date(year, 12, 31) < until]


def _visible_totals(departments: list[dict[str, Any]], codes: set[str]) -> dict[str, Any]:
    """Totals of the departments the user sees, from a snapshot's rows (a person in two of them
    counts twice here: the rows are all a snapshot keeps per department)."""
    rows = [d for d in departments if d["unit_code"] in codes]
    keys = ("leaders", "leaders_under_40", "ethnic_minority_leaders", "international_capable", "headcount")
    total = {key: sum(d[key] for d in rows) for key in keys}
    result = {
        **total,
        "share_under_40": percent(total["leaders_under_40"], total["leaders"]),
        "ethnic_minority_leader_share": percent(total["ethnic_minority_leaders"], total["leaders"]),
        "international_share": None,
    }
    if all("staff_counted_for_international" in d for d in rows):
        counted = sum(d["staff_counted_for_international"] for d in rows)
        result["staff_counted_for_international"] = counted
        result["international_share"] = percent(total["international_capable"], counted)
    return result


def _comparable(province: dict[str, Any]) -> dict[str, Any]:
    """A snapshot's province figures as the trend shows them: a snapshot taken before the
    international share was of cán bộ, công chức only (issue 12.12) measured it over everyone — a
    different figure, not drawn on the same line ("—")."""
    if "staff_counted_for_international" in province:
        return province
    return {**province, "international_share": None}


def trend(*, user: Any, since: int = FIRST_YEAR) -> list[dict[str, Any]]:
    """[{"as_of": date, "province": {...}}] for each saved snapshot since 1/1/`since` and not before the
    registry's first data (people.selectors.registry_first_day), oldest first.
    A user who sees every department of a snapshot gets the province's figures; any other user the
    totals of the departments in their scope on that date."""
    saved = list(Snapshot.objects.filter(as_of__gte=dt.date(since, 1, 1)).order_by("as_of"))
    first = registry_first_day()
    if first is not None:  # figures of a day before the registry's first roster stand on nobody
        saved = [snapshot for snapshot in saved if snapshot.as_of >= first]
    visible = {snapshot.as_of: visible_unit_ids(user, "view", as_of=snapshot.as_of) for snapshot in saved}
    wanted = set().union(*(ids for ids in visible.values() if ids is not None))
    codes = dict(Unit.objects.filter(pk__in=wanted).values_list("pk", "code")) if wanted else {}
    points = []
    for snapshot in saved:
        ids = visible[snapshot.as_of]
        departments = snapshot.data["departments"]
        seen = None if ids is None else {codes[pk] for pk in ids if pk in codes}
        if seen is None or {d["unit_code"] for d in departments} <= seen:
            province = _comparable(snapshot.data["province"])  # every department seen: the province's
        else:
            province = _visible_totals(departments, seen)
        points.append({"as_of": snapshot.as_of, "province": province})
    return points
