"""People, users and a small catalogue for the training tests: Khánh Hòa's Sở Tài chính and Sở Y tế."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from canbo.org.models import Unit
from canbo.people.models import Assignment, Person, Post
from canbo.people.services import person_names, posts_ensure
from canbo.training import services
from canbo.training.models import Course, TrainingClass

D = dt.date
BORN, STARTS, ENDS = D(1988, 3, 12), D(2026, 3, 2), D(2026, 8, 28)


def unit(code: str) -> Unit:
    return Unit.objects.get(code=code)


@pytest.fixture
def posts(builtin_org: None) -> dict[str, Post]:
    return posts_ensure()


@pytest.fixture
def make_person(posts: dict[str, Post]) -> Callable[..., Person]:
    def make(
        name: str,
        code: str = "KH.STC",
        post_code: str | None = None,
        born: dt.date = BORN,
        sex: str = "nu",
        **fields: Any,
    ) -> Person:
        p = Person(
            full_name=name,
            birth_date=born,
            sex=sex,
            ethnicity="01",
            unit=unit(code),
            staff_category="cong_chuc",
            **fields,
        )
        person_names(p)
        p.save()
        Assignment.objects.create(
            person=p,
            unit=p.unit,
            post=posts[post_code] if post_code else None,
            valid_from=D(2023, 1, 1),
            start_reason="bo_nhiem" if post_code else "tuyen_dung",
        )
        return p

    return make


@pytest.fixture
def home_affairs(make_user: Any, builtin_org: None) -> Any:
    return make_user("noi_vu", "KH")


@pytest.fixture
def focal(make_user: Any, builtin_org: None) -> Any:
    return make_user("dau_moi", "KH.STC")


@pytest.fixture
def courses(home_affairs: Any) -> dict[str, Course]:
    made = {}
    for code, data in {
        "cao-cap": {"name": "Cao cấp lý luận chính trị", "kind": "ly_luan", "level": "cao_cap"},
        "cvc": {"name": "Bồi dưỡng ngạch chuyên viên chính", "kind": "qlnn", "level": "chuyen_vien_chinh"},
        "b2": {"name": "Tiếng Anh bậc 4 (B2)", "kind": "ngoai_ngu", "language": "en", "language_level": 4},
        "cap-nhat": {
            "name": "Bồi dưỡng cập nhật kiến thức cho cán bộ chủ chốt",
            "kind": "boi_duong",
            "key_cadre_update": True,
        },
    }.items():
        made[code] = services.course_create(actor=home_affairs, data={"code": code, **data})
    return made


@pytest.fixture
def make_class(home_affairs: Any, courses: dict[str, Course]) -> Callable[..., TrainingClass]:
    def make(course: str, starts: dt.date = STARTS, ends: dt.date = ENDS, **fields: Any) -> TrainingClass:
        data = {
            "course": courses[course],
            "name": fields.pop("name", f"Lớp {courses[course].name} {starts.year}"),
            "year": starts.year,
            "starts_on": starts,
            "ends_on": ends,
            "place": "Trường Chính trị tỉnh",
            "provider": "Trường Chính trị tỉnh Khánh Hòa",
            "capacity": fields.pop("capacity", 30),
            "organiser": unit("KH.SNV"),
            **fields,
        }
        return services.class_create(actor=home_affairs, data=data)

    return make
