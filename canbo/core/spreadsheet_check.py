"""Spreadsheets measured before they are parsed (issue 10.1).

A hostile file is refused before python-calamine sees it: wrong content for its type, too large, a zip
bomb, macros, and any sheet larger than an import can hold. The last matters because python-calamine
lays a sheet out densely from A1 to its last cell: one cell at XFD1048576 in a 5 KB file asks for 17
billion cells and the Rust allocator aborts the whole process, which no `except` catches. So every
sheet is measured the way calamine itself will read it (`_check_xlsx_sheet`, `_check_ods_content`,
`_check_xls`): a cheap pass that can only raise false alarms, and an exact one when it does.
"""

import html
import io
import logging
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator

from django.conf import settings

from canbo.core.errors import InputRejected, RowError

logger = logging.getLogger(__name__)

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
# What one import can hold. calamine allocates the rectangle from A1 to the last cell (32 bytes a
# cell, twice while it converts, then a Python list), so the area is bounded as well as each side:
# 10 million cells is about 0.6 GB at the peak, 50,000 rows of the widest template (200 columns).
MAX_ROWS = 200_000
MAX_COLUMNS = 200
MAX_CELLS = 10_000_000
# Unpacked parts of a zip file, about 20 bytes of XML a cell for MAX_CELLS cells.
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 200
MAX_MEMBERS = 10_000
MAX_SHEETS = 256
_VBA_OLE = "_VBA_PROJECT".encode("utf-16-le")
_CHUNK = 1 << 20  # compressed bytes inflated at a time


def _reject(message: str) -> InputRejected:
    return InputRejected([RowError(message)])


def _n(number: int) -> str:
    """A whole number the Vietnamese way: 1.048.576."""
    return f"{number:,}".replace(",", ".")


