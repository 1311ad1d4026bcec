"""Every list page and list endpoint costs the same number of queries whatever the number of rows
(issue 11.8): each is read with a few extra rows, then with many, and the two counts must be equal,
so that a query per row (N+1) fails here. A page found N+1 is marked xfail(strict) with its cause,
until it is fixed.

Each count is taken on the second of two identical requests, so that what a first request fills
once (content types, the scope's tree) is not counted."""

import datetime as dt
import itertools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from canbo.accounts.system import SYSTEM
from canbo.audit.services import audit_entry, audit_record_many
from canbo.core.dates import today
from canbo.org.dataset import OrgDataset, VersionRow
from canbo.org.models import Unit
from canbo.org.services import org_import
from canbo.people.models import Assignment, LanguageSkill, Person, Post, SensitiveAccess
from canbo.people.services import person_names, posts_ensure
from canbo.plans.models import Extension, Obstacle, Occurrence, Reminder, Report, Task

pytestmark = pytest.mark.django_db
D = dt.date
SMALL, LARGE = 5, 40  # extra rows at the first count and at the second
AGENCIES = ("KH.STC", "KH.SYT")
_serial = itertools.count(1)


# --- rows to add: each adds n rows and returns a text the page shows of the last one ----------------


def add_people(n: int) -> str:
    posts = list(Post.objects.filter(code__in=["giam_doc_so", "pho_giam_doc_so", "truong_phong"]))
    name = ""
    for _ in range(n):
        i = next(_serial)
        name = f"Tran Van Dem{i:03d}"
        person = Person(
            full_name=name,
            birth_date=D(1970 + i % 25, 1 + i % 12, 1),
            sex="nam" if i % 2 else "nu",
            ethnicity="01",
            unit=Unit.objects.get(code=AGENCIES[i % 2]),
            staff_category="cong_chuc",
        )
        person_names(person)
        person.save()
        post = posts[i % len(posts)] if i % 3 == 0 and posts else None
        Assignment.objects.create(
            person=person,
            unit=person.unit,
            post=post,
            valid_from=D(2025, 7, 1),
            start_reason="bo_nhiem" if post else "tuyen_dung",
        )
        LanguageSkill.objects.create(person=person, language="Tiếng Anh", level=3)
    return name


def add_work(n: int) -> str:
    """Occurrences with a report (some reviewed), a granted extension, an obstacle and a reminder."""
    from django.contrib.auth import get_user_model

    tasks = list(Task.objects.filter(detailed_in="").order_by("order")[:10])
    sender, _ = get_user_model().objects.get_or_create(username="nguoi-bao-cao")
    period = ""
    for _ in range(n):
        i = next(_serial)
        period = f"Ky dem {i:03d}"
        occurrence = Occurrence.objects.create(
            task=tasks[i % len(tasks)],
            unit=Unit.objects.get(code=AGENCIES[i % 2]),
            period=period,
            year=2026,
            starts_on=D(2026, 1, 1),
            original_due=D(2026, 12, 31),
            schedule_index=7,
        )
        Report.objects.create(
            occurrence=occurrence,
            submitted_by=sender,
            submitted_on=D(2026, 6, 1),
            progress="dang",
            percent=40,
            review="nhan" if i % 2 else "cho",
            reviewed_by=sender if i % 2 else None,
            reviewed_on=D(2026, 6, 2) if i % 2 else None,
        )
        Extension.objects.create(
            occurrence=occurrence,
            requested_due=D(2027, 3, 31),
            reason="Chờ hướng dẫn.",
            requested_by=sender,
            requested_on=D(2026, 6, 1),
            state="dong_y",
            decided_by=sender,
            decided_on=D(2026, 6, 3),
        )
        Obstacle.objects.create(occurrence=occurrence, text="Thiếu kinh phí.", raised_on=D(2026, 6, 1))
        Reminder.objects.create(
            occurrence=occurrence,
            unit=occurrence.unit,
            sent_on=D(2026, 6, 1),
            kind="sap_den_han",
            recipients="daumoi@canbo.local",
        )
    return period


def add_units(n: int, *, kind: str = "phong") -> str:
    rows = []
    for _ in range(n):
        i = next(_serial)
        parent = AGENCIES[i % 2] if kind == "phong" else "KH"
        rows.append(VersionRow(code=f"KH.DEM{i:03d}", name=f"Phong Dem {i:03d}", kind=kind,
                               valid_from=D(2025, 7, 1), parent_code=parent))  # fmt: skip
    org_import(actor=SYSTEM, dataset=OrgDataset(versions=rows))
    return rows[-1].name


def add_departments_and_people(n: int) -> str:
    add_people(n)
    return add_units(n, kind="so_nganh")


