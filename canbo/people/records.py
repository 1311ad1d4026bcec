"""Edits of one person's dossier, one at a time (the forms on the person's page and the API): adding a
person with their first place, the career events on Assignment (appointment, re-appointment or
extension, transfer or rotation, end of a post, retirement) and the sub-records (evaluation,
discipline, training, planning pool, political-standard conclusion).

Every write takes the `version` of the person the form was read with (people.dossier: a stale one
raises StaleVersion, 409, naming who changed what since, and writes nothing), is atomic, checked
(full_clean, then the rules across rows here, the database constraints as the guarantee), within the
actor's change scope, and audited on the person (its page lists the entry, in words). Every event
that opens an assignment with a post asks the appointment checks (people.appointment_checks)."""

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.db.models import Q

from canbo.audit.services import snapshot
from canbo.core.actors import Actor
from canbo.core.dates import format_date, today
from canbo.core.errors import InputRejected, RowError, clean_or_reject
from canbo.core.scoping import ensure_in_scope
from canbo.org.models import Unit
from canbo.people import appointment_checks as checks
from canbo.people.choices import AssignmentReason
from canbo.people.dossier import dossier_lock, dossier_record
from canbo.people.models import (
    Assignment,
    Discipline,
    Evaluation,
    Person,
    PlanningMembership,
    PoliticalConclusion,
    Post,
    Training,
)
from canbo.people.retirement import pension_start
from canbo.people.services import ensure_in_scope_unit, person_create

logger = logging.getLogger(__name__)
R = AssignmentReason


@dataclass(frozen=True)
class Decision:
    """The decision behind an event: its number, date and issuer, and the note of the authority."""

    number: str = ""
    date: dt.date | None = None
    issuer: str = ""
    note: str = ""

    def text(self) -> str:
        parts = []
        if self.number:
            parts.append(f"QĐ số {self.number}")
        if self.date:
            parts.append(f"ngày {format_date(self.date)}")
        if self.issuer:
            parts.append(f"của {self.issuer}")
        return " ".join(parts)


def _refuse(message: str, field_name: str = "", column: str = "") -> InputRejected:
    return InputRejected([RowError(message, field=field_name, column=column)])


def _unit_name(unit: Unit | int, on: dt.date | None) -> str:
    from canbo.org.selectors import unit_names

    found = unit if isinstance(unit, Unit) else Unit.objects.get(pk=unit)
    return unit_names(units=[found], as_of=on).get(found.pk, found.code)


def _place(post: Post | None, unit: Unit | int, on: dt.date | None) -> str:
    where = _unit_name(unit, on)
    return f"{post.name}, {where}" if post else f"công tác tại {where}"


def _assignment_state(a: Assignment) -> dict[str, Any]:
    return snapshot(
        a,
        ["unit", "post", "valid_from", "valid_to", "concurrent", "decision_number", "decision_date",
         "decision_issuer", "start_reason", "end_reason", "note", "check_reasons"],
    ) | {"id": a.pk}  # fmt: skip


def _open(person: Person, *, main_only: bool = False) -> list[Assignment]:
    found = person.assignments.filter(valid_to__isnull=True).select_related("post", "unit")
    if main_only:
        found = found.filter(concurrent=False)
    return list(found.order_by("valid_from", "pk"))


def _close(a: Assignment, on: dt.date, reason: str, decision: Decision | None = None) -> None:
    """End an assignment the day before `on` (valid_to is exclusive): refused when `on` is not after
    its start."""
    if on <= a.valid_from:
        raise _refuse(
            f"Ngày {format_date(on)} phải sau ngày bắt đầu ({format_date(a.valid_from)}) của "
            f"{_place(a.post, a.unit, a.valid_from)}.",
            "on",
            "Ngày",
        )
    a.valid_to, a.end_reason = on, reason
    if decision is not None and (decision.text() or decision.note):
        ended = f"Kết thúc ({R(reason).label})" + (f" theo {decision.text()}" if decision.text() else "")
        a.note = "\n".join(x for x in (a.note, ended + (f": {decision.note}" if decision.note else "")) if x)
    clean_or_reject(a)
    a.save(update_fields=["valid_to", "end_reason", "note"])


