"""A small agency for the evaluation tests: Khánh Hòa's Sở Tài chính with its director and civil
servants, sheets of 2026 opened, products given by quarter."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from canbo.evaluation.models import Sheet, WorkItem
from canbo.org.models import Unit
from canbo.people.models import Assignment, Person, Post
from canbo.people.services import person_names, posts_ensure

D = dt.date
YEAR = 2026


def unit(code: str) -> Unit:
    return Unit.objects.get(code=code)


@pytest.fixture
def posts(builtin_org: None) -> dict[str, Post]:
    return posts_ensure()


@pytest.fixture
def make_person(posts: dict[str, Post]) -> Callable[..., Person]:
    def make(
        name: str, code: str = "KH.STC", post_code: str | None = None, category: str = "cong_chuc"
    ) -> Person:
        p = Person(
            full_name=name,
            birth_date=D(1985, 3, 12),
            sex="nu",
            ethnicity="01",
            unit=unit(code),
            staff_category=category,
        )
        person_names(p)
        p.save()
        Assignment.objects.create(
            person=p,
            unit=p.unit,
            post=posts[post_code] if post_code else None,
            valid_from=D(2025, 7, 1),
            start_reason="bo_nhiem" if post_code else "tuyen_dung",
        )
        return p

    return make


@pytest.fixture
def officer(make_user: Any, builtin_org: None) -> Any:
    return make_user("noi_vu", "KH")


@pytest.fixture
def focal(make_user: Any, builtin_org: None) -> Any:
    return make_user("dau_moi", "KH.STC")


def give(sheet: Sheet, period: int, *products: dict[str, Any]) -> None:
    """Products written directly (what a tracked quarter left)."""
    for n, fields in enumerate(products):
        WorkItem.objects.create(
            sheet=sheet,
            period=period,
            title=fields.pop("title", f"Sản phẩm {period}.{n + 1}"),
            source_unit_id=sheet.unit_id,
            **fields,
        )
