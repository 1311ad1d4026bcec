"""The import template (issue 13.3): the list sheet with one marked example row and drop-down lists,
a help sheet saying what each column takes, the catalogues the lists read, and the unit codes in the
user's scope. The example row is never imported (people.io.excel refuses a row equal to it)."""

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

import xlsxwriter

from canbo.people import catalogues
from canbo.people.io import columns as C

# The example row, cell by cell (column key → value). A row equal to it (name, birth date and CCCD)
# is refused: it is the template's, not a person of the agency.
EXAMPLE: dict[str, Any] = {
    C.NAME.key: "Nguyễn Thị Hoa (dòng ví dụ)",
    C.BIRTH.key: dt.date(1985, 3, 12),
    C.SEX.key: "Nữ",
    C.ETHNICITY.key: "Kinh",
    C.RELIGION.key: "Không",
    C.CCCD.key: "001185012345",
    C.UNIT.key: "KH.SNV",
    C.CATEGORY.key: "Công chức",
    C.POST.key: "Phó Trưởng phòng",
    C.POST_FROM.key: dt.date(2021, 6, 1),
    C.LANGUAGE.key: "Tiếng Anh",
    C.LANGUAGE_LEVEL.key: "Bậc 4",
    C.POLITICAL.key: "Trung cấp",
    C.QUALIFICATION.key: "Đại học",
    C.UNIT_FROM.key: dt.date(2015, 9, 1),
    C.CONCLUSION.key: dt.date(2021, 5, 20),
    C.DECISION.key: "125/QĐ-SNV",
}
EXAMPLE_NOTE = "Dòng ví dụ: không được nhập. Xóa dòng này (hoặc ghi đè bằng người thật) trước khi nhập."
LEVELS = [f"Bậc {n}" for n in range(1, 7)]
ROWS_VALIDATED = 5000  # the drop-down lists cover this many rows under the header

# What each column takes, for the help sheet: (column, required, what to write).
HELP: list[tuple[C.Column, str, str]] = [
    (C.NAME, "Bắt buộc", "Họ, chữ đệm và tên, có dấu."),
    (C.BIRTH, "Bắt buộc", "Ngày sinh dd/mm/yyyy, hoặc chỉ năm sinh (yyyy, tính là ngày 01/01). Tuổi vào ngày "
     "tính danh sách phải từ 18 đến quá tuổi nghỉ hưu không quá 5 năm."),
    (C.SEX, "Bắt buộc", "Nam hoặc Nữ (chọn trong danh sách)."),
    (C.ETHNICITY, "Bắt buộc", "Tên dân tộc theo danh mục 54 dân tộc (chọn trong danh sách)."),
    (C.RELIGION, "", "Tên tôn giáo theo danh mục; “Không” nếu không theo tôn giáo nào."),
    (C.CCCD, "", "12 chữ số; ghi dạng văn bản để giữ số 0 ở đầu. Được kiểm tra với ngày sinh và giới tính."),
    (C.UNIT, "Bắt buộc", "Mã cơ quan quản lý hồ sơ: xem trang “Mã đơn vị” "
     "(các đơn vị trong phạm vi của bạn)."),
    (C.CATEGORY, "Bắt buộc", "Cán bộ, Công chức, Viên chức hoặc Người lao động (chọn trong danh sách)."),
    (C.POST, "", "Chức vụ lãnh đạo, quản lý đang giữ (chọn trong danh sách); "
     "để trống nếu không giữ chức vụ."),
    (C.POST_FROM, "", "Ngày bổ nhiệm vào chức vụ, dd/mm/yyyy."),
    (C.LANGUAGE, "", "Ngoại ngữ (chọn trong danh sách)."),
    (C.LANGUAGE_LEVEL, "", "Bậc 1 đến Bậc 6 theo Khung năng lực ngoại ngữ 6 bậc (hoặc A1–C2)."),
    (C.POLITICAL, "", "Trình độ lý luận chính trị theo danh mục."),
    (C.QUALIFICATION, "", "Trình độ chuyên môn cao nhất theo danh mục."),
    (C.UNIT_FROM, "", "Ngày vào đơn vị, dd/mm/yyyy. Để trống: tính từ ngày “Danh sách tính đến ngày” "
     "chọn khi nhập (không được sau ngày đó)."),
    (C.CONCLUSION, "", "Ngày kết luận người này đủ tiêu chuẩn chính trị, dd/mm/yyyy (không sau ngày "
     "tính danh sách). Bổ nhiệm từ 29/10/2021 phải có kết luận này (Mục II.7 Kế hoạch thực hiện Nghị "
     "quyết 07-NQ/TU): dòng có chức vụ với ngày bổ nhiệm mà chưa có kết luận thì không được nhập. Khi "
     "nhập, người chưa có kết luận ngày đó được ghi một kết luận “đủ tiêu chuẩn chính trị”. Thông tin "
     "chính trị: chỉ người làm công tác cán bộ xuất ra được."),
    (C.DECISION, "", "Số quyết định bổ nhiệm vào chức vụ ở cột “Chức vụ” (ví dụ 125/QĐ-SNV). Bắt buộc "
     "khi việc bổ nhiệm có điều kiện cần cấp có thẩm quyền quyết định (ví dụ chưa trong quy hoạch): các "
     "lưu ý được lưu cùng quá trình công tác."),
]  # fmt: skip