def _no_duplicate(person: Person, unit: Unit, post: Post | None, on: dt.date, concurrent: bool) -> None:
    """The friendly message before the constraint people_assignment_open_once: the same place, or an
    overlapping record of it, is already there on that day."""
    clash = (
        person.assignments.filter(unit=unit, post=post, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))
        .first()
    )
    later = person.assignments.filter(unit=unit, post=post, valid_from__gt=on).first()
    found = clash or later
    if found is not None:
        raise _refuse(
            f"Đã có quá trình công tác {_place(post, unit, on)} từ {format_date(found.valid_from)}"
            + (f" đến {format_date(found.valid_to)}" if found.valid_to else " (đang giữ)")
            + ": trùng hoặc chồng lên ngày đã nhập.",
            "on",
            "Ngày",
        )


def _checked(
    *,
    actor: Actor,
    person: Person,
    post: Post | None,
    unit: Unit,
    kind: str,
    on: dt.date,
    decision: Decision,
) -> list[dict[str, str]]:
    if post is None:
        return []
    return checks.appointment_checks_run(
        actor=actor,
        person=person,
        post=post,
        unit=unit,
        kind=kind,
        on=on,
        decision_number=decision.number,
        note=decision.note,
    )


def _create(
    *,
    actor: Actor,
    person: Person,
    unit: Unit,
    post: Post | None,
    on: dt.date,
    reason: str,
    decision: Decision,
    concurrent: bool = False,
    reasons: list[dict[str, str]] | None = None,
) -> Assignment:
    a = Assignment(
        person=person,
        unit=unit,
        post=post,
        valid_from=on,
        concurrent=concurrent,
        decision_number=decision.number,
        decision_date=decision.date,
        decision_issuer=decision.issuer,
        start_reason=reason,
        note=decision.note,
        check_reasons=reasons or [],
    )
    clean_or_reject(a)
    a.save()
    ensure_in_scope(actor, a, "change")
    return a


def _held_levels(person: Person, on: dt.date) -> list[str]:
    held = person.assignments.filter(valid_from__lte=on, post__isnull=False).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=on)
    )
    return list(held.values_list("post__level", flat=True))


def _event_text(verb: str, post: Post | None, unit: Unit, on: dt.date, decision: Decision) -> str:
    text = f"{verb}: {_place(post, unit, on)}, từ {format_date(on)}"
    return text + (f" ({decision.text()})" if decision.text() else "")


# ---- career events -------------------------------------------------------------------------


@transaction.atomic
def assignment_appoint(
    *,
    actor: Actor,
    person: Person,
    version: int,
    unit: Unit,
    post: Post,
    on: dt.date,
    concurrent: bool = False,
    decision: Decision = Decision(),
) -> Assignment:
    """Bổ nhiệm: a post in a unit from `on`. A main appointment (not kiêm nhiệm) ends the person's
    open main assignments the day it starts (reason "Bổ nhiệm"); a concurrent one ends nothing."""
    current = dossier_lock(actor=actor, person=person, version=version)
    ensure_in_scope_unit(actor, unit.pk)
    kind = checks.appointment_kind(held_levels=_held_levels(current, on), new_level=post.level)
    held = [a for a in _open(current) if a.unit_id == unit.pk and a.post_id == post.pk]
    if held:
        raise _refuse(
            f"{current.full_name} đang giữ {_place(post, unit, held[0].valid_from)} từ "
            f"{format_date(held[0].valid_from)}: dùng “Bổ nhiệm lại” cho nhiệm kỳ mới.",
            "post",
            "Chức vụ",
        )
    reasons = _checked(actor=actor, person=current, post=post, unit=unit, kind=kind, on=on, decision=decision)
    if not concurrent:
        for a in _open(current, main_only=True):
            _close(a, on, R.APPOINTMENT)
    _no_duplicate(current, unit, post, on, concurrent)
    created = _create(
        actor=actor, person=current, unit=unit, post=post, on=on, reason=R.APPOINTMENT,
        decision=decision, concurrent=concurrent, reasons=reasons,
    )  # fmt: skip
    verb = "Bổ nhiệm kiêm nhiệm" if concurrent else "Bổ nhiệm"
    dossier_record(
        actor=actor,
        person=current,
        action="people.assignment.appoint",
        text=_event_text(verb, post, unit, on, decision),
        after=_assignment_state(created) | {"kind": kind},
    )
    return created


