"""The demo province (people.demo): reproducible, realistic, and carried through the 2025 restructurings."""

import datetime as dt
from collections import Counter, defaultdict
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from accounts.system import SYSTEM
from audit.models import AuditEntry
from org.models import Unit
from org.selectors import agencies_as_of
from people.demo import AUDIT_ACTION, delete_demo_people, generate, retirement_date
from people.models import (
    Assignment,
    Evaluation,
    LanguageSkill,
    Person,
    PlanningMembership,
    PoliticalConclusion,
)
from people.rules import age_on, check_cccd

REF = dt.date(2022, 1, 1)
PERSONS = 600


def _on_reference_date() -> dict[int, Assignment]:
    """Each person's assignment in force on 01/01/2022."""
    held = {}
    for a in Assignment.objects.select_related("post", "unit").order_by("valid_from", "pk"):
        if a.valid_from <= REF and (a.valid_to is None or a.valid_to > REF):
            held[a.person_id] = a
    return held


def _snapshot() -> list[tuple[Any, ...]]:
    return list(
        Person.objects.order_by("pk").values_list("full_name", "birth_date", "cccd", "sex", "ethnicity")
    )


@pytest.fixture
def demo(builtin_org: None) -> dict[str, int]:
    return generate(PERSONS, 7, SYSTEM)


# --- retirement date (RULES.md §1 checks) --------------------------------------------------------


@pytest.mark.parametrize(
    ("birth", "male", "expected"),
    [
        (dt.date(1960, 10, 5), True, dt.date(2020, 10, 31)),  # men born 10–12/1960: 60 in 2020
        (dt.date(1961, 1, 20), True, dt.date(2021, 4, 30)),  # men born 1–9/1961: 60y3m
        (dt.date(1961, 9, 1), True, dt.date(2021, 12, 31)),
        (dt.date(1961, 10, 1), True, dt.date(2022, 4, 30)),  # 60y6m in 2022
        (dt.date(1966, 4, 1), True, dt.date(2028, 4, 30)),  # from 4/1966: 62
        (dt.date(1966, 8, 15), False, dt.date(2021, 12, 31)),  # women born 1–8/1966: 55y4m
        (dt.date(1966, 9, 1), False, dt.date(2022, 5, 31)),  # 55y8m in 2022
        (dt.date(1975, 4, 1), False, dt.date(2034, 12, 31)),  # 1–4/1975: 59y8m in 2034
        (dt.date(1975, 5, 1), False, dt.date(2035, 5, 31)),  # from 5/1975: 60
    ],
)
def test_retirement_date(birth: dt.date, male: bool, expected: dt.date) -> None:
    assert retirement_date(birth, male) == expected


# --- generation ----------------------------------------------------------------------------------


def test_same_seed_same_people_other_seed_other_people(builtin_org: None) -> None:
    generate(PERSONS, 7, SYSTEM)
    first = _snapshot()
    assert delete_demo_people(actor=SYSTEM) == PERSONS
    assert not Person.objects.exists() and not Assignment.objects.exists()
    generate(PERSONS, 7, SYSTEM)
    assert _snapshot() == first
    delete_demo_people(actor=SYSTEM)
    generate(PERSONS, 8, SYSTEM)
    assert _snapshot() != first


def test_counts_and_one_audit_entry(demo: dict[str, int]) -> None:
    assert demo["people"] == Person.objects.count() == PERSONS
    assert demo["evaluations"] == Evaluation.objects.count() > 0
    assert demo["languages"] == LanguageSkill.objects.count() > 0
    assert demo["planning"] == PlanningMembership.objects.count() > 0
    assert demo["political_conclusions"] == PoliticalConclusion.objects.count() > 0
    entries = AuditEntry.objects.filter(action=AUDIT_ACTION)
    assert entries.count() == 1
    assert entries.get().changes["after"]["counts"]["people"] == PERSONS
    assert not AuditEntry.objects.filter(action__startswith="people.person").exists()


def test_every_agency_of_2022_has_people(demo: dict[str, int]) -> None:
    held = _on_reference_date()
    assert len(held) == PERSONS  # everyone holds exactly one assignment on 01/01/2022 …
    by_unit = Counter(a.unit.code for a in held.values())
    agencies = agencies_as_of(as_of=REF)
    assert len(agencies) == 25
    for unit in agencies:
        assert by_unit[unit.code] > 0, unit.code
    assert set(by_unit) == {u.code for u in agencies}  # … in one of them


def test_shares(demo: dict[str, int]) -> None:
    people = list(Person.objects.values("id", "sex", "ethnicity", "cccd", "birth_year_only"))
    women = sum(p["sex"] == "nu" for p in people) / PERSONS
    minorities = sum(p["ethnicity"] != "01" for p in people) / PERSONS
    held = _on_reference_date()
    leaders = sum(1 for a in held.values() if a.post and a.post.is_leadership) / PERSONS
    assert 0.40 <= women <= 0.60
    assert 0.08 <= minorities <= 0.25
    assert 0.05 <= leaders <= 0.12
    groups = Counter(p["ethnicity"] for p in people)
    assert groups["17"] > groups["21"] > 0  # Chăm, then Raglai
    assert 0 < sum(p["cccd"] is None for p in people) < 0.1 * PERSONS
    assert sum(p["birth_year_only"] for p in people) < 0.06 * PERSONS


