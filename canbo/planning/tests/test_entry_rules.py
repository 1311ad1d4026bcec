"""The rules of entry into a pool (RULES-2 §3's system checks, RULES.md §3's gate), on both sides of
08/10/2025, when Regulation 377-QĐ/TW replaced Regulation 50-QĐ/TW."""

import datetime as dt

import pytest

from canbo.core.errors import InputRejected
from canbo.people.models import Discipline, PoliticalConclusion
from canbo.planning.choices import ProposalKind
from canbo.planning.entry_rules import entry_problems, planning_entry_check
from canbo.planning.models import Proposal
from canbo.planning.tests.conftest import AFTER_377, BEFORE_377, FROM_377, post, unit

pytestmark = pytest.mark.django_db
D = dt.date


def problems(person, post_code, on, code="KH.STC", term=(2025, 2030)):
    return entry_problems(
        person=person, post=post(post_code), unit=unit(code), term_from=term[0], term_to=term[1], on=on
    )


def rules(found) -> list[str]:
    return [p.field for p in found]


@pytest.fixture
def pool_of_three(make_person, enter):
    """Sở Tài chính's pool for Phó Giám đốc Sở, 2025–2030: three people."""
    for name in ("Lê Văn Một", "Lê Văn Hai", "Lê Thị Ba"):
        enter(make_person(name, post_code="truong_phong"), "pho_giam_doc_so")


@pytest.mark.parametrize(
    ("on", "text"), [(BEFORE_377, "Quy định 50-QĐ/TW"), (AFTER_377, "Quy định 377-QĐ/TW")]
)
def test_a_fourth_person_in_one_post_is_refused_under_both_texts(
    pool_of_three, make_person, on, text
) -> None:
    fourth = make_person("Phạm Văn Bốn", post_code="truong_phong")
    found = problems(fourth, "pho_giam_doc_so", on)
    assert rules(found) == ["planning.max_per_post"]
    assert "đã có 3 người" in found[0].message
    assert "không quá 3 cán bộ" in found[0].message
    assert text in found[0].message
    with pytest.raises(InputRejected) as refused:
        planning_entry_check(
            actor=None,
            person=fourth,
            post=post("pho_giam_doc_so"),
            unit=unit("KH.STC"),
            term_from=2025,
            term_to=2030,
            on=on,
        )
    assert text in str(refused.value)


def test_the_third_is_allowed_and_a_removed_member_frees_a_place(make_person, enter) -> None:
    one = enter(make_person("Lê Văn Một", post_code="truong_phong"), "pho_giam_doc_so")
    enter(make_person("Lê Văn Hai", post_code="truong_phong"), "pho_giam_doc_so")
    third = make_person("Lê Thị Ba", post_code="truong_phong")
    assert problems(third, "pho_giam_doc_so", AFTER_377) == []
    enter(third, "pho_giam_doc_so")
    fourth = make_person("Phạm Văn Bốn", post_code="truong_phong")
    assert rules(problems(fourth, "pho_giam_doc_so", AFTER_377)) == ["planning.max_per_post"]
    one.removed_on = D(2025, 10, 20)
    one.save()
    assert problems(fourth, "pho_giam_doc_so", AFTER_377) == []
    # On the day before the removal the pool was still full.
    assert rules(problems(fourth, "pho_giam_doc_so", D(2025, 10, 19))) == ["planning.max_per_post"]


def test_other_units_and_other_terms_are_other_pools(pool_of_three, make_person) -> None:
    fourth = make_person("Phạm Văn Bốn", post_code="truong_phong")
    assert problems(fourth, "pho_giam_doc_so", AFTER_377, code="KH.SYT") == []
    assert problems(fourth, "pho_giam_doc_so", AFTER_377, term=(2026, 2031)) == []