def _lists() -> dict[str, list[str]]:
    """The drop-down lists by column key: the catalogues' names (what the import reads back)."""
    return {
        C.SEX.key: ["Nam", "Nữ"],
        C.ETHNICITY.key: [e.name for e in catalogues.ETHNIC_GROUPS],
        C.RELIGION.key: [e.name for e in catalogues.RELIGIONS],
        C.CATEGORY.key: [e.name for e in catalogues.STAFF_CATEGORIES],
        C.POST.key: sorted({p.name for p in catalogues.POSTS}),
        C.LANGUAGE.key: [e.name for e in catalogues.LANGUAGES],
        C.LANGUAGE_LEVEL.key: LEVELS,
        C.POLITICAL.key: [e.name for e in catalogues.POLITICAL_THEORY],
        C.QUALIFICATION.key: [e.name for e in catalogues.QUALIFICATIONS],
    }


def template_workbook(units: Sequence[tuple[str, str]]) -> bytes:
    """The template: `units` are the (code, name) the user may write in "Mã đơn vị"."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
    example = book.add_format({"italic": True, "font_color": "#7F7F7F", "bg_color": "#FFF2CC"})
    example_date = book.add_format(
        {"italic": True, "font_color": "#7F7F7F", "bg_color": "#FFF2CC", "num_format": "dd/mm/yyyy"}
    )
    text = book.add_format({"num_format": "@"})
    date = book.add_format({"num_format": "dd/mm/yyyy"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})

    sheet = book.add_worksheet(C.SHEET)
    lists = _lists()
    catalogue = book.add_worksheet("Danh mục")
    ranges: dict[str, str] = {}
    for col, (key, values) in enumerate(lists.items()):
        header = next(c.header for c in C.COLUMNS if c.key == key)
        catalogue.write_string(0, col, header, bold)
        catalogue.set_column(col, col, 28)
        for row, value in enumerate(values, start=1):
            catalogue.write_string(row, col, value)
        letter = xlsxwriter.utility.xl_col_to_name(col)
        ranges[key] = f"='Danh mục'!${letter}$2:${letter}${len(values) + 1}"
    for col, column in enumerate(C.COLUMNS):
        sheet.write_string(0, col, column.header, bold)
        width = max(14, min(40, len(column.header) + 6))
        if column in (C.BIRTH, C.POST_FROM, C.UNIT_FROM, C.CONCLUSION):
            sheet.set_column(col, col, width, date)
        elif column in (C.CCCD, C.DECISION):
            sheet.set_column(col, col, width, text)
        else:
            sheet.set_column(col, col, width)
        value = EXAMPLE[column.key]
        if isinstance(value, dt.date):
            sheet.write_datetime(1, col, dt.datetime.combine(value, dt.time()), example_date)
        else:
            sheet.write_string(1, col, str(value), example)
        if column.key in ranges:
            sheet.data_validation(
                1, col, ROWS_VALIDATED, col,
                {"validate": "list", "source": ranges[column.key], "error_type": "warning",
                 "error_title": column.header,
                 "error_message": "Giá trị không có trong danh mục (trang “Danh mục”)."},
            )  # fmt: skip
        elif column is C.UNIT and units:
            sheet.data_validation(
                1, col, ROWS_VALIDATED, col,
                {"validate": "list", "source": f"='Mã đơn vị'!$A$2:$A${len(units) + 1}",
                 "error_type": "warning", "error_title": column.header,
                 "error_message": "Mã đơn vị không có trong trang “Mã đơn vị”."},
            )  # fmt: skip
        elif column in (C.POST_FROM, C.UNIT_FROM, C.CONCLUSION):  # the birth column also takes a year alone
            sheet.data_validation(
                1, col, ROWS_VALIDATED, col,
                {"validate": "date", "criteria": "between", "minimum": dt.date(1900, 1, 1),
                 "maximum": dt.date(2100, 12, 31), "error_type": "warning", "ignore_blank": True,
                 "error_title": column.header, "error_message": "Ghi ngày dạng dd/mm/yyyy."},
            )  # fmt: skip
    sheet.write_comment(1, 0, EXAMPLE_NOTE, {"visible": False, "x_scale": 2})
    sheet.freeze_panes(1, 0)

    help_sheet = book.add_worksheet("Hướng dẫn")
    help_sheet.set_column(0, 0, 26)
    help_sheet.set_column(1, 1, 12)
    help_sheet.set_column(2, 2, 90, wrap)
    for col, header in enumerate(("Cột", "Bắt buộc", "Ghi gì")):
        help_sheet.write_string(0, col, header, bold)
    for row, (column, required, what) in enumerate(HELP, start=1):
        help_sheet.write_string(row, 0, column.header)
        help_sheet.write_string(row, 1, required)
        help_sheet.write_string(row, 2, what)
    notes = [
        EXAMPLE_NOTE,
        "Mỗi dòng một người; mọi dòng được kiểm tra trước, có lỗi thì không ghi gì và mỗi lỗi được nêu "
        "với dòng, cột và họ tên. Nhập lại cùng tệp không thay đổi gì.",
        "Danh sách chọn ở các cột lấy từ trang “Danh mục”; mã đơn vị từ trang “Mã đơn vị”.",
    ]
    for offset, note in enumerate(notes, start=len(HELP) + 2):
        help_sheet.write_string(offset, 0, note)

    codes = book.add_worksheet("Mã đơn vị")
    codes.set_column(0, 0, 18)
    codes.set_column(1, 1, 70)
    codes.write_string(0, 0, "Mã đơn vị", bold)
    codes.write_string(0, 1, "Tên đơn vị", bold)
    for row, (code, name) in enumerate(units, start=1):
        codes.write_string(row, 0, code)
        codes.write_string(row, 1, name)
    book.close()
    return buffer.getvalue()


def is_example(name: str) -> bool:
    """The template's example row, by its name marked "(dòng ví dụ)": never a person of the agency."""
    return name == EXAMPLE[C.NAME.key]


EXAMPLE_REFUSED = "Đây là dòng ví dụ của mẫu, không được nhập: xóa dòng này (hoặc ghi đè bằng người thật)."
