"""Writes of the recruitment app, one per step of a recruitment (docs/recruitment.md): the plan and its
lines, the public notice, the applications (form or Excel), the eligibility check, the scores (form or
Excel), the head's decision on a tie, the result notice and the appointment — which creates the new civil
servants in the registry (people.records.person_add, reason tuyển dụng) with their job position
(positions.services.holding_start) and probation, or, for the division-level leadership exam, appoints
the internal winner (people.records.assignment_appoint). Each: atomic, checked, scoped to the agency (Sở
Nội vụ everywhere, the agency's focal officer for their agency; a leader only reads), audited."""

import datetime as dt
import logging
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction

from canbo.accounts.scope import user_can
from canbo.audit.services import audit_record, snapshot
from canbo.core.actors import Actor
from canbo.core.dates import format_date
from canbo.core.errors import Conflict, InputRejected, NotAllowed, OutOfScope, RowError, clean_or_reject
from canbo.core.scoping import visible_unit_ids
from canbo.org.models import Unit
from canbo.people import catalogues
from canbo.people.choices import AssignmentReason, StaffCategory
from canbo.people.models import Assignment, Person, Post
from canbo.positions.models import JobPosition
from canbo.recruitment import rules
from canbo.recruitment.choices import STEPS, Method, SelectionCase, Status
from canbo.recruitment.models import Candidate, Line, Recruitment, TieDecision
from canbo.recruitment.selectors import candidate_label, line_rank, line_view, settings_on

__all__ = [
    "applications_close",
    "candidate_add",
    "candidates_add",
    "candidates_appoint",
    "eligibility_check",
    "line_add",
    "notice_publish",
    "recruitment_create",
    "results_publish",
    "round_1_close",
    "score_record",
    "scores_record",
    "tie_decide",
]

logger = logging.getLogger(__name__)
NOTICE_FIELDS = [
    "published_on",
    "applications_from",
    "applications_to",
    "submit_place",
    "round_1_on",
    "round_2_on",
    "fee",
    "content",
    "notice_number",
]
CANDIDATE_FIELDS = [
    "full_name",
    "birth_date",
    "sex",
    "ethnicity",
    "cccd",
    "nationality",
    "qualification",
    "qualification_field",
    "priority",
    "selection_case",
]


def _may_change(actor: Actor, unit_id: int) -> None:
    if not user_can(actor, "change"):
        raise NotAllowed("Vai trò của bạn chỉ được xem, không được ghi việc tuyển dụng.")
    scope = visible_unit_ids(actor, "change")
    if scope is not None and unit_id not in scope:
        raise OutOfScope()


def _locked(recruitment: Recruitment, *allowed: str) -> Recruitment:
    """The recruitment, locked, at one of the `allowed` steps (Conflict naming the step otherwise)."""
    current = Recruitment.objects.select_for_update().get(pk=recruitment.pk)
    if allowed and current.status not in allowed:
        raise Conflict(
            f"Kỳ tuyển dụng đang ở bước “{current.get_status_display()}”: không làm được việc này ở bước này."
        )
    return current


def _refuse(message: str, field: str = "", column: str = "") -> InputRejected:
    return InputRejected([RowError(message, field=field, column=column)])


def _move(actor: Actor, recruitment: Recruitment, to: str, note: str = "") -> None:
    before = recruitment.status
    if STEPS.index(to) <= STEPS.index(before):
        raise Conflict("Kỳ tuyển dụng đã qua bước này.")
    recruitment.status = to
    recruitment.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="recruitment.recruitment.step",
        obj=recruitment,
        before={"status": before},
        after={"status": to},
        note=note,
    )


# --- the plan -----------------------------------------------------------------------------------------


@transaction.atomic
def recruitment_create(
    *, actor: Actor, unit: Unit, year: int, title: str, method: str = Method.EXAM, **notice: Any
) -> Recruitment:
    _may_change(actor, unit.pk)
    recruitment = Recruitment(unit=unit, year=year, title=" ".join(title.split()), method=method)
    for name in NOTICE_FIELDS:
        if name in notice:
            setattr(recruitment, name, notice[name])
    clean_or_reject(recruitment)
    recruitment.save()
    audit_record(
        actor=actor,
        action="recruitment.recruitment.create",
        obj=recruitment,
        after=snapshot(recruitment, ["unit", "year", "title", "method", *NOTICE_FIELDS]),
    )
    return recruitment


