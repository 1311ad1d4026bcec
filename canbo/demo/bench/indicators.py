"""`canbo bench indicators --persons N`: the demo generator's people (when the registry is empty:
they are committed and stay, so that the facts are read as a server reads them, outside a
transaction; the next run measures them), then on 01/01/2026:

- the indicator facts' first load from the database (indicators.facts: once per process), with its
  peak memory;
- the full recompute (every department and the province) from the facts, and beside it, on the same
  data in the same run, the bare Polars pass of benchmarks/indicators_bare.py: the ratio of the two is
  the issue's measure (≤ 3× at 50,000);
- a write to one person, then the recompute (the facts read again for that person only);
- the same recompute from the database, as before the facts (CANBO_INDICATOR_FACTS off);
- the women test of every unit, the drill-down in the engine and as a page, and the forecast.

Peak memory is the process's resident set high-water mark (VmHWM) during the first recompute, reset
just before it (Linux: /proc/self/clear_refs): Python, Django and Polars' native buffers alike, not
the database server's. Elsewhere it is ru_maxrss, the process's peak since it started."""

import datetime as dt
import resource
import statistics
import time
from collections.abc import Callable
from typing import Any

import polars as pl
from django.conf import settings
from django.db import connection, transaction
from django.test import RequestFactory
from django.test.utils import override_settings

