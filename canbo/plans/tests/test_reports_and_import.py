"""The annual report, its appendix, the results export, and another plan from Excel."""

import datetime as dt
import io
import json
import shutil
import subprocess
from io import BytesIO, StringIO
from pathlib import Path

import docx
import pytest
from django.core.management import call_command

from canbo.accounts.system import SYSTEM
from canbo.core.errors import InputRejected
from canbo.core.excel import read_workbook, write_workbook
from canbo.plans.io.excel import COLUMNS, plan_from_excel, product_kinds, template_xlsx
from canbo.plans.io.reports import annual_appendix_xlsx, annual_report_docx, results_xlsx
from canbo.plans.models import Occurrence, Plan, Task
from canbo.plans.selectors import evaluation_results
from canbo.plans.services import plan_import

pytestmark = pytest.mark.django_db


def test_annual_report_in_the_decree_30_layout(builtin_plan) -> None:
    content = annual_report_docx(user=SYSTEM, plan=builtin_plan, year=2025)
    document = docx.Document(io.BytesIO(content))
    text = "\n".join(p.text for p in document.paragraphs)
    header = "\n".join(c.text for c in document.tables[0]._cells)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header and "Độc lập - Tự do - Hạnh phúc" in header
    assert (
        "ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA" in header and "SỞ NỘI VỤ" in header and "Khánh Hòa, ngày" in header
    )
    assert "BÁO CÁO" in text and "năm 2025" in text
    for heading in (
        "I. TÌNH HÌNH CHUNG",
        "II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ",
        "III. KẾT QUẢ THEO CƠ QUAN, ĐƠN VỊ",
        "IV. KHÓ KHĂN",
    ):
        assert heading in text
    tables = ["\n".join(c.text for c in t._cells) for t in document.tables]
    assert any("PL.8" in t and "Sở Nội vụ" in t for t in tables)
    assert any("Nơi nhận:" in t and "GIÁM ĐỐC" in t for t in tables)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_annual_report_opens_in_libreoffice(builtin_plan, tmp_path: Path) -> None:
    path = tmp_path / "bao-cao.docx"
    path.write_bytes(annual_report_docx(user=SYSTEM, plan=builtin_plan, year=2022))
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
        check=True,
        capture_output=True,
        timeout=120,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert (tmp_path / "bao-cao.pdf").read_bytes().startswith(b"%PDF")


def test_appendix_has_one_row_per_occurrence_of_the_year(builtin_plan) -> None:
    sheets = read_workbook(annual_appendix_xlsx(user=SYSTEM, plan=builtin_plan, year=2025))
    rows = sheets["Phụ lục năm 2025"]
    assert rows[0][:5] == [
        "Mã nhiệm vụ",
        "Nhiệm vụ",
        "Kỳ",
        "Cơ quan được giao (khi giao)",
        "Cơ quan đang thực hiện",
    ]
    pl8 = [r for r in rows if r[0] == "PL.8"]
    # Given to Ninh Thuận's Sở Nội vụ on 1/1/2025, held at the year's end by Khánh Hòa's (issue 12.3).
    assert len(pl8) == 1 and pl8[0][2] == "Năm 2025"
    assert (pl8[0][3], pl8[0][4]) == ("Sở Nội vụ tỉnh Ninh Thuận", "Sở Nội vụ tỉnh Khánh Hòa")
    yearly = [r for r in rows if r[0] == "IV.1.b" and r[2] == "Năm 2025"]
    assert len(yearly) == 25  # given to the 18 departments and 7 districts of 1/1/2025


