"""Sheets larger than an import can hold are refused before python-calamine parses them.

calamine lays a sheet out densely from A1 to its farthest cell; a 5 KB file with one cell at
XFD1048576 asks for 17 billion cells and the Rust allocator aborts the process (no `except` can
catch it). Whatever could reach calamine runs in a subprocess with a memory cap, so that a
regression fails a test instead of killing the test run; the checks themselves (pure Python)
are called directly.
"""

import io
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from canbo.core.errors import InputRejected
from canbo.core.excel import check_spreadsheet, read_workbook, write_workbook

ROOT = Path(__file__).resolve().parents[3]

# --- Files made by hand, as a hostile user would ---------------------------------------------

MAIN_NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
CONTENT_TYPES = (
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Override PartName="/xl/workbook.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>'
)


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _xlsx(sheets: list[tuple[str, bytes]], targets: list[str] | None = None) -> bytes:
    """An .xlsx whose worksheets' XML is given as it is; `targets` as written in the rels."""
    targets = targets or [f"worksheets/sheet{i + 1}.xml" for i in range(len(sheets))]
    book = b'<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    rels = b"<Relationships>"
    members = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": ROOT_RELS,
    }
    for i, ((name, xml), target) in enumerate(zip(sheets, targets, strict=True)):
        book += f'<sheet name="{name}" sheetId="{i + 1}" r:id="rId{i + 1}"/>'.encode()
        rels += f'<Relationship Id="rId{i + 1}" Type="worksheet" Target="{target}"/>'.encode()
        members[target[1:] if target.startswith("/") else "xl/" + target] = xml
    members["xl/workbook.xml"] = book + b"</sheets></workbook>"
    members["xl/_rels/workbook.xml.rels"] = rels + b"</Relationships>"
    return _zip(members)


def _sheet(rows: bytes, dimension: bytes | None = None) -> bytes:
    declared = b'<dimension ref="' + dimension + b'"/>' if dimension else b""
    return b"<worksheet " + MAIN_NS + b">" + declared + b"<sheetData>" + rows + b"</sheetData></worksheet>"