def _column_name(column: int) -> str:
    """The letters of a column counted from 1: 1 → A, 16384 → XFD."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def check_spreadsheet(data: bytes, *, max_bytes: int | None = None) -> str:
    """Check a spreadsheet's bytes before parsing; return its kind ('xlsx', 'xls', 'ods').

    Besides the file's own shape, every sheet is measured (declared size, every cell reference,
    repeated rows and columns) and refused beyond MAX_ROWS, MAX_COLUMNS or MAX_CELLS."""
    limit = max_bytes or settings.CANBO_MAX_UPLOAD_BYTES
    if len(data) > limit:
        raise _reject(
            f"Tệp quá lớn ({len(data) // 1024 // 1024} MB); giới hạn là {limit // 1024 // 1024} MB."
        )
    if not data:
        raise _reject("Tệp rỗng.")
    if data.startswith(OLE_MAGIC):
        if _VBA_OLE in data:
            raise _reject("Tệp có chứa macro; không nhận tệp có macro.")
        _check_xls(data)
        return "xls"
    if not data.startswith(ZIP_MAGIC):
        raise _reject("Tệp không phải bảng tính Excel (.xlsx, .xls) hoặc .ods.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise _reject("Tệp bị hỏng: không mở được như một bảng tính.") from None
    if len(members) > MAX_MEMBERS:
        raise _reject("Tệp có cấu trúc bất thường (quá nhiều thành phần); không nhận.")
    total = 0
    for member in members:
        total += member.file_size
        if member.compress_size and member.file_size / member.compress_size > MAX_RATIO:
            raise _reject("Tệp bị nén bất thường (nghi “bom nén”); không nhận.")
    if total > MAX_UNCOMPRESSED:
        raise _reject("Tệp giải nén quá lớn (nghi “bom nén”); không nhận.")
    names = {m.filename for m in members}
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise _reject("Tệp có chứa macro; không nhận tệp có macro.")
    if any(n.lower() == "xl/workbook.bin" for n in names):
        raise _reject("Không nhận tệp .xlsb; xin lưu lại thành .xlsx rồi tải lên.")
    kind = None
    if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
        kind = "xlsx"
    elif "mimetype" in names:
        if archive.read("mimetype").strip() == b"application/vnd.oasis.opendocument.spreadsheet":
            kind = "ods"
    if kind is None:
        raise _reject("Tệp không phải bảng tính Excel (.xlsx, .xls) hoặc .ods.")
    # calamine tries .xlsx, then .ods, whatever the file says it is: every part either could read
    # is measured, and every part's real unpacked size is checked against the size it declares.
    _check_zip_parts(data, members)
    return kind


# --- Measuring sheets before calamine reads them ------------------------------------------------


def _extent_error(sheet: str, rows: int, columns: int, *, declared: bool) -> InputRejected | None:
    """The refusal of a sheet reaching row `rows` and column `columns` (both from 1), if too big."""
    where = f"Trang tính “{sheet}”"
    if rows > MAX_ROWS:
        what = f"khai báo {_n(rows)} dòng" if declared else f"có dữ liệu đến dòng {_n(rows)}"
        return _reject(f"{where} {what}; tệp nhập chỉ được tối đa {_n(MAX_ROWS)} dòng.")
    if columns > MAX_COLUMNS:
        what = f"khai báo {_n(columns)} cột" if declared else f"có dữ liệu đến cột {_n(columns)}"
        return _reject(f"{where} {what}; tệp nhập chỉ được tối đa {_n(MAX_COLUMNS)} cột.")
    if rows * columns > MAX_CELLS:
        what = "khai báo vùng" if declared else "có dữ liệu trải trên"
        return _reject(
            f"{where} {what} {_n(rows)} dòng × {_n(columns)} cột ({_n(rows * columns)} ô); "
            f"tệp nhập chỉ được tối đa {_n(MAX_CELLS)} ô."
        )
    return None


def _cell_error(sheet: str, row: int, column: int, written: bytes = b"") -> InputRejected | None:
    if row <= MAX_ROWS and column <= MAX_COLUMNS:
        return None
    if column < 10**6 and row < _HUGE:
        name = f"{_column_name(column)}{row}"
    else:
        name = written[:24].decode("ascii", "replace").upper() or "rất xa"
    return _reject(
        f"Trang tính “{sheet}” có ô {name} nằm ngoài giới hạn của tệp nhập "
        f"(tối đa {_n(MAX_ROWS)} dòng, {_n(MAX_COLUMNS)} cột)."
    )


def _structure_error(sheet: str) -> InputRejected:
    return _reject(f"Trang tính “{sheet}” có cấu trúc bất thường; không nhận tệp này.")


_BROKEN = "Tệp bị hỏng: không mở được như một bảng tính."
_HUGE = 10**12  # stands for any number too long to matter


def _number(digits: bytes) -> int:
    return int(digits) if len(digits) <= 12 else _HUGE


# A cell reference as calamine reads it: letters (either case), then a row from 1.
_REFERENCE = re.compile(rb"([A-Za-z]*)([0-9]+)")


def _reference(value: bytes) -> tuple[int, int] | None:
    """(row, column) from 1 of a reference such as b'XFD1048576'; column 0 when it has no
    letters; None when calamine would refuse it."""
    found = _REFERENCE.fullmatch(value)
    if found is None:
        return None
    letters, digits = found.groups()
    row = _number(digits)
    if row == 0:
        return None
    column = 0
    for letter in letters.upper()[:12]:
        column = column * 26 + letter - 64
    return row, (column if len(letters) <= 12 else _HUGE)


def _inflate(data: bytes, member: zipfile.ZipInfo) -> Iterator[bytes]:
    """A zip member's content, a chunk at a time, as calamine's zip reader sees it: the whole
    compressed stream, whatever size the member declares (which must then be its real size)."""
    header = data[member.header_offset : member.header_offset + 30]
    if len(header) < 30 or not header.startswith(ZIP_MAGIC) or member.flag_bits & 0x1:
        raise _reject(_BROKEN)
    start = member.header_offset + 30 + int.from_bytes(header[26:28], "little")
    start += int.from_bytes(header[28:30], "little")
    packed = memoryview(data)[start : start + member.compress_size]
    size = 0
    if member.compress_type == zipfile.ZIP_STORED:
        for offset in range(0, len(packed), _CHUNK):
            stored = bytes(packed[offset : offset + _CHUNK])
            size += len(stored)
            yield stored
    elif member.compress_type == zipfile.ZIP_DEFLATED:
        inflater = zlib.decompressobj(-15)
        try:
            for offset in range(0, len(packed), _CHUNK):
                pending: bytes | memoryview = packed[offset : offset + _CHUNK]
                while pending:
                    chunk = inflater.decompress(pending, 4 * _CHUNK)
                    pending = inflater.unconsumed_tail
                    size += len(chunk)
                    if size > MAX_UNCOMPRESSED:
                        raise _reject("Tệp giải nén quá lớn (nghi “bom nén”); không nhận.")
                    yield chunk
            rest = inflater.flush()
        except zlib.error:
            raise _reject(_BROKEN) from None
        size += len(rest)
        yield rest
    else:
        raise _reject(_BROKEN)
    if size != member.file_size:
        raise _reject("Tệp bị nén bất thường (kích thước khai báo sai); không nhận.")


def _check_zip_parts(data: bytes, members: list[zipfile.ZipInfo]) -> None:
    by_name: dict[str, list[zipfile.ZipInfo]] = {}
    for member in members:
        by_name.setdefault(member.filename.lower(), []).append(member)
    sheets = _xlsx_sheet_parts(data, by_name)
    for member in members:
        name = member.filename.lower()
        if name in sheets or "worksheets/" in name:
            _check_xlsx_sheet(data, member, sheets.get(name, member.filename))
        elif name == "content.xml":
            _check_ods_content(b"".join(_inflate(data, member)))
        elif _mentions_sheet_data(_inflate(data, member)):
            # Not a sheet by the workbook's account; calamine would still read it as one, were
            # its paths resolved differently from ours: measured all the same.
            _check_xlsx_sheet(data, member, member.filename)


def _mentions_sheet_data(chunks: Iterator[bytes]) -> bool:
    """Whether the bytes “sheetData” occur (a part without them holds no cell calamine reads)."""
    tail = b""
    for chunk in chunks:
        if b"sheetData" in tail + chunk[:8] or b"sheetData" in chunk:
            return True
        tail = chunk[-8:]
    return False


# Attributes as quick-xml reads them: a name, "=", a value in either quotes, spaces allowed.
_ATTRIBUTE = re.compile(rb"([^\s=\"'/>]+)[ \t\r\n]*=[ \t\r\n]*(?:\"([^\"]*)\"|'([^']*)')")


def _attributes(text: bytes, key: bytes) -> list[bytes]:
    return [a or b for k, a, b in _ATTRIBUTE.findall(text) if k == key]


def _xlsx_sheet_parts(data: bytes, by_name: dict[str, list[zipfile.ZipInfo]]) -> dict[str, str]:
    """Zip member names (lower case) of the workbook's sheets, with the sheets' names.

    calamine finds a sheet from workbook.xml through xl/_rels/workbook.xml.rels; a target is taken
    as it is written (“/x” is “x”, anything else is under “xl/”) and matched without regard to case,
    here with and without its XML escapes. A part this misses is still measured if it holds
    “sheetData” (`_check_zip_parts`): the names only make the messages readable."""
    targets: dict[str, list[bytes]] = {}
    for rels in by_name.get("xl/_rels/workbook.xml.rels", []):
        text = b"".join(_inflate(data, rels))
        for tag in re.findall(rb"<[^<>]*\bTarget[^<>]*>", text):
            for ident in _attributes(tag, b"Id") or [b""]:
                targets.setdefault(ident.decode("utf-8", "replace"), []).extend(_attributes(tag, b"Target"))
    parts: dict[str, str] = {}
    for book in by_name.get("xl/workbook.xml", []):
        text = b"".join(_inflate(data, book))
        for tag in re.findall(rb"<(?:[^\s<>/:]+:)?sheet[\s/][^<>]*>", text):
            name = html.unescape(next(iter(_attributes(tag, b"name")), b"").decode("utf-8", "replace"))
            for key in _attributes(tag, b"r:id") + _attributes(tag, b"relationships:id"):
                for raw in targets.get(key.decode("utf-8", "replace"), []):
                    written = raw.decode("utf-8", "replace")
                    for target in {written, html.unescape(written)}:
                        path = target[1:] if target.startswith("/") else "xl/" + target
                        parts.setdefault(path.lower(), name or path)
    return parts


# The cheap pass over a worksheet's XML: it may raise a false alarm, never miss. A sheet whose every
# cell tag is `<c r="…"` (no cell then takes its place from a running count), with no cell tag under
# a namespace prefix, and whose every attribute named r, in any spelling (quotes, spaces, after any
# separator), is a plain reference within A1:AX199999, reaches at most 50 columns × 199,999 rows,
# under every limit. xlsxwriter, Excel, LibreOffice and openpyxl write such sheets; any other is read
# exactly by `_xlsx_exact`. Three regexes with literal prefixes, over the whole part in 1 MB pieces.
_SMALL_REFERENCE = rb"(?:A[A-X]|[A-Z])?(?:1[0-9]{5}|[0-9]{1,5})\""
_CHEAP = (
    re.compile(rb"<c(?=[ \t\r\n/>])(?! r=\")"),
    re.compile(rb":c(?=[ \t\r\n/>])"),
    re.compile(rb"r(?<![\w:.\-]r)(?:=\"(?!" + _SMALL_REFERENCE + rb")|[ \t\r\n]|=[^\"])"),
)
_OVERLAP = 64  # longer than any match the cheap pass needs to see whole
_DIMENSION = re.compile(rb"<(?:[^\s<>/:]+:)?dimension[ \t\r\n/>]((?:[^<>\"']|\"[^\"]*\"|'[^']*')*)")


def _check_xlsx_sheet(data: bytes, member: zipfile.ZipInfo, sheet: str) -> None:
    head: bytes | None = b""
    flagged = False
    buffer = b""
    start = 0  # where the search starts in buffer: after the context kept for lookbehinds
    for chunk in _inflate(data, member):
        if head is not None:  # the part before <sheetData>, where calamine reads the dimension
            head += chunk
            if b"sheetData" in head or len(head) > 4 * _CHUNK:
                _check_dimension(head[: head.find(b"sheetData") % (len(head) + 1)], sheet)
                head = None
        buffer += chunk
        if len(buffer) <= 2 * _OVERLAP:
            continue
        limit = len(buffer) - _OVERLAP
        if any((m := p.search(buffer, start)) and m.start() < limit for p in _CHEAP):
            flagged = True
            break
        buffer, start = buffer[limit - 16 :], 16
    else:
        if head is not None:
            _check_dimension(head, sheet)
        flagged = any(p.search(buffer, start) for p in _CHEAP)
    if flagged:
        logger.info("worksheet %s needs the exact reading", member.filename)
        _xlsx_exact(b"".join(_inflate(data, member)), sheet)


def _check_dimension(head: bytes, sheet: str) -> None:
    for found in _DIMENSION.finditer(head):
        for value in _attributes(found.group(1), b"ref"):
            corners = [_reference(part) for part in value.split(b":")]
            if None in corners:
                continue  # calamine refuses the sheet itself
            rows = max(c[0] for c in corners if c)
            columns = max(c[1] for c in corners if c)
            if error := _extent_error(sheet, rows, columns, declared=True):
                logger.warning("refused a worksheet declaring %s rows × %s columns", rows, columns)
                raise error


# Markup as quick-xml splits it: comments, CDATA and processing instructions are skipped, other
# “<!” declarations (DTDs) are refused; a tag's end is its first “>” outside quotes.
_TOKEN = re.compile(
    rb"<(?:!--.*?-->|!\[CDATA\[.*?\]\]>|\?.*?\?>|(!)|(/?)([^\s/>]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>)",
    re.S,
)


def _tags(xml: bytes, sheet: str) -> Iterator[tuple[bool, bytes, bytes, bool]]:
    """(closing, name, attributes, self-closing) of each tag. A “<” that opens nothing quick-xml
    can finish is refused (quick-xml would stop there; we stop scanning in linear time)."""
    position = xml.find(b"<")
    while position >= 0:
        token = _TOKEN.match(xml, position)
        if token is None:
            raise _reject(_BROKEN)
        declaration, closing, name, rest = token.groups()
        if declaration:
            raise _structure_error(sheet)
        if name is not None:
            if closing:
                yield True, (name + rest).rstrip(b" \t\r\n"), b"", False
            else:
                yield False, name, rest, rest.endswith(b"/")
        position = xml.find(b"<", token.end())


def _local(name: bytes) -> bytes:
    """A tag's name without its namespace prefix (quick-xml cuts at the first colon)."""
    return name.partition(b":")[2] if b":" in name else name


