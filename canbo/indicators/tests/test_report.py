"""The Word report of the targets (indicators.report), on three agencies measured by the engine. The
numbers below are worked out by hand in the comments; no database. The report goes to the province's
own leadership: exact numbers by default; the copy for publication (hide_small) writes "<5" in the
tables and never "<5 người" or "chiếm —" in a sentence (issue 12.15).

Agencies (as of 30/06/2025; every leader appointed 01/01/2023 and re-appointed at the end of the term,
and nobody retires before 2030: the baseline keeps the same 20 leaders to 2030):
- S01 Sở Alpha: 6 leaders, 1 under 40 (born 01/01/1990: 35 on 31/12/2025, 40 on 31/12/2030),
  2 ethnic-minority, no woman; 9 civil servants of whom 3 women (1/3: the women rule applies, no
  female leader: "Chưa đạt"); 1 degree abroad.
- S02 Sở Beta: 10 leaders, none under 40, 2 women; 12 civil servants of whom 6 women ("Đạt");
  7 at language level 4.
- S03 Sở Gamma: 4 leaders, none under 40; 7 public employees (viên chức, not counted for the women
  rule), so no civil servant: "Không áp dụng".
"""

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import docx
import polars as pl
import pytest
from docx.document import Document as DocxDocument

from canbo.indicators.engine.forecast import (
    APPOINTMENTS_SCHEMA,
    appointment_rates,
    fewest_from,
    forecast,
    outlook,
)
from canbo.indicators.engine.measure import AGENCIES_SCHEMA, LEADERS_SCHEMA, STAFF_SCHEMA, Settings, measure
from canbo.indicators.engine.population import PopulationShare
from canbo.indicators.report import indicators_docx

AS_OF = dt.date(2025, 6, 30)
YOUNG, OLDER = dt.date(1990, 1, 1), dt.date(1975, 3, 15)
APPOINTED = dt.date(2023, 1, 1)
# 10 % (2025), 15 % (2030), 1/3 women, level 4, 25–30 %; Ninh Thuận's population, 23 % ethnic minorities.
SETTINGS = Settings(
    ethnic_minority_population=PopulationShare("Ninh Thuận", 23.0, "nguồn thử", valid_to=dt.date(2025, 6, 30))
)


def _tables() -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    agencies = pl.DataFrame(
        [(1, "S01", "Sở Alpha"), (2, "S02", "Sở Beta"), (3, "S03", "Sở Gamma")],
        schema=AGENCIES_SCHEMA,
        orient="row",
    )
    leaders: list[tuple[Any, ...]] = []
    staff: list[tuple[Any, ...]] = []
    person = iter(range(1, 1000))

    def lead(agency: int, *, young: bool = False, woman: bool = False, minority: bool = False) -> None:
        sex, birth = ("nu" if woman else "nam"), (YOUNG if young else OLDER)
        leaders.append((next(person), agency, "agency_deputy", APPOINTED, sex, birth, minority))

    def work(agency: int, *, woman: bool = False, category: str = "cong_chuc", **more: Any) -> None:
        level, abroad = more.get("level", 0), more.get("abroad", False)
        sex = "nu" if woman else "nam"
        staff.append((next(person), agency, sex, dt.date(1985, 1, 1), category, False, level, abroad))

    lead(1, young=True, minority=True)
    lead(1, minority=True)
    for _ in range(4):
        lead(1)
    for index in range(10):
        lead(2, woman=index < 2)
    for _ in range(4):
        lead(3)
    for index in range(9):
        work(1, woman=index < 3, abroad=index == 8)
    for index in range(12):
        work(2, woman=index < 6, level=4 if index < 7 else 0)
    for index in range(7):
        work(3, woman=index < 5, category="vien_chuc")
    return (
        agencies,
        pl.DataFrame(staff, schema=STAFF_SCHEMA, orient="row"),
        pl.DataFrame(leaders, schema=LEADERS_SCHEMA, orient="row"),
    )


