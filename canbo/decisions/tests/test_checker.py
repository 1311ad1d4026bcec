"""The appointment checker (issue 14.2), from the rules' own examples (RULES.md §2, RULES-2 §2.3–2.4,
§4.2), and the gate the registry asks before it records a post."""

import datetime as dt
from typing import Any

import pytest
from django.test import override_settings

from canbo.core.errors import InputRejected
from canbo.decisions.checker import (
    DECIDE,
    ELIGIBLE,
    ELIGIBLE_IF_DECIDED,
    FAILED,
    MET,
    NOT_APPLICABLE,
    NOT_ELIGIBLE,
    Verdict,
    appointment_check,
    appointment_gate,
)
from canbo.decisions.services import rule_setting_change
from canbo.org.models import Unit
from canbo.people.models import (
    Assignment,
    Discipline,
    Evaluation,
    Person,
    PlanningMembership,
    PoliticalConclusion,
    Post,
)
from canbo.people.services import person_names, posts_ensure

pytestmark = pytest.mark.django_db
D = dt.date
REF = D(2026, 9, 15)  # RULES-2 §2.3's reference date


@pytest.fixture
def org(builtin_org: None) -> None:
    posts_ensure()


@pytest.fixture
def officer_user(builtin_org: None, make_user: Any) -> Any:
    return make_user("noi_vu", "KH")


def person(
    born: dt.date, *, sex: str = "nam", post: str | None = None, since: dt.date | None = None,
    unit: str = "KH.STC", conclusion: bool | None = True,
) -> Person:  # fmt: skip
    p = Person(full_name="Nguyễn Văn A", birth_date=born, sex=sex, ethnicity="01", staff_category="cong_chuc",
               unit=Unit.objects.get(code=unit))  # fmt: skip
    person_names(p)
    p.save()
    Assignment.objects.create(
        person=p, unit=p.unit, post=Post.objects.get(code=post) if post else None,
        valid_from=since or D(2010, 1, 1), start_reason="bo_nhiem" if post else "tuyen_dung",
    )  # fmt: skip
    if conclusion is not None:
        PoliticalConclusion.objects.create(
            person=p, concluded_on=D(2024, 1, 10), conclusion="…", meets_standard=conclusion, issuer="Tỉnh ủy"
        )
    return p


def check(p: Person, kind: str = "higher", on: dt.date = REF, post: str = "giam_doc_so") -> Verdict:
    return appointment_check(person=p, post=Post.objects.get(code=post), unit=p.unit, kind=kind, on=on)


def status(verdict: Verdict, rule: str) -> str:
    return next(r.status for r in verdict.reasons if r.rule == rule)


def pool(p: Person, post: str = "giam_doc_so", **kw: Any) -> PlanningMembership:
    return PlanningMembership.objects.create(
        person=p, post=Post.objects.get(code=post), unit=p.unit, term_from=2026, term_to=2031, **kw
    )


@pytest.mark.parametrize(
    ("born", "outcome"),
    [(D(1969, 9, 1), MET), (D(1969, 8, 31), FAILED), (D(1969, 10, 1), MET), (D(1968, 3, 1), FAILED)],
)
def test_age_for_a_higher_post_rules_2_examples(org: None, born: dt.date, outcome: str) -> None:
    # reference 15/09/2026: 09/1969 → 60 months (eligible), 08/1969 → 59, 10/1969 → 61, 03/1968 → 42
    p = person(born, post="pho_giam_doc_so")
    verdict = check(p)
    assert status(verdict, "age") == outcome
    reason = next(r for r in verdict.reasons if r.rule == "age")
    assert reason.source == "theo Nghị định 170/2025/NĐ-CP, áp dụng từ 01/07/2025 (chưa kiểm chứng)".replace(
        "Nghị định", "Điều 29 Nghị định"
    )
    # the same man moved to an equal post: age not checked
    assert status(check(p, "equal_or_lower", post="pho_giam_doc_so"), "age") == NOT_APPLICABLE