def add_audit_entries(n: int) -> str:
    from django.contrib.auth import get_user_model

    objects = list(get_user_model().objects.order_by("pk"))
    entries = []
    action = ""
    for _ in range(n):
        i = next(_serial)
        action = f"kiem_thu.dem_{i:03d}"
        entries.append(
            audit_entry(actor=SYSTEM, action=action, obj=objects[i % len(objects)], after={"i": i})
        )
    audit_record_many(entries)
    return action


def add_access_records(n: int) -> str:
    """Reads of protected data: one person's page each, and every fifth an export of several."""
    from django.contrib.auth import get_user_model

    add_people(n)
    readers = [get_user_model().objects.get_or_create(username=f"nguoi-doc-{k}")[0] for k in range(3)]
    people = list(Person.objects.order_by("-pk")[:n])
    for k, person in enumerate(people):
        SensitiveAccess.objects.create(
            actor=readers[k % 3], person=person, where="page", ip_address="10.0.0.7"
        )
        if k % 5 == 0:
            ids = [p.pk for p in people[k : k + 4]]
            SensitiveAccess.objects.create(
                actor=readers[(k + 1) % 3], where="export", detail="Xuất Excel", count=len(ids), people=ids
            )
    return people[0].full_name


# --- the pages -------------------------------------------------------------------------------------------


def _unit_pk(code: str) -> int:
    return Unit.objects.get(code=code).pk


def _day() -> str:
    return f"{today():%d/%m/%Y}"


@dataclass(frozen=True)
class Case:
    name: str
    path: str
    add: Callable[[int], str]
    params: Callable[[], dict[str, Any]] = dict
    role: tuple[str, str | None] = ("noi_vu", "KH")
    shows_rows: bool = True  # whether the last row added must be on the page (aggregates are not)
    fixtures: tuple[str, ...] = ("builtin_plan",)


CASES = [
    Case("people list", "/can-bo/", add_people),
    Case("people list, leaders only", "/can-bo/", add_people, lambda: {"lanh_dao": "on"}, shows_rows=False),
    Case("people list, a focal officer's", "/can-bo/", add_people, role=("dau_moi", "KH.STC"), shows_rows=False),
    Case("occurrence list", "/ke-hoach/nhiem-vu/", add_work),
    Case("occurrence list, a focal officer's", "/ke-hoach/nhiem-vu/", add_work, role=("dau_moi", "KH.STC"),
         shows_rows=False),
    Case("plans dashboard", "/ke-hoach/", add_work, shows_rows=False),
    Case("organisation tree", "/to-chuc/", add_units),
    Case("indicators", "/chi-tieu/", add_departments_and_people, lambda: {"ngay": _day()}),
    Case("indicators, the people behind a number", "/chi-tieu/nguoi/", add_people,
         lambda: {"don_vi": _unit_pk("KH.SYT"), "chi_so": "headcount", "ngay": _day()}, shows_rows=False),
    Case("audit trail", "/nhat-ky/", add_audit_entries, role=("admin", None), fixtures=()),
    Case("access log", "/can-bo/truy-cap/", add_access_records, lambda: {"tu": _day(), "den": _day()},
         role=("admin", None)),
    Case("API people", "/api/people/people", add_people),
    Case("API occurrences", "/api/plans/occurrences", add_work),
    Case("API units", "/api/org/units", add_units),
]  # fmt: skip

# Pages found N+1: pytest.param(case, marks=pytest.mark.xfail(strict=True, reason="N+1: …")).
N_PLUS_ONE: dict[str, str] = {}


def _params() -> list[Any]:
    return [
        pytest.param(c, id=c.name, marks=[pytest.mark.xfail(strict=True, reason=N_PLUS_ONE[c.name])])
        if c.name in N_PLUS_ONE
        else pytest.param(c, id=c.name)
        for c in CASES
    ]


def _repeated(queries: CaptureQueriesContext) -> str:
    """The statements run more than once, most often first: where an N+1 shows."""
    counts = Counter(q["sql"][:300] for q in queries.captured_queries)
    return "\n".join(f"{n}× {sql}" for sql, n in counts.most_common(5) if n > 1)


@pytest.mark.parametrize("case", _params())
def test_a_list_costs_the_same_queries_for_few_or_many_rows(case: Case, request, make_user) -> None:
    for fixture in case.fixtures:
        request.getfixturevalue(fixture)
    posts_ensure()
    client = Client()
    client.force_login(make_user(*case.role))
    counts: list[int] = []
    added = 0
    for size in (SMALL, LARGE):
        last = case.add(size - added)
        added = size
        params = case.params()
        assert client.get(case.path, params).status_code == 200  # fills what a first request fills
        with CaptureQueriesContext(connection) as queries:
            response = client.get(case.path, params)
        assert response.status_code == 200
        if case.shows_rows:
            assert last in response.content.decode(), f"{case.name}: the row added last is not shown"
        counts.append(len(queries))
    assert counts[0] == counts[1], (
        f"{case.name}: {counts[0]} queries with {SMALL} extra rows, {counts[1]} with {LARGE}\n"
        + _repeated(queries)
    )
