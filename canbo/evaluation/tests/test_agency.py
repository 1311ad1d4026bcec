"""The agency's own year (issue 15.5): the plan's occurrences the agency answers for are the task-result
input, live until finalised — one occurrence's status changes the score."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from canbo.core.errors import InputRejected, NotAllowed
from canbo.evaluation import services
from canbo.evaluation.selectors import agency_evaluation_view, agency_plan_input
from canbo.org.models import Unit
from canbo.plans.choices import Progress
from canbo.plans.models import Occurrence
from canbo.plans.services import ReportInput, report_review, report_submit

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("canbo.evaluation.selectors.today", lambda: D(2026, 12, 10))


def _finance() -> Unit:
    return Unit.objects.get(code="KH.STC")


def _yearly_report() -> Occurrence:
    """Sở Tài chính's yearly report of 2026 (IV.1.b), due 04/12/2026."""
    occurrence = Occurrence.objects.get(task__code="IV.1.b", year=2026, unit__code__in=["KH.STC", "NT.STC"])
    return occurrence


def test_the_plan_is_the_task_result_input_and_one_status_changes_the_score(
    builtin_plan: Any, make_user: Any
) -> None:
    officer, focal = make_user("noi_vu", "KH"), make_user("dau_moi", "KH.STC")
    services.agency_evaluation_save(actor=officer, unit=_finance(), year=2026, general_points=Decimal("25"))
    before = agency_evaluation_view(user=officer, unit=_finance(), year=2026)
    assert before.plan.counts["due"] == 1 and before.plan.counts["not_done"] == 1
    assert before.task_points == 0 and before.score == 25 and before.level == "khong_hoan_thanh"

    report = report_submit(
        actor=focal, occurrence=_yearly_report(),
        data=ReportInput(progress=Progress.DONE, completed_on=D(2026, 12, 6), document_number="88/BC-STC",
                         document_date=D(2026, 12, 6), document_issuer="Sở Tài chính"),
        on=D(2026, 12, 6),
    )  # fmt: skip
    waiting = agency_evaluation_view(user=officer, unit=_finance(), year=2026)
    assert (
        waiting.plan.counts["waiting"] == 1 and waiting.plan.counts["due"] == 0 and waiting.task_points == 70
    )
    report_review(actor=officer, report=report, accept=True, comment="", on=D(2026, 12, 7))
    late = agency_evaluation_view(user=officer, unit=_finance(), year=2026)
    # done two days late: one delay, −25 % of its progress → (100 + 100 + 75) / 3 × 70 % = 64.17
    assert late.plan.counts["late"] == 1
    assert round(late.task_points, 2) == 64.17 and round(late.score or 0, 2) == 89.17 and late.level == "tot"


def test_only_home_affairs_scores_and_finalises_an_agency(builtin_plan: Any, make_user: Any) -> None:
    officer, focal = make_user("noi_vu", "KH"), make_user("dau_moi", "KH.STC")
    with pytest.raises(NotAllowed):
        services.agency_evaluation_save(actor=focal, unit=_finance(), year=2026, general_points=Decimal("25"))
    with pytest.raises(InputRejected, match="từ 0 đến 30"):
        services.agency_evaluation_save(
            actor=officer, unit=_finance(), year=2026, general_points=Decimal("31")
        )
    services.agency_evaluation_save(actor=officer, unit=_finance(), year=2026, general_points=Decimal("28"))
    done = services.agency_evaluation_finalise(
        actor=officer, unit=_finance(), year=2026, decision_number="12/QĐ-UBND", decided_on=D(2026, 12, 12)
    )
    assert done.counts["not_done"] == 1 and done.level == "khong_hoan_thanh"  # 28 + 0
    kept = agency_evaluation_view(user=officer, unit=_finance(), year=2026)
    assert kept.finalised and kept.score == 28


def test_the_plan_input_counts_only_what_fell_due_in_the_year(builtin_plan: Any, make_user: Any) -> None:
    early = agency_plan_input(
        user=make_user("noi_vu", "KH"), unit=_finance(), year=2026, as_of=D(2026, 12, 3)
    )
    assert early.counts["due"] == 0 and early.rate == 100.0  # the yearly report falls due on 04/12
