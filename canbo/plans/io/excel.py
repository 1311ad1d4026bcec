"""Another plan from an Excel file shaped like the plan's appendix, and the template for it."""

import datetime as dt
from typing import Any

from canbo.core.errors import InputRejected
from canbo.core.excel import Column, read_table, read_workbook, write_workbook
from canbo.core.text import fold
from canbo.plans.choices import ProductKind
from canbo.plans.spec import H_COOP, H_DEADLINE, H_LEAD, H_NO, H_NOTES, H_PRODUCT, H_TASK, PlanSpec, TaskRow

COLUMNS = [
    Column("no", H_NO, ("STT", "Số thứ tự", "TT"), required=True),
    Column("task", H_TASK, ("Nhiệm vụ",), required=True),
    Column("lead", H_LEAD, ("Cơ quan chủ trì, tham mưu thực hiện", "Chủ trì"), required=True),
    Column("coop", H_COOP, ("Phối hợp",)),
    Column("product", H_PRODUCT),
    Column("deadline", H_DEADLINE, ("Thời hạn", "Thời gian"), required=True),
    Column("notes", H_NOTES),
]
SHEET = "Nhiệm vụ"
ALL_AGENCIES = {fold(t) for t in ("Các cơ quan, đơn vị, địa phương", "Các Sở, ngành, địa phương", "Tất cả")}
PRODUCT_WORDS = [
    ("nghi quyet", ProductKind.NQ_HDND),
    ("quyet dinh", ProductKind.QD_UBND),
    ("ke hoach", ProductKind.KH_UBND),
    ("thong bao", ProductKind.THONG_BAO),
    ("bao cao", ProductKind.BAO_CAO),
]


def product_kinds(text: str) -> list[str]:
    """The typed products a product description names, in order ("Nghị quyết … và Quyết định …")."""
    folded = fold(text)
    found = sorted((folded.find(word), kind) for word, kind in PRODUCT_WORDS if word in folded)
    kinds = [str(kind) for _, kind in found]
    return kinds or ([str(ProductKind.KHAC)] if text.strip() else [])


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def plan_from_excel(
    data: bytes, *, code: str, title: str, issuer: str, period_from: int, period_to: int, starts_on: dt.date
) -> PlanSpec:
    sheets = read_workbook(data)
    name, rows = next(iter(sheets.items())) if sheets else (SHEET, [])
    table = read_table(rows, COLUMNS, sheet=name)
    tasks = []
    for row in table:
        v = row.values
        lead = _text(v.get("lead"))
        every = fold(lead) in ALL_AGENCIES
        number = _text(v.get("no"))
        tasks.append(
            TaskRow(
                code=f"PL.{number}" if number else "",
                section="PL",
                title=_text(v.get("task"))[:300],
                text=_text(v.get("task")),
                lead="" if every else lead,
                all_agencies=every,
                cooperating=_text(v.get("coop")),
                products=product_kinds(_text(v.get("product"))),
                product_text=_text(v.get("product")),
                deadline=_text(v.get("deadline")),
                notes=_text(v.get("notes")),
                row=row.number,
                sheet=name,
            )
        )
    if not tasks:
        raise InputRejected.single(f"Trang “{name}” không có nhiệm vụ nào.")
    return PlanSpec(
        code=code,
        title=title,
        issuer=issuer,
        period_from=period_from,
        period_to=period_to,
        starts_on=starts_on,
        sections=[("PL", "Danh mục nhiệm vụ")],
        tasks=tasks,
    )


def template_xlsx() -> bytes:
    """The empty template, with one example row taken from the plan's own appendix."""
    example = [
        1,
        "Chương trình ứng dụng và phát triển khoa học-công nghệ, đẩy mạnh đổi mới sáng tạo",
        "Sở Khoa học và Công nghệ",
        "Các Sở, ngành, địa phương",
        "Nghị quyết của HĐND tỉnh",
        "Tháng 7/2026",
        "",
    ]
    return write_workbook([(SHEET, [c.header for c in COLUMNS], [example])])
