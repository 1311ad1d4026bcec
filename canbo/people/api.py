"""Registry endpoints: list with the page's filters and paging, detail, create, update with
optimistic locking (a stale version answers 409 and changes nothing).

What a GET returns is what a PUT or PATCH takes: every editable field is in both, so a round trip
keeps every value; a field left out of an update is left as it is. The CCCD and the sensitive fields
(ethnicity, religion, Party membership) are returned only to the roles doing personnel work, and
each such read is recorded (people.services.sensitive_access_record)."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from canbo.core.entry import ApiDate, api_date
from canbo.core.errors import InputRejected, NotAllowed, OutOfScope, RowError
from canbo.people.models import Assignment, Person, Post
from canbo.people.records import (
    RECORD_KINDS,
    Decision,
    RecordSaved,
    assignment_appoint,
    assignment_end,
    assignment_reappoint,
    assignment_transfer,
    person_record_delete,
    person_record_save,
    person_retire,
    retirement_suggested,
)
from canbo.people.selectors import PeopleFilter, can_see_sensitive, people_page, person_get
from canbo.people.services import (
    EDITABLE,
    SENSITIVE_FIELDS,
    person_create,
    person_update,
    sensitive_access_record,
)

router = Router(tags=["Cán bộ"])

MAX_PAGE_SIZE = 200
AGE = {"ge": 0, "le": 120}


class PersonOut(Schema):
    id: int
    version: int
    full_name: str
    other_names: str
    birth_date: dt.date
    birth_year_only: bool
    sex: str
    hometown: str
    unit_code: str
    staff_category: str
    rank_code: str
    rank_name: str
    salary_step: int | None
    salary_coefficient: Decimal | None
    general_education: str
    qualification: str
    qualification_field: str
    political_theory: str
    state_management: str
    it_level: str
    degree_abroad: bool
    recruited_on: dt.date | None
    # Only for the roles doing personnel work (None for the others), each read recorded:
    cccd: str | None = None
    ethnicity: str | None = None
    religion: str | None = None
    party_joined: dt.date | None = None
    party_full: dt.date | None = None


class PersonPage(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    results: list[PersonOut]


_NAME = Field(min_length=1, max_length=150)
_TEXT = Field(default="", max_length=255)


class PersonIn(Schema):
    """A new person: the fields of the personal record (Mẫu 2C) canbo keeps."""

    full_name: str = _NAME
    other_names: str = Field(default="", max_length=150)
    birth_date: ApiDate
    birth_year_only: bool = False
    sex: str
    ethnicity: str
    religion: str = "00"
    hometown: str = _TEXT
    cccd: str | None = Field(default=None, max_length=12)
    unit_code: str = Field(max_length=40)
    staff_category: str
    rank_code: str = Field(default="", max_length=20)
    rank_name: str = Field(default="", max_length=100)
    salary_step: int | None = Field(default=None, ge=1, le=20)
    salary_coefficient: Decimal | None = Field(default=None, ge=0, le=20, max_digits=4, decimal_places=2)
    general_education: str = Field(default="", max_length=10)
    qualification: str = ""
    qualification_field: str = Field(default="", max_length=200)
    political_theory: str = ""
    state_management: str = ""
    it_level: str = Field(default="", max_length=100)
    degree_abroad: bool = False
    party_joined: ApiDate | None = None
    party_full: ApiDate | None = None
    recruited_on: ApiDate | None = None


class PersonChange(Schema):
    """An update: `version` is the one read; every other field is optional and left as it is when
    left out (null clears a field that may be empty)."""

    version: int = Field(ge=1)
    full_name: str | None = Field(default=None, min_length=1, max_length=150)
    other_names: str | None = Field(default=None, max_length=150)
    birth_date: ApiDate | None = None
    birth_year_only: bool | None = None
    sex: str | None = None
    ethnicity: str | None = None
    religion: str | None = None
    hometown: str | None = Field(default=None, max_length=255)
    cccd: str | None = Field(default=None, max_length=12)
    unit_code: str | None = Field(default=None, max_length=40)
    staff_category: str | None = None
    rank_code: str | None = Field(default=None, max_length=20)
    rank_name: str | None = Field(default=None, max_length=100)
    salary_step: int | None = Field(default=None, ge=1, le=20)
    salary_coefficient: Decimal | None = Field(default=None, ge=0, le=20, max_digits=4, decimal_places=2)
    general_education: str | None = Field(default=None, max_length=10)
    qualification: str | None = None
    qualification_field: str | None = Field(default=None, max_length=200)
    political_theory: str | None = None
    state_management: str | None = None
    it_level: str | None = Field(default=None, max_length=100)
    degree_abroad: bool | None = None
    party_joined: ApiDate | None = None
    party_full: ApiDate | None = None
    recruited_on: ApiDate | None = None


class Problem(Schema):
    detail: str


def _out(person: Person, sensitive: bool) -> dict[str, object]:
    data: dict[str, object] = {
        name: getattr(person, name) for name in EDITABLE if name != "unit" and name not in SENSITIVE_FIELDS
    }
    data |= {"id": person.pk, "version": person.version, "unit_code": person.unit.code}
    if sensitive:
        data |= {name: getattr(person, name) for name in SENSITIVE_FIELDS}
    return data


@router.get("/people", response=PersonPage, summary="Danh sách cán bộ (lọc, phân trang)")
def people(
    request: HttpRequest,
    q: str = Query("", max_length=150),
    unit_id: int | None = Query(None, ge=1, le=2**62),
    as_of: str | None = None,
    leaders_only: bool = False,
    age_from: int | None = Query(None, **AGE),
    age_to: int | None = Query(None, **AGE),
    sex: str = Query("", max_length=3),
    category: str = Query("", max_length=20),
    page: int = Query(1, ge=1, le=1_000_000),
    page_size: int = Query(50, ge=1, le=MAX_PAGE_SIZE),
) -> dict[str, object]:
    """At most MAX_PAGE_SIZE people a page. The list carries no CCCD or sensitive field: they are read
    one person at a time, and each read is recorded."""
    f = PeopleFilter(
        q=q,
        unit_id=unit_id,
        as_of=api_date(as_of),
        leaders_only=leaders_only,
        age_from=age_from,
        age_to=age_to,
        sex=sex,
        category=category,
    )
    result = people_page(user=request.user, f=f, page=page, per_page=page_size)
    return {
        "count": result.paginator.count,
        "page": result.number,
        "pages": result.paginator.num_pages,
        "page_size": page_size,
        "results": [_out(p, sensitive=False) for p in result],
    }


@router.get("/people/{person_id}", response={200: PersonOut, 404: Problem}, summary="Một hồ sơ")
def person(request: HttpRequest, person_id: int) -> dict[str, object]:
    found = person_get(user=request.user, pk=person_id)
    sensitive = can_see_sensitive(request.user)
    if sensitive:
        sensitive_access_record(actor=request.user, person=found, where="api")
    return _out(found, sensitive)


def _data(request: HttpRequest, payload: dict[str, Any]) -> dict[str, Any]:
    """The payload's fields as the services take them; the unit by its code."""
    from canbo.org.models import Unit

    if not can_see_sensitive(request.user) and any(
        payload.get(name) is not None for name in SENSITIVE_FIELDS
    ):
        raise NotAllowed("Bạn không được ghi số CCCD và các thông tin nhạy cảm.")
    data = dict(payload)
    data.pop("version", None)
    if "unit_code" in data:
        code = data.pop("unit_code")
        unit = Unit.objects.filter(code=code).first() if code else None
        if unit is None:
            raise InputRejected(
                [RowError(f"Không có đơn vị mã “{code}”.", column="Mã đơn vị", field="unit_code")]
            )
        data["unit"] = unit
    return data