from canbo.accounts.system import SYSTEM
from canbo.demo.bench import Result, page_view, status_mib
from canbo.demo.registry import generate
from canbo.indicators import facts
from canbo.indicators.selectors import (
    department_units,
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


def _peak_memory(fn: Callable[[], Any]) -> str:
    """fn's peak resident memory, as a note: "peak RSS 412 MiB (+120 MiB)"."""
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")  # reset the high-water mark to the current resident set
        before = status_mib("VmRSS")
        fn()
        peak = status_mib("VmHWM")
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


def _bare() -> Any:
    """benchmarks/indicators_bare.py, loaded from the repository (it is not part of the package)."""
    import importlib.util

    path = settings.BASE_DIR / "benchmarks" / "indicators_bare.py"
    spec = importlib.util.spec_from_file_location("indicators_bare", path)
    if spec is None or spec.loader is None:
        raise ValueError(f"Không thấy {path}.")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _ensure_people(persons: int, results: list[Result]) -> None:
    if Person.objects.exists():
        return
    started = time.perf_counter()
    with transaction.atomic():
        generate(persons, 2022, SYSTEM)
    results.append(
        ("generate the demo people (kept)", (time.perf_counter() - started) * 1000, f"{persons:,}")
    )


def _one_write(as_of: dt.date) -> Callable[[], Any]:
    """A write to one person's sex, committed, then the recompute: the facts read that person again.
    Each call flips the sex back and forth (an even number of calls leaves it as it was)."""
    person = Person.objects.filter(assignments__valid_to__isnull=True).order_by("pk").first()
    assert person is not None

    def write_then_recompute() -> Any:
        current = Person.objects.values_list("sex", flat=True).get(pk=person.pk)
        Person.objects.filter(pk=person.pk).update(sex="nu" if current == "nam" else "nam")
        return indicators_on(user=SYSTEM, as_of=as_of)

    return write_then_recompute


def run(*, persons: int = 50_000, repeat: int = 5) -> list[Result]:
    from canbo.indicators.engine.measure import people_behind

    as_of = dt.date(2026, 1, 1)
    results: list[Result] = []
    _ensure_people(persons, results)
    count = Person.objects.count()
    # each figure computed (not the copy kept between two writes: selectors.memoised, measured apart)
    with override_settings(CANBO_INDICATOR_FACTS=True, CANBO_INDICATOR_MEMO=False):
        assert facts.enabled(), "the facts are read outside a transaction"
        facts.forget()
        with override_settings(CANBO_INDICATOR_FACTS_DIR=""):  # from the database, not from the disk
            memory = _peak_memory(facts.current)
            loads = []
            for _ in range(min(repeat, 3)):
                facts.forget()
                started = time.perf_counter()
                kept = facts.current()
                loads.append(time.perf_counter() - started)
        results.append(
            ("facts: first load from the database", statistics.median(loads) * 1000,
             f"{kept.rows:,} assignments ever; {memory}")
        )  # fmt: skip
        if connection.vendor == "postgresql":  # saved for the machine's other processes, then read back
            facts.forget()
            facts.current()
            loads = []
            for _ in range(min(repeat, 3)):
                facts.forget()
                started = time.perf_counter()
                facts.current()
                loads.append(time.perf_counter() - started)
            results.append(
                ("facts: another process starts from the disk", statistics.median(loads) * 1000, "")
            )
        recompute = lambda: indicators_on(user=SYSTEM, as_of=as_of)  # noqa: E731
        memory = _peak_memory(recompute)
        elapsed = _median_ms(repeat, recompute)
        _agencies, agency_of = department_units(user=SYSTEM, as_of=as_of)
        units = pl.DataFrame(
            {"unit_id": list(agency_of), "agency_id": list(agency_of.values())},
            schema={"unit_id": pl.Int64, "agency_id": pl.Int64},
        )
        kept = facts.current()
        rows = pl.concat([kept.base, kept.delta])
        bare = _bare().timed(repeat, rows, kept.languages, units, as_of)
        results.append(
            ("indicators: load + compute, one date (facts)", elapsed,
             f"{count:,} people ({connection.vendor}); {elapsed / bare:.1f}× the bare pass; {memory}")
        )  # fmt: skip
        results.append(("  the bare Polars pass, same data (benchmarks/)", bare, ""))
        load = _median_ms(repeat, lambda: indicator_tables(user=SYSTEM, as_of=as_of))
        results.append(("  of which the load (indicator_tables)", load, ""))
        before = dict(facts.counters)
        write = _one_write(as_of)
        elapsed = _median_ms(2 * (repeat // 2) + 1, write)  # an even number of calls in all
        patched = facts.counters["patch"] - before["patch"]
        results.append(
            ("one person written, then the recompute", elapsed,
             f"{patched} reads of the changed person, {facts.counters['full'] - before['full']} full loads")
        )  # fmt: skip
        units_count = len(unit_indicators_on(user=SYSTEM, as_of=as_of)["units"])
        results.append(
            ("women test of every unit (load + compute)",
             _median_ms(repeat, lambda: unit_indicators_on(user=SYSTEM, as_of=as_of)), f"{units_count} units")
        )  # fmt: skip
        agencies, staff, leaders = indicator_tables(user=SYSTEM, as_of=as_of)
        largest = staff.group_by("agency_id").len().sort("len", descending=True)
        agency = int(largest["agency_id"][0]) if largest.height else int(agencies["unit_id"][0])
        engine = engine_settings()
        elapsed = _median_ms(repeat, lambda: people_behind(staff, leaders, agency, "leaders", as_of, engine))
        results.append(("indicators: drill-down (engine)", elapsed, ""))
        code = agencies.filter(agencies["unit_id"] == agency)["code"][0]
        for measure in ("leaders", "women_staff"):
            shown = len(people_behind(staff, leaders, agency, measure, as_of, engine))
            elapsed = _page_ms(repeat, agency, measure, as_of)
            results.append(
                (f"drill-down page, {measure} (server time)", elapsed,
                 f"{shown:,} people of {code}, the first page listed")
            )  # fmt: skip
        results.append(
            ("forecast to 2030 (load + compute)",
             _median_ms(repeat, lambda: forecast_from(user=SYSTEM, start=as_of, to_year=2030)), "")
        )  # fmt: skip
    with override_settings(CANBO_INDICATOR_FACTS=True, CANBO_INDICATOR_MEMO=True):
        results.append(
            ("the same, kept between two writes (selectors.memoised)", _median_ms(repeat, recompute),
             "what the briefing's second reader pays")
        )  # fmt: skip
    facts.forget()
    with override_settings(CANBO_INDICATOR_FACTS=False):
        elapsed = _median_ms(repeat, recompute)
        results.append(("indicators from the database (no facts, as before)", elapsed, ""))
    return results
