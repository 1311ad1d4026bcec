"""Writes of the training app: the catalogue and the classes (Sở Nội vụ's), an agency proposing its
people, Sở Nội vụ approving or refusing, attendance and results, and the completion of a class, which
writes the registry: the training record of each person who passed (people.records.person_record_save),
a higher political-theory or state-management level (people.services.person_update), and for a
language class the level of that language from the certificate's date (people.LanguageSkill, only
upward). Each: atomic, checked, scoped to the actor's part of the organisation, audited.

The yearly plan's writes are in training.plans; the language programme's cohorts here."""

import datetime as dt
import logging
from decimal import Decimal
from typing import Any

from django.db import transaction

from canbo.accounts.scope import is_home_affairs, user_can
from canbo.audit.services import audit_record, model_update, snapshot
from canbo.core.actors import Actor
from canbo.core.dates import format_date, today
from canbo.core.errors import Conflict, InputRejected, NotAllowed, OutOfScope, RowError, clean_or_reject
from canbo.core.scoping import visible_unit_ids
from canbo.people import catalogues
from canbo.people.choices import TrainingKind
from canbo.people.dossier import dossier_lock, dossier_record
from canbo.people.models import LanguageSkill, Person
from canbo.people.records import person_record_save
from canbo.people.services import person_update
from canbo.training import rules
from canbo.training.choices import HOLDS_PLACE, ClassStatus, EnrolmentStatus
from canbo.training.models import Course, Enrolment, ProgrammeCohort, TrainingClass

__all__ = [
    "attendance_record",
    "class_complete",
    "class_create",
    "class_update",
    "cohort_save",
    "course_create",
    "course_update",
    "enrolment_decide",
    "enrolment_propose",
    "result_record",
]

COURSE_FIELDS = [
    "code",
    "name",
    "kind",
    "level",
    "language",
    "language_level",
    "defence_group",
    "key_cadre_update",
    "duration_days",
    "cost_per_person",
    "note",
]
CLASS_FIELDS = [
    "course",
    "name",
    "year",
    "starts_on",
    "ends_on",
    "place",
    "provider",
    "cost",
    "capacity",
    "organiser",
    "status",
    "certified_on",
    "plan_line",
]
RESULT_FIELDS = ["status", "result", "certificate_number", "certificate_date"]
logger = logging.getLogger(__name__)


def _home_affairs(actor: Actor) -> None:
    """The catalogue, the classes, approvals and results are Sở Nội vụ's (and the administrators')."""
    if not user_can(actor, "change") or not is_home_affairs(actor):
        raise NotAllowed("Chỉ Sở Nội vụ ghi việc này.")


def _may_change_unit(actor: Actor, unit_id: int) -> None:
    if not user_can(actor, "change"):
        raise NotAllowed("Vai trò của bạn chỉ được xem, không được đề nghị cử người đi học.")
    scope = visible_unit_ids(actor, "change")
    if scope is not None and unit_id not in scope:
        raise OutOfScope()


def _refuse(message: str, field: str = "", column: str = "") -> InputRejected:
    return InputRejected([RowError(message, column=column, field=field)])


# --- the catalogue ---------------------------------------------------------------------------------


@transaction.atomic
def course_create(*, actor: Actor, data: dict[str, Any]) -> Course:
    _home_affairs(actor)
    course = Course(**{k: v for k, v in data.items() if k in COURSE_FIELDS})
    clean_or_reject(course)
    course.save()
    audit_record(
        actor=actor, action="training.course.create", obj=course, after=snapshot(course, COURSE_FIELDS)
    )
    return course


@transaction.atomic
def course_update(*, actor: Actor, course: Course, data: dict[str, Any]) -> Course:
    _home_affairs(actor)
    changes = {k: v for k, v in data.items() if k in COURSE_FIELDS}
    return model_update(actor=actor, obj=course, changes=changes, action="training.course.update")


# --- classes ---------------------------------------------------------------------------------------


def _class_checks(training_class: TrainingClass) -> None:
    if (
        training_class.course_id
        and training_class.certified_on
        and training_class.course.kind != TrainingKind.LANGUAGE
    ):
        raise _refuse("Chỉ lớp ngoại ngữ mới ghi ngày cấp chứng chỉ của cả lớp.", "certified_on")