@router.post(
    "/people",
    response={201: PersonOut, 403: Problem, 422: Problem},
    summary="Thêm hồ sơ",
)
def create(request: HttpRequest, payload: PersonIn) -> Status:
    created = person_create(actor=request.user, data=_data(request, payload.dict()))
    return Status(201, _out(created, can_see_sensitive(request.user)))


@router.api_operation(
    ["PUT", "PATCH"],
    "/people/{person_id}",
    response={200: PersonOut, 403: Problem, 404: Problem, 409: Problem, 422: Problem},
    summary="Sửa hồ sơ (khóa lạc quan theo version; trường không gửi giữ nguyên)",
)
def update(request: HttpRequest, person_id: int, payload: PersonChange) -> dict[str, object]:
    found = person_get(user=request.user, pk=person_id)
    changes = payload.dict(exclude_unset=True)
    updated = person_update(
        actor=request.user, person=found, data=_data(request, changes), version=payload.version
    )
    return _out(updated, can_see_sensitive(request.user))


# ---- the dossier, one event or entry at a time (people.records) ---------------------------------
#
# Each write takes the `version` of the person it was read with (GET /people/{id} returns it): a stale
# one answers 409, naming who changed what since, and writes nothing; a refused one 422 with its
# reasons (the appointment checks' among them). Each answer carries the person's new version.

