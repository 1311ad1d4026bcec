"""The help page ("Hướng dẫn"): each role sees its own steps with the plan's deadlines."""

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

SECTIONS = {
    "dau_moi": "huong-dan-dau-moi",
    "noi_vu": "huong-dan-noi-vu",
    "lanh_dao": "huong-dan-lanh-dao",
    "admin": "huong-dan-quan-tri",
}


@pytest.mark.parametrize(
    ("role", "unit", "shown"),
    [
        ("dau_moi", "KH.STC", {"dau_moi"}),
        ("noi_vu", "KH", {"noi_vu"}),
        ("lanh_dao", "KH", {"lanh_dao"}),
        ("admin", None, {"admin", "noi_vu"}),  # an administrator also does Sở Nội vụ's work
    ],
)
def test_each_role_sees_its_own_steps(
    builtin_org: None, make_user: Any, role: str, unit: str | None, shown: set[str]
) -> None:
    client = Client()
    client.force_login(make_user(role, unit))
    response = client.get("/huong-dan/")
    assert response.status_code == 200
    text = response.content.decode()
    assert {r for r, section in SECTIONS.items() if f'id="{section}"' in text} == shown
    assert "05/12" in text  # the yearly report's deadline (plan, IV.1)


def test_the_help_page_needs_a_login(db: Any) -> None:
    response = Client().get("/huong-dan/")
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]