def test_leaders_and_their_history(demo: dict[str, int]) -> None:
    held = _on_reference_date()
    heads = Counter(a.unit.code for a in held.values() if a.post and a.post.level == "agency_head")
    assert set(heads.values()) == {1}
    assert len(heads) == 25
    codes = {a.unit.code: a.post.code for a in held.values() if a.post and a.post.level == "agency_head"}
    assert codes["NT.VP"] == "chanh_van_phong_ubnd_tinh"
    assert codes["NT.TTR"] == "chanh_thanh_tra_tinh"
    assert codes["NT.BDT"] == "truong_ban"
    assert codes["NT.SNV"] == "giam_doc_so"
    assert codes["NT.BACAI"] == "chu_tich_ubnd_huyen"
    for a in held.values():
        leader = bool(a.post and a.post.is_leadership)
        if leader:
            assert a.start_reason == "bo_nhiem"
            assert dt.date(2016, 12, 31) <= a.valid_from <= dt.date(2021, 1, 1)
        else:
            assert a.start_reason in ("tuyen_dung", "dieu_dong")
    assert Assignment.objects.filter(end_reason__in=("bo_nhiem", "dieu_dong")).exists()  # earlier posts


def test_identity_numbers_and_ages(demo: dict[str, int]) -> None:
    people = list(Person.objects.all())
    for person in people:
        if person.cccd:
            assert check_cccd(person.cccd, person.birth_date, person.sex) == [], person.cccd
            assert person.cccd.startswith("058")
        assert age_on(person.birth_date, REF) >= 22
        assert retirement_date(person.birth_date, person.sex == "nam") >= REF
        if person.birth_year_only:
            assert (person.birth_date.month, person.birth_date.day) == (1, 1)
        assert person.recruited_on and person.birth_date < person.recruited_on < REF
    assert len({p.cccd for p in people if p.cccd}) == sum(1 for p in people if p.cccd)


def test_excellent_within_a_fifth_of_good_per_agency(demo: dict[str, int]) -> None:
    agency = {pid: a.unit_id for pid, a in _on_reference_date().items()}
    counts: dict[tuple[int, int], Counter[str]] = defaultdict(Counter)
    for person_id, year, level in Evaluation.objects.values_list("person_id", "year", "level"):
        counts[(agency[person_id], year)][level] += 1
    assert {year for _, year in counts} == {2021, 2022, 2023, 2024}
    for count in counts.values():
        assert count["xuat_sac"] <= 0.2 * count["tot"]


def test_people_follow_the_2025_restructurings(demo: dict[str, int]) -> None:
    skhdt = Unit.objects.get(code="NT.SKHDT")
    stc = Unit.objects.get(code="KH.STC")
    ids = [pid for pid, a in _on_reference_date().items() if a.unit_id == skhdt.pk]
    assert ids
    for person in Person.objects.filter(pk__in=ids):
        assert person.unit_id == stc.pk
        history = list(person.assignments.order_by("valid_from"))
        at_skhdt = [a for a in history if a.unit_id == skhdt.pk and a.valid_to == dt.date(2025, 3, 1)]
        assert len(at_skhdt) == 1 and at_skhdt[0].end_reason == "sap_xep"
        open_ = [a for a in history if a.valid_to is None]
        assert len(open_) == 1
        assert open_[0].unit_id == stc.pk
        assert open_[0].valid_from == dt.date(2025, 7, 1)
        assert open_[0].start_reason == "sap_xep"
    # the districts are dissolved: their people's assignments end, their files go to the province
    bacai = Unit.objects.get(code="NT.BACAI")
    assert not Assignment.objects.filter(unit=bacai, valid_to=None).exists()
    assert Assignment.objects.filter(unit=bacai, valid_to=dt.date(2025, 7, 1), end_reason="sap_xep").exists()


# --- the command ---------------------------------------------------------------------------------


def test_command_refuses_a_registry_with_people_unless_replace(builtin_org: None, capsys: Any) -> None:
    call_command("demo-data", persons=120, seed=1)
    out = capsys.readouterr().out
    assert "120 người" in out and "giây" in out
    with pytest.raises(CommandError, match="--replace"):
        call_command("demo-data", persons=120, seed=1)
    call_command("demo-data", persons=150, seed=2, replace=True)
    assert Person.objects.count() == 150
    assert "Đã xóa 120 người" in capsys.readouterr().out


def test_command_needs_the_organisation(db: Any) -> None:
    with pytest.raises(CommandError, match="org load builtin"):
        call_command("demo-data", persons=10)
