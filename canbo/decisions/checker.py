"""The appointment checker (issue 14.2): the conditions of an appointment, re-appointment, extension,
rotation or transfer, read from the registry and judged by the rules in force on the reference date,
each with its status, its evidence and the text it applies.

`appointment_check` judges; `appointment_gate` is what the registry asks before it records a post
(settings.CANBO_APPOINTMENT_CHECKS, people.appointment_checks): a hard failure refuses, a soft one
needs the competent level's decision (its number and a note) and is kept with the assignment.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from canbo.core.actors import Actor
from canbo.core.errors import InputRejected, RowError
from canbo.decisions import rules
from canbo.decisions.rulesets import RuleMissing, RuleValue, rule_value, rules_on
from canbo.people.appointment_checks import KINDS, level_rank
from canbo.people.choices import DisciplineForm, EvaluationLevel, Sex
from canbo.people.models import (
    Assignment,
    Discipline,
    Evaluation,
    Person,
    PlanningMembership,
    Post,
)
from canbo.people.retirement import months_of_service_left, reappointment_outcome, retirement_date
from canbo.people.selectors import political_conclusion_on

# Statuses of a condition
MET = "dat"
FAILED = "khong_dat"  # hard: the appointment is refused
DECIDE = "can_quyet_dinh"  # soft: the competent level may decide
NOT_APPLICABLE = "khong_ap_dung"
STATUS_LABELS = {
    MET: "Đạt",
    FAILED: "Không đạt",
    DECIDE: "Cần cấp có thẩm quyền quyết định",
    NOT_APPLICABLE: "Không áp dụng",
}

# Outcomes of a verdict
ELIGIBLE = "du"
NOT_ELIGIBLE = "khong_du"
ELIGIBLE_IF_DECIDED = "du_neu_quyet_dinh"
OUTCOME_LABELS = {
    ELIGIBLE: "Đủ điều kiện",
    NOT_ELIGIBLE: "Không đủ điều kiện",
    ELIGIBLE_IF_DECIDED: "Đủ điều kiện nếu cấp có thẩm quyền quyết định",
}

KIND_LABELS = {
    "first": "Bổ nhiệm lần đầu",
    "higher": "Bổ nhiệm chức vụ cao hơn",
    "equal_or_lower": "Bổ nhiệm chức vụ tương đương hoặc thấp hơn",
    "reappointment": "Bổ nhiệm lại",
    "extension": "Kéo dài thời gian giữ chức vụ đến tuổi nghỉ hưu",
    "rotation": "Luân chuyển",
    "transfer": "Điều động",
}
APPOINTING = ("first", "higher")  # the kinds the age, planning, time-in-post and discipline rules bind
PLAN_II_7 = "Kế hoạch triển khai Nghị quyết 07-NQ/TU, mục II.7"


def _d(day: dt.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else "—"


@dataclass(frozen=True)
class Reason:
    """One condition: its rule code, its name, status, what was found, the evidence and the source."""

    rule: str
    title: str
    status: str
    text: str
    evidence: tuple[tuple[str, str], ...] = ()
    source: str = ""  # RuleValue.cite(), or the text for a rule with no setting

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "title": self.title,
            "status": self.status,
            "status_label": self.status_label,
            "text": self.text,
            "evidence": [{"label": k, "value": v} for k, v in self.evidence],
            "source": self.source,
        }


@dataclass(frozen=True)
class Verdict:
    person: Person
    post: Post
    unit: Any
    kind: str
    on: dt.date
    reasons: tuple[Reason, ...] = field(default_factory=tuple)

    @property
    def outcome(self) -> str:
        statuses = {r.status for r in self.reasons}
        if FAILED in statuses:
            return NOT_ELIGIBLE
        return ELIGIBLE_IF_DECIDED if DECIDE in statuses else ELIGIBLE

    @property
    def outcome_label(self) -> str:
        return OUTCOME_LABELS[self.outcome]

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def hard(self) -> list[Reason]:
        return [r for r in self.reasons if r.status == FAILED]

    @property
    def soft(self) -> list[Reason]:
        return [r for r in self.reasons if r.status == DECIDE]

    @property
    def texts(self) -> list[str]:
        """The texts applied, each once, in the order met: "theo Quy định 377-QĐ/TW, áp dụng từ …"."""
        seen: list[str] = []
        for reason in self.reasons:
            if reason.source and reason.source not in seen and reason.status != NOT_APPLICABLE:
                seen.append(reason.source)
        return seen


class _Rules:
    """The rule values in force on one date, all read at the first one asked (one query)."""

    def __init__(self, on: dt.date) -> None:
        self.on = on
        self._values: dict[str, RuleValue] | None = None

    def get(self, key: str) -> RuleValue | None:
        if self._values is None:
            self._values = rules_on(self.on)
        return self._values.get(key)


def _missing(rule: str, title: str, key: str, on: dt.date) -> Reason:
    return Reason(
        rule,
        title,
        NOT_APPLICABLE,
        f"Không có quy tắc ({key}) áp dụng vào ngày {_d(on)}: điều kiện này không được kiểm tra.",
    )


def _post_rank(post: Post) -> int:
    return level_rank(post.level)


# --- The conditions -------------------------------------------------------------------------------


def _political(person: Person, on: dt.date, gate_from: RuleValue | None) -> Reason:
    """Plan II.7 (RULES.md §3): no appointment without a conclusion on political standards. No text read
    gives such a conclusion a period of validity: the latest one dated on or before the reference date
    decides, however old (a validity would be a new setting, with its text)."""
    title = "Kết luận tiêu chuẩn chính trị"
    source = gate_from.cite() if gate_from else PLAN_II_7
    latest = political_conclusion_on(person=person, on=on)
    if latest is None:
        return Reason(
            "political",
            title,
            FAILED,
            f"Chưa có kết luận tiêu chuẩn chính trị đến ngày {_d(on)}: không được bổ nhiệm ({PLAN_II_7}).",
            source=source,
        )
    evidence = (("Ngày kết luận", _d(latest.concluded_on)), ("Cơ quan kết luận", latest.issuer or "—"))
    if not latest.meets_standard:
        return Reason(
            "political",
            title,
            FAILED,
            f"Kết luận ngày {_d(latest.concluded_on)}: không đủ tiêu chuẩn chính trị.",
            evidence,
            source,
        )
    return Reason(
        "political",
        title,
        MET,
        f"Kết luận ngày {_d(latest.concluded_on)}: đủ tiêu chuẩn chính trị.",
        evidence,
        source,
    )


def _age(person: Person, on: dt.date, key: str, kind: str, values: _Rules) -> Reason:
    """Conclusion 08-KL/TW, Decree 138/2020 art. 42(4) (first/higher: a full term); Reg. 65-QĐ/TW art. 5
    (rotation: 10 years)."""
    title = "Thời gian công tác còn lại" if key != "rotation.min_remaining_months" else "Tuổi luân chuyển"
    value = values.get(key)
    if value is None:
        return _missing("age", title, key, on)
    left = months_of_service_left(
        person.birth_date, person.sex == Sex.MALE, on, birth_year_only=person.birth_year_only
    )
    retires = retirement_date(
        person.birth_date, person.sex == Sex.MALE, birth_year_only=person.birth_year_only
    )
    evidence = (
        ("Ngày sinh", str(person.birth_date.year) if person.birth_year_only else _d(person.birth_date)),
        ("Ngày nghỉ hưu", _d(retires)),
        ("Thời gian công tác còn lại", f"{left} tháng"),
        ("Yêu cầu", f"ít nhất {value.value} tháng"),
    )
    if left >= value.value:
        text = f"Còn {left} tháng công tác tính từ ngày {_d(on)}, đủ {value.value} tháng."
        return Reason("age", title, MET, text, evidence, value.cite())
    text = (
        f"Còn {left} tháng công tác tính từ ngày {_d(on)}, chưa đủ {value.value} tháng: "
        f"không được {KIND_LABELS[kind].lower()}."
    )
    return Reason("age", title, FAILED, text, evidence, value.cite())


def _planning(person: Person, post: Post, on: dt.date) -> Reason:
    """Reg. 377-QĐ/TW art. 34, Decree 170/2025 art. 29(2): in the pool for the post or an equivalent or
    higher one; otherwise the competent level decides (special cases)."""
    title = "Quy hoạch"
    source = "theo Điều 34 Quy định 377-QĐ/TW; Điều 29 khoản 2 Nghị định 170/2025/NĐ-CP"
    if on < dt.date(2025, 10, 8):
        source = (
            "theo Điều 18 Quy định 80-QĐ/TW; Nghị định 138/2020/NĐ-CP (sửa đổi bởi Nghị định 116/2024/NĐ-CP)"
        )
    pools = (
        PlanningMembership.objects.filter(person=person, term_from__lte=on.year, term_to__gte=on.year)
        .filter(Q(removed_on__isnull=True) | Q(removed_on__gt=on))
        .select_related("post")
        .order_by("term_from", "pk")
    )
    wanted = _post_rank(post)
    for pool in pools:
        if pool.post_id == post.pk or _post_rank(pool.post) >= wanted:
            evidence = (
                ("Chức danh quy hoạch", pool.post.name),
                ("Nhiệm kỳ", f"{pool.term_from}–{pool.term_to}"),
                (
                    "Quyết định",
                    " ngày ".join(
                        x
                        for x in (pool.decision_number, _d(pool.decision_date) if pool.decision_date else "")
                        if x
                    )
                    or "—",
                ),
            )
            same = "chức danh này" if pool.post_id == post.pk else "chức danh tương đương hoặc cao hơn"
            return Reason(
                "planning", title, MET, f"Trong quy hoạch {same} ({pool.post.name}).", evidence, source
            )
    return Reason(
        "planning",
        title,
        DECIDE,
        f"Không trong quy hoạch {post.name} hoặc chức danh tương đương, cao hơn vào ngày {_d(on)}: "
        "trường hợp "
        "đặc biệt do cấp có thẩm quyền xem xét, quyết định.",
        source=source,
    )


def _time_in_post(person: Person, on: dt.date, values: _Rules) -> Reason:
    """Reg. 80-QĐ/TW art. 18 (Reg. 377, unchecked): ≥ 2 years in the current or an equivalent post."""
    title = "Thời gian giữ chức vụ hiện tại hoặc tương đương"
    value = values.get("appoint.min_months_in_post")
    if value is None:
        return _missing("time_in_post", title, "appoint.min_months_in_post", on)
    held = list(
        Assignment.objects.filter(person=person, post__isnull=False, valid_from__lt=on)
        .select_related("post")
        .order_by("valid_from")
    )
    current = [a for a in held if a.valid_to is None or a.valid_to >= on]
    rank = max((_post_rank(a.post) for a in current if a.post), default=0)
    if rank == 0:
        return Reason(
            "time_in_post",
            title,
            NOT_APPLICABLE,
            "Chưa giữ chức vụ lãnh đạo, quản lý: bổ nhiệm lần đầu.",
            source=value.cite(),
        )
    periods = [(a.valid_from, a.valid_to) for a in held if a.post and _post_rank(a.post) == rank]
    months = rules.months_in_periods(periods, on)
    level = dict(catalogues_level_labels()).get(
        next(a.post.level for a in current if a.post and _post_rank(a.post) == rank), ""
    )
    evidence = (
        ("Cấp chức vụ hiện giữ", level),
        ("Thời gian đã giữ", f"{months} tháng"),
        ("Yêu cầu", f"ít nhất {value.value} tháng"),
    )
    if months >= value.value:
        return Reason(
            "time_in_post", title, MET, f"Đã giữ chức vụ cấp này {months} tháng.", evidence, value.cite()
        )
    return Reason(
        "time_in_post",
        title,
        DECIDE,
        f"Mới giữ chức vụ cấp này {months} tháng, chưa đủ {value.value} tháng: "
        "cấp có thẩm quyền xem xét, quyết định.",
        evidence,
        value.cite(),
    )


def catalogues_level_labels() -> list[tuple[str, str]]:
    from canbo.people.choices import PostLevel

    return [(str(v), str(label)) for v, label in PostLevel.choices]


def _discipline(person: Person, on: dt.date, values: _Rules) -> Reason:
    """Reg. 377-QĐ/TW: a higher post only after 24 / 36 / 60 months (reprimand / warning / removal)."""
    title = "Thời gian sau kỷ luật"
    value = values.get("discipline.appoint_wait_months")
    if value is None:
        return _missing("discipline", title, "discipline.appoint_wait_months", on)
    waits: dict[str, int] = value.value
    labels = dict(DisciplineForm.choices)
    failed: list[str] = []
    unknown: list[str] = []
    evidence: list[tuple[str, str]] = []
    for record in Discipline.objects.filter(person=person, decided_on__lte=on).order_by("decided_on"):
        until = rules.discipline_wait_end(record.form, record.decided_on, waits)
        form = str(labels.get(record.form, record.form))
        if until is None:
            if on < rules.unknown_discipline_wait_end(record.decided_on, waits):
                unknown.append(f"{form} ngày {_d(record.decided_on)}")
                evidence.append((form, f"quyết định ngày {_d(record.decided_on)}"))
            continue
        evidence.append(
            (form, f"quyết định ngày {_d(record.decided_on)}, hết thời gian chờ ngày {_d(until)}")
        )
        if on < until:
            failed.append(f"{form} ngày {_d(record.decided_on)} (đến {_d(until)})")
    if failed:
        text = "Chưa hết thời gian sau kỷ luật: " + "; ".join(failed) + "."
        return Reason("discipline", title, FAILED, text, tuple(evidence), value.cite())
    if unknown:
        text = (
            "Kỷ luật có hình thức quy định không nêu thời gian chờ: "
            + "; ".join(unknown)
            + ". Cấp có thẩm quyền xem xét, quyết định."
        )
        return Reason("discipline", title, DECIDE, text, tuple(evidence), value.cite())
    text = "Không có kỷ luật còn trong thời gian chờ." if not evidence else "Đã hết thời gian sau kỷ luật."
    return Reason("discipline", title, MET, text, tuple(evidence), value.cite())


def _current_term(person: Person, post: Post, unit: Any, on: dt.date) -> Assignment | None:
    """The assignment of that post in that unit held on the reference date (or ended on it)."""
    return (
        Assignment.objects.filter(person=person, post=post, unit=unit, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .order_by("-valid_from")
        .first()
    )


def _term_reasons(
    person: Person, post: Post, unit: Any, kind: str, on: dt.date, values: _Rules
) -> list[Reason]:
    """Re-appointment and extension: the term, the age outcome, the evaluations, the notice."""
    term = values.get("appoint.term_months")
    current = _current_term(person, post, unit, on)
    if current is None:
        return [
            Reason(
                "term",
                "Nhiệm kỳ hiện tại",
                FAILED,
                f"Không đang giữ chức vụ {post.name} tại đơn vị này vào ngày {_d(on)}: không thể "
                f"{KIND_LABELS[kind].lower()}.",
            )
        ]
    if term is None:
        return [_missing("term", "Nhiệm kỳ hiện tại", "appoint.term_months", on)]
    end = rules.term_end(current.valid_from, term.value)
    reasons = [
        Reason(
            "term",
            "Nhiệm kỳ hiện tại",
            MET,
            f"Giữ chức vụ từ {_d(current.valid_from)}; thời hạn bổ nhiệm hết ngày {_d(end)}.",
            (
                ("Từ ngày", _d(current.valid_from)),
                ("Hết thời hạn", _d(end)),
                ("Quyết định", current.decision_number or "—"),
            ),
            term.cite(),
        )
    ]
    reasons.append(_age_outcome(person, kind, max(on, end), values))
    reasons.append(_evaluations(person, current.valid_from, end, on))
    reasons.append(_notice(kind, on, end, values))
    return reasons


def _age_outcome(person: Person, kind: str, at: dt.date, values: _Rules) -> Reason:
    """Decree 138/2020 art. 49(2): < 5 years left → a term until retirement; < 2 years → extension instead."""
    title = "Tuổi bổ nhiệm lại, kéo dài"
    full, extend = values.get("reappoint.until_retirement_below"), values.get("reappoint.extend_below")
    if full is None or extend is None:
        return _missing("age", title, "reappoint.until_retirement_below", at)
    male = person.sex == Sex.MALE
    outcome = reappointment_outcome(
        person.birth_date, male, at, full_term_months=full.value, extension_months=extend.value,
        birth_year_only=person.birth_year_only,
    )  # fmt: skip
    left = months_of_service_left(person.birth_date, male, at, birth_year_only=person.birth_year_only)
    retires = retirement_date(person.birth_date, male, birth_year_only=person.birth_year_only)
    evidence = (
        ("Tính đến ngày", _d(at)),
        ("Thời gian công tác còn lại", f"{left} tháng"),
        ("Ngày nghỉ hưu", _d(retires)),
    )
    source = f"{full.cite()}; {extend.cite()}" if full.cite() != extend.cite() else full.cite()
    if kind == "extension":
        if outcome == "extend_until_retirement":
            return Reason(
                "age",
                title,
                MET,
                f"Còn {left} tháng (dưới {extend.value}): kéo dài thời gian giữ chức vụ "
                f"đến ngày nghỉ hưu {_d(retires)}.",
                evidence,
                source,
            )
        return Reason(
            "age",
            title,
            FAILED,
            f"Còn {left} tháng, không dưới {extend.value} tháng: bổ nhiệm lại, "
            "không kéo dài thời gian giữ chức vụ.",
            evidence,
            source,
        )
    if outcome == "extend_until_retirement":
        return Reason(
            "age",
            title,
            FAILED,
            f"Còn {left} tháng, dưới {extend.value} tháng: "
            "kéo dài thời gian giữ chức vụ thay cho bổ nhiệm lại.",
            evidence,
            source,
        )
    if outcome == "reappoint_until_retirement":
        return Reason(
            "age",
            title,
            MET,
            f"Còn {left} tháng, dưới {full.value} tháng: "
            f"thời hạn bổ nhiệm lại tính đến ngày nghỉ hưu {_d(retires)}.",
            evidence,
            source,
        )
    return Reason("age", title, MET, f"Còn {left} tháng: bổ nhiệm lại một nhiệm kỳ đầy đủ.", evidence, source)


def _evaluations(person: Person, start: dt.date, end: dt.date, on: dt.date) -> Reason:
    """Reg. 377-QĐ/TW; Decree 138/2020 art. 48: at least "hoàn thành nhiệm vụ" every year of the term."""
    title = "Đánh giá, xếp loại trong nhiệm kỳ"
    source = (
        "theo Quy định 377-QĐ/TW; Nghị định 138/2020/NĐ-CP"
        if on >= dt.date(2025, 10, 8)
        else "theo Nghị định 138/2020/NĐ-CP"
    )
    years = rules.evaluation_years(start, end, on)
    found = dict(Evaluation.objects.filter(person=person, year__in=years).values_list("year", "level"))
    labels = dict(EvaluationLevel.choices)
    evidence = tuple(
        (f"Năm {y}", str(labels.get(found[y], found[y])) if y in found else "chưa có") for y in years
    )
    failed = [y for y in years if found.get(y) == EvaluationLevel.NOT_DONE]
    missing = [y for y in years if y not in found]
    if failed:
        return Reason(
            "evaluation",
            title,
            FAILED,
            "Không hoàn thành nhiệm vụ năm " + ", ".join(map(str, failed)) + ".",
            evidence,
            source,
        )
    if missing:
        return Reason(
            "evaluation",
            title,
            DECIDE,
            "Chưa có kết quả đánh giá năm " + ", ".join(map(str, missing)) + ": cấp có thẩm quyền xem xét.",
            evidence,
            source,
        )
    if not years:
        return Reason(
            "evaluation",
            title,
            NOT_APPLICABLE,
            "Chưa có năm nào của nhiệm kỳ phải đánh giá.",
            evidence,
            source,
        )
    return Reason(
        "evaluation", title, MET, "Các năm trong nhiệm kỳ đều hoàn thành nhiệm vụ trở lên.", evidence, source
    )


def _notice(kind: str, on: dt.date, end: dt.date, values: _Rules) -> Reason:
    """Reg. 377-QĐ/TW: 90 working days (re-appointment); Decree 138/2020 art. 53: 90 days (extension)."""
    title = "Thời hạn thông báo"
    if kind == "extension":
        value = values.get("extend.notice_days")
        if value is None:
            return _missing("notice", title, "extend.notice_days", on)
        due = rules.extension_notice_due(end, value.value)
        what = f"ít nhất {value.value} ngày trước ngày hết thời hạn bổ nhiệm"
    else:
        value = values.get("reappoint.notice_working_days")
        if value is None:
            return _missing("notice", title, "reappoint.notice_working_days", on)
        due = rules.reappointment_notice_due(end, value.value)
        what = f"chậm nhất {value.value} ngày làm việc trước ngày hết thời hạn bổ nhiệm"
    evidence = (("Hết thời hạn bổ nhiệm", _d(end)), ("Hạn thông báo", _d(due)))
    if on >= end:
        return Reason(
            "notice",
            title,
            NOT_APPLICABLE,
            f"Thông báo {what} (hạn {_d(due)}): chỉ kiểm tra khi thẩm định trước ngày hết thời hạn.",
            evidence,
            value.cite(),
        )
    if on <= due:
        return Reason(
            "notice", title, MET, f"Thông báo {what}: chậm nhất ngày {_d(due)}.", evidence, value.cite()
        )
    return Reason(
        "notice",
        title,
        DECIDE,
        f"Đã qua hạn thông báo ngày {_d(due)} ({what}): nếu chưa thông báo, cấp có thẩm quyền xem xét.",
        evidence,
        value.cite(),
    )


def _information(person: Person, on: dt.date) -> Reason | None:
    """Plan II.5: information received about a cadre and not yet concluded (decisions.InformationReport)."""
    from canbo.decisions.models import InformationReport

    open_reports = list(
        InformationReport.objects.filter(person=person, received_on__lte=on)
        .filter(Q(concluded_on__isnull=True) | Q(concluded_on__gt=on))
        .order_by("received_on")
    )
    if not open_reports:
        return None
    days = ", ".join(_d(r.received_on) for r in open_reports)
    return Reason(
        "information",
        "Thông tin phản ánh",
        DECIDE,
        f"Có {len(open_reports)} thông tin phản ánh chưa có kết luận (nhận ngày {days}): "
        "cấp có thẩm quyền xem xét trước khi quyết định.",
        source=PLAN_II_7.replace("II.7", "II.5"),
    )


# --- The service ----------------------------------------------------------------------------------


def appointment_check(*, person: Person, post: Post, unit: Any, kind: str, on: dt.date) -> Verdict:
    """Every condition of `kind` for the person, the post and the unit on the reference date `on` (the
    day the dossier is received or the procedure starts), by the rules in force that day. Reads the
    registry; the caller has checked the person is in the user's scope."""
    if kind not in KINDS:
        raise InputRejected.single(f"Loại thẩm định không hợp lệ: {kind}.", field="kind")
    values = _Rules(on)
    reasons: list[Reason] = [_political(person, on, values.get("gate.political_conclusion_from"))]
    if kind in APPOINTING:
        reasons.append(_age(person, on, "appoint.min_remaining_months", kind, values))
        reasons.append(_planning(person, post, on))
        reasons.append(_time_in_post(person, on, values))
        reasons.append(_discipline(person, on, values))
    elif kind == "equal_or_lower":
        exempt = values.get("appoint.min_remaining_months")
        reasons.append(
            Reason(
                "age",
                "Thời gian công tác còn lại",
                NOT_APPLICABLE,
                "Bổ nhiệm chức vụ tương đương hoặc thấp hơn: không xét điều kiện tuổi.",
                source=exempt.cite() if exempt else "",
            )
        )
    elif kind in ("reappointment", "extension"):
        reasons += _term_reasons(person, post, unit, kind, on, values)
    elif kind == "rotation":
        reasons.append(_age(person, on, "rotation.min_remaining_months", kind, values))
        reasons.append(_planning(person, post, on))
    info = _information(person, on)
    if info is not None:
        reasons.append(info)
    return Verdict(person=person, post=post, unit=unit, kind=kind, on=on, reasons=tuple(reasons))


