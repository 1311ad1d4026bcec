"""`canbo bench indicators --persons N`: the demo generator's people, then the full recompute (load
and compute, every department and the province, one date), the drill-down and the forecast —
inside a transaction rolled back at the end."""

import datetime as dt
import statistics
import time

from django.db import connection, transaction

from accounts.system import SYSTEM
from indicators.selectors import engine_settings, forecast_from, indicator_tables, indicators_on
from people.demo import generate
from people.models import Person


def _median_ms(repeat: int, fn: object) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def run(*, persons: int = 50_000, repeat: int = 5) -> list[tuple[str, float, str]]:
    from indicators.engine.measure import people_behind

    as_of = dt.date(2026, 1, 1)
    results: list[tuple[str, float, str]] = []
    with transaction.atomic():
        if not Person.objects.exists():
            started = time.perf_counter()
            generate(persons, 2022, SYSTEM)
            results.append(
                ("generate the demo people", (time.perf_counter() - started) * 1000, f"{persons:,}")
            )
        count = Person.objects.count()
        elapsed = _median_ms(repeat, lambda: indicators_on(user=SYSTEM, as_of=as_of))
        results.append(
            ("indicators: load + compute, one date", elapsed, f"{count:,} people ({connection.vendor})")
        )
        agencies, staff, leaders = indicator_tables(user=SYSTEM, as_of=as_of)
        agency = agencies["unit_id"][0]
        settings = engine_settings()
        elapsed = _median_ms(
            repeat, lambda: people_behind(staff, leaders, agency, "leaders", as_of, settings)
        )
        results.append(("indicators: drill-down (engine)", elapsed, ""))
        results.append(
            ("forecast to 2030 (load + compute)",
             _median_ms(repeat, lambda: forecast_from(user=SYSTEM, start=as_of, to_year=2030)), "")
        )  # fmt: skip
        transaction.set_rollback(True)
    return results
