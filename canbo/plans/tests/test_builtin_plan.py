"""The built-in plan: every task of the source document, its deadlines, its agencies by date."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command

from canbo.accounts.system import SYSTEM
from canbo.org.models import Unit
from canbo.org.selectors import unit_holders
from canbo.plans.io.builtin import builtin_plan as spec
from canbo.plans.models import Occurrence, PlanTarget, Task
from canbo.plans.selectors import occurrence_rows
from canbo.plans.services import plan_import

pytestmark = pytest.mark.django_db


def test_every_task_of_the_document(builtin_plan) -> None:
    codes = set(Task.objects.values_list("code", flat=True))
    assert {f"II.{n}" for n in range(1, 12)} <= codes
    assert {
        "III.1.a",
        "III.1.b",
        "III.1.c",
        "III.2",
        "III.3",
        "III.4.a",
        "III.4.b",
        "III.5",
        "III.6",
    } <= codes
    assert {f"III.7.{x}" for x in "abcdđeghik"} <= codes
    assert {"IV.1.a", "IV.1.b", "IV.2"} <= codes
    assert {f"PL.{n}" for n in range(1, 14)} <= codes
    assert len(codes) == 46
    assert PlanTarget.objects.get(code="I.4.a").threshold == 10
    assert PlanTarget.objects.get(code="I.4.d").threshold == 15


def test_loading_again_changes_nothing(builtin_plan) -> None:
    occurrences = Occurrence.objects.count()
    result = plan_import(actor=SYSTEM, spec=spec())
    assert (result.tasks_created, result.tasks_changed, result.occurrences_created) == (0, 0, 0)
    assert Occurrence.objects.count() == occurrences


def test_cli_tasks_on_1_january_2023(builtin_plan) -> None:
    out = StringIO()
    call_command("plan", "tasks", "--as-of", "2023-01-01", "--format", "json", stdout=out)
    payload = json.loads(out.getvalue())
    assert payload["as_of"] == "2023-01-01"
    rows = payload["occurrences"]
    appendix = {r["code"]: r for r in rows if r["code"].startswith("PL.") and r["period"] == "Một lần"}
    assert len({r["code"] for r in rows if r["code"].startswith("PL.")}) == 13
    # The list holds the shares of 2026–2030, given to Khánh Hòa's agencies: names carry the province.
    assert appendix["PL.1"]["lead_on_date"] == {
        "code": "NT.SKHCN",
        "name": "Sở Khoa học và Công nghệ tỉnh Ninh Thuận",
    }
    assert appendix["PL.1"]["due"] == "2022-07-31" and appendix["PL.1"]["deadline_text"] == "Tháng 7/2022"
    assert appendix["PL.2"]["due"] == "2022-09-30"
    assert appendix["PL.3"]["due"] == "2024-12-31"
    assert appendix["PL.5"]["due"] == "2023-12-31"
    assert appendix["PL.10"]["due"] == "2022-06-30"
    assert appendix["PL.10"]["status_label"] == "Đang thực hiện quá hạn"
    assert appendix["PL.5"]["status_label"] == "Đang thực hiện trong hạn"
    # Recurring occurrences for every year from 2022: "Quý I hàng năm" and the yearly reports.
    pl4 = sorted((r["period"], r["due"]) for r in rows if r["code"] == "PL.4")
    assert pl4[0] == ("Một lần", "2022-03-31")
    assert [p for p in pl4 if p[0].startswith("Năm")] == [  # the district level ends on 1/7/2025
        (f"Năm {y}", f"{y}-03-31") for y in range(2022, 2026)
    ]
    pl8 = sorted(r["due"] for r in rows if r["code"] == "PL.8")
    assert pl8 == [f"{y}-03-31" for y in range(2022, 2026)]
    yearly = [r for r in rows if r["code"] == "IV.1.b"]
    assert {r["due"] for r in yearly} == {f"{y}-12-04" for y in range(2022, 2031)}
    first_year = [r for r in yearly if r["period"] == "Năm 2022"]
    assert len(first_year) == 25  # 18 provincial agencies and 7 districts in force on 04/12/2022
    assert {r["status_label"] for r in yearly if r["period"] == "Năm 2023"} == {"Đang thực hiện trong hạn"}
    assert {r["status_label"] for r in yearly if r["period"] == "Năm 2024"} == {"Chưa đến hạn"}


def test_a_task_of_natural_resources_follows_the_mergers(builtin_plan) -> None:
    task = Task.objects.get(code="PL.4")
    holders = unit_holders(unit=task.lead_unit)
    assert [(h.start, [u.code for u in h.units]) for h in holders] == [
        (None, ["NT.STNMT"]),
        (dt.date(2025, 3, 1), ["NT.SNNMT"]),
        (dt.date(2025, 7, 1), ["KH.SNNMT"]),
    ]
    assert holders[0].last_day == dt.date(2025, 2, 28)

    def lead(as_of: dt.date) -> str:
        rows = occurrence_rows(
            user=SYSTEM, as_of=as_of, queryset=Occurrence.objects.filter(task=task, period="Năm 2024")
        )
        return f"{rows[0].responsible.code} {rows[0].responsible_name}"

    assert lead(dt.date(2024, 6, 1)) == "NT.STNMT Sở Tài nguyên và Môi trường"
    assert lead(dt.date(2025, 4, 1)) == "NT.SNNMT Sở Nông nghiệp và Môi trường"
    assert lead(dt.date(2025, 8, 1)) == "KH.SNNMT Sở Nông nghiệp và Môi trường"
    # The history keeps who it was given to.
    assert (
        Occurrence.objects.filter(task=task).values_list("unit__code", flat=True).distinct().get()
        == "NT.STNMT"
    )


def test_all_agencies_fan_out_on_the_date_of_each_period(builtin_plan) -> None:
    def given(period: str) -> set[str]:
        return set(
            Occurrence.objects.filter(task__code="IV.1.b", period=period).values_list("unit__code", flat=True)
        )

    # A year's share goes to the agencies in force on 1 January of that year (issue 12.2): 2025's to
    # Ninh Thuận's 18 departments and 7 districts, 2026's to Khánh Hòa's.
    assert given("Năm 2025") == given("Năm 2024") and len(given("Năm 2025")) == 25
    assert given("Năm 2026") == set(
        Unit.objects.filter(code__startswith="KH.").values_list("code", flat=True)
    )
    assert Occurrence.objects.filter(task__code="IV.1.a").count() == 25
    # A task whose work is carried by appendix rows has no occurrences of its own.
    assert not Occurrence.objects.filter(task__code="III.7.i").exists()
    # A regular task without a deadline: one occurrence per agency for the whole plan.
    assert Occurrence.objects.filter(task__code="II.5", original_due__isnull=True).count() == 25
