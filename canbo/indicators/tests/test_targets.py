"""Targets as data (the plan's and the national ones), the national indicators, and snapshots."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from canbo.accounts.system import SYSTEM
from canbo.audit.models import AuditEntry
from canbo.indicators.models import Snapshot, Target
from canbo.indicators.national import national_on, planning_pool_on, women_key_leader_agencies
from canbo.indicators.services import plan_targets_sync, snapshot_save, targets_sync
from canbo.org.models import Unit
from canbo.people.models import Person, PlanningMembership, Post
from canbo.people.services import person_names, posts_ensure

pytestmark = pytest.mark.django_db


def test_the_national_targets_are_loaded_with_their_source() -> None:
    targets_sync()
    rows = {
        (t.indicator, t.year): (t.threshold, t.scope)
        for t in Target.objects.filter(source__contains="2282/QĐ-TTg")
    }
    assert rows == {
        ("women_key_leader_agencies", 2025): (Decimal("60"), "province"),
        ("women_key_leader_agencies", 2030): (Decimal("75"), "province"),
        ("women_in_planning_pool", 2025): (Decimal("40"), "province"),
        ("women_in_planning_pool", 2030): (Decimal("50"), "province"),
    }


def test_the_plans_targets_come_with_the_plan_and_follow_it(builtin_plan: Any, make_user: Any) -> None:
    rows = {
        (t.indicator, t.year): (t.threshold, t.threshold_to, t.scope)
        for t in Target.objects.filter(plan_target__plan=builtin_plan)
    }
    assert rows == {
        ("leaders_under_40", 2025): (Decimal("10"), None, "province"),
        ("leaders_under_40", 2030): (Decimal("15"), None, "province"),
        ("women_leader_rule", 2025): (None, None, "agency"),
        ("women_leader_rule", 2030): (None, None, "agency"),
        ("ethnic_minority_leaders", 2025): (None, None, "province"),
        ("ethnic_minority_leaders", 2030): (None, None, "province"),
        ("international_capable", 2030): (Decimal("25"), Decimal("30"), "province"),
    }
    assert "I.4" in Target.objects.get(code="kh-nq07.I.4.a").source
    # The plan loaded again with a changed target, by a Sở Nội vụ officer: the measured target follows,
    # audited as that officer (plans.services.plan_targets_saved, not a signal).
    import dataclasses

    from canbo.plans.io.builtin import builtin_plan as spec
    from canbo.plans.services import plan_import

    loaded = spec()
    targets = [
        dataclasses.replace(t, threshold=Decimal("20")) if t.code == "I.4.d" else t for t in loaded.targets
    ]
    officer = make_user("noi_vu", "KH")
    plan_import(actor=officer, spec=dataclasses.replace(loaded, targets=targets))
    changed = Target.objects.get(plan_target=builtin_plan.targets.get(code="I.4.d"))
    assert changed.threshold == Decimal("20")
    entry = AuditEntry.objects.filter(action="indicators.target.update", object_id=str(changed.pk)).get()
    assert (entry.changes["before"]["threshold"], entry.changes["after"]["threshold"]) == ("15.00", "20.00")
    assert entry.actor == officer
    assert targets_sync() == 0  # nothing left to change


def test_agencies_with_a_woman_among_their_key_leaders() -> None:
    departments = [
        {"unit_code": "A", "female_leaders": 1},
        {"unit_code": "B", "female_leaders": 0},
        {"unit_code": "C", "female_leaders": 2},
    ]
    assert women_key_leader_agencies(departments) == {
        "agencies": 3,
        "with_woman_leader": 2,
        "share": 66.7,
        "without": ["B"],
    }


def _person(name: str, sex: str, unit: Unit) -> Person:
    person = Person(full_name=name, birth_date=dt.date(1985, 1, 1), sex=sex, ethnicity="01",
                    unit=unit, staff_category="cong_chuc")  # fmt: skip
    person_names(person)
    person.save()
    return person


def test_women_in_the_planning_pool_on_a_date(builtin_org: Any, make_user: Any) -> None:
    posts_ensure()
    post = Post.objects.filter(level="agency_deputy").first()
    stc, syt = Unit.objects.get(code="KH.STC"), Unit.objects.get(code="KH.SYT")
    D = dt.date(2026, 3, 1)

    def pool(person: Person, unit: Unit, term: tuple[int, int], decided: dt.date | None,
             removed: dt.date | None = None) -> None:  # fmt: skip
        PlanningMembership.objects.create(person=person, post=post, unit=unit, term_from=term[0], term_to=term[1],
                                          decision_date=decided, removed_on=removed)  # fmt: skip

    hoa = _person("Nguyễn Thị Hoa", "nu", stc)
    pool(hoa, stc, (2020, 2025), dt.date(2021, 1, 1))  # the term ended with 2025: not on D
    pool(hoa, stc, (2025, 2030), dt.date(2025, 10, 1))  # in; two memberships, counted once
    pool(hoa, stc, (2026, 2031), dt.date(2026, 1, 5))
    lan = _person("Trần Thị Lan", "nu", syt)
    pool(lan, syt, (2025, 2030), dt.date(2026, 3, 2))  # decided the day after D: not yet
    mai = _person("Lê Thị Mai", "nu", syt)
    pool(mai, syt, (2025, 2030), None, removed=D)  # removed on D: out
    nam = _person("Phạm Văn Nam", "nam", syt)
    pool(nam, syt, (2025, 2030), None, removed=D + dt.timedelta(days=1))  # removed the day after: in
    son = _person("Võ Văn Sơn", "nam", stc)
    pool(son, stc, (2025, 2030), D)  # decided on D: in
    assert planning_pool_on(user=SYSTEM, as_of=D) == {"pool": 3, "women": 1, "share": 33.3}
    focal = make_user("dau_moi", "KH.SYT")
    assert planning_pool_on(user=focal, as_of=D) == {"pool": 1, "women": 0, "share": 0.0}

    targets_sync()
    result = national_on(user=SYSTEM, as_of=D, departments=[{"unit_code": "KH.STC", "female_leaders": 1}])
    assert result["women_in_planning_pool"]["targets"] == {"2025": 40.0, "2030": 50.0}
    assert result["women_in_planning_pool"]["meets"] == {"2025": False, "2030": False}
    assert result["women_key_leader_agencies"]["meets"] == {"2025": True, "2030": True}


def test_a_snapshot_is_kept_and_replaced_with_an_audit_entry() -> None:
    day = dt.date(2025, 12, 31)
    first = snapshot_save(actor=SYSTEM, as_of=day, data={"province": {"leaders": 10}, "departments": []})
    again = snapshot_save(actor=SYSTEM, as_of=day, data={"province": {"leaders": 12}, "departments": []})
    assert first.pk == again.pk and Snapshot.objects.get().data["province"] == {"leaders": 12}
    update = AuditEntry.objects.get(action="indicators.snapshot.update")
    assert (update.changes["before"]["province"], update.changes["after"]["province"]) == (
        {"leaders": 10},
        {"leaders": 12},
    )


def test_the_engine_measures_against_the_targets_kept_as_data(builtin_plan: Any) -> None:
    from canbo.indicators.engine.measure import Settings
    from canbo.indicators.selectors import engine_settings

    settings = engine_settings()
    assert (settings.under_40_targets, settings.international_targets) == (
        {2025: 10.0, 2030: 15.0},
        (25.0, 30.0),
    )
    plan_target = builtin_plan.targets.get(code="I.4.d")
    plan_target.threshold = Decimal("20")
    plan_target.save()
    plan_targets_sync(actor=SYSTEM, plan_targets=[plan_target])  # what loading the plan does
    assert engine_settings().under_40_targets == {2025: 10.0, 2030: 20.0}
    Target.objects.all().delete()
    assert engine_settings().under_40_targets == Settings().under_40_targets  # the plan's defaults


def test_yearly_snapshots_keep_what_was_reported_and_no_future_date_is_saved(builtin_org) -> None:
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    from canbo.indicators.history import year_ends

    assert year_ends(2021, until=dt.date(2023, 12, 31)) == [dt.date(2021, 12, 31), dt.date(2022, 12, 31)]
    assert year_ends(2021, until=dt.date(2024, 1, 1))[-1] == dt.date(2023, 12, 31)
    reported = snapshot_save(actor=SYSTEM, as_of=dt.date(2022, 12, 31), data={"province": {"leaders": 999}})
    out = StringIO()
    call_command("snapshot", "yearly", stdout=out)
    assert Snapshot.objects.get(pk=reported.pk).data["province"] == {"leaders": 999}
    assert "Giữ nguyên số liệu đã lưu ngày 31/12/2022." in out.getvalue()
    assert Snapshot.objects.filter(as_of=dt.date(2021, 12, 31)).exists()
    call_command("snapshot", "yearly", "--replace", stdout=StringIO())
    assert Snapshot.objects.get(pk=reported.pk).data["province"]["leaders"] == 0
    with pytest.raises(CommandError, match="chưa đến"):
        call_command("snapshot", "save", "--as-of", "01/01/2099", stdout=StringIO())
