"""The evaluation pages: each page for each role, another agency's pages missing (404), the forms that
open sheets, add a product, score and finalise, a refusal shown as a message with nothing written, the
files, and the agency's page following the plan (an occurrence reported done changes its score)."""

import io
import re
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.test import Client

from canbo.evaluation import services
from canbo.evaluation.models import Ranking, Sheet, WorkItem
from canbo.evaluation.tests.conftest import YEAR, D, give, unit
from canbo.people.models import Evaluation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("canbo.evaluation.selectors.today", lambda: D(YEAR, 12, 10))


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def ranking_url(code: str = "KH.STC") -> str:
    return f"/danh-gia/{YEAR}/co-quan/{unit(code).pk}/"


def agency_url(code: str = "KH.STC") -> str:
    return f"/danh-gia/{YEAR}/xep-loai-co-quan/{unit(code).pk}/"


def scored(actor: Any, sheet: Sheet, general: str) -> None:
    sheet.refresh_from_db()
    services.sheet_score(
        actor=actor,
        sheet=sheet,
        version=sheet.version,
        changes={"general_points": Decimal(general)},
        manager="Trần Văn Giám",
        on=D(YEAR, 12, 5),
    )


@pytest.fixture
def agency(make_person: Any, focal: Any) -> dict[str, Sheet]:
    """Sở Tài chính's year: a civil servant with the worked example's quarter, scored; one not yet."""
    make_person("Nguyễn Thị Hoa")
    make_person("Lê Văn Chưa")
    services.sheets_open(actor=focal, unit=unit("KH.STC"), year=YEAR)
    sheets = {s.person.full_name: s for s in Sheet.objects.filter(year=YEAR).select_related("person")}
    give(
        sheets["Nguyễn Thị Hoa"],
        1,
        {"completed": True, "failed_reviews": 1, "title": "Báo cáo quyết toán"},
        {"completed": True, "delays": 1},
        {"completed": True, "delays": 2},
        {"completed": True},
    )
    scored(focal, sheets["Nguyễn Thị Hoa"], "28")
    return sheets


@pytest.mark.parametrize("role", ["noi_vu", "dau_moi", "lanh_dao"])
def test_every_page_renders_for_each_role(agency: dict[str, Sheet], make_user: Any, role: str) -> None:
    user = make_user(role, "KH.STC" if role == "dau_moi" else "KH")
    client = client_for(user)
    writes = role != "lanh_dao"
    index = client.get(f"/danh-gia/?nam={YEAR}").content.decode()
    assert "Sở Tài chính" in index and "15/12/2026" in index and "Nghị định 335/2025/NĐ-CP" in index
    assert ("Lập phiếu đánh giá</h2>" in index) is writes
    page = client.get(ranking_url())
    html = page.content.decode()
    assert page.status_code == 200
    assert "Nguyễn Thị Hoa" in html and "92,17" in html  # RULES-2 §1.1's worked example
    assert "Vượt tỷ lệ — đề xuất xếp tốt" in html  # alone in the group: the quota allows 0
    assert "tối đa được xếp xuất sắc: <strong>0</strong> (20 % số tốt — Điều 20 khoản 5" in html
    assert "Lê Văn Chưa" in html and "chưa chấm điểm tiêu chí chung" in html
    assert ("Ghi quyết định xếp loại" in html) is writes
    assert ("Giữ mức xuất sắc</button>" in html) is writes
    assert ("Ngoại lệ tỷ lệ xuất sắc (Sở Nội vụ)" in html) is (role == "noi_vu")
    sheet = client.get(f"/danh-gia/phieu/{agency['Nguyễn Thị Hoa'].pk}/").content.decode()
    assert "Báo cáo quyết toán" in sheet and "Nghị định 335/2025/NĐ-CP" in sheet
    assert "Số lượng 100,00" in sheet and "chất lượng 93,75" in sheet and "tiến độ 81,25" in sheet
    assert "64,17" in sheet  # the quarter's task points
    assert ("Chấm điểm (thủ trưởng trực tiếp)" in sheet) is writes
    assert ("Thêm sản phẩm, công việc" in sheet) is writes
    agencies = client.get(f"/danh-gia/{YEAR}/xep-loai-co-quan/").content.decode()
    assert "Sở Tài chính" in agencies and "Nguồn điểm nhiệm vụ" in agencies
    own = client.get(agency_url()).content.decode()
    assert "Nguồn điểm nhiệm vụ: các nhiệm vụ của Kế hoạch mà cơ quan chủ trì, đến hạn trong năm" in own
    assert ("Điểm tiêu chí chung (Sở Nội vụ)" in own) is (role == "noi_vu")