@transaction.atomic
def class_create(*, actor: Actor, data: dict[str, Any]) -> TrainingClass:
    _home_affairs(actor)
    training_class = TrainingClass(**{k: v for k, v in data.items() if k in CLASS_FIELDS})
    if training_class.status == ClassStatus.COMPLETED:
        raise _refuse("Lớp mới không thể ở trạng thái đã kết thúc: ghi kết quả rồi kết thúc lớp.", "status")
    _class_checks(training_class)
    clean_or_reject(training_class)
    training_class.save()
    audit_record(
        actor=actor,
        action="training.class.create",
        obj=training_class,
        after=snapshot(training_class, CLASS_FIELDS),
    )
    return training_class


@transaction.atomic
def class_update(*, actor: Actor, training_class: TrainingClass, data: dict[str, Any]) -> TrainingClass:
    """Change a class not yet completed (a completed one has written the registry: not changed here)."""
    _home_affairs(actor)
    changes = {k: v for k, v in data.items() if k in CLASS_FIELDS}
    if changes.get("status") == ClassStatus.COMPLETED:
        raise _refuse("Kết thúc lớp bằng nút “Kết thúc lớp, ghi vào hồ sơ”.", "status")

    def prepare(current: TrainingClass) -> None:
        if TrainingClass.objects.filter(pk=current.pk, status=ClassStatus.COMPLETED).exists():
            raise Conflict("Lớp đã kết thúc và đã ghi vào hồ sơ; không sửa được nữa.")
        _class_checks(current)

    return model_update(
        actor=actor, obj=training_class, changes=changes, action="training.class.update", prepare=prepare
    )


def _open_class(training_class: TrainingClass) -> TrainingClass:
    current = TrainingClass.objects.select_for_update().select_related("course").get(pk=training_class.pk)
    if current.status in (ClassStatus.COMPLETED, ClassStatus.CANCELLED):
        raise Conflict(f"Lớp “{current.name}” {current.get_status_display().lower()}; không ghi thêm được.")
    return current


# --- enrolment ----------------------------------------------------------------------------------------


def _language_level(person: Person, language: str) -> int | None:
    skill = LanguageSkill.objects.filter(person=person, language=language).first()
    return skill.level if skill is not None else None


@transaction.atomic
def enrolment_propose(*, actor: Actor, training_class: TrainingClass, person: Person) -> Enrolment:
    """An agency proposes one of its people (the person's file is within the actor's change scope; Sở
    Nội vụ may propose anyone). A person is in a class once; a class whose proposals already fill its
    places takes no more."""
    current = _open_class(training_class)
    _may_change_unit(actor, person.unit_id)
    if Enrolment.objects.filter(training_class=current, person=person).exists():
        raise Conflict(f"{person.full_name} đã có trong danh sách lớp “{current.name}”.")
    held = Enrolment.objects.filter(training_class=current, status__in=HOLDS_PLACE).count()
    if held >= current.capacity:
        raise Conflict(f"Lớp “{current.name}” đã đủ {current.capacity} học viên được đề nghị.")
    course = current.course
    enrolment = Enrolment(
        training_class=current,
        person=person,
        unit_id=person.unit_id,
        proposed_by=actor,  # type: ignore[misc]
        proposed_on=today(),
        level_before=_language_level(person, course.language)
        if course.kind == TrainingKind.LANGUAGE
        else None,
    )
    clean_or_reject(enrolment)
    enrolment.save()
    audit_record(
        actor=actor,
        action="training.enrolment.propose",
        obj=enrolment,
        after={"class_id": current.pk, "person_id": person.pk, "unit_id": person.unit_id},
        note=f"{person.full_name} — {current.name}",
    )
    return enrolment


def _locked_enrolment(actor: Actor, enrolment: Enrolment) -> Enrolment:
    current = (
        Enrolment.objects.select_for_update().select_related("person", "training_class").get(pk=enrolment.pk)
    )
    _may_change_unit(actor, current.unit_id)
    return current


def _transition(
    actor: Actor, enrolment: Enrolment, allowed: tuple[str, ...], status: str, action: str, **fields: Any
) -> Enrolment:
    _open_class(enrolment.training_class)
    current = _locked_enrolment(actor, enrolment)
    if current.status not in allowed:
        raise Conflict(
            f"{current.person.full_name}: đang ở trạng thái “{current.get_status_display()}”, không "
            f"chuyển sang “{EnrolmentStatus(status).label}” được."
        )
    before = snapshot(current, ["status", *fields])
    current.status = status
    for name, value in fields.items():
        setattr(current, name, value)
    clean_or_reject(current)
    current.save()
    audit_record(
        actor=actor,
        action=action,
        obj=current,
        before=before,
        after=snapshot(current, ["status", *fields]),
        note=f"{current.person.full_name} — {current.training_class.name}",
    )
    return current


