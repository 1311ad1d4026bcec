"""Writes to the planning pool: proposals (to enter a pool, or to appoint — recorded so that no
planning is done while one is open), their approval by a decision (which creates the pool's entry,
people.PlanningMembership), rejection, withdrawal; the yearly review; exits with their reasons, proposed
by the system or an officer and confirmed or dismissed. Each: atomic, checked (full_clean, the rules of
planning.entry_rules), scoped to the actor's part of the organisation, audited.

Who may do what: any role that may change data proposes within its scope; recording a decision (approval,
rejection, exit, dismissal, review) is Sở Nội vụ's (and the administrators'), as for the plan's
extensions: it records what the competent level decided."""

import datetime as dt
import logging
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from canbo.accounts.scope import is_home_affairs, user_can
from canbo.audit.services import actor_identity, audit_record, model_update
from canbo.core.actors import Actor
from canbo.core.dates import format_date
from canbo.core.errors import Conflict, InputRejected, NotAllowed, OutOfScope, RowError, clean_or_reject
from canbo.core.locks import serialize
from canbo.core.scoping import ensure_in_scope, visible_unit_ids
from canbo.people.dossier import dossier_record
from canbo.people.models import Person, PlanningMembership, Post
from canbo.planning.choices import ExitReason, ExitStatus, ProposalKind, ProposalStatus
from canbo.planning.entry_rules import entry_problems, planning_entry_check
from canbo.planning.models import PoolDecision, PoolExit, PoolReview, Proposal

__all__ = [
    "exit_proposals_record",
    "planning_entry_check",
    "pool_exit",
    "pool_exit_dismiss",
    "pool_exit_propose",
    "pool_review_record",
    "proposal_appointment_create",
    "proposal_approve",
    "proposal_entry_create",
    "proposal_reject",
    "proposal_withdraw",
]

logger = logging.getLogger(__name__)
ENTRY_LOCK = "planning.entry"  # approvals one at a time: the limits count what the others wrote


def _may_change(actor: Actor, unit_id: int) -> None:
    """A role that may change data, with the unit in its change scope."""
    if not user_can(actor, "change"):
        raise NotAllowed("Vai trò của bạn chỉ được xem, không được đề xuất hay ghi quyết định quy hoạch.")
    scope = visible_unit_ids(actor, "change")
    if scope is not None and unit_id not in scope:
        raise OutOfScope()


def _records_decisions(actor: Actor, unit_id: int) -> None:
    _may_change(actor, unit_id)
    if not is_home_affairs(actor):
        raise NotAllowed("Chỉ Sở Nội vụ ghi quyết định về quy hoạch (phê duyệt, đưa ra, rà soát).")


def _person_visible(actor: Actor, person: Person) -> Person:
    found = Person.objects.restrict(actor, "view").filter(pk=person.pk).first()  # type: ignore[attr-defined]
    if found is None:
        raise OutOfScope()
    return found  # type: ignore[no-any-return]


def _required(text: str, field: str, label: str) -> None:
    if not text.strip():
        raise InputRejected([RowError(f"Cần ghi {label.lower()}.", column=label, field=field)])


def _dossier_touch(*, actor: Actor, person: Person, action: str, text: str, after: dict[str, Any]) -> None:
    """The person's dossier moved on by one version (a form opened before sees that it changed, and
    what), with the audit entry on the person (their page lists it)."""
    Person.objects.filter(pk=person.pk).update(version=F("version") + 1, updated_at=timezone.now())
    person.refresh_from_db(fields=["version"])
    dossier_record(actor=actor, person=person, action=action, text=text, after=after)


def _term_text(term_from: int | None, term_to: int | None) -> str:
    return f"nhiệm kỳ {term_from}–{term_to}" if term_from else ""


# --- proposals -------------------------------------------------------------------------------------