def _openpyxl_reproduction() -> bytes:
    """The file of the security review: a header in A1 and an “x” in XFD1048576."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Danh sách cán bộ"
    sheet["A1"] = "Họ và tên"
    sheet["XFD1048576"] = "x"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


ROOT_RELS = (
    b'<Relationships><Relationship Id="rId1" Target="xl/workbook.xml" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
    b"</Relationships>"
)
MANIFEST = (
    b'<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
    b'<manifest:file-entry manifest:full-path="/" '
    b'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    b'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    b"</manifest:manifest>"
)
ODS_NS = (
    b'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    b'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def _ods(table: bytes, name: str = "Đơn vị") -> bytes:
    content = (
        b"<office:document-content " + ODS_NS + b"><office:body><office:spreadsheet>"
        b'<table:table table:name="' + name.encode() + b'">' + table + b"</table:table>"
        b"</office:spreadsheet></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", b"application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", MANIFEST, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _value(text: str, repeat: int = 1) -> bytes:
    repeated = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    return (
        f'<table:table-cell office:value-type="string" office:string-value="{text}"{repeated}>'
        f"<text:p>{text}</text:p></table:table-cell>"
    ).encode()


def _blank(repeat: int = 1, style: str = "") -> bytes:
    attributes = f' table:style-name="{style}"' if style else ""
    attributes += f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    return f"<table:table-cell{attributes}/>".encode()


def _row(cells: bytes, repeat: int = 1) -> bytes:
    repeated = f' table:number-rows-repeated="{repeat}"' if repeat > 1 else ""
    return f"<table:table-row{repeated}>".encode() + cells + b"</table:table-row>"


def _record(kind: int, data: bytes = b"") -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def _xls(
    cells: list[tuple[int, int, float]], dimensions: bytes | None = None, size: int | None = None
) -> bytes:
    """A BIFF8 workbook with one sheet of NUMBER cells, in a minimal OLE compound file."""
    bof = struct.pack("<HHHHII", 0x0600, 0x0005, 0, 0, 0, 0)
    name = "Đơn vị".encode("utf-16-le")
    boundsheet_length = 4 + 8 + len(name)
    globals_ = _record(0x0809, bof)
    start = len(globals_) + boundsheet_length + 4
    globals_ += _record(0x0085, struct.pack("<IBB", start, 0, 0) + bytes([len(name) // 2, 1]) + name)
    globals_ += _record(0x000A)
    sheet = _record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0, 0, 0, 0))
    if dimensions is not None:
        sheet += _record(0x0200, dimensions)
    for row, column, value in cells:
        sheet += _record(0x0203, struct.pack("<HHHd", row, column, 0, value))
    stream = (globals_ + sheet + _record(0x000A)).ljust(4096, b"\0")  # no mini stream needed
    count = (len(stream) + 511) // 512
    fat = [0xFFFFFFFD, 0xFFFFFFFE, *range(3, 2 + count), 0xFFFFFFFE]
    fat_sector = struct.pack("<128I", *fat, *[0xFFFFFFFF] * (128 - len(fat)))

    def entry(label: str, kind: int, first: int, length: int, child: int = 0xFFFFFFFF) -> bytes:
        encoded = label.encode("utf-16-le") + b"\0\0"
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBB3I", len(encoded), kind, 1, 0xFFFFFFFF, 0xFFFFFFFF, child)
            + b"\0" * 36
            + struct.pack("<3I", first, length, 0)
        )

    directory = entry("Root Entry", 5, 0xFFFFFFFE, 0, child=1)
    directory += entry("Workbook", 2, 2, size or len(stream))
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 + struct.pack("<5H", 0x3E, 3, 0xFFFE, 9, 6)
    header += b"\0" * 6 + struct.pack("<9I", 0, 1, 1, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
    header += struct.pack("<109I", 0, *[0xFFFFFFFF] * 108)
    return header + fat_sector + directory.ljust(512, b"\0") + stream.ljust(count * 512, b"\0")


def _refusal(data: bytes) -> str:
    with pytest.raises(InputRejected) as info:
        check_spreadsheet(data)
    return str(info.value)


READER = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))  # a regression aborts, not swaps
import django
django.setup()
from canbo.core.errors import InputRejected
from canbo.core.excel import read_workbook
try:
    sheets = read_workbook(sys.stdin.buffer.read())
except InputRejected as refused:
    print("REFUSED", refused)
else:
    print("READ", {name: (len(rows), max(map(len, rows), default=0)) for name, rows in sheets.items()})
"""