@pytest.fixture
def three_deputy_posts(make_person, enter):
    """One division head planned for three agency-deputy posts of three agencies, 2025–2030."""
    person = make_person("Ngô Thị Hạnh", post_code="truong_phong")
    enter(person, "pho_giam_doc_so", "KH.STC")
    enter(person, "pho_giam_doc_so", "KH.SYT")
    enter(person, "pho_giam_doc_so", "KH.SNV")
    return person


@pytest.mark.parametrize(
    ("on", "text"), [(BEFORE_377, "Quy định 50-QĐ/TW"), (AFTER_377, "Quy định 377-QĐ/TW")]
)
def test_one_person_in_a_fourth_post_at_the_same_level_is_refused(three_deputy_posts, on, text) -> None:
    found = problems(three_deputy_posts, "pho_chanh_thanh_tra_tinh", on, code="KH.STC")
    assert rules(found) == ["planning.max_posts_per_person_same_level"]
    assert "đã được quy hoạch 3 chức danh" in found[0].message
    assert text in found[0].message


def test_a_fourth_post_at_a_different_level_is_allowed_under_377_not_under_50(three_deputy_posts) -> None:
    # Regulation 377: "không quá 3 chức danh ở cùng cấp" — an agency head's post is another level.
    assert problems(three_deputy_posts, "giam_doc_so", AFTER_377, code="KH.STC") == []
    assert problems(three_deputy_posts, "giam_doc_so", FROM_377, code="KH.STC") == []
    # Regulation 50 (as provincial rules under it wrote it): "1 cán bộ không quá 3 chức danh", any level.
    found = problems(three_deputy_posts, "giam_doc_so", D(2025, 10, 7), code="KH.STC")
    assert rules(found) == ["planning.max_posts_per_person_same_level"]
    assert "Quy định 50-QĐ/TW" in found[0].message


def test_posts_of_another_term_do_not_count(three_deputy_posts) -> None:
    assert problems(three_deputy_posts, "pho_chanh_thanh_tra_tinh", AFTER_377, term=(2026, 2031)) == []


@pytest.mark.parametrize("target", ["pho_giam_doc_so", "pho_chanh_thanh_tra_tinh", "truong_phong"])
def test_from_08_10_2025_an_equal_or_lower_post_is_refused(make_person, target) -> None:
    deputy = make_person("Võ Văn Phó", post_code="pho_giam_doc_so")
    found = problems(deputy, target, FROM_377)
    assert rules(found) == ["planning.only_higher"]
    assert "đang giữ chức vụ Phó Giám đốc Sở" in found[0].message
    assert "chỉ quy hoạch chức danh cao hơn" in found[0].message
    assert "theo Quy định 377-QĐ/TW, áp dụng từ 08/10/2025" in found[0].message
    # The day before, Regulation 50 had no such rule.
    assert problems(deputy, target, D(2025, 10, 7)) == []


def test_a_higher_post_is_allowed_and_so_is_any_post_for_a_non_leader(make_person) -> None:
    deputy = make_person("Võ Văn Phó", post_code="pho_giam_doc_so")
    assert problems(deputy, "giam_doc_so", AFTER_377) == []
    staff = make_person("Đinh Thị Viên")  # no post
    assert problems(staff, "pho_truong_phong", AFTER_377) == []


def test_a_post_held_no_longer_does_not_count(make_person) -> None:
    person = make_person("Võ Văn Phó", post_code="pho_giam_doc_so", since=D(2020, 1, 1))
    person.assignments.update(valid_to=D(2025, 9, 1))
    assert problems(person, "pho_giam_doc_so", AFTER_377) == []


def test_no_planning_while_an_appointment_proposal_is_open_from_08_10_2025(make_person) -> None:
    person = make_person("Trịnh Văn Đề", post_code="truong_phong")
    Proposal.objects.create(
        kind=ProposalKind.APPOINTMENT,
        person=person,
        post=post("pho_giam_doc_so"),
        unit=unit("KH.SYT"),
        proposed_on=D(2025, 9, 1),
    )
    found = problems(person, "pho_giam_doc_so", AFTER_377)
    assert rules(found) == ["planning.no_entry_while_appointment_open"]
    assert "không thực hiện quy hoạch đồng thời với việc đề xuất bổ nhiệm" in found[0].message
    assert "Quy định 377-QĐ/TW" in found[0].message
    assert problems(person, "pho_giam_doc_so", BEFORE_377) == []  # Regulation 50 had no such rule
    Proposal.objects.filter(person=person).update(status="da_rut", decided_on=D(2025, 10, 20))
    assert problems(person, "pho_giam_doc_so", AFTER_377) == []


