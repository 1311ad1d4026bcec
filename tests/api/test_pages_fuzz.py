"""Every page, as every role, with the garbage users and scanners send (issue 10.7): out-of-range dates
and years, huge numbers, unknown codes, long texts, forged tokens — answered 4xx or a page with a
message, never a 5xx. The pages are read from the URL configuration, so a new page is covered too."""

import datetime as dt
import itertools
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"  # beyond any database integer
# Each request carries many bad parameters at once (each page reads its own), and the edges of what is
# valid: the first and last years canbo knows, in every format a page offers.
GARBAGE: list[dict[str, str]] = [
    {"ngay": "31/12/9999", "nam": "0", "trang": "-1", "don_vi": HUGE, "so_dong": "100000", "tuoi_tu": "10000",
     "tuoi_den": "-3", "chi_so": "zzz", "xem": "giả-mạo", "tu": "31/12/9999", "den": "01/01/0001", "nguoi": HUGE,
     "chuc_vu": "zzz", "gioi_tinh": "zz"},
    {"ngay": "01/01/0001", "nam": HUGE, "trang": HUGE, "don_vi": "-1", "q": "Nguyễn" * 1000, "co_quan": "zzz",
     "dinh_dang": "zzz", "trang_thai": "zzz", "ket_qua": "zzz", "ma": "' OR 1=1 --", "loai": "zz", "dan_toc": "99"},
    {"ngay": "99/99/2025", "nam": "-5", "tu": "x", "den": "", "nguoi": "-1"},
    {"ngay": "01/01/1900", "nam": "1900", "dinh_dang": "xlsx", "tu": "01/01/1900", "den": "01/01/1900"},
    {"ngay": "31/12/2100", "nam": "2100", "dinh_dang": "docx", "co_quan": "1"},
]  # fmt: skip
IDS = ["1", "999999999", HUGE]  # ordinary, missing, beyond any database integer
SKIP = ("api/", "quan-tri/", "static/", "media/", "dang-xuat/")


def _pages() -> list[str]:
    """Every page's route, with `<int:…>` left as `{id}` (admin, API, static files apart)."""
    found: list[str] = []

    def walk(patterns: list[Any], prefix: str) -> None:
        for p in patterns:
            route = prefix + str(p.pattern)
            if route.startswith(SKIP) or "(?P" in route:
                continue
            if isinstance(p, URLResolver):
                walk(p.url_patterns, route)
            elif isinstance(p, URLPattern):
                found.append("/" + route.replace("<int:pk>", "{id}").replace("<int:unit_id>", "{id}"))

    walk(get_resolver().url_patterns, "")
    return sorted(set(found))


@pytest.fixture
def world(builtin_plan, make_user) -> dict[str, Any]:
    from canbo.org.models import Unit
    from canbo.people.services import person_create, posts_ensure

    posts_ensure()
    users = {
        role: make_user(role, unit)
        for role, unit in (("admin", None), ("noi_vu", "KH"), ("dau_moi", "KH.STC"), ("lanh_dao", "KH"))
    }
    person_create(
        actor=users["admin"],
        data={
            "full_name": "Nguyễn Thị Hoa",
            "birth_date": dt.date(1985, 4, 15),
            "sex": "nu",
            "ethnicity": "17",
            "unit": Unit.objects.get(code="KH.STC"),
            "staff_category": "cong_chuc",
        },
    )
    return users


# One test per role, so that the test runner's workers share them (the pages grew with every app).
@pytest.mark.parametrize("role", ["admin", "noi_vu", "dau_moi", "lanh_dao"])
def test_no_page_answers_5xx_to_garbage(world, role) -> None:
    pages = _pages()
    assert len(pages) > 20, pages
    failures = []
    client = Client(raise_request_exception=False)
    client.force_login(world[role])
    for page, garbage in itertools.product(pages, GARBAGE):
        for pk in IDS if "{id}" in page else [""]:
            url = page.replace("{id}", pk)
            response = client.get(url, garbage)
            if response.status_code >= 500:
                failures.append((role, url, garbage, response.status_code))
    assert not failures, failures[:20]


def test_no_form_answers_5xx_to_garbage(world) -> None:
    """Every page posted the garbage as a form (CSRF checked elsewhere)."""
    failures = []
    client = Client(raise_request_exception=False)
    client.force_login(world["noi_vu"])
    for page in _pages():
        for garbage, pk in itertools.product(GARBAGE, IDS[:2]):
            url = page.replace("{id}", pk)
            response = client.post(url, garbage | {"decision": "zz", "percent": "1e400", "progress": "zz"})
            if response.status_code >= 500:
                failures.append((url, garbage, response.status_code))
    assert not failures, failures[:20]
