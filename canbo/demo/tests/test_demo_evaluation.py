"""The demo's 2026 evaluations (issue 15.9): products in every quarter, quotas that bind, forced levels,
the agencies' own year fed by the plan, and the same draws for the same seed."""

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from canbo.accounts.choices import Role
from canbo.accounts.models import RoleAssignment
from canbo.accounts.system import SYSTEM
from canbo.demo.evaluation import FINALISED, YEAR, demo_evaluations
from canbo.demo.plan_reports import demo_plan_activity
from canbo.demo.registry import generate
from canbo.evaluation.models import (
    AgencyEvaluation,
    DutyGroup,
    ProductType,
    QuotaException,
    Ranking,
    Sheet,
    WorkItem,
)
from canbo.evaluation.selectors import agency_evaluation_view, rankable_agencies, ranking_view
from canbo.org.io.builtin import builtin_dataset
from canbo.org.models import Unit
from canbo.org.services import org_import
from canbo.people.models import Discipline, Evaluation
from canbo.plans.io.builtin import builtin_plan
from canbo.plans.services import plan_import

pytestmark = pytest.mark.django_db
PERSONS = 600
SEED = 2022


TODAY = dt.date(YEAR, 12, 4)  # the plan's 2026 occurrences fall due on 04/12/2026


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("canbo.evaluation.selectors.today", lambda: TODAY)


def _home_affairs_officer(username: str) -> Any:
    user = get_user_model().objects.create_user(username=username, password="mat-khau-thu-1")
    RoleAssignment.objects.create(user=user, role=Role.HOME_AFFAIRS, unit=Unit.objects.get(code="KH"))
    return user


@pytest.fixture(scope="module")
def _built(django_db_setup: None, django_db_blocker: Any) -> Iterator[tuple[dict[str, int], Any]]:
    """As `canbo demo load` builds it: the plan's reports, the registry, then the evaluations — built
    once for the module (the load is most of each test's time) inside a transaction rolled back after
    its last test; each test runs in a savepoint of it (pytest-django's `db`), so what one test writes
    or deletes is gone before the next."""
    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as patch, transaction.atomic():
        patch.setattr("canbo.evaluation.selectors.today", lambda: TODAY)
        org_import(actor=SYSTEM, dataset=builtin_dataset())
        plan_import(actor=SYSTEM, spec=builtin_plan())
        officer = _home_affairs_officer("demo-eval-officer")
        demo_plan_activity(
            officer=officer, clerk=_home_affairs_officer("demo-eval-clerk"), focal_for={}, as_of=TODAY
        )
        generate(PERSONS, SEED, SYSTEM)
        counts = demo_evaluations(seed=SEED, actor=SYSTEM, home_affairs=officer)
        yield counts, officer
        transaction.set_rollback(True)


@pytest.fixture
def demo(_built: tuple[dict[str, int], Any]) -> dict[str, int]:
    return dict(_built[0])


@pytest.fixture
def officer(_built: tuple[dict[str, int], Any]) -> Any:
    return _built[1]


def _inputs() -> list[tuple[Any, ...]]:
    """What the demo drew, by person: points, flags, recorded level, and the products."""
    items: dict[int, list[tuple[Any, ...]]] = {}
    for row in WorkItem.objects.order_by("sheet__person_id", "period", "title").values_list(
        "sheet__person_id", "period", "title", "weight", "completed", "failed_reviews", "delays"
    ):
        items.setdefault(row[0], []).append(row[1:])
    return [
        (*row, tuple(items.get(row[0], ())))
        for row in Sheet.objects.filter(year=YEAR)
        .order_by("person_id")
        .values_list("person_id", "general_points", "recorded_level", "degradation", "unit_corruption")
    ]


def test_every_screen_has_something_to_show(demo: dict[str, int]) -> None:
    assert demo["sheets"] == Sheet.objects.filter(year=YEAR).count() > 0
    assert set(WorkItem.objects.values_list("period", flat=True)) == {1, 2, 3, 4}
    assert WorkItem.objects.filter(period=4, completed=False, confirmed_on__isnull=True).exists()
    assert WorkItem.objects.exclude(excuse_confirmed_by="").exists()
    assert ProductType.objects.exists() and DutyGroup.objects.filter(year=YEAR).exists()
    assert QuotaException.objects.filter(year=YEAR, decision_number="45/QĐ-UBND").exists()
    views = [
        ranking_view(user=SYSTEM, unit=u, year=YEAR) for u, *_ in rankable_agencies(user=SYSTEM, year=YEAR)
    ]
    rows = [r for v in views for r in v.rows]
    # quotas that bind: more people at 90 or more than the quota allows
    assert any(q.candidates > q.allowed for v in views for q in v.quotas.values())
    # forced "không hoàn thành" despite the score
    forced = [r for r in rows if "discipline_in_year" in r.outcome.reasons]
    assert forced and all(r.level == "khong_hoan_thanh" for r in forced)
    assert all(r.outcome.score is not None and r.outcome.score >= 50 for r in forced)
    assert Discipline.objects.filter(decided_on__year=YEAR, form="khien_trach").count() == demo["disciplines"]
    assert any("degradation" in r.outcome.reasons for r in rows)
    # not everyone scored yet, and the public employees' levels recorded
    assert any("general" in r.outcome.missing for r in rows)
    assert any(r.outcome.recorded and r.level for r in rows)
    # the agencies' own year: Sở Nội vụ's points, the plan's occurrences counted
    assert demo["plan_reviews"] > 0
    counted = [
        view
        for e in AgencyEvaluation.objects.filter(year=YEAR).select_related("unit")
        if (view := agency_evaluation_view(user=SYSTEM, unit=e.unit, year=YEAR)).plan.counts["due"]
    ]
    assert counted and all(v.score is not None and v.general_points is not None for v in counted)
    finalised = AgencyEvaluation.objects.get(year=YEAR, status="xep_loai")
    assert finalised.decision_number == "256/QĐ-UBND" and finalised.counts["due"] > 0


def test_the_finalised_rankings_are_in_the_registry(demo: dict[str, int]) -> None:
    assert demo.get("rankings_refused", 0) == 0
    rankings = Ranking.objects.filter(year=YEAR)
    assert {r.decision_number for r in rankings} == set(FINALISED.values())
    for ranking in rankings:
        levels = dict(Sheet.objects.filter(unit=ranking.unit, year=YEAR).values_list("person_id", "level"))
        assert (
            levels
            and dict(
                Evaluation.objects.filter(person_id__in=levels, year=YEAR).values_list("person_id", "level")
            )
            == levels
        )


def test_the_same_seed_draws_the_same_year(demo: dict[str, int], officer: Any) -> None:
    first = _inputs()
    assert demo_evaluations(seed=SEED, actor=SYSTEM, home_affairs=officer) == {}  # run once
    Sheet.objects.filter(year=YEAR).delete()
    for model in (ProductType, DutyGroup, QuotaException, AgencyEvaluation, Ranking):
        model.objects.all().delete()
    Discipline.objects.filter(decided_on__year=YEAR, reason__startswith="Vi phạm quy chế").delete()
    Evaluation.objects.filter(year=YEAR).delete()
    again = demo_evaluations(seed=SEED, actor=SYSTEM, home_affairs=officer)
    assert again.pop("plan_reviews", 0) == 0  # the reports stay accepted
    assert again == {k: v for k, v in demo.items() if k != "plan_reviews"}
    assert _inputs() == first
