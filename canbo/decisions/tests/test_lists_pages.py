"""The lists' pages and API: filters in the address, sorted, in pages, the export = the filtered rows,
scoped, a fixed number of queries; read-only leaders see names, posts and dates, never a CCCD."""

import datetime as dt
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from canbo.accounts.system import SYSTEM
from canbo.core.excel import read_workbook
from canbo.decisions.tests.test_lists import make_person
from canbo.org.models import Unit
from canbo.people.services import people_follow_restructurings, posts_ensure

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def leaders(builtin_org: None) -> None:
    posts_ensure()
    for i, (unit, sex) in enumerate(
        [("NT.STC", "nam"), ("NT.SYT", "nu"), ("NT.SYT", "nam"), ("NT.STC", "nu")]
    ):
        make_person(f"Người {'ABCD'[i]}", unit, D(1975 + i, 6, 1), sex=sex, post="truong_phong",
                    since=D(2021, 2 + i, 10), reason="bo_nhiem")  # fmt: skip
    people_follow_restructurings(actor=SYSTEM)


def client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def export_names(content: bytes) -> list[str]:
    sheet = next(iter(read_workbook(content).values()))
    header = next(i for i, row in enumerate(sheet) if row and row[0] == "Họ và tên")
    return [row[0] for row in sheet[header + 1 :] if row and row[0]]


def test_a_list_page_with_its_filters_in_the_address_and_its_export(leaders: None, make_user: Any) -> None:
    c = client(make_user("noi_vu", "KH"))
    url = "/quyet-dinh/danh-sach/term-ending/"
    page = c.get(url, {"ngay": "01/01/2026", "so_thang": "6"}).content.decode()
    assert "Hết thời hạn giữ chức vụ" in page and 'value="01/01/2026"' in page
    for name in ("Người A", "Người B", "Người C", "Người D"):
        assert name in page
    assert "Quy định 377-QĐ/TW" in page  # the rule, cited
    assert "đã qua" in page  # notices due in 2025 for terms ending in 2026: the deadline has passed
    syt = Unit.objects.get(code="KH.SYT").pk
    query = {"ngay": "01/01/2026", "so_thang": "6", "don_vi": str(syt), "gioi_tinh": "nu"}
    filtered = c.get(url, query).content.decode()
    assert "Người B" in filtered and "Người A" not in filtered and "Người C" not in filtered
    # the export link carries the filters, and the file holds exactly the rows shown
    href = filtered.split('id="due-export" href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    params = parse_qs(urlparse(href).query)
    assert (
        params["don_vi"] == [str(syt)] and params["gioi_tinh"] == ["nu"] and params["dinh_dang"] == ["xlsx"]
    )
    response = c.get(url, {k: v[0] for k, v in params.items()})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert export_names(response.content) == ["Người B"]
    # sorted by a column, the reverse too
    by_name = c.get(url, {"ngay": "01/01/2026", "so_thang": "6", "sap_xep": "-name"})
    assert export_names(c.get(url, {"ngay": "01/01/2026", "so_thang": "6", "sap_xep": "-name", "dinh_dang": "xlsx"}).content) == [
        "Người D", "Người C", "Người B", "Người A",
    ]  # fmt: skip
    assert by_name.status_code == 200
    # htmx gets the table only
    fragment = c.get(url, {"ngay": "01/01/2026"}, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment and 'id="due-table"' in fragment


def test_a_mistyped_date_is_kept_and_said(leaders: None, make_user: Any) -> None:
    page = client(make_user("noi_vu", "KH")).get("/quyet-dinh/danh-sach/retiring/", {"ngay": "31/02/2026"})
    html = page.content.decode()
    assert "Ngày không hợp lệ (dd/mm/yyyy)" in html and 'value="31/02/2026"' in html


def test_the_index_counts_each_list_today(leaders: None, make_user: Any) -> None:
    html = client(make_user("lanh_dao", "KH")).get("/quyet-dinh/").content.decode()
    for slug in ("retiring", "term-ending", "not-old-enough", "rotation-due", "replacement", "pool-review"):
        assert f'href="/quyet-dinh/danh-sach/{slug}/"' in html and f'id="count-{slug}"' in html
    assert 'href="/quyet-dinh/tham-dinh/"' in html and 'href="/quyet-dinh/quy-tac/"' in html
    assert client(make_user("lanh_dao", "KH")).get("/quyet-dinh/danh-sach/nobody/").status_code == 404


def test_scope_on_the_page_and_the_api(leaders: None, make_user: Any) -> None:
    c = client(make_user("dau_moi", "KH.STC"))
    html = c.get(
        "/quyet-dinh/danh-sach/term-ending/", {"ngay": "01/01/2026", "so_thang": "12"}
    ).content.decode()
    assert "Người A" in html and "Người D" in html and "Người B" not in html
    data = c.get("/api/decisions/lists/term-ending", {"as_of": "01/01/2026", "months": 12}).json()
    assert data["count"] == 2 and {r["name"] for r in data["results"]} == {"Người A", "Người D"}
    assert "cccd" not in data["results"][0] and "ethnicity" not in data["results"][0]


def test_the_api_pages_and_refuses(leaders: None, make_user: Any) -> None:
    c = client(make_user("lanh_dao", "KH"))
    data = c.get(
        "/api/decisions/lists/term-ending", {"as_of": "2026-01-01", "months": 12, "page_size": 3}
    ).json()
    assert (data["count"], data["pages"], len(data["results"])) == (4, 2, 3)
    assert data["results"][0]["due"] == "2026-02-10" and data["as_of"] == "2026-01-01"
    second = c.get(
        "/api/decisions/lists/term-ending", {"as_of": "2026-01-01", "months": 12, "page_size": 3, "page": 2}
    )
    assert [r["name"] for r in second.json()["results"]] == ["Người D"]
    assert c.get("/api/decisions/lists/nobody").status_code == 422
    assert c.get("/api/decisions/lists/retiring", {"as_of": "31/02/2026"}).status_code == 422
    schema = c.get("/api/openapi.json")
    assert schema.status_code == 200 and "/api/decisions/lists/{name}" in schema.json()["paths"]


def test_the_page_costs_a_fixed_number_of_queries(leaders: None, make_user: Any) -> None:
    c = client(make_user("noi_vu", "KH"))
    counts = []
    for extra in (0, 20):
        for i in range(extra):
            make_person(
                f"Thêm {i}",
                "KH.SYT",
                D(1980, 1, 1),
                post="truong_phong",
                since=D(2021, 3, 1),
                reason="bo_nhiem",
            )
        with CaptureQueriesContext(connection) as queries:
            assert c.get("/quyet-dinh/danh-sach/term-ending/", {"ngay": "01/01/2026"}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