@pytest.fixture(scope="module")
def inputs() -> dict[str, Any]:
    agencies, staff, leaders = _tables()
    result = measure(agencies, staff, leaders, AS_OF, SETTINGS)
    # No appointment recorded: the rates are the leaders' (no vacancy arises before 2030 anyway).
    rates = appointment_rates(pl.DataFrame(schema=APPOINTMENTS_SCHEMA), leaders, AS_OF, SETTINGS)
    baseline = forecast(agencies, staff, leaders, AS_OF, 2030, SETTINGS, rates=rates)
    table = outlook(result, baseline, AS_OF, SETTINGS)
    projection = {
        "from": AS_OF.isoformat(),
        "to": 2030,
        "baseline": baseline,
        "outlook": table,
        "fewest_under_40": fewest_from(table),
        "rates": rates,
    }
    # Two earlier yearly snapshots, given out of order; the result's own date is added as the last row.
    trend = [
        {"as_of": "2024-12-31", "province": {**result["province"], "leaders": 18, "share_under_40": 0.0}},
        {
            "as_of": "2021-12-31",
            "province": {
                "leaders": 16,
                "leaders_under_40": 0,
                "share_under_40": 0.0,
                "agencies_women_rule": {"met": 0, "violated": 2, "not_applicable": 1},
                "ethnic_minority_leader_share": 12.5,
                "international_share": 20.0,
            },
        },
    ]
    return {"result": result, "forecast": projection, "trend": trend}


def _report(inputs: dict[str, Any], **changes: Any) -> DocxDocument:
    arguments: dict[str, Any] = {
        "result": inputs["result"],
        "forecast": inputs["forecast"],
        "trend": inputs["trend"],
        "issuer_parent": "ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA",
        "issuer": "SỞ NỘI VỤ",
        "place": "Khánh Hòa",
        "date": dt.date(2025, 7, 5),
        "assumed": SETTINGS,
        **changes,
    }
    return docx.Document(io.BytesIO(indicators_docx(**arguments)))


def _text(document: DocxDocument) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def _rows(document: DocxDocument, first_header: str, second_header: str) -> dict[str, list[str]]:
    """The body table whose first two headers are these, as {first cell: the row's cells}."""
    for table in document.tables:
        header = [cell.text for cell in table.rows[0].cells]
        if header[:2] == [first_header, second_header]:
            return {row.cells[0].text: [cell.text for cell in row.cells] for row in table.rows}
    raise AssertionError(f"no table starting {first_header!r}, {second_header!r}")


def test_the_engine_numbers_the_report_is_checked_against(inputs: dict[str, Any]) -> None:
    province = inputs["result"]["province"]
    # 6 + 10 + 4 = 20 leaders, 1 under 40 = 5.0 %; on 30/06/2025: 10 % of 20 = 2 → 1 short; 15 % = 3 → 2.
    assert (province["leaders"], province["leaders_under_40"], province["share_under_40"]) == (20, 1, 5.0)
    assert (province["gap_under_40_2025"], province["gap_under_40_2030"]) == (1, 2)
    assert province["agencies_women_rule"] == {"met": 1, "violated": 1, "no_leader": 0, "not_applicable": 1}
    # International: of the 9 + 12 = 21 civil servants (S03's 7 viên chức are not counted), 1 degree
    # abroad + 7 at level 4 = 8: 38.09… → 38.1 % (over all 28 people it would have been 28.6 %).
    assert (province["international_capable"], province["staff_counted_for_international"]) == (8, 21)
    assert province["international_share"] == 38.1
    # The outlook: on 31/12/2025 the same 20, 1 under 40 → ⌈2⌉ − 1 = 1 short; on top of them
    # 10(1 + n) ≥ 20 + n ⇔ 9n ≥ 10 → 2. On 31/12/2030 the one is 40: 0 of 20 → ⌈3⌉ = 3 short;
    # 20n ≥ 3(20 + n) ⇔ 17n ≥ 60 → 4.
    table = inputs["forecast"]["outlook"]["province"]
    assert [
        (r["leaders"], r["leaders_under_40"], r["shortfall"], r["fewest_added"]) for r in table.values()
    ] == [
        (20, 1, 1, 2),
        (20, 0, 3, 4),
    ]