@transaction.atomic
def assignment_reappoint(
    *,
    actor: Actor,
    person: Person,
    version: int,
    assignment: Assignment,
    on: dt.date,
    extension: bool = False,
    decision: Decision = Decision(),
) -> Assignment:
    """Bổ nhiệm lại (or, `extension`, kéo dài thời gian giữ chức vụ đến tuổi nghỉ hưu): the open
    assignment of that post ends the day before `on` and a new one of the same post, unit and kind
    starts on `on`."""
    current = dossier_lock(actor=actor, person=person, version=version)
    old = _own_open_post(current, assignment)
    reason = R.EXTENSION if extension else R.REAPPOINTMENT
    kind = checks.EXTENSION if extension else checks.REAPPOINTMENT
    reasons = _checked(
        actor=actor, person=current, post=old.post, unit=old.unit, kind=kind, on=on, decision=decision
    )
    _close(old, on, reason)
    created = _create(
        actor=actor, person=current, unit=old.unit, post=old.post, on=on, reason=reason,
        decision=decision, concurrent=old.concurrent, reasons=reasons,
    )  # fmt: skip
    verb = "Kéo dài thời gian giữ chức vụ" if extension else "Bổ nhiệm lại"
    dossier_record(
        actor=actor,
        person=current,
        action="people.assignment.reappoint",
        text=_event_text(verb, old.post, old.unit, on, decision),
        before=_assignment_state(assignment),
        after=_assignment_state(created) | {"kind": kind},
    )
    return created


@transaction.atomic
def assignment_transfer(
    *,
    actor: Actor,
    person: Person,
    version: int,
    unit: Unit,
    on: dt.date,
    post: Post | None = None,
    rotation: bool = False,
    decision: Decision = Decision(),
) -> Assignment:
    """Điều động (or, `rotation`, luân chuyển): the person's open main assignments end the day before
    `on` and one in the other unit (with a post or none) starts on `on`; the file (Person.unit) goes to
    that unit. The unit must be within the actor's change scope."""
    current = dossier_lock(actor=actor, person=person, version=version)
    ensure_in_scope_unit(actor, unit.pk)
    leaving = _open(current, main_only=True)
    if any(a.unit_id == unit.pk for a in leaving):
        raise _refuse(
            f"{current.full_name} đang công tác tại {_unit_name(unit, on)}: chọn một đơn vị khác "
            "(đổi chức vụ trong cùng đơn vị là bổ nhiệm).",
            "unit",
            "Đơn vị",
        )
    reason = R.ROTATION if rotation else R.TRANSFER
    kind = checks.ROTATION if rotation else checks.TRANSFER
    reasons = _checked(actor=actor, person=current, post=post, unit=unit, kind=kind, on=on, decision=decision)
    for a in leaving:
        _close(a, on, reason)
    _no_duplicate(current, unit, post, on, False)
    created = _create(
        actor=actor, person=current, unit=unit, post=post, on=on, reason=reason,
        decision=decision, reasons=reasons,
    )  # fmt: skip
    moved_from = current.unit_id
    if moved_from != unit.pk:
        Person.objects.filter(pk=current.pk).update(unit=unit)
        current.unit = unit
    verb = "Luân chuyển" if rotation else "Điều động"
    dossier_record(
        actor=actor,
        person=current,
        action="people.assignment.transfer",
        text=_event_text(verb, post, unit, on, decision),
        before={"unit_id": moved_from, "ended": [a.pk for a in leaving]},
        after=_assignment_state(created) | {"unit_id": unit.pk},
    )
    return created


ENDINGS = (R.STEP_DOWN, R.RELIEVED)


@transaction.atomic
def assignment_end(
    *,
    actor: Actor,
    person: Person,
    version: int,
    assignment: Assignment,
    on: dt.date,
    reason: str = R.STEP_DOWN,
    stay_in_unit: bool = True,
    decision: Decision = Decision(),
) -> Assignment:
    """Thôi giữ chức vụ / miễn nhiệm: the open post ends the day before `on`. With `stay_in_unit`, a
    person left with no other main assignment stays in the unit without a post from `on`."""
    if reason not in ENDINGS:
        raise _refuse("Lý do kết thúc phải là “Thôi giữ chức vụ” hoặc “Miễn nhiệm”.", "reason", "Lý do")
    current = dossier_lock(actor=actor, person=person, version=version)
    old = _own_open_post(current, assignment)
    before = _assignment_state(old)
    _close(old, on, reason, decision)
    stays = None
    if stay_in_unit and not old.concurrent and not _open(current, main_only=True):
        _no_duplicate(current, old.unit, None, on, False)
        stays = _create(
            actor=actor, person=current, unit=old.unit, post=None, on=on, reason=reason, decision=Decision()
        )
    label = R(reason).label
    text = f"{label}: {_place(old.post, old.unit, old.valid_from)}, từ {format_date(on)}"
    text += f" ({decision.text()})" if decision.text() else ""
    if stays is not None:
        text += "; tiếp tục công tác tại đơn vị"
    dossier_record(
        actor=actor,
        person=current,
        action="people.assignment.end",
        text=text,
        before=before,
        after=_assignment_state(old) | {"stays": stays.pk if stays else None},
    )
    return old


