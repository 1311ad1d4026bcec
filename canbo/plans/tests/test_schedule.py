"""Which occurrences a plan has: a function of the plan and the organisation as recorded, whatever the
order in which the tree, its restructurings and the plan were loaded (issue 12.1, 12.2, 12.5)."""

import dataclasses
import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from canbo.accounts.system import SYSTEM
from canbo.org.dataset import OrgDataset, VersionRow
from canbo.org.io.builtin import builtin_dataset
from canbo.org.models import Unit, UnitVersion
from canbo.org.selectors import unit_holders
from canbo.org.services import org_import
from canbo.plans.choices import Progress
from canbo.plans.io.builtin import builtin_plan
from canbo.plans.models import Occurrence, Plan, Report, Task
from canbo.plans.selectors import occurrence_rows
from canbo.plans.services import ReportInput, plan_import, plan_schedule, report_submit
from canbo.plans.spec import PlanSpec

pytestmark = pytest.mark.django_db

D = dt.date
CUT = D(2025, 1, 1)  # the tree as it stood before the 2025 restructurings were recorded


def tree_before_2025() -> OrgDataset:
    """The built-in tree as a province had it in 2024: the units of then, none of them ended yet."""
    full = builtin_dataset()
    versions = [
        dataclasses.replace(v, valid_to=None if v.valid_to and v.valid_to >= CUT else v.valid_to)
        for v in full.versions
        if v.valid_from < CUT
    ]
    return OrgDataset(versions=versions, events=[e for e in full.events if e.effective_date < CUT])


def occurrence_set() -> set[tuple[str, str, int, str]]:
    return set(Occurrence.objects.values_list("task__code", "unit__code", "schedule_index", "period"))


# A load order: the organisation's steps in their own order ("tree" = the 2024 tree, "full" = the
# tree with its restructurings), the plan loaded once or twice anywhere after the first of them.
ORG_STEPS = st.sampled_from([("tree", "full"), ("full",), ("tree", "full", "full")])


@st.composite
def load_orders(draw: Any) -> list[str]:
    org = list(draw(ORG_STEPS))
    plans = draw(st.integers(min_value=1, max_value=2))
    steps = org[:]
    for _ in range(plans):
        steps.insert(draw(st.integers(min_value=1, max_value=len(steps))), "plan")
    return steps


_reference: dict[str, set[tuple[str, str, int, str]]] = {}


def reference() -> set[tuple[str, str, int, str]]:
    """Today's correct load: the whole tree, then the plan."""
    if "set" not in _reference:
        org_import(actor=SYSTEM, dataset=builtin_dataset())
        plan_import(actor=SYSTEM, spec=builtin_plan())
        _reference["set"] = occurrence_set()
    return _reference["set"]


def _run(steps: list[str], spec: PlanSpec) -> None:
    for step in steps:
        if step == "plan":
            plan_import(actor=SYSTEM, spec=spec)
        else:
            org_import(actor=SYSTEM, dataset=builtin_dataset() if step == "full" else tree_before_2025())


def _reset() -> None:
    Occurrence.objects.all().delete()
    Task.objects.all().delete()
    Plan.objects.all().delete()


@settings(max_examples=8, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=load_orders())
def test_the_occurrences_do_not_depend_on_the_order_of_loading(
    transactional_db: None, steps: list[str]
) -> None:
    from canbo.org.models import Restructuring

    want = reference()
    _reset()
    Restructuring.objects.all().delete()
    UnitVersion.objects.all().delete()
    Unit.objects.all().delete()
    _run(steps, builtin_plan())
    assert occurrence_set() == want, steps


def test_loading_the_plan_before_the_restructurings_gives_the_same_occurrences(builtin_org: None) -> None:
    """The issue's reproduction: the plan on the 2024 tree, then the 2025 restructurings, then the plan
    again gave 1,014 occurrences instead of 714, Khánh Hòa's Sở Nội vụ holding three 2026 reports."""
    plan_import(actor=SYSTEM, spec=builtin_plan())
    want = occurrence_set()
    _reset()
    org_import(actor=SYSTEM, dataset=tree_before_2025())  # ends no unit: the 2024 versions stay open
    plan_import(actor=SYSTEM, spec=builtin_plan())
    org_import(actor=SYSTEM, dataset=builtin_dataset())
    assert occurrence_set() == want
    plan_import(actor=SYSTEM, spec=builtin_plan())
    assert occurrence_set() == want
    reports_2026 = Occurrence.objects.filter(task__code="IV.1.b", year=2026, unit__code="KH.SNV").count()
    assert reports_2026 == 1