def test_decree_30_header_title_and_closing(inputs: dict[str, Any]) -> None:
    document = _report(inputs)
    header = "\n".join(cell.text for cell in document.tables[0]._cells)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header and "Độc lập - Tự do - Hạnh phúc" in header
    assert "ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA" in header and "SỞ NỘI VỤ" in header
    assert "Khánh Hòa, ngày 05 tháng 7 năm 2025" in header and "/BC-SNV" in header
    text = _text(document)
    assert "BÁO CÁO" in text
    assert "Kết quả thực hiện các chỉ tiêu về xây dựng đội ngũ cán bộ đến ngày 30/06/2025" in text
    assert "mục I.4 Kế hoạch triển khai thực hiện Nghị quyết số 07-NQ/TU" in text
    for heading in (
        "I. TÌNH HÌNH THỰC HIỆN CÁC CHỈ TIÊU ĐẾN NGÀY 30/06/2025",
        "II. DIỄN BIẾN QUA CÁC NĂM",
        "III. DỰ BÁO ĐẾN NĂM 2030",
        "IV. ĐỀ XUẤT, KIẾN NGHỊ",
    ):
        assert heading in text
    closing = "\n".join(cell.text for cell in document.tables[-1]._cells)
    assert "Nơi nhận:" in closing and "GIÁM ĐỐC" in closing


def test_the_paragraphs_of_the_situation(inputs: dict[str, Any]) -> None:
    text = _text(_report(inputs))
    assert "Toàn tỉnh có 20 lãnh đạo các sở, ban, ngành, trong đó 1 người dưới 40 tuổi, chiếm 5%." in text
    # "Còn thiếu" is the outlook's, the page's: on 31/12 of the target year, by the forecast.
    # Sở Alpha alone reaches 10 % (1 of 6 = 16,7 %) and 15 % on the date; Beta (0 of 10) and Gamma do not.
    assert (
        "So với chỉ tiêu đến năm 2025 (từ 10% trở lên): hiện toàn tỉnh chưa đạt; có 1 trong số 3 cơ quan "
        "đạt; theo dự báo, đến ngày 31/12/2025 toàn tỉnh còn thiếu 1 người dưới 40 tuổi." in text
    )
    assert "đến ngày 31/12/2030 toàn tỉnh còn thiếu 3 người dưới 40 tuổi." in text
    # Women: 3 + 6 = 9 women of 9 + 12 = 21 civil servants = 42,9 %.
    assert "Trong 21 cán bộ, công chức của các sở, ban, ngành có 9 nữ (42,9%)." in text
    assert (
        "Có 2 cơ quan có tỷ lệ nữ từ 1/3 trở lên: 1 cơ quan có lãnh đạo nữ (đạt), 1 cơ quan chưa có" in text
    )
    assert "1 cơ quan không thuộc diện áp dụng" in text
    assert "Các cơ quan chưa đạt: Sở Alpha." in text
    # Ethnic minorities: 2 of 20 = 10 %, beside Ninh Thuận's 23 % — a comparison, no verdict.
    assert (
        "Toàn tỉnh có 2 lãnh đạo là người dân tộc thiểu số, chiếm 10% số lãnh đạo. Để so sánh: người dân "
        "tộc thiểu số chiếm 23% dân số tỉnh Ninh Thuận (nguồn thử). Kế hoạch yêu cầu cán bộ người dân tộc "
        "thiểu số “phù hợp với yêu cầu quản lý của ngành”, không nêu tỷ lệ cụ thể." in text
    )
    assert "mục tiêu" not in text and "của địa phương" not in text
    # International: 8 of 21 civil servants = 38,1 % ≥ 25 %.
    assert "Trong 21 cán bộ, công chức của các sở, ban, ngành có 8 người (38,1%) có khả năng" in text
    assert "“Phấn đấu từ 25-30% cán bộ đủ khả năng làm việc trong môi trường quốc tế”" in text
    assert "chỉ tiêu đến năm 2030 là 25–30%: so với mức 25%, đạt." in text.replace("Chỉ tiêu", "chỉ tiêu")
    assert "<5" not in text


