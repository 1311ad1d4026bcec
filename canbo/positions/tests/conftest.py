"""Two Khánh Hòa departments for the positions tests: Sở Tài chính with a few job positions and
civil servants, Sở Nội vụ for the out-of-scope cases."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from canbo.org.models import Unit
from canbo.people.models import Assignment, Person
from canbo.people.services import person_names
from canbo.positions.models import JobPosition

D = dt.date
START = D(2026, 1, 1)


def unit(code: str) -> Unit:
    return Unit.objects.get(code=code)


@pytest.fixture
def make_person(builtin_org: None) -> Callable[..., Person]:
    def make(
        name: str,
        code: str = "KH.STC",
        category: str = "cong_chuc",
        rank_code: str = "01.003",
        rank_name: str = "Chuyên viên",
        birth: dt.date | None = None,
    ) -> Person:
        p = Person(
            full_name=name,
            birth_date=birth or D(1985, 3, 12),
            sex="nu",
            ethnicity="01",
            unit=unit(code),
            staff_category=category,
            rank_code=rank_code,
            rank_name=rank_name,
        )
        person_names(p)
        p.save()
        Assignment.objects.create(person=p, unit=p.unit, valid_from=D(2025, 7, 1), start_reason="tuyen_dung")
        return p

    return make


@pytest.fixture
def make_position(builtin_org: None) -> Callable[..., JobPosition]:
    def make(
        code: str,
        name: str = "Chuyên viên về quản lý ngân sách",
        unit_code: str = "KH.STC",
        planned: int = 2,
        group: str = "chuyen_mon",
        valid_from: dt.date = START,
        valid_to: dt.date | None = None,
    ) -> JobPosition:
        return JobPosition.objects.create(
            unit=unit(unit_code),
            code=code,
            name=name,
            group=group,
            staff_category="cong_chuc",
            rank_code="01.003",
            rank_name="Chuyên viên",
            planned_count=planned,
            valid_from=valid_from,
            valid_to=valid_to,
        )

    return make


@pytest.fixture
def officer(make_user: Any, builtin_org: None) -> Any:
    return make_user("noi_vu", "KH")


@pytest.fixture
def focal(make_user: Any, builtin_org: None) -> Any:
    return make_user("dau_moi", "KH.STC")


@pytest.fixture
def leader(make_user: Any, builtin_org: None) -> Any:
    return make_user("lanh_dao", "KH.STC")
