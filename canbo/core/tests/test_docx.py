import datetime as dt
import io
import unicodedata
from collections.abc import Callable, Iterator
from decimal import Decimal

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from canbo.core.docx import AdminDocument, DocumentBuilder, date_line, format_value, render

HEADERS = ["STT", "Đơn vị", "Biên chế giao", "Có mặt", "Ngày báo cáo"]
ROWS: list[list[object]] = [
    [1, "Phòng Tổ chức cán bộ", 12, 11, dt.date(2025, 12, 1)],
    [2, "Phòng Xây dựng chính quyền", 1250, 9.5, dt.date(2025, 12, 2)],
    [3, "Văn phòng Sở", 8, None, dt.date(2025, 12, 3)],
]


def _report(date: dt.date = dt.date(2026, 1, 5), **changes: object) -> AdminDocument:
    fields: dict[str, object] = {
        "issuer_parent": "ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA",
        "issuer": "SỞ NỘI VỤ",
        "number": "Số: 123/BC-SNV",
        "place": "Khánh Hòa",
        "date": date,
        "kind": "BÁO CÁO",
        "title": "Kết quả thực hiện kế hoạch xây dựng đội ngũ cán bộ năm 2025",
        "recipients": ["Bộ Nội vụ (b/c)", "UBND tỉnh (b/c)", "- Giám đốc Sở;", "Lưu: VT, TCCB"],
        "signer_authority": "KT. GIÁM ĐỐC",
        "signer_title": "PHÓ GIÁM ĐỐC",
        "signer_name": "Nguyễn Văn Ánh",
    }
    fields.update(changes)
    return AdminDocument(**fields)  # type: ignore[arg-type]


def _body(b: DocumentBuilder) -> None:
    b.heading("I. KẾT QUẢ THỰC HIỆN")
    b.heading("1. Công tác tuyển dụng, sử dụng công chức", level=2)
    b.paragraph(
        "Thực hiện Kế hoạch số 45/KH-UBND của Ủy ban nhân dân tỉnh, Sở Nội vụ đã phối hợp với các cơ quan, "
        "đơn vị tổ chức thi tuyển công chức bảo đảm công khai, minh bạch, đúng quy định."
    )
    b.bullet("Tuyển dụng 12 công chức;")
    b.bullet("Tiếp nhận 3 viên chức vào làm công chức.")
    b.table(HEADERS, ROWS, widths_cm=[1.2, 6.3, 3, 2.5, 3])
    b.heading("II. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026")
    b.paragraph("Ghi chú: số liệu tính đến ngày 01/12/2025.", italic=True)


def _open(data: bytes) -> DocxDocument:
    return Document(io.BytesIO(data))


@pytest.fixture(scope="module")
def data() -> bytes:
    return render(_report(), _body)


@pytest.fixture
def document(data: bytes) -> DocxDocument:
    return _open(data)


def _cell_text(table: Table, row: int, col: int) -> list[str]:
    return [p.text for p in table.cell(row, col).paragraphs if p.text]


def _paragraph(document: DocxDocument, text: str) -> Paragraph:
    return next(p for p in document.paragraphs if p.text == text)


def _all_runs(document: DocxDocument) -> Iterator[Run]:
    def in_tables(tables: list[Table]) -> Iterator[Run]:
        for table in tables:
            for row in table.rows:
                for cell in row.cells:
                    for paragraph in cell.paragraphs:
                        yield from paragraph.runs
                    yield from in_tables(cell.tables)

    for paragraph in document.paragraphs:
        yield from paragraph.runs
    yield from in_tables(document.tables)
    for section in document.sections:
        for part in (section.header, section.first_page_header, section.footer):
            for paragraph in part.paragraphs:
                yield from paragraph.runs


def test_the_bytes_are_a_docx(data: bytes) -> None:
    assert data.startswith(b"PK\x03\x04")
    assert b"word/document.xml" in data


