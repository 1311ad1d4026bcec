"""Plan pages and API: focal officers see and report only their agency's tasks (404 otherwise)."""

import datetime as dt
import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from canbo.core.excel import read_workbook
from canbo.plans.models import Occurrence, Report, Task

pytestmark = pytest.mark.django_db


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _pl3() -> Occurrence:
    return Occurrence.objects.get(task__code="PL.3")


def test_dashboard_for_home_affairs(builtin_plan, make_user) -> None:
    html = _client(make_user("noi_vu", "KH")).get("/ke-hoach/", {"ngay": "01/01/2023"}).content.decode()
    assert "Theo dõi thực hiện kế hoạch" in html and "Đang thực hiện quá hạn" in html
    assert "Sở Tài nguyên và Môi trường" in html and "Ủy ban nhân dân huyện Bác Ái" in html


def test_a_focal_officer_sees_only_their_agency(builtin_plan, make_user) -> None:
    client = _client(make_user("dau_moi", "KH.SYT"))
    html = client.get("/ke-hoach/").content.decode()
    assert "Sở Y tế" in html and "Sở Tài chính" not in html
    assert client.get(f"/ke-hoach/luot/{_pl3().pk}/").status_code == 404
    assert client.get(f"/api/plans/occurrences/{_pl3().pk}").status_code == 404
    assert client.get(f"/ke-hoach/nhiem-vu/{Task.objects.get(code='PL.3').pk}/").status_code == 404
    listing = client.get("/ke-hoach/nhiem-vu/", {"ma": "PL"}).content.decode()
    assert "PL.3" not in listing
    response = client.post(f"/ke-hoach/luot/{_pl3().pk}/bao-cao/", {"progress": "dang", "percent": 10})
    assert response.status_code == 404 and not Report.objects.exists()


def test_report_through_the_page(builtin_plan, make_user) -> None:
    client = _client(make_user("dau_moi", "KH.STC"))
    page = client.get(f"/ke-hoach/luot/{_pl3().pk}/").content.decode()
    assert "Đang thực hiện quá hạn" in page and "Báo cáo tiến độ" in page
    pdf = SimpleUploadedFile("nq.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = client.post(
        f"/ke-hoach/luot/{_pl3().pk}/bao-cao/",
        {
            "progress": "xong",
            "percent": 100,
            "completed_on": "20/12/2024",
            "document_number": "25/2024/NQ-HĐND",
            "document_file": pdf,
        },
    )
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.completed_on.isoformat() == "2024-12-20" and report.document_file
    page = client.get(f"/ke-hoach/luot/{_pl3().pk}/").content.decode()
    assert "Đã báo cáo, chờ xem xét" in page and "Hoàn thành đúng hạn" not in page
    download = client.get(f"/ke-hoach/bao-cao/{report.pk}/tep/")
    assert b"".join(download.streaming_content) == b"%PDF-1.4 test"