@transaction.atomic
def proposal_entry_create(
    *,
    actor: Actor,
    person: Person,
    post: Post,
    unit: Any,
    term_from: int,
    term_to: int,
    on: dt.date,
    note: str = "",
) -> Proposal:
    """Propose `person` for the pool of `post` of `unit` for the term. Refused at once when the rules
    already refuse the entry on `on` (every reason, each with its rule): they are checked again on the
    day of the decision."""
    _may_change(actor, unit.pk)
    person = _person_visible(actor, person)
    planning_entry_check(
        actor=actor, person=person, post=post, unit=unit, term_from=term_from, term_to=term_to, on=on
    )
    return _proposal_record(
        actor=actor,
        proposal=Proposal(
            kind=ProposalKind.ENTRY, person=person, post=post, unit=unit, term_from=term_from,
            term_to=term_to, proposed_on=on, note=note.strip(),
        ),
        action="planning.proposal.create",
        after={"person": person.pk, "post": post.code, "unit": unit.pk, "term": f"{term_from}-{term_to}"},
        text=f"Đề xuất {person.full_name} vào quy hoạch {post.name}, {_term_text(term_from, term_to)}",
    )  # fmt: skip


@transaction.atomic
def proposal_appointment_create(
    *, actor: Actor, person: Person, post: Post, unit: Any, on: dt.date, note: str = ""
) -> Proposal:
    """Record a proposal to appoint or nominate `person` to `post` of `unit`: while it is open, the person
    is not planned (Regulation 377-QĐ/TW). The appointment itself is the registry's (people.records)."""
    _may_change(actor, unit.pk)
    person = _person_visible(actor, person)
    return _proposal_record(
        actor=actor,
        proposal=Proposal(
            kind=ProposalKind.APPOINTMENT, person=person, post=post, unit=unit, proposed_on=on,
            note=note.strip(),
        ),
        action="planning.proposal.appointment",
        after={"person": person.pk, "post": post.code, "unit": unit.pk},
        text=f"Đề xuất bổ nhiệm, giới thiệu ứng cử {person.full_name} vào chức vụ {post.name}",
    )  # fmt: skip


def _proposal_record(
    *, actor: Actor, proposal: Proposal, action: str, after: dict[str, Any], text: str
) -> Proposal:
    """Save a new proposal by `actor` (checked, within the actor's scope afterwards) and audit it."""
    proposal.proposed_by, proposal.proposed_by_name = actor_identity(actor)
    clean_or_reject(proposal)
    proposal.save()
    ensure_in_scope(actor, proposal, "change")
    audit_record(actor=actor, action=action, obj=proposal, after=after, note=text)
    return proposal


def _open(proposal: Proposal) -> Proposal:
    current = (
        Proposal.objects.select_for_update().select_related("person", "post", "unit").get(pk=proposal.pk)
    )
    if current.status != ProposalStatus.OPEN:
        raise Conflict(
            f"Đề xuất này đã được xử lý ({current.get_status_display().lower()} ngày "
            f"{format_date(current.decided_on)}, {current.decided_by_name}); không ghi thêm."
        )
    return current


def _decision_for(
    *, actor: Actor, proposal: Proposal, number: str, decided_on: dt.date, issuer: str
) -> PoolDecision:
    assert proposal.term_from is not None and proposal.term_to is not None
    found = PoolDecision.objects.filter(
        unit=proposal.unit,
        term_from=proposal.term_from,
        term_to=proposal.term_to,
        number=number,
        decided_on=decided_on,
    ).first()
    if found is not None:
        return found
    user, _name = actor_identity(actor)
    decision = PoolDecision(
        unit=proposal.unit,
        term_from=proposal.term_from,
        term_to=proposal.term_to,
        number=number,
        decided_on=decided_on,
        issuer=issuer.strip(),
        created_by=user,
    )
    clean_or_reject(decision)
    decision.save()
    audit_record(
        actor=actor,
        action="planning.decision.create",
        obj=decision,
        after={
            "unit": decision.unit_id,
            "term": f"{decision.term_from}-{decision.term_to}",
            "issuer": issuer,
        },
    )
    return decision


