"""Where the share of cadres able to work in an international environment will stand on 31/12 of each
year to 2030 (the plan's 25–30 % by 2030, III.7.d and PL.9; RULES.md §6), without and with the
foreign-language programme (issue 16.3). Plain Python and polars: no Django.

The baseline, each assumption stated on the page:

- whom the share is of and who counts as able is measure()'s rule (Settings.international_categories,
  Settings.international_min_level, a degree earned abroad);
- everyone retires on their date (RULES.md §1: they still count on that day) and is replaced the next
  day by a newcomer, so the number counted stays the same; the i-th newcomer of the whole outlook (in
  the order of the retirement days, then of the person ids) is able at `newcomer_share`, handed out as
  forecast.nth_has_share does (0 by default: nobody);
- nobody else's level changes.

"With the language programme" adds the cohorts (LanguageCohort): from the day a cohort completes at a
level ≥ the minimum, each named member counted on the start date, not yet able then and still serving
on the year's last day, is able; each unnamed planned place adds one able person (a place is planned
for someone who is not able yet and stays, the programme's own assumption), never beyond the number
counted. The difference between the two outlooks is exactly that effect (tests/…/test_international).
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Final, TypedDict

import polars as pl

from canbo.indicators.engine.forecast import nth_has_share
from canbo.indicators.engine.measure import STAFF_SCHEMA, Settings, percent
from canbo.people.retirement import retirement_date

__all__ = ["LanguageCohort", "OutlookPoint", "international_outlook"]

YEAR_END: Final = (12, 31)


@dataclass(frozen=True)
class LanguageCohort:
    """People of the language programme who reach `level` (6-level framework) on `completes_on`:
    `person_ids` when enrolled by name, `places` more still to be named."""

    name: str
    completes_on: dt.date
    level: int
    person_ids: tuple[int, ...] = ()
    places: int = 0


class OutlookPoint(TypedDict):
    """One year of international_outlook: on 31/12 (or the start date for its own year when the start
    is 31/12), counted, able without the programme, able with it, and both shares (percent)."""

    year: int
    on: str  # ISO date
    counted: int
    capable: int
    share: float | None
    capable_with_programme: int
    share_with_programme: float | None
    programme_effect: int  # capable_with_programme − capable
    target: tuple[float, float] | None  # the plan's 25–30 % in 2030, None in other years


def international_outlook(
    staff: pl.DataFrame,
    *,
    start: dt.date,
    to_year: int,
    settings: Settings,
    cohorts: Sequence[LanguageCohort] = (),
    newcomer_share: Fraction = Fraction(0),
) -> list[OutlookPoint]:
    """The outlook from start's year to to_year. `staff`: STAFF_SCHEMA rows on the start date (one per
    assignment; a person counts once, with their best level)."""
    if to_year < start.year:
        raise ValueError(f"Năm cuối dự báo ({to_year}) trước năm bắt đầu ({start.year}).")
    missing = set(STAFF_SCHEMA.names()) - set(staff.columns)
    if missing:
        raise ValueError(f"Thiếu cột trong bảng cán bộ: {', '.join(sorted(missing))}.")
    people = (
        staff.filter(pl.col("staff_category").is_in(list(settings.international_categories)))
        .group_by("person_id")
        .agg(
            pl.col("birth_date").first(),
            pl.col("sex").first(),
            (pl.col("language_level").max() >= settings.international_min_level).alias("level_able"),
            pl.col("degree_abroad").any(),
        )
        .sort("person_id")
    )
    leaves: dict[int, dt.date] = {}  # person → retirement day (counts on it)
    able: set[int] = set()
    for pid, birth, sex, level_able, abroad in people.iter_rows():
        leaves[pid] = retirement_date(birth, sex == "nam")
        if level_able or abroad:
            able.add(pid)
    # the newcomers in order: (retirement day, person id) → able at newcomer_share
    order = sorted((day, pid) for pid, day in leaves.items() if day >= start)
    newcomer_able = {pid: nth_has_share(i, newcomer_share) for i, (_day, pid) in enumerate(order)}
    counted = len(leaves)
    points: list[OutlookPoint] = []
    for year in range(start.year, to_year + 1):
        on = max(start, dt.date(year, *YEAR_END))
        serving = {pid for pid, day in leaves.items() if day >= on}
        replaced = [pid for pid, day in leaves.items() if start <= day < on]
        capable = len(able & serving) + sum(newcomer_able[pid] for pid in replaced)
        effect = _programme_effect(cohorts, on=on, serving=serving - able, settings=settings)
        with_programme = min(counted, capable + effect)
        low_high = settings.international_targets
        points.append(
            {
                "year": year,
                "on": on.isoformat(),
                "counted": counted,
                "capable": capable,
                "share": percent(capable, counted),
                "capable_with_programme": with_programme,
                "share_with_programme": percent(with_programme, counted),
                "programme_effect": with_programme - capable,
                "target": (low_high[0], low_high[1]) if year == 2030 else None,
            }
        )
    return points


def _programme_effect(
    cohorts: Sequence[LanguageCohort], *, on: dt.date, serving: set[int], settings: Settings
) -> int:
    """The able people the cohorts completed by `on` add: named members among `serving` (counted, not
    able at the start, still serving), each once, and the unnamed places."""
    done = [c for c in cohorts if c.completes_on <= on and c.level >= settings.international_min_level]
    named = {pid for c in done for pid in c.person_ids} & serving
    return len(named) + sum(c.places for c in done)