def appointment_gate(
    *,
    actor: Actor,
    person: Person,
    post: Post,
    unit: Any,
    kind: str,
    on: dt.date,
    decision_number: str = "",
    note: str = "",
) -> list[dict[str, str]]:
    """The registry's hook (settings.CANBO_APPOINTMENT_CHECKS): before a post is recorded from `on`.
    Appointments before `gate.political_conclusion_from` are history being recorded: not checked.
    A hard failure refuses (InputRejected, each reason naming its rule and text); soft reasons need the
    competent level's decision number and a note, and are returned to be kept with the assignment."""
    try:
        start = rule_value("gate.political_conclusion_from", on)
    except RuleMissing:
        return []
    if on < dt.date.fromisoformat(start.value):
        return []
    verdict = appointment_check(person=person, post=post, unit=unit, kind=kind, on=on)
    if verdict.hard:
        raise InputRejected(
            [
                RowError(
                    f"{r.title}: {r.text}" + (f" ({r.source})" if r.source else ""),
                    field="checks",
                    column=r.title,
                )
                for r in verdict.hard
            ]
        )
    soft = verdict.soft
    if soft:
        missing = []
        if not decision_number.strip():
            missing.append(
                RowError(
                    "Cần số quyết định của cấp có thẩm quyền.",
                    field="decision_number",
                    column="Số quyết định",
                )
            )
        if not note.strip():
            missing.append(
                RowError("Cần ghi lý do, ý kiến của cấp có thẩm quyền.", field="note", column="Ghi chú")
            )
        if missing:
            listed = "; ".join(f"{r.title}: {r.text}" for r in soft)
            raise InputRejected(
                [
                    *missing,
                    RowError(f"Các điều kiện cần cấp có thẩm quyền quyết định: {listed}", field="checks"),
                ]
            )
    return [{"rule": r.title, "text": r.text, "source": r.source} for r in soft]