def test_a_bad_report_is_explained(builtin_plan, make_user) -> None:
    client = _client(make_user("dau_moi", "KH.STC"))
    response = client.post(
        f"/ke-hoach/luot/{_pl3().pk}/bao-cao/",
        {
            "progress": "xong",
            "percent": 100,
            "completed_on": "31/02/2024",
            "document_file": SimpleUploadedFile("x.pdf", b"hello"),
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ngày không hợp lệ (viết theo dạng dd/mm/yyyy)." in html
    response = client.post(
        f"/ke-hoach/luot/{_pl3().pk}/bao-cao/",
        {
            "progress": "xong",
            "percent": 100,
            "completed_on": "20/12/2024",
            "document_file": SimpleUploadedFile("x.pdf", b"hello"),
        },
    )
    assert response.status_code == 400 and "không phải văn bản" in response.content.decode()
    assert not Report.objects.exists()


def test_review_buttons_only_for_home_affairs(builtin_plan, make_user) -> None:
    focal = _client(make_user("dau_moi", "KH.STC"))
    focal.post(f"/ke-hoach/luot/{_pl3().pk}/bao-cao/", {"progress": "dang", "percent": 40})
    report = Report.objects.get()
    assert (
        "Trả lại"
        not in focal.get(f"/ke-hoach/luot/{_pl3().pk}/")
        .content.decode()
        .split('id="reports"')[1]
        .split("</table>")[0]
    )
    focal.post(f"/ke-hoach/bao-cao/{report.pk}/xem-xet/", {"decision": "nhan"})
    report.refresh_from_db()
    assert report.review == "cho"
    officer = _client(make_user("noi_vu", "KH"))
    officer.post(f"/ke-hoach/bao-cao/{report.pk}/xem-xet/", {"decision": "tra", "comment": ""}, follow=True)
    report.refresh_from_db()
    assert report.review == "cho"
    officer.post(
        f"/ke-hoach/bao-cao/{report.pk}/xem-xet/", {"decision": "tra", "comment": "Bổ sung số liệu."}
    )
    report.refresh_from_db()
    assert (report.review, report.review_comment) == ("tra", "Bổ sung số liệu.")


def test_downloads(builtin_plan, make_user) -> None:
    client = _client(make_user("noi_vu", "KH"))
    word = client.get("/ke-hoach/bao-cao-nam/", {"nam": "2023", "dinh_dang": "docx"})
    assert word["Content-Disposition"] == 'attachment; filename="bao-cao-2023.docx"'
    assert docx.Document(io.BytesIO(word.content)).paragraphs
    excel = client.get("/ke-hoach/bao-cao-nam/", {"nam": "2023", "dinh_dang": "xlsx"})
    assert "Phụ lục năm 2023" in read_workbook(excel.content)
    results = client.get("/ke-hoach/ket-qua/", {"nam": "2022", "dinh_dang": "xlsx"})
    assert read_workbook(results.content)["Kết quả 2022"][0][0] == "Cơ quan, đơn vị"
    assert (
        "Kết quả thực hiện kế hoạch năm 2022"
        in client.get("/ke-hoach/ket-qua/", {"nam": "2022"}).content.decode()
    )
    assert read_workbook(client.get("/ke-hoach/mau.xlsx").content)["Nhiệm vụ"][0][0] == "Số TT"


def test_api_lists_and_reports(builtin_plan, make_user) -> None:
    client = _client(make_user("dau_moi", "KH.STC"))
    payload = client.get("/api/plans/occurrences", {"as_of": "01/01/2023", "code": "PL.3"}).json()
    assert payload["as_of"] == "2023-01-01"
    (row,) = payload["occurrences"]
    assert row["lead_on_date"] == {"code": "NT.STC", "name": "Sở Tài chính"} and row["due"] == "2024-12-31"
    assert row["status_label"] == "Đang thực hiện trong hạn"
    created = client.post(
        f"/api/plans/occurrences/{row['id']}/reports",
        {"progress": "dang", "percent": 30, "narrative": "Đang dự thảo."},
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["review"] == "cho"
    bad = client.post(
        f"/api/plans/occurrences/{row['id']}/reports",
        {"progress": "dang", "percent": 300},
        content_type="application/json",
    )
    assert bad.status_code == 422
    other = Occurrence.objects.filter(task__code="PL.2").first()
    assert (
        client.post(
            f"/api/plans/occurrences/{other.pk}/reports",
            {"progress": "dang"},
            content_type="application/json",
        ).status_code
        == 404
    )


def test_import_page_is_for_home_affairs(builtin_org, make_user) -> None:
    assert _client(make_user("dau_moi", "KH.STC")).get("/ke-hoach/nhap/").status_code == 403
    assert _client(make_user("noi_vu", "KH")).get("/ke-hoach/nhap/").status_code == 200


def test_reminders_sent_are_listed_on_the_task(
    builtin_plan, make_user, django_capture_on_commit_callbacks
) -> None:
    import datetime as dt

    from canbo.plans.services import reminders_send

    make_user("dau_moi", "KH.STC", email="stc@canbo.local")
    with django_capture_on_commit_callbacks(execute=True):  # the mail goes after the record commits
        reminders_send(as_of=dt.date(2026, 11, 30))
    task = Task.objects.get(code="PL.3")
    html = _client(make_user("noi_vu", "KH")).get(f"/ke-hoach/nhiem-vu/{task.pk}/").content.decode()
    assert "30/11/2026 — Một lần — Quá hạn — gửi stc@canbo.local" in html


def test_a_refused_decision_is_told_on_the_occurrence_page(builtin_plan, make_user) -> None:
    """The services' refusals reach the pages through one path: a decision refused goes back to the
    occurrence with its message (core.http.refusals_as_messages); nothing is written."""
    focal = _client(make_user("dau_moi", "KH.STC"))
    focal.post(f"/ke-hoach/luot/{_pl3().pk}/bao-cao/", {"progress": "dang", "percent": 40})
    report = Report.objects.get()
    page = f"/ke-hoach/luot/{_pl3().pk}/"
    refused = focal.post(f"/ke-hoach/bao-cao/{report.pk}/xem-xet/", {"decision": "nhan"}, follow=True)
    assert refused.redirect_chain == [(page, 302)]
    assert "Chỉ Sở Nội vụ được thực hiện thao tác này." in refused.content.decode()
    officer = _client(make_user("noi_vu", "KH"))
    refused = officer.post(f"/ke-hoach/bao-cao/{report.pk}/xem-xet/", {"decision": "tra"}, follow=True)
    assert "Trả lại báo cáo phải ghi ý kiến để cơ quan hoàn thiện." in refused.content.decode()
    officer.post(f"/ke-hoach/bao-cao/{report.pk}/xem-xet/", {"decision": "nhan"})
    again = officer.post(
        f"/ke-hoach/bao-cao/{report.pk}/xem-xet/", {"decision": "tra", "comment": "x"}, follow=True
    )
    assert "ý kiến của bạn chưa được ghi" in again.content.decode()
    report.refresh_from_db()
    assert report.review == "nhan" and report.review_comment == ""
    forbidden = _client(make_user("dau_moi", "KH.STC")).get("/ke-hoach/nhap/")
    assert forbidden.status_code == 403 and "Chỉ Sở Nội vụ được nạp kế hoạch." in forbidden.content.decode()


def test_names_as_they_were_with_their_province_beside_each_other(builtin_plan, make_user) -> None:
    """Issue 12.3: a share given to Ninh Thuận's Sở Tài chính and held by Khánh Hòa's reads as two
    agencies, never "Sở Tài chính (giao cho Sở Tài chính)"."""
    task = Occurrence.objects.filter(task__code="IV.1.b").first().task
    html = _client(make_user("noi_vu", "KH")).get(f"/ke-hoach/nhiem-vu/{task.pk}/").content.decode()
    assert "Sở Tài chính (giao cho Sở Tài chính)" not in html
    assert "Sở Tài chính tỉnh Khánh Hòa" in html and "giao cho Sở Tài chính tỉnh Ninh Thuận" in html
    share = Occurrence.objects.get(task__code="IV.1.b", year=2022, unit__code="NT.STC")
    page = _client(make_user("noi_vu", "KH")).get(f"/ke-hoach/luot/{share.pk}/").content.decode()
    assert "Sở Tài chính tỉnh Ninh Thuận" in page and "Sở Tài chính tỉnh Khánh Hòa" in page


def test_an_extension_decision_without_a_decision_says_so(builtin_plan, make_user) -> None:
    from canbo.plans.models import Extension
    from canbo.plans.services import extension_request

    focal = make_user("dau_moi", "KH.STC")
    extension = extension_request(
        actor=focal,
        occurrence=_pl3(),
        requested_due=dt.date(2027, 6, 30),
        reason="Chờ hướng dẫn.",
        on=dt.date(2026, 1, 5),
    )
    client = _client(make_user("noi_vu", "KH"))
    page = client.post(f"/ke-hoach/gia-han/{extension.pk}/", {"comment": "x"}, follow=True).content.decode()
    assert "Thiếu quyết định gia hạn" in page
    assert Extension.objects.get(pk=extension.pk).state == "cho"