_NUMBER = Field(default="", max_length=100)
_NOTE = Field(default="", max_length=2000)


class DecisionIn(Schema):
    version: int = Field(ge=1, description="Phiên bản hồ sơ đã đọc (khóa lạc quan)")
    decision_number: str = _NUMBER
    decision_date: ApiDate | None = None
    decision_issuer: str = _TEXT
    note: str = Field(default="", max_length=2000, description="Ghi chú / lý do của cấp có thẩm quyền")


class AppointmentIn(DecisionIn):
    """Bổ nhiệm."""

    unit_code: str = Field(max_length=40)
    post_code: str = Field(max_length=40)
    valid_from: ApiDate
    concurrent: bool = Field(default=False, description="Kiêm nhiệm: giữ nguyên chức vụ đang giữ")


class ReappointmentIn(DecisionIn):
    """Bổ nhiệm lại, hoặc kéo dài thời gian giữ chức vụ (extension)."""

    assignment_id: int = Field(ge=1, le=2**62)
    valid_from: ApiDate
    extension: bool = False


class TransferIn(DecisionIn):
    """Điều động, hoặc luân chuyển (rotation)."""

    unit_code: str = Field(max_length=40)
    post_code: str | None = Field(default=None, max_length=40)
    valid_from: ApiDate
    rotation: bool = False


class AssignmentEndIn(DecisionIn):
    """Thôi giữ chức vụ (thoi_giu_chuc_vu) hoặc miễn nhiệm (mien_nhiem) từ ngày `on`."""

    on: ApiDate
    reason: str = Field(default="thoi_giu_chuc_vu", max_length=20)
    stay_in_unit: bool = True


class RetirementIn(DecisionIn):
    """Nghỉ hưu từ ngày `on` (mặc định: ngày theo quy định)."""

    on: ApiDate | None = None


class AssignmentOut(Schema):
    id: int
    person_version: int
    unit_code: str
    post_code: str | None
    valid_from: dt.date
    valid_to: dt.date | None
    concurrent: bool
    start_reason: str
    end_reason: str
    decision_number: str
    decision_date: dt.date | None
    decision_issuer: str
    note: str
    check_reasons: list[dict[str, str]]


class EvaluationIn(Schema):
    version: int = Field(ge=1)
    year: int = Field(ge=1975, le=2100)
    level: str = Field(max_length=20)


class DisciplineIn(Schema):
    version: int = Field(ge=1)
    decided_on: ApiDate
    form: str = Field(max_length=20)
    decision_number: str = _NUMBER
    reason: str = _NOTE


class TrainingIn(Schema):
    version: int = Field(ge=1)
    kind: str = Field(max_length=20)
    level: str = Field(default="", max_length=100)
    institution: str = _TEXT
    started_on: ApiDate | None = None
    finished_on: ApiDate | None = None
    abroad: bool = False


class PlanningIn(Schema):
    version: int = Field(ge=1)
    post_code: str = Field(max_length=40)
    unit_code: str = Field(max_length=40)
    term_from: int = Field(ge=1975, le=2100)
    term_to: int = Field(ge=1975, le=2100)
    decision_number: str = _NUMBER
    decision_date: ApiDate | None = None
    removed_on: ApiDate | None = None


class ConclusionIn(Schema):
    version: int = Field(ge=1)
    concluded_on: ApiDate
    conclusion: str = Field(min_length=1, max_length=5000)
    meets_standard: bool = True
    issuer: str = _TEXT


class RecordOut(Schema):
    id: int
    person_version: int
    text: str = Field(description="Mục hồ sơ bằng lời")
    message: str = Field(default="", description="Điều cần biết (vd. đã có đánh giá năm đó: đã sửa)")
    values: dict[str, Any]


