"""The evaluation's Word documents: the individual form of the worked example of RULES-2 §1.1 (read back
by python-docx and opened by LibreOffice), a leader's form with the leader criteria, and Sở Nội vụ's
report of the year to the People's Committee."""

import io
from decimal import Decimal
from typing import Any

import pytest
from docx import Document

from canbo.evaluation import services
from canbo.evaluation.documents import report_docx, sheet_docx
from canbo.evaluation.models import Sheet
from canbo.evaluation.selectors import sheet_detail
from canbo.evaluation.tests.conftest import YEAR, D, give, unit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("canbo.evaluation.selectors.today", lambda: D(YEAR, 12, 10))
    monkeypatch.setattr("canbo.evaluation.documents.today", lambda: D(YEAR, 12, 20))


def text_of(data: bytes) -> str:
    """Every paragraph of a .docx, tables included, as python-docx reads it back."""
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def opened(actor: Any) -> dict[str, Sheet]:
    services.sheets_open(actor=actor, unit=unit("KH.STC"), year=YEAR)
    return {s.person.full_name: s for s in Sheet.objects.filter(year=YEAR).select_related("person")}


def score(actor: Any, sheet: Sheet, general: str, **changes: Any) -> None:
    sheet.refresh_from_db()
    services.sheet_score(
        actor=actor,
        sheet=sheet,
        version=sheet.version,
        changes={"general_points": Decimal(general), **changes},
        manager="Trần Văn Giám",
        on=D(YEAR, 12, 5),
    )


def worked_example(actor: Any, sheet: Sheet) -> None:
    """RULES-2 §1.1: four products — A failed one review, B late once, C late twice; general 28."""
    give(
        sheet,
        1,
        {"completed": True, "failed_reviews": 1, "title": "Tờ trình A"},
        {"completed": True, "delays": 1},
        {"completed": True, "delays": 2},
        {"completed": True},
    )
    score(actor, sheet, "28")


def test_the_form_of_the_worked_example_says_who_what_total_and_level(make_person: Any, focal: Any) -> None:
    make_person("Nguyễn Thị Hoa")
    sheet = opened(focal)["Nguyễn Thị Hoa"]
    worked_example(focal, sheet)
    data = sheet_docx(sheet_detail(user=focal, pk=sheet.pk))
    text = text_of(data)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "PHIẾU ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG CÔNG CHỨC NĂM 2026" in text
    assert "Họ và tên: Nguyễn Thị Hoa" in text
    assert "Văn bản áp dụng: Nghị định 335/2025/NĐ-CP" in text
    assert "Điểm tiêu chí chung: 28/30 điểm" in text
    for figure in ("100", "93,75", "81,25", "64,17"):  # a, b, c of quarter 1 and its task points
        assert figure in text
    assert "Tổng điểm: 92,17/100 điểm" in text
    assert "Mức theo điểm: Hoàn thành xuất sắc nhiệm vụ" in text
    assert "vượt tỷ lệ xuất sắc" in text  # alone in the group: the quota allows 0
    assert "Mức xếp loại: Hoàn thành tốt nhiệm vụ." in text
    assert "Tờ trình A" in text
    for block in ("NGƯỜI TỰ ĐÁNH GIÁ", "THỦ TRƯỞNG TRỰC TIẾP", "Trần Văn Giám", "CẤP CÓ THẨM QUYỀN ĐÁNH GIÁ"):
        assert block in text


def test_libreoffice_opens_the_form(make_person: Any, focal: Any, docx_to_pdf: Any) -> None:
    make_person("Nguyễn Thị Hoa")
    sheet = opened(focal)["Nguyễn Thị Hoa"]
    worked_example(focal, sheet)
    assert docx_to_pdf(sheet_docx(sheet_detail(user=focal, pk=sheet.pk))).startswith(b"%PDF")


def test_a_leaders_form_has_the_leader_criteria_and_a_forced_reason(make_person: Any, focal: Any) -> None:
    make_person("Giám đốc Sở", post_code="giam_doc_so")
    make_person("Công chức Một")
    sheets = opened(focal)
    head, member = sheets["Giám đốc Sở"], sheets["Công chức Một"]
    give(member, 1, {"completed": False})
    score(focal, member, "20")
    give(head, 1, {"completed": True})
    score(focal, head, "30", organisation_rate=Decimal("100"), degradation=True)
    text = text_of(sheet_docx(sheet_detail(user=focal, pk=head.pk)))
    assert "PHIẾU ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG CÔNG CHỨC NĂM 2026" in text
    assert "Kết quả thực hiện nhiệm vụ của đơn vị được giao phụ trách: 50 %" in text
    assert "Tổ chức triển khai thực hiện nhiệm vụ: 100 %" in text
    assert "Tổng điểm: 93/100 điểm" in text
    assert "suy thoái" in text
    assert "Mức xếp loại: Không hoàn thành nhiệm vụ." in text


def test_the_report_counts_levels_per_agency_and_names_the_late_ones(
    make_person: Any, focal: Any, officer: Any
) -> None:
    for name in ("Người Một", "Người Hai"):
        make_person(name)
    sheets = opened(focal)
    give(sheets["Người Một"], 1, {"completed": True})
    score(focal, sheets["Người Một"], "10")  # 80: tốt
    give(sheets["Người Hai"], 1, {"completed": False})
    score(focal, sheets["Người Hai"], "20")  # 20: không hoàn thành
    data = report_docx(user=officer, year=YEAR)
    text = text_of(data)
    assert "BÁO CÁO" in text and "/BC-SNV" in text and "Nơi nhận:" in text
    assert "Ủy ban nhân dân tỉnh (để báo cáo)" in text
    assert "ngày 20 tháng 12 năm 2026" in text
    name = unit("KH.STC").versions.order_by("-valid_from").first().name  # type: ignore[union-attr]
    assert name in text
    assert "1 (50 %)" in text  # one "tốt" and one "không hoàn thành" of two
    assert "CHƯA HOÀN THÀNH XẾP LOẠI ĐẾN NGÀY 15/12/2026" in text
    assert f"{name}: chưa có quyết định xếp loại" in text
    assert "Nghị định 335/2025/NĐ-CP: 2 người;" in text


def test_a_public_employees_form_with_no_products_and_the_level_recorded(
    make_person: Any, focal: Any
) -> None:
    make_person("Viên chức Hai", category="vien_chuc")
    make_person("Chưa Có Gì")
    sheets = opened(focal)
    score(focal, sheets["Viên chức Hai"], "0", recorded_level="tot")
    text = text_of(sheet_docx(sheet_detail(user=focal, pk=sheets["Viên chức Hai"].pk)))
    assert "PHIẾU ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG VIÊN CHỨC NĂM 2026" in text
    assert "không tính mức xếp loại theo điểm" in text
    assert "Mức xếp loại: Hoàn thành tốt nhiệm vụ." in text
    empty = text_of(sheet_docx(sheet_detail(user=focal, pk=sheets["Chưa Có Gì"].pk)))
    assert (
        "Chưa đủ căn cứ tính mức xếp loại: chưa chấm điểm tiêu chí chung; chưa có sản phẩm được giao" in empty
    )
