"""The demo gives each list of decisions.lists something to show, and not everybody (issue 14.4): on
01/01/2026 and on the demo's today; and the terms the command lists really end in its window."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command

from canbo.accounts.system import SYSTEM
from canbo.decisions.lists import LISTS, due_list
from canbo.decisions.rules import add_months
from canbo.demo.registry import DEMO_TODAY, generate
from canbo.people.models import Assignment, Evaluation, PlanningMembership
from canbo.people.selectors import in_force

pytestmark = pytest.mark.django_db
PERSONS = 2000


@pytest.fixture
def demo(builtin_org: None) -> dict[str, int]:
    return generate(PERSONS, 2022, SYSTEM)


def test_every_list_has_someone_and_not_everybody(demo: dict[str, int]) -> None:
    for as_of in (dt.date(2026, 1, 1), DEMO_TODAY):
        serving = in_force(Assignment.objects.all(), as_of).values("person_id").distinct().count()
        for name in LISTS:
            found = due_list(user=SYSTEM, name=name, as_of=as_of).rows
            assert 0 < len(found) < serving, (as_of, name, len(found))
        pools = due_list(user=SYSTEM, name="pool-review", as_of=as_of, months=240).rows
        assert len(due_list(user=SYSTEM, name="pool-review", as_of=as_of).rows) < len(pools), as_of


def test_the_terms_listed_really_end_in_the_window(demo: dict[str, int]) -> None:
    out = io.StringIO()
    call_command("rules", "due", "--list", "term-ending", "--as-of", "01/01/2026", "--months", "6",
                 "--format", "json", stdout=out)  # fmt: skip
    data = json.loads(out.getvalue())
    assert data["count"] > 0
    leaders = in_force(Assignment.objects.exclude(post__level="none").exclude(post=None), dt.date(2026, 1, 1))
    assert data["count"] < leaders.count()
    for row in data["rows"]:
        start, due = dt.date.fromisoformat(row["start"]), dt.date.fromisoformat(row["due"])
        assert dt.date(2026, 1, 1) <= due < dt.date(2026, 7, 1) and add_months(start, 60) == due
        assert dt.date.fromisoformat(row["notice"]) < due
        # the person held that post from that day (the first row of the unbroken holding) …
        held = Assignment.objects.filter(
            person_id=row["person_id"], valid_from=start, post__name=row["post_name"]
        )
        assert held.exists(), row
        # … and, the demo's careers being written to its today, the term did end then
        assert Assignment.objects.filter(person_id=row["person_id"], valid_to=due).exists(), row


def test_what_the_demo_adds_for_the_lists(demo: dict[str, int]) -> None:
    assert demo["job_changes"] > 0 and demo["not_done_twice"] > 0 and demo["pool_reviews"] > 0
    assert (
        Assignment.objects.filter(start_reason="dieu_dong", valid_from__gte=dt.date(2023, 7, 1)).count()
        >= demo["job_changes"]
    )
    twice = Evaluation.objects.filter(year__in=(2023, 2024), level="khong_hoan_thanh").values("person_id")
    assert twice.count() >= 2 * demo["not_done_twice"]
    assert PlanningMembership.objects.filter(term_from=2025, unit__code__startswith="KH.").exists()