def _read_in_subprocess(data: bytes) -> str:
    """read_workbook in a child process; the test fails (rather than the run dying) if it aborts."""
    done = subprocess.run(
        [sys.executable, "-c", READER],
        input=data,
        capture_output=True,
        cwd=ROOT,
        env={"DJANGO_SETTINGS_MODULE": "canbo.settings_test", "PATH": "/usr/bin:/bin"},
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, f"read_workbook died ({done.returncode}): {done.stderr[-2000:]!r}"
    return done.stdout.decode().strip()


# --- The reproduction of the security review -------------------------------------------------


def test_the_reported_file_is_refused_in_vietnamese_and_the_process_lives() -> None:
    output = _read_in_subprocess(_openpyxl_reproduction())
    assert output == (
        "REFUSED Trang tính “Danh sách cán bộ” khai báo 1.048.576 dòng; "
        "tệp nhập chỉ được tối đa 200.000 dòng."
    )


def test_a_far_cell_without_a_declared_size_is_refused_by_read_workbook() -> None:
    data = _xlsx(
        [("Cán bộ", _sheet(b'<row r="1"><c r="A1"><v>1</v></c><c r="XFD1048576"><v>1</v></c></row>'))]
    )
    output = _read_in_subprocess(data)
    assert output.startswith("REFUSED Trang tính “Cán bộ” có ô XFD1048576 nằm ngoài giới hạn")
    assert "200.000 dòng, 200 cột" in output


# --- Every way of writing a far cell that calamine still reads -------------------------------

FAR = [
    pytest.param(b'<row r="1"><c r="XFD1048576"><v>1</v></c></row>', id="plain"),
    pytest.param(b"<row r='1'><c r='XFD1048576'><v>1</v></c></row>", id="single-quoted"),
    pytest.param(b'<row r = "1"><c  r\n=\t"XFD1048576" ><v>1</v></c></row>', id="spaces-around-equals"),
    pytest.param(b'<x:row r="1"><x:c r="XFD1048576"><x:v>1</x:v></x:c></x:row>', id="prefixed"),
    pytest.param(b'<row r="1"><c t="n" s="0" r="XFD1048576"><v>1</v></c></row>', id="reordered"),
    pytest.param(b'<row r="1"><c r="A1" r="XFD1048576"><v>1</v></c></row>', id="second-r-wins"),
    pytest.param(b'<row r="1"><c r="A1" t="n"\tr = \'XFD1048576\'><v>1</v></c></row>', id="second-r-odd"),
    pytest.param(b'<row r="1"><c r="xfd1048576"><v>1</v></c></row>', id="lower-case"),
    pytest.param(b'<row r="1"><c r="A99999999999"><v>1</v></c></row>', id="row-beyond-32-bits"),
    pytest.param(b'<row r="1048576"><c><v>1</v></c></row>', id="row-of-a-cell-without-r"),
    pytest.param(b"<row>" + b"<c><v>1</v></c>" * 201 + b"</row>", id="201-cells-without-r"),
    pytest.param(
        b'<row r="1"><c r="GR1"><v>1</v></c><!-- </row> --><c><v>1</v></c></row>',
        id="comment-is-not-a-row-end",
    ),
]


@pytest.mark.parametrize("rows", FAR)
def test_a_far_cell_is_refused_however_it_is_written(rows: bytes) -> None:
    message = _refusal(_xlsx([("Cán bộ", _sheet(rows))]))
    assert message.startswith("Trang tính “Cán bộ” có ")
    assert "giới hạn" in message


def test_a_huge_declared_size_with_little_data_is_refused() -> None:
    data = _xlsx([("Đơn vị", _sheet(b'<row r="1"><c r="A1"><v>1</v></c></row>', dimension=b"A1:XFD1048576"))])
    assert (
        _refusal(data)
        == "Trang tính “Đơn vị” khai báo 1.048.576 dòng; tệp nhập chỉ được tối đa 200.000 dòng."
    )
    wide = _xlsx([("Đơn vị", _sheet(b"", dimension=b"A1:XFD100"))])
    assert _refusal(wide) == "Trang tính “Đơn vị” khai báo 16.384 cột; tệp nhập chỉ được tối đa 200 cột."
    large = _xlsx([("Đơn vị", _sheet(b"", dimension=b"A1:GR100000"))])
    assert _refusal(large) == (
        "Trang tính “Đơn vị” khai báo vùng 100.000 dòng × 200 cột (20.000.000 ô); "
        "tệp nhập chỉ được tối đa 10.000.000 ô."
    )


def test_the_area_is_bounded_as_well_as_each_side() -> None:
    rows = b'<row r="1"><c r="ET1"><v>1</v></c></row><row r="100000"><c r="A100000"><v>1</v></c></row>'
    assert _refusal(_xlsx([("S", _sheet(rows))])) == (
        "Trang tính “S” có dữ liệu trải trên 100.000 dòng × 150 cột (15.000.000 ô); "
        "tệp nhập chỉ được tối đa 10.000.000 ô."
    )


def test_a_far_row_is_refused() -> None:
    message = _refusal(_xlsx([("S", _sheet(b'<row r="1048576"/>'))]))
    assert (
        message == "Trang tính “S” có dòng 1.048.576 nằm ngoài giới hạn của tệp nhập (tối đa 200.000 dòng)."
    )


def test_every_sheet_is_measured_not_only_the_first() -> None:
    fine = _sheet(b'<row r="1"><c r="A1"><v>1</v></c></row>')
    far = _sheet(b'<row r="1"><c r="XFD1048576"><v>1</v></c></row>')
    assert _refusal(_xlsx([("Một", fine), ("Hai", far)])).startswith("Trang tính “Hai” có ô XFD1048576")


@pytest.mark.parametrize(
    ("target", "member"),
    [
        ("/xl/worksheets/s.xml", "xl/worksheets/s.xml"),
        ("/data/s.xml", "data/s.xml"),  # absolute, outside xl/
        ("chartsheets/c.xml", "xl/chartsheets/c.xml"),  # calamine reads any part with <sheetData>
        ("worksheets/s.xml", "XL/WORKSHEETS/S.XML"),  # found without regard to case
        ("./d/s&amp;.xml", "xl/./d/s&amp;.xml"),  # taken as written
    ],
)
def test_a_sheet_is_found_where_calamine_finds_it(target: str, member: str) -> None:
    data = _xlsx([("S", _sheet(b'<row r="1"><c r="XFD1048576"><v>1</v></c></row>'))], targets=[target])
    if member != (target[1:] if target.startswith("/") else "xl/" + target):
        data = data.replace(("xl/" + target).encode(), member.encode())
    assert "XFD1048576" in _refusal(data)


def test_a_member_larger_than_it_declares_is_refused() -> None:
    data = bytearray(_xlsx([("S", _sheet(b'<row r="1"><c r="A1"><v>1</v></c></row>'))]))
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("xl/worksheets/sheet1.xml")
    struct.pack_into("<I", data, info.header_offset + 22, 10)
    central = bytes(data).rfind(b"xl/worksheets/sheet1.xml")
    struct.pack_into("<I", data, central - 46 + 24, 10)
    assert "kích thước khai báo sai" in _refusal(bytes(data))


def test_an_xlsb_part_is_refused() -> None:
    data = _zip({"[Content_Types].xml": b"x", "xl/workbook.xml": b"x", "xl/workbook.bin": b"x"})
    assert ".xlsb" in _refusal(data)


def test_an_empty_upload_is_refused() -> None:
    with pytest.raises(InputRejected) as info:
        read_workbook(b"")
    assert str(info.value) == "Tệp rỗng."


# --- Files that must still be read ----------------------------------------------------------


def test_a_template_file_is_read_as_before() -> None:
    rows = [[f"Nguyễn Văn {i}", i, None, "KH.SNV"] for i in range(300)]
    data = write_workbook([("Danh sách cán bộ", ["Họ và tên", "Số", "Ghi chú", "Đơn vị"], rows)])
    sheet = read_workbook(data)["Danh sách cán bộ"]
    assert sheet[0] == ["Họ và tên", "Số", "Ghi chú", "Đơn vị"]
    assert sheet[1:] == [[f"Nguyễn Văn {i}", float(i), "", "KH.SNV"] for i in range(300)]


def test_sheets_written_otherwise_are_read_exactly() -> None:
    """Cells without r, lower-case or single-quoted references: the slow, exact reading."""
    rows = b"<row><c><v>1</v></c><c><v>2</v></c></row><row r='3'><c r='b3'><v>3</v></c></row>"
    assert read_workbook(_xlsx([("S", _sheet(rows))]))["S"] == [[1.0, 2.0], ["", ""], ["", 3.0]]


def test_large_but_allowed_sheets_pass() -> None:
    tall = b'<row r="1"><c r="N1"><v>1</v></c></row><row r="180000"><c r="A180000"><v>1</v></c></row>'
    wide = b'<row r="1"><c r="GR1"><v>1</v></c></row><row r="50000"><c r="A50000"><v>1</v></c></row>'
    assert check_spreadsheet(_xlsx([("S", _sheet(tall, dimension=b"A1:N180000"))])) == "xlsx"
    assert check_spreadsheet(_xlsx([("S", _sheet(wide))])) == "xlsx"


def test_a_libreoffice_ods_with_trailing_repeats_is_read() -> None:
    """LibreOffice ends each row with a run of empty cells to column AMJ and the table with a run of
    empty rows to row 1,048,576; calamine keeps none of them."""
    table = (
        _row(_value("Mã đơn vị") + _value("Tên") + _blank(1022))
        + _row(_value("KH.SNV") + _value("Sở Nội vụ") + _blank(20, "ce1") + _blank(1002))
        + _row(_blank(1024), repeat=1048574)
    )
    sheets = read_workbook(_ods(table))
    assert sheets == {"Đơn vị": [["Mã đơn vị", "Tên"], ["KH.SNV", "Sở Nội vụ"]]}


# --- .ods and .xls ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "words"),
    [
        pytest.param(_row(_value("x", repeat=100_000_000)), "đến cột 100.000.000", id="repeated-value"),
        pytest.param(_row(_blank(16_000) + _value("x")), "đến cột 16.001", id="far-value"),
        pytest.param(_row(_value("x"), repeat=1_048_576), "đến dòng 1.048.576", id="repeated-row"),
        pytest.param(
            _row(_blank()) + _row(_blank(), 300_000) + _row(_value("x")), "đến dòng 300.002", id="far-row"
        ),
        pytest.param(_row(_value("x", repeat=150), repeat=100_000), "15.000.000 ô", id="area"),
    ],
)
def test_a_hostile_ods_is_refused(table: bytes, words: str) -> None:
    message = _refusal(_ods(table))
    assert message.startswith("Trang tính “Đơn vị” có dữ liệu")
    assert words in message


