"""The pools as read: members, the structure against its targets on a hand-worked example, rolled up to
the agency and the province with each person once; training the post requires; review due; the exits
the system proposes (never removals)."""

import datetime as dt

import pytest
from django.test import override_settings

from canbo.accounts.system import SYSTEM
from canbo.people.models import Discipline, PoliticalConclusion, Training
from canbo.planning.choices import ExitReason, ExitStatus
from canbo.planning.models import PoolExit
from canbo.planning.selectors import planning_exit_proposals, pool_detail, pools_list
from canbo.planning.services import exit_proposals_record, pool_exit_dismiss, pool_review_record
from canbo.planning.tests.conftest import post, unit

pytestmark = pytest.mark.django_db
D = dt.date
AS_OF = D(2025, 11, 3)


@pytest.fixture
def pools(make_person, enter):
    """Sở Tài chính, Phó Giám đốc Sở 2025–2030: An (woman, 35, Tày), Bình (man, 45), Chi (woman, 50).
    Sở Y tế, same post and term: Dũng (man, 43), Em (man, 47), and Bình again."""
    an = make_person(
        "Hoàng Thị An", post_code="truong_phong", born=D(1990, 5, 1), sex="nu", ethnicity="02",
        political_theory="cao_cap", state_management="chuyen_vien_chinh",
    )  # fmt: skip
    Training.objects.create(person=an, kind="qp_an", level="Đối tượng 2", finished_on=D(2024, 6, 1))
    binh = make_person(
        "Trần Văn Bình", post_code="truong_phong", born=D(1980, 2, 1), sex="nam", political_theory="trung_cap"
    )
    chi = make_person("Lê Thị Chi", post_code="truong_phong", born=D(1975, 8, 1), sex="nu")
    dung = make_person("Phạm Văn Dũng", "KH.SYT", post_code="truong_phong", born=D(1982, 1, 1), sex="nam")
    em = make_person("Vũ Văn Em", "KH.SYT", post_code="truong_phong", born=D(1978, 1, 1), sex="nam")
    for p in (an, binh, chi):
        enter(p, "pho_giam_doc_so", "KH.STC")
    for p in (dung, em, binh):
        enter(p, "pho_giam_doc_so", "KH.SYT")
    return {"an": an, "binh": binh, "chi": chi, "dung": dung, "em": em}


def figures(structure):
    return [(s.label, s.count, s.total, s.met) for s in structure]


def test_the_structure_of_each_pool_and_rolled_up(pools, officer) -> None:
    view = pools_list(user=officer, as_of=AS_OF)
    stc, syt = sorted(view.pools, key=lambda p: p.unit_name != "Sở Tài chính")
    assert stc.unit_name == "Sở Tài chính" and len(stc.members) == 3 and stc.full
    assert figures(stc.structure) == [
        ("Dưới 40 tuổi", 1, 3, True),  # 33,3 % ≥ 15 %
        ("Nữ", 2, 3, True),  # 66,7 % ≥ 25 %
        ("Người dân tộc thiểu số", 1, 3, None),  # no target set
    ]
    assert figures(syt.structure)[:2] == [("Dưới 40 tuổi", 0, 3, False), ("Nữ", 0, 3, False)]
    (province,) = view.by_term
    assert province.people == 5 and province.pools == 2  # Bình once
    assert figures(province.structure) == [
        ("Dưới 40 tuổi", 1, 5, True),  # 20 %
        ("Nữ", 2, 5, True),  # 40 % ≥ 25 %
        ("Người dân tộc thiểu số", 1, 5, None),
        ("Nữ (chỉ tiêu quốc gia)", 2, 5, False),  # Decision 2282: 50 % by 2030 for the 2025–2030 pool
    ]
    assert round(province.structure[1].percent, 1) == 40.0
    assert "Quy định 377-QĐ/TW" in province.structure[1].source
    assert [a.label for a in view.by_agency] == ["Sở Tài chính", "Sở Y tế"]


@override_settings(CANBO_PLANNING_MINORITY_SHARE=0.235)
def test_a_minority_target_the_province_sets(pools, officer) -> None:
    stc = next(p for p in pools_list(user=officer, as_of=AS_OF).pools if p.unit_name == "Sở Tài chính")
    assert figures(stc.structure)[2] == ("Người dân tộc thiểu số", 1, 3, True)


def test_members_missing_the_training_their_post_requires(pools, officer) -> None:
    stc = next(p for p in pools_list(user=officer, as_of=AS_OF).pools if p.unit_name == "Sở Tài chính")
    missing = {m.person.full_name: m.missing for m in stc.members}
    assert missing["Hoàng Thị An"] == []
    # planned for Phó Giám đốc Sở (people.standards): trung cấp, which he holds; chuyên viên chính;
    # defence–security đối tượng 2
    assert missing["Trần Văn Bình"] == [
        "Quản lý nhà nước ngạch chuyên viên chính",
        "Bồi dưỡng kiến thức quốc phòng và an ninh đối tượng 2",
    ]
    assert stc.missing_training == 2


def test_scope_and_filters(pools, focal, leader) -> None:
    assert [p.unit_name for p in pools_list(user=focal, as_of=AS_OF).pools] == ["Sở Tài chính"]
    assert len(pools_list(user=leader, as_of=AS_OF).pools) == 2
    assert pools_list(user=leader, as_of=AS_OF, term=(2026, 2031)).pools == []
    assert len(pools_list(user=leader, as_of=AS_OF, unit_id=unit("KH.SYT").pk).pools) == 1
    with pytest.raises(Exception, match="phạm vi"):
        pool_detail(
            user=focal,
            unit_id=unit("KH.SYT").pk,
            post_id=post("pho_giam_doc_so").pk,
            term_from=2025,
            term_to=2030,
            as_of=AS_OF,
        )


