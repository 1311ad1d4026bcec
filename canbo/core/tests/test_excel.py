import io
import zipfile

import pytest

from canbo.core.errors import InputRejected
from canbo.core.excel import Column, check_spreadsheet, read_table, read_workbook, write_workbook
from canbo.core.text import fold


def _xlsx(rows: list[list[object]], sheet: str = "Đơn vị") -> bytes:
    return write_workbook([(sheet, [str(v) for v in rows[0]], rows[1:])])


def test_fold_ignores_case_and_diacritics() -> None:
    assert fold("  Mã  ĐƠN vị ") == "ma don vi"
    assert fold("Hiệu lực từ ngày") == fold("hieu luc tu ngay")


def test_a_written_workbook_reads_back() -> None:
    data = _xlsx([["Mã đơn vị", "Tên"], ["A", "Một"], ["B", "Hai"]])
    assert check_spreadsheet(data) == "xlsx"
    sheets = read_workbook(data)
    assert sheets["Đơn vị"][1] == ["A", "Một"]


def test_headers_match_without_case_or_diacritics_and_rows_keep_excel_numbers() -> None:
    columns = [Column("code", "Mã đơn vị", required=True), Column("name", "Tên đơn vị")]
    rows = read_table([["MA DON VI", "tên đơn vị"], ["A", "Một"], [None, None], ["B", ""]], columns)
    assert [(r.number, r.values) for r in rows] == [
        (2, {"code": "A", "name": "Một"}),
        (4, {"code": "B", "name": None}),
    ]


def test_columns_are_read_whatever_the_shape_of_the_sheet() -> None:
    """A title above the header, short rows, columns the template lacks, a column named twice (the
    one further right is read, as it always was), blank rows in the middle and at the end."""
    from canbo.core.excel import read_columns

    columns = [Column("code", "Mã đơn vị", ("Đơn vị",), required=True), Column("name", "Tên đơn vị")]
    rows: list[list[object]] = [
        ["DANH SÁCH ĐƠN VỊ"],
        ["Ghi chú", "Đơn vị", "Tên đơn vị", "Mã đơn vị"],
        ["x", "bỏ qua", " Sở Nội vụ ", "KH.SNV"],
        ["", "", "", ""],
        ["y", "A-cũ", "Sở Tài chính"],  # short row: no code in the column read
        ["z", None, "  ", " KH.SYT"],
        [None, None],
        [],
    ]
    table = read_columns(rows, columns)
    assert table.numbers == [3, 5, 6]
    assert table.values == {"name": ["Sở Nội vụ", "Sở Tài chính", None], "code": ["KH.SNV", None, "KH.SYT"]}
    assert [(r.number, r.values) for r in read_table(rows, columns)] == [
        (3, {"name": "Sở Nội vụ", "code": "KH.SNV"}),
        (5, {"name": "Sở Tài chính", "code": None}),
        (6, {"name": None, "code": "KH.SYT"}),
    ]
    raw = read_columns(rows, columns, clean=False)
    assert list(raw.values["code"]) == ["KH.SNV", None, " KH.SYT"]
    wide = [*rows[:3], ["w", "", "Sở Y tế", "KH.SYT", *range(50)]]  # far wider than the template
    assert read_columns(wide, columns).values == {
        "name": ["Sở Nội vụ", "Sở Y tế"],
        "code": ["KH.SNV", "KH.SYT"],
    }


def test_a_missing_required_column_is_named() -> None:
    columns = [Column("code", "Mã đơn vị", required=True), Column("from", "Hiệu lực từ ngày", required=True)]
    with pytest.raises(InputRejected) as info:
        read_table([["Mã đơn vị", "Tên"], ["A", "x"]], columns, sheet="Đơn vị")
    assert "Hiệu lực từ ngày" in str(info.value)
    assert "Mã đơn vị”" not in info.value.errors[0].message


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "rỗng"),
        (b"%PDF-1.7 not a spreadsheet", "không phải bảng tính"),
        (b"PK\x03\x04 broken zip", "hỏng"),
        (_zip({"hello.txt": b"hi"}), "không phải bảng tính"),
        (_zip({"[Content_Types].xml": b"x", "xl/workbook.xml": b"x", "xl/vbaProject.bin": b"x"}), "macro"),
        (_zip({"[Content_Types].xml": b"x", "xl/workbook.xml": b"\0" * 5_000_000}), "bom nén"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "_VBA_PROJECT".encode("utf-16-le"), "macro"),
    ],
)
def test_hostile_or_broken_files_are_refused_before_parsing(data: bytes, words: str) -> None:
    with pytest.raises(InputRejected) as info:
        check_spreadsheet(data)
    assert words in str(info.value)


def test_too_large_a_file_is_refused() -> None:
    with pytest.raises(InputRejected, match="quá lớn"):
        check_spreadsheet(b"PK\x03\x04" + b"0" * 2000, max_bytes=1000)