def _unit_by_code(code: str, column: str = "unit_code") -> Any:
    from canbo.org.models import Unit

    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        raise InputRejected([RowError(f"Không có đơn vị mã “{code}”.", column="Mã đơn vị", field=column)])
    return unit


def _post_by_code(code: str | None) -> Post | None:
    if not code:
        return None
    post = Post.objects.filter(code=code).first()
    if post is None:
        raise InputRejected([RowError(f"Không có chức vụ mã “{code}”.", column="Chức vụ", field="post_code")])
    return post


def _decision_in(payload: DecisionIn) -> Decision:
    return Decision(payload.decision_number, payload.decision_date, payload.decision_issuer, payload.note)


def _assignment_out(a: Assignment) -> dict[str, object]:
    a.refresh_from_db()
    return {
        "id": a.pk,
        "person_version": Person.objects.values_list("version", flat=True).get(pk=a.person_id),
        "unit_code": a.unit.code,
        "post_code": a.post.code if a.post else None,
        **{
            name: getattr(a, name)
            for name in (
                "valid_from",
                "valid_to",
                "concurrent",
                "start_reason",
                "end_reason",
                "decision_number",
                "decision_date",
                "decision_issuer",
                "note",
                "check_reasons",
            )
        },
    }


_EVENT = {201: AssignmentOut, 403: Problem, 404: Problem, 409: Problem, 422: Problem}


@router.post("/people/{person_id}/appointments", response=_EVENT, summary="Bổ nhiệm")
def appoint(request: HttpRequest, person_id: int, payload: AppointmentIn) -> Status:
    post = _post_by_code(payload.post_code)
    if post is None:
        raise InputRejected([RowError("Thiếu chức vụ.", field="post_code")])
    created = assignment_appoint(
        actor=request.user, person=person_get(user=request.user, pk=person_id), version=payload.version,
        unit=_unit_by_code(payload.unit_code), post=post, on=payload.valid_from,
        concurrent=payload.concurrent, decision=_decision_in(payload),
    )  # fmt: skip
    return Status(201, _assignment_out(created))


@router.post(
    "/people/{person_id}/reappointments",
    response=_EVENT,
    summary="Bổ nhiệm lại, kéo dài thời gian giữ chức vụ",
)
def reappoint(request: HttpRequest, person_id: int, payload: ReappointmentIn) -> Status:
    found = person_get(user=request.user, pk=person_id)
    created = assignment_reappoint(
        actor=request.user, person=found, version=payload.version,
        assignment=_person_assignment(found, payload.assignment_id), on=payload.valid_from,
        extension=payload.extension, decision=_decision_in(payload),
    )  # fmt: skip
    return Status(201, _assignment_out(created))


@router.post("/people/{person_id}/transfers", response=_EVENT, summary="Điều động, luân chuyển")
def transfer(request: HttpRequest, person_id: int, payload: TransferIn) -> Status:
    created = assignment_transfer(
        actor=request.user, person=person_get(user=request.user, pk=person_id), version=payload.version,
        unit=_unit_by_code(payload.unit_code), post=_post_by_code(payload.post_code), on=payload.valid_from,
        rotation=payload.rotation, decision=_decision_in(payload),
    )  # fmt: skip
    return Status(201, _assignment_out(created))


@router.post(
    "/people/{person_id}/assignments/{assignment_id}/end",
    response={200: AssignmentOut, 403: Problem, 404: Problem, 409: Problem, 422: Problem},
    summary="Thôi giữ chức vụ, miễn nhiệm",
)
def end(
    request: HttpRequest, person_id: int, assignment_id: int, payload: AssignmentEndIn
) -> dict[str, object]:
    found = person_get(user=request.user, pk=person_id)
    ended = assignment_end(
        actor=request.user, person=found, version=payload.version,
        assignment=_person_assignment(found, assignment_id), on=payload.on, reason=payload.reason,
        stay_in_unit=payload.stay_in_unit, decision=_decision_in(payload),
    )  # fmt: skip
    return _assignment_out(ended)


