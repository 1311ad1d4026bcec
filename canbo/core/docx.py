"""Word (.docx) administrative documents laid out as Decree 30/2020/NĐ-CP, Phụ lục I, asks.

A4 paper, margins 2 cm top and bottom, 3 cm left, 2 cm right, Times New Roman throughout. The
first page opens with a borderless two-column header: the issuing body (its parent body, its name
in bold over a short rule, the number) on the left, the national motto (quốc hiệu and tiêu ngữ over
a rule, then place and date in italic) on the right. Then the kind of document and its subject,
centred and bold over a short rule, the body, and a borderless two-column closing: "Nơi nhận:" on
the left, the signature block on the right. Page numbers sit at the top centre from page 2 on.

    def body(b: DocumentBuilder) -> None:
        b.heading("I. KẾT QUẢ THỰC HIỆN")
        b.paragraph("Trong năm 2025, ...")
        b.bullet("Tuyển dụng 12 công chức;")
        b.table(["STT", "Đơn vị", "Số lượng"], [[1, "Phòng A", 3]], widths_cm=[1.5, 10, 4.5])

    data = render(AdminDocument(...), body)

Use "\\n" inside any text for a line break where the automatic one would fall badly (for example
"ỦY BAN NHÂN DÂN\\nTỈNH KHÁNH HÒA"). An empty `kind` makes a công văn: its subject goes under the
number as "V/v ...", as the Decree places it.
"""

import datetime as dt
import decimal
import io
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENTATION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Length, Pt
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run

FONT = "Times New Roman"
PAGE_WIDTH_CM = 21.0
PAGE_HEIGHT_CM = 29.7
MARGIN_TOP_CM = 2.0
MARGIN_BOTTOM_CM = 2.0
MARGIN_LEFT_CM = 3.0
MARGIN_RIGHT_CM = 2.0
TEXT_WIDTH_CM = PAGE_WIDTH_CM - MARGIN_LEFT_CM - MARGIN_RIGHT_CM  # 16 cm
FIRST_LINE_INDENT_CM = 1.27
PARAGRAPH_SPACING_PT = 6  # "khoảng cách giữa các đoạn văn tối thiểu là 6pt"
LINE_SPACING = 1.15  # between single and 1.5 lines
TABLE_PT = 12

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"
RECIPIENTS_LABEL = "Nơi nhận:"

_HEADER_WIDTHS_CM = (6.5, 9.5)  # ô số 2 (issuing body) | ô số 1 (quốc hiệu, tiêu ngữ)
_CLOSING_WIDTHS_CM = (7.5, 8.5)  # nơi nhận | chữ ký
_CELL_PADDING_CM = 0.19  # left and right, 108 twips, as Word's default
_NAME_PT = 13  # tên cơ quan, số và ký hiệu: 12–13
_NATIONAL_NAME_PT = 12  # quốc hiệu: 12–13; at 13 it barely fits a 9.5 cm column
_MOTTO_PT = 13  # tiêu ngữ: 13–14
_KIND_PT = 14  # tên loại, trích yếu: 13–14
_LABEL_PT = 12  # "Nơi nhận:"
_RECIPIENT_PT = 11
_SIGNATURE_SPACE_PT = 84  # room for the signature and the seal


@dataclass
class AdminDocument:
    """What the header, title and closing of a document say; the body is written by a callable."""

    issuer_parent: str  # cơ quan chủ quản, "ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA"; "" when there is none
    issuer: str  # cơ quan ban hành, "SỞ NỘI VỤ"
    number: str  # "Số: 123/BC-SNV", or "Số:      /BC-SNV" before it is numbered
    place: str  # "Khánh Hòa"
    date: dt.date
    kind: str  # tên loại, "BÁO CÁO"; "" for a công văn
    title: str  # trích yếu nội dung
    recipients: list[str] = field(default_factory=list)  # last one "Lưu: VT, TCCB."
    signer_title: str = ""  # "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"
    signer_name: str = ""
    signer_authority: str = ""  # "KT. GIÁM ĐỐC", "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH"
    font_size: float = 14  # body text, 13–14

    def __post_init__(self) -> None:
        if not 13 <= self.font_size <= 14:
            raise ValueError(f"font_size must be 13–14 pt (Decree 30/2020), not {self.font_size}")


def date_line(place: str, date: dt.date) -> str:
    """'Khánh Hòa, ngày 05 tháng 01 năm 2026'.

    Decree 30/2020: days below 10 and the months 1 and 2 take a leading 0, other months do not
    ("ngày 05 tháng 3 năm 2026", "ngày 15 tháng 12 năm 2025").
    """
    month = f"{date.month:02d}" if date.month <= 2 else str(date.month)
    return f"{place.strip()}, ngày {date.day:02d} tháng {month} năm {date.year}"