def test_cli_report_and_results(builtin_plan, tmp_path: Path) -> None:
    out = StringIO()
    call_command(
        "plan",
        "report",
        "--year",
        "2024",
        "--format",
        "docx",
        "--output",
        str(tmp_path / "r.docx"),
        stdout=out,
    )
    assert docx.Document(str(tmp_path / "r.docx")).paragraphs
    call_command(
        "plan",
        "report",
        "--year",
        "2024",
        "--format",
        "xlsx",
        "--output",
        str(tmp_path / "r.xlsx"),
        stdout=out,
    )
    assert "Phụ lục năm 2024" in read_workbook((tmp_path / "r.xlsx").read_bytes())
    out = StringIO()
    call_command("plan", "results", "--year", "2022", stdout=out)
    payload = json.loads(out.getvalue())
    assert (payload["year"], payload["as_of"], payload["provisional"]) == (2022, "2022-12-31", False)
    assert "không quy định cách tính" in payload["basis"]
    results = payload["results"]
    assert {r["unit_code"] for r in results} >= {"NT.SNV", "NT.BACAI"}
    assert set(results[0]) == {
        "unit_code",
        "unit_name",
        "year",
        "due",
        "done_on_time",
        "done_late",
        "overdue",
        "waiting",
        "yearly_report_on_time",
        "score",
    }


def test_results_of_a_year_not_ended_count_what_fell_due_and_say_tam_tinh(builtin_plan) -> None:
    """Issue 12.10: on 30/06/2025 the yearly reports (due 04/12/2025) have not fallen due: they count
    neither for nor against; the page, the Excel file and the Word report say "tạm tính"."""
    as_of = dt.date(2025, 6, 30)
    results = evaluation_results(user=SYSTEM, year=2025, as_of=as_of)
    assert results and all(r.provisional and r.yearly_report_on_time is None for r in results)
    assert all(r.due == r.on_time + r.late + r.overdue + r.waiting for r in results)
    whole = evaluation_results(user=SYSTEM, year=2025, as_of=dt.date(2025, 12, 31))
    assert not any(r.provisional for r in whole)
    assert all(r.yearly_report_on_time is False for r in whole if r.unit.code != "KH")
    # Every agency's yearly report comes on top of what had fallen due by June (25 shares of 2025).
    assert sum(r.due for r in whole) >= sum(r.due for r in results) + 25
    sheets = read_workbook(results_xlsx(results=results, year=2025, as_of=as_of))
    assert sheets["Kết quả 2025 (tạm tính)"][0][-1] == "Điểm hoàn thành (tạm tính)"
    text = "\n".join(
        p.text
        for p in docx.Document(
            BytesIO(annual_report_docx(user=SYSTEM, plan=builtin_plan, year=2025, as_of=as_of))
        ).paragraphs
    )
    assert "(TẠM TÍNH)" in text and "tạm tính đến ngày 30/06/2025" in text


def _plan_file(rows: list[list[object]]) -> bytes:
    return write_workbook([("Nhiệm vụ", [c.header for c in COLUMNS], rows)])


def _import(data: bytes) -> object:
    spec = plan_from_excel(
        data,
        code="kh-2026",
        title="Kế hoạch thử 2026",
        issuer="UBND tỉnh Khánh Hòa",
        period_from=2026,
        period_to=2027,
        starts_on=__import__("datetime").date(2026, 1, 1),
    )
    return plan_import(actor=SYSTEM, spec=spec)