@transaction.atomic
def line_add(
    *,
    actor: Actor,
    recruitment: Recruitment,
    position: JobPosition,
    quota: int,
    conditions: str = "",
    min_qualification: str = "",
    written_part: bool = False,
    post: Post | None = None,
) -> Line:
    """A job position of the agency in the plan. Round 1 is not sat for the nhân viên rank (RULES-2 §5.3)
    nor in the leadership exam (its candidates are civil servants already; the exam is the professional
    part). The leadership exam names the post competed for."""
    _may_change(actor, recruitment.unit_id)
    current = _locked(recruitment, Status.DRAFT)
    if position.unit_id != current.unit_id:
        raise _refuse("Vị trí việc làm này không thuộc cơ quan tuyển dụng.", "position", "Vị trí việc làm")
    if current.method == Method.LEADERSHIP and post is None:
        raise _refuse("Thi tuyển lãnh đạo cần ghi chức vụ thi tuyển.", "post", "Chức vụ")
    support = rules.name_key(position.rank_name).startswith("nhân viên") or position.rank_code == "01.005"
    line = Line(
        recruitment=current,
        position=position,
        post=post if current.method == Method.LEADERSHIP else None,
        quota=quota,
        conditions=conditions.strip(),
        min_qualification=min_qualification,
        has_round_1=current.method == Method.EXAM and not support,
        written_part=written_part,
    )
    clean_or_reject(line)
    line.save()
    audit_record(
        actor=actor,
        action="recruitment.line.create",
        obj=current,
        after=snapshot(line, ["position", "post", "quota", "conditions", "min_qualification", "has_round_1"]),
    )
    return line


@transaction.atomic
def notice_publish(*, actor: Actor, recruitment: Recruitment, **notice: Any) -> Recruitment:
    """The public notice: its content and dates as the agency sets them (the law gives none: RULES-2
    §5.3 "not found"); the plan needs at least one line and the application period."""
    _may_change(actor, recruitment.unit_id)
    current = _locked(recruitment, Status.DRAFT)
    for name in NOTICE_FIELDS:
        if name in notice:
            setattr(current, name, notice[name])
    missing = [
        RowError(f"Thông báo cần “{label}”.", field=name)
        for name, label in (
            ("published_on", "Ngày thông báo"),
            ("applications_from", "Nhận hồ sơ từ ngày"),
            ("applications_to", "Nhận hồ sơ đến ngày"),
        )
        if getattr(current, name) is None
    ]
    if not current.lines.exists():  # type: ignore[attr-defined]
        missing.append(RowError("Kế hoạch chưa có vị trí nào cần tuyển.", field="lines"))
    if missing:
        raise InputRejected(missing)
    assert current.applications_from and current.published_on
    _within_vacancies(actor, current, current.published_on)
    if current.applications_from < current.published_on:
        raise _refuse("Ngày bắt đầu nhận hồ sơ phải từ ngày thông báo trở đi.", "applications_from")
    clean_or_reject(current)
    current.save()
    audit_record(
        actor=actor, action="recruitment.notice.publish", obj=current, after=snapshot(current, NOTICE_FIELDS)
    )
    _move(actor, current, Status.PUBLISHED)
    return current