def render(doc: AdminDocument, body: Callable[["DocumentBuilder"], None]) -> bytes:
    """Lay out `doc`, let `body` write the body through a DocumentBuilder, return the .docx bytes."""
    document = Document()
    _setup_page(document, doc)
    _write_header(document, doc)
    _write_title(document, doc)
    body(DocumentBuilder(document, font_size=doc.font_size))
    _write_closing(document, doc)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


class DocumentBuilder:
    """Writes the body: headings, paragraphs, "- " items and tables, formatted as the Decree asks."""

    def __init__(self, document: DocxDocument, *, font_size: float = 14) -> None:
        self.document = document  # the python-docx Document, for anything not covered here
        self.font_size = font_size

    def heading(self, text: str, level: int = 1) -> None:
        """A section heading, kept with what follows.

        "I. KẾT QUẢ" (level 1) and "1. Công tác ..." (level 2) are bold, "a) ..." (level 3) bold italic,
        deeper levels italic.
        """
        if level < 1:
            raise ValueError(f"heading level must be 1 or more, not {level}")
        paragraph = self._body_paragraph(text, bold=level <= 3, italic=level >= 3)
        paragraph.paragraph_format.keep_with_next = True

    def paragraph(self, text: str, *, bold: bool = False, italic: bool = False) -> None:
        """A justified paragraph, its first line indented 1.27 cm."""
        self._body_paragraph(text, bold=bold, italic=italic)

    def bullet(self, text: str) -> None:
        """An item written "- text", as Vietnamese documents list things."""
        text = text.strip()
        self._body_paragraph(text if text.startswith(("-", "+")) else f"- {text}")

    def table(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[object]],
        widths_cm: Sequence[float] | None = None,
    ) -> None:
        """A bordered table, 12 pt: bold header row (repeated on each page), one row per item.

        Numbers are written the Vietnamese way (1.234,5) and centred; dates dd/mm/yyyy.
        """
        count = len(headers)
        if count == 0:
            raise ValueError("a table needs at least one column")
        widths = list(widths_cm) if widths_cm is not None else [TEXT_WIDTH_CM / count] * count
        if len(widths) != count:
            raise ValueError(f"{len(widths)} widths for {count} columns")
        for number, row in enumerate(rows, start=1):
            if len(row) != count:
                raise ValueError(f"row {number} has {len(row)} cells for {count} columns")
        table = self.document.add_table(rows=1 + len(rows), cols=count)
        _table_frame(table, widths, borders=True)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        header = table.rows[0]
        _row_flag(header, "w:tblHeader")
        _row_flag(header, "w:cantSplit")
        for cell, text in zip(header.cells, headers, strict=True):
            _cell_text(cell, str(text), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        for table_row, values in zip(table.rows[1:], rows, strict=True):
            for cell, value in zip(table_row.cells, values, strict=True):
                numeric = isinstance(value, int | float | decimal.Decimal) and not isinstance(value, bool)
                align = WD_ALIGN_PARAGRAPH.CENTER if numeric else WD_ALIGN_PARAGRAPH.LEFT
                _cell_text(cell, format_value(value), align=align)
        # a paragraph after each table keeps two tables in a row from merging into one
        _spacer(self.document, Pt(PARAGRAPH_SPACING_PT))

    def _body_paragraph(self, text: str, *, bold: bool = False, italic: bool = False) -> Paragraph:
        paragraph = self.document.add_paragraph()
        fmt = paragraph.paragraph_format
        fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        fmt.first_line_indent = Cm(FIRST_LINE_INDENT_CM)
        fmt.space_before = Pt(PARAGRAPH_SPACING_PT)
        fmt.space_after = Pt(0)
        fmt.line_spacing = LINE_SPACING
        _add_text(paragraph, text, size=self.font_size, bold=bold, italic=italic)
        return paragraph


def format_value(value: object) -> str:
    """A table cell's text: 1234567 -> '1.234.567', 2.5 -> '2,5', a date -> 'dd/mm/yyyy'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    if isinstance(value, float | decimal.Decimal):
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
        return text.translate(str.maketrans(",.", ".,"))
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


# ---------------------------------------------------------------------------------------------
# Page, header, title, closing


def _setup_page(document: DocxDocument, doc: AdminDocument) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENTATION.PORTRAIT
    section.page_width = Cm(PAGE_WIDTH_CM)
    section.page_height = Cm(PAGE_HEIGHT_CM)
    section.top_margin = Cm(MARGIN_TOP_CM)
    section.bottom_margin = Cm(MARGIN_BOTTOM_CM)
    section.left_margin = Cm(MARGIN_LEFT_CM)
    section.right_margin = Cm(MARGIN_RIGHT_CM)
    section.header_distance = Cm(1.0)
    section.footer_distance = Cm(1.0)

    # Times New Roman for every script, Vietnamese as the proofing language, no spacing by default.
    for rpr in document.styles.element.xpath("w:docDefaults/w:rPrDefault/w:rPr"):
        _set_fonts(rpr)
        _set_lang(rpr)
    normal = document.styles["Normal"]
    normal.font.size = Pt(doc.font_size)
    _set_fonts(normal.element.get_or_add_rPr())
    _set_lang(normal.element.get_or_add_rPr())
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0

    # Page number at the top centre, not on the first page.
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _add_page_field(paragraph, size=doc.font_size)
    first = section.first_page_header.paragraphs[0]
    _mark_size(first, 1)

    properties = document.core_properties
    properties.title = " ".join(part for part in (doc.kind, doc.title) if part).strip()
    properties.subject = doc.title
    properties.author = doc.issuer
    properties.last_modified_by = doc.issuer
    properties.language = "vi-VN"
    properties.comments = ""
    properties.keywords = ""
    properties.revision = 1
    now = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    properties.created = now
    properties.modified = now


def _write_header(document: DocxDocument, doc: AdminDocument) -> None:
    table = document.add_table(rows=2, cols=2)
    _table_frame(table, _HEADER_WIDTHS_CM, borders=False)
    left_width, right_width = (w - 2 * _CELL_PADDING_CM for w in _HEADER_WIDTHS_CM)
    center = WD_ALIGN_PARAGRAPH.CENTER

    issuing = table.cell(0, 0)
    if doc.issuer_parent.strip():
        _cell_paragraph(issuing, doc.issuer_parent.strip().upper(), size=_NAME_PT, align=center)
    _cell_paragraph(issuing, doc.issuer.strip().upper(), size=_NAME_PT, bold=True, align=center)
    # a rule 1/3–1/2 as long as the name's line, centred under it
    issuer_line = min(_longest_line_cm(doc.issuer.upper(), _NAME_PT, bold=True), left_width)
    _rule(issuing, max(issuer_line / 2, 1.0), left_width)

    national = table.cell(0, 1)
    _cell_paragraph(national, NATIONAL_NAME, size=_NATIONAL_NAME_PT, bold=True, align=center)
    _cell_paragraph(national, NATIONAL_MOTTO, size=_MOTTO_PT, bold=True, align=center)
    # a rule as long as the motto's line
    _rule(national, min(_text_width_cm(NATIONAL_MOTTO, _MOTTO_PT, bold=True), right_width), right_width)

    numbering = table.cell(1, 0)
    _cell_paragraph(numbering, doc.number, size=_NAME_PT, align=center).paragraph_format.space_before = Pt(4)
    if not doc.kind.strip() and doc.title.strip():  # công văn: "V/v ..." under the number
        subject = doc.title.strip()
        if not subject.lower().startswith("v/v"):
            subject = f"V/v {subject}"
        _cell_paragraph(numbering, subject, size=12, align=center).paragraph_format.space_before = Pt(3)

    dating = table.cell(1, 1)
    when = _cell_paragraph(
        dating, date_line(doc.place, doc.date), size=_NAME_PT + 1, italic=True, align=center
    )
    when.paragraph_format.space_before = Pt(4)


def _write_title(document: DocxDocument, doc: AdminDocument) -> None:
    if not doc.kind.strip():  # a công văn has no kind line; its subject sits under the number
        _spacer(document, Pt(12))
        return
    kind = document.add_paragraph()
    kind.alignment = WD_ALIGN_PARAGRAPH.CENTER
    kind.paragraph_format.space_before = Pt(24)
    kind.paragraph_format.keep_with_next = True
    _add_text(kind, doc.kind.upper(), size=_KIND_PT, bold=True)
    if doc.title.strip():
        title = document.add_paragraph()
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        title.paragraph_format.keep_with_next = True
        _add_text(title, doc.title.strip(), size=_KIND_PT, bold=True)
        line = min(_longest_line_cm(doc.title.strip(), _KIND_PT, bold=True), TEXT_WIDTH_CM)
        rule = document.add_paragraph()
        _border_rule(rule, max(line * 0.4, 2.0), TEXT_WIDTH_CM)
    _spacer(document, Pt(6))


def _write_closing(document: DocxDocument, doc: AdminDocument) -> None:
    _spacer(document, Pt(PARAGRAPH_SPACING_PT))
    table = document.add_table(rows=1, cols=2)
    _table_frame(table, _CLOSING_WIDTHS_CM, borders=False)
    _row_flag(table.rows[0], "w:cantSplit")  # the signature block stays on one page
    center = WD_ALIGN_PARAGRAPH.CENTER

    recipients = table.cell(0, 0)
    if doc.recipients:
        label = _cell_paragraph(recipients, RECIPIENTS_LABEL, size=_LABEL_PT, bold=True, italic=True)
        label.paragraph_format.space_before = Pt(6)
        for index, item in enumerate(doc.recipients):
            _cell_paragraph(
                recipients, _recipient_line(item, last=index == len(doc.recipients) - 1), size=_RECIPIENT_PT
            )

    signature = table.cell(0, 1)
    lines = [line.strip().upper() for line in doc.signer_authority.splitlines() if line.strip()]
    if doc.signer_title.strip():
        lines.append(doc.signer_title.strip().upper())
    for index, line in enumerate(lines):
        paragraph = _cell_paragraph(signature, line, size=doc.font_size, bold=True, align=center)
        if index == 0:
            paragraph.paragraph_format.space_before = Pt(6)
    if doc.signer_name.strip():
        name = _cell_paragraph(
            signature, doc.signer_name.strip(), size=doc.font_size, bold=True, align=center
        )
        name.paragraph_format.space_before = Pt(_SIGNATURE_SPACE_PT)


def _recipient_line(item: str, *, last: bool) -> str:
    """'- Như trên;' ... '- Lưu: VT, TCCB.': a dash before, ';' after, '.' after the last."""
    text = item.strip()
    if not text.startswith(("-", "+")):
        text = f"- {text}"
    if text[-1] not in ";:.,":
        text += "." if last else ";"
    return text


# ---------------------------------------------------------------------------------------------
# Low-level helpers


def _add_text(
    paragraph: Paragraph, text: str, *, size: float, bold: bool = False, italic: bool = False
) -> Run:
    """One run holding `text` (NFC, '\\n' as line breaks) in Times New Roman."""
    run = paragraph.add_run()
    for index, line in enumerate(unicodedata.normalize("NFC", text).split("\n")):
        if index:
            run.add_break()
        if line:
            run.add_text(line)
    _style_run(run, size=size, bold=bold, italic=italic)
    _mark_size(paragraph, size)
    return run


def _style_run(run: Run, *, size: float, bold: bool = False, italic: bool = False) -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    _set_fonts(run._r.get_or_add_rPr())


def _set_fonts(rpr: BaseOxmlElement) -> None:
    """Times New Roman for Latin, East Asian and complex scripts; theme fonts removed."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)  # rFonts comes first after rStyle, which we never set
    for key in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{key}"), None)
    for key in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{key}"), FONT)


def _set_lang(rpr: BaseOxmlElement) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "vi-VN")
    lang.set(qn("w:eastAsia"), "vi-VN")
    lang.set(qn("w:bidi"), "ar-SA")