def test_page_is_a4_with_the_decree_margins(document: DocxDocument) -> None:
    assert len(document.sections) == 1
    section = document.sections[0]
    assert section.page_width is not None and section.page_height is not None
    assert round(section.page_width.cm, 2) == 21.0
    assert round(section.page_height.cm, 2) == 29.7
    assert section.top_margin is not None and section.bottom_margin is not None
    assert section.left_margin is not None and section.right_margin is not None
    assert round(section.top_margin.cm, 2) == 2.0
    assert round(section.bottom_margin.cm, 2) == 2.0
    assert round(section.left_margin.cm, 2) == 3.0
    assert 1.5 <= round(section.right_margin.cm, 2) <= 2.0


def test_header_table_holds_issuer_and_national_motto(document: DocxDocument) -> None:
    header = document.tables[0]
    assert len(header.columns) == 2
    left, right = _cell_text(header, 0, 0), _cell_text(header, 0, 1)
    assert left == ["ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA", "SỞ NỘI VỤ"]
    assert right == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert _cell_text(header, 1, 0) == ["Số: 123/BC-SNV"]

    parent, issuer = header.cell(0, 0).paragraphs[:2]
    assert not any(r.bold for r in parent.runs)
    assert all(r.bold for r in issuer.runs)
    for paragraph in header.cell(0, 1).paragraphs[:2]:
        assert all(r.bold for r in paragraph.runs)
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert header.cell(0, 1).paragraphs[0].runs[0].font.size == Pt(12)
    assert header.cell(0, 1).paragraphs[1].runs[0].font.size == Pt(13)


def test_header_has_rules_under_the_issuer_and_the_motto(document: DocxDocument) -> None:
    header = document.tables[0]
    for cell in (header.cell(0, 0), header.cell(0, 1)):
        rules = [p for p in cell.paragraphs if p._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}") is not None]
        assert len(rules) == 1
        assert rules[0].text == ""
    issuer_rule = next(p for p in header.cell(0, 0).paragraphs if p._p.xpath("w:pPr/w:pBdr"))
    motto_rule = next(p for p in header.cell(0, 1).paragraphs if p._p.xpath("w:pPr/w:pBdr"))
    # the issuer's rule is short (1/3–1/2 of the name), the motto's as long as the motto
    assert issuer_rule.paragraph_format.left_indent is not None
    assert motto_rule.paragraph_format.left_indent is not None
    assert issuer_rule.paragraph_format.left_indent.cm > 1.5
    assert 1.0 < motto_rule.paragraph_format.left_indent.cm < 3.0


def test_header_and_closing_tables_have_no_borders(document: DocxDocument) -> None:
    for table in (document.tables[0], document.tables[-1]):
        edges = table._tbl.tblPr.xpath("w:tblBorders/*")
        assert len(edges) == 6
        assert {e.get(qn("w:val")) for e in edges} == {"nil"}


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (dt.date(2026, 1, 5), "Khánh Hòa, ngày 05 tháng 01 năm 2026"),
        (dt.date(2025, 12, 15), "Khánh Hòa, ngày 15 tháng 12 năm 2025"),
        (dt.date(2026, 2, 28), "Khánh Hòa, ngày 28 tháng 02 năm 2026"),
        (dt.date(2026, 3, 9), "Khánh Hòa, ngày 09 tháng 3 năm 2026"),
        (dt.date(2026, 10, 1), "Khánh Hòa, ngày 01 tháng 10 năm 2026"),
    ],
)
def test_date_line_pads_days_below_10_and_months_1_and_2(date: dt.date, expected: str) -> None:
    assert date_line("Khánh Hòa", date) == expected


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (dt.date(2026, 1, 5), "Khánh Hòa, ngày 05 tháng 01 năm 2026"),
        (dt.date(2025, 12, 15), "Khánh Hòa, ngày 15 tháng 12 năm 2025"),
    ],
)
def test_rendered_date_line_is_italic_under_the_motto(date: dt.date, expected: str) -> None:
    header = _open(render(_report(date=date), _body)).tables[0]
    assert _cell_text(header, 1, 1) == [expected]
    paragraph = header.cell(1, 1).paragraphs[0]
    assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert all(r.italic and not r.bold for r in paragraph.runs)


