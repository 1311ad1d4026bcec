"""`canbo bench routine` (issue 17 item 5): a province's routine work in a registry of any size —
an Excel file of people who already exist, with changes, imported into it; the annual Word report and
its Excel appendix; the people list filtered by one department. Inside a transaction rolled back at
the end; the registry is the database's (the demo generator's `--persons` people when it is empty).

The import's file is built from the registry as its export would write it (people.io.export: the
template's columns), for `--changed` people of the largest department spread over its roll, each with
one change: a new post with its date, its decision number and a political-standard conclusion (the
appointment checks run); a transfer to another department from a given date; a higher language
level; a higher qualification; a higher political theory. A row the appointment checks refuse (a dry
run tells which, before anything is measured) gets a higher qualification instead. End to end is what
people.py measures for the first load: read and check the file, write, and the checks a commit runs
(core.bulk.run_deferred_checks). A routine import stays far below core.bulk.LARGE_LOAD_MIN_ROWS: it
writes into the live indexes and keys (no table locked, nothing rebuilt), which the note says. Beside
the wall time: the import's CPU time in this process and in its PostgreSQL backend (what an idle host
would take; a shared one stretches the wall time), and what the appointment checks cost (the same
file with CANBO_APPOINTMENT_CHECKS empty)."""

import datetime as dt
import os
import statistics
import time
from argparse import ArgumentParser
from collections.abc import Callable
from typing import Any

from django.contrib.messages.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.db.models import Count
from django.test import RequestFactory
from django.test.utils import override_settings

from canbo.accounts.system import SYSTEM
from canbo.core.bulk import LARGE_LOAD_MIN_ROWS, run_deferred_checks, table_size_bound
from canbo.core.errors import InputRejected
from canbo.core.excel import write_workbook
from canbo.demo.bench import Result, page_view
from canbo.demo.registry import generate
from canbo.org.models import Unit, UnitVersion
from canbo.org.selectors import org_tree_shape
from canbo.people import catalogues
from canbo.people.choices import Sex, StaffCategory
from canbo.people.io import columns as C
from canbo.people.io.excel import rows_from_excel
from canbo.people.models import Assignment, LanguageSkill, Person, PoliticalConclusion, Post
from canbo.people.services import people_import

ROSTER = dt.date(2026, 12, 1)  # the file's "Danh sách tính đến ngày"
CHANGED_FROM = ROSTER - dt.timedelta(days=14)  # the date the file gives a new post or a transfer
NEW_POST = "pho_truong_phong"  # Phó Trưởng phòng: a first appointment to a leadership post
KINDS = ("post", "transfer", "language", "qualification", "political")
HIGHER_THEORY = {"": "trung_cap", "so_cap": "trung_cap", "trung_cap": "cao_cap"}
HIGHER_QUALIFICATION = {"dai_hoc": "thac_si", "thac_si": "tien_si"}


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument(
        "--changed", type=int, default=500, help="`bench routine`: people in the routine import (all changed)"
    )
    parser.add_argument(
        "--department", default="", help="`bench routine`: the department's code (default: the largest)"
    )


def command(*, persons: int, repeat: int, changed: int = 500, department: str = "", **_: Any) -> str:
    return f"canbo bench routine --persons {persons} --changed {changed} --repeat {repeat}" + (
        f" --department {department}" if department else ""
    )


def _times(repeat: int, fn: Callable[[], Any]) -> list[float]:
    """Milliseconds of `repeat` runs of fn, after one run to warm the caches (as a running server has)."""
    fn()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return times


def _cpu_ms(repeat: int, fn: Callable[[], Any]) -> tuple[float, float]:
    """The CPU time of one run of fn (the mean of `repeat`), in this process and in the database's
    backend serving it (PostgreSQL on this machine: /proc; 0 for SQLite, which runs in the process) —
    a figure the other jobs of a shared host do not stretch, as they stretch the wall time."""
    pid = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]

    def server() -> float:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):  # not on this machine: unknown, counted as none
            return 0.0

    measured = pid is not None
    before = time.process_time(), server() if measured else 0.0
    for _ in range(repeat):
        fn()
    after = time.process_time(), server() if measured else 0.0
    return (after[0] - before[0]) * 1000 / repeat, (after[1] - before[1]) / repeat