# Law 80/2025/QH15 (RULES-2 §5.3 via Decree 170/2025 art. 4 — the article on the basis of recruitment was
# not read): recruitment follows the job positions and the staffing quota — a line's quota is at most the
# position's vacant places on the day of the notice (positions.selectors.positions_on).
def _within_vacancies(actor: Actor, recruitment: Recruitment, on: dt.date) -> None:
    from canbo.positions.selectors import positions_on

    held = {p.pk: (p.planned_count, p.held) for p in positions_on(user=actor, unit=recruitment.unit, on=on)}  # type: ignore[attr-defined]
    problems = []
    for line in recruitment.lines.select_related("position"):  # type: ignore[attr-defined]
        if line.position_id not in held:
            problems.append(
                RowError(
                    f"Vị trí “{line.position.name}” không có hiệu lực ngày {format_date(on)}.", field="lines"
                )
            )
            continue
        planned, holding = held[line.position_id]
        vacant = max(planned - holding, 0)
        if line.quota > vacant:
            problems.append(
                RowError(
                    f"Vị trí “{line.position.name}” còn {vacant} chỗ trống ngày {format_date(on)} "
                    f"({planned} theo kế hoạch, {holding} đang giữ); chỉ tiêu {line.quota} vượt số đó.",
                    field="lines",
                )
            )
    if problems:
        raise InputRejected(problems)


# --- applications and eligibility ------------------------------------------------------------------------


def _number(line: Line) -> int:
    last = Candidate.objects.filter(line__recruitment_id=line.recruitment_id).order_by("-number").first()
    return (last.number if last else 0) + 1


def _clean_candidate(candidate: Candidate) -> None:
    problems: list[RowError] = []
    if candidate.qualification and candidate.qualification not in catalogues.QUALIFICATIONS:
        problems.append(RowError("Trình độ không có trong danh mục.", field="qualification"))
    unknown = [code for code in candidate.priority if code not in rules.PRIORITY_BY_CODE]
    if unknown:
        problems.append(
            RowError(f"Đối tượng ưu tiên không có trong danh mục: {', '.join(unknown)}.", field="priority")
        )
    if problems:
        raise InputRejected(problems)
    clean_or_reject(candidate, exclude=["cccd_hash"])


def _new_candidate(line: Line, data: dict[str, Any], number: int) -> Candidate:
    values = {k: v for k, v in data.items() if k in CANDIDATE_FIELDS}
    values["full_name"] = " ".join(str(values.get("full_name", "")).split())
    values["priority"] = list(values.get("priority") or [])
    values["cccd"] = (values.get("cccd") or "").strip() or None
    return Candidate(line=line, number=number, person=data.get("person"), **values)


@transaction.atomic
def candidates_add(
    *,
    actor: Actor,
    recruitment: Recruitment,
    rows: Sequence[tuple[Line, dict[str, Any]]],
    numbers: Sequence[int] | None = None,
) -> list[Candidate]:
    """Applications received while the notice is open, all or none: each checked, numbered in order
    (số báo danh), its eligibility judged at once. The leadership exam's candidates are people of the
    registry (`person`), their data read from there."""
    _may_change(actor, recruitment.unit_id)
    current = _locked(recruitment, Status.PUBLISHED)
    created: list[Candidate] = []
    errors: list[RowError] = []
    number = None
    for index, (line, data) in enumerate(rows, start=1):
        if line.recruitment_id != current.pk:
            raise _refuse("Vị trí không thuộc kỳ tuyển dụng này.", "line")
        if current.method == Method.LEADERSHIP:
            person = data.get("person")
            if not isinstance(person, Person):
                raise _refuse("Thi tuyển lãnh đạo: thí sinh là cán bộ, công chức trong hồ sơ.", "person")
            data = {**data, **_from_person(person)}
        number = number + 1 if number is not None else _number(line)
        candidate = _new_candidate(line, data, number)
        try:
            _clean_candidate(candidate)
        except InputRejected as exc:
            rows_at = numbers[index - 1] if numbers else (index if len(rows) > 1 else None)
            errors += [RowError(e.message, row=rows_at, column=e.column, field=e.field) for e in exc.errors]
            continue
        created.append(candidate)
    if errors:
        raise InputRejected(errors)
    for candidate in created:
        _judge(candidate, current)
        candidate.save()
        audit_record(
            actor=actor,
            action="recruitment.candidate.create",
            obj=current,
            after={"candidate": candidate.pk, "number": candidate.number, "line": candidate.line_id,
                   "eligible": candidate.eligible},
        )  # fmt: skip
    return created


