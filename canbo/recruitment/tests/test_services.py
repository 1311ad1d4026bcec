"""The recruitment workflow from the notice to the new people in the registry, on the database: RULES-2
§5.3's examples as scores of real candidates, a tie at the quota settled by the head's recorded decision,
the appointment creating the people (and their first day counted by the indicators)."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from canbo.audit.models import AuditEntry
from canbo.core.errors import Conflict, InputRejected, NotAllowed, OutOfScope
from canbo.indicators.selectors import indicators_on
from canbo.people.models import Assignment, Person
from canbo.positions.models import PositionHolding
from canbo.recruitment import rules, services
from canbo.recruitment.choices import Method, Status
from canbo.recruitment.models import Candidate, TieDecision
from canbo.recruitment.selectors import recruitment_view
from canbo.recruitment.tests.conftest import YEAR, D, applicant, unit

pytestmark = pytest.mark.django_db


def add(officer: Any, line: Any, *people: dict[str, Any]) -> list[Candidate]:
    return services.candidates_add(
        actor=officer, recruitment=line.recruitment, rows=[(line, p) for p in people]
    )


def to_round_2(officer: Any, recruitment: Any, round_1: dict[Candidate, int]) -> None:
    services.applications_close(actor=officer, recruitment=recruitment)
    services.scores_record(
        actor=officer,
        recruitment=recruitment,
        scores=[(c, {"round_1_correct": n}) for c, n in round_1.items()],
    )
    services.round_1_close(actor=officer, recruitment=recruitment)


def test_rules_2_examples_as_a_recruitment(officer: Any, published: Any) -> None:
    """Professional 48 fails before priority; 60 + 5 → 65; two at 65 with professional 60 and 62.5 → the
    62.5 wins; a candidate with 29 of 60 in round 1 is out; a 17-year-old is not eligible."""
    recruitment, line = published
    a, b, c, d, e, young = add(
        officer,
        line,
        applicant("Hoàng Thị Mỹ Linh", priority=["dan_toc_thieu_so", "qncn_phuc_vien"], ethnicity="10"),
        applicant("Nguyễn Văn Bình", priority=["dan_toc_thieu_so"], sex="nam"),
        applicant("Trần Minh Châu", priority=["nghia_vu_quan_su"]),
        applicant("Lê Thị Dung"),
        applicant("Phạm Quốc Đạt", sex="nam"),
        applicant("Võ Thị Em", birth_date=D(2008, 4, 2)),
    )
    assert young.eligible is False
    assert "chưa đủ 18 tuổi" in young.eligibility[0]["text"]
    assert a.eligible and b.eligible
    to_round_2(officer, recruitment, {a: 41, b: 35, c: 50, d: 30, e: 29})
    services.scores_record(
        actor=officer,
        recruitment=recruitment,
        scores=[(a, {"professional": 48}), (b, {"professional": 60}), (c, {"professional": "62.5"}),
                (d, {"professional": 55})],
    )  # fmt: skip
    view = recruitment_view(user=officer, recruitment=recruitment).lines[0]
    admitted = [(p.name, p.total, p.tie_rule) for p, _c in view.admitted]
    assert admitted == [
        (f"{c.number:03d} Trần Minh Châu", Decimal(65), rules.TIE_PROFESSIONAL),
        (f"{b.number:03d} Nguyễn Văn Bình", Decimal(65), ""),
    ]
    failed = {cand.pk: f.reason for f, cand in view.failed}
    assert "Điểm chuyên môn dưới 50 (48)" in failed[a.pk] and "chỉ cộng cho người đạt" in failed[a.pk]
    assert "Vòng 1 dưới 50 % số câu (29/60)" in failed[e.pk]
    assert [cand.pk for _p, cand in view.not_admitted] == [d.pk]
    assert view.complete


def test_tie_at_the_quota_waits_for_the_head_then_the_decision_is_recorded(
    officer: Any, published: Any
) -> None:
    recruitment, line = published
    top, g, h = add(officer, line, applicant("Đặng Văn Hải", sex="nam"), applicant("Bùi Thị Giang"),
                    applicant("Ngô Thị Hạnh"))  # fmt: skip
    to_round_2(officer, recruitment, {top: 50, g: 45, h: 45})
    services.scores_record(
        actor=officer,
        recruitment=recruitment,
        scores=[(top, {"professional": 80}), (g, {"professional": 64}), (h, {"professional": 64})],
    )
    view = recruitment_view(user=officer, recruitment=recruitment).lines[0]
    assert [cand.pk for cand in view.pending] == [g.pk, h.pk]
    with pytest.raises(InputRejected, match="chờ người đứng đầu quyết định"):
        services.results_publish(actor=officer, recruitment=recruitment, on=D(2026, 7, 1))
    with pytest.raises(InputRejected):  # someone outside the tied group
        services.tie_decide(
            actor=officer, line=line, chosen=[top], head_name="Lê Văn Giám", decided_on=D(2026, 6, 30)
        )
    decision = services.tie_decide(
        actor=officer,
        line=line,
        chosen=[h],
        head_name="Lê Văn Giám",
        decision_number="15/QĐ-STC",
        decided_on=D(2026, 6, 30),
        note="Có kinh nghiệm quản lý ngân sách xã",
    )
    assert TieDecision.objects.get(line=line).order == [h.pk]
    assert AuditEntry.objects.filter(action="recruitment.tie.decide").count() == 1
    view = recruitment_view(user=officer, recruitment=recruitment).lines[0]
    assert [(cand.pk, p.tie_rule) for p, cand in view.admitted] == [(top.pk, ""), (h.pk, rules.TIE_HEAD)]
    assert [cand.pk for _p, cand in view.not_admitted] == [g.pk]
    assert view.tie == decision
    services.results_publish(actor=officer, recruitment=recruitment, on=D(2026, 7, 1), number="20/TB-STC")
    recruitment.refresh_from_db()
    assert recruitment.status == Status.RESULTS
    with pytest.raises(Conflict):  # not changed after the result
        services.tie_decide(
            actor=officer, line=line, chosen=[g], head_name="Lê Văn Giám", decided_on=D(2026, 7, 2)
        )


def test_appointment_creates_the_people_counted_from_their_first_day(officer: Any, published: Any) -> None:
    recruitment, line = published
    first = D(2026, 8, 1)
    x, y = add(officer, line, applicant("Huỳnh Thị Kim Ngân"), applicant("Đoàn Văn Phúc", sex="nam"))
    to_round_2(officer, recruitment, {x: 40, y: 44})
    services.scores_record(
        actor=officer,
        recruitment=recruitment,
        scores=[(x, {"professional": 71}), (y, {"professional": "66.5"})],
    )
    services.results_publish(actor=officer, recruitment=recruitment, on=D(2026, 7, 1))
    before = indicators_on(user=officer, as_of=first - dt.timedelta(days=1))
    people = services.candidates_appoint(
        actor=officer,
        recruitment=recruitment,
        on=first,
        decision_number="30/QĐ-STC",
        issuer="Giám đốc Sở Tài chính",
    )
    after = indicators_on(user=officer, as_of=first)
    again = indicators_on(user=officer, as_of=first - dt.timedelta(days=1))

    assert sorted(p.full_name for p in people) == ["Huỳnh Thị Kim Ngân", "Đoàn Văn Phúc"]
    for person in people:
        assert person.recruited_on == first and person.unit_id == unit("KH.STC").pk
        assert person.rank_code == "01.003" and person.staff_category == "cong_chuc"
        a = Assignment.objects.get(person=person)
        assert (a.valid_from, a.start_reason, a.decision_number) == (first, "tuyen_dung", "30/QĐ-STC")
        assert PositionHolding.objects.get(person=person).position_id == line.position_id
    x.refresh_from_db()
    assert x.appointed_on == first and x.probation_until == D(2027, 7, 31)  # 12 months, loại A (unchecked)

    def stc(measured: Any) -> int:
        return next(d["headcount"] for d in measured["departments"] if d["unit_code"] == "KH.STC")

    assert stc(after) == stc(before) + 2
    assert after["province"]["headcount"] == before["province"]["headcount"] + 2
    assert stc(again) == stc(before)  # the day before still does not count them
    recruitment.refresh_from_db()
    assert recruitment.status == Status.FINISHED


def test_scope_and_roles(officer: Any, published: Any, make_user: Any) -> None:
    recruitment, line = published
    other = make_user("dau_moi", "KH.SNV")
    with pytest.raises(OutOfScope):
        services.candidates_add(actor=other, recruitment=recruitment, rows=[(line, applicant("Mai Anh"))])
    reader = make_user("lanh_dao", "KH")
    with pytest.raises(NotAllowed):
        services.candidates_add(actor=reader, recruitment=recruitment, rows=[(line, applicant("Mai Anh"))])
    own = make_user("dau_moi", "KH.STC")
    (created,) = services.candidates_add(
        actor=own, recruitment=recruitment, rows=[(line, applicant("Mai Anh"))]
    )
    assert created.number == 1


def test_applications_all_or_nothing(officer: Any, published: Any) -> None:
    _recruitment, line = published
    with pytest.raises(InputRejected) as refused:
        add(officer, line, applicant("Lý Thị Hoa"), applicant("Tạ Văn Long", priority=["khong_co"]))
    assert refused.value.errors[0].row == 2
    assert not Candidate.objects.exists()


def test_qualification_below_the_line_is_not_eligible(officer: Any, published: Any) -> None:
    _recruitment, line = published
    (low,) = add(officer, line, applicant("Châu Thị Lan", qualification="cao_dang"))
    assert low.eligible is False
    reason = next(r for r in low.eligibility if r["code"] == "qualification")
    assert "thấp hơn yêu cầu Đại học" in reason["text"] and "điều 4" in reason["source"]


def test_selection_without_exam_needs_an_article_5_case(officer: Any, make_position: Any) -> None:
    recruitment = services.recruitment_create(
        actor=officer, unit=unit("KH.STC"), year=YEAR, title="Xét tuyển 2026", method=Method.SELECTION
    )
    line = services.line_add(
        actor=officer, recruitment=recruitment, position=make_position("STC.XT"), quota=1
    )
    assert line.has_round_1 is False
    services.notice_publish(actor=officer, recruitment=recruitment, published_on=D(2026, 3, 1),
                            applications_from=D(2026, 3, 1), applications_to=D(2026, 3, 31))  # fmt: skip
    plain, nominated = add(
        officer, line, applicant("Y Bình"), applicant("H'Hen Niê", selection_case="cu_tuyen")
    )
    assert plain.eligible is False and nominated.eligible is True
    assert any("điều 5" in r["source"] and r["ok"] is False for r in plain.eligibility)


def test_no_round_1_for_the_employee_rank(officer: Any, published: Any, make_position: Any) -> None:
    recruitment = services.recruitment_create(
        actor=officer, unit=unit("KH.STC"), year=YEAR, title="Nhân viên"
    )
    line = services.line_add(
        actor=officer,
        recruitment=recruitment,
        position=make_position("STC.NV", name="Nhân viên phục vụ", rank_code="01.005", rank_name="Nhân viên"),
        quota=1,
    )
    assert line.has_round_1 is False


def test_probation_months_by_rank() -> None:
    assert rules.probation_months("01.003", "Chuyên viên", months_a=12, months_bc=6) == 12
    assert rules.probation_months("01.004", "Cán sự", months_a=12, months_bc=6) == 6
    assert rules.probation_end(D(2026, 8, 1), 6) == D(2027, 1, 31)
    assert rules.probation_end(D(2026, 1, 31), 1) == D(2026, 2, 27)
    assert rules.probation_end(D(2026, 8, 1), 0) is None


def test_age_counted_on_the_deadline() -> None:
    assert rules.age_condition(D(2008, 4, 1), D(2026, 4, 1)).ok is True
    assert rules.age_condition(D(2008, 4, 2), D(2026, 4, 1)).ok is False
    assert rules.age_on(D(2008, 2, 29), D(2026, 2, 28)) == 17


def test_leadership_exam_appoints_the_internal_winner(officer: Any, make_position: Any) -> None:
    """Division-level leadership exam (plan III.7.đ): the candidates are people of the registry, their
    conditions the decisions checker's for the post; the winner is appointed, nobody is created."""
    from canbo.people.models import PlanningMembership, PoliticalConclusion
    from canbo.people.services import person_names, posts_ensure

    head_post = next(p for p in posts_ensure().values() if p.level == "division_head")
    people = []
    for name, ready in (("Trương Thị Thu", True), ("Lâm Văn Tài", True), ("Quách Văn Sang", False)):
        p = Person(full_name=name, birth_date=D(1985, 2, 3), sex="nu", ethnicity="01", unit=unit("KH.STC"),
                   staff_category="cong_chuc", rank_code="01.003", rank_name="Chuyên viên")  # fmt: skip
        person_names(p)
        p.save()
        Assignment.objects.create(person=p, unit=p.unit, valid_from=D(2015, 1, 1), start_reason="tuyen_dung")
        if ready:
            PoliticalConclusion.objects.create(
                person=p, concluded_on=D(2026, 1, 10), conclusion="Đủ tiêu chuẩn"
            )
            PlanningMembership.objects.create(
                person=p, post=head_post, unit=p.unit, term_from=2025, term_to=2030
            )
        people.append(p)
    recruitment = services.recruitment_create(
        actor=officer,
        unit=unit("KH.STC"),
        year=YEAR,
        title="Thi tuyển Trưởng phòng",
        method=Method.LEADERSHIP,
    )
    line = services.line_add(
        actor=officer, recruitment=recruitment, position=make_position("STC.TP", name="Trưởng phòng Ngân sách"),
        quota=1, post=head_post,
    )  # fmt: skip
    assert line.has_round_1 is False
    services.notice_publish(actor=officer, recruitment=recruitment, published_on=D(2026, 3, 1),
                            applications_from=D(2026, 3, 1), applications_to=D(2026, 3, 31))  # fmt: skip
    a, b, c = services.candidates_add(
        actor=officer, recruitment=recruitment, rows=[(line, {"person": p}) for p in people]
    )
    assert a.full_name == "Trương Thị Thu" and a.person_id == people[0].pk
    assert a.eligible is True and b.eligible is True, a.eligibility
    assert c.eligible is False
    assert any(r["ok"] is False and "chính trị" in r["label"] for r in c.eligibility)
    services.applications_close(actor=officer, recruitment=recruitment)
    services.scores_record(actor=officer, recruitment=recruitment,
                           scores=[(a, {"professional": 78}), (b, {"professional": 70})])  # fmt: skip
    services.results_publish(actor=officer, recruitment=recruitment, on=D(2026, 6, 1))
    (winner,) = services.candidates_appoint(actor=officer, recruitment=recruitment, on=D(2026, 7, 1))
    assert winner.pk == people[0].pk
    held = Assignment.objects.get(person=winner, post=head_post)
    assert (held.valid_from, held.start_reason) == (D(2026, 7, 1), "bo_nhiem")
    assert Person.objects.count() == 3  # nobody new


