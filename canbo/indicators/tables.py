"""The indicators as tables and sentences: the columns shared by the page's Excel file, the Word report
and `canbo indicators`, their rows (small counts hidden only in an export for publication, RULES.md
§8), and the forecast's assumptions and "còn thiếu" in words, said the same way everywhere."""

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from canbo.core.dates import format_date
from canbo.core.docx import format_value
from canbo.indicators.engine.forecast import FEWEST_AGE, fewest_day
from canbo.indicators.selectors import suppressed

COLUMNS = [
    ("unit_code", "Mã đơn vị"),
    ("unit_name", "Cơ quan"),
    ("leaders", "Lãnh đạo"),
    ("leaders_under_40", "Lãnh đạo dưới 40 tuổi"),
    ("share_under_40", "Tỷ lệ dưới 40 (%)"),
    ("shortfall_2025", "Còn thiếu (2025)"),
    ("shortfall_2030", "Còn thiếu (2030)"),
    ("staff_counted_for_women", "CB, CC tính tỷ lệ nữ"),
    ("women_staff", "Nữ"),
    ("female_leaders", "Lãnh đạo nữ"),
    ("women_rule", "Tiêu chí nữ"),
    ("ethnic_minority_leaders", "Lãnh đạo người DTTS"),
    ("staff_counted_for_international", "CB, CC tính tỷ lệ quốc tế"),
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
RULE_LABELS = {
    "met": "Đạt",
    "violated": "Chưa đạt",
    "no_leader": "Không áp dụng (chưa có lãnh đạo)",
    "not_applicable": "Không áp dụng",
}


def with_outlook(
    departments: Sequence[Mapping[str, Any]], outlook: Mapping[str, Mapping[str, Mapping[str, Any]]]
) -> list[dict[str, Any]]:
    """The departments' rows with the outlook's "còn thiếu" and fewest appointments of each target
    year (shortfall_<year>, fewest_<year>): the numbers the cards and the forecast show."""
    rows = []
    for department in departments:
        years = outlook.get(department["unit_code"], {})
        rows.append(
            {
                **department,
                **{f"shortfall_{year}": row["shortfall"] for year, row in years.items()},
                **{f"fewest_{year}": row["fewest_added"] for year, row in years.items()},
            }
        )
    return rows


def export_rows(
    items: Sequence[Mapping[str, Any]], columns: list[tuple[str, str]], *, publish: bool = False
) -> list[list[Any]]:
    """Rows of an exported aggregate table, in the columns' order, the women rule in words; exact
    numbers, or, for publication (publish), small counts hidden (selectors.suppressed)."""
    shown = (suppressed(item) for item in items) if publish else items
    return [
        [row.get(key) if key != "women_rule" else RULE_LABELS[row[key]] for key, _ in columns]
        for row in shown
    ]


def _share(value: float) -> str:
    return f"{format_value(value)}%"


def assumptions(settings: Any, rates: Mapping[str, Any], start: dt.date) -> list[str]:
    """The baseline's assumptions in words, each one a setting (docs/indicators.md)."""
    lines = [
        "Mọi người nghỉ hưu đúng ngày theo quy định (Bộ luật Lao động năm 2019, Điều 169; Nghị định "
        "135/2020/NĐ-CP).",
    ]
    if settings.reappoint:
        lines.append(
            "Lãnh đạo hết nhiệm kỳ được bổ nhiệm lại (Nghị định 138/2020/NĐ-CP, Điều 49 khoản 2): còn từ "
            "5 năm công tác trở lên thì nhiệm kỳ 5 năm; còn dưới 5 năm thì đến khi nghỉ hưu; còn dưới 2 "
            "năm thì kéo dài thời gian giữ chức vụ đến khi nghỉ hưu."
        )
    else:
        lines.append("Không bổ nhiệm lại: lãnh đạo thôi giữ chức vụ khi hết nhiệm kỳ 5 năm.")
    if settings.fill_vacancies:
        since = format_date(dt.date.fromisoformat(rates["since"]))
        if rates["basis"] == "appointments":
            source = (
                f"tỷ lệ của {rates['appointments']} lượt bổ nhiệm lãnh đạo các sở, ban, ngành toàn tỉnh "
                f"từ ngày {since} đến ngày {format_date(start)}"
            )
        else:
            source = (
                f"từ ngày {since} đến ngày {format_date(start)} không có lượt bổ nhiệm nào, nên lấy tỷ lệ "
                f"của {rates['appointments']} lãnh đạo đang giữ chức vụ ngày {format_date(start)}"
            )
        young, other = settings.appointee_ages
        lines.append(
            "Chức vụ lãnh đạo để trống được bổ nhiệm ngay ngày hôm sau; trong số người được bổ nhiệm có "
            f"{_share(rates['share_under_40'])} dưới 40 tuổi, {_share(rates['share_women'])} nữ, "
            f"{_share(rates['share_minority'])} người dân tộc thiểu số ({source}); người dưới 40 tuổi "
            f"được bổ nhiệm ở tuổi {young}, người khác ở tuổi {other}."
        )
    else:
        lines.append("Chức vụ lãnh đạo để trống không được bổ nhiệm thay.")
    lines.append("Số liệu tính vào ngày 31/12 hằng năm.")
    return lines


def outlook_explained(start: dt.date) -> str:
    """What "còn thiếu" and "bổ nhiệm thêm" mean, said once beside them."""
    return (
        "Còn thiếu: số lãnh đạo dưới 40 tuổi cần có thêm so với dự báo để đạt chỉ tiêu, nếu số lãnh "
        "đạo không đổi (tức là ngần ấy lượt bổ nhiệm sắp tới là người dưới 40 tuổi thay vì người từ 40 "
        "tuổi trở lên) — tính trên số lãnh đạo dự báo vào ngày 31/12 của năm chỉ tiêu, hoặc trên số "
        "liệu ngày xem khi năm đó đã qua. Hoặc bổ nhiệm thêm: số người dưới 40 tuổi ít nhất phải bổ "
        f"nhiệm thêm vào ngày {format_date(fewest_day(start))} ({FEWEST_AGE} tuổi), ngoài số lãnh đạo dự "
        "báo (số lãnh đạo tăng lên), để đạt chỉ tiêu. Cả hai tính từ cùng một số liệu."
    )


def outlook_line(row: Mapping[str, Any]) -> str:
    """One target year in words: "2030 (15%): ngày 31/12/2030 (dự báo) 58 lãnh đạo, 3 dưới 40 tuổi;
    cần 9; còn thiếu 6 người, hoặc bổ nhiệm thêm ít nhất 7 người dưới 40 tuổi"."""
    on = format_date(dt.date.fromisoformat(row["on"]))
    when = f"ngày {on} (dự báo)" if row["basis"] == "forecast" else f"ngày {on} (năm {row['year']} đã qua)"
    line = (
        f"{row['year']} ({_share(row['target'])}): {when} {row['leaders']} lãnh đạo, "
        f"{row['leaders_under_40']} dưới 40 tuổi; cần {row['needed']}; còn thiếu {row['shortfall']} người"
    )
    if row["basis"] == "forecast" and row["shortfall"]:
        fewest = row["fewest_added"]
        line += (
            f", hoặc bổ nhiệm thêm ít nhất {fewest} người dưới 40 tuổi"
            if fewest is not None
            else ", không thể đạt chỉ bằng bổ nhiệm thêm"
        )
    return line
