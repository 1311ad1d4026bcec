"""`canbo bench indicators --persons N`: the demo generator's people (when the registry is empty),
then the full recompute (load and compute, every department and the province, one date) with its
peak memory, the view of every unit, the drill-down in the engine and as a page, and the forecast —
inside a transaction rolled back at the end.

Peak memory is the process's resident set high-water mark (VmHWM) during the first recompute, reset
just before it (Linux: /proc/self/clear_refs): Python, Django and Polars' native buffers alike, not
the database server's. Elsewhere it is ru_maxrss, the process's peak since it started."""

import datetime as dt
import resource
import statistics
import time
from collections.abc import Callable
from typing import Any

from django.db import connection, transaction
from django.test import RequestFactory

from canbo.accounts.system import SYSTEM
from canbo.demo.bench import Result, page_view
from canbo.demo.registry import generate
from canbo.indicators.selectors import (
    engine_settings,
    forecast_from,
    indicator_tables,
    indicators_on,
    unit_indicators_on,
)
from canbo.people.models import Person


def _median_ms(repeat: int, fn: Callable[[], Any]) -> float:
    """The median of `repeat` runs, after one run to warm the caches (as a running server has)."""
    fn()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def _status_mib(field: str) -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024  # kB
    raise OSError(field)


def _peak_memory(fn: Callable[[], Any]) -> str:
    """fn's peak resident memory, as a note: "peak RSS 412 MiB (+120 MiB)"."""
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")  # reset the high-water mark to the current resident set
        before = _status_mib("VmRSS")
        fn()
        peak = _status_mib("VmHWM")
        return f"peak RSS {peak:,.0f} MiB (+{peak - before:,.0f} MiB)"
    except OSError:
        fn()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return f"peak RSS of the process so far {peak:,.0f} MiB"


def _page_ms(repeat: int, agency: int, measure: str, as_of: dt.date) -> float:
    """Server time of the drill-down page (the view and its template, through RequestFactory); the
    view reads only the rows of the agency shown."""
    request = RequestFactory().get(
        "/chi-tieu/nguoi/", {"don_vi": str(agency), "chi_so": measure, "ngay": f"{as_of:%d/%m/%Y}"}
    )
    request.user = SYSTEM  # type: ignore[assignment]
    request.session = {}  # type: ignore[assignment]
    view = page_view("indicators:people")
    responses = []
    elapsed = _median_ms(repeat, lambda: responses.append(view(request)))
    assert responses[-1].status_code == 200, responses[-1].status_code
    return elapsed


def run(*, persons: int = 50_000, repeat: int = 5) -> list[Result]:
    from canbo.indicators.engine.measure import people_behind

    as_of = dt.date(2026, 1, 1)
    results: list[Result] = []
    with transaction.atomic():
        if not Person.objects.exists():
            started = time.perf_counter()
            generate(persons, 2022, SYSTEM)
            results.append(
                ("generate the demo people", (time.perf_counter() - started) * 1000, f"{persons:,}")
            )
        count = Person.objects.count()
        recompute = lambda: indicators_on(user=SYSTEM, as_of=as_of)  # noqa: E731
        memory = _peak_memory(recompute)  # the first run: nothing of the tables is held yet
        elapsed = _median_ms(repeat, recompute)
        results.append(
            ("indicators: load + compute, one date", elapsed, f"{count:,} people ({connection.vendor})")
        )
        load = _median_ms(repeat, lambda: indicator_tables(user=SYSTEM, as_of=as_of))
        results.append(("  of which the load (indicator_tables)", load, ""))
        results.append(("  peak memory of the first recompute", 0.0, memory))
        units = unit_indicators_on(user=SYSTEM, as_of=as_of)["units"]
        results.append(
            ("women test of every unit (load + compute)",
             _median_ms(repeat, lambda: unit_indicators_on(user=SYSTEM, as_of=as_of)), f"{len(units)} units")
        )  # fmt: skip
        agencies, staff, leaders = indicator_tables(user=SYSTEM, as_of=as_of)
        largest = staff.group_by("agency_id").len().sort("len", descending=True)
        agency = int(largest["agency_id"][0]) if largest.height else int(agencies["unit_id"][0])
        settings = engine_settings()
        elapsed = _median_ms(
            repeat, lambda: people_behind(staff, leaders, agency, "leaders", as_of, settings)
        )
        results.append(("indicators: drill-down (engine)", elapsed, ""))
        code = agencies.filter(agencies["unit_id"] == agency)["code"][0]
        for measure in ("leaders", "women_staff"):
            shown = len(people_behind(staff, leaders, agency, measure, as_of, settings))
            elapsed = _page_ms(repeat, agency, measure, as_of)
            results.append(
                (
                    f"drill-down page, {measure} (server time)",
                    elapsed,
                    f"{shown:,} people of {code}, the first page listed",
                )
            )
        results.append(
            ("forecast to 2030 (load + compute)",
             _median_ms(repeat, lambda: forecast_from(user=SYSTEM, start=as_of, to_year=2030)), "")
        )  # fmt: skip
        transaction.set_rollback(True)
    return results