def test_the_yearly_review_falls_due(pools, officer) -> None:
    stc = next(p for p in pools_list(user=officer, as_of=AS_OF).pools if p.unit_name == "Sở Tài chính")
    assert stc.review_due == D(2026, 8, 1)  # the decision of 01/08/2025 + 12 months
    pool_review_record(
        actor=officer, unit=unit("KH.STC"), term_from=2025, term_to=2030, reviewed_on=D(2026, 7, 20)
    )
    stc = next(
        p for p in pools_list(user=officer, as_of=D(2026, 7, 21)).pools if p.unit_name == "Sở Tài chính"
    )
    assert (stc.last_review, stc.review_due) == (D(2026, 7, 20), D(2027, 7, 20))


def test_automatic_exit_proposals_are_proposals_not_removals(pools, officer, make_person, enter) -> None:
    Discipline.objects.create(
        person=pools["chi"], decided_on=D(2025, 7, 1), form="khien_trach"
    )  # before entry
    late = Discipline.objects.create(person=pools["dung"], decided_on=D(2026, 2, 1), form="khien_trach")
    PoliticalConclusion.objects.create(
        person=pools["em"], concluded_on=D(2026, 1, 10), conclusion="Vi phạm.", meets_standard=False
    )
    old = make_person("Lý Văn Già", "KH.SYT", post_code="truong_phong", born=D(1970, 1, 1), sex="nam")
    enter(old, "giam_doc_so", "KH.SYT", decided=D(2025, 8, 1))  # retires 01/2032: < 60 months from 02/2027
    as_of = D(2026, 3, 1)
    cases = planning_exit_proposals(as_of=as_of)
    assert sorted((c.membership.person.full_name, c.reason, c.source) for c in cases) == [
        ("Phạm Văn Dũng", ExitReason.DISCIPLINE, f"ky_luat:{late.pk}"),
        ("Vũ Văn Em", ExitReason.POLITICAL, f"ket_luan:{PoliticalConclusion.objects.get(person=pools['em'], meets_standard=False).pk}"),
    ]  # fmt: skip
    assert [c.reason for c in planning_exit_proposals(as_of=D(2027, 2, 1)) if c.membership.person == old] == [
        ExitReason.AGE
    ]
    assert exit_proposals_record(actor=SYSTEM, as_of=as_of) == 2
    assert set(PoolExit.objects.values_list("status", flat=True)) == {ExitStatus.PROPOSED}
    assert all(m.removed_on is None for c in cases for m in [c.membership])  # nobody removed silently
    assert exit_proposals_record(actor=SYSTEM, as_of=as_of) == 0  # proposed once
    case = next(c for c in cases if c.reason == ExitReason.POLITICAL)
    pool_exit_dismiss(
        actor=officer,
        membership=case.membership,
        reason=case.reason,
        source=case.source,
        on=as_of,
        note="Xem lại.",
    )
    assert [c.reason for c in planning_exit_proposals(as_of=as_of)] == []


def test_the_reviews_handed_to_the_lists(pools, officer) -> None:
    from canbo.planning.selectors import pool_reviews_done

    pool_review_record(
        actor=officer, unit=unit("KH.STC"), term_from=2025, term_to=2030, reviewed_on=D(2026, 7, 20)
    )
    pool_review_record(
        actor=officer,
        unit=unit("KH.SYT"),
        post=post("pho_giam_doc_so"),
        term_from=2025,
        term_to=2030,
        reviewed_on=D(2026, 9, 1),
    )
    stc, syt = unit("KH.STC").pk, unit("KH.SYT").pk
    assert pool_reviews_done(unit_ids=None, as_of=D(2026, 8, 1)) == [(stc, None, 2025, 2030, D(2026, 7, 20))]
    assert pool_reviews_done(unit_ids={syt}, as_of=D(2026, 9, 1)) == [
        (syt, post("pho_giam_doc_so").pk, 2025, 2030, D(2026, 9, 1))
    ]


def test_a_member_appointed_to_the_planned_post_is_proposed_to_leave(pools) -> None:
    from canbo.people.models import Assignment

    Assignment.objects.create(
        person=pools["an"], unit=unit("KH.STC"), post=post("pho_giam_doc_so"), valid_from=D(2026, 5, 1),
        start_reason="bo_nhiem", decision_number="77-QĐ/UBND",
    )  # fmt: skip
    (case,) = planning_exit_proposals(as_of=D(2026, 6, 1))
    assert (case.membership.person, case.reason) == (pools["an"], ExitReason.APPOINTED)
    assert case.detail == "Giữ chức vụ Phó Giám đốc Sở từ ngày 01/05/2026 (QĐ số 77-QĐ/UBND)"
    assert planning_exit_proposals(as_of=D(2026, 4, 30)) == []


def test_a_year_ranked_not_done_after_the_entry_proposes_an_exit(pools, officer) -> None:
    from canbo.people.models import Evaluation

    Evaluation.objects.create(person=pools["chi"], year=2024, level="khong_hoan_thanh")  # before the entry
    Evaluation.objects.create(person=pools["dung"], year=2026, level="khong_hoan_thanh")
    Evaluation.objects.create(person=pools["em"], year=2026, level="hoan_thanh")
    cases = planning_exit_proposals(as_of=D(2026, 12, 20))
    found = [(c.membership.person.full_name, c.reason, c.source) for c in cases]
    assert found == [("Phạm Văn Dũng", ExitReason.NOT_DONE, "xep_loai:2026")]
    assert "Quy định 377-QĐ/TW" in cases[0].detail