def _spread(times: list[float]) -> str:
    return f"{min(times):,.0f}–{max(times):,.0f} ms over {len(times)}"


def _rolled_back(fn: Callable[[], Any]) -> Callable[[], Any]:
    """fn inside a savepoint rolled back: each run of a write starts from the same registry."""

    def run() -> Any:
        with transaction.atomic():
            try:
                return fn()
            finally:
                transaction.set_rollback(True)

    return run


def departments(as_of: dt.date) -> list[tuple[int, str, int]]:
    """(unit id, code, people) of each department (a child of the tree's root on the date), the
    largest first: people counted by their main assignment in force in the department's subtree."""
    shape = org_tree_shape(as_of=as_of)
    tops = [unit for root in shape.children.get(None, []) for unit in shape.children.get(root, [])]
    counts = dict(
        Assignment.objects.filter(valid_from__lte=as_of, concurrent=False)
        .exclude(valid_to__lte=as_of)
        .values("unit_id")
        .annotate(n=Count("id"))
        .values_list("unit_id", "n")
    )
    codes = dict(Unit.objects.filter(pk__in=tops).values_list("pk", "code"))
    found = [(top, codes[top], sum(counts.get(u, 0) for u in shape.subtree([top]))) for top in tops]
    return sorted(found, key=lambda d: (-d[2], d[1]))


def _sample(department: int, count: int, as_of: dt.date) -> list[int]:
    """`count` people in force in the department on the date, spread evenly over its roll (by id)."""
    units = org_tree_shape(as_of=as_of).subtree([department])
    ids = sorted(
        set(
            Assignment.objects.filter(unit_id__in=units, valid_from__lte=as_of, concurrent=False)
            .exclude(valid_to__lte=as_of)
            .values_list("person_id", flat=True)
        )
    )
    if len(ids) < count:
        raise ValueError(f"Cơ quan chỉ có {len(ids):,} người: không đủ {count:,} người để nhập thường kỳ.")
    step = len(ids) / count
    return [ids[int(i * step)] for i in range(count)]


def _export_rows(ids: list[int], as_of: dt.date) -> dict[int, list[Any]]:
    """The template's row of each person, as people.io.export writes it (the CCCD in the clear)."""
    people = Person.objects.filter(pk__in=ids).select_related("unit").order_by("pk")
    current: dict[int, Assignment] = {}
    for held in (
        Assignment.objects.filter(person_id__in=ids, valid_from__lte=as_of, concurrent=False)
        .exclude(valid_to__lte=as_of)
        .select_related("post")
        .order_by("valid_from", "pk")
    ):
        current[held.person_id] = held
    languages: dict[int, LanguageSkill] = {}
    for known in LanguageSkill.objects.filter(person_id__in=ids).order_by("-pk"):
        languages[known.person_id] = known  # the first by key, as the export's
    concluded = dict(
        PoliticalConclusion.objects.filter(person_id__in=ids, meets_standard=True, concluded_on__lte=as_of)
        .order_by("person_id", "concluded_on", "pk")
        .values_list("person_id", "concluded_on")
    )  # the latest, as the export's
    sex, category = dict(Sex.choices), dict(StaffCategory.choices)
    rows: dict[int, list[Any]] = {}
    for p in people:
        a, skill = current.get(p.pk), languages.get(p.pk)
        post = a.post if a is not None else None
        rows[p.pk] = [
            p.full_name, p.birth_date.year if p.birth_year_only else p.birth_date, str(sex[p.sex]),
            catalogues.ETHNIC_GROUPS.label(p.ethnicity), catalogues.RELIGIONS.label(p.religion),
            p.cccd or "", p.unit.code, str(category[p.staff_category]), post.name if post else "",
            a.valid_from if a is not None and post else None,
            catalogues.LANGUAGES.label(skill.language) if skill else "",
            f"Bậc {skill.level}" if skill and skill.level else None,
            catalogues.POLITICAL_THEORY.label(p.political_theory) if p.political_theory else "",
            catalogues.QUALIFICATIONS.label(p.qualification) if p.qualification else "",
            None, concluded.get(p.pk), (a.decision_number or "") if a is not None and post else "",
        ]  # fmt: skip
    return rows


_AT = {column.key: i for i, column in enumerate(C.COLUMNS)}


