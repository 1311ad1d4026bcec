"""A small registry for the planning pool's tests: Khánh Hòa's Sở Tài chính and Sở Y tế, people holding
posts there, conclusions on their political standards."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from canbo.org.models import Unit
from canbo.people.models import Assignment, Person, PlanningMembership, PoliticalConclusion, Post
from canbo.people.services import person_names, posts_ensure

D = dt.date
BEFORE_377 = D(2025, 9, 15)  # Regulation 50-QĐ/TW in force
FROM_377 = D(2025, 10, 8)  # Regulation 377-QĐ/TW, in force the same day
AFTER_377 = D(2025, 11, 3)
BORN = D(1985, 3, 12)
SINCE = D(2025, 7, 1)
DECIDED = D(2025, 8, 1)


def unit(code: str) -> Unit:
    return Unit.objects.get(code=code)


def post(code: str) -> Post:
    return Post.objects.get(code=code)


@pytest.fixture
def posts(builtin_org: None) -> dict[str, Post]:
    return posts_ensure()


@pytest.fixture
def make_person(posts: dict[str, Post]) -> Callable[..., Person]:
    """make_person(name, unit_code, post_code=None, born=…, sex=…, conclusion=True|False|None)."""

    def make(
        name: str,
        code: str = "KH.STC",
        post_code: str | None = None,
        *,
        born: dt.date = BORN,
        sex: str = "nu",
        ethnicity: str = "01",
        conclusion: bool | None = True,
        since: dt.date = SINCE,
        **extra: Any,
    ) -> Person:
        p = Person(
            full_name=name,
            birth_date=born,
            sex=sex,
            ethnicity=ethnicity,
            unit=unit(code),
            staff_category="cong_chuc",
            **extra,
        )
        person_names(p)
        p.save()
        Assignment.objects.create(
            person=p,
            unit=p.unit,
            post=post(post_code) if post_code else None,
            valid_from=since,
            start_reason="bo_nhiem" if post_code else "tuyen_dung",
        )
        if conclusion is not None:
            PoliticalConclusion.objects.create(
                person=p,
                concluded_on=D(2025, 3, 1),
                conclusion="Đủ tiêu chuẩn." if conclusion else "Chưa đủ tiêu chuẩn.",
                meets_standard=conclusion,
            )
        return p

    return make


@pytest.fixture
def enter() -> Callable[..., PlanningMembership]:
    """A pool entry written directly (what an earlier decision left)."""

    def make(
        person: Person,
        post_code: str,
        code: str = "KH.STC",
        term: tuple[int, int] = (2025, 2030),
        decided: dt.date = DECIDED,
        **extra: Any,
    ) -> PlanningMembership:
        return PlanningMembership.objects.create(
            person=person,
            post=post(post_code),
            unit=unit(code),
            term_from=term[0],
            term_to=term[1],
            decision_number=extra.pop("decision_number", "QĐ-1"),
            decision_date=decided,
            **extra,
        )

    return make


@pytest.fixture
def officer(make_user: Any, builtin_org: None) -> Any:
    """Sở Nội vụ: the whole province, records decisions."""
    return make_user("noi_vu", "KH")


@pytest.fixture
def focal(make_user: Any, builtin_org: None) -> Any:
    """Sở Tài chính's focal officer: proposes within their agency."""
    return make_user("dau_moi", "KH.STC")


@pytest.fixture
def leader(make_user: Any, builtin_org: None) -> Any:
    return make_user("lanh_dao", "KH")
