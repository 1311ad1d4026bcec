"""The pool pages: the list with its filters in the address, the Excel file, the pool's page, the forms
and their refusals beside them, roles, scope, and a fixed number of queries on the list."""

import datetime as dt
import io

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from canbo.people.models import PlanningMembership
from canbo.planning.models import Proposal
from canbo.planning.tests.conftest import post, unit

pytestmark = pytest.mark.django_db
D = dt.date


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def pool_url(code="KH.STC", post_code="pho_giam_doc_so", term="2025-2030") -> str:
    return f"/quy-hoach/{unit(code).pk}/{post(post_code).pk}/{term}/"


@pytest.fixture
def filled(make_person, enter):
    people = [
        make_person(
            f"Người Số {i}",
            code,
            post_code="truong_phong",
            sex="nu" if i % 2 else "nam",
            born=D(1980 + i, 1, 1),
        )
        for i, code in enumerate(["KH.STC", "KH.STC", "KH.SYT"])
    ]
    enter(people[0], "pho_giam_doc_so", "KH.STC")
    enter(people[1], "pho_giam_doc_so", "KH.STC")
    enter(people[2], "pho_giam_doc_so", "KH.SYT")
    return people


def test_the_list_with_filters_and_excel(filled, officer) -> None:
    client = client_for(officer)
    page = client.get("/quy-hoach/?ngay=03/11/2025")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Quy hoạch cán bộ lãnh đạo, quản lý" in html
    assert "Sở Tài chính" in html and "Sở Y tế" in html
    assert "2/3" in html  # two of three places
    assert "Xuất Excel" in html
    only = client.get(f"/quy-hoach/?ngay=03/11/2025&don_vi={unit('KH.SYT').pk}").content.decode()
    assert "Sở Tài chính</td>" not in only
    xlsx = client.get("/quy-hoach/?ngay=03/11/2025&dinh_dang=xlsx")
    assert xlsx["Content-Disposition"].startswith("attachment;")
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["Thành viên quy hoạch", "Cơ cấu"]
    assert book["Thành viên quy hoạch"].max_row == 4  # a header and three members
    assert client.get("/quy-hoach/?ngay=31/02/2025").status_code == 200  # a mistyped date is said, not a 500
    due = client.get(f"/quy-hoach/?ngay=01/08/2026&den_han=1&don_vi={unit('KH.STC').pk}").content.decode()
    assert "1 chức danh" in due  # decided 01/08/2025: due on 01/08/2026
    assert "0 chức danh" in client.get("/quy-hoach/?ngay=31/07/2026&den_han=1").content.decode()


def test_the_list_names_the_exits_the_rules_call_for(filled, officer) -> None:
    from canbo.people.models import Discipline

    Discipline.objects.create(person=filled[0], decided_on=D(2026, 2, 1), form="khien_trach")
    html = client_for(officer).get("/quy-hoach/?ngay=01/03/2026").content.decode()
    assert "Đề nghị đưa ra khỏi quy hoạch: 1 trường hợp" in html
    assert "Kỷ luật khiển trách ngày 01/02/2026" in html


def test_the_list_costs_the_same_queries_at_two_sizes(make_person, enter, officer) -> None:
    client = client_for(officer)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/quy-hoach/?ngay=03/11/2025").status_code == 200
        return len(queries)

    enter(make_person("Một", post_code="truong_phong"), "pho_giam_doc_so")
    small = count()
    for i, code in enumerate(["KH.STC", "KH.SYT", "KH.SNV", "KH.SYT", "KH.SNV", "KH.STC"]):
        p = make_person(f"Người {i}", code, post_code="truong_phong")
        enter(p, "pho_giam_doc_so", code)
        enter(p, "giam_doc_so", code)
    assert count() == small


def test_the_pool_page_and_its_forms(filled, officer, make_person) -> None:
    client = client_for(officer)
    page = client.get(pool_url() + "?ngay=03/11/2025").content.decode()
    assert "Quy hoạch Phó Giám đốc Sở — Sở Tài chính, nhiệm kỳ 2025–2030" in page
    assert "Người Số 0" in page and "Đề xuất đưa vào quy hoạch" in page
    newcomer = make_person("Đặng Thị Mới", post_code="truong_phong")
    answer = client.post(
        pool_url() + "de-xuat/",
        {"loai": "dua_vao", "nguoi": newcomer.pk, "ngay": "03/11/2025"},
        HTTP_HX_REQUEST="true",
    )
    assert answer.status_code == 204 and answer["HX-Redirect"] == pool_url()
    proposal = Proposal.objects.get(person=newcomer)
    answer = client.post(
        f"/quy-hoach/de-xuat/{proposal.pk}/phe-duyet/",
        {"so_quyet_dinh": "45-QĐ/TU", "ngay": "20/11/2025", "co_quan": "Ban Thường vụ Tỉnh ủy"},
    )
    assert answer.status_code == 302
    assert PlanningMembership.objects.filter(person=newcomer, decision_number="45-QĐ/TU").exists()


def test_a_refusal_is_shown_beside_the_form_with_the_rule(filled, officer, make_person, enter) -> None:
    enter(make_person("Người Thứ Ba", post_code="truong_phong"), "pho_giam_doc_so")
    fourth = make_person("Người Thứ Tư", post_code="truong_phong")
    answer = client_for(officer).post(
        pool_url() + "de-xuat/",
        {"loai": "dua_vao", "nguoi": fourth.pk, "ngay": "03/11/2025"},
        HTTP_HX_REQUEST="true",
    )
    html = answer.content.decode()
    assert answer.status_code == 200
    assert "Không ghi được" in html and "không quá 3 cán bộ" in html and "Quy định 377-QĐ/TW" in html
    assert not Proposal.objects.filter(person=fourth).exists()


def test_a_leader_reads_without_forms_or_sensitive_marks(filled, leader) -> None:
    client = client_for(leader)
    html = client.get(pool_url() + "?ngay=03/11/2025").content.decode()
    assert "Người Số 0" in html
    assert "Đề xuất đưa vào quy hoạch</h3>" not in html and "DTTS" not in html
    assert (
        client.post(pool_url() + "de-xuat/", {"nguoi": filled[0].pk, "ngay": "03/11/2025"}).status_code == 302
    )


def test_another_agencys_pool_is_missing_for_a_focal_officer(filled, focal) -> None:
    client = client_for(focal)
    assert client.get(pool_url("KH.SYT")).status_code == 404
    assert client.get(pool_url("KH.STC")).status_code == 200
    html = client.get("/quy-hoach/?ngay=03/11/2025").content.decode()
    assert "Sở Y tế" not in html


def test_the_person_field_is_searched_by_name_within_scope(filled, focal, make_person) -> None:
    make_person("Đặng Thị Mới", post_code="truong_phong")
    make_person("Đặng Văn Khác", "KH.SYT", post_code="truong_phong")
    client = client_for(focal)
    leaders = client.get(pool_url() + "ung-vien/").content.decode()
    assert "Người Số 0" in leaders and "Đặng Thị Mới" in leaders  # the agency's leaders, without a search
    found = client.get(pool_url() + "ung-vien/?tim=dang").content.decode()
    assert "Đặng Thị Mới" in found and "Đặng Văn Khác" not in found  # another agency's person is not shown
