"""The pool's services: proposals, approval (the entry created, the rules checked again on the decision's
day), rejection, withdrawal, review, exits; scope, roles, audit."""

import datetime as dt

import pytest

from canbo.audit.models import AuditEntry
from canbo.core.errors import Conflict, InputRejected, NotAllowed, OutOfScope
from canbo.people.models import PlanningMembership
from canbo.planning.choices import ExitReason, ExitStatus, ProposalStatus
from canbo.planning.models import PoolDecision, PoolExit
from canbo.planning.services import (
    pool_exit,
    pool_exit_dismiss,
    pool_exit_propose,
    pool_review_record,
    proposal_appointment_create,
    proposal_approve,
    proposal_entry_create,
    proposal_reject,
    proposal_withdraw,
)
from canbo.planning.tests.conftest import AFTER_377, post, unit

pytestmark = pytest.mark.django_db
D = dt.date


def propose(actor, person, post_code="pho_giam_doc_so", code="KH.STC", on=AFTER_377, term=(2025, 2030)):
    return proposal_entry_create(
        actor=actor,
        person=person,
        post=post(post_code),
        unit=unit(code),
        term_from=term[0],
        term_to=term[1],
        on=on,
    )


def test_a_proposal_approved_becomes_an_entry_with_its_decision(focal, officer, make_person) -> None:
    person = make_person("Nguyễn Thị Hoa", post_code="truong_phong")
    proposal = propose(focal, person)
    assert proposal.status == ProposalStatus.OPEN
    assert proposal.proposed_by == focal
    approved = proposal_approve(
        actor=officer,
        proposal=proposal,
        decision_number="123-QĐ/TU",
        decided_on=D(2025, 11, 20),
        issuer="Tỉnh ủy",
    )
    assert approved.status == ProposalStatus.APPROVED
    entry = PlanningMembership.objects.get(person=person)
    assert (entry.post.code, entry.unit.code, entry.term_from, entry.term_to) == (
        "pho_giam_doc_so",
        "KH.STC",
        2025,
        2030,
    )
    assert (entry.decision_number, entry.decision_date) == ("123-QĐ/TU", D(2025, 11, 20))
    assert approved.membership == entry
    decision = PoolDecision.objects.get()
    assert decision.proposals.get() == approved
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"planning.proposal.create", "planning.proposal.approve", "planning.entry.create"} <= actions
    person.refresh_from_db()
    assert person.version == 2  # the dossier moved on: a form opened before sees the change


def test_the_rules_are_checked_again_on_the_day_of_the_decision(focal, officer, make_person, enter) -> None:
    proposals = [propose(focal, make_person(f"Người {i}", post_code="truong_phong")) for i in range(4)]
    for proposal in proposals[:3]:
        proposal_approve(actor=officer, proposal=proposal, decision_number="QĐ-5", decided_on=D(2025, 12, 1))
    with pytest.raises(InputRejected) as refused:
        proposal_approve(
            actor=officer, proposal=proposals[3], decision_number="QĐ-5", decided_on=D(2025, 12, 1)
        )
    assert refused.value.errors[0].field == "planning.max_per_post"
    assert PlanningMembership.objects.count() == 3
    proposals[3].refresh_from_db()
    assert proposals[3].status == ProposalStatus.OPEN  # nothing written
    assert PoolDecision.objects.count() == 1  # one decision approved the three


def test_a_proposal_the_rules_already_refuse_is_not_recorded(focal, make_person) -> None:
    with pytest.raises(InputRejected, match="chưa có kết luận tiêu chuẩn chính trị"):
        propose(focal, make_person("Hồ Văn Chưa", post_code="truong_phong", conclusion=None))


def test_an_open_appointment_proposal_blocks_the_approval(focal, officer, make_person) -> None:
    person = make_person("Trịnh Văn Đề", post_code="truong_phong")
    entry = propose(focal, person)
    appointment = proposal_appointment_create(
        actor=focal, person=person, post=post("pho_giam_doc_so"), unit=unit("KH.STC"), on=D(2025, 11, 10)
    )
    with pytest.raises(InputRejected, match="không thực hiện quy hoạch đồng thời"):
        proposal_approve(actor=officer, proposal=entry, decision_number="QĐ-7", decided_on=D(2025, 11, 20))
    proposal_reject(
        actor=officer, proposal=appointment, on=D(2025, 11, 15), note="Chưa đủ thời gian giữ chức vụ."
    )
    proposal_approve(actor=officer, proposal=entry, decision_number="QĐ-7", decided_on=D(2025, 11, 20))
    assert PlanningMembership.objects.filter(person=person).count() == 1