@transaction.atomic
def proposal_approve(
    *,
    actor: Actor,
    proposal: Proposal,
    decision_number: str,
    decided_on: dt.date,
    issuer: str = "",
    note: str = "",
) -> Proposal:
    """Record the approval of an open proposal by the competent level's decision. An entry proposal
    becomes an entry of the pool (people.PlanningMembership, with the decision's number and date) if the
    rules allow it on the decision's day — each reason refuses it otherwise, and nothing is written. An
    appointment proposal is closed (the appointment itself is recorded in the registry)."""
    _records_decisions(actor, proposal.unit_id)
    serialize(ENTRY_LOCK)
    current = _open(proposal)
    _required(decision_number, "decision_number", "Số quyết định")
    if decided_on < current.proposed_on:
        raise InputRejected(
            [
                RowError(
                    "Ngày quyết định không được trước ngày đề xuất.",
                    column="Ngày quyết định",
                    field="decided_on",
                )
            ]
        )
    changes: dict[str, Any] = {
        "status": ProposalStatus.APPROVED,
        "decided_on": decided_on,
        "decided_by_name": actor_identity(actor)[1],
        "decision_note": note.strip(),
    }
    if current.kind == ProposalKind.ENTRY:
        assert current.term_from is not None and current.term_to is not None
        problems = entry_problems(
            person=current.person,
            post=current.post,
            unit=current.unit,
            term_from=current.term_from,
            term_to=current.term_to,
            on=decided_on,
        )
        if problems:
            raise InputRejected(problems)
        decision = _decision_for(
            actor=actor,
            proposal=current,
            number=decision_number.strip(),
            decided_on=decided_on,
            issuer=issuer,
        )
        membership = PlanningMembership(
            person=current.person,
            post=current.post,
            unit=current.unit,
            term_from=current.term_from,
            term_to=current.term_to,
            decision_number=decision.number,
            decision_date=decided_on,
        )
        clean_or_reject(membership)
        membership.save()
        changes |= {"decision": decision, "membership": membership}
        _dossier_touch(
            actor=actor,
            person=current.person,
            action="planning.entry.create",
            text=f"Đưa vào quy hoạch {current.post.name}, {_term_text(current.term_from, current.term_to)} "
            f"(QĐ số {decision.number} ngày {format_date(decided_on)})",
            after={"planning": membership.pk},
        )
    return model_update(actor=actor, obj=current, changes=changes, action="planning.proposal.approve")


def _close(*, actor: Actor, proposal: Proposal, status: str, on: dt.date, note: str, action: str) -> Proposal:
    current = _open(proposal)
    if on < current.proposed_on:
        raise InputRejected(
            [RowError("Ngày không được trước ngày đề xuất.", column="Ngày", field="decided_on")]
        )
    changes = {
        "status": status,
        "decided_on": on,
        "decided_by_name": actor_identity(actor)[1],
        "decision_note": note.strip(),
    }
    return model_update(actor=actor, obj=current, changes=changes, action=action)


@transaction.atomic
def proposal_reject(*, actor: Actor, proposal: Proposal, on: dt.date, note: str) -> Proposal:
    """Record that the competent level did not approve the proposal (with its reason)."""
    _records_decisions(actor, proposal.unit_id)
    _required(note, "note", "Lý do")
    return _close(
        actor=actor,
        proposal=proposal,
        status=ProposalStatus.REJECTED,
        on=on,
        note=note,
        action="planning.proposal.reject",
    )


@transaction.atomic
def proposal_withdraw(*, actor: Actor, proposal: Proposal, on: dt.date, note: str = "") -> Proposal:
    """Withdraw an open proposal: by whoever made it, or by Sở Nội vụ."""
    _may_change(actor, proposal.unit_id)
    user, _name = actor_identity(actor)
    if not is_home_affairs(actor) and (user is None or proposal.proposed_by_id != user.pk):
        raise NotAllowed("Chỉ người đã đề xuất hoặc Sở Nội vụ được rút đề xuất.")
    return _close(
        actor=actor,
        proposal=proposal,
        status=ProposalStatus.WITHDRAWN,
        on=on,
        note=note,
        action="planning.proposal.withdraw",
    )


# --- yearly review ---------------------------------------------------------------------------------