def test_the_copy_for_publication_hides_small_counts_without_broken_sentences(inputs: dict[str, Any]) -> None:
    document = _report(inputs, hide_small=True)
    text = _text(document)
    # 1 leader under 40 and 2 ethnic-minority leaders are small groups: "chưa đến 5", and neither their
    # shares nor the 2025 gap (⌈2⌉ − 1) — they would give the counts back.
    assert "Toàn tỉnh có 20 lãnh đạo các sở, ban, ngành, trong đó chưa đến 5 người dưới 40 tuổi." in text
    assert "theo dự báo, đến ngày 31/12/2025 toàn tỉnh chưa đạt." in text
    assert "Toàn tỉnh có chưa đến 5 lãnh đạo là người dân tộc thiểu số. Để so sánh" in text
    for paragraph in document.paragraphs:
        # "<5" only as the note quotes it (“<5”), never standing for a number in a sentence.
        assert "<5" not in paragraph.text.replace("“<5”", "")
        assert "chiếm —" not in paragraph.text and "—%" not in paragraph.text
        assert "(—)" not in paragraph.text, paragraph.text
    assert "bản công bố: số từ 1 đến 4 được ghi “<5”" in text


def test_the_leaders_table_per_department(inputs: dict[str, Any]) -> None:
    rows = _rows(_report(inputs), "Cơ quan, đơn vị", "Số lãnh đạo")
    assert rows["Cơ quan, đơn vị"][4:6] == [
        "Còn thiếu để đạt 10% (2025; dự báo ngày 31/12/2025)",
        "Còn thiếu để đạt 15% (2030; dự báo ngày 31/12/2030)",
    ]
    # name, leaders, under 40, share, short of 10 % and of 15 % (the outlook), ethnic-minority leaders.
    # Alpha: 1 of 6 = 16,7 %; 2025: ⌈0,6⌉ − 1 = 0; 2030 (she is 40): ⌈0,9⌉ − 0 = 1.
    assert rows["Sở Alpha"] == ["Sở Alpha", "6", "1", "16,7", "0", "1", "2"]
    # Beta: 0 of 10; ⌈1⌉ = 1 and ⌈1,5⌉ = 2 short.
    assert rows["Sở Beta"] == ["Sở Beta", "10", "0", "0", "1", "2", "0"]
    # Gamma: 0 of 4; ⌈0,4⌉ = 1 and ⌈0,6⌉ = 1 short.
    assert rows["Sở Gamma"] == ["Sở Gamma", "4", "0", "0", "1", "1", "0"]
    assert rows["Toàn tỉnh"] == ["Toàn tỉnh", "20", "1", "5", "1", "3", "2"]


def test_the_leaders_table_for_publication(inputs: dict[str, Any]) -> None:
    rows = _rows(_report(inputs, hide_small=True), "Cơ quan, đơn vị", "Số lãnh đạo")
    # The share and the gaps beside a hidden count are hidden too ("—"): 16,7 % of 6 would give 1 back.
    assert rows["Sở Alpha"] == ["Sở Alpha", "6", "<5", "—", "—", "—", "<5"]
    assert rows["Sở Beta"] == ["Sở Beta", "10", "0", "0", "1", "2", "0"]
    assert rows["Sở Gamma"] == ["Sở Gamma", "<5", "0", "—", "—", "—", "0"]
    assert rows["Toàn tỉnh"] == ["Toàn tỉnh", "20", "<5", "—", "—", "—", "<5"]


def test_the_staff_table_with_the_verdict_of_the_women_rule(inputs: dict[str, Any]) -> None:
    rows = _rows(_report(inputs), "Cơ quan, đơn vị", "Cán bộ, công chức")
    # name, civil servants, women, share, female leaders, verdict, headcount, international (of CB, CC).
    assert rows["Sở Alpha"] == ["Sở Alpha", "9", "3", "33,3", "0", "Chưa đạt", "9", "1"]
    assert rows["Sở Beta"] == ["Sở Beta", "12", "6", "50", "2", "Đạt", "12", "7"]
    assert rows["Sở Gamma"] == ["Sở Gamma", "0", "0", "—", "0", "Không áp dụng", "7", "0"]
    assert rows["Toàn tỉnh"] == ["Toàn tỉnh", "21", "9", "42,9", "", "Đạt: 1; chưa đạt: 1", "28", "8"]
    published = _rows(_report(inputs, hide_small=True), "Cơ quan, đơn vị", "Cán bộ, công chức")
    assert published["Sở Alpha"] == ["Sở Alpha", "9", "<5", "—", "0", "Chưa đạt", "9", "<5"]


