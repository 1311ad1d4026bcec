"""POST /api/decisions/check: the appointment checker through the same service as the page; GET
/api/decisions/rules: the rule settings and their versions."""

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from canbo.core.dates import today
from canbo.core.entry import ApiDate
from canbo.decisions.selectors import rule_rows, verdict_for

router = Router()


class CheckIn(Schema):
    person_id: int
    post_id: int
    unit_id: int | None = None  # default: the unit keeping the person's file
    kind: str  # first, higher, equal_or_lower, reappointment, extension, rotation, transfer
    on: ApiDate | None = None  # the reference date; default today


class EvidenceOut(Schema):
    label: str
    value: str


class ReasonOut(Schema):
    rule: str
    title: str
    status: str  # dat, khong_dat, can_quyet_dinh, khong_ap_dung
    status_label: str
    text: str
    evidence: list[EvidenceOut]
    source: str


class VerdictOut(Schema):
    person_id: int
    post_id: int
    unit_id: int
    kind: str
    kind_label: str
    on: dt.date
    outcome: str  # du, khong_du, du_neu_quyet_dinh
    outcome_label: str
    texts: list[str]
    reasons: list[ReasonOut]


class Problem(Schema):
    detail: str


@router.post(
    "/check",
    response={200: VerdictOut, 403: Problem, 404: Problem, 422: Problem},
    summary="Thẩm định điều kiện bổ nhiệm",
)
def check(request: HttpRequest, payload: CheckIn) -> dict[str, object]:
    verdict = verdict_for(
        user=request.user, person_id=payload.person_id, post_id=payload.post_id, unit_id=payload.unit_id,
        kind=payload.kind, on=payload.on or today(),
    )  # fmt: skip
    return {
        "person_id": verdict.person.pk,
        "post_id": verdict.post.pk,
        "unit_id": verdict.unit.pk,
        "kind": verdict.kind,
        "kind_label": verdict.kind_label,
        "on": verdict.on,
        "outcome": verdict.outcome,
        "outcome_label": verdict.outcome_label,
        "texts": verdict.texts,
        "reasons": [reason.as_dict() for reason in verdict.reasons],
    }


class VersionOut(Schema):
    value: object
    effective_from: dt.date
    text: str
    article: str
    checked: bool
    source_url: str
    origin: str
    reason: str


class RuleOut(Schema):
    key: str
    label: str
    unit: str
    versions: list[VersionOut]


@router.get("/rules", response=list[RuleOut], summary="Quy tắc áp dụng theo thời gian")
def rules(request: HttpRequest) -> list[dict[str, object]]:
    return [
        {"key": r.key, "label": r.label, "unit": r.unit, "versions": r.versions}
        for r in rule_rows(as_of=today())
    ]
