"""The positions pages for each role: another agency's pages missing (404), the forms that add a
position, record a quota, place a person, the Excel files, a refusal with nothing written, and the
agency page's query count not growing with its size."""

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from canbo.core.excel import write_workbook
from canbo.positions import services, workbook
from canbo.positions.models import JobPosition, PositionHolding, StaffingQuota
from canbo.positions.tests.conftest import D, unit

pytestmark = pytest.mark.django_db
ON = "01/03/2026"


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def agency_url(code: str = "KH.STC") -> str:
    return f"/vi-tri-viec-lam/co-quan/{unit(code).pk}/"


def test_the_index_lists_the_agencies_in_scope(focal: Any, officer: Any, make_position: Any) -> None:
    make_position("TC.01", planned=3)
    page = client_for(officer).get("/vi-tri-viec-lam/", {"ngay": ON}).content.decode()
    assert agency_url("KH.STC") in page and agency_url("KH.SNV") in page
    mine = client_for(focal).get("/vi-tri-viec-lam/", {"ngay": ON}).content.decode()
    assert agency_url("KH.STC") in mine and agency_url("KH.SNV") not in mine


def test_the_agency_page_for_each_role(
    focal: Any, leader: Any, make_user: Any, make_position: Any, make_person: Any
) -> None:
    position = make_position("TC.01", planned=2)
    hoa = make_person("Nguyễn Thị Hoa", rank_code="01.002", rank_name="Chuyên viên chính")
    services.holding_start(actor=focal, person=hoa, position=position, on=D(2026, 2, 1))
    services.quota_save(actor=focal, unit=unit("KH.STC"), year=2026, values={"civil_servants": 2})
    page = client_for(focal).get(agency_url(), {"ngay": ON}).content.decode()
    assert "Chuyên viên về quản lý ngân sách" in page and "Nguyễn Thị Hoa" in page
    assert "Nghị định 361/2025/NĐ-CP" in page and "Thêm vị trí" in page
    read_only = client_for(leader).get(agency_url(), {"ngay": ON}).content.decode()
    assert "Nguyễn Thị Hoa" in read_only and "Thêm vị trí" not in read_only
    assert client_for(make_user("dau_moi", "KH.SNV")).get(agency_url()).status_code == 404
    assert (
        client_for(make_user("dau_moi", "KH.SNV")).get(f"/vi-tri-viec-lam/vi-tri/{position.pk}/").status_code
        == 404
    )


def test_the_forms_add_a_position_a_quota_and_a_placement(focal: Any, make_person: Any) -> None:
    client = client_for(focal)
    answer = client.post(
        f"{agency_url()}them-vi-tri/?ngay={ON}",
        {
            "ma": "TC.01",
            "ten": "Chuyên viên về quản lý giá",
            "nhom": "chuyen_mon",
            "loai": "cong_chuc",
            "so_nguoi": 2,
            "tu_ngay": "01/01/2026",
        },
    )
    assert answer.status_code == 302
    position = JobPosition.objects.get()
    assert position.valid_from == D(2026, 1, 1)
    client.post(
        f"{agency_url()}bien-che/?ngay={ON}", {"nam": 2026, "cong_chuc": 30, "vien_chuc": 5, "so_qd": "1/QĐ"}
    )
    assert StaffingQuota.objects.get().civil_servants == 30
    hoa = make_person("Nguyễn Thị Hoa")
    client.post(
        f"{agency_url()}bo-tri/?ngay={ON}", {"nguoi": hoa.pk, "vi_tri": position.pk, "tu_ngay": "01/02/2026"}
    )
    assert PositionHolding.objects.get().person == hoa
    # A second placement is refused, shown as a message, nothing written.
    refused = client.post(
        f"{agency_url()}bo-tri/?ngay={ON}",
        {"nguoi": hoa.pk, "vi_tri": position.pk, "tu_ngay": "01/03/2026"},
        follow=True,
    )
    assert "đang giữ vị trí" in refused.content.decode()
    assert PositionHolding.objects.count() == 1


def test_a_leader_posting_is_refused(leader: Any) -> None:
    answer = client_for(leader).post(
        f"{agency_url()}them-vi-tri/",
        {"ma": "X", "ten": "X", "nhom": "chuyen_mon", "loai": "cong_chuc", "so_nguoi": 1},
        follow=True,
    )
    assert "chỉ được xem" in answer.content.decode()
    assert not JobPosition.objects.exists()


def test_export_and_import_on_the_page(focal: Any, make_position: Any) -> None:
    make_position("TC.01")
    client = client_for(focal)
    exported = client.get(f"{agency_url()}vi-tri-viec-lam.xlsx", {"ngay": ON})
    assert exported["Content-Type"].startswith("application/vnd.openxmlformats")
    bad = write_workbook(
        [("Vị trí việc làm", workbook.POSITION_HEADERS, [["TC.02", "Kế toán", "Nhóm lạ", "", 1, ""]])]
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    answer = client.post(
        f"{agency_url()}nhap-vi-tri/?ngay={ON}", {"tep": SimpleUploadedFile("vt.xlsx", bad), "tu_ngay": ON}
    )
    assert answer.status_code == 400 and "Nhóm lạ" in answer.content.decode()
    good = client.post(
        f"{agency_url()}nhap-vi-tri/?ngay={ON}",
        {"tep": SimpleUploadedFile("vt.xlsx", exported.content), "tu_ngay": ON},
    )
    assert good.status_code == 302


def test_the_agency_page_costs_the_same_queries_for_more_positions_and_people(
    focal: Any, make_position: Any, make_person: Any
) -> None:
    client = client_for(focal)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(agency_url(), {"ngay": ON}).status_code == 200
        return len(queries)

    position = make_position("TC.01", planned=5)
    services.holding_start(actor=focal, person=make_person("Người 1"), position=position, on=D(2026, 2, 1))
    small = count()
    for n in range(2, 8):
        p = make_position(f"TC.{n:02}", planned=2)
        services.holding_start(actor=focal, person=make_person(f"Người {n}"), position=p, on=D(2026, 2, 1))
        make_person(f"Chưa bố trí {n}")
    assert count() == small


def test_the_framework_page_and_its_import(officer: Any, focal: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = write_workbook(
        [("Danh mục khung", workbook.FRAMEWORK_HEADERS, [["cc_ho_tro", "HT.1", "Văn thư", ""]])]
    )
    assert (
        "Nhập danh mục khung"
        not in client_for(focal).get("/vi-tri-viec-lam/danh-muc-khung/").content.decode()
    )
    client = client_for(officer)
    assert (
        client.post(
            "/vi-tri-viec-lam/danh-muc-khung/nhap/", {"tep": SimpleUploadedFile("k.xlsx", data)}
        ).status_code
        == 302
    )
    assert "Văn thư" in client.get("/vi-tri-viec-lam/danh-muc-khung/").content.decode()