def test_a_hostile_ods_does_not_reach_calamine() -> None:
    """1,000 × 100,000 repeated cells: calamine reads it at once and runs out of memory."""
    output = _read_in_subprocess(_ods(_row(_value("x", repeat=1000), repeat=100_000)))
    assert output == "REFUSED Trang tính “Đơn vị” có dữ liệu đến cột 1.000; tệp nhập chỉ được tối đa 200 cột."


def test_an_xls_is_read_and_a_hostile_one_is_refused() -> None:
    assert read_workbook(_xls([(0, 0, 1.0), (1, 1, 2.0)])) == {"Đơn vị": [[1.0, ""], ["", 2.0]]}
    # calamine reads a column as 16 bits: 65,536 × 65,536 cells
    assert "có ô CRXP65536" in _refusal(_xls([(0, 0, 1.0), (65535, 65535, 1.0)]))
    assert "có ô IV65536" in _refusal(_xls([(0, 0, 1.0), (65535, 255, 1.0)]))
    # calamine reserves room for the declared size before reading a cell
    lying = struct.pack("<IIHHH", 0, 0xFFFFFFFF, 0, 0xFFFF, 0)
    assert "khai báo 4.294.967.295 dòng" in _refusal(_xls([(0, 0, 1.0)], dimensions=lying))
    reversed_ = struct.pack("<IIHHH", 5, 1, 0, 1, 0)
    assert "cấu trúc bất thường" in _refusal(_xls([(0, 0, 1.0)], dimensions=reversed_))
    # a stream longer than the file: calamine reserves it
    assert "hỏng" in _refusal(_xls([(0, 0, 1.0)], size=0xFFFFFFF0))


def test_a_hostile_xls_does_not_reach_calamine() -> None:
    lying = struct.pack("<HHHHH", 0, 0xFFFF, 0, 0xFFFF, 0)
    output = _read_in_subprocess(_xls([(0, 0, 1.0)], dimensions=lying))
    assert output == "REFUSED Trang tính “Đơn vị” khai báo 65.535 cột; tệp nhập chỉ được tối đa 200 cột."


# --- What reaches the user when calamine fails ------------------------------------------------


def test_calamine_errors_reach_the_user_in_vietnamese_only() -> None:
    unfinished = _xlsx([("S", b'<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row>')])
    with pytest.raises(InputRejected) as info:
        read_workbook(unfinished)
    assert str(info.value) == (
        "Không đọc được tệp bảng tính: tệp bị hỏng hoặc không đúng định dạng .xlsx, .xls, .ods."
    )