def test_another_agencys_pages_are_missing_for_a_focal_officer(
    agency: dict[str, Sheet], make_user: Any
) -> None:
    client = client_for(make_user("dau_moi", "KH.SYT"))
    sheet = agency["Nguyễn Thị Hoa"]
    item = WorkItem.objects.filter(sheet=sheet).first()
    assert item is not None
    assert client.get(ranking_url()).status_code == 404
    assert client.get(f"/danh-gia/phieu/{sheet.pk}/").status_code == 404
    assert client.get(agency_url()).status_code == 404
    assert client.get(ranking_url() + "xep-loai.xlsx").status_code == 404
    assert client.get(f"/danh-gia/phieu/{sheet.pk}/phieu.docx").status_code == 404
    assert client.post(f"/danh-gia/san-pham/{item.pk}/xoa/").status_code == 404
    assert (
        client.post(ranking_url() + "quyet-dinh/", {"so_quyet_dinh": "1", "ngay": "12/12/2026"}).status_code
        == 404
    )
    assert WorkItem.objects.filter(pk=item.pk).exists() and not Ranking.objects.exists()
    index = client.get(f"/danh-gia/?nam={YEAR}").content.decode()
    assert "Sở Tài chính" not in index
    assert client.get(ranking_url("KH.SYT")).status_code == 200


def test_a_leader_may_read_but_not_write(agency: dict[str, Sheet], make_user: Any) -> None:
    client = client_for(make_user("lanh_dao", "KH"))
    sheet = agency["Lê Văn Chưa"]
    answer = client.post(
        f"/danh-gia/phieu/{sheet.pk}/san-pham/",
        {"ky": "1", "ten": "Tờ trình", "hoan_thanh": "1"},
        follow=True,
    )
    assert "chỉ được xem" in answer.content.decode()
    assert not WorkItem.objects.filter(sheet=sheet).exists()