def _xlsx_exact(xml: bytes, sheet: str) -> None:
    """Follow calamine's reading of a worksheet (xlsx/cells_reader.rs): inside <sheetData>, a
    cell's position is its last `r` attribute, or else the running row and column (a row's `r`
    sets the row, its end moves to the next row at column A, each cell moves one column on).
    Every reference met is checked, and the rectangle from A1 to the farthest cell. A cell must
    close before anything else that counts opens (so the running position cannot drift from
    calamine's), or the sheet is refused as malformed."""
    started = False
    row = column = 0  # calamine's running position, from 0
    cell_column = 0
    inner: list[bytes] | None = None  # elements open inside the current cell
    rows = columns = 0  # the farthest cell, from 1
    for closing, name, rest, empty in _tags(xml, sheet):
        local = _local(name)
        if not started:
            if not closing and local == b"dimension":
                _check_dimension(b"<dimension " + rest + b">", sheet)
            started = not closing and local == b"sheetData"
            if started and empty:
                return
            continue
        if inner is not None:  # inside a cell
            if closing and local == b"c" and not inner:
                inner = None
                column = cell_column + 1
            elif local in (b"c", b"row", b"sheetData"):
                raise _structure_error(sheet)
            elif closing:
                if not inner or inner.pop() != name:
                    raise _structure_error(sheet)
            elif not empty:
                inner.append(name)
            continue
        if closing:
            if local == b"row":
                row, column = row + 1, 0
            elif local == b"sheetData":
                break
            elif local == b"c":
                raise _structure_error(sheet)
            continue
        if local == b"row":
            numbers = []
            for value in _attributes(rest, b"r"):
                found = _reference(value)
                if found is None:
                    raise _reject(_BROKEN)
                if found[0] > MAX_ROWS:
                    raise _reject(
                        f"Trang tính “{sheet}” có dòng {_n(found[0])} nằm ngoài giới hạn của tệp "
                        f"nhập (tối đa {_n(MAX_ROWS)} dòng)."
                    )
                numbers.append(found[0])
            if numbers:
                row = numbers[0] - 1  # calamine takes a row's first r
            if empty:
                row, column = row + 1, 0
        elif local == b"c":
            position = None
            for value in _attributes(rest, b"r"):
                found = _reference(value)
                if found is None or found[1] == 0:
                    raise _reject(_BROKEN)
                if error := _cell_error(sheet, *found, written=value):
                    raise error
                position = (found[0] - 1, found[1] - 1)  # and a cell its last
            at_row, at_column = position or (row, column)
            if error := _cell_error(sheet, at_row + 1, at_column + 1):
                raise error
            rows, columns = max(rows, at_row + 1), max(columns, at_column + 1)
            if empty:
                column = at_column + 1
            else:
                inner, cell_column = [], at_column
    if error := _extent_error(sheet, rows, columns, declared=False):
        raise error