def _changed(row: list[Any], kind: str, number: int, other_unit: str) -> str:
    """Change one thing of an exported row (in place); the kind of change made, which is `kind` when the
    row allows it, else a higher qualification."""
    if kind == "post" and not row[_AT["post"]] and row[_AT["cccd"]]:
        row[_AT["post"]] = Post.objects.get(code=NEW_POST).name
        row[_AT["post_from"]] = CHANGED_FROM
        row[_AT["decision"]] = f"{number}/QĐ-SNV"
        row[_AT["conclusion"]] = CHANGED_FROM - dt.timedelta(days=30)
        return kind
    if kind == "transfer" and not row[_AT["post"]] and row[_AT["cccd"]]:  # matched by CCCD in the new unit
        row[_AT["unit"]], row[_AT["unit_from"]] = other_unit, CHANGED_FROM
        return kind
    if kind == "language":
        level = row[_AT["language_level"]]
        if row[_AT["language"]] and level and level != "Bậc 6":
            row[_AT["language_level"]] = f"Bậc {int(level.split()[-1]) + 1}"
        else:
            row[_AT["language"]], row[_AT["language_level"]] = "Tiếng Anh", "Bậc 6"
        return kind
    theory = catalogues.POLITICAL_THEORY.find(row[_AT["political"]]) or ""
    if kind == "political" and theory in HIGHER_THEORY:
        row[_AT["political"]] = catalogues.POLITICAL_THEORY.label(HIGHER_THEORY[theory])
        return kind
    held = catalogues.QUALIFICATIONS.find(row[_AT["qualification"]]) or ""
    row[_AT["qualification"]] = catalogues.QUALIFICATIONS.label(HIGHER_QUALIFICATION.get(held, "dai_hoc"))
    return "qualification"


def _unit_maps(as_of: dt.date) -> tuple[dict[str, int], dict[str, str]]:
    """The import's look-ups, as the import page reads them: unit codes, and their kinds on the date."""
    units = dict(Unit.objects.values_list("code", "id"))
    return units, dict(UnitVersion.objects.as_of(as_of).values_list("unit__code", "kind"))


def routine_file(
    *, department: int, other_unit: str, count: int, as_of: dt.date
) -> tuple[bytes, dict[str, int]]:
    """The routine import's Excel file (count people of the department, each with a change) and how
    many changes of each kind it holds. A row the appointment checks refuse (a dry run of the import
    says which) gets a higher qualification instead."""
    ids = _sample(department, count, as_of)
    exported = _export_rows(ids, as_of)
    wanted = {pk: KINDS[i % len(KINDS)] for i, pk in enumerate(ids)}
    units, kinds = _unit_maps(as_of)
    headers = [c.header for c in C.COLUMNS]
    for _attempt in range(3):
        rows: list[list[Any]] = []
        made = dict.fromkeys(KINDS, 0)
        for i, pk in enumerate(ids):
            row = list(exported[pk])
            made[_changed(row, wanted[pk], i + 1, other_unit)] += 1
            rows.append(row)
        data = write_workbook([(C.SHEET, headers, rows)])
        parsed = rows_from_excel(data, units=units, today=as_of, kinds=kinds, as_of=as_of)
        try:
            people_import(actor=SYSTEM, rows=parsed, on=as_of, dry_run=True)
        except InputRejected as exc:
            refused = {e.row for e in exc.errors if e.row is not None}
            if not refused:
                raise
            for pk, read in zip(ids, parsed, strict=True):
                if read.row in refused:
                    wanted[pk] = "qualification"
            continue
        return data, made
    raise ValueError("Tệp nhập thường kỳ vẫn bị từ chối sau ba lần sửa.")


def _import(data: bytes, as_of: dt.date) -> Any:
    """The import end to end as people.py measures it: read and check, write, the commit's checks."""
    units, kinds = _unit_maps(as_of)
    rows = rows_from_excel(data, units=units, today=as_of, kinds=kinds, as_of=as_of)
    result = people_import(actor=SYSTEM, rows=rows, on=as_of)
    run_deferred_checks()  # what the commit would do (the benchmark rolls back)
    return result