def candidate_add(*, actor: Actor, line: Line, data: dict[str, Any]) -> Candidate:
    return candidates_add(actor=actor, recruitment=line.recruitment, rows=[(line, data)])[0]


def _from_person(person: Person) -> dict[str, Any]:
    return {
        "full_name": person.full_name,
        "birth_date": person.birth_date,
        "sex": person.sex,
        "ethnicity": person.ethnicity,
        "qualification": person.qualification,
        "qualification_field": person.qualification_field,
        "person": person,
    }


def _conditions(candidate: Candidate, recruitment: Recruitment) -> list[rules.Condition]:
    line = candidate.line
    deadline = recruitment.applications_to or recruitment.published_on
    found: list[rules.Condition] = []
    if deadline is not None:
        found.append(rules.age_condition(candidate.birth_date, deadline))
    found.append(rules.nationality_condition(candidate.nationality))
    needed = catalogues.QUALIFICATIONS.get(line.min_qualification) if line.min_qualification else None
    held = catalogues.QUALIFICATIONS.get(candidate.qualification) if candidate.qualification else None
    found.append(
        rules.qualification_condition(
            held.rank if held else None,
            held.name if held else "",
            needed.rank if needed else None,
            needed.name if needed else "",
        )
    )
    if recruitment.method == Method.SELECTION:
        label = str(SelectionCase(candidate.selection_case).label) if candidate.selection_case else ""
        found.append(rules.selection_condition(label))
    if recruitment.method == Method.LEADERSHIP and candidate.person is not None and line.post is not None:
        found += _leadership_conditions(candidate.person, line.post, recruitment, deadline)
    return found


def _leadership_conditions(
    person: Person, post: Post, recruitment: Recruitment, on: dt.date | None
) -> list[rules.Condition]:
    """The appointment conditions of the post (canbo.decisions.checker.appointment_check) on the last day
    of applications: a failed one makes the candidate ineligible; one the competent authority must decide
    is shown, not refused."""
    from canbo.decisions.checker import DECIDE, FAILED, appointment_check
    from canbo.people.appointment_checks import appointment_kind

    day = on or recruitment.published_on or dt.date(recruitment.year, 1, 1)
    held = Assignment.objects.filter(person=person, post__isnull=False, valid_from__lte=day).exclude(
        valid_to__lte=day
    )
    kind = appointment_kind(
        held_levels=list(held.values_list("post__level", flat=True)), new_level=post.level
    )
    if kind not in ("first", "higher"):
        kind = "equal_or_lower"
    verdict = appointment_check(person=person, post=post, unit=recruitment.unit, kind=kind, on=day)
    return [
        rules.Condition(
            r.rule,
            r.title,
            False if r.status == FAILED else (None if r.status == DECIDE else True),
            r.text,
            r.source,
        )
        for r in verdict.reasons
    ]


def _judge(candidate: Candidate, recruitment: Recruitment) -> None:
    found = _conditions(candidate, recruitment)
    candidate.eligible = all(c.ok is not False for c in found)
    candidate.eligibility = [
        {"code": c.code, "label": c.label, "ok": c.ok, "text": c.text, "source": c.source} for c in found
    ]


@transaction.atomic
def eligibility_check(*, actor: Actor, recruitment: Recruitment) -> int:
    """Judge every candidate again (the conditions read on the last day of applications); the number
    found ineligible."""
    _may_change(actor, recruitment.unit_id)
    current = _locked(recruitment, Status.PUBLISHED, Status.CLOSED)
    refused = 0
    for candidate in Candidate.objects.filter(line__recruitment=current).select_related("line", "person"):
        _judge(candidate, current)
        candidate.save(update_fields=["eligible", "eligibility"])
        refused += candidate.eligible is False
    audit_record(
        actor=actor, action="recruitment.eligibility.check", obj=current, after={"ineligible": refused}
    )
    return refused


@transaction.atomic
def applications_close(*, actor: Actor, recruitment: Recruitment) -> Recruitment:
    _may_change(actor, recruitment.unit_id)
    current = _locked(recruitment, Status.PUBLISHED)
    if not Candidate.objects.filter(line__recruitment=current).exists():
        raise Conflict("Chưa có hồ sơ dự tuyển nào.")
    eligibility_check(actor=actor, recruitment=current)
    _move(actor, current, Status.CLOSED)
    return current


