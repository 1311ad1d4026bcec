"""Benchmarks of the registry (`canbo bench people`): the import of a template file and the people
list page, on synthetic data inside a transaction that is rolled back."""

import datetime as dt
import random
import statistics
import time
from typing import Any

from django.db import connection, transaction
from django.test import RequestFactory

from canbo.accounts.system import SYSTEM
from canbo.core.bulk import run_deferred_checks
from canbo.core.excel import write_workbook
from canbo.demo.bench import Result, page_view
from canbo.demo.tables import table
from canbo.org.models import Unit, UnitVersion
from canbo.people.io import columns as C
from canbo.people.io.excel import rows_from_excel
from canbo.people.models import Person
from canbo.people.services import people_import


def template_rows(count: int, units: list[str], seed: int = 1) -> list[list[Any]]:
    """`count` rows of the people template (people.io.columns), spread over the units (codes); the
    same seed, the same rows. The CCCD numbers are distinct (the row number is their serial). One in 40
    opens a post with its own date: the appointment checks run for it."""
    names = table("bench")["names"]
    family, given = names["family"], names["given"]
    men_middle, women_middle = names["men_middle"], names["women_middle"]
    rng = random.Random(seed)
    rows = []
    for i in range(count):
        woman = rng.random() < 0.5
        year = rng.randint(1968, 2002)  # all of working age on the roster date (18 to retirement + 5 years)
        name = f"{rng.choice(family)} {rng.choice(women_middle if woman else men_middle)} {rng.choice(given)}"
        # One in 40 a head of division since 01/01/2023, with what the appointment checks ask (plan II.7:
        # a political-standard conclusion; the decision's number, as they are in no planning pool).
        head = i % 40 == 0
        if head:  # a full term of service left on 01/01/2023, as a first appointment needs (RULES.md §2)
            year = min(max(year, 1975), 1995)
        digit = (0 if year < 2000 else 2) + (1 if woman else 0)
        rows.append(
            [name, f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{year}", "Nữ" if woman else "Nam",
             rng.choice(["Kinh"] * 17 + ["Chăm", "Raglai", "Hoa"]), "Không",
             f"058{digit}{year % 100:02d}{i:06d}", units[i % len(units)], "Công chức",
             "Trưởng phòng" if head else "", dt.date(2023, 1, 1) if head else None,
             "Tiếng Anh", rng.choice(["A2", "B1", "B2"]), "Trung cấp", "Đại học", None,
             dt.date(2022, 12, 15) if head else None, f"{i + 1}/QĐ-UBND" if head else ""]
        )  # fmt: skip
    return rows


def run(*, rows: int = 50_000, repeat: int = 5) -> list[Result]:
    today = dt.date(2026, 11, 25)
    codes = sorted(
        c
        for c in UnitVersion.objects.as_of(today).values_list("unit__code", flat=True)
        if c.startswith("KH.")
    ) or sorted(Unit.objects.values_list("code", flat=True))
    if not codes:
        raise ValueError("Chưa có cơ cấu tổ chức: hãy chạy “canbo org load builtin” trước.")
    data = write_workbook([(C.SHEET, [c.header for c in C.COLUMNS], template_rows(rows, codes))])
    units = dict(Unit.objects.values_list("code", "id"))
    results: list[Result] = []
    with transaction.atomic():
        started = time.perf_counter()
        parsed = rows_from_excel(data, units=units, today=today)
        read = time.perf_counter() - started
        people_import(actor=SYSTEM, rows=parsed, on=today)
        run_deferred_checks()  # what the commit would do (the transaction is rolled back)
        total = time.perf_counter() - started
        results.append(("people import: read and check", read * 1000, f"{rows / read:,.0f} rows/s"))
        results.append(
            ("people import: end to end", total * 1000, f"{rows / total:,.0f} rows/s ({connection.vendor})")
        )
        started = time.perf_counter()
        again = people_import(actor=SYSTEM, rows=rows_from_excel(data, units=units, today=today), on=today)
        run_deferred_checks()
        results.append(
            (
                "people import again (nothing changes)",
                (time.perf_counter() - started) * 1000,
                f"{again.unchanged} unchanged",
            )
        )
        unit = Unit.objects.get(code=codes[0])
        view = page_view("people:list")
        request = RequestFactory().get("/can-bo/", {"don_vi": unit.pk})
        request.user = SYSTEM  # type: ignore[assignment]
        request.session = {}  # type: ignore[assignment]
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            response = view(request)
            times.append(time.perf_counter() - started)
        assert response.status_code == 200
        people_in_unit = Person.objects.filter(unit=unit).count()
        results.append(
            (
                "people list page, one unit (server time)",
                statistics.median(times) * 1000,
                f"{people_in_unit:,} in the unit, {rows:,} in all",
            )
        )
        transaction.set_rollback(True)
    return results
