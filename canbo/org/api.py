"""Organisation endpoints. Out-of-scope units answer 404 exactly like missing ones."""

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Router, Schema

from canbo.core.entry import api_date
from canbo.core.errors import NotFound
from canbo.org.selectors import org_tree, unit_get, unit_names, unit_successors, unit_version_as_of

router = Router(tags=["Tổ chức"])


class UnitOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    kind: str
    parent_code: str | None
    valid_from: dt.date
    # Exclusive, as stored; pages and Excel say the day before ("đến hết ngày", docs/org.md).
    valid_to: dt.date | None = Field(
        ..., description="Ngày đầu tiên không còn hiệu lực (không kể ngày này); trống: còn hiệu lực."
    )


class TreeOut(Schema):
    as_of: dt.date
    units: list[UnitOut]


class SuccessorOut(Schema):
    id: int
    code: str
    name: str


@router.get("/units", response=TreeOut, summary="Cây tổ chức vào một ngày")
def units(request: HttpRequest, as_of: str | None = None) -> dict[str, object]:
    date = api_date(as_of)
    nodes = org_tree(user=request.user, as_of=date)
    return {
        "as_of": date,
        "units": [
            {
                "id": n.version.unit_id,
                "code": n.version.unit.code,
                "name": n.version.name,
                "short_name": n.version.short_name,
                "kind": n.version.kind,
                "parent_code": n.parent_code or None,
                "valid_from": n.version.valid_from,
                "valid_to": n.version.valid_to,
            }
            for n in nodes
        ],
    }


@router.get("/units/{unit_id}", response=UnitOut, summary="Một đơn vị vào một ngày")
def unit(request: HttpRequest, unit_id: int, as_of: str | None = None) -> dict[str, object]:
    date = api_date(as_of)
    found = unit_get(user=request.user, pk=unit_id, as_of=date)
    version = unit_version_as_of(unit=found, as_of=date) or found.versions.order_by("valid_from").last()
    if version is None:
        raise NotFound("Không tìm thấy đơn vị.")
    return {
        "id": found.pk,
        "code": found.code,
        "name": version.name,
        "short_name": version.short_name,
        "kind": version.kind,
        "parent_code": version.parent.code if version.parent else None,
        "valid_from": version.valid_from,
        "valid_to": version.valid_to,
    }


@router.get("/units/{unit_id}/successors", response=list[SuccessorOut], summary="Đơn vị kế thừa")
def successors(request: HttpRequest, unit_id: int, as_of: str | None = None) -> list[dict[str, object]]:
    date = api_date(as_of)
    found = unit_get(user=request.user, pk=unit_id, as_of=date)
    result = unit_successors(unit=found, as_of=date)
    names = unit_names(units=result, as_of=date)
    return [{"id": u.pk, "code": u.code, "name": names.get(u.pk, "")} for u in result]