# --- scores ------------------------------------------------------------------------------------------------

SCORING = (Status.CLOSED, Status.ROUND_1, Status.ROUND_2)


@transaction.atomic
def scores_record(
    *,
    actor: Actor,
    recruitment: Recruitment,
    scores: Sequence[tuple[Candidate, dict[str, Any]]],
    numbers: Sequence[int] | None = None,
) -> int:
    """Scores of eligible candidates, all or none: `round_1_correct` (0–60, lines with round 1),
    `professional` and `written` (0–100; written only for a written + interview line). A key absent from
    a row's dict leaves that score as it is; None clears it. The recruitment moves to "round 2" once a
    round-2 score is in."""
    _may_change(actor, recruitment.unit_id)
    current = _locked(recruitment, *SCORING)
    errors: list[RowError] = []
    changed: list[tuple[Candidate, dict[str, Any]]] = []
    for index, (candidate, values) in enumerate(scores, start=1):
        row = numbers[index - 1] if numbers else (index if len(scores) > 1 else None)
        fresh = Candidate.objects.select_related("line").get(pk=candidate.pk)
        if fresh.line.recruitment_id != current.pk:
            raise _refuse("Thí sinh không thuộc kỳ tuyển dụng này.", "candidate")
        if not fresh.eligible:
            errors.append(RowError(f"{fresh}: không đủ điều kiện dự tuyển, không ghi điểm.", row=row))
            continue
        before = snapshot(fresh, ["round_1_correct", "professional", "written"])
        if (
            "round_1_correct" in values
            and values["round_1_correct"] is not None
            and not fresh.line.has_round_1
        ):
            errors.append(
                RowError(f"{fresh}: vị trí này không thi vòng 1.", row=row, column="Số câu đúng vòng 1")
            )
            continue
        if "written" in values and values["written"] is not None and not fresh.line.written_part:
            errors.append(
                RowError(
                    f"{fresh}: vòng 2 của vị trí này không có phần thi viết riêng.",
                    row=row,
                    column="Điểm viết",
                )
            )
            continue
        if (
            current.status == Status.CLOSED
            and fresh.line.has_round_1
            and any(values.get(k) is not None for k in ("professional", "written"))
        ):
            errors.append(RowError(f"{fresh}: chốt kết quả vòng 1 trước khi ghi điểm vòng 2.", row=row))
            continue
        for name in ("round_1_correct", "professional", "written"):
            if name in values:
                value = values[name]
                setattr(
                    fresh,
                    name,
                    None
                    if value is None
                    else (int(value) if name == "round_1_correct" else Decimal(str(value))),
                )
        try:
            clean_or_reject(fresh, exclude=["cccd_hash", "ethnicity"])
        except InputRejected as exc:
            errors += [
                RowError(f"{fresh}: {e.message}", row=row, column=e.column, field=e.field) for e in exc.errors
            ]
            continue
        changed.append((fresh, before))
    if errors:
        raise InputRejected(errors)
    for fresh, before in changed:
        fresh.save(update_fields=["round_1_correct", "professional", "written"])
        audit_record(
            actor=actor,
            action="recruitment.score.record",
            obj=current,
            before={"candidate": fresh.pk, **before},
            after={"candidate": fresh.pk, **snapshot(fresh, ["round_1_correct", "professional", "written"])},
        )
    round_1 = current.lines.filter(has_round_1=True).exists()  # type: ignore[attr-defined]
    ready = current.status == Status.ROUND_1 or (current.status == Status.CLOSED and not round_1)
    if ready and any(c.professional is not None for c, _b in changed):
        _move(actor, current, Status.ROUND_2)
    return len(changed)


def score_record(*, actor: Actor, candidate: Candidate, **values: Any) -> Candidate:
    scores_record(actor=actor, recruitment=candidate.line.recruitment, scores=[(candidate, values)])
    return Candidate.objects.get(pk=candidate.pk)