def test_kind_and_title_are_bold_centred_14pt(document: DocxDocument) -> None:
    for text in ("BÁO CÁO", "Kết quả thực hiện kế hoạch xây dựng đội ngũ cán bộ năm 2025"):
        paragraph = _paragraph(document, text)
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert paragraph.runs
        assert all(r.bold and r.font.size == Pt(14) for r in paragraph.runs)
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts[:2] == ["BÁO CÁO", "Kết quả thực hiện kế hoạch xây dựng đội ngũ cán bộ năm 2025"]
    # a short rule under the subject
    title = _paragraph(document, texts[1])
    following = title._p.getnext()
    assert following is not None and following.xpath("w:pPr/w:pBdr/w:top")


def test_every_run_is_times_new_roman_for_every_script(document: DocxDocument) -> None:
    runs = list(_all_runs(document))
    assert len(runs) > 30
    for run in runs:
        rpr = run._r.rPr
        fonts = rpr.rFonts if rpr is not None else None
        assert fonts is not None, run.text
        for key in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            assert fonts.get(qn(key)) == "Times New Roman", (run.text, key)
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "Times New Roman"
    defaults = document.styles.element.xpath("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts")[0]
    assert defaults.get(qn("w:eastAsia")) == "Times New Roman"
    assert defaults.get(qn("w:asciiTheme")) is None


def test_body_paragraphs_are_justified_indented_14pt(document: DocxDocument) -> None:
    paragraph = next(p for p in document.paragraphs if p.text.startswith("Thực hiện Kế hoạch"))
    fmt = paragraph.paragraph_format
    assert fmt.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert fmt.first_line_indent is not None and 1.0 <= fmt.first_line_indent.cm <= 1.27 + 1e-6
    assert fmt.space_before is not None and fmt.space_before.pt >= 6
    assert all(r.font.size == Pt(14) and not r.bold for r in paragraph.runs)

    note = _paragraph(document, "Ghi chú: số liệu tính đến ngày 01/12/2025.")
    assert all(r.italic for r in note.runs)


def test_headings_are_bold_and_bullets_are_dashed(document: DocxDocument) -> None:
    for text in ("I. KẾT QUẢ THỰC HIỆN", "1. Công tác tuyển dụng, sử dụng công chức"):
        heading = _paragraph(document, text)
        assert all(r.bold for r in heading.runs)
        assert heading.paragraph_format.keep_with_next
    texts = [p.text for p in document.paragraphs]
    assert "- Tuyển dụng 12 công chức;" in texts
    assert "- Tiếp nhận 3 viên chức vào làm công chức." in texts


def test_body_table_has_bold_header_and_every_row(document: DocxDocument) -> None:
    assert len(document.tables) == 3  # header, body table, closing
    table = document.tables[1]
    assert len(table.rows) == 1 + len(ROWS)
    assert [c.text for c in table.rows[0].cells] == HEADERS
    for cell in table.rows[0].cells:
        assert all(r.bold and r.font.size == Pt(12) for r in cell.paragraphs[0].runs)
    assert table.rows[0]._tr.xpath("w:trPr/w:tblHeader")  # repeated on each page
    assert [[c.text for c in row.cells] for row in table.rows[1:]] == [
        ["1", "Phòng Tổ chức cán bộ", "12", "11", "01/12/2025"],
        ["2", "Phòng Xây dựng chính quyền", "1.250", "9,5", "02/12/2025"],
        ["3", "Văn phòng Sở", "8", "", "03/12/2025"],
    ]
    for row in table.rows[1:]:
        assert not any(r.bold for r in row.cells[1].paragraphs[0].runs)
    assert [round(c.width.cm, 1) for c in table.columns if c.width is not None] == [1.2, 6.3, 3.0, 2.5, 3.0]
    edges = table._tbl.tblPr.xpath("w:tblBorders/*")
    assert {e.get(qn("w:val")) for e in edges} == {"single"}