def test_the_political_standard_gate_is_a_refusal(make_person) -> None:
    nobody = make_person("Hồ Văn Chưa", post_code="truong_phong", conclusion=None)
    found = problems(nobody, "pho_giam_doc_so", AFTER_377)
    assert rules(found) == ["gate.political_conclusion"]
    assert "chưa có kết luận tiêu chuẩn chính trị" in found[0].message
    assert "Mục II.7" in found[0].message
    negative = make_person("Hồ Văn Không", post_code="truong_phong", conclusion=False)
    found = problems(negative, "pho_giam_doc_so", AFTER_377)
    assert rules(found) == ["gate.political_conclusion"]
    assert "chưa đủ tiêu chuẩn chính trị" in found[0].message
    # A later positive conclusion opens the gate; a conclusion dated after the day does not count.
    PoliticalConclusion.objects.create(
        person=negative, concluded_on=D(2025, 10, 20), conclusion="Đủ.", meets_standard=True
    )
    assert problems(negative, "pho_giam_doc_so", AFTER_377) == []
    assert rules(problems(negative, "pho_giam_doc_so", D(2025, 10, 19))) == ["gate.political_conclusion"]


def test_every_reason_at_once(pool_of_three, make_person) -> None:
    person = make_person("Hồ Văn Nhiều", post_code="giam_doc_so", conclusion=None)
    with pytest.raises(InputRejected) as refused:
        planning_entry_check(
            actor=None,
            person=person,
            post=post("pho_giam_doc_so"),
            unit=unit("KH.STC"),
            term_from=2025,
            term_to=2030,
            on=AFTER_377,
        )
    assert [e.field for e in refused.value.errors] == [
        "gate.political_conclusion",
        "planning.max_per_post",
        "planning.only_higher",
    ]


def test_a_term_is_five_years_and_the_post_a_leadership_post(make_person) -> None:
    person = make_person("Đinh Thị Viên")
    assert rules(problems(person, "pho_truong_phong", AFTER_377, term=(2025, 2031))) == ["planning.term"]
    assert rules(problems(person, "chuyen_vien", AFTER_377)) == ["planning.leadership_post"]


def test_the_planning_age(make_person) -> None:
    # A man born 05/1968 retires at 62 in 05/2030: 52 months left on 01/01/2026, less than a term.
    old = make_person("Lý Văn Già", post_code="truong_phong", born=D(1968, 5, 10), sex="nam")
    found = problems(old, "pho_giam_doc_so", AFTER_377, term=(2026, 2031))
    assert rules(found) == ["planning.age"]
    assert "còn 52 tháng công tác tính từ 01/01/2026" in found[0].message
    # A man born 01/1971 retires in 01/2033: 84 months left on 01/01/2026.
    young = make_person("Lý Văn Vừa", post_code="truong_phong", born=D(1971, 1, 10), sex="nam")
    assert problems(young, "pho_giam_doc_so", AFTER_377, term=(2026, 2031)) == []


def test_a_discipline_in_effect_bars_the_entry(make_person) -> None:
    person = make_person("Mai Văn Lỗi", post_code="truong_phong")
    Discipline.objects.create(person=person, decided_on=D(2024, 12, 1), form="khien_trach")
    found = problems(person, "pho_giam_doc_so", AFTER_377)
    assert rules(found) == ["planning.discipline"]
    assert "chưa quy hoạch trước ngày 01/12/2026" in found[0].message
    assert problems(person, "pho_giam_doc_so", D(2026, 12, 1)) == []
