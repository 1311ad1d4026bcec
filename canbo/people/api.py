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
from canbo.core.errors import InputRejected, NotAllowed, RowError
from canbo.people.models import Person
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
