"""`canbo bench national` (issue 17 item 7): the national export of the registry in Decree 27/2026's
10 groups — records per second for JSON Lines and for Excel, and the peak memory of each at two sizes
(the first quarter of the people, then all of them) to show it does not grow with the number of people.

The registry is the database's (the demo generator's `--persons` people when it is empty, inside a
transaction rolled back at the end). The files go to a temporary directory and are deleted. Each time is
the median of `--repeat` runs after one run to warm the caches, except with `--repeat 1` (one run).

Memory is the process's resident set high-water mark (VmHWM, Linux), reset through /proc/self/clear_refs
just before the export (as bench indicators does): Python, Polars' buffers and the driver's alike, not the
database server's. An export outside a transaction reads the database with a thread of its own, one chunk
ahead (national.selectors._read_ahead); inside the transaction of a generated registry it cannot (the
thread's connection would not see the rows), which the note says."""

import datetime as dt
import os
import statistics
import tempfile
import time
from argparse import ArgumentParser
from collections.abc import Callable
from typing import Any

from django.db import connection, transaction

from canbo.accounts.system import SYSTEM
from canbo.demo.bench import Result, status_mib
from canbo.demo.registry import generate
from canbo.national.export import Summary, write_jsonl, write_xlsx
from canbo.national.selectors import CHUNK
from canbo.people.models import Person

AS_OF = dt.date(2026, 12, 4)


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument(
        "--national-formats",
        default="jsonl,xlsx",
        help="`bench national`: the formats measured, jsonl and/or xlsx (default both)",
    )
    parser.add_argument("--national-chunk", type=int, default=CHUNK, help="`bench national`: people a chunk")


def command(*, persons: int, repeat: int, **options: Any) -> str:
    formats = options.get("national_formats", "jsonl,xlsx")
    chunk = options.get("national_chunk", CHUNK)
    return (
        f"canbo bench national --persons {persons} --repeat {repeat} --national-formats {formats}"
        f" --national-chunk {chunk}"
    )


def _measured(fn: Callable[[], Summary]) -> tuple[float, float, Summary, str]:
    """(seconds, CPU seconds of this process — every thread —, what fn exported, its peak memory as a
    note). The CPU time says what the export costs us whatever else the machine runs."""
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")  # the high-water mark back to the current resident set
        before = status_mib("VmRSS")
    except OSError:
        before = None
    started, cpu = time.perf_counter(), time.process_time()
    summary = fn()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    if before is None:
        return elapsed, cpu, summary, "peak memory not measured (no /proc)"
    peak = status_mib("VmHWM")
    return elapsed, cpu, summary, f"peak RSS {peak:,.0f} MiB (+{peak - before:,.0f} MiB)"


def _export(fmt: str, path: str, limit: int | None, chunk: int) -> Summary:
    if fmt == "jsonl":
        with open(path, "wb") as out:
            return write_jsonl(out, user=SYSTEM, as_of=AS_OF, scope="bench", size=chunk, limit=limit)
    return write_xlsx(path, user=SYSTEM, as_of=AS_OF, scope="bench", size=chunk, limit=limit)


def _rows(formats: list[str], repeat: int, chunk: int, count: int, note: str) -> list[Result]:
    results: list[Result] = []
    sizes = [max(1, count // 4), count]
    with tempfile.TemporaryDirectory(prefix="canbo-national-") as folder:
        for fmt in formats:
            path = os.path.join(folder, f"export.{fmt}")
            for size in sizes:
                limit = None if size == count else size
                elapsed, cpu, summary, memory = _measured(lambda: _export(fmt, path, limit, chunk))  # noqa: B023
                runs, cpus = [elapsed], [cpu]
                if repeat > 1 and size == count:
                    runs, cpus = [], []
                    for _ in range(repeat):
                        started, cpu = time.perf_counter(), time.process_time()
                        _export(fmt, path, limit, chunk)
                        runs.append(time.perf_counter() - started)
                        cpus.append(time.process_time() - cpu)
                seconds, cpu = statistics.median(runs), statistics.median(cpus)
                rate = summary.exported / seconds if seconds else 0.0
                size_mb = os.path.getsize(path) / 1e6
                text = (
                    f"{rate:,.0f} records/s; CPU {cpu:,.1f} s ({summary.exported / cpu if cpu else 0:,.0f} "
                    f"records per CPU-second); {summary.exported:,} records, {len(summary.excluded):,} "
                    f"left out; {memory}; file {size_mb:,.0f} MB; {connection.vendor}{note}"
                )
                results.append((f"national export {fmt}, {size:,} people", seconds * 1000, text))
    return results


def run(*, persons: int = 50_000, repeat: int = 3, **options: Any) -> list[Result]:
    formats = [f for f in options.get("national_formats", "jsonl,xlsx").split(",") if f]
    unknown = set(formats) - {"jsonl", "xlsx"}
    if unknown:
        raise ValueError(f"--national-formats: chỉ có jsonl và xlsx, không có {', '.join(sorted(unknown))}.")
    chunk = int(options.get("national_chunk", CHUNK))
    if Person.objects.exists():
        count = Person.objects.count()
        return _rows(formats, repeat, chunk, count, ", read ahead by a thread")
    results: list[Result] = []
    with transaction.atomic():
        started = time.perf_counter()
        generate(persons, 2022, SYSTEM)
        results.append(("generate the demo people", (time.perf_counter() - started) * 1000, f"{persons:,}"))
        results.extend(
            _rows(formats, repeat, chunk, persons, ", in the generator's transaction (no read-ahead)")
        )
        transaction.set_rollback(True)
    return results
