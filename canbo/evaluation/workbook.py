"""The evaluation app's spreadsheets: an agency's ranking table, the products of an agency-year
(export, and the same sheet filled in for import).

The products sheet, “Sản phẩm”, has one row per product; a person is named by “Họ và tên” and “Ngày
sinh” (dd/mm/yyyy), matched to their sheet of the agency and year. With no products the export is the
empty template: the header row only — no example row, which an import would take for a product — and
a “Hướng dẫn” sheet saying what each column takes and listing the people who have a sheet.

The import is all or nothing (STYLE.md habit 6): every row is checked first and every problem reported
with its row number as Excel shows it and its column; if any row is wrong nothing is written. The file
is measured (core.spreadsheet_check) before python-calamine reads it; a formula is read as the value
Excel saved with it, never evaluated."""

import datetime as dt
import io
import logging
import unicodedata
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from typing import Any

import xlsxwriter
from django.core.exceptions import ValidationError
from django.db import transaction

from canbo.accounts.scope import user_can
from canbo.audit.services import audit_record
from canbo.core.actors import Actor
from canbo.core.dates import parse_date
from canbo.core.errors import InputRejected, NotAllowed, OutOfScope, RowError
from canbo.core.excel import Column, find_sheet, read_table, read_workbook, write_workbook
from canbo.core.scoping import visible_unit_ids
from canbo.core.text import fold
from canbo.evaluation import services
from canbo.evaluation.choices import ExcellentDecision, PeriodKind, SheetStatus
from canbo.evaluation.models import ProductType, Sheet, WorkItem
from canbo.evaluation.selectors import LEVEL_TEXT, RankingView, SheetRow
from canbo.org.models import Unit

__all__ = ["ITEM_HEADERS", "SHEET", "items_import", "items_xlsx", "ranking_xlsx"]

logger = logging.getLogger(__name__)

SHEET = "Sản phẩm"
H_NAME, H_BIRTH, H_PERIOD, H_TITLE, H_TYPE, H_WEIGHT = (
    "Họ và tên",
    "Ngày sinh",
    "Kỳ",
    "Sản phẩm, công việc",
    "Loại sản phẩm",
    "Hệ số quy đổi",
)
H_DONE, H_FAILED, H_FAILED_OK, H_LATE, H_LATE_OK, H_CONFIRMER, H_NOTE = (
    "Hoàn thành",
    "Số lần chưa đạt",
    "Chưa đạt do khách quan",
    "Số lần chậm",
    "Chậm do khách quan",
    "Người xác nhận khách quan",
    "Ghi chú",
)
ITEM_HEADERS = [
    H_NAME,
    H_BIRTH,
    H_PERIOD,
    H_TITLE,
    H_TYPE,
    H_WEIGHT,
    H_DONE,
    H_FAILED,
    H_FAILED_OK,
    H_LATE,
    H_LATE_OK,
    H_CONFIRMER,
    H_NOTE,
]
COLUMNS = [
    Column("name", H_NAME, required=True),
    Column("birth", H_BIRTH, required=True),
    Column("period", H_PERIOD, required=True),
    Column("title", H_TITLE, ("Sản phẩm",), required=True),
    Column("type", H_TYPE),
    Column("weight", H_WEIGHT, ("Hệ số",)),
    Column("done", H_DONE, required=True),
    Column("failed", H_FAILED),
    Column("failed_ok", H_FAILED_OK),
    Column("late", H_LATE),
    Column("late_ok", H_LATE_OK),
    Column("confirmer", H_CONFIRMER),
    Column("note", H_NOTE),
]
YES = {"co", "x", "1", "dat", "hoan thanh", "true"}
NO = {"khong", "0", "chua", "chua hoan thanh", "false"}
QUOTA_STATE = {"chosen": "Trong tỷ lệ", "tied": "Chờ quyết định", "demoted": "Vượt tỷ lệ"}


# --- the ranking table -------------------------------------------------------------------------------

RANKING_HEADERS = [
    "STT",
    "Họ và tên",
    "Chức vụ",
    "Nhóm",
    "Văn bản áp dụng",
    "Điểm tiêu chí chung",
    "Điểm kết quả nhiệm vụ",
    "Tổng điểm",
    "Mức theo điểm",
    "Lý do không hoàn thành",
    "Tỷ lệ xuất sắc",
    "Mức xếp loại",
]
_WIDTHS = [6, 28, 22, 22, 30, 12, 12, 10, 24, 40, 26, 28]


