"""/api/planning/: the pools and their structure, one pool, the exits the system proposes, a dry run of the
entry rules, and the same writes as the pages (proposals, approval, rejection, withdrawal, review, exit
or keep), through the same services. No sensitive field: ethnicity only as a share."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from canbo.core.entry import ApiDate, api_date
from canbo.core.errors import OutOfScope
from canbo.org.models import Unit
from canbo.people.models import Person, Post
from canbo.planning.choices import ExitReason, ProposalKind
from canbo.planning.entry_rules import entry_problems
from canbo.planning.models import Proposal
from canbo.planning.selectors import (
    Pool,
    Rollup,
    Share,
    exit_cases_in_scope,
    membership_get,
    pool_detail,
    pools_list,
    proposal_get,
)
from canbo.planning.services import (
    pool_exit,
    pool_exit_dismiss,
    pool_review_record,
    proposal_appointment_create,
    proposal_approve,
    proposal_entry_create,
    proposal_reject,
    proposal_withdraw,
)

router = Router(tags=["Quy hoạch cán bộ"])

MAX_ID = 2**62


class ShareOut(Schema):
    label: str
    count: int
    total: int
    percent: float | None
    target_percent: float | None
    met: bool | None
    source: str


class MemberOut(Schema):
    membership_id: int
    person_id: int
    full_name: str
    birth_date: dt.date
    sex: str
    current_post: str
    decision_number: str
    decision_date: dt.date | None
    missing_training: list[str]


class PoolOut(Schema):
    unit_id: int
    unit_name: str
    post_id: int
    post_code: str
    post_name: str
    term_from: int
    term_to: int
    max_members: int | None
    members: list[MemberOut]
    structure: list[ShareOut]
    open_proposals: int
    last_review: dt.date | None
    review_due: dt.date | None


class RollupOut(Schema):
    label: str
    term_from: int
    term_to: int
    pools: int
    people: int
    structure: list[ShareOut]


class PoolsOut(Schema):
    as_of: dt.date
    pools: list[PoolOut]
    by_agency: list[RollupOut]
    by_term: list[RollupOut]


class ProposalOut(Schema):
    id: int
    kind: str
    person_id: int
    post_id: int
    unit_id: int
    term_from: int | None
    term_to: int | None
    proposed_on: dt.date
    status: str
    decided_on: dt.date | None
    decision_note: str
    membership_id: int | None


class ExitCaseOut(Schema):
    membership_id: int
    person_id: int
    full_name: str
    post_name: str
    unit_id: int
    term_from: int
    term_to: int
    reason: str
    source: str
    detail: str


class ExitOut(Schema):
    id: int
    membership_id: int
    reason: str
    status: str
    decided_on: dt.date | None


class ReviewOut(Schema):
    id: int
    unit_id: int
    post_id: int | None
    term_from: int
    term_to: int
    reviewed_on: dt.date


class ProblemOut(Schema):
    rule: str
    message: str


class CheckOut(Schema):
    allowed: bool
    problems: list[ProblemOut]


class EntryIn(Schema):
    person_id: int = Field(ge=1, le=MAX_ID)
    post_id: int = Field(ge=1, le=MAX_ID)
    unit_id: int = Field(ge=1, le=MAX_ID)
    term_from: int = Field(ge=1950, le=2100)
    term_to: int = Field(ge=1950, le=2100)
    on: ApiDate


class ProposalIn(Schema):
    kind: str = Field(default=ProposalKind.ENTRY, max_length=20)
    person_id: int = Field(ge=1, le=MAX_ID)
    post_id: int = Field(ge=1, le=MAX_ID)
    unit_id: int = Field(ge=1, le=MAX_ID)
    term_from: int | None = Field(default=None, ge=1950, le=2100)
    term_to: int | None = Field(default=None, ge=1950, le=2100)
    on: ApiDate
    note: str = Field(default="", max_length=2000)


class ApproveIn(Schema):
    decision_number: str = Field(min_length=1, max_length=100)
    decided_on: ApiDate
    issuer: str = Field(default="", max_length=255)
    note: str = Field(default="", max_length=2000)


class CloseIn(Schema):
    on: ApiDate
    note: str = Field(default="", max_length=2000)


class PoolReviewIn(Schema):
    unit_id: int = Field(ge=1, le=MAX_ID)
    post_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    term_from: int = Field(ge=1950, le=2100)
    term_to: int = Field(ge=1950, le=2100)
    reviewed_on: ApiDate
    decision_number: str = Field(default="", max_length=100)
    note: str = Field(default="", max_length=4000)


class ExitIn(Schema):
    reason: ExitReason
    on: ApiDate
    source: str = Field(default="", max_length=50)
    detail: str = Field(default="", max_length=500)
    decision_number: str = Field(default="", max_length=100)
    note: str = Field(default="", max_length=2000)


def _share(s: Share) -> dict[str, Any]:
    return {
        "label": s.label,
        "count": s.count,
        "total": s.total,
        "percent": s.percent,
        "target_percent": s.target_percent,
        "met": s.met,
        "source": s.source,
    }


def _pool(p: Pool) -> dict[str, Any]:
    return {
        "unit_id": p.unit_id,
        "unit_name": p.unit_name,
        "post_id": p.post.pk,
        "post_code": p.post.code,
        "post_name": p.post.name,
        "term_from": p.term_from,
        "term_to": p.term_to,
        "max_members": p.max_members,
        "members": [
            {
                "membership_id": m.membership.pk,
                "person_id": m.person.pk,
                "full_name": m.person.full_name,
                "birth_date": m.person.birth_date,
                "sex": m.person.sex,
                "current_post": m.current_post,
                "decision_number": m.membership.decision_number,
                "decision_date": m.membership.decision_date,
                "missing_training": m.missing,
            }
            for m in p.members
        ],
        "structure": [_share(s) for s in p.structure],
        "open_proposals": p.open_proposals,
        "last_review": p.last_review,
        "review_due": p.review_due,
    }


def _rollup(r: Rollup) -> dict[str, Any]:
    return {
        "label": r.label,
        "term_from": r.term_from,
        "term_to": r.term_to,
        "pools": r.pools,
        "people": r.people,
        "structure": [_share(s) for s in r.structure],
    }


def _proposal(p: Proposal) -> dict[str, Any]:
    return {
        "id": p.pk,
        "kind": p.kind,
        "person_id": p.person_id,
        "post_id": p.post_id,
        "unit_id": p.unit_id,
        "term_from": p.term_from,
        "term_to": p.term_to,
        "proposed_on": p.proposed_on,
        "status": p.status,
        "decided_on": p.decided_on,
        "decision_note": p.decision_note,
        "membership_id": p.membership_id,
    }


def _unit(request: HttpRequest, pk: int) -> Unit:
    found = Unit.objects.restrict(request.user, "view").filter(pk=pk).first()  # type: ignore[attr-defined]
    if found is None:
        raise OutOfScope()
    return found  # type: ignore[no-any-return]


def _person(request: HttpRequest, pk: int) -> Person:
    found = Person.objects.restrict(request.user, "view").filter(pk=pk).first()  # type: ignore[attr-defined]
    if found is None:
        raise OutOfScope()
    return found  # type: ignore[no-any-return]


def _post(pk: int) -> Post:
    found = Post.objects.filter(pk=pk).first()
    if found is None:
        raise OutOfScope()
    return found


def _term(text: str) -> tuple[int, int] | None:
    parts = text.split("-")
    if len(parts) == 2 and all(p.isdigit() and len(p) == 4 for p in parts):
        return int(parts[0]), int(parts[1])
    return None


@router.get("/pools", response=PoolsOut, summary="Các quy hoạch theo chức danh, cơ cấu so với chỉ tiêu")
def pools(
    request: HttpRequest,
    as_of: str | None = None,
    unit_id: int | None = Query(None, ge=1, le=MAX_ID),
    term: str = Query("", max_length=9, description="Nhiệm kỳ, ví dụ 2025-2030"),
    post_id: int | None = Query(None, ge=1, le=MAX_ID),
) -> dict[str, Any]:
    view = pools_list(
        user=request.user, as_of=api_date(as_of), unit_id=unit_id, term=_term(term), post_id=post_id
    )
    return {
        "as_of": view.as_of,
        "pools": [_pool(p) for p in view.pools],
        "by_agency": [_rollup(r) for r in view.by_agency],
        "by_term": [_rollup(r) for r in view.by_term],
    }


@router.get("/pools/{unit_id}/{post_id}/{term_from}/{term_to}", response=PoolOut, summary="Một quy hoạch")
def pool(
    request: HttpRequest,
    unit_id: int = Path(..., ge=1, le=MAX_ID),
    post_id: int = Path(..., ge=1, le=MAX_ID),
    term_from: int = Path(..., ge=1950, le=2100),
    term_to: int = Path(..., ge=1950, le=2100),
    as_of: str | None = None,
) -> dict[str, Any]:
    detail = pool_detail(
        user=request.user,
        unit_id=unit_id,
        post_id=post_id,
        term_from=term_from,
        term_to=term_to,
        as_of=api_date(as_of),
    )
    return _pool(detail.pool)


@router.get(
    "/exit-proposals", response=list[ExitCaseOut], summary="Các trường hợp đề nghị đưa ra khỏi quy hoạch"
)
def exit_proposals(request: HttpRequest, as_of: str | None = None) -> list[dict[str, Any]]:
    cases = exit_cases_in_scope(user=request.user, as_of=api_date(as_of))
    return [
        {
            "membership_id": c.membership.pk,
            "person_id": c.membership.person_id,
            "full_name": c.membership.person.full_name,
            "post_name": c.membership.post.name,
            "unit_id": c.membership.unit_id,
            "term_from": c.membership.term_from,
            "term_to": c.membership.term_to,
            "reason": c.reason,
            "source": c.source,
            "detail": c.detail,
        }
        for c in cases
    ]


@router.post(
    "/check", response=CheckOut, summary="Kiểm tra điều kiện đưa một người vào quy hoạch (không ghi)"
)
def check(request: HttpRequest, payload: EntryIn) -> dict[str, Any]:
    found = entry_problems(
        person=_person(request, payload.person_id),
        post=_post(payload.post_id),
        unit=_unit(request, payload.unit_id),
        term_from=payload.term_from,
        term_to=payload.term_to,
        on=payload.on,
    )
    return {"allowed": not found, "problems": [{"rule": p.field, "message": p.message} for p in found]}


@router.post(
    "/proposals", response={201: ProposalOut}, summary="Đề xuất đưa vào quy hoạch, hoặc đề xuất bổ nhiệm"
)
def proposal_create(request: HttpRequest, payload: ProposalIn) -> Status:
    from canbo.core.errors import InputRejected, RowError

    person, post, unit = (
        _person(request, payload.person_id),
        _post(payload.post_id),
        _unit(request, payload.unit_id),
    )
    if payload.kind == ProposalKind.APPOINTMENT:
        created = proposal_appointment_create(
            actor=request.user, person=person, post=post, unit=unit, on=payload.on, note=payload.note
        )
    elif payload.kind == ProposalKind.ENTRY:
        if payload.term_from is None or payload.term_to is None:
            raise InputRejected([RowError("Cần ghi nhiệm kỳ (term_from, term_to).", field="term_from")])
        created = proposal_entry_create(
            actor=request.user,
            person=person,
            post=post,
            unit=unit,
            term_from=payload.term_from,
            term_to=payload.term_to,
            on=payload.on,
            note=payload.note,
        )
    else:
        raise InputRejected([RowError("Loại đề xuất không hợp lệ (dua_vao, bo_nhiem).", field="kind")])
    return Status(201, _proposal(created))


@router.post("/proposals/{proposal_id}/approve", response=ProposalOut, summary="Ghi phê duyệt một đề xuất")
def approve(
    request: HttpRequest, payload: ApproveIn, proposal_id: int = Path(..., ge=1, le=MAX_ID)
) -> dict[str, Any]:
    found = proposal_get(user=request.user, pk=proposal_id)
    done = proposal_approve(
        actor=request.user,
        proposal=found,
        decision_number=payload.decision_number,
        decided_on=payload.decided_on,
        issuer=payload.issuer,
        note=payload.note,
    )
    return _proposal(done)


@router.post(
    "/proposals/{proposal_id}/reject", response=ProposalOut, summary="Ghi không phê duyệt một đề xuất"
)
def reject(
    request: HttpRequest, payload: CloseIn, proposal_id: int = Path(..., ge=1, le=MAX_ID)
) -> dict[str, Any]:
    found = proposal_get(user=request.user, pk=proposal_id)
    return _proposal(proposal_reject(actor=request.user, proposal=found, on=payload.on, note=payload.note))


@router.post("/proposals/{proposal_id}/withdraw", response=ProposalOut, summary="Rút một đề xuất")
def withdraw(
    request: HttpRequest, payload: CloseIn, proposal_id: int = Path(..., ge=1, le=MAX_ID)
) -> dict[str, Any]:
    found = proposal_get(user=request.user, pk=proposal_id)
    return _proposal(proposal_withdraw(actor=request.user, proposal=found, on=payload.on, note=payload.note))


@router.post("/reviews", response={201: ReviewOut}, summary="Ghi kết quả rà soát quy hoạch hằng năm")
def review(request: HttpRequest, payload: PoolReviewIn) -> Status:
    done = pool_review_record(
        actor=request.user,
        unit=_unit(request, payload.unit_id),
        post=_post(payload.post_id) if payload.post_id else None,
        term_from=payload.term_from,
        term_to=payload.term_to,
        reviewed_on=payload.reviewed_on,
        decision_number=payload.decision_number,
        note=payload.note,
    )
    return Status(
        201,
        {
            "id": done.pk,
            "unit_id": done.unit_id,
            "post_id": done.post_id,
            "term_from": done.term_from,
            "term_to": done.term_to,
            "reviewed_on": done.reviewed_on,
        },
    )


def _exit(e: Any) -> dict[str, Any]:
    return {
        "id": e.pk,
        "membership_id": e.membership_id,
        "reason": e.reason,
        "status": e.status,
        "decided_on": e.decided_on,
    }


@router.post("/memberships/{membership_id}/exit", response=ExitOut, summary="Đưa một người ra khỏi quy hoạch")
def exit_(
    request: HttpRequest, payload: ExitIn, membership_id: int = Path(..., ge=1, le=MAX_ID)
) -> dict[str, Any]:
    membership = membership_get(user=request.user, pk=membership_id)
    done = pool_exit(
        actor=request.user,
        membership=membership,
        reason=payload.reason,
        on=payload.on,
        source=payload.source,
        detail=payload.detail,
        decision_number=payload.decision_number,
        note=payload.note,
    )
    return _exit(done)


@router.post(
    "/memberships/{membership_id}/keep", response=ExitOut, summary="Giữ lại trong quy hoạch (không đưa ra)"
)
def keep(
    request: HttpRequest, payload: ExitIn, membership_id: int = Path(..., ge=1, le=MAX_ID)
) -> dict[str, Any]:
    membership = membership_get(user=request.user, pk=membership_id)
    done = pool_exit_dismiss(
        actor=request.user,
        membership=membership,
        reason=payload.reason,
        on=payload.on,
        source=payload.source,
        detail=payload.detail,
        note=payload.note,
    )
    return _exit(done)