def test_every_2025_share_has_a_holder_in_force_and_then_its_successor(builtin_plan: Plan) -> None:
    shares = Occurrence.objects.filter(task__plan=builtin_plan, year=2025)
    for as_of in (D(2025, 1, 2), D(2025, 3, 15), D(2025, 8, 1)):
        rows = occurrence_rows(user=SYSTEM, as_of=as_of, queryset=shares)
        assert rows and all(r.responsible is not None for r in rows), as_of
        province = "KH" if as_of >= D(2025, 7, 1) else "NT"
        assert {r.responsible.code.split(".")[0] for r in rows} == {province}, as_of
        in_force = set(UnitVersion.objects.as_of(as_of).values_list("unit__code", flat=True))
        assert {r.responsible.code for r in rows} <= in_force, as_of
    # Ninh Thuận's Sở Tài chính was given the 2025 yearly report; Khánh Hòa's holds it from 1/7/2025.
    share = shares.get(task__code="IV.1.b", unit__code="NT.STC")
    holders = unit_holders(unit=share.unit)
    assert (holders[0].start, [u.code for u in holders[0].units]) == (None, ["NT.STC"])
    assert holders[-1].start == D(2025, 7, 1) and [u.code for u in holders[-1].units] == ["KH.STC"]


def test_a_share_of_a_level_that_ended_is_not_given(builtin_plan: Plan, make_user: Any) -> None:
    """PL.4's district land-use plans: the district level ended on 1/7/2025, so the yearly share
    stops after 2025, and the task says why (issue 12.2)."""
    assert Task.objects.get(code="PL.4").level == "huyen"
    years = sorted(
        y
        for y in Occurrence.objects.filter(task__code="PL.4", year__isnull=False).values_list(
            "year", flat=True
        )
    )
    assert years == [2022, 2022, 2023, 2024, 2025]  # the one-off of Quý I/2022, then one a year
    from django.test import Client

    client = Client()
    client.force_login(make_user("noi_vu", "KH"))
    page = client.get(f"/ke-hoach/nhiem-vu/{Task.objects.get(code='PL.4').pk}/").content.decode()
    assert "cấp này không còn từ ngày 01/07/2025" in page


def test_work_recorded_on_a_share_is_kept_when_the_tree_changes_later(
    builtin_org: None, make_user: Any
) -> None:
    """A restructuring recorded late moves the later years' shares to the new agencies; a share on
    which an agency already reported stays, and nothing is duplicated for it."""
    org_import(actor=SYSTEM, dataset=tree_before_2025())
    plan_import(actor=SYSTEM, spec=builtin_plan())
    share = Occurrence.objects.get(task__code="IV.1.b", year=2026, unit__code="NT.SNV")
    officer = make_user("dau_moi", "NT.SNV")
    report_submit(
        actor=officer,
        occurrence=share,
        data=ReportInput(progress=Progress.IN_PROGRESS, percent=10, narrative="Đang thực hiện."),
        on=D(2026, 1, 5),
    )
    org_import(actor=SYSTEM, dataset=builtin_dataset())
    assert Occurrence.objects.filter(pk=share.pk).exists()
    assert Report.objects.filter(occurrence=share).count() == 1
    result = plan_schedule(actor=SYSTEM, plan=Plan.objects.get())
    assert (result.created, result.withdrawn, result.kept) == (0, 0, 1)


def test_the_plan_names_its_addressees(builtin_org: None) -> None:
    """ "Các cơ quan, đơn vị, địa phương" are the kinds the plan lists: a special association under
    the People's Committee, once the tree holds it, gets its shares (issue 12.5)."""
    spec = builtin_plan()
    spec.addressee_kinds = ["so_nganh", "huyen", "su_nghiep", "hoi"]
    plan_import(actor=SYSTEM, spec=spec)
    assert not Occurrence.objects.filter(unit__code="KH.HCTD").exists()
    org_import(
        actor=SYSTEM,
        dataset=OrgDataset(
            versions=[
                VersionRow(
                    code="KH.HCTD",
                    name="Hội Chữ thập đỏ tỉnh",
                    short_name="",
                    kind="hoi",
                    parent_code="KH",
                    valid_from=D(2025, 7, 1),
                    valid_to=None,
                    sheet="",
                )
            ],
            events=[],
        ),
    )
    periods = set(
        Occurrence.objects.filter(task__code="IV.1.b", unit__code="KH.HCTD").values_list("period", flat=True)
    )
    assert periods == {f"Năm {y}" for y in range(2026, 2031)}
