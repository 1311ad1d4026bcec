"""Excel in and out. Reading goes through python-calamine after the file has been measured
(core.spreadsheet_check: no sheet larger than an import can hold reaches calamine). Headers are matched
without regard to case or diacritics.
"""

import datetime as dt
import io
import logging
import operator
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import xlsxwriter
from python_calamine import CalamineWorkbook

from canbo.core.errors import InputRejected, RowError
from canbo.core.spreadsheet_check import check_spreadsheet
from canbo.core.text import fold

logger = logging.getLogger(__name__)

__all__ = ["check_spreadsheet"]


def _reject(message: str) -> InputRejected:
    return InputRejected([RowError(message)])


def read_workbook(data: bytes) -> dict[str, list[list[Any]]]:
    """All sheets of a checked spreadsheet, as lists of rows of Python values."""
    kind = check_spreadsheet(data)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        return {
            name: workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
            for name in workbook.sheet_names
        }
    except Exception as exc:  # calamine raises several types for broken files
        failure: BaseException = exc
    except BaseException as exc:  # a Rust panic arrives as pyo3's PanicException
        if type(exc).__name__ != "PanicException":
            raise
        failure = exc
    # The library's text is English and may quote the file's content: the log keeps its kind only.
    logger.warning(
        "calamine could not read a checked %s file: %s: %s",
        kind,
        type(failure).__name__,
        re.sub(r"'[^']*'|\"[^\"]*\"", "'…'", str(failure))[:200],
    )
    raise _reject(
        "Không đọc được tệp bảng tính: tệp bị hỏng hoặc không đúng định dạng .xlsx, .xls, .ods."
    ) from None


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = False


@dataclass(frozen=True)
class Row:
    number: int  # the row number the user sees in Excel
    values: dict[str, Any]


def find_sheet(
    sheets: dict[str, list[list[Any]]], names: Sequence[str]
) -> tuple[str, list[list[Any]]] | None:
    wanted = {fold(n) for n in names}
    for name, rows in sheets.items():
        if fold(name) in wanted:
            return name, rows
    return None


def _find_header(
    rows: list[list[Any]], columns: Sequence[Column], sheet: str
) -> tuple[int, dict[int, Column]]:
    """The header row (the first of the first 20 that names a column) and the column at each
    position. Missing required columns raise InputRejected naming them."""
    lookup: dict[str, Column] = {}
    for column in columns:
        for name in (column.header, *column.aliases):
            lookup[fold(name)] = column
    header_index = None
    positions: dict[int, Column] = {}
    for index, row in enumerate(rows[:20]):
        found = {i: lookup[fold(v)] for i, v in enumerate(row) if fold(v) in lookup}
        if found:
            header_index, positions = index, found
            break
    present = {c.key for c in positions.values()}
    missing = [c.header for c in columns if c.required and c.key not in present]
    if header_index is None or missing:
        names = ", ".join(f"“{m}”" for m in (missing or [c.header for c in columns if c.required]))
        raise InputRejected(
            [RowError(f"Thiếu cột bắt buộc: {names}.", row=(header_index or 0) + 1, sheet=sheet)]
        )
    return header_index, positions


@dataclass(frozen=True)
class Columns:
    """A sheet's table column by column: the Excel row number of each non-empty row, and the values
    of each column found in those rows (cleaned by `cell`, unless read with clean=False)."""

    numbers: list[int]
    values: dict[str, Sequence[Any]]

    def get(self, key: str) -> Sequence[Any]:
        """The column's values, or None for every row when the file has no such column."""
        found = self.values.get(key)
        return found if found is not None else [None] * len(self.numbers)


def cell(value: Any) -> Any:
    """A cell as readers take it: text stripped, empty text None, other values unchanged."""
    return (value.strip() or None) if value.__class__ is str else value


def _clean(values: Sequence[Any]) -> list[Any]:
    """`cell` of every value, each distinct text once (a column repeats its values); other values
    unchanged (a text never equals a number, so `get(v, v)` keeps them)."""
    texts = {v: v.strip() or None for v in set(values) if v.__class__ is str}
    return list(map(texts.get, values, values))


