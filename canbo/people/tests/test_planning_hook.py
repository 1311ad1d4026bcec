"""A planning-pool entry added on a person's page asks the planning app's rules (settings.
CANBO_PLANNING_ENTRY_CHECKS, issue 14.3): the political-standard gate (RULES.md §3, plan II.7) and at
most 3 people per post (Regulation 377-QĐ/TW; RULES-2 §3) refuse it and write nothing."""

import datetime as dt
from typing import Any

import pytest

from canbo.audit.models import AuditEntry
from canbo.core.errors import InputRejected
from canbo.org.models import Unit
from canbo.people.models import Person, PlanningMembership, PoliticalConclusion, Post
from canbo.people.records import person_record_save
from canbo.people.services import person_names, posts_ensure

pytestmark = pytest.mark.django_db
DECIDED = dt.date(2026, 3, 2)


def make_person(name: str, *, concluded: bool = True) -> Person:
    p = Person(
        full_name=name,
        birth_date=dt.date(1986, 3, 12),
        sex="nam",
        ethnicity="01",
        unit=Unit.objects.get(code="KH.STC"),
        staff_category="cong_chuc",
    )
    person_names(p)
    p.save()
    if concluded:
        PoliticalConclusion.objects.create(
            person=p, concluded_on=dt.date(2026, 1, 15), conclusion="Đủ tiêu chuẩn", meets_standard=True
        )
    return p


def entry(person: Person) -> dict[str, Any]:
    return {
        "post": Post.objects.get(code="pho_giam_doc_so"),
        "unit": Unit.objects.get(code="KH.STC"),
        "term_from": 2026,
        "term_to": 2031,
        "decision_number": "15-QĐ/TU",
        "decision_date": DECIDED,
    }


@pytest.fixture
def officer(make_user: Any, builtin_org: None) -> Any:
    posts_ensure()
    return make_user("noi_vu", "KH")


def test_no_entry_without_a_political_standard_conclusion(officer: Any) -> None:
    person = make_person("Lê Văn Bình", concluded=False)
    with pytest.raises(InputRejected) as refused:
        person_record_save(actor=officer, person=person, version=1, kind="planning", data=entry(person))
    assert [str(e.message) for e in refused.value.errors] == [
        "Lê Văn Bình chưa có kết luận tiêu chuẩn chính trị: không được quy hoạch khi chưa có kết luận về "
        "tiêu chuẩn chính trị (Mục II.7 Nghị quyết 07-NQ/TU và Kế hoạch triển khai của UBND tỉnh)."
    ]
    assert not PlanningMembership.objects.filter(person=person).exists()
    assert not AuditEntry.objects.filter(action="people.planning.create").exists()

    PoliticalConclusion.objects.create(
        person=person, concluded_on=dt.date(2026, 2, 1), conclusion="Đủ tiêu chuẩn", meets_standard=True
    )
    person_record_save(actor=officer, person=person, version=1, kind="planning", data=entry(person))
    assert PlanningMembership.objects.filter(person=person).count() == 1


def test_a_fourth_person_in_one_post_is_refused(officer: Any) -> None:
    for name in ("Nguyễn Văn Một", "Nguyễn Văn Hai", "Nguyễn Văn Ba"):
        person = make_person(name)
        person_record_save(actor=officer, person=person, version=1, kind="planning", data=entry(person))
    fourth = make_person("Nguyễn Văn Bốn")
    with pytest.raises(InputRejected) as refused:
        person_record_save(actor=officer, person=fourth, version=1, kind="planning", data=entry(fourth))
    assert [str(e.message) for e in refused.value.errors] == [
        "Quy hoạch chức danh Phó Giám đốc Sở của Sở Tài chính, nhiệm kỳ 2026–2031 đã có 3 người: mỗi chức "
        "danh quy hoạch không quá 3 cán bộ (theo Quy định 377-QĐ/TW, áp dụng từ 08/10/2025)."
    ]
    assert PlanningMembership.objects.count() == 3