def test_the_trend_by_year(inputs: dict[str, Any]) -> None:
    document = _report(inputs)
    rows = _rows(document, "Thời điểm", "Số lãnh đạo")
    assert list(rows)[1:] == ["31/12/2021", "31/12/2024", "30/06/2025"]
    # date, leaders, under 40, share, agencies failing the women rule, ethnic-minority share, international.
    # The 2021 snapshot measured the international share over everyone: a different figure, not shown.
    assert rows["31/12/2021"] == ["31/12/2021", "16", "0", "0", "2", "12,5", "—"]
    assert rows["30/06/2025"] == ["30/06/2025", "20", "1", "5", "1", "10", "38,1"]
    text = _text(document)
    assert "tỷ lệ lãnh đạo các sở, ban, ngành dưới 40 tuổi tăng từ 0% lên 5%." in text
    assert "trước đây tính trên tổng số người" in text
    # For publication the 2025 share is hidden: the sentence comparing it is left out.
    published = _report(inputs, hide_small=True)
    assert _rows(published, "Thời điểm", "Số lãnh đạo")["30/06/2025"] == [
        "30/06/2025", "20", "<5", "—", "1", "—", "38,1",
    ]  # fmt: skip
    assert "dưới 40 tuổi tăng" not in _text(published)


def test_the_forecast_to_2030(inputs: dict[str, Any]) -> None:
    document = _report(inputs)
    text = _text(document)
    # The assumptions, each stated.
    assert "Lãnh đạo hết nhiệm kỳ được bổ nhiệm lại (Nghị định 138/2020/NĐ-CP, Điều 49 khoản 2)" in text
    assert "Mọi người nghỉ hưu đúng ngày theo quy định" in text
    assert (
        "(từ ngày 30/06/2020 đến ngày 30/06/2025 không có lượt bổ nhiệm nào, nên lấy tỷ lệ của 20 lãnh đạo "
        "đang giữ chức vụ ngày 30/06/2025)" in text
    )
    rows = _rows(document, "Năm", "Số lãnh đạo")
    # The 20 leaders stay (re-appointed; nobody retires before 2030); the young one is 40 in 2030.
    assert rows["2025"] == ["2025", "20", "1", "5", "10", "Chưa đạt"]
    assert rows["2026"] == ["2026", "20", "1", "5", "", ""]
    assert rows["2030"] == ["2030", "20", "0", "0", "15", "Chưa đạt"]
    # The outlook, side by side: còn thiếu and the fewest appointments on top, from the same row.
    outlook = _rows(document, "Chỉ tiêu", "Ngày")
    assert outlook["2025 (10%)"] == ["2025 (10%)", "31/12/2025 (dự báo)", "20", "1", "2", "1", "2"]
    assert outlook["2030 (15%)"] == ["2030 (15%)", "31/12/2030 (dự báo)", "20", "0", "3", "3", "4"]
    assert "Cả hai tính từ cùng một số liệu." in text
    assert "Nếu bổ nhiệm người 30 tuổi vào ngày 01/07/2025" not in text


def test_without_trend_or_forecast_the_proposals_are_section_ii(inputs: dict[str, Any]) -> None:
    text = _text(_report(inputs, forecast=None, trend=None))
    assert "II. ĐỀ XUẤT, KIẾN NGHỊ" in text
    assert "DIỄN BIẾN" not in text and "DỰ BÁO" not in text


def test_libreoffice_converts_it_to_pdf(
    inputs: dict[str, Any], docx_to_pdf: Callable[[bytes], bytes]
) -> None:
    data = indicators_docx(
        result=inputs["result"], forecast=inputs["forecast"], trend=inputs["trend"], place="Khánh Hòa"
    )
    assert docx_to_pdf(data).startswith(b"%PDF")
