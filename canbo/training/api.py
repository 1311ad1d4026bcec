"""/api/training/: the catalogue, the classes and the enrolments the user may see (read), an agency
proposing one of its people and Sở Nội vụ approving or refusing (write), the language programme's
cohorts. Every read of enrolments is scoped: an enrolment outside the user's part of the organisation
answers 404, a role that only reads answers 403 to a write (docs/training.md)."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Path, Query, Router, Schema, Status

from canbo.core.errors import NotFound
from canbo.people.models import Person
from canbo.training import selectors, services
from canbo.training.models import Course, Enrolment, TrainingClass

router = Router(tags=["Đào tạo, bồi dưỡng"])

MAX_ID = 2**62


class TrainingCourseOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    level: str
    level_label: str
    language: str
    language_level: int | None
    defence_group: int | None
    key_cadre_update: bool
    duration_days: int | None


class TrainingClassOut(Schema):
    id: int
    course_id: int
    name: str
    year: int
    starts_on: dt.date
    ends_on: dt.date
    place: str
    provider: str
    cost: int | None
    capacity: int
    organiser_id: int
    status: str
    certified_on: dt.date | None
    held: int


class TrainingEnrolmentOut(Schema):
    id: int
    class_id: int
    person_id: int
    full_name: str
    unit_id: int
    status: str
    proposed_on: dt.date
    decided_on: dt.date | None
    level_before: int | None
    result: str
    certificate_number: str
    certificate_date: dt.date | None
    recorded: bool


class TrainingProposeIn(Schema):
    person_id: int


class TrainingDecideIn(Schema):
    approve: bool
    note: str = ""


class LanguageCohortOut(Schema):
    name: str
    completes_on: dt.date
    level: int
    person_ids: list[int]
    places: int


def _course(c: Course) -> dict[str, Any]:
    return {
        "id": c.pk,
        "code": c.code,
        "name": c.name,
        "kind": c.kind,
        "level": c.level,
        "level_label": c.level_label(),
        "language": c.language,
        "language_level": c.language_level,
        "defence_group": c.defence_group,
        "key_cadre_update": c.key_cadre_update,
        "duration_days": c.duration_days,
    }


def _class(c: TrainingClass) -> dict[str, Any]:
    return {
        "id": c.pk,
        "course_id": c.course_id,
        "name": c.name,
        "year": c.year,
        "starts_on": c.starts_on,
        "ends_on": c.ends_on,
        "place": c.place,
        "provider": c.provider,
        "cost": int(c.cost) if c.cost is not None else None,
        "capacity": c.capacity,
        "organiser_id": c.organiser_id,
        "status": c.status,
        "certified_on": c.certified_on,
        "held": getattr(c, "held", 0),
    }


def _enrolment(e: Enrolment) -> dict[str, Any]:
    return {
        "id": e.pk,
        "class_id": e.training_class_id,
        "person_id": e.person_id,
        "full_name": e.person.full_name,
        "unit_id": e.unit_id,
        "status": e.status,
        "proposed_on": e.proposed_on,
        "decided_on": e.decided_on,
        "level_before": e.level_before,
        "result": e.result,
        "certificate_number": e.certificate_number,
        "certificate_date": e.certificate_date,
        "recorded": e.recorded,
    }


def _found_class(class_id: int) -> TrainingClass:
    found = TrainingClass.objects.select_related("course").filter(pk=class_id).first()
    if found is None:
        raise NotFound("Không có lớp này.")
    return found


@router.get("/courses", response=list[TrainingCourseOut], summary="Danh mục chương trình đào tạo, bồi dưỡng")
def courses(request: HttpRequest, kind: str = "") -> list[dict[str, Any]]:
    return [_course(c) for c in selectors.courses_list(user=request.user, kind=kind)]


@router.get("/classes", response=list[TrainingClassOut], summary="Các lớp (lọc theo năm, loại, trạng thái)")
def classes(
    request: HttpRequest,
    year: int | None = Query(None, ge=2000, le=2100),
    kind: str = "",
    status: str = "",
) -> list[dict[str, Any]]:
    return [_class(c) for c in selectors.classes_list(user=request.user, year=year, kind=kind, status=status)]


@router.get(
    "/classes/{class_id}/enrolments",
    response=list[TrainingEnrolmentOut],
    summary="Học viên của lớp trong phạm vi",
)
def enrolments(request: HttpRequest, class_id: int = Path(..., ge=1, le=MAX_ID)) -> list[dict[str, Any]]:
    found = _found_class(class_id)
    return [_enrolment(e) for e in selectors.enrolments_of(user=request.user, training_class=found)]


@router.post(
    "/classes/{class_id}/enrolments",
    response={201: TrainingEnrolmentOut},
    summary="Cơ quan đề nghị cử một người của mình đi học",
)
def propose(
    request: HttpRequest, payload: TrainingProposeIn, class_id: int = Path(..., ge=1, le=MAX_ID)
) -> Status:
    found = _found_class(class_id)
    person = Person.objects.restrict(request.user, "view").filter(pk=payload.person_id).first()  # type: ignore[attr-defined]
    if person is None:
        raise NotFound("Không có người này.")
    enrolment = services.enrolment_propose(actor=request.user, training_class=found, person=person)
    return Status(201, _enrolment(enrolment))


@router.post(
    "/enrolments/{enrolment_id}/decision", response=TrainingEnrolmentOut, summary="Sở Nội vụ duyệt hoặc không"
)
def decide(
    request: HttpRequest, payload: TrainingDecideIn, enrolment_id: int = Path(..., ge=1, le=MAX_ID)
) -> dict[str, Any]:
    found = selectors.enrolment_for(user=request.user, pk=enrolment_id)
    done = services.enrolment_decide(
        actor=request.user, enrolment=found, approve=payload.approve, note=payload.note
    )
    return _enrolment(done)


@router.get(
    "/language-cohorts", response=list[LanguageCohortOut], summary="Các khóa của chương trình ngoại ngữ"
)
def language_cohorts(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "name": c.name,
            "completes_on": c.completes_on,
            "level": c.level,
            "person_ids": list(c.person_ids),
            "places": c.places,
        }
        for c in selectors.language_cohorts(user=request.user)
    ]