def quota_state(row: SheetRow) -> str:
    """Where a candidate for "xuất sắc" stands against the quota: within, beyond, or awaiting the
    competent person (a tie at the cut-off), with the decision once recorded."""
    if not row.state:
        return ""
    text = QUOTA_STATE[row.state]
    if row.sheet.excellent_decision:
        text += f" — {ExcellentDecision(row.sheet.excellent_decision).label}"
    return text


def ranking_xlsx(view: RankingView) -> bytes:
    """The agency's ranking of the year: title rows, the quota of each group, one row per person
    (figures as numbers with 2 decimals)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    title = book.add_format({"bold": True, "font_size": 14, "align": "center"})
    italic = book.add_format({"italic": True})
    header = book.add_format(
        {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "vcenter"}
    )
    text = book.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    number = book.add_format({"border": 1, "num_format": "0.00", "valign": "top"})
    integer = book.add_format({"border": 1, "valign": "top"})
    ws = book.add_worksheet("Xếp loại")
    last = len(RANKING_HEADERS) - 1
    ws.merge_range(0, 0, 0, last, f"KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG NĂM {view.year}", title)
    ws.merge_range(1, 0, 1, last, view.name, title)
    status = (
        f"Theo {view.finalised}" if view.finalised is not None else "Chưa có quyết định xếp loại (tạm tính)"
    )
    ws.write_string(2, 0, status, italic)
    line = 3
    for group, quota in view.quotas.items():
        ws.write_string(
            line,
            0,
            f"Nhóm “{view.group_names.get(group, '')}”: tốt {quota.good}, xuất sắc {quota.candidates}, "
            f"tối đa {quota.allowed} người xuất sắc",
            italic,
        )
        line += 1
    top = line + 1
    for col, (name, width) in enumerate(zip(RANKING_HEADERS, _WIDTHS, strict=True)):
        ws.write_string(top, col, name, header)
        ws.set_column(col, col, width)
    ws.freeze_panes(top + 1, 0)
    for n, row in enumerate(view.rows, start=1):
        r = top + n
        sheet, outcome = row.sheet, row.outcome
        general = float(sheet.general_points) if sheet.general_points is not None else None
        values: list[Any] = [
            n,
            sheet.person.full_name,
            sheet.post_name,
            view.group_names.get(sheet.group_id, ""),
            sheet.rule_text,
            general,
            outcome.task_points,
            outcome.score,
            row.computed_text,
            "; ".join(row.reasons_text),
            quota_state(row),
            row.level_text
            if not (sheet.status == SheetStatus.RANKED and sheet.level)
            else LEVEL_TEXT.get(sheet.level, ""),
        ]
        for col, value in enumerate(values):
            if value is None:
                ws.write_blank(r, col, None, number if 5 <= col <= 7 else text)
            elif col == 0:
                ws.write_number(r, col, value, integer)
            elif isinstance(value, float):
                ws.write_number(r, col, round(value, 2), number)
            else:
                ws.write_string(r, col, str(value), text)
    book.close()
    return buffer.getvalue()


# --- the products: export -----------------------------------------------------------------------------


def items_xlsx(view: RankingView) -> bytes:
    """The products of the agency-year (the sheets in the view), one row per product, on the sheet
    “Sản phẩm”; with none, the empty template. A “Hướng dẫn” sheet lists the people with a sheet."""
    sheets = {row.sheet.pk: row.sheet for row in view.rows}
    items = WorkItem.objects.filter(sheet_id__in=sheets).select_related("product_type").order_by("pk")
    order = {pk: n for n, pk in enumerate(sheets)}
    rows = []
    for item in sorted(items, key=lambda i: (order[i.sheet_id], i.period, i.pk)):
        person = sheets[item.sheet_id].person
        rows.append(
            [
                person.full_name,
                person.birth_date,
                item.period,
                item.title,
                item.product_type.name if item.product_type else "",
                float(item.weight),
                "Có" if item.completed else "Không",
                item.failed_reviews,
                item.excused_failed_reviews,
                item.delays,
                item.excused_delays,
                item.excuse_confirmed_by,
                item.note,
            ]
        )
    guide: list[list[Any]] = [
        [H_NAME, f"Họ và tên như trong hồ sơ của người có phiếu đánh giá năm {view.year}."],
        [H_BIRTH, "dd/mm/yyyy; cùng họ tên để tìm đúng phiếu."],
        [H_PERIOD, "Số thứ tự quý (1–4) hoặc tháng (1–12), theo kỳ theo dõi của phiếu."],
        [H_TYPE, "Tên trong danh mục sản phẩm của cơ quan (để trống nếu không có)."],
        [H_WEIGHT, "Số ≥ 0; để trống: hệ số của loại sản phẩm, hoặc 1."],
        [H_DONE, "Có / Không."],
        [f"{H_FAILED}, {H_LATE}", "Số nguyên ≥ 0."],
        [f"{H_FAILED_OK}, {H_LATE_OK}", f"Không lớn hơn số lần tương ứng; cần ghi “{H_CONFIRMER}”."],
        ["", ""],
        ["Người có phiếu", "Ngày sinh — kỳ theo dõi"],
    ]
    guide += [
        [s.person.full_name, f"{s.person.birth_date:%d/%m/%Y} — {s.get_period_kind_display().lower()}"]
        for s in sheets.values()
    ]
    return write_workbook([(SHEET, ITEM_HEADERS, rows), ("Hướng dẫn", ["Cột", "Cách ghi"], guide)])


# --- the products: import ------------------------------------------------------------------------------


def _person_key(name: str, birth: dt.date) -> tuple[str, dt.date]:
    """A name as written (NFC, case and spacing aside: "Hoa" and "Hòa" stay two names) and a birth date."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split()), birth


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _count(value: Any) -> int | None:
    """A whole number ≥ 0 (empty: 0), or None when it is not one."""
    if value is None or value == "":
        return 0
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float) and float(value).is_integer() and value >= 0:
        return int(value)
    text = _text(value)
    return int(text) if text.isdigit() else None