def test_a_quota_beyond_the_positions_vacancies_is_refused(officer: Any, make_position: Any) -> None:
    recruitment = services.recruitment_create(
        actor=officer, unit=unit("KH.STC"), year=YEAR, title="Vượt chỗ trống"
    )
    services.line_add(
        actor=officer, recruitment=recruitment, position=make_position("STC.VT", planned=1), quota=2
    )
    with pytest.raises(InputRejected, match="còn 1 chỗ trống ngày 01/03/2026"):
        services.notice_publish(actor=officer, recruitment=recruitment, published_on=D(2026, 3, 1),
                                applications_from=D(2026, 3, 1), applications_to=D(2026, 3, 31))  # fmt: skip
    recruitment.refresh_from_db()
    assert recruitment.status == Status.DRAFT


def test_round_2_scores_wait_for_the_close_of_round_1(officer: Any, published: Any) -> None:
    recruitment, line = published
    (a,) = add(officer, line, applicant("Tô Thị Yến"))
    services.applications_close(actor=officer, recruitment=recruitment)
    with pytest.raises(InputRejected, match="chốt kết quả vòng 1 trước"):
        services.score_record(actor=officer, candidate=a, professional=70)
    services.score_record(actor=officer, candidate=a, round_1_correct=33)
    recruitment.refresh_from_db()
    assert recruitment.status == Status.CLOSED