@transaction.atomic
def pool_review_record(
    *,
    actor: Actor,
    unit: Any,
    term_from: int,
    term_to: int,
    reviewed_on: dt.date,
    post: Post | None = None,
    decision_number: str = "",
    note: str = "",
) -> PoolReview:
    """Record the yearly review of a unit's pools for a term (one post's, or every post's when `post` is
    None): the day, the document, what it found. The exits it decides are recorded with pool_exit(review=…);
    the entries it adds go through proposals."""
    _records_decisions(actor, unit.pk)
    user, name = actor_identity(actor)
    review = PoolReview(
        unit=unit,
        post=post,
        term_from=term_from,
        term_to=term_to,
        reviewed_on=reviewed_on,
        decision_number=decision_number.strip(),
        note=note.strip(),
        created_by=user,
        created_by_name=name,
    )
    clean_or_reject(review)
    review.save()
    ensure_in_scope(actor, review, "change")
    audit_record(
        actor=actor,
        action="planning.review.record",
        obj=review,
        after={
            "unit": unit.pk,
            "post": post.code if post else "",
            "term": f"{term_from}-{term_to}",
            "reviewed_on": reviewed_on,
            "decision_number": review.decision_number,
        },
        note=review.note[:200],
    )
    return review


# --- exits -----------------------------------------------------------------------------------------


def _exit_case(membership: PlanningMembership, reason: str, source: str) -> PoolExit | None:
    if not source:
        return None
    return (
        PoolExit.objects.select_for_update()
        .filter(membership=membership, reason=reason, source=source)
        .first()
    )


def _membership_locked(membership: PlanningMembership) -> PlanningMembership:
    return (
        PlanningMembership.objects.select_for_update().select_related("person", "post").get(pk=membership.pk)
    )


@transaction.atomic
def pool_exit_propose(
    *,
    actor: Actor,
    membership: PlanningMembership,
    reason: str,
    on: dt.date,
    source: str = "",
    detail: str = "",
    note: str = "",
) -> PoolExit:
    """Propose that a member leave the pool, with the reason; Sở Nội vụ confirms or dismisses it. A case
    the system found (`source` names it) is proposed once."""
    _may_change(actor, membership.unit_id)
    current = _membership_locked(membership)
    if current.removed_on is not None:
        raise Conflict(
            f"{current.person.full_name} đã ra khỏi quy hoạch này ngày {format_date(current.removed_on)}."
        )
    existing = _exit_case(current, reason, source)
    if existing is not None:
        return existing
    exit_ = PoolExit(
        membership=current,
        reason=reason,
        source=source,
        detail=detail[:500],
        status=ExitStatus.PROPOSED,
        proposed_on=on,
        proposed_by_name=actor_identity(actor)[1],
        note=note.strip(),
    )
    clean_or_reject(exit_)
    exit_.save()
    audit_record(
        actor=actor,
        action="planning.exit.propose",
        obj=exit_,
        after={"membership": current.pk, "reason": reason, "source": source},
        note=f"{current.person.full_name}: {exit_.get_reason_display()}" + (f" — {detail}" if detail else ""),
    )
    return exit_