def test_a_full_verdict_eligible(org: None) -> None:
    p = person(D(1975, 5, 1), post="pho_giam_doc_so", since=D(2020, 1, 1))
    pool(p)
    verdict = check(p)
    assert verdict.outcome == ELIGIBLE and verdict.outcome_label == "Đủ điều kiện"
    assert {r.rule: r.status for r in verdict.reasons} == {
        "political": MET, "age": MET, "planning": MET, "time_in_post": MET, "discipline": MET,
    }  # fmt: skip
    assert "theo Điều 34 Quy định 377-QĐ/TW, áp dụng từ 08/10/2025 (chưa kiểm chứng)" in verdict.texts


def test_soft_reasons_planning_and_time_in_post(org: None) -> None:
    p = person(D(1975, 5, 1), post="pho_giam_doc_so", since=D(2025, 3, 1))
    verdict = check(p)
    assert status(verdict, "planning") == DECIDE
    assert status(verdict, "time_in_post") == DECIDE  # 18 months < 24
    assert verdict.outcome == ELIGIBLE_IF_DECIDED
    assert verdict.outcome_label == "Đủ điều kiện nếu cấp có thẩm quyền quyết định"
    # a pool for a higher post counts; one removed before the date does not
    pool(p, post="pho_giam_doc_so", removed_on=D(2026, 1, 1))
    assert status(check(p), "planning") == DECIDE
    pool(p, post="chu_tich_ubnd_tinh")
    assert status(check(p), "planning") == MET


def test_political_conclusion_is_a_hard_gate(org: None) -> None:
    assert check(person(D(1975, 5, 1), conclusion=None), "first").outcome == NOT_ELIGIBLE
    negative = person(D(1975, 5, 1), conclusion=False)
    assert status(check(negative, "equal_or_lower"), "political") == FAILED
    # the latest conclusion on or before the date decides; a later one does not count yet
    PoliticalConclusion.objects.create(person=negative, concluded_on=D(2026, 10, 1), conclusion="…")
    assert status(check(negative, "first"), "political") == FAILED
    assert status(check(negative, "first", on=D(2026, 10, 1)), "political") == MET


@pytest.mark.parametrize(
    ("form", "decided", "outcome"),
    [
        ("khien_trach", D(2024, 9, 16), FAILED),  # 24 months end 16/09/2026
        ("khien_trach", D(2024, 9, 15), MET),
        ("canh_cao", D(2023, 9, 16), FAILED),  # 36 months
        ("canh_cao", D(2023, 9, 15), MET),
        ("cach_chuc", D(2021, 9, 16), FAILED),  # 60 months
        ("cach_chuc", D(2021, 9, 15), MET),
        ("giang_chuc", D(2022, 1, 1), DECIDE),  # no wait named: the competent level decides
    ],
)
def test_discipline_waits(org: None, form: str, decided: dt.date, outcome: str) -> None:
    p = person(D(1975, 5, 1), post="pho_giam_doc_so")
    Discipline.objects.create(person=p, decided_on=decided, form=form)
    assert status(check(p), "discipline") == outcome


def test_reappointment_term_evaluations_and_notice(org: None) -> None:
    # Giám đốc Sở from 01/03/2021: the term ends 01/03/2026; born 05/1970, so at 01/03/2026 he has
    # 62 years at 05/2032: 74 months → a full term
    p = person(D(1970, 5, 1), post="giam_doc_so", since=D(2021, 3, 1))
    for year in (2021, 2022, 2023, 2024):
        Evaluation.objects.create(person=p, year=year, level="tot")
    verdict = check(p, "reappointment", on=D(2025, 10, 15))
    assert status(verdict, "term") == MET
    assert status(verdict, "age") == MET
    assert status(verdict, "evaluation") == MET  # 2021–2024 due by 15/10/2025
    notice = next(r for r in verdict.reasons if r.rule == "notice")
    # 90 working days before 01/03/2026: 96 weekdays from 17/10/2025 to 28/02/2026, less 01/01/2026
    # and the five weekdays of Tết Bính Ngọ (16–20/02/2026)
    assert notice.status == MET and "17/10/2025" in notice.text
    assert notice.source == "theo Quy định 377-QĐ/TW, áp dụng từ 08/10/2025"
    late = check(p, "reappointment", on=D(2026, 1, 5))
    assert status(late, "notice") == DECIDE
    assert status(late, "evaluation") == DECIDE  # 2025 not yet recorded
    Evaluation.objects.create(person=p, year=2025, level="khong_hoan_thanh")
    assert check(p, "reappointment", on=D(2026, 3, 1)).outcome == NOT_ELIGIBLE