def test_closing_has_recipients_and_signature(document: DocxDocument) -> None:
    closing = document.tables[-1]
    recipients = closing.cell(0, 0).paragraphs
    assert recipients[0].text == "Nơi nhận:"
    assert all(r.bold and r.italic and r.font.size == Pt(12) for r in recipients[0].runs)
    assert [p.text for p in recipients[1:]] == [
        "- Bộ Nội vụ (b/c);",
        "- UBND tỉnh (b/c);",
        "- Giám đốc Sở;",
        "- Lưu: VT, TCCB.",
    ]
    assert all(r.font.size == Pt(11) and not r.bold for p in recipients[1:] for r in p.runs)

    signature = closing.cell(0, 1).paragraphs
    assert [p.text for p in signature] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn Ánh"]
    assert all(r.bold for p in signature for r in p.runs)
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.CENTER for p in signature)
    name_gap = signature[-1].paragraph_format.space_before
    assert name_gap is not None and name_gap >= Cm(2)  # room to sign
    assert closing.rows[0]._tr.xpath("w:trPr/w:cantSplit")


def test_page_numbers_at_top_centre_from_page_two(document: DocxDocument) -> None:
    section = document.sections[0]
    assert section.different_first_page_header_footer
    header = section.header.paragraphs[0]
    assert header.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert "PAGE" in "".join(header._p.xpath(".//w:instrText/text()"))
    assert not "".join(p.text for p in section.first_page_header.paragraphs)


def test_document_properties(document: DocxDocument) -> None:
    properties = document.core_properties
    assert properties.title.startswith("BÁO CÁO Kết quả")
    assert properties.author == "SỞ NỘI VỤ"
    assert properties.language == "vi-VN"


def test_cong_van_puts_its_subject_under_the_number() -> None:
    letter = _report(
        kind="",
        title="đề nghị cung cấp số liệu biên chế",
        number="Số:      /SNV-TCCB",
        issuer_parent="",
        signer_authority="",
        signer_title="GIÁM ĐỐC",
    )
    document = _open(render(letter, lambda b: b.paragraph("Kính gửi: Các sở, ban, ngành.")))
    header = document.tables[0]
    assert _cell_text(header, 0, 0) == ["SỞ NỘI VỤ"]
    assert _cell_text(header, 1, 0) == ["Số:      /SNV-TCCB", "V/v đề nghị cung cấp số liệu biên chế"]
    assert _cell_text(document.tables[-1], 0, 1) == ["GIÁM ĐỐC", "Nguyễn Văn Ánh"]
    assert [p.text for p in document.paragraphs if p.text] == ["Kính gửi: Các sở, ban, ngành."]


def test_table_rejects_mismatched_shapes() -> None:
    def wrong_widths(b: DocumentBuilder) -> None:
        b.table(["A", "B"], [[1, 2]], widths_cm=[3])

    def short_row(b: DocumentBuilder) -> None:
        b.table(["A", "B"], [[1]])

    for body in (wrong_widths, short_row):
        with pytest.raises(ValueError):
            render(_report(), body)


def test_font_size_outside_13_14_is_refused() -> None:
    with pytest.raises(ValueError, match="13–14"):
        _report(font_size=12)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        (1234567, "1.234.567"),
        (2.5, "2,5"),
        (1234.0, "1.234"),
        (Decimal("1234.56"), "1.234,56"),
        (dt.date(2026, 1, 5), "05/01/2026"),
        (True, "Có"),
        ("Phòng A", "Phòng A"),
    ],
)
def test_format_value_writes_vietnamese_numbers(value: object, expected: str) -> None:
    assert format_value(value) == expected


def test_nfd_text_is_stored_composed() -> None:
    decomposed = unicodedata.normalize("NFD", "Tuyển dụng công chức")
    document = _open(render(_report(), lambda b: b.paragraph(decomposed)))
    assert "Tuyển dụng công chức" in [p.text for p in document.paragraphs]


def test_libreoffice_opens_and_converts_it_to_pdf(data: bytes, docx_to_pdf: Callable[[bytes], bytes]) -> None:
    pdf = docx_to_pdf(data)
    assert pdf.startswith(b"%PDF")
    assert b"/Type /Page" in pdf or b"/Type/Page" in pdf