def _may_import(actor: Actor, unit: Unit) -> None:
    if not user_can(actor, "change"):
        raise NotAllowed("Vai trò của bạn chỉ được xem, không được ghi đánh giá, xếp loại.")
    scope = visible_unit_ids(actor, "change")
    if scope is not None and unit.pk not in scope:
        raise OutOfScope()


def items_import(*, actor: Actor, unit: Unit, year: int, data: bytes) -> int:
    """The products of the sheet “Sản phẩm” added to the agency-year's sheets (services.item_add, one
    audit record each, and one for the import): all or nothing. Returns the number created."""
    _may_import(actor, unit)
    found = find_sheet(read_workbook(data), [SHEET])
    if found is None:
        raise InputRejected.single(f"Tệp không có trang “{SHEET}” (tải mẫu nhập sản phẩm để xem cách ghi).")
    name, raw = found
    table = read_table(raw, COLUMNS, sheet=name)
    if not table:
        raise InputRejected.single(f"Trang “{name}” không có sản phẩm nào.", sheet=name)
    sheets: dict[tuple[str, dt.date], list[Sheet]] = defaultdict(list)
    for found_sheet in Sheet.objects.filter(unit=unit, year=year).select_related("person"):
        sheets[_person_key(found_sheet.person.full_name, found_sheet.person.birth_date)].append(found_sheet)
    types = {fold(t.name): t for t in ProductType.objects.filter(unit=unit)}
    errors: list[RowError] = []
    planned: list[tuple[int, Sheet, dict[str, Any]]] = []
    for row in table:
        v = row.values

        def error(message: str, column: str, *, at: int = row.number) -> None:
            errors.append(RowError(message, row=at, column=column, sheet=name))

        person_name = _text(v["name"])
        birth: dt.date | None = None
        if not person_name:
            error("Cần ghi họ và tên.", H_NAME)
        try:
            birth = parse_date(v["birth"]) if v["birth"] not in (None, "") else None
        except ValidationError as exc:
            error(exc.messages[0], H_BIRTH)
        else:
            if birth is None:
                error("Cần ghi ngày sinh (dd/mm/yyyy).", H_BIRTH)
        sheet: Sheet | None = None
        if person_name and birth is not None:
            matches = sheets.get(_person_key(person_name, birth), [])
            if not matches:
                error(
                    f"Không có phiếu đánh giá năm {year} của “{person_name}”, sinh ngày {birth:%d/%m/%Y}, "
                    "ở cơ quan này.",
                    H_NAME,
                )
            elif len(matches) > 1:
                error(f"Có {len(matches)} người cùng họ tên và ngày sinh; nhập trực tiếp trên phiếu.", H_NAME)
            else:
                sheet = matches[0]
                if sheet.status == SheetStatus.RANKED:
                    error(
                        "Phiếu đã được xếp loại theo quyết định của cơ quan; không thêm sản phẩm được.",
                        H_NAME,
                    )
        period = _count(v["period"])
        last = 12 if sheet is None or sheet.period_kind == PeriodKind.MONTH else 4
        if period is None or not 1 <= period <= last:
            kind = (
                "tháng hoặc quý"
                if sheet is None
                else f"{sheet.get_period_kind_display().lower()}: phiếu theo dõi theo "
                f"{sheet.get_period_kind_display().lower()}"
            )
            error(f"Kỳ phải là số từ 1 đến {last} ({kind}), không phải “{_text(v['period'])}”.", H_PERIOD)
        title = _text(v["title"])
        if not title:
            error("Cần ghi tên sản phẩm, công việc.", H_TITLE)
        elif len(title) > 500:
            error("Tên sản phẩm, công việc dài quá 500 ký tự.", H_TITLE)
        product_type = None
        if _text(v["type"]):
            product_type = types.get(fold(_text(v["type"])))
            if product_type is None:
                error(f"“{_text(v['type'])}” không có trong danh mục sản phẩm của cơ quan.", H_TYPE)
        weight: Decimal | None = None
        if v["weight"] not in (None, ""):
            try:
                weight = Decimal(str(v["weight"]).strip().replace(",", "."))
            except InvalidOperation:
                weight = None
                error(f"Hệ số quy đổi phải là số, không phải “{_text(v['weight'])}”.", H_WEIGHT)
            else:
                if not weight.is_finite() or weight < 0 or weight >= 10_000:
                    error("Hệ số quy đổi phải là số từ 0 (dưới 10.000).", H_WEIGHT)
                else:
                    weight = round(weight, 2)
        done = fold(_text(v["done"]))
        if v["done"] is True or done in YES:
            completed = True
        elif v["done"] is False or done in NO:
            completed = False
        else:
            completed = False
            error(f"Ghi “Có” hoặc “Không”, không phải “{_text(v['done'])}”.", H_DONE)
        numbers = {}
        for key, column in (
            ("failed", H_FAILED),
            ("failed_ok", H_FAILED_OK),
            ("late", H_LATE),
            ("late_ok", H_LATE_OK),
        ):
            numbers[key] = _count(v[key])
            if numbers[key] is None or numbers[key] > 1000:  # type: ignore[operator]
                error(f"Phải là số nguyên từ 0, không phải “{_text(v[key])}”.", column)
        failed, failed_ok, late, late_ok = (numbers[k] for k in ("failed", "failed_ok", "late", "late_ok"))
        if failed is not None and failed_ok is not None and failed_ok > failed:
            error("Số lần chưa đạt do khách quan không được lớn hơn số lần chưa đạt.", H_FAILED_OK)
        if late is not None and late_ok is not None and late_ok > late:
            error("Số lần chậm do khách quan không được lớn hơn số lần chậm.", H_LATE_OK)
        confirmer = _text(v["confirmer"])
        if (failed_ok or late_ok) and not confirmer:
            error("Cần ghi người (cấp có thẩm quyền) xác nhận nguyên nhân khách quan.", H_CONFIRMER)
        if len(confirmer) > 150:
            error("Tên người xác nhận dài quá 150 ký tự.", H_CONFIRMER)
        note = _text(v["note"])
        if len(note) > 500:
            error("Ghi chú dài quá 500 ký tự.", H_NOTE)
        if sheet is not None and not errors:
            fields: dict[str, Any] = {
                "period": period,
                "title": title,
                "product_type": product_type,
                "completed": completed,
                "failed_reviews": failed,
                "excused_failed_reviews": failed_ok,
                "delays": late,
                "excused_delays": late_ok,
                "excuse_confirmed_by": confirmer,
                "note": note,
            }
            if weight is not None:
                fields["weight"] = weight
            planned.append((row.number, sheet, fields))
    if errors:
        logger.info("evaluation items import refused: %d problems in %d rows", len(errors), len(table))
        raise InputRejected(errors)
    with transaction.atomic():
        for number, sheet, fields in planned:
            try:
                services.item_add(actor=actor, sheet=sheet, **fields)
            except InputRejected as exc:  # a check of the service's own: the row and column named
                errors += [RowError(e.message, row=number, column=e.column, sheet=name) for e in exc.errors]
        if errors:
            raise InputRejected(errors)
        audit_record(
            actor=actor,
            action="evaluation.items.import",
            obj=unit,
            after={"year": year, "items": len(planned), "sheets": len({s.pk for _n, s, _f in planned})},
        )
    return len(planned)