# --- .ods: content.xml, as calamine's ods.rs reads it -------------------------------------------

_TABLE = b"table:table"
_ROW = b"table:table-row"
_CELLS = (b"table:table-cell", b"table:covered-table-cell")
_ODS_VALUES = {
    b"value",
    b"string-value",
    b"date-value",
    b"time-value",
    b"boolean-value",
    b"value-type",
    b"formula",
}


def _repeat(text: bytes, key: bytes) -> int:
    """The largest count a repeat attribute gives (calamine reads the first: the largest is safe)."""
    counts = [1]
    for value in _attributes(text, key):
        found = re.fullmatch(rb"\+?([0-9]+)", html.unescape(value.decode("latin-1")).encode("latin-1"))
        if found is None:
            raise _reject(_BROKEN)
        counts.append(_number(found.group(1)))
    return max(counts)


def _check_ods_content(xml: bytes) -> None:
    """Follow calamine's reading of content.xml: a cell repeated n times is n cells, except empty
    ones at the end of a row; a row repeated n times is n rows, except empty ones at the end of a
    table; a table spans from A1 to its last non-empty cell. Real files end each row and table with
    large repeats of empty cells and rows, which take no room. Counts are taken unclamped and every
    attribute that may give a cell a value makes it non-empty, so nothing is underestimated."""
    sheet = ""
    in_table = in_row = False
    cell: bytes | None = None  # the open cell
    next_row = rows = columns = stored = 0  # the table's: rows so far, extent, cells kept
    repeat = width = pending = last = 0  # the row's: repeat, cells kept, empty run, last value
    for closing, name, rest, empty in _tags(xml, sheet):
        if cell is not None:
            if closing and name == cell:
                cell = None
            elif name in (_TABLE, _ROW, *_CELLS):
                raise _structure_error(sheet)
            continue
        if name == _TABLE:
            if in_row or (in_table and not closing):
                raise _structure_error(sheet)
            in_table = not closing and not empty
            if in_table:
                names = _attributes(rest, b"table:name")
                sheet = html.unescape(names[0].decode("utf-8", "replace")) if names else ""
                next_row = rows = columns = stored = 0
        elif not in_table:
            continue
        elif name == _ROW:
            if closing != in_row:  # a row inside a row, or the end of none
                raise _structure_error(sheet)
            if not closing:
                repeat = _repeat(rest, b"table:number-rows-repeated")
                width = pending = last = 0
                in_row = True
            if closing or empty:
                in_row = False
                stored += width  # calamine keeps each row's cells once, repeats aside
                if last:
                    rows, columns = next_row + repeat, max(columns, last)
                next_row += repeat
                error = _extent_error(sheet, rows, columns, declared=False)
                if error is None and stored > MAX_CELLS:
                    error = _reject(
                        f"Trang tính “{sheet}” có quá nhiều ô (kể cả ô lặp lại); tệp nhập chỉ được "
                        f"tối đa {_n(MAX_CELLS)} ô."
                    )
                if error:
                    logger.warning("refused an .ods table of %s rows × %s columns", rows, columns)
                    raise error
        elif name in _CELLS and in_row and not closing:
            count = _repeat(rest, b"table:number-columns-repeated")
            valued = any(_local(k) in _ODS_VALUES for k, _, _ in _ATTRIBUTE.findall(rest))
            width, pending = width + pending, 0
            if valued:
                width += count
                last = width
            else:
                pending = count
            if not empty:
                cell = name