def retirement_suggested(person: Person) -> dt.date:
    """The first day of retirement the law gives (people.retirement.pension_start: the day after the
    retirement date, Decree 135/2020/NĐ-CP art. 3): the day the assignments end."""
    return pension_start(person.birth_date, person.sex == "nam", birth_year_only=person.birth_year_only)


@transaction.atomic
def person_retire(
    *, actor: Actor, person: Person, version: int, on: dt.date, decision: Decision = Decision()
) -> list[Assignment]:
    """Nghỉ hưu from `on` (suggested: retirement_suggested): every open assignment ends the day before,
    reason "Nghỉ hưu"."""
    current = dossier_lock(actor=actor, person=person, version=version)
    ended = _open(current)
    if not ended:
        raise _refuse(f"{current.full_name} không có quá trình công tác nào đang mở.", "on", "Ngày")
    for a in ended:
        _close(a, on, R.RETIREMENT, decision)
    text = f"Nghỉ hưu từ {format_date(on)}" + (f" ({decision.text()})" if decision.text() else "")
    suggested = retirement_suggested(current)
    if on != suggested:
        text += f"; ngày nghỉ hưu theo quy định: {format_date(suggested)}"
    dossier_record(
        actor=actor,
        person=current,
        action="people.person.retire",
        text=text,
        after={"on": on, "ended": [a.pk for a in ended]},
    )
    return ended


def _own_open_post(person: Person, assignment: Assignment) -> Assignment:
    """The person's open assignment with a post, read again inside the transaction."""
    found = (
        person.assignments.filter(pk=assignment.pk, valid_to__isnull=True, post__isnull=False)
        .select_related("post", "unit")
        .first()
    )
    if found is None:
        raise _refuse(
            "Chức vụ đã chọn không còn đang giữ (đã kết thúc hoặc không có).", "assignment", "Chức vụ"
        )
    return found


# ---- adding a person -------------------------------------------------------------------------

FIRST_REASONS = (R.RECRUITMENT, R.APPOINTMENT, R.TRANSFER, R.ROTATION)


@transaction.atomic
def person_add(
    *,
    actor: Actor,
    data: dict[str, Any],
    unit: Unit,
    on: dt.date,
    post: Post | None = None,
    reason: str = R.RECRUITMENT,
    decision: Decision = Decision(),
) -> Person:
    """A new person (people.services.person_create) with their first place: in `unit` from `on`, with
    a post or none, for a reason (tuyển dụng, bổ nhiệm, điều động, luân chuyển). Their file is kept
    by that unit."""
    if reason not in FIRST_REASONS:
        raise _refuse("Lý do không hợp lệ cho nơi công tác đầu tiên.", "reason", "Lý do")
    if post is not None and reason == R.RECRUITMENT:
        reason = R.APPOINTMENT
    person = person_create(actor=actor, data={**data, "unit": unit})
    kinds: dict[str, str] = {R.TRANSFER: checks.TRANSFER, R.ROTATION: checks.ROTATION}
    kind = kinds.get(reason, checks.FIRST)
    reasons = _checked(actor=actor, person=person, post=post, unit=unit, kind=kind, on=on, decision=decision)
    first = _create(
        actor=actor, person=person, unit=unit, post=post, on=on, reason=reason, decision=decision,
        reasons=reasons,
    )  # fmt: skip
    dossier_record(
        actor=actor,
        person=person,
        action="people.assignment.first",
        text=_event_text(str(R(reason).label), post, unit, on, decision),
        after=_assignment_state(first),
    )
    return person


# ---- sub-records -----------------------------------------------------------------------------


