"""`canbo bench evaluation --persons N`: the year's ranking of a whole province (issue 15.4).

The pure part builds N people in memory (evaluation.ranking.Entry): agencies of 20–200 people, one
group of similar duties each, divisions of about 12 with their head (about 8 % leaders, each managing
the people of their division, the agency's head managing everyone in it), four quarters of task
components, the manager's general points, about 1 % disciplined in the year. Then it times
ranking.rank_all agency by agency, as the application ranks them (scores in, quotas applied, levels out),
and once for the whole province in one call.

The database part (`database=True`) writes the same kind of year for the registry's people (the demo
generator's, when the registry is empty): the service opens the sheets of every agency, then one
product a quarter per person and the general points go in by bulk writes; it times
evaluation.selectors.ranking_view for every agency, summed — reads, the rules in force, the plan's
input of the leaders, the ranking. All inside a transaction rolled back at the end."""

import random
import statistics
import time
from collections.abc import Callable, Hashable
from decimal import Decimal
from typing import Any

from django.db import connection, transaction

from canbo.accounts.system import SYSTEM
from canbo.demo.bench import Result
from canbo.evaluation.ranking import Entry, Outcome, Parameters, rank_all
from canbo.evaluation.rules import TaskComponents

YEAR = 2026


def _median_ms(repeat: int, fn: Callable[[], Any]) -> float:
    """The median of `repeat` runs, after one run to warm up."""
    fn()
    times = []
    for _ in range(max(repeat, 1)):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def _components(rng: random.Random) -> TaskComponents:
    quantity = 100.0 if rng.random() < 0.85 else rng.uniform(60, 100)
    return TaskComponents(quantity, rng.uniform(70, 100), rng.uniform(60, 100))


def province(persons: int, seed: int = 15) -> list[list[Entry[int]]]:
    """`persons` people's years, agency by agency (the same seed, the same province)."""
    rng = random.Random(seed)
    agencies: list[list[Entry[int]]] = []
    key = 0
    left = persons
    while left > 0:
        size = min(left, rng.randint(20, 200))
        left -= size
        agency = len(agencies)
        keys = list(range(key, key + size))
        key += size
        head, divisions = keys[0], [keys[i : i + 12] for i in range(1, size, 12)]
        entries = []
        for division in [[head], *divisions]:
            leader = division[0]
            for k in division:
                is_leader = k == leader
                managed = tuple(keys[1:]) if k == head else tuple(division[1:]) if is_leader else ()
                entries.append(
                    Entry(
                        key=k,
                        group=agency,
                        general=round(rng.uniform(20, 30), 1),
                        periods=tuple(_components(rng) for _ in range(4)),
                        leader=is_leader and bool(managed),
                        organisation=rng.uniform(70, 100) if is_leader else None,
                        managed=managed,
                        disciplined=rng.random() < 0.01,
                    )
                )
        agencies.append(entries)
    return agencies


def _rank_agencies(agencies: list[list[Entry[int]]], p: Parameters) -> tuple[int, int, int]:
    levels = allowed = 0
    candidates = 0
    for entries in agencies:
        outcomes, quotas = rank_all(entries, p)
        levels += sum(1 for o in outcomes.values() if o.level)
        allowed += sum(q.allowed for q in quotas.values())
        candidates += sum(q.candidates for q in quotas.values())
    return levels, candidates, allowed


def run_pure(*, persons: int = 50_000, repeat: int = 5) -> list[Result]:
    results: list[Result] = []
    started = time.perf_counter()
    agencies = province(persons)
    everyone = [e for entries in agencies for e in entries]
    leaders = sum(1 for e in everyone if e.leader)
    results.append(
        (
            "evaluation: build the entries (in memory)",
            (time.perf_counter() - started) * 1000,
            f"{len(everyone):,} people, {len(agencies):,} agencies, {leaders:,} leaders",
        )
    )
    p = Parameters()
    levels, candidates, allowed = _rank_agencies(agencies, p)
    results.append(
        (
            "evaluation: rank_all, agency by agency",
            _median_ms(repeat, lambda: _rank_agencies(agencies, p)),
            f"{levels:,} levels; {candidates:,} scored ≥ 90, {allowed:,} allowed by the quota",
        )
    )
    whole: list[tuple[dict[int, Outcome[int]], dict[Hashable, Any]]] = []
    results.append(
        (
            "evaluation: rank_all, the province in one call",
            _median_ms(repeat, lambda: whole.append(rank_all(everyone, p))),
            f"{len(whole[-1][1]):,} groups",
        )
    )
    return results


def run_database(*, persons: int = 50_000, repeat: int = 1) -> list[Result]:
    """Sheets and products of the registry's people, then ranking_view for every agency, summed."""
    from canbo.demo.registry import generate
    from canbo.evaluation.models import Sheet, WorkItem
    from canbo.evaluation.selectors import ranking_date, ranking_view
    from canbo.evaluation.services import sheets_open
    from canbo.org.selectors import agencies_as_of
    from canbo.people.models import Person

    results: list[Result] = []
    rng = random.Random(335)
    with transaction.atomic():
        if not Person.objects.exists():
            started = time.perf_counter()
            generate(persons, 2022, SYSTEM)
            results.append(
                ("generate the demo people", (time.perf_counter() - started) * 1000, f"{persons:,}")
            )
        agencies = agencies_as_of(as_of=ranking_date(YEAR))
        if not agencies:
            raise ValueError("Chưa có cơ cấu tổ chức: hãy chạy “canbo org load builtin” trước.")
        started = time.perf_counter()
        for agency in agencies:
            sheets_open(actor=SYSTEM, unit=agency, year=YEAR)
        sheets = list(Sheet.objects.filter(year=YEAR))
        results.append(
            (
                "evaluation: open the sheets (sheets_open)",
                (time.perf_counter() - started) * 1000,
                f"{len(sheets):,} sheets, {len(agencies):,} agencies",
            )
        )
        started = time.perf_counter()
        items = []
        for sheet in sheets:
            sheet.general_points = Decimal(rng.randint(200, 300)) / 10
            for period in range(1, 5):
                items.append(
                    WorkItem(
                        sheet=sheet,
                        period=period,
                        title=f"Sản phẩm quý {period}",
                        completed=rng.random() < 0.95,
                        failed_reviews=int(rng.random() < 0.15),
                        delays=int(rng.random() < 0.2),
                        source_unit_id=sheet.unit_id,
                    )
                )
        Sheet.objects.bulk_update(sheets, ["general_points"], batch_size=2000)
        WorkItem.objects.bulk_create(items, batch_size=2000)
        results.append(
            (
                "evaluation: write products and points (bulk)",
                (time.perf_counter() - started) * 1000,
                f"{len(items):,} products",
            )
        )
        ranked = [0]

        def rank_every_agency() -> None:
            ranked[0] = sum(len(ranking_view(user=SYSTEM, unit=a, year=YEAR).rows) for a in agencies)

        elapsed = _median_ms(repeat, rank_every_agency)
        results.append(
            (
                "evaluation: ranking_view, every agency",
                elapsed,
                f"{ranked[0]:,} people ranked, {len(agencies):,} agencies ({connection.vendor})",
            )
        )
        transaction.set_rollback(True)
    return results


def run(*, persons: int = 50_000, repeat: int = 5, database: bool = True) -> list[Result]:
    rows = run_pure(persons=persons, repeat=repeat)
    if database:
        rows.extend(run_database(persons=persons, repeat=min(repeat, 3)))
    return rows