def _mark_size(paragraph: Paragraph, size: float) -> None:
    """The paragraph mark's font and size, which sets the height of an empty paragraph."""
    ppr = paragraph._p.get_or_add_pPr()
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        ppr.insert_element_before(rpr, "w:sectPr", "w:pPrChange")
    _set_fonts(rpr)
    for tag in ("w:sz", "w:szCs"):
        element = rpr.find(qn(tag))
        if element is None:
            element = OxmlElement(tag)
            rpr.append(element)
        element.set(qn("w:val"), str(round(size * 2)))


def _spacer(document: DocxDocument, height: Length) -> Paragraph:
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.line_spacing = height
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    _mark_size(paragraph, 2)
    return paragraph


def _cell_paragraph(
    cell: _Cell,
    text: str,
    *,
    size: float,
    bold: bool = False,
    italic: bool = False,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.LEFT,
) -> Paragraph:
    """Write into the cell's first, still empty paragraph, or a new one after it."""
    first = cell.paragraphs[0]
    paragraph = first if len(cell.paragraphs) == 1 and not first.runs else cell.add_paragraph()
    paragraph.alignment = align
    _add_text(paragraph, text, size=size, bold=bold, italic=italic)
    return paragraph


def _cell_text(cell: _Cell, text: str, *, bold: bool = False, align: WD_ALIGN_PARAGRAPH) -> None:
    paragraph = _cell_paragraph(cell, text, size=TABLE_PT, bold=bold, align=align)
    paragraph.paragraph_format.space_before = Pt(2)
    paragraph.paragraph_format.space_after = Pt(2)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _rule(cell: _Cell, length_cm: float, width_cm: float) -> None:
    """A solid horizontal line `length_cm` long, centred in a cell whose text is `width_cm` wide."""
    _border_rule(cell.add_paragraph(), length_cm, width_cm)