def _evaluation_text(e: Any) -> str:
    return f"Năm {e.year}: {e.get_level_display()}"


def _discipline_text(d: Any) -> str:
    text = f"{d.get_form_display()}, ngày {format_date(d.decided_on)}"
    return text + (f", QĐ số {d.decision_number}" if d.decision_number else "")


def _training_text(t: Any) -> str:
    text = t.get_kind_display() + (f" — {t.level}" if t.level else "")
    text += f", {t.institution}" if t.institution else ""
    if t.started_on or t.finished_on:
        text += f" ({format_date(t.started_on)}–{format_date(t.finished_on)})"
    return text + (", ở nước ngoài" if t.abroad else "")


def _planning_text(p: Any) -> str:
    text = f"{p.post.name}, {_unit_name(p.unit, today())}, nhiệm kỳ {p.term_from}–{p.term_to}"
    text += f", QĐ số {p.decision_number}" if p.decision_number else ""
    return text + (f"; đưa ra khỏi quy hoạch ngày {format_date(p.removed_on)}" if p.removed_on else "")


def _conclusion_text(c: Any) -> str:
    verdict = "đủ tiêu chuẩn chính trị" if c.meets_standard else "chưa đủ tiêu chuẩn chính trị"
    text = f"Ngày {format_date(c.concluded_on)}: {verdict}"
    text += f" ({c.issuer})" if c.issuer else ""
    short = c.conclusion[:120] + ("…" if len(c.conclusion) > 120 else "")
    return text + (f" — {short}" if short else "")


@dataclass(frozen=True)
class RecordKind:
    """A kind of sub-record of the dossier: its model, the fields a form and the API write, its words."""

    name: str  # the code's name: "evaluation" (actions people.evaluation.create, …; the API's path)
    slug: str  # the page's address: "danh-gia"
    model: type[models.Model]
    related: str  # Person's related name
    fields: tuple[str, ...]
    title: str  # "Đánh giá, xếp loại"
    describe: Callable[[Any], str]
    order: tuple[str, ...] = ()

    def records(self, person: Person) -> models.QuerySet[Any]:
        found = getattr(person, self.related).all()
        if self.name == "planning":
            found = found.select_related("post", "unit")
        return found.order_by(*self.order) if self.order else found


RECORD_KINDS: dict[str, RecordKind] = {
    k.name: k
    for k in (
        RecordKind("evaluation", "danh-gia", Evaluation, "evaluations", ("year", "level"),
                   "Đánh giá, xếp loại", _evaluation_text, ("-year",)),
        RecordKind("discipline", "ky-luat", Discipline, "disciplines",
                   ("decided_on", "form", "decision_number", "reason"), "Kỷ luật", _discipline_text,
                   ("-decided_on", "-pk")),
        RecordKind("training", "dao-tao", Training, "trainings",
                   ("kind", "level", "institution", "started_on", "finished_on", "abroad"),
                   "Đào tạo, bồi dưỡng", _training_text, ("-started_on", "-pk")),
        RecordKind("planning", "quy-hoach", PlanningMembership, "planning",
                   ("post", "unit", "term_from", "term_to", "decision_number", "decision_date", "removed_on"),
                   "Quy hoạch", _planning_text, ("-term_from", "-pk")),
        RecordKind("conclusion", "tieu-chuan-chinh-tri", PoliticalConclusion, "political_conclusions",
                   ("concluded_on", "conclusion", "meets_standard", "issuer"),
                   "Kết luận tiêu chuẩn chính trị", _conclusion_text, ("-concluded_on", "-pk")),
    )
}  # fmt: skip
RECORD_SLUGS = {k.slug: k for k in RECORD_KINDS.values()}


@dataclass
class RecordSaved:
    record: Any
    message: str = ""  # what the user should know (an evaluation of that year was there: corrected)
    created: bool = True
    extra: dict[str, Any] = field(default_factory=dict)