@transaction.atomic
def enrolment_decide(*, actor: Actor, enrolment: Enrolment, approve: bool, note: str = "") -> Enrolment:
    """Sở Nội vụ approves or refuses a proposal (a decision may be changed while the class is open)."""
    _home_affairs(actor)
    if approve:
        training_class = TrainingClass.objects.get(pk=enrolment.training_class_id)
        approved = Enrolment.objects.filter(
            training_class=training_class,
            status__in=(
                EnrolmentStatus.APPROVED,
                EnrolmentStatus.ATTENDED,
                EnrolmentStatus.PASSED,
                EnrolmentStatus.FAILED,
            ),
        ).exclude(pk=enrolment.pk)
        if approved.count() >= training_class.capacity:
            raise Conflict(f"Lớp “{training_class.name}” đã duyệt đủ {training_class.capacity} học viên.")
    return _transition(
        actor,
        enrolment,
        (EnrolmentStatus.PROPOSED, EnrolmentStatus.APPROVED, EnrolmentStatus.REFUSED),
        EnrolmentStatus.APPROVED if approve else EnrolmentStatus.REFUSED,
        "training.enrolment.approve" if approve else "training.enrolment.refuse",
        decided_on=today(),
        decision_note=note.strip(),
    )


@transaction.atomic
def attendance_record(*, actor: Actor, enrolment: Enrolment, attended: bool) -> Enrolment:
    """Whether an approved learner attended (the class's own record, entered by Sở Nội vụ)."""
    _home_affairs(actor)
    return _transition(
        actor,
        enrolment,
        (EnrolmentStatus.APPROVED, EnrolmentStatus.ATTENDED, EnrolmentStatus.ABSENT),
        EnrolmentStatus.ATTENDED if attended else EnrolmentStatus.ABSENT,
        "training.enrolment.attendance",
    )


@transaction.atomic
def result_record(
    *,
    actor: Actor,
    enrolment: Enrolment,
    passed: bool,
    result: str = "",
    certificate_number: str = "",
    certificate_date: dt.date | None = None,
) -> Enrolment:
    """A learner's result: passed or failed, the grade, the certificate's number and date. An approved
    learner with a result attended."""
    _home_affairs(actor)
    training_class = TrainingClass.objects.get(pk=enrolment.training_class_id)
    if certificate_date is not None and certificate_date < training_class.starts_on:
        raise _refuse(
            f"Ngày cấp chứng chỉ ({format_date(certificate_date)}) trước ngày khai giảng "
            f"({format_date(training_class.starts_on)}).",
            "certificate_date",
            "Ngày cấp",
        )
    return _transition(
        actor,
        enrolment,
        (EnrolmentStatus.APPROVED, EnrolmentStatus.ATTENDED, EnrolmentStatus.PASSED, EnrolmentStatus.FAILED),
        EnrolmentStatus.PASSED if passed else EnrolmentStatus.FAILED,
        "training.enrolment.result",
        result=result.strip(),
        certificate_number=certificate_number.strip(),
        certificate_date=certificate_date,
    )


# --- completing a class: the registry ----------------------------------------------------------------


def _training_level(course: Course) -> str:
    return course.level_label()[:100]


def _certificate_day(enrolment: Enrolment, training_class: TrainingClass) -> dt.date:
    """From when the level counts: the learner's certificate, else the class's, else its last day."""
    return enrolment.certificate_date or training_class.certified_on or training_class.ends_on