def read_columns(
    rows: list[list[Any]], columns: Sequence[Column], *, sheet: str = "", clean: bool = True
) -> Columns:
    """Map a sheet's rows to columns by header (see _find_header); empty rows are skipped. Column by
    column rather than row by row: a file of 50,000 rows is read without a Python object per row.
    With clean=False the values are left as the file gives them, for a reader that looks at each
    distinct value once anyway (it applies `cell` itself)."""
    header_index, found = _find_header(rows, columns, sheet)
    # A column named twice (“Mã đơn vị” and “Đơn vị”): the one further right is read, as before.
    last = {column.key: i for i, column in sorted(found.items())}
    positions = {i: found[i] for i in sorted(last.values())}
    body = rows[header_index + 1 :]
    width = max(positions) + 1
    if any(len(row) < width for row in body):
        body = [list(row) + [None] * (width - len(row)) for row in body]
    keys = [column.key for column in positions.values()]
    # The rows turned into columns; only the template's columns when the sheet is much wider (a
    # hostile file may be), all of them at once otherwise (quicker).
    wanted = list(positions)
    if not body:
        picked: list[Sequence[Any]] = [() for _ in wanted]
    elif len(wanted) == 1:
        picked = [tuple(row[wanted[0]] for row in body)]
    elif max(map(len, body)) <= 2 * len(wanted):
        transposed = list(zip(*body, strict=False))  # every row is at least `width` long
        picked = [transposed[i] for i in wanted]
    else:
        picked = list(zip(*map(operator.itemgetter(*wanted), body), strict=True))
    if clean:
        picked = [_clean(values) for values in picked]
    # An empty row has every cell empty, its first one included: only those rows are looked at.
    blank = {v for v in set(picked[0]) if cell(v) is None}
    empty = {
        i
        for i, value in enumerate(picked[0])
        if value in blank and all(cell(values[i]) is None for values in picked)
    }
    keep = [i for i in range(len(body)) if i not in empty] if empty else range(len(body))
    if empty:
        picked = [[values[i] for i in keep] for values in picked]
    first = header_index + 2  # Excel numbers rows from 1, and the header is one of them
    return Columns([first + i for i in keep], dict(zip(keys, picked, strict=True)))


def read_table(rows: list[list[Any]], columns: Sequence[Column], *, sheet: str = "") -> list[Row]:
    """Map a sheet's rows to dicts by header (read_columns, a dict per row)."""
    table = read_columns(rows, columns, sheet=sheet)
    keys = list(table.values)
    return [
        Row(number, dict(zip(keys, values, strict=True)))
        for number, values in zip(table.numbers, zip(*table.values.values(), strict=True), strict=True)
    ]


def write_workbook(sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]) -> bytes:
    """An .xlsx with one sheet per (name, headers, rows); dates written dd/mm/yyyy."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    for name, headers, rows in sheets:
        ws = book.add_worksheet(name[:31])
        for col, header in enumerate(headers):
            ws.write_string(0, col, header, bold)
            ws.set_column(col, col, max(12, min(45, len(header) + 4)))
        ws.freeze_panes(1, 0)
        for r, row in enumerate(rows, start=1):
            for col, value in enumerate(row):
                if isinstance(value, dt.date):
                    ws.write_datetime(r, col, dt.datetime.combine(value, dt.time()), date_format)
                elif value is None:
                    continue
                elif isinstance(value, int | float) and not isinstance(value, bool):
                    ws.write_number(r, col, value)
                else:
                    ws.write_string(r, col, str(value))
    book.close()
    return buffer.getvalue()


def errors_workbook(errors: Sequence[RowError]) -> bytes:
    """The list of errors of a rejected import, as Excel, for the user to download."""
    return write_workbook(
        [
            (
                "Lỗi",
                ["Trang", "Dòng", "Cột", "Lỗi"],
                [(e.sheet, e.row, e.column, e.message) for e in errors],
            )
        ]
    )
