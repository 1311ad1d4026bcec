"""Hand-made people for the national export's tests."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from canbo.org.models import Unit
from canbo.people.models import Assignment, Person

D = dt.date


@pytest.fixture
def make_person(builtin_org: None) -> Callable[..., Person]:
    """make_person(name, unit_code, cccd=…, **fields) -> a person keeping their file at that unit."""
    counter = iter(range(1, 10_000))

    def make(name: str = "Nguyễn Thị Hoa", unit: str = "KH.STC", **fields: Any) -> Person:
        n = next(counter)
        values: dict[str, Any] = {
            "full_name": name,
            "name_fold": f"nguoi {n}",
            "sort_key": f"{name} {n}",
            "birth_date": D(1985, 3, 12),
            "sex": "nu",
            "ethnicity": "01",
            "staff_category": "cong_chuc",
            "cccd": f"0561850{n:05d}",
        }
        values.update(fields)
        return Person.objects.create(unit=Unit.objects.get(code=unit), **values)

    return make


def assign(person: Person, unit: str = "KH.STC", **fields: Any) -> Assignment:
    values: dict[str, Any] = {"valid_from": D(2020, 1, 1), "start_reason": "tuyen_dung"}
    values.update(fields)
    return Assignment.objects.create(person=person, unit=Unit.objects.get(code=unit), **values)