def _border_rule(paragraph: Paragraph, length_cm: float, width_cm: float) -> None:
    """Turn an empty paragraph into a thin line: a top border, indented to `length_cm`."""
    side = max((width_cm - length_cm) / 2, 0)
    fmt = paragraph.paragraph_format
    fmt.left_indent = Cm(side)
    fmt.right_indent = Cm(side)
    fmt.first_line_indent = Cm(0)
    fmt.space_before = Pt(4)  # clear of the dots below Ộ, Ụ
    fmt.line_spacing = Pt(4)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        top.set(qn(f"w:{key}"), value)
    borders.append(top)
    ppr.insert_element_before(borders, *_PPR_AFTER_BORDER)
    _mark_size(paragraph, 2)


_PPR_AFTER_BORDER = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
    "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip


def _table_frame(table: Table, widths_cm: Sequence[float], *, borders: bool) -> None:
    """Fixed column widths, cell padding, and either single-line borders or none."""
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    total = sum(widths_cm)
    tbl_w = tbl_pr.find(qn("w:tblW"))
    if tbl_w is None:
        tbl_w = OxmlElement("w:tblW")
        tbl_pr.insert_element_before(tbl_w, *_TBLPR_AFTER_WIDTH)
    tbl_w.set(qn("w:w"), str(_twips(total)))
    tbl_w.set(qn("w:type"), "dxa")

    edges = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        if borders:
            for key, value in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", "000000")):
                element.set(qn(f"w:{key}"), value)
        else:
            element.set(qn("w:val"), "nil")
        edges.append(element)
    _replace(tbl_pr, edges, _TBLPR_AFTER_BORDERS)

    margins = OxmlElement("w:tblCellMar")
    padding = _twips(_CELL_PADDING_CM)
    for edge, twips in (("top", 0), ("left", padding), ("bottom", 0), ("right", padding)):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), str(twips))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    _replace(tbl_pr, margins, _TBLPR_AFTER_CELL_MARGINS)

    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)