# --- .xls: the Workbook stream of an OLE compound file, as calamine's cfb.rs and xls.rs read it --

_END_OF_CHAIN = 0xFFFFFFFE
_SPECIAL = 0xFFFFFFFA  # sector numbers from here on are markers


def _check_xls(data: bytes) -> None:
    """Refuse an .xls whose compound-file structure makes calamine reserve memory for sizes the
    file cannot hold (stream lengths, sector counts, chains that loop or leave the file), or whose
    sheets declare (DIMENSIONS) or place cells beyond the limits. calamine reads a cell's column
    as 16 bits, so a lying file reaches 65,536 × 65,536 cells."""
    stream = _ole_workbook(data)
    _check_biff(stream)


def _ole_workbook(data: bytes) -> bytes:
    """The Workbook (or, before Excel 97, Book) stream, after checking everything calamine reads
    on the way to it."""
    if len(data) < 512 or int.from_bytes(data[32:34], "little") != 6:
        raise _reject(_BROKEN)
    shift = int.from_bytes(data[30:32], "little")
    if shift not in (9, 12):
        raise _reject(_BROKEN)
    size = 1 << shift
    sectors = (len(data) - size + size - 1) // size
    dir_len, fat_len, dir_start = struct.unpack_from("<3I", data, 40)
    mini_start, mini_len, difat_start, difat_len = struct.unpack_from("<4I", data, 60)
    if max(dir_len, fat_len, mini_len, difat_len) > sectors:
        raise _reject(_BROKEN)

    def sector(number: int) -> bytes:
        if number >= sectors:
            raise _reject(_BROKEN)
        return data[(number + 1) * size : (number + 2) * size]

    def words(block: bytes) -> list[int]:
        return list(struct.unpack(f"<{len(block) // 4}I", block[: len(block) // 4 * 4]))

    difat = words(data[76:512])
    seen: set[int] = set()
    number = difat_start
    while number < _SPECIAL:
        if number in seen:
            raise _reject(_BROKEN)
        seen.add(number)
        pointers = words(sector(number))
        difat += pointers[:-1]
        number = pointers[-1]
    fat: list[int] = []
    for number in difat:
        if number < 0xFFFFFFFC:
            fat += words(sector(number))

    def chain(start: int, table: list[int], count: int) -> list[int]:
        numbers: list[int] = []
        number = start
        while number != _END_OF_CHAIN:
            if number >= min(len(table), count) or len(numbers) >= count:
                raise _reject(_BROKEN)
            numbers.append(number)
            number = table[number]
        return numbers

    directory = b"".join(sector(n) for n in chain(dir_start, fat, sectors))
    entries = []
    for offset in range(0, len(directory) - 127, 128):
        entry = directory[offset : offset + 128]
        name_len = min(int.from_bytes(entry[64:66], "little"), 64)
        name = entry[:name_len].decode("utf-16-le", "replace").split("\0")[0]
        start = int.from_bytes(entry[116:120], "little")
        length = int.from_bytes(entry[120 : 124 if size == 512 else 128], "little")
        if length > len(data):
            raise _reject(_BROKEN)
        entries.append((name, start, length))
    if not entries:
        raise _reject(_BROKEN)
    streams = {name: (start, length) for name, start, length in reversed(entries)}
    found = streams.get("Workbook") or streams.get("Book")
    if found is None:
        if "EncryptedPackage" in streams:
            raise _reject("Tệp có đặt mật khẩu; xin bỏ mật khẩu rồi tải lên lại.")
        raise _reject("Tệp .xls không có dữ liệu bảng tính.")
    start, length = found
    if length >= 4096:
        return b"".join(sector(n) for n in chain(start, fat, sectors))[:length]
    root_start, root_length = entries[0][1], entries[0][2]
    mini_stream = b"".join(sector(n) for n in chain(root_start, fat, sectors))[:root_length]
    mini_fat: list[int] = []
    for number in chain(mini_start, fat, sectors) if mini_len else []:
        mini_fat += words(sector(number))
    pieces = chain(start, mini_fat, len(mini_stream) // 64)
    return b"".join(mini_stream[n * 64 : n * 64 + 64] for n in pieces)[:length]


def _biff_records(stream: bytes, offset: int) -> Iterator[tuple[int, bytes]]:
    """(type, data) of each record from `offset` to the end-of-substream record."""
    while offset + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, offset)
        data = stream[offset + 4 : offset + 4 + length]
        if len(data) < length:
            return
        yield kind, data
        if kind == 0x000A:  # EOF
            return
        offset += 4 + length


_CELL_RECORDS = {0x0203, 0x0204, 0x0205, 0x027E, 0x00FD, 0x0006}  # NUMBER … FORMULA


def _check_biff(stream: bytes) -> None:
    sheets: dict[int, str] = {}
    for kind, record in _biff_records(stream, 0):
        if kind == 0x0085 and len(record) >= 8:  # BOUNDSHEET: where a sheet starts, its name
            name = record[8 : 8 + (record[6] * 2 if record[7] & 1 else record[6])]
            text = name.decode("utf-16-le" if record[7] & 1 else "latin-1", "replace")
            sheets.setdefault(int.from_bytes(record[:4], "little"), text)
        elif kind == 0x00FC and len(record) >= 8:  # SST: calamine reserves its string count
            count = int.from_bytes(record[4:8], "little", signed=True)
            if not 0 <= count <= len(stream) // 3:
                raise _reject(_BROKEN)
    if len(sheets) > MAX_SHEETS:
        raise _reject("Tệp có cấu trúc bất thường (quá nhiều trang tính); không nhận.")
    for offset, sheet in sheets.items():
        if offset > len(stream):
            raise _reject(_BROKEN)
        rows = columns = 0
        for kind, record in _biff_records(stream, offset):
            cells: list[tuple[int, int]] = []
            if kind == 0x0200 and len(record) in (10, 14):  # DIMENSIONS: calamine reserves it
                if len(record) == 10:
                    first_row, last_row, first_col, last_col = struct.unpack_from("<4H", record)
                else:
                    first_row, last_row, first_col, last_col = struct.unpack_from("<IIHH", record)
                if last_row and last_col:
                    if first_row >= last_row or first_col >= last_col:
                        raise _structure_error(sheet)
                    if error := _extent_error(sheet, last_row, last_col, declared=True):
                        raise error
            elif kind in _CELL_RECORDS and len(record) >= 4:
                cells.append(struct.unpack_from("<HH", record))
            elif kind == 0x00BD and len(record) >= 6:  # MULRK: a run of cells in one row
                row, first = struct.unpack_from("<HH", record)
                last = max(int.from_bytes(record[-2:], "little"), first + (len(record) - 6) // 6 - 1)
                cells += [(row, first), (row, last)]
            for row, column in cells:
                if error := _cell_error(sheet, row + 1, column + 1):
                    raise error
                rows, columns = max(rows, row + 1), max(columns, column + 1)
        if error := _extent_error(sheet, rows, columns, declared=False):
            raise error


def spreadsheet_kind(data: bytes) -> str:
    """The kind of a spreadsheet already checked by check_spreadsheet ('xls', 'ods' or 'xlsx'), from its
    first bytes and its parts' names only: to name a kept file by what it is."""
    if data.startswith(OLE_MAGIC):
        return "xls"
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError):
        return "xlsx"
    return "ods" if "mimetype" in names and "xl/workbook.xml" not in names else "xlsx"