def _import_page(data: bytes, as_of: dt.date) -> Callable[[], Any]:
    """The import page's POST (server time): the upload's checks, reading, the import, the answer."""
    view = page_view("people:import")

    def post() -> Any:
        upload = SimpleUploadedFile("thuong-ky.xlsx", data)
        request = RequestFactory().post(
            "/can-bo/nhap-excel/", {"tep": upload, "ngay": f"{as_of:%d/%m/%Y}"}, HTTP_HX_REQUEST="true"
        )
        request.user = SYSTEM  # type: ignore[assignment]
        request.session = {}  # type: ignore[assignment]
        request._messages = default_storage(request)  # type: ignore[attr-defined]
        response = view(request)
        assert response.status_code == 200, response.content[:2000]
        run_deferred_checks()
        return response

    return post


def _page(name: str, params: dict[str, str], user: Any = SYSTEM) -> Callable[[], Any]:
    """A GET of a page or a file (server time, through RequestFactory)."""
    view = page_view(name)

    def get() -> Any:
        request = RequestFactory().get("/", params)
        request.user = user
        request.session = {}  # type: ignore[assignment]
        response = view(request)
        assert response.status_code == 200, response.status_code
        return response

    return get


def _focal_officer(unit: int) -> Any:
    """A focal officer of the department (its subtree is their scope), made here, rolled back."""
    from canbo.accounts.choices import Role
    from canbo.accounts.services import role_grant, user_ensure

    user = user_ensure(
        actor=SYSTEM,
        username="bench.daumoi",
        password="bench-routine-2026",
        full_name="Cán bộ đầu mối (đo tốc độ)",
        email="bench.daumoi@canbo.local",
    )
    role_grant(actor=SYSTEM, user=user, role=Role.FOCAL, unit=Unit.objects.get(pk=unit))
    return user


def _plan_ready(as_of: dt.date) -> str:
    """The plan the annual report is about: the database's, else the built-in plan with the demo's
    reports, entered by a Sở Nội vụ user made for it (written here, rolled back with the rest)."""
    from canbo.accounts.choices import Role
    from canbo.accounts.services import role_grant, user_ensure
    from canbo.demo.plan_reports import demo_plan_activity
    from canbo.plans.io.builtin import builtin_plan
    from canbo.plans.models import Occurrence, Plan, Report
    from canbo.plans.services import plan_import

    if not Plan.objects.exists():
        plan_import(actor=SYSTEM, spec=builtin_plan())
        province = Unit.objects.get(code="KH")
        officer, clerk = (
            user_ensure(
                actor=SYSTEM,
                username=f"bench.{name}",
                password="bench-routine-2026",
                full_name=f"Cán bộ Sở Nội vụ {name} (đo tốc độ)",
                email=f"bench.{name}@canbo.local",
            )
            for name in ("noivu", "nhaplieu")
        )
        for user in (officer, clerk):
            role_grant(actor=SYSTEM, user=user, role=Role.HOME_AFFAIRS, unit=province)
        demo_plan_activity(officer=officer, clerk=clerk, focal_for={}, as_of=as_of)
    return f"{Occurrence.objects.count():,} occurrences, {Report.objects.count():,} reports"