@pytest.mark.parametrize(
    ("born", "kind", "outcome", "words"),
    [
        (D(1968, 5, 1), "reappointment", MET, "đến ngày nghỉ hưu"),  # retires 05/2030: 50 months at 03/2026
        (D(1966, 6, 1), "reappointment", FAILED, "kéo dài"),  # retires 06/2028: 27 months... see below
        (D(1965, 1, 1), "extension", MET, "kéo dài"),
        (D(1968, 5, 1), "extension", FAILED, "bổ nhiệm lại"),
    ],
)
def test_reappointment_or_extension_by_age(
    org: None, born: dt.date, kind: str, outcome: str, words: str
) -> None:
    p = person(born, post="giam_doc_so", since=D(2021, 3, 1))
    reason = next(r for r in check(p, kind, on=D(2026, 3, 1)).reasons if r.rule == "age")
    if born == D(
        1966, 6, 1
    ):  # 06/1966 → 62 years → 06/2028, 27 months after 03/2026 (≥ 24): until retirement
        assert reason.status == MET and "đến ngày nghỉ hưu" in reason.text
        return
    assert reason.status == outcome and words in reason.text


def test_extension_notice_is_90_calendar_days(org: None) -> None:
    p = person(D(1965, 1, 1), post="giam_doc_so", since=D(2021, 3, 1))
    notice = next(r for r in check(p, "extension", on=D(2025, 11, 1)).reasons if r.rule == "notice")
    assert notice.status == MET and "01/12/2025" in notice.text  # 01/03/2026 − 90 days


def test_rotation_needs_ten_years_left(org: None) -> None:
    # RULES-2 §4.2: rotation 01/03/2027, man born 05/1967 → retires 05/2029 → 26 months → not eligible
    p = person(D(1967, 5, 1), post="pho_giam_doc_so")
    verdict = check(p, "rotation", on=D(2027, 3, 1), post="pho_giam_doc_so")
    reason = next(r for r in verdict.reasons if r.rule == "age")
    assert reason.status == FAILED and "26 tháng" in reason.text
    assert reason.source == "theo Điều 5 Quy định 65-QĐ/TW, áp dụng từ 28/04/2022"


def test_reappointment_without_the_post_is_refused(org: None) -> None:
    p = person(D(1975, 5, 1), post="pho_giam_doc_so")
    assert status(check(p, "reappointment"), "term") == FAILED


def test_a_threshold_change_changes_verdicts_from_its_date_only(org: None, make_user: Any) -> None:
    p = person(D(1975, 5, 1), post="pho_giam_doc_so", since=D(2029, 1, 1))
    pool(p)
    PlanningMembership.objects.filter(person=p).update(term_to=2035)
    # 24 months in post by 01/01/2031
    assert status(check(p, on=D(2031, 1, 1)), "time_in_post") == MET
    rule_setting_change(
        actor=make_user("noi_vu", "KH"), key="appoint.min_months_in_post", value=36,
        effective_from=D(2031, 1, 1), reason="Tỉnh quy định 3 năm",
    )  # fmt: skip
    assert status(check(p, on=D(2030, 12, 31)), "time_in_post") == DECIDE  # 23 months, old rule
    after = next(r for r in check(p, on=D(2031, 1, 1)).reasons if r.rule == "time_in_post")
    assert after.status == DECIDE and "36" in after.text
    assert after.source == "theo Quyết định của Sở Nội vụ, áp dụng từ 01/01/2031"
    assert status(check(p, on=D(2032, 1, 1)), "time_in_post") == MET