@router.post(
    "/people/{person_id}/retirement",
    response={200: list[AssignmentOut], 403: Problem, 404: Problem, 409: Problem, 422: Problem},
    summary="Nghỉ hưu (mọi quá trình công tác đang mở kết thúc)",
)
def retire(request: HttpRequest, person_id: int, payload: RetirementIn) -> list[dict[str, object]]:
    found = person_get(user=request.user, pk=person_id)
    ended = person_retire(
        actor=request.user, person=found, version=payload.version,
        on=payload.on or retirement_suggested(found), decision=_decision_in(payload),
    )  # fmt: skip
    return [_assignment_out(a) for a in ended]


def _person_assignment(person: Person, pk: int) -> Assignment:
    found = person.assignments.filter(pk=pk).first()
    if found is None:
        raise OutOfScope()
    return found


def _record_values(kind: str, payload: dict[str, Any]) -> dict[str, Any]:
    payload = dict(payload)
    payload.pop("version", None)
    if kind == "planning":
        payload["post"] = _post_by_code(payload.pop("post_code"))
        payload["unit"] = _unit_by_code(payload.pop("unit_code"))
    return payload


def _record_out(kind: str, saved: RecordSaved) -> dict[str, object]:
    from canbo.audit.services import snapshot

    spec = RECORD_KINDS[kind]
    return {
        "id": saved.record.pk,
        "person_version": Person.objects.values_list("version", flat=True).get(pk=saved.record.person_id),
        "text": spec.describe(saved.record),
        "message": saved.message,
        "values": snapshot(saved.record, list(spec.fields)),
    }


def _record_get(person: Person, kind: str, pk: int) -> Any:
    found = RECORD_KINDS[kind].records(person).filter(pk=pk).first()
    if found is None:
        raise OutOfScope()
    return found


_RECORD_RESPONSES = {403: Problem, 404: Problem, 409: Problem, 422: Problem}


def _record_endpoints(kind: str, path: str, schema: type[Schema], title: str) -> None:
    """POST (add), PUT (correct) and DELETE (?version=N) of one kind of sub-record."""

    def add(request: HttpRequest, person_id: int, payload: Any) -> Status:
        saved = person_record_save(
            actor=request.user, person=person_get(user=request.user, pk=person_id), version=payload.version,
            kind=kind, data=_record_values(kind, payload.dict()),
        )  # fmt: skip
        return Status(201 if saved.created else 200, _record_out(kind, saved))

    def correct(request: HttpRequest, person_id: int, record_id: int, payload: Any) -> dict[str, object]:
        found = person_get(user=request.user, pk=person_id)
        saved = person_record_save(
            actor=request.user, person=found, version=payload.version, kind=kind,
            data=_record_values(kind, payload.dict()), record=_record_get(found, kind, record_id),
        )  # fmt: skip
        return _record_out(kind, saved)

    def delete(
        request: HttpRequest, person_id: int, record_id: int, version: int = Query(..., ge=1)
    ) -> Status:
        found = person_get(user=request.user, pk=person_id)
        person_record_delete(
            actor=request.user, person=found, version=version, kind=kind,
            record=_record_get(found, kind, record_id),
        )  # fmt: skip
        return Status(204, None)

    add.__annotations__["payload"] = schema
    correct.__annotations__["payload"] = schema
    router.post(
        f"/people/{{person_id}}/{path}",
        response={201: RecordOut, 200: RecordOut, **_RECORD_RESPONSES},
        summary=f"{title}: thêm",
        operation_id=f"people_{kind}_add",
    )(add)
    router.put(
        f"/people/{{person_id}}/{path}/{{record_id}}",
        response={200: RecordOut, **_RECORD_RESPONSES},
        summary=f"{title}: sửa",
        operation_id=f"people_{kind}_correct",
    )(correct)
    router.api_operation(  # DELETE (router.delete would read as a write to the architecture test)
        ["DELETE"],
        f"/people/{{person_id}}/{path}/{{record_id}}",
        response={204: None, **_RECORD_RESPONSES},
        summary=f"{title}: xóa (version trong địa chỉ)",
        operation_id=f"people_{kind}_delete",
    )(delete)


for _kind, _path, _schema in (
    ("evaluation", "evaluations", EvaluationIn),
    ("discipline", "disciplines", DisciplineIn),
    ("training", "trainings", TrainingIn),
    ("planning", "planning", PlanningIn),
    ("conclusion", "political-conclusions", ConclusionIn),
):
    _record_endpoints(_kind, _path, _schema, RECORD_KINDS[_kind].title)
