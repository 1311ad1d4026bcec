"""Organisation pages and API: scoped reads answer 404 outside the user's scope."""

import pytest
from django.test import Client

from canbo.audit.models import AuditEntry
from canbo.core.excel import read_workbook, write_workbook
from canbo.org.io.excel import UNIT_COLUMNS
from canbo.org.models import Unit

pytestmark = pytest.mark.django_db


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_tree_page_on_a_date_and_its_htmx_fragment(builtin_org: None, make_user) -> None:
    client = _client(make_user("noi_vu", "KH"))
    page = client.get("/to-chuc/", {"ngay": "01/06/2024"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Cây tổ chức ngày <strong>01/06/2024</strong>: 26 đơn vị" in html
    assert "Ủy ban nhân dân huyện Bác Ái" in html and "<nav" in html
    fragment = client.get("/to-chuc/", {"ngay": "2025-08-01"}, headers={"HX-Request": "true"})
    html = fragment.content.decode()
    assert "<nav" not in html and "Ủy ban nhân dân tỉnh Khánh Hòa" in html and "Ninh Thuận" not in html


def test_a_bad_date_is_explained_not_an_error(builtin_org: None, make_user) -> None:
    page = _client(make_user("noi_vu", "KH")).get("/to-chuc/", {"ngay": "30/02/2024"})
    assert page.status_code == 200
    assert "“30/02/2024” không phải ngày có thật" in page.content.decode()


def test_focal_officer_sees_only_their_subtree_and_404_outside(builtin_org: None, make_user) -> None:
    client = _client(make_user("dau_moi", "KH.STC"))
    html = client.get("/to-chuc/").content.decode()
    assert "Sở Tài chính" in html and "Sở Y tế" not in html
    outside = Unit.objects.get(code="KH.SYT").pk
    assert client.get(f"/to-chuc/don-vi/{outside}/").status_code == 404
    assert client.get(f"/api/org/units/{outside}").status_code == 404
    inside = Unit.objects.get(code="KH.STC").pk
    assert client.get(f"/to-chuc/don-vi/{inside}/").status_code == 200
    # Before the merger, Khánh Hòa's Sở Tài chính stands for the two Ninh Thuận departments.
    html = client.get("/to-chuc/", {"ngay": "01/06/2024"}).content.decode()
    assert "Sở Kế hoạch và Đầu tư" in html and "Sở Tài chính" in html and "Sở Y tế" not in html
    # The absorbed department's history stays visible to its successor's officer.
    skhdt = Unit.objects.get(code="NT.SKHDT").pk
    detail = client.get(f"/to-chuc/don-vi/{skhdt}/").content.decode()
    assert "Hợp nhất vào Sở Tài chính từ ngày 01/03/2025" in detail


def test_export_is_scoped(builtin_org: None, make_user) -> None:
    response = _client(make_user("dau_moi", "KH.STC")).get("/to-chuc/xuat-excel/")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    units = read_workbook(response.content)["Đơn vị"]
    codes = {row[0] for row in units[1:]}
    assert codes == {"KH.STC", "NT.STC-2025", "NT.STC", "NT.SKHDT"}


def test_user_without_role_sees_nothing(builtin_org: None, make_user) -> None:
    client = _client(make_user())
    assert "Không có đơn vị nào" in client.get("/to-chuc/").content.decode()
    assert client.get(f"/to-chuc/don-vi/{Unit.objects.get(code='KH').pk}/").status_code == 404


def test_anonymous_is_sent_to_login_and_api_refuses(builtin_org: None) -> None:
    response = Client().get("/to-chuc/")
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")
    assert Client().get("/api/org/units").status_code == 401


def test_api_tree_and_successors(builtin_org: None, make_user) -> None:
    client = _client(make_user("lanh_dao", "KH"))
    payload = client.get("/api/org/units", {"as_of": "01/06/2024"}).json()
    assert payload["as_of"] == "2024-06-01" and len(payload["units"]) == 26
    skhdt = Unit.objects.get(code="NT.SKHDT").pk
    successors = client.get(f"/api/org/units/{skhdt}/successors", {"as_of": "2025-08-01"}).json()
    assert successors == [
        {"id": Unit.objects.get(code="KH.STC").pk, "code": "KH.STC", "name": "Sở Tài chính"}
    ]
    assert client.get("/api/org/units", {"as_of": "hôm nay"}).status_code == 422


def test_openapi_schema_is_served(make_user) -> None:
    client = Client()
    client.force_login(make_user())
    schema = client.get("/api/openapi.json").json()
    assert "/api/org/units" in schema["paths"]


def test_leader_cannot_import_and_officer_import_is_audited_with_address(
    builtin_org: None, make_user
) -> None:
    leader = _client(make_user("lanh_dao", "KH"))
    assert leader.get("/to-chuc/nhap-excel/").status_code == 403
    officer = make_user("noi_vu", "KH")
    client = _client(officer)
    headers = [c.header for c in UNIT_COLUMNS]
    good = write_workbook(
        [("Đơn vị", headers, [("KH.SNV.P1", "Phòng Công chức", "", "phong", "KH.SNV", "01/08/2025", None)])]
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        "/to-chuc/nhap-excel/", {"tep": SimpleUploadedFile("a.xlsx", good)}, REMOTE_ADDR="10.0.0.7"
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="org.unit.import", object_repr="KH.SNV.P1")
    assert (entry.actor, entry.ip_address, entry.source, entry.object_repr) == (
        officer,
        "10.0.0.7",
        "web",
        "KH.SNV.P1",
    )


def test_focal_officer_cannot_import_a_unit_outside_their_scope(builtin_org: None, make_user) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = _client(make_user("dau_moi", "KH.STC"))
    headers = [c.header for c in UNIT_COLUMNS]
    outside = write_workbook(
        [("Đơn vị", headers, [("KH.SYT.P1", "Phòng Y", "", "phong", "KH.SYT", "01/08/2025", None)])]
    )
    response = client.post("/to-chuc/nhap-excel/", {"tep": SimpleUploadedFile("a.xlsx", outside)})
    assert response.status_code == 400
    assert "nằm ngoài phạm vi" in response.content.decode()
    assert not Unit.objects.filter(code="KH.SYT.P1").exists()
    inside = write_workbook(
        [("Đơn vị", headers, [("KH.STC.P1", "Phòng Ngân sách", "", "phong", "KH.STC", "01/08/2025", None)])]
    )
    assert (
        client.post("/to-chuc/nhap-excel/", {"tep": SimpleUploadedFile("a.xlsx", inside)}).status_code == 302
    )
    assert Unit.objects.filter(code="KH.STC.P1").exists()


def test_a_broken_upload_is_explained_and_errors_download(builtin_org: None, make_user) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = _client(make_user("noi_vu", "KH"))
    response = client.post("/to-chuc/nhap-excel/", {"tep": SimpleUploadedFile("a.xlsx", b"not excel at all")})
    assert response.status_code == 400
    assert "Tệp không phải bảng tính Excel" in response.content.decode()
    errors = read_workbook(client.get("/to-chuc/nhap-excel/loi.xlsx").content)["Lỗi"]
    assert errors[1][3].startswith("Tệp không phải bảng tính Excel")