def _write_registry(actor: Actor, enrolment: Enrolment, training_class: TrainingClass) -> list[str]:
    """The person's training record and levels after passing; returns what changed, in words."""
    course = training_class.course
    person = Person.objects.get(pk=enrolment.person_id)
    done: list[str] = []
    saved = person_record_save(
        actor=actor,
        person=person,
        version=person.version,
        kind="training",
        data={
            "kind": course.kind,
            "level": _training_level(course),
            "institution": training_class.provider[:255],
            "started_on": training_class.starts_on,
            "finished_on": training_class.ends_on,
            "abroad": False,
        },
    )
    done.append("quá trình đào tạo")
    person = Person.objects.get(pk=person.pk)
    field = {
        TrainingKind.POLITICAL: "political_theory",
        TrainingKind.STATE_MANAGEMENT: "state_management",
    }.get(
        course.kind  # type: ignore[call-overload]
    )
    if field:
        catalogue = (
            catalogues.POLITICAL_THEORY if field == "political_theory" else catalogues.STATE_MANAGEMENT
        )
        ranks = {entry.code: entry.rank for entry in catalogue}
        if rules.raises_level(getattr(person, field), course.level, ranks):
            person_update(actor=actor, person=person, data={field: course.level}, version=person.version)
            done.append(f"{catalogue.title.lower()}: {catalogue.label(course.level)}")
    if course.kind == TrainingKind.LANGUAGE and course.language_level:
        person = Person.objects.get(pk=person.pk)
        current = dossier_lock(actor=actor, person=person, version=person.version)
        skill = LanguageSkill.objects.filter(person=current, language=course.language).first()
        before_level = skill.level if skill else None
        level = rules.language_level_after(before_level, course.language_level)
        if skill is None or level != before_level:
            day = _certificate_day(enrolment, training_class)
            before = {
                "language": course.language,
                "level": before_level,
                "certified_on": skill and skill.certified_on,
            }
            skill = skill or LanguageSkill(person=current, language=course.language)
            skill.level, skill.certified_on = level, day
            skill.save()
            dossier_record(
                actor=actor,
                person=current,
                action="training.language.certify",
                text=f"{catalogues.LANGUAGES.label(course.language)} "
                f"{catalogues.language_level_name(level)}, từ ngày {format_date(day)} "
                f"({training_class.name})",
                before=before,
                after={"language": course.language, "level": level, "certified_on": day},
            )
            done.append(f"ngoại ngữ bậc {level} từ {format_date(day)}")
    enrolment.recorded = True
    enrolment.save(update_fields=["recorded"])
    logger.info("training record written for enrolment %s (%s)", enrolment.pk, saved.record.pk)
    return done


@transaction.atomic
def class_complete(
    *, actor: Actor, training_class: TrainingClass, certified_on: dt.date | None = None
) -> int:
    """End a class: every learner with a result, none left only approved; each one who passed gets
    the registry's record (see the module). Returns how many records were written. Refused, writing
    nothing, while any approved learner has no result or attendance."""
    _home_affairs(actor)
    current = _open_class(training_class)
    if certified_on is not None:
        if current.course.kind != TrainingKind.LANGUAGE:
            raise _refuse("Chỉ lớp ngoại ngữ mới ghi ngày cấp chứng chỉ của cả lớp.", "certified_on")
        current.certified_on = certified_on
    pending = list(
        Enrolment.objects.filter(
            training_class=current, status__in=(EnrolmentStatus.APPROVED, EnrolmentStatus.ATTENDED)
        )
        .select_related("person")
        .order_by("person__sort_key")
    )
    if pending:
        names = ", ".join(e.person.full_name for e in pending[:5]) + ("…" if len(pending) > 5 else "")
        raise Conflict(f"Còn {len(pending)} học viên chưa có kết quả: {names}.")
    before = snapshot(current, ["status", "certified_on", "completed_on"])
    passed = list(
        Enrolment.objects.filter(training_class=current, status=EnrolmentStatus.PASSED, recorded=False)
    )
    for enrolment in passed:
        _write_registry(actor, enrolment, current)
    current.status = ClassStatus.COMPLETED
    current.completed_on = today()
    clean_or_reject(current)
    current.save()
    audit_record(
        actor=actor,
        action="training.class.complete",
        obj=current,
        before=before,
        after=snapshot(current, ["status", "certified_on", "completed_on"]) | {"recorded": len(passed)},
        note=f"{current.name}: {len(passed)} học viên đạt, đã ghi vào hồ sơ",
    )
    return len(passed)


# --- the language programme ----------------------------------------------------------------------------


COHORT_FIELDS = ["name", "year", "language", "level", "completes_on", "places", "training_class"]


@transaction.atomic
def cohort_save(
    *, actor: Actor, data: dict[str, Any], cohort: ProgrammeCohort | None = None
) -> ProgrammeCohort:
    """Add a cohort of the language programme (a language class, or planned unnamed places), or change
    one. The level is the class's course level when it has a class."""
    _home_affairs(actor)
    values = {k: v for k, v in data.items() if k in COHORT_FIELDS}
    linked = values.get("training_class")
    if linked is not None:
        course = linked.course
        if course.kind != TrainingKind.LANGUAGE:
            raise _refuse("Khóa của chương trình ngoại ngữ chỉ gắn với một lớp ngoại ngữ.", "training_class")
        values.setdefault("level", course.language_level)
        values.setdefault("language", course.language)
    if cohort is not None:
        return model_update(actor=actor, obj=cohort, changes=values, action="training.cohort.update")
    created = ProgrammeCohort(**values)
    if created.places and created.places < 0:
        raise _refuse("Số chỉ tiêu không âm.", "places")
    clean_or_reject(created)
    created.save()
    audit_record(
        actor=actor, action="training.cohort.create", obj=created, after=snapshot(created, COHORT_FIELDS)
    )
    return created


def decimal(value: Any) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))