@transaction.atomic
def round_1_close(*, actor: Actor, recruitment: Recruitment) -> Recruitment:
    """Round 1 is over: every eligible candidate of a line with round 1 has their count of correct answers."""
    _may_change(actor, recruitment.unit_id)
    current = _locked(recruitment, Status.CLOSED)
    missing = Candidate.objects.filter(
        line__recruitment=current, line__has_round_1=True, eligible=True, round_1_correct__isnull=True
    ).order_by("number")
    if missing.exists():
        names = ", ".join(str(c) for c in missing[:5])
        raise Conflict(f"Còn {missing.count()} thí sinh chưa có kết quả vòng 1: {names}.")
    _move(actor, current, Status.ROUND_1)
    return current


# --- the head's decision and the result ---------------------------------------------------------------------


@transaction.atomic
def tie_decide(
    *,
    actor: Actor,
    line: Line,
    chosen: Sequence[Candidate],
    head_name: str,
    decided_on: dt.date,
    head_title: str = "Giám đốc",
    decision_number: str = "",
    note: str = "",
) -> TieDecision:
    """The head's decision on the tie at the line's quota (Decree 170/2025 art. 10): the candidates chosen,
    in order, among those tied; checked against the ranking (rules.rank_candidates refuses a name outside
    the tied group, or too few). Recorded before the result is published; not changed after."""
    recruitment = line.recruitment
    _may_change(actor, recruitment.unit_id)
    current = _locked(recruitment, Status.ROUND_2)
    if not head_name.strip():
        raise _refuse("Ghi họ tên người đứng đầu đã quyết định.", "head_name", "Người đứng đầu")
    settings = settings_on(current.round_2_on or decided_on)
    view = line_view(line, settings=settings)
    if not view.pending:
        raise Conflict(
            "Vị trí này không có trường hợp bằng điểm ở ngưỡng chỉ tiêu chờ người đứng đầu quyết định."
        )
    pending = {c.pk for c in view.pending}
    outside = [c for c in chosen if c.pk not in pending]
    if outside:
        raise _refuse(f"{outside[0]} không thuộc nhóm bằng điểm chờ quyết định.", "chosen", "Người được chọn")
    labels = [candidate_label(c) for c in chosen]
    try:
        line_rank(line, view.candidates, settings=settings, head_decision=labels)
    except rules.HeadDecisionError as exc:
        raise _refuse(str(exc), "chosen", "Người được chọn") from None
    TieDecision.objects.filter(line=line).delete()
    decision = TieDecision(
        line=line,
        order=[c.pk for c in chosen],
        head_name=" ".join(head_name.split()),
        head_title=head_title.strip() or "Giám đốc",
        decision_number=decision_number.strip(),
        decided_on=decided_on,
        note=note.strip(),
    )
    clean_or_reject(decision)
    decision.save()
    audit_record(
        actor=actor,
        action="recruitment.tie.decide",
        obj=current,
        after={
            "line": line.pk,
            **snapshot(
                decision, ["order", "head_name", "head_title", "decision_number", "decided_on", "note"]
            ),
        },
    )
    return decision


@transaction.atomic
def results_publish(*, actor: Actor, recruitment: Recruitment, on: dt.date, number: str = "") -> Recruitment:
    """The result notice: refused while a line has an eligible candidate without a result or a tie at the
    quota waits for the head's decision."""
    _may_change(actor, recruitment.unit_id)
    current = _locked(recruitment, Status.ROUND_2)
    settings = settings_on(current.round_2_on or on)
    problems: list[RowError] = []
    for line in current.lines.select_related("position").order_by("pk"):  # type: ignore[attr-defined]
        view = line_view(line, settings=settings)
        if view.error:
            problems.append(RowError(f"{line.position.name}: {view.error}"))
        elif not view.complete:
            problems.append(
                RowError(
                    f"{line.position.name}: còn {len(view.candidates) - view.scored} thí sinh "
                    "chưa có điểm vòng 2."
                )
            )
        elif view.pending:
            problems.append(
                RowError(f"{line.position.name}: bằng điểm ở ngưỡng chỉ tiêu, chờ người đứng đầu quyết định.")
            )
    if problems:
        raise InputRejected(problems)
    current.result_on = on
    current.result_number = number.strip()
    current.save(update_fields=["result_on", "result_number"])
    audit_record(
        actor=actor, action="recruitment.result.publish", obj=current, after={"on": on, "number": number}
    )
    _move(actor, current, Status.RESULTS)
    return current