def test_roles_and_scope(focal, officer, leader, make_person, make_user) -> None:
    person = make_person("Nguyễn Thị Hoa", post_code="truong_phong")
    with pytest.raises(NotAllowed):
        propose(leader, person)
    with pytest.raises(OutOfScope):
        propose(focal, person, code="KH.SYT")  # another agency's pool
    other = make_person("Lê Văn Y", "KH.SYT", post_code="truong_phong")
    with pytest.raises(OutOfScope):
        propose(focal, other)  # a person the focal officer cannot see
    proposal = propose(focal, person)
    with pytest.raises(NotAllowed, match="Chỉ Sở Nội vụ"):
        proposal_approve(actor=focal, proposal=proposal, decision_number="QĐ-1", decided_on=D(2025, 12, 1))
    with pytest.raises(NotAllowed):
        proposal_withdraw(actor=make_user("dau_moi", "KH.STC"), proposal=proposal, on=D(2025, 12, 1))
    proposal_withdraw(actor=focal, proposal=proposal, on=D(2025, 12, 1), note="Đổi người.")
    with pytest.raises(Conflict, match="đã được xử lý"):
        proposal_approve(actor=officer, proposal=proposal, decision_number="QĐ-1", decided_on=D(2025, 12, 1))


def test_a_decision_needs_its_number_and_a_rejection_its_reason(focal, officer, make_person) -> None:
    proposal = propose(focal, make_person("Nguyễn Thị Hoa", post_code="truong_phong"))
    with pytest.raises(InputRejected, match="số quyết định"):
        proposal_approve(actor=officer, proposal=proposal, decision_number=" ", decided_on=D(2025, 12, 1))
    with pytest.raises(InputRejected, match="trước ngày đề xuất"):
        proposal_approve(actor=officer, proposal=proposal, decision_number="QĐ-1", decided_on=D(2025, 11, 1))
    with pytest.raises(InputRejected, match="lý do"):
        proposal_reject(actor=officer, proposal=proposal, on=D(2025, 12, 1), note="")


def test_an_exit_sets_the_day_and_keeps_its_reason(officer, focal, make_person, enter) -> None:
    entry = enter(make_person("Nguyễn Thị Hoa", post_code="truong_phong"), "pho_giam_doc_so")
    review = pool_review_record(
        actor=officer,
        unit=unit("KH.STC"),
        term_from=2025,
        term_to=2030,
        reviewed_on=D(2026, 8, 1),
        note="Rà soát.",
    )
    done = pool_exit(
        actor=officer,
        membership=entry,
        reason=ExitReason.REQUEST,
        on=D(2026, 8, 1),
        decision_number="QĐ-9",
        review=review,
    )
    entry.refresh_from_db()
    assert entry.removed_on == D(2026, 8, 1)
    assert (done.status, done.review, review.exits.get()) == (ExitStatus.CONFIRMED, review, done)
    with pytest.raises(Conflict, match="đã ra khỏi quy hoạch"):
        pool_exit(actor=officer, membership=entry, reason=ExitReason.OTHER, on=D(2026, 9, 1))
    with pytest.raises(NotAllowed):
        pool_review_record(
            actor=focal, unit=unit("KH.STC"), term_from=2025, term_to=2030, reviewed_on=D(2026, 8, 1)
        )


def test_a_proposed_exit_is_confirmed_or_dismissed(officer, focal, make_person, enter) -> None:
    entry = enter(make_person("Nguyễn Thị Hoa", post_code="truong_phong"), "pho_giam_doc_so")
    proposed = pool_exit_propose(
        actor=focal, membership=entry, reason=ExitReason.DISCIPLINE, on=D(2026, 3, 1), source="ky_luat:1"
    )
    assert proposed.status == ExitStatus.PROPOSED
    again = pool_exit_propose(
        actor=focal, membership=entry, reason=ExitReason.DISCIPLINE, on=D(2026, 3, 2), source="ky_luat:1"
    )
    assert again.pk == proposed.pk  # proposed once
    with pytest.raises(InputRejected, match="lý do giữ lại"):
        pool_exit_dismiss(
            actor=officer,
            membership=entry,
            reason=ExitReason.DISCIPLINE,
            source="ky_luat:1",
            on=D(2026, 3, 5),
            note="",
        )
    kept = pool_exit_dismiss(
        actor=officer,
        membership=entry,
        reason=ExitReason.DISCIPLINE,
        source="ky_luat:1",
        on=D(2026, 3, 5),
        note="Kỷ luật đã được xóa theo quyết định của cấp trên.",
    )
    assert (kept.pk, kept.status) == (proposed.pk, ExitStatus.DISMISSED)
    entry.refresh_from_db()
    assert entry.removed_on is None
    assert PoolExit.objects.count() == 1
