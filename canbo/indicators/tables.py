"""The indicators as tables: the columns shared by the page's Excel file, the Word report and
`canbo indicators`, and their rows with small counts hidden (RULES.md §8)."""

from collections.abc import Mapping, Sequence
from typing import Any

from canbo.indicators.selectors import suppressed

COLUMNS = [
    ("unit_code", "Mã đơn vị"),
    ("unit_name", "Cơ quan"),
    ("leaders", "Lãnh đạo"),
    ("leaders_under_40", "Lãnh đạo dưới 40 tuổi"),
    ("share_under_40", "Tỷ lệ dưới 40 (%)"),
    ("gap_under_40_2025", "Còn thiếu (2025)"),
    ("gap_under_40_2030", "Còn thiếu (2030)"),
    ("staff_counted_for_women", "CB, CC tính tỷ lệ nữ"),
    ("women_staff", "Nữ"),
    ("female_leaders", "Lãnh đạo nữ"),
    ("women_rule", "Tiêu chí nữ"),
    ("ethnic_minority_leaders", "Lãnh đạo người DTTS"),
    ("international_capable", "Làm việc được trong môi trường quốc tế"),
    ("headcount", "Tổng số"),
]
UNIT_COLUMNS = [
    ("unit_code", "Mã đơn vị"),
    ("unit_name", "Đơn vị"),
    ("kind", "Loại đơn vị"),
    ("parent_code", "Mã đơn vị cấp trên"),
    ("headcount", "Tổng số"),
    ("staff_counted_for_women", "CB, CC tính tỷ lệ nữ"),
    ("women_staff", "Nữ"),
    ("women_share", "Tỷ lệ nữ (%)"),
    ("leaders", "Lãnh đạo của đơn vị"),
    ("female_leaders", "Lãnh đạo nữ"),
    ("women_rule", "Tiêu chí nữ"),
]
RULE_LABELS = {"met": "Đạt", "violated": "Chưa đạt", "not_applicable": "Không áp dụng"}


def export_rows(items: Sequence[Mapping[str, Any]], columns: list[tuple[str, str]]) -> list[list[Any]]:
    """Rows of an exported aggregate table, in the columns' order: small counts hidden (suppressed),
    the women rule in words."""
    return [
        [row.get(key) if key != "women_rule" else RULE_LABELS[row[key]] for key, _ in columns]
        for row in (suppressed(item) for item in items)
    ]