def run(
    *, persons: int = 50_000, repeat: int = 5, changed: int = 500, department: str = "", **_: Any
) -> list[Result]:
    as_of = ROSTER
    results: list[Result] = []
    with transaction.atomic():
        if not Person.objects.exists():
            started = time.perf_counter()
            generate(persons, 2022, SYSTEM)
            results.append(
                ("generate the demo people", (time.perf_counter() - started) * 1000, f"{persons:,}")
            )
        count = table_size_bound(Person)
        found = departments(as_of)
        if not found:
            raise ValueError("Chưa có cơ cấu tổ chức: hãy chạy “canbo org load builtin” trước.")
        chosen = next((d for d in found if d[1] == department), None) if department else found[0]
        if chosen is None:
            raise ValueError(f"Không có cơ quan mã “{department}” ngày {as_of:%d/%m/%Y}.")
        unit, code, size = chosen
        other = next(d[1] for d in found if d[0] != unit)
        data, made = routine_file(department=unit, other_unit=other, count=changed, as_of=as_of)
        kinds = ", ".join(f"{n} {kind}" for kind, n in made.items() if n)
        where = f"{changed:,} of {code} ({size:,} people; {kinds}), registry ids up to {count:,}"

        units, unit_kinds = _unit_maps(as_of)
        read = _times(
            repeat, lambda: rows_from_excel(data, units=units, today=as_of, kinds=unit_kinds, as_of=as_of)
        )
        results.append(("routine import: read and check", statistics.median(read), _spread(read)))
        outcome: list[Any] = []
        total = _times(repeat, _rolled_back(lambda: outcome.append(_import(data, as_of))))
        result = outcome[-1]
        opened = result.assignments_opened
        # core.bulk.large_load sets indexes aside only for a load at least LARGE_LOAD_MIN_ROWS rows
        # and at least the table's size: a routine import never does.
        path = (
            "large_load"
            if opened >= LARGE_LOAD_MIN_ROWS and opened >= table_size_bound(Assignment)
            else "ordinary path (live indexes)"
        )
        results.append(
            (
                "routine import: end to end",
                statistics.median(total),
                f"{_spread(total)}; {result.updated} updated, {opened} assignments opened, "
                f"{result.assignments_closed} closed, {result.languages_changed} languages, "
                f"{result.conclusions_added} conclusions; {path} ({connection.vendor})",
            )
        )
        results.append(("  the file", 0.0, where))
        client, server = _cpu_ms(repeat, _rolled_back(lambda: _import(data, as_of)))
        results.append(
            (
                "  CPU of one import (client + database)",
                client + server,
                f"this process {client:,.0f} ms + its PostgreSQL backend {server:,.0f} ms: the wall time "
                "on an idle machine, about",
            )
        )
        with override_settings(CANBO_APPOINTMENT_CHECKS=[]):  # what the appointment checks cost
            unchecked = statistics.median(_times(repeat, _rolled_back(lambda: _import(data, as_of))))
        results.append(
            (
                "  of which the appointment checks",
                statistics.median(total) - unchecked,
                f"{made['post']} rows open a dated post; without the checks {unchecked:,.0f} ms",
            )
        )
        page = _times(repeat, _rolled_back(_import_page(data, as_of)))
        results.append(
            ("routine import through the page (server time)", statistics.median(page), _spread(page))
        )

        def again() -> float:
            """The same file a second time, after the first (in one savepoint): nothing changes."""
            with transaction.atomic():
                _import(data, as_of)
                started = time.perf_counter()
                unchanged = _import(data, as_of)
                elapsed = (time.perf_counter() - started) * 1000
                assert unchanged.unchanged == changed, unchanged.summary()
                transaction.set_rollback(True)
            return elapsed

        second = [again() for _ in range(repeat)]
        results.append(("routine import again (nothing changes)", statistics.median(second), _spread(second)))

        plan = _plan_ready(as_of)
        year = {"nam": str(as_of.year)}
        for label, name, params, note in (
            ("annual report (Word)", "plans:annual_report", year, plan),
            ("annual report's appendix (Excel)", "plans:annual_report", {**year, "dinh_dang": "xlsx"}, ""),
            (
                "targets report (Word)",
                "indicators:dashboard",
                {"ngay": f"{as_of:%d/%m/%Y}", "dinh_dang": "docx"},
                "",
            ),
            (
                "targets appendix (Excel)",
                "indicators:dashboard",
                {"ngay": f"{as_of:%d/%m/%Y}", "dinh_dang": "xlsx"},
                "",
            ),
        ):
            times = _times(repeat, _page(name, params))
            results.append(
                (label, statistics.median(times), f"{_spread(times)}{'; ' + note if note else ''}")
            )

        focal = _focal_officer(unit)
        for label, params, user in (
            ("people list, one department, first page", {"don_vi": str(unit)}, SYSTEM),
            ("  as the department's focal officer", {"don_vi": str(unit)}, focal),
            ("  sorted by birth date", {"don_vi": str(unit), "sap_xep": "ngay_sinh"}, SYSTEM),
            ("  its middle page", {"don_vi": str(unit), "trang": str(max(1, size // 100))}, SYSTEM),
        ):
            times = _times(repeat, _page("people:list", params, user))
            results.append(
                (f"{label} (server time)", statistics.median(times), f"{_spread(times)}; {size:,} in {code}")
            )
        transaction.set_rollback(True)
    return results