# --- The gate ----------------------------------------------------------------------------------------


def gate(p: Person, kind: str = "higher", on: dt.date = REF, **kw: Any) -> list[dict[str, str]]:
    return appointment_gate(
        actor=None, person=p, post=Post.objects.get(code="giam_doc_so"), unit=p.unit, kind=kind, on=on, **kw
    )


def test_gate_refuses_hard_failures_naming_the_rule_and_text(org: None) -> None:
    p = person(D(1968, 3, 1), post="pho_giam_doc_so", conclusion=None)
    with pytest.raises(InputRejected) as refused:
        gate(p, decision_number="1/QĐ", note="x")
    messages = [e.message for e in refused.value.errors]
    assert any(m.startswith("Kết luận tiêu chuẩn chính trị:") and "II.7" in m for m in messages)
    assert any("42 tháng" in m and "Nghị định 170/2025/NĐ-CP" in m for m in messages)


def test_gate_needs_a_decision_and_a_note_for_soft_reasons(org: None) -> None:
    p = person(D(1975, 5, 1), post="pho_giam_doc_so", since=D(2025, 3, 1))
    with pytest.raises(InputRejected) as refused:
        gate(p)
    assert {e.field for e in refused.value.errors} == {"decision_number", "note", "checks"}
    kept = gate(p, decision_number="12/QĐ-UBND", note="Trường hợp đặc biệt, Ban Thường vụ đồng ý")
    assert [r["rule"] for r in kept] == ["Quy hoạch", "Thời gian giữ chức vụ hiện tại hoặc tương đương"]
    assert all(set(r) == {"rule", "text", "source"} and r["source"] for r in kept)


def test_gate_lets_history_through_and_clean_cases_pass(org: None) -> None:
    p = person(D(1975, 5, 1), post="pho_giam_doc_so", conclusion=None)
    assert gate(p, on=D(2021, 10, 28)) == []  # before the plan's gate: history being recorded
    with pytest.raises(InputRejected):
        gate(p, on=D(2021, 10, 29))
    q = person(D(1975, 5, 1), post="pho_giam_doc_so", since=D(2020, 1, 1))
    pool(q)
    assert gate(q) == []


@override_settings(CANBO_APPOINTMENT_CHECKS=["canbo.decisions.checker.appointment_gate"])
def test_the_registry_asks_the_gate_when_it_records_an_appointment(org: None, officer_user: Any) -> None:
    from canbo.people.records import Decision, assignment_appoint

    p = person(D(1975, 5, 1), post="pho_giam_doc_so", since=D(2025, 3, 1))
    refused = person(D(1968, 3, 1), post="pho_giam_doc_so")
    stc, director = Unit.objects.get(code="KH.STC"), Post.objects.get(code="giam_doc_so")
    with pytest.raises(InputRejected, match="42 tháng"):
        assignment_appoint(actor=officer_user, person=refused, version=1, unit=stc, post=director, on=REF)
    with pytest.raises(InputRejected, match="số quyết định"):
        assignment_appoint(actor=officer_user, person=p, version=1, unit=stc, post=director, on=REF)
    created = assignment_appoint(
        actor=officer_user, person=p, version=1, unit=stc, post=director, on=REF,
        decision=Decision("12/QĐ-UBND", note="Ban Thường vụ Tỉnh ủy đồng ý"),
    )  # fmt: skip
    assert [r["rule"] for r in created.check_reasons] == [
        "Quy hoạch", "Thời gian giữ chức vụ hiện tại hoặc tương đương",
    ]  # fmt: skip
    assert created.note == "Ban Thường vụ Tỉnh ủy đồng ý"
