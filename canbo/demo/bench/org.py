"""Benchmarks of the organisation (`canbo bench org`): the import of a synthetic province, the scope
of a user and the tree, on data written inside a transaction rolled back at the end."""

import datetime as dt
import statistics
import time
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from canbo.accounts.choices import Role
from canbo.accounts.models import RoleAssignment
from canbo.accounts.scope import scope_cache_clear
from canbo.accounts.system import SYSTEM
from canbo.demo.bench import Result
from canbo.org.dataset import EventRow, OrgDataset, VersionRow
from canbo.org.models import Unit
from canbo.org.scope import visible_unit_ids
from canbo.org.selectors import org_tree, unit_successors
from canbo.org.services import org_import

START = dt.date(2020, 1, 1)
MERGE = dt.date(2025, 3, 1)


def synthetic_org(units: int) -> OrgDataset:
    """A province: departments with divisions and public-service units, and communes; half the
    departments merge pairwise on 1/3/2025."""
    versions = [VersionRow(code="B", name="UBND tỉnh Thử nghiệm", kind="tinh", valid_from=START)]
    events = []
    departments = max(2, units // 120)
    communes = max(1, units // 10)
    per_department = max(1, (units - 1 - departments - communes) // departments)
    for d in range(departments):
        code = f"B.S{d:03d}"
        merged = d < departments // 2
        versions.append(
            VersionRow(
                code=code,
                name=f"Sở thử {d}",
                kind="so_nganh",
                parent_code="B",
                valid_from=START,
                valid_to=MERGE if merged else None,
            )
        )
        successor = f"B.S{d - d % 2:03d}-M" if merged else ""
        if merged and d % 2 == 1:
            new = f"B.S{d - 1:03d}-M"
            versions.append(
                VersionRow(
                    code=new, name=f"Sở hợp nhất {d}", kind="so_nganh", parent_code="B", valid_from=MERGE
                )
            )
            events.append(
                EventRow(
                    kind="merge",
                    effective_date=MERGE,
                    predecessors=[f"B.S{d - 1:03d}", code],
                    successors=[new],
                )
            )
        for p in range(per_department):
            division = f"{code}.P{p:03d}"
            name = f"Phòng {p} của sở {d}"
            end = MERGE if successor else None
            versions.append(VersionRow(division, name, "phong", START, end, parent_code=code))
            if successor:  # the division moves to the merged department
                versions.append(VersionRow(division, name, "phong", MERGE, parent_code=successor))
    for c in range(communes):
        versions.append(
            VersionRow(code=f"B.X{c:04d}", name=f"UBND xã {c}", kind="xa", parent_code="B", valid_from=START)
        )
    return OrgDataset(versions=versions, events=events)


def _measure(repeat: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    times = []
    result = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000, result


def run(*, units: int = 5000, repeat: int = 5) -> list[Result]:
    """The import of a synthetic province of `units` units (and again, unchanged), the scope of an
    officer of the whole province and of a merged department's focal officer, the tree, and a unit's
    successors."""
    rows: list[Result] = []
    with transaction.atomic():
        dataset = synthetic_org(units)
        started = time.perf_counter()
        org_import(actor=SYSTEM, dataset=dataset)
        rows.append(
            (
                "org_import (validate + write)",
                (time.perf_counter() - started) * 1000,
                f"{len(dataset.versions)} versions",
            )
        )
        started = time.perf_counter()
        org_import(actor=SYSTEM, dataset=dataset)
        rows.append(("org_import again (no change)", (time.perf_counter() - started) * 1000, ""))
        User = get_user_model()
        officer = User.objects.create(username="bench-officer")
        RoleAssignment.objects.create(user=officer, role=Role.HOME_AFFAIRS, unit=Unit.objects.get(code="B"))
        focal = User.objects.create(username="bench-focal")
        RoleAssignment.objects.create(user=focal, role=Role.FOCAL, unit=Unit.objects.get(code="B.S000"))
        today = dt.date(2026, 1, 1)

        def scope(user: Any) -> Callable[[], Any]:
            def run() -> Any:
                scope_cache_clear(user)
                return visible_unit_ids(user, "view", as_of=today)

            return run

        ms, ids = _measure(repeat, scope(officer))
        rows.append(("scope, whole province (cold)", ms, f"{len(ids or ())} units"))
        ms, ids = _measure(repeat, scope(focal))
        rows.append(("scope, one merged department (cold)", ms, f"{len(ids or ())} units"))

        def tree() -> Any:
            scope_cache_clear(officer)
            return org_tree(user=officer, as_of=today)

        ms, nodes = _measure(repeat, tree)
        rows.append(("org_tree for the whole province", ms, f"{len(nodes)} nodes"))
        first = Unit.objects.get(code="B.S000")
        ms, found = _measure(repeat, lambda: unit_successors(unit=first, as_of=today))
        rows.append(("unit_successors", ms, ", ".join(u.code for u in found)))
        transaction.set_rollback(True)
    return rows
