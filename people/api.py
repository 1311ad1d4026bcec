"""Registry endpoints: list with the page's filters and paging, detail, create, update with
optimistic locking (a stale version answers 409 and changes nothing)."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from core.entry import api_date
from org.models import Unit
from people.models import Person, SensitiveAccess
from people.selectors import PeopleFilter, can_see_sensitive, people_page, person_get
from people.services import StaleVersion, person_create, person_update

router = Router(tags=["Cán bộ"])


class PersonOut(Schema):
    id: int
    version: int
    full_name: str
    birth_date: dt.date
    birth_year_only: bool
    sex: str
    unit_code: str
    cccd: str | None
    staff_category: str
    qualification: str
    political_theory: str
    ethnicity: str | None = None  # only for roles that may see sensitive data
    religion: str | None = None


class PersonPage(Schema):
    count: int
    page: int
    pages: int
    results: list[PersonOut]


class PersonIn(Schema):
    full_name: str
    birth_date: dt.date
    birth_year_only: bool = False
    sex: str
    ethnicity: str
    religion: str = "00"
    cccd: str | None = None
    unit_code: str
    staff_category: str
    qualification: str = ""
    political_theory: str = ""
    salary_coefficient: Decimal | None = None


class PersonUpdate(PersonIn):
    version: int


def _out(person: Person, sensitive: bool) -> dict[str, object]:
    data: dict[str, object] = {
        "id": person.pk,
        "version": person.version,
        "full_name": person.full_name,
        "birth_date": person.birth_date,
        "birth_year_only": person.birth_year_only,
        "sex": person.sex,
        "unit_code": person.unit.code,
        "cccd": person.cccd,
        "staff_category": person.staff_category,
        "qualification": person.qualification,
        "political_theory": person.political_theory,
    }
    if sensitive:
        data |= {"ethnicity": person.ethnicity, "religion": person.religion}
    return data


@router.get("/people", response=PersonPage, summary="Danh sách cán bộ (lọc, phân trang)")
def people(
    request: HttpRequest,
    q: str = "",
    unit_id: int | None = None,
    as_of: str | None = None,
    leaders_only: bool = False,
    age_from: int | None = None,
    age_to: int | None = None,
    sex: str = "",
    category: str = "",
    page: int = 1,
    page_size: int = 50,
) -> dict[str, object]:
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
    result = people_page(user=request.user, f=f, page=page, per_page=min(max(page_size, 1), 500))
    return {
        "count": result.paginator.count,
        "page": result.number,
        "pages": result.paginator.num_pages,
        "results": [_out(p, sensitive=False) for p in result],
    }


def _get(request: HttpRequest, person_id: int) -> Person:
    try:
        return person_get(user=request.user, pk=person_id)
    except Person.DoesNotExist:
        raise HttpError(404, "Không tìm thấy hồ sơ.") from None


@router.get("/people/{person_id}", response=PersonOut, summary="Một hồ sơ")
def person(request: HttpRequest, person_id: int) -> dict[str, object]:
    found = _get(request, person_id)
    sensitive = can_see_sensitive(request.user)
    if sensitive:
        SensitiveAccess.objects.create(actor=request.user, person=found, where="api")  # type: ignore[misc]
    return _out(found, sensitive)


def _data(payload: PersonIn) -> dict[str, object]:
    data = payload.dict()
    data.pop("version", None)
    try:
        data["unit"] = Unit.objects.get(code=data.pop("unit_code"))
    except Unit.DoesNotExist:
        raise HttpError(422, "Không có đơn vị này.") from None
    return data


@router.post("/people", response={201: PersonOut}, summary="Thêm hồ sơ")
def create(request: HttpRequest, payload: PersonIn) -> Status:
    try:
        created = person_create(actor=request.user, data=_data(payload))
    except ValidationError as exc:
        raise HttpError(422, "; ".join(exc.messages)) from None
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from None
    return Status(201, _out(created, can_see_sensitive(request.user)))


@router.put("/people/{person_id}", response=PersonOut, summary="Sửa hồ sơ (khóa lạc quan theo version)")
def update(request: HttpRequest, person_id: int, payload: PersonUpdate) -> dict[str, object]:
    found = _get(request, person_id)
    try:
        updated = person_update(
            actor=request.user, person=found, data=_data(payload), version=payload.version
        )
    except StaleVersion as exc:
        raise HttpError(409, str(exc)) from None
    except ValidationError as exc:
        raise HttpError(422, "; ".join(exc.messages)) from None
    except PermissionDenied as exc:
        raise HttpError(404 if "phạm vi" in str(exc) else 403, str(exc)) from None
    return _out(updated, can_see_sensitive(request.user))