def _record_rules(kind: RecordKind, actor: Actor, obj: Any) -> None:
    """What crosses fields or rows, beyond the model's own checks."""
    if kind.name == "evaluation" and obj.year is not None and not 1975 <= obj.year <= today().year:
        raise _refuse(f"Năm đánh giá phải từ 1975 đến {today().year}.", "year", "Năm")
    if kind.name == "training" and obj.started_on and obj.finished_on and obj.finished_on < obj.started_on:
        raise _refuse("Ngày kết thúc phải không trước ngày bắt đầu.", "finished_on", "Đến ngày")
    if kind.name == "planning":
        if obj.term_from and obj.term_to and obj.term_to < obj.term_from:
            raise _refuse("Nhiệm kỳ: năm kết thúc phải không trước năm bắt đầu.", "term_to", "Đến năm")
        if obj.unit_id:
            ensure_in_scope_unit(actor, obj.unit_id)
        if obj.pk is None and obj.post_id and obj.unit_id and obj.term_from and obj.term_to:
            _planning_entry_checks(actor, obj)


def _planning_entry_checks(actor: Actor, entry: PlanningMembership) -> None:
    """A new planning-pool entry asks each function named in the setting CANBO_PLANNING_ENTRY_CHECKS
    (the planning app's rules: 3 per post, 3 posts per person, only higher posts, the political-standard
    gate…), called as check(actor=, person=, post=, unit=, term_from=, term_to=, on=) on the decision's
    day (today without one). A refusal (InputRejected) writes nothing. A corrected entry is not asked
    again: the rules count the entries already there, this one among them."""
    from django.conf import settings
    from django.utils.module_loading import import_string

    for path in getattr(settings, "CANBO_PLANNING_ENTRY_CHECKS", []):
        import_string(path)(
            actor=actor,
            person=entry.person,
            post=entry.post,
            unit=entry.unit,
            term_from=entry.term_from,
            term_to=entry.term_to,
            on=entry.decision_date or today(),
        )


@transaction.atomic
def person_record_save(
    *,
    actor: Actor,
    person: Person,
    version: int,
    kind: str,
    data: dict[str, Any],
    record: Any = None,
) -> RecordSaved:
    """Add a sub-record of `kind` (RECORD_KINDS), or correct `record` (one of the person's). An
    evaluation is one a year: adding one for a year already evaluated corrects that year's, and says so."""
    spec = RECORD_KINDS[kind]
    current = dossier_lock(actor=actor, person=person, version=version)
    values = {k: v for k, v in data.items() if k in spec.fields}
    message = ""
    if record is not None:
        record = _own_record(spec, current, record.pk)
    elif kind == "evaluation" and values.get("year") is not None:
        record = current.evaluations.filter(year=values["year"]).first()
        if record is not None:
            message = (
                f"Đã có đánh giá năm {record.year} ({record.get_level_display()}): đã sửa thành "
                f"“{Evaluation(level=values.get('level', record.level)).get_level_display()}”."
            )
    created = record is None
    obj: Any = spec.model(person=current) if created else record
    before = None if created else snapshot(obj, list(spec.fields))
    old_text = "" if created else spec.describe(obj)
    for name, value in values.items():
        setattr(obj, name, value)
    _record_rules(spec, actor, obj)
    if kind == "evaluation" and not created and current.evaluations.filter(year=obj.year).exclude(pk=obj.pk):
        raise _refuse(f"Đã có đánh giá năm {obj.year}: sửa mục của năm đó.", "year", "Năm")
    clean_or_reject(obj)
    obj.save()
    verb = "create" if created else "update"
    text = spec.describe(obj) if created else f"{old_text} → {spec.describe(obj)}"
    dossier_record(
        actor=actor,
        person=current,
        action=f"people.{kind}.{verb}",
        text=text,
        before=before,
        after=snapshot(obj, list(spec.fields)) | {"id": obj.pk},
    )
    return RecordSaved(obj, message, created)


@transaction.atomic
def person_record_delete(*, actor: Actor, person: Person, version: int, kind: str, record: Any) -> None:
    """Delete one of the person's sub-records (an entry made by mistake); the audit keeps its values."""
    spec = RECORD_KINDS[kind]
    current = dossier_lock(actor=actor, person=person, version=version)
    obj = _own_record(spec, current, record.pk)
    before = snapshot(obj, list(spec.fields)) | {"id": obj.pk}
    text = spec.describe(obj)
    obj.delete()
    dossier_record(actor=actor, person=current, action=f"people.{kind}.delete", text=text, before=before)


def _own_record(spec: RecordKind, person: Person, pk: Any) -> Any:
    found = spec.records(person).filter(pk=pk).first()
    if found is None:
        raise _refuse(f"Mục “{spec.title}” này không còn trong hồ sơ (đã bị xóa).", "record")
    return found