def test_the_focal_officer_opens_fills_scores_and_finalises(make_person: Any, focal: Any) -> None:
    make_person("Phạm Thị Một")
    client = client_for(focal)
    answer = client.post("/danh-gia/lap-phieu/", {"co_quan": unit("KH.STC").pk, "nam": YEAR}, follow=True)
    html = answer.content.decode()
    assert "Đã lập 1 phiếu đánh giá năm 2026" in html
    sheet = Sheet.objects.get(person__full_name="Phạm Thị Một")
    answer = client.post(
        f"/danh-gia/phieu/{sheet.pk}/san-pham/",
        {"ky": "2", "ten": "Đề án vị trí việc làm", "hoan_thanh": "1", "cham": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert answer.status_code == 204 and answer["HX-Redirect"] == f"/danh-gia/phieu/{sheet.pk}/"
    item = WorkItem.objects.get(sheet=sheet)
    assert (item.period, item.delays, item.weight, item.completed) == (2, 1, 1, True)
    assert item.entered_by_name  # who entered it, from the account
    refused = client.post(
        f"/danh-gia/phieu/{sheet.pk}/san-pham/",
        {"ky": "5", "ten": "Kỳ không có", "hoan_thanh": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert refused.status_code == 200 and "Kỳ phải từ 1 đến 4" in refused.content.decode()
    answer = client.post(
        f"/danh-gia/phieu/{sheet.pk}/xac-nhan/",
        {"nguoi_quan_ly": "Trần Văn Giám", "ky": "2", "ngay": "05/12/2026"},
    )
    assert answer.status_code == 302
    item.refresh_from_db()
    assert item.confirmed_by_name == "Trần Văn Giám" and item.confirmed_on == D(YEAR, 12, 5)
    score = {
        "diem_chung": "27,5",
        "nguoi_cham": "Trần Văn Giám",
        "ngay": "05/12/2026",
        "phien_ban": sheet.version,
    }
    answer = client.post(f"/danh-gia/phieu/{sheet.pk}/cham-diem/", score, follow=True)
    html = answer.content.decode()
    assert "Đã ghi điểm của Phạm Thị Một" in html
    # (100 + 100 + 75) / 3 × 70 % = 64,17; + 27,5 = 91,67: xuất sắc by points, "tốt" for the quota.
    assert "91,67" in html and "Vượt tỷ lệ — đề xuất xếp tốt" in html
    stale = client.post(f"/danh-gia/phieu/{sheet.pk}/cham-diem/", score, follow=True).content.decode()
    assert "đã được người khác sửa" in stale
    answer = client.post(
        ranking_url() + "quyet-dinh/", {"so_quyet_dinh": "15/QĐ-STC", "ngay": "12/12/2026"}, follow=True
    )
    html = answer.content.decode()
    assert "Đã ghi quyết định xếp loại số 15/QĐ-STC: 1 người" in html
    assert "Đã xếp loại theo quyết định số <strong>15/QĐ-STC</strong> ngày 12/12/2026" in html
    assert Evaluation.objects.get(person=sheet.person, year=YEAR).level == "tot"
    page = client.get(f"/danh-gia/phieu/{sheet.pk}/").content.decode()
    assert "chỉ xem" in page and "Chấm điểm (thủ trưởng trực tiếp)" not in page


def test_a_ranking_beyond_the_quota_is_refused_and_nothing_is_written(make_person: Any, focal: Any) -> None:
    names = [f"Người {i:02d}" for i in range(15)]
    for name in names:
        make_person(name)
    services.sheets_open(actor=focal, unit=unit("KH.STC"), year=YEAR)
    sheets = {s.person.full_name: s for s in Sheet.objects.filter(year=YEAR).select_related("person")}
    for i, name in enumerate(names):
        give(sheets[name], 1, {"completed": True})
        scored(focal, sheets[name], "25" if i < 5 else "10")  # 5 at 95, 10 at 80: at most 2 excellent
    client = client_for(focal)
    html = client.get(ranking_url()).content.decode()
    assert (
        "Số xếp loại tốt: <strong>10</strong>; số đạt xuất sắc: <strong>5</strong>; tối đa được xếp xuất sắc: <strong>2</strong>"
        in html
    )
    assert html.count("Cùng điểm tại ngưỡng — chờ quyết định") == 5
    for name in names[:5]:
        answer = client.post(
            f"/danh-gia/phieu/{sheets[name].pk}/ty-le/", {"quyet_dinh": "giu", "tro_ve": ranking_url()}
        )
        assert answer.status_code == 302 and answer["Location"] == ranking_url()
    answer = client.post(
        ranking_url() + "quyet-dinh/", {"so_quyet_dinh": "12/QĐ-STC", "ngay": "12/12/2026"}, follow=True
    )
    html = answer.content.decode()
    assert "vượt số tối đa 2" in html and "alert-danger" in html
    assert not Ranking.objects.exists() and not Evaluation.objects.filter(year=YEAR).exists()
    assert not Sheet.objects.filter(status="xep_loai").exists()
    for name in names[2:5]:
        client.post(f"/danh-gia/phieu/{sheets[name].pk}/ty-le/", {"quyet_dinh": "tot"})
    answer = client.post(ranking_url() + "quyet-dinh/", {"so_quyet_dinh": "12/QĐ-STC", "ngay": "12/12/2026"})
    assert answer.status_code == 302 and Ranking.objects.get().people == 15


def test_groups_the_exception_and_product_types(agency: dict[str, Sheet], focal: Any, officer: Any) -> None:
    client = client_for(focal)
    answer = client.post(ranking_url() + "nhom/", {"ten": "Chuyên viên nghiệp vụ"}, HTTP_HX_REQUEST="true")
    assert answer.status_code == 204
    answer = client.post(
        ranking_url() + "loai-san-pham/", {"ten": "Đề án", "he_so": "1,5"}, HTTP_HX_REQUEST="true"
    )
    assert answer.status_code == 204
    sheet = client.get(f"/danh-gia/phieu/{agency['Lê Văn Chưa'].pk}/").content.decode()
    assert "Chuyên viên nghiệp vụ</option>" in sheet and "Đề án (hệ số 1,50)</option>" in sheet
    refused = client.post(
        ranking_url() + "ngoai-le/",
        {"ty_le": "25", "so_quyet_dinh": "5/QĐ-UBND", "ngay": "01/12/2026"},
        follow=True,
    )
    assert "Chỉ Sở Nội vụ ghi việc này" in refused.content.decode()
    home = client_for(officer)
    refused = home.post(
        ranking_url() + "ngoai-le/",
        {"ty_le": "25", "so_quyet_dinh": " ", "ngay": "01/12/2026"},
        HTTP_HX_REQUEST="true",
    )
    assert "Ngoại lệ cần số quyết định cho phép" in refused.content.decode()
    answer = home.post(
        ranking_url() + "ngoai-le/",
        {"ty_le": "25", "so_quyet_dinh": "5/QĐ-UBND", "ngay": "01/12/2026"},
        follow=True,
    )
    html = answer.content.decode()
    assert "Ngoại lệ tỷ lệ xuất sắc của cơ quan năm 2026: <strong>25 %</strong>" in html
    assert "(25 % số tốt — Điều 20 khoản 5" in html


def test_the_files_download_under_plain_names(agency: dict[str, Sheet], focal: Any) -> None:
    client = client_for(focal)
    answer = client.get(ranking_url() + "xep-loai.xlsx")
    assert answer.status_code == 200
    assert re.match(
        r'attachment; filename="xep-loai-2026-so-tai-chinh\.xlsx"; filename\*=UTF-8\'\'',
        answer["Content-Disposition"],
    )
    openpyxl.load_workbook(io.BytesIO(answer.content))
    template = client.get(ranking_url() + "san-pham.xlsx")
    assert template.status_code == 200 and template["Content-Disposition"].startswith("attachment;")
    word = client.get(f"/danh-gia/phieu/{agency['Nguyễn Thị Hoa'].pk}/phieu.docx")
    assert word.status_code == 200 and word.content[:2] == b"PK"
    assert 'filename="phieu-danh-gia-2026-nguyen-thi-hoa.docx"' in word["Content-Disposition"]
    report = client.get(f"/danh-gia/{YEAR}/bao-cao.docx")
    assert report.status_code == 200 and report.content[:2] == b"PK"


def test_an_import_with_errors_lists_them_and_writes_nothing(agency: dict[str, Sheet], focal: Any) -> None:
    client = client_for(focal)
    before = WorkItem.objects.count()
    book = openpyxl.load_workbook(io.BytesIO(client.get(ranking_url() + "san-pham.xlsx").content))
    sheet = book.worksheets[0]
    sheet.append(["Không Có Ai"] + ["x"] * (sheet.max_column - 1))
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = "san-pham.xlsx"
    answer = client.post(ranking_url() + "nhap-san-pham/", {"tep": data})
    html = answer.content.decode()
    assert answer.status_code == 400
    assert "chưa ghi gì" in html and 'id="import-errors"' in html
    assert WorkItem.objects.count() == before


def _stc_occurrence_due_in_year() -> Any:
    from canbo.accounts.system import SYSTEM
    from canbo.plans.choices import Status
    from canbo.plans.selectors import occurrence_rows

    rows = [
        r
        for r in occurrence_rows(user=SYSTEM, as_of=D(YEAR, 12, 10))
        if r.responsible is not None
        and r.responsible.code == "KH.STC"
        and r.due is not None
        and r.due.year == YEAR
        and r.due <= D(YEAR, 12, 10)
        and r.status == Status.OVERDUE
    ]
    return rows[0]


def test_the_agency_page_follows_a_plan_occurrence(builtin_plan: Any, make_user: Any, officer: Any) -> None:
    from canbo.plans.choices import Progress
    from canbo.plans.services import ReportInput, report_review, report_submit

    client = client_for(officer)
    row = _stc_occurrence_due_in_year()
    before = client.get(agency_url()).content.decode()
    assert row.task.code in before and "Đang thực hiện quá hạn" in before
    points_before = re.search(r'id="task-points">([\d,]+)<', before)
    assert points_before is not None
    focal = make_user("dau_moi", "KH.STC")
    done_on = min(row.due, D(YEAR, 12, 1))
    report = report_submit(
        actor=focal,
        occurrence=row.occurrence,
        data=ReportInput(progress=Progress.DONE, completed_on=done_on),
        on=done_on,
    )
    waiting = client.get(agency_url()).content.decode()
    assert "chờ xem xét — chưa tính" in waiting
    report_review(actor=officer, report=report, accept=True, comment="", on=done_on)
    after = client.get(agency_url()).content.decode()
    points_after = re.search(r'id="task-points">([\d,]+)<', after)
    assert points_after is not None
    assert float(points_after.group(1).replace(",", ".")) > float(points_before.group(1).replace(",", "."))
    answer = client.post(agency_url() + "cham-diem/", {"diem_chung": "26"}, HTTP_HX_REQUEST="true")
    assert answer.status_code == 204
    answer = client.post(
        agency_url() + "quyet-dinh/", {"so_quyet_dinh": "99/QĐ-UBND", "ngay": "15/12/2026"}, follow=True
    )
    assert "theo quyết định số 99/QĐ-UBND ngày 15/12/2026" in answer.content.decode()


def test_the_ranking_and_sheet_pages_cost_the_same_queries_at_two_sizes(
    agency: dict[str, Sheet], make_person: Any, focal: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(focal)
    sheet_url = f"/danh-gia/phieu/{agency['Nguyễn Thị Hoa'].pk}/"

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    small = count(ranking_url()), count(sheet_url)
    for i in range(4):
        make_person(f"Người Thêm {i}")
    services.sheets_open(actor=focal, unit=unit("KH.STC"), year=YEAR)
    for sheet in Sheet.objects.filter(person__full_name__startswith="Người Thêm"):
        give(sheet, 1, {"completed": True}, {"completed": True, "delays": 1})
        give(sheet, 2, {"completed": True})
        scored(focal, sheet, "25")
    give(agency["Nguyễn Thị Hoa"], 2, {"completed": True}, {"completed": False})
    assert (count(ranking_url()), count(sheet_url)) == small


def test_a_public_employee_appeals_through_the_sheet(make_person: Any, focal: Any) -> None:
    make_person("Viên chức Hai", category="vien_chuc")
    services.sheets_open(actor=focal, unit=unit("KH.STC"), year=YEAR)
    sheet = Sheet.objects.get(person__full_name="Viên chức Hai")
    client = client_for(focal)
    page = client.get(f"/danh-gia/phieu/{sheet.pk}/").content.decode()
    assert "Mức do cấp có thẩm quyền quyết định" in page and "Kiến nghị về kết quả xếp loại" not in page
    answer = client.post(
        f"/danh-gia/phieu/{sheet.pk}/cham-diem/",
        {"muc": "tot", "nguoi_cham": "Trần Văn Giám", "ngay": "05/12/2026", "phien_ban": sheet.version},
    )
    assert answer.status_code == 302
    client.post(ranking_url() + "quyet-dinh/", {"so_quyet_dinh": "3/QĐ", "ngay": "11/12/2026"})
    late = client.post(
        f"/danh-gia/phieu/{sheet.pk}/kien-nghi/",
        {"ngay": "17/12/2026", "noi_dung": "Đề nghị xem xét lại"},
        HTTP_HX_REQUEST="true",
    )
    assert "Quá hạn kiến nghị" in late.content.decode()
    answer = client.post(
        f"/danh-gia/phieu/{sheet.pk}/kien-nghi/",
        {"ngay": "16/12/2026", "noi_dung": "Đề nghị xem xét lại"},
        follow=True,
    )
    html = answer.content.decode()
    assert (
        "Đã ghi kiến nghị; hạn trả lời 30/12/2026" in html
        and "Hạn trả lời: <strong>30/12/2026</strong>" in html
    )
    appeal = sheet.appeals.get()
    answer = client.post(
        f"/danh-gia/kien-nghi/{appeal.pk}/tra-loi/",
        {"ngay": "22/12/2026", "tra_loi": "Điều chỉnh", "ket_qua": "thay_doi", "muc_moi": "xuat_sac"},
        follow=True,
    )
    assert "Đã ghi trả lời kiến nghị" in answer.content.decode()
    assert Evaluation.objects.get(person=sheet.person, year=YEAR).level == "xuat_sac"