_TBLPR_AFTER_WIDTH = (
    "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd", "w:tblLayout",
    "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange",
)  # fmt: skip
_TBLPR_AFTER_BORDERS = _TBLPR_AFTER_WIDTH[4:]
_TBLPR_AFTER_CELL_MARGINS = _TBLPR_AFTER_WIDTH[7:]


def _replace(parent: BaseOxmlElement, element: BaseOxmlElement, successors: Sequence[str]) -> None:
    old = parent.find(element.tag)
    if old is not None:
        parent.remove(old)
    parent.insert_element_before(element, *successors)


def _row_flag(row: _Row, tag: str) -> None:
    """Set an on/off row property: w:tblHeader (repeat on each page) or w:cantSplit."""
    tr_pr = row._tr.get_or_add_trPr()
    if tr_pr.find(qn(tag)) is None:
        order = ("w:cantSplit", "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden")
        tr_pr.insert_element_before(OxmlElement(tag), *order[order.index(tag) + 1 :])


def _add_page_field(paragraph: Paragraph, *, size: float) -> None:
    """A PAGE field, which Word and LibreOffice fill in with the page number."""
    for part in ("begin", " PAGE ", "separate", "2", "end"):
        run = paragraph.add_run()
        _style_run(run, size=size)
        if part in ("begin", "separate", "end"):
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), part)
            run._r.append(char)
        elif part == " PAGE ":
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = part
            run._r.append(instruction)
        else:
            run.add_text(part)  # shown until the field is updated
    _mark_size(paragraph, size)


def _twips(cm: float) -> int:
    return round(cm / 2.54 * 1440)


def _text_width_cm(text: str, size_pt: float, *, bold: bool = False) -> float:
    """A rough width of one line of Times New Roman text, to size the short rules under names."""
    ems = 0.0
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.combining(char):
            continue
        if char == " ":
            ems += 0.25
        elif char.isupper():
            ems += 0.72 if bold else 0.68
        elif char.islower():
            ems += 0.5 if bold else 0.46
        elif char.isdigit():
            ems += 0.5
        else:
            ems += 0.33
    return ems * size_pt / 72 * 2.54


def _longest_line_cm(text: str, size_pt: float, *, bold: bool = False) -> float:
    return max(_text_width_cm(line, size_pt, bold=bold) for line in text.split("\n"))