# --- appointment ---------------------------------------------------------------------------------------


@transaction.atomic
def candidates_appoint(
    *, actor: Actor, recruitment: Recruitment, on: dt.date, decision_number: str = "", issuer: str = ""
) -> list[Person]:
    """Everyone admitted, from `on`: a competitive recruitment creates each person in the registry
    (people.records.person_add, reason tuyển dụng, Person.recruited_on = on) with their job position
    (positions.services.holding_start) and the probation's last day (recruit.probation_months_*); the
    leadership exam appoints the winner to the post (people.records.assignment_appoint). The people count
    in the indicators from `on`, the first day of their assignment."""
    from canbo.people.records import Decision, assignment_appoint, person_add
    from canbo.positions.services import holding_start

    _may_change(actor, recruitment.unit_id)
    current = _locked(recruitment, Status.RESULTS)
    if current.result_on and on < current.result_on:
        raise _refuse("Ngày tuyển dụng phải từ ngày thông báo kết quả trở đi.", "on", "Ngày")
    settings = settings_on(on)
    decision = Decision(number=decision_number.strip(), date=on, issuer=issuer.strip())
    people: list[Person] = []
    for line in current.lines.select_related("position", "post").order_by("pk"):  # type: ignore[attr-defined]
        view = line_view(line, settings=settings_on(current.round_2_on or on))
        position = line.position
        for _placed, candidate in view.admitted:
            if candidate.appointed_on is not None:
                continue
            if current.method == Method.LEADERSHIP:
                assert candidate.person is not None and line.post is not None
                person = Person.objects.get(pk=candidate.person.pk)
                assignment_appoint(
                    actor=actor, person=person, version=person.version, unit=current.unit, post=line.post,
                    on=on, decision=decision,
                )  # fmt: skip
                candidate.probation_until = None
            else:
                category = position.staff_category or StaffCategory.CIVIL_SERVANT
                person = person_add(
                    actor=actor,
                    data={
                        "full_name": candidate.full_name,
                        "birth_date": candidate.birth_date,
                        "sex": candidate.sex,
                        "ethnicity": candidate.ethnicity,
                        "cccd": candidate.cccd or None,
                        "staff_category": category,
                        "rank_code": position.rank_code,
                        "rank_name": position.rank_name,
                        "qualification": candidate.qualification,
                        "qualification_field": candidate.qualification_field,
                        "recruited_on": on,
                    },
                    unit=current.unit,
                    on=on,
                    reason=AssignmentReason.RECRUITMENT,
                    decision=decision,
                )
                holding_start(
                    actor=actor, person=person, position=position, on=on, note=f"Tuyển dụng: {current.title}"
                )
                months = rules.probation_months(
                    position.rank_code,
                    position.rank_name,
                    months_a=settings.probation_a,
                    months_bc=settings.probation_bc,
                )
                candidate.probation_until = rules.probation_end(on, months)
            candidate.person = person
            candidate.appointed_on = on
            candidate.decision_number = decision.number
            candidate.save(update_fields=["person", "appointed_on", "probation_until", "decision_number"])
            audit_record(
                actor=actor,
                action="recruitment.candidate.appoint",
                obj=current,
                after={"candidate": candidate.pk, "person": person.pk, "on": on,
                       "probation_until": candidate.probation_until},
            )  # fmt: skip
            people.append(person)
    if not people:
        raise Conflict("Không có người trúng tuyển nào chưa được tuyển dụng, bổ nhiệm.")
    _move(actor, current, Status.FINISHED, note=f"Từ ngày {format_date(on)}")
    logger.info("recruitment %s: %s people appointed", current.pk, len(people))
    return people