@transaction.atomic
def pool_exit(
    *,
    actor: Actor,
    membership: PlanningMembership,
    reason: str,
    on: dt.date,
    decision_number: str = "",
    source: str = "",
    detail: str = "",
    note: str = "",
    review: PoolReview | None = None,
) -> PoolExit:
    """Take a member out of the pool on `on`, with the reason (and the decision or review that did it):
    the entry's removed_on is set. A proposed exit of the same case becomes the confirmed one."""
    _records_decisions(actor, membership.unit_id)
    current = _membership_locked(membership)
    if current.removed_on is not None:
        raise Conflict(
            f"{current.person.full_name} đã ra khỏi quy hoạch này ngày {format_date(current.removed_on)}."
        )
    if reason not in ExitReason.values:
        raise InputRejected([RowError("Lý do không có trong danh mục.", column="Lý do", field="reason")])
    if current.decision_date and on < current.decision_date:
        raise InputRejected(
            [RowError("Ngày đưa ra không được trước ngày quyết định quy hoạch.", column="Ngày", field="on")]
        )
    name = actor_identity(actor)[1]
    exit_ = (
        _exit_case(current, reason, source)
        or PoolExit.objects.select_for_update()
        .filter(membership=current, reason=reason, status=ExitStatus.PROPOSED, source="")
        .first()
    )
    if exit_ is not None and exit_.status == ExitStatus.DISMISSED and not note.strip():
        raise InputRejected(
            [
                RowError(
                    "Trường hợp này đã được quyết định giữ lại: ghi lý do đưa ra lần này.",
                    column="Ghi chú",
                    field="note",
                )
            ]
        )
    if exit_ is None:
        exit_ = PoolExit(
            membership=current,
            reason=reason,
            source=source,
            detail=detail[:500],
            proposed_on=on,
            proposed_by_name=name,
        )
    exit_.status = ExitStatus.CONFIRMED
    exit_.decided_on = on
    exit_.decided_by_name = name
    exit_.decision_number = decision_number.strip()
    exit_.note = note.strip() or exit_.note
    exit_.review = review
    clean_or_reject(exit_)
    exit_.save()
    current.removed_on = on
    clean_or_reject(current)
    current.save(update_fields=["removed_on"])
    audit_record(
        actor=actor,
        action="planning.exit.confirm",
        obj=exit_,
        after={
            "membership": current.pk,
            "reason": reason,
            "removed_on": on,
            "decision_number": exit_.decision_number,
        },
    )
    _dossier_touch(
        actor=actor,
        person=current.person,
        action="planning.exit.confirm",
        text=f"Đưa ra khỏi quy hoạch {current.post.name}, {_term_text(current.term_from, current.term_to)}, "
        f"ngày {format_date(on)}: {exit_.get_reason_display()}",
        after={"planning": current.pk, "removed_on": on.isoformat()},
    )
    return exit_


@transaction.atomic
def pool_exit_dismiss(
    *,
    actor: Actor,
    membership: PlanningMembership,
    reason: str,
    on: dt.date,
    note: str,
    source: str = "",
    detail: str = "",
) -> PoolExit:
    """Keep the member in the pool against a proposed exit, with the reason why: the case (an automatic
    one, named by `source`) is not proposed again."""
    _records_decisions(actor, membership.unit_id)
    _required(note, "note", "Lý do giữ lại")
    current = _membership_locked(membership)
    name = actor_identity(actor)[1]
    exit_ = _exit_case(current, reason, source)
    if exit_ is not None and exit_.status != ExitStatus.PROPOSED:
        raise Conflict(f"Trường hợp này đã được quyết định ({exit_.get_status_display().lower()}).")
    if exit_ is None:
        exit_ = PoolExit(
            membership=current,
            reason=reason,
            source=source,
            detail=detail[:500],
            proposed_on=on,
            proposed_by_name=name,
        )
    exit_.status = ExitStatus.DISMISSED
    exit_.decided_on = on
    exit_.decided_by_name = name
    exit_.note = note.strip()
    clean_or_reject(exit_)
    exit_.save()
    audit_record(
        actor=actor,
        action="planning.exit.dismiss",
        obj=exit_,
        after={"membership": current.pk, "reason": reason, "source": source},
        note=exit_.note[:200],
    )
    return exit_


@transaction.atomic
def exit_proposals_record(*, actor: Actor, as_of: dt.date) -> int:
    """Record as proposals every exit case the system finds on `as_of` within the actor's scope
    (planning.selectors.planning_exit_proposals): nobody leaves a pool silently; Sở Nội vụ decides each.
    Returns how many were recorded."""
    from canbo.planning.selectors import planning_exit_proposals

    if not user_can(actor, "change"):
        raise NotAllowed("Vai trò của bạn chỉ được xem.")
    scope = visible_unit_ids(actor, "change", as_of=as_of)
    cases = planning_exit_proposals(as_of=as_of, unit_ids=scope)
    for case in cases:
        pool_exit_propose(
            actor=actor,
            membership=case.membership,
            reason=case.reason,
            on=as_of,
            source=case.source,
            detail=case.detail,
        )
    if cases:
        logger.info("Recorded %d planning exit proposals as of %s", len(cases), as_of.isoformat())
    return len(cases)