def test_another_plan_from_the_template(builtin_org) -> None:
    template = read_workbook(template_xlsx())["Nhiệm vụ"]
    assert template[0] == [c.header for c in COLUMNS]
    rows = [
        [
            1,
            "Đào tạo ngoại ngữ",
            "Sở Nội vụ",
            "Các Sở, ngành",
            "Quyết định của UBND tỉnh",
            "Quý III/2026",
            "",
        ],
        [
            2,
            "Báo cáo tình hình",
            "Các Sở, ngành, địa phương",
            "",
            "Báo cáo",
            "trước ngày 15/12 hằng năm (thực hiện từ năm 2026)",
            "",
        ],
        [3, "Rà soát vị trí việc làm", "KH.SYT", "", "Kế hoạch và Thông báo", "Trong năm 2027", ""],
    ]
    result = _import(_plan_file(rows))
    assert result.tasks_created == 3
    plan = Plan.objects.get(code="kh-2026")
    pl1 = Task.objects.get(plan=plan, code="PL.1")
    assert pl1.lead_unit.code == "KH.SNV" and pl1.product_kinds == ["qd_ubnd"]
    assert Task.objects.get(plan=plan, code="PL.3").product_kinds == ["kh_ubnd", "thong_bao"]
    assert Occurrence.objects.filter(task__plan=plan, task__code="PL.2").count() == 2 * 13
    assert Occurrence.objects.get(task=pl1).original_due.isoformat() == "2026-09-30"
    assert _import(_plan_file(rows)).tasks_unchanged == 3


def test_an_unknown_agency_and_an_unreadable_deadline_are_named_and_nothing_is_written(builtin_org) -> None:
    rows = [
        [1, "Việc một", "Sở Ngoại vụ", "", "", "Quý III/2026", ""],
        [2, "Việc hai", "Sở Nội vụ", "", "", "sớm nhất có thể", ""],
        [2, "Việc ba", "Sở Nội vụ", "", "", "Trong năm 2026", ""],
    ]
    with pytest.raises(InputRejected) as info:
        _import(_plan_file(rows))
    errors = [str(e) for e in info.value.errors]
    assert errors[0] == (
        "Trang “Nhiệm vụ”, dòng 2, cột “Cơ quan chủ trì”: Không tìm thấy cơ quan “Sở Ngoại vụ” trong cơ cấu "
        "tổ chức ngày 01/01/2026 (ghi đúng tên hoặc mã đơn vị)."
    )
    assert (
        errors[1]
        == "Trang “Nhiệm vụ”, dòng 3, cột “Thời gian hoàn thành”: Không đọc được thời hạn “sớm nhất có thể”."
    )
    assert errors[2] == "Trang “Nhiệm vụ”, dòng 4, cột “Số TT”: Mã nhiệm vụ “PL.2” bị lặp."
    assert not Plan.objects.filter(code="kh-2026").exists()


def test_a_missing_column_is_named(builtin_org) -> None:
    data = write_workbook([("Nhiệm vụ", ["Số TT", "Nhiệm vụ cụ thể"], [[1, "x"]])])
    with pytest.raises(InputRejected, match="Thiếu cột bắt buộc: “Cơ quan chủ trì”, “Thời gian hoàn thành”"):
        _import(data)


def test_product_kinds_from_words() -> None:
    assert product_kinds("Nghị quyết của HĐND tỉnh và Quyết định của UBND tỉnh") == ["nq_hdnd", "qd_ubnd"]
    assert product_kinds("Quy hoạch sử dụng đất cấp huyện") == ["khac"]
    assert product_kinds("") == []


def test_rows_the_model_refuses_are_named_by_row_and_column_and_nothing_is_written(builtin_org) -> None:
    """What only the model knows (a field's length) is checked on every row too (full_clean), each
    problem with its row and column, before anything is kept."""
    rows = [
        [1, "Việc một", "Sở Nội vụ", "Sở Tài chính, " * 20, "", "Quý III/2026", ""],
        [2, "Việc hai", "Sở Nội vụ", "", "", "Trong năm 2026", ""],
        ["PL." + "9" * 30, "Việc ba", "Sở Nội vụ", "", "", "Trong năm 2026", ""],
    ]
    with pytest.raises(InputRejected) as info:
        _import(_plan_file(rows))
    errors = [(e.row, e.column) for e in info.value.errors]
    assert errors == [(2, "Cơ quan phối hợp"), (4, "Số TT")]
    assert "Trang “Nhiệm vụ”, dòng 2, cột “Cơ quan phối hợp”" in str(info.value)
    assert not Plan.objects.filter(code="kh-2026").exists()
