"""The Word report of the plan's targets (Kế hoạch triển khai NQ 07-NQ/TU, item I.4), laid out as
Decree 30/2020/NĐ-CP asks (core.docx): the situation on a date, the trend by year, the baseline
forecast to 2030 and proposals.

It only formats what the selectors computed (targets_on / forecast_from, yearly snapshots of the
province); it reads no table itself. The report goes to the province's own leadership: exact numbers
by default. For publication (hide_small) counts of 1 to n−1 become "<n" in the tables through
selectors.suppressed (CANBO_SUPPRESS_COUNTS_UNDER), as in the Excel export, and the sentences say
"chưa đến n" and leave out the shares and gaps that would give the count back — never "<5 người" or
"chiếm —" in a sentence. "Còn thiếu" is the outlook's (forecast.outlook), as on the page.
"""

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from docx.enum.text import WD_ALIGN_PARAGRAPH

from canbo.core.dates import format_date, today
from canbo.core.docx import AdminDocument, DocumentBuilder, format_value, render
from canbo.indicators.engine.measure import gap, percent, rational
from canbo.indicators.selectors import suppressed
from canbo.indicators.tables import RULE_LABELS, assumptions, outlook_explained, with_outlook

PLAN = (
    "Kế hoạch triển khai thực hiện Nghị quyết số 07-NQ/TU ngày 29/10/2021 của Ban Chấp hành Đảng bộ "
    "tỉnh về xây dựng đội ngũ cán bộ các cấp đến năm 2025, định hướng đến năm 2030 đáp ứng yêu cầu "
    "nhiệm vụ trong tình hình mới"
)
_PROVINCE = "province"  # the province's row in forecast_from's baseline and fewest_under_40
_ROMAN = ("I", "II", "III", "IV", "V", "VI")
_DASH = "—"


def indicators_docx(
    *,
    result: dict[str, Any],
    forecast: dict[str, Any] | None = None,
    trend: Sequence[dict[str, Any]] | None = None,
    place: str,
    issuer: str = "SỞ NỘI VỤ",
    issuer_parent: str = "",
    number: str = "Số:      /BC-SNV",
    date: dt.date | None = None,
    assumed: Any = None,
    hide_small: bool = False,
) -> bytes:
    """The report as .docx bytes.

    result: indicators_on(); forecast: forecast_from() (with its outlook and rates) or None; assumed:
    the engine's settings (selectors.engine_settings), for the forecast's assumptions; trend:
    [{"as_of": ISO date, "province": the province part of an indicators_on() result}, ...] in any
    order, or None (the result's own date is added when it is missing). place and date make the
    date line (date: the document's date, default today; the data's date is result["as_of"]).
    hide_small: a copy for publication, counts of 1 to CANBO_SUPPRESS_COUNTS_UNDER − 1 written "<n"
    (default: exact numbers).
    """
    as_of = dt.date.fromisoformat(result["as_of"])
    document = AdminDocument(
        issuer_parent=issuer_parent,
        issuer=issuer,
        number=number,
        place=place,
        date=date or today(),
        kind="BÁO CÁO",
        title=(
            f"Kết quả thực hiện các chỉ tiêu về xây dựng đội ngũ cán bộ đến ngày {format_date(as_of)}\n"
            "(mục I.4 Kế hoạch triển khai thực hiện Nghị quyết số 07-NQ/TU)"
        ),
        recipients=[
            "Ủy ban nhân dân tỉnh (để báo cáo)",
            "Ban Tổ chức Tỉnh ủy",
            "Các Sở, ban, ngành",
            "Lưu: VT, TCCB",
        ],
        signer_title="GIÁM ĐỐC",
        signer_name=getattr(settings, "CANBO_REPORT_SIGNER", ""),
    )
    hide = suppressed if hide_small else _as_is
    limit = settings.CANBO_SUPPRESS_COUNTS_UNDER if hide_small else None
    sections: list[tuple[str, Callable[[DocumentBuilder], None]]] = [
        (
            f"TÌNH HÌNH THỰC HIỆN CÁC CHỈ TIÊU ĐẾN NGÀY {format_date(as_of)}",
            lambda b: _situation(b, result, forecast, hide, limit),
        )
    ]
    if trend is not None:
        snapshots = _snapshots(trend, result)
        sections.append(("DIỄN BIẾN QUA CÁC NĂM", lambda b: _trend(b, snapshots, hide)))
    if forecast is not None:
        last = forecast.get("to", 2030)
        sections.append((f"DỰ BÁO ĐẾN NĂM {last}", lambda b: _forecast(b, forecast, assumed, hide)))
    sections.append(("ĐỀ XUẤT, KIẾN NGHỊ", _proposals))

    def body(b: DocumentBuilder) -> None:
        b.paragraph(
            f"Thực hiện {PLAN}, kết quả thực hiện các chỉ tiêu tại mục I.4 của Kế hoạch (số liệu đến "
            f"ngày {format_date(as_of)}) như sau:"
        )
        for numeral, (heading, write) in zip(_ROMAN, sections, strict=False):
            b.heading(f"{numeral}. {heading}")
            write(b)
        b.paragraph(
            "Trên đây là báo cáo kết quả thực hiện các chỉ tiêu, kính trình Ủy ban nhân dân tỉnh xem xét, "
            "chỉ đạo./."
        )

    return render(document, body)


# --- I. the situation on the date --------------------------------------------------------------------


def _situation(
    b: DocumentBuilder,
    result: dict[str, Any],
    forecast: dict[str, Any] | None,
    hide: Callable[[dict[str, Any]], dict[str, Any]],
    limit: int | None,
) -> None:
    province = result["province"]
    # Shares and gaps are read from the shown rows: beside a hidden count they are hidden too.
    shown = hide(
        {**province, "women_share": percent(province["women_staff"], province["staff_counted_for_women"])}
    )
    outlook = (forecast or {}).get("outlook") or {}
    departments = with_outlook(result["departments"], outlook) if outlook else result["departments"]
    targets = province["targets"]
    under_40 = {int(year): target for year, target in targets["under_40"].items()}
    b.paragraph(
        f"Số liệu gồm {len(departments)} sở, ban, ngành; lãnh đạo là người đứng đầu và cấp phó của "
        "người đứng đầu cơ quan. Số liệu toàn tỉnh tính mỗi người một lần, kể cả khi giữ chức vụ hoặc "
        "làm việc ở hai cơ quan."
    )

    b.heading("1. Lãnh đạo các sở, ban, ngành dưới 40 tuổi", level=2)
    lines = [
        f"Toàn tỉnh có {_words(shown['leaders'])} lãnh đạo các sở, ban, ngành, trong đó "
        f"{_words(shown['leaders_under_40'])} người dưới 40 tuổi{_of_which(shown['share_under_40'])}."
    ]
    for year, target in sorted(under_40.items()):
        reached = sum(1 for d in departments if d["leaders"] and not d.get(f"gap_under_40_{year}"))
        now = (
            "chưa có lãnh đạo để tính"
            if not province["leaders"]
            else "hiện toàn tỉnh đạt"
            if not province.get(f"gap_under_40_{year}")
            else "hiện toàn tỉnh chưa đạt"
        )
        line = (
            f"So với chỉ tiêu đến năm {year} (từ {_percent(target)} trở lên): {now}; có {reached} trong "
            f"số {len(departments)} cơ quan đạt"
        )
        row = outlook.get(_PROVINCE, {}).get(str(year))
        if row is not None:
            line += f"; {_outlook_words(row, hide)}"
        lines.append(f"{line}.")
    b.paragraph(" ".join(lines))

    b.heading("2. Lãnh đạo nữ ở cơ quan có từ 1/3 cán bộ, công chức là nữ", level=2)
    rules = province["agencies_women_rule"]
    no_leader = rules.get("no_leader", 0)
    violating = [d["unit_name"] for d in departments if d["women_rule"] == "violated"]
    b.paragraph(
        f"Trong {_words(shown['staff_counted_for_women'])} cán bộ, công chức của các sở, ban, ngành có "
        f"{_words(shown['women_staff'])} nữ{_in_brackets(shown['women_share'])}. "
        f"Có {rules['met'] + rules['violated'] + no_leader} cơ quan có tỷ lệ nữ từ 1/3 trở lên: "
        f"{rules['met']} cơ quan có lãnh đạo nữ (đạt), {rules['violated']} cơ quan chưa có lãnh đạo nữ "
        f"(chưa đạt)"
        + (f", {no_leader} cơ quan chưa có lãnh đạo (không áp dụng)" if no_leader else "")
        + f"; {rules['not_applicable']} cơ quan không thuộc diện áp dụng."
    )
    if violating:
        b.paragraph(f"Các cơ quan chưa đạt: {', '.join(violating)}.")

    b.heading("3. Lãnh đạo là người dân tộc thiểu số", level=2)
    population = province.get("ethnic_minority_population")
    comparison = (
        f"Để so sánh: người dân tộc thiểu số chiếm {_percent(population['share'])} dân số tỉnh "
        f"{population['province']} ({population['source']})."
        if population
        else "Chưa có số liệu tỷ lệ người dân tộc thiểu số trong dân số của tỉnh vào ngày này."
    )
    b.paragraph(
        f"Toàn tỉnh có {_words(shown['ethnic_minority_leaders'])} lãnh đạo là người dân tộc thiểu số"
        f"{_of_which(shown['ethnic_minority_leader_share'], ' số lãnh đạo')}. {comparison} Kế hoạch yêu "
        "cầu cán bộ người dân tộc thiểu số “phù hợp với yêu cầu quản lý của ngành”, không nêu tỷ lệ cụ "
        "thể." + _staff_share(shown["ethnic_minority_staff_share"])
    )

    b.heading("4. Cán bộ, công chức có khả năng làm việc trong môi trường quốc tế", level=2)
    low, high = targets["international"]
    international_shown = shown["international_share"]
    cadres = province["staff_counted_for_international"]
    level = getattr(settings, "CANBO_INTERNATIONAL_MIN_LEVEL", 4)
    b.paragraph(
        f"Trong {_words(shown['staff_counted_for_international'])} cán bộ, công chức của các sở, ban, ngành "
        f"có {_words(shown['international_capable'])} người{_in_brackets(international_shown)} có khả năng "
        f"làm việc trong môi trường quốc tế (ngoại ngữ từ bậc {level} trở lên theo Khung năng lực ngoại "
        "ngữ 6 bậc, hoặc có bằng đào tạo ở nước ngoài); viên chức, người lao động không tính, theo Kế "
        "hoạch: “Phấn đấu từ 25-30% cán bộ đủ khả năng làm việc trong môi trường quốc tế”. Chỉ tiêu đến "
        f"năm 2030 là {format_value(low)}–{_percent(high)}: so với mức {_percent(low)}, "
        f"{_against(cadres, province['international_capable'], low, international_shown)}."
    )

    b.heading("5. Số liệu theo từng cơ quan", level=2)
    years = sorted(under_40)
    b.paragraph("Bảng 1. Lãnh đạo các sở, ban, ngành", italic=True)
    key = "shortfall" if outlook else "gap_under_40"
    province_row = {
        **province,
        **{f"shortfall_{y}": r["shortfall"] for y, r in outlook.get(_PROVINCE, {}).items()},
    }
    leader_rows = []
    for row, raw in [*((hide(d), d) for d in departments), (hide(province_row), province)]:
        leader_rows.append(
            [
                raw.get("unit_name", "Toàn tỉnh"),
                *_counts(row, "leaders", "leaders_under_40"),
                _share_cell(row["share_under_40"]),
                *[_count_cell(row.get(f"{key}_{year}")) for year in years],
                _count_cell(row["ethnic_minority_leaders"]),
            ]
        )
    gap_width = 4.4 / max(len(years), 1)
    _table(
        b,
        [
            "Cơ quan, đơn vị",
            "Số lãnh đạo",
            "Dưới 40 tuổi",
            "Tỷ lệ dưới 40 tuổi (%)",
            *[_shortfall_header(year, under_40[year], outlook) for year in years],
            "Lãnh đạo người dân tộc thiểu số",
        ],
        leader_rows,
        [4.4, 1.6, 1.6, 1.8, *[gap_width] * len(years), 2.2 + (0 if years else 4.4)],
    )
    b.paragraph("Bảng 2. Cán bộ, công chức, viên chức của các sở, ban, ngành", italic=True)
    staff_rows = []
    for d in departments:
        row = hide(d)
        staff_rows.append(
            [
                d["unit_name"],
                *_counts(row, "staff_counted_for_women", "women_staff"),
                _share_cell(row["women_share"]),
                _count_cell(row["female_leaders"]),
                RULE_LABELS[d["women_rule"]],
                *_counts(row, "headcount", "international_capable"),
            ]
        )
    staff_rows.append(
        [
            "Toàn tỉnh",
            *_counts(shown, "staff_counted_for_women", "women_staff"),
            _share_cell(shown["women_share"]),
            "",
            f"Đạt: {rules['met']}; chưa đạt: {rules['violated']}",
            *_counts(shown, "headcount", "international_capable"),
        ]
    )
    _table(
        b,
        [
            "Cơ quan, đơn vị",
            "Cán bộ, công chức",
            "Trong đó nữ",
            "Tỷ lệ nữ (%)",
            "Lãnh đạo nữ",
            "Tiêu chí lãnh đạo nữ",
            "Tổng số người",
            "CB, CC làm việc được trong môi trường quốc tế",
        ],
        staff_rows,
        [4.2, 1.6, 1.4, 1.5, 1.5, 2.2, 1.6, 2.0],
    )
    note = (
        "Ghi chú: tiêu chí lãnh đạo nữ “Không áp dụng” khi nữ chiếm dưới 1/3 số cán bộ, công chức của cơ "
        "quan hoặc cơ quan không có cán bộ, công chức; “Không áp dụng (chưa có lãnh đạo)” khi cơ quan "
        "chưa có lãnh đạo"
    )
    if limit is not None and limit > 1:
        note += f"; bản công bố: số từ 1 đến {limit - 1} được ghi “<{limit}” để không nhận diện được cá nhân"
    b.paragraph(f"{note}.", italic=True)


def _shortfall_header(year: int, target: float, outlook: dict[str, Any]) -> str:
    row = outlook.get(_PROVINCE, {}).get(str(year))
    if row is None:
        return f"Còn thiếu để đạt {format_value(target)}% ({year})"
    if row["basis"] == "forecast":
        return f"Còn thiếu để đạt {format_value(target)}% ({year}; dự báo ngày 31/12/{year})"
    return f"Còn thiếu để đạt {format_value(target)}% ({year}; số liệu ngày {_date(row['on'])})"


def _outlook_words(row: dict[str, Any], hide: Callable[[dict[str, Any]], dict[str, Any]]) -> str:
    """The province's "còn thiếu" of one target year in a sentence (the numbers of the page's cards)."""
    shown = hide(row)
    when = f"theo dự báo, đến ngày {_date(row['on'])}" if row["basis"] == "forecast" else "năm đó đã qua"
    if not row["shortfall"]:
        return f"{when} toàn tỉnh đạt"
    if isinstance(shown["shortfall"], str):
        return f"{when} toàn tỉnh chưa đạt"
    return f"{when} toàn tỉnh còn thiếu {_count(shown['shortfall'])} người dưới 40 tuổi"


# --- II. the trend ---------------------------------------------------------------------------------


def _snapshots(trend: Sequence[dict[str, Any]], result: dict[str, Any]) -> list[dict[str, Any]]:
    """The snapshots by date, the result's own date added when it is not among them."""
    by_date = {snapshot["as_of"]: snapshot for snapshot in trend}
    by_date.setdefault(result["as_of"], {"as_of": result["as_of"], "province": result["province"]})
    return [by_date[key] for key in sorted(by_date)]


def _trend(
    b: DocumentBuilder, snapshots: list[dict[str, Any]], hide: Callable[[dict[str, Any]], dict[str, Any]]
) -> None:
    first, last = snapshots[0], snapshots[-1]
    if len(snapshots) > 1:
        before, after = (
            hide(first["province"]).get("share_under_40"),
            hide(last["province"]).get("share_under_40"),
        )
        if not isinstance(before, str) and not isinstance(after, str):  # a hidden share is not written
            b.paragraph(
                f"Từ ngày {_date(first['as_of'])} đến ngày {_date(last['as_of'])}, tỷ lệ lãnh đạo các sở, "
                f"ban, ngành dưới 40 tuổi {_movement(before, after)}."
            )
    rows = []
    for snapshot in snapshots:
        province = snapshot["province"]
        shown = hide(province)
        rules = province.get("agencies_women_rule") or {}
        rows.append(
            [
                _date(snapshot["as_of"]),
                *_counts(shown, "leaders", "leaders_under_40"),
                _share_cell(shown.get("share_under_40")),
                _count_cell(rules.get("violated")),
                _share_cell(shown.get("ethnic_minority_leader_share")),
                _share_cell(
                    shown.get("international_share")
                    if "staff_counted_for_international" in province
                    else None
                ),
            ]
        )
    _table(
        b,
        [
            "Thời điểm",
            "Số lãnh đạo",
            "Dưới 40 tuổi",
            "Tỷ lệ dưới 40 tuổi (%)",
            "Cơ quan chưa đạt tiêu chí lãnh đạo nữ",
            "Tỷ lệ lãnh đạo người dân tộc thiểu số (%)",
            "Tỷ lệ CB, CC làm việc được trong môi trường quốc tế (%)",
        ],
        rows,
        [2.6, 1.8, 1.8, 2.2, 2.6, 2.5, 2.5],
    )
    if any("staff_counted_for_international" not in s["province"] for s in snapshots):
        b.paragraph(
            "Ghi chú: số liệu lưu trước khi tỷ lệ làm việc trong môi trường quốc tế được tính trên cán bộ, "
            "công chức (trước đây tính trên tổng số người) không ghi tỷ lệ này.",
            italic=True,
        )


# --- III. the forecast ------------------------------------------------------------------------------


def _forecast(
    b: DocumentBuilder,
    forecast: dict[str, Any],
    assumed: Any,
    hide: Callable[[dict[str, Any]], dict[str, Any]],
) -> None:
    start = dt.date.fromisoformat(forecast["from"])
    b.paragraph(f"Dự báo từ ngày {format_date(start)} theo phương án cơ sở, với các giả định:")
    if assumed is not None and forecast.get("rates"):
        for line in assumptions(assumed, forecast["rates"], start):
            b.bullet(line)
    rows = []
    for row in forecast["baseline"]:
        if row["unit_code"] != _PROVINCE:
            continue
        shown = hide(row)
        rows.append(
            [
                str(row["year"]),
                *_counts(shown, "leaders", "leaders_under_40"),
                _share_cell(shown["share_under_40"]),
                _share_cell(row["target_under_40"]) if row["target_under_40"] is not None else "",
                _verdict(row["meets_under_40"], has_target=row["target_under_40"] is not None),
            ]
        )
    _table(
        b,
        ["Năm", "Số lãnh đạo", "Dưới 40 tuổi", "Tỷ lệ dưới 40 tuổi (%)", "Chỉ tiêu (%)", "Đánh giá"],
        rows,
        [2.0, 2.6, 2.6, 3.0, 2.6, 3.2],
    )
    outlook = (forecast.get("outlook") or {}).get(_PROVINCE, {})
    if not outlook:
        return
    b.paragraph("Bảng 4. Còn thiếu để đạt chỉ tiêu lãnh đạo dưới 40 tuổi (toàn tỉnh)", italic=True)
    table_rows = []
    for row in outlook.values():
        shown = hide(row)
        table_rows.append(
            [
                f"{row['year']} ({_percent(row['target'])})",
                f"{_date(row['on'])} ({'dự báo' if row['basis'] == 'forecast' else 'năm đã qua'})",
                *_counts(shown, "leaders", "leaders_under_40", "needed", "shortfall"),
                _count_cell(shown["fewest_added"]) if row["basis"] == "forecast" else "",
            ]
        )
    _table(
        b,
        [
            "Chỉ tiêu",
            "Ngày",
            "Số lãnh đạo",
            "Dưới 40 tuổi",
            "Cần có dưới 40 tuổi",
            "Còn thiếu",
            "Hoặc bổ nhiệm thêm ít nhất",
        ],
        table_rows,
        [2.4, 3.0, 1.8, 1.8, 2.0, 1.8, 2.2],
    )
    b.paragraph(outlook_explained(start), italic=True)


# --- IV. proposals ----------------------------------------------------------------------------------


def _proposals(b: DocumentBuilder) -> None:
    for line in (
        "Các sở, ban, ngành chưa đạt tỷ lệ lãnh đạo dưới 40 tuổi rà soát quy hoạch, chủ động đào tạo, "
        "bồi dưỡng và đề xuất bổ nhiệm cán bộ trẻ có đủ tiêu chuẩn, điều kiện;",
        "Cơ quan có từ 1/3 cán bộ, công chức là nữ nhưng chưa có lãnh đạo nữ xem xét quy hoạch, bổ nhiệm "
        "cán bộ nữ vào chức vụ lãnh đạo;",
        "Quan tâm tạo nguồn, đào tạo, bố trí cán bộ người dân tộc thiểu số phù hợp với yêu cầu quản lý "
        "của từng ngành;",
        "Đẩy mạnh bồi dưỡng ngoại ngữ và kỹ năng làm việc trong môi trường quốc tế cho cán bộ, công chức.",
    ):
        b.bullet(line)


# --- formatting -------------------------------------------------------------------------------------


def _as_is(row: dict[str, Any]) -> dict[str, Any]:
    return row


def _count(value: object) -> str:
    """A count for the text: 1234 -> '1.234'; None -> '—'."""
    return _DASH if value is None else format_value(value)


def _words(value: object) -> str:
    """A count in a sentence: 1234 -> '1.234'; a hidden one ('<5') -> 'chưa đến 5'."""
    if isinstance(value, str) and value.startswith("<"):
        return f"chưa đến {value[1:]}"
    return _count(value)


def _shown(share: object) -> bool:
    return share is not None and not isinstance(share, str)


def _of_which(share: object, whole: str = "") -> str:
    """', chiếm 7,1%' (+ whole), or nothing when the share is hidden or unknown."""
    return f", chiếm {_percent(share)}{whole}" if _shown(share) else ""  # type: ignore[arg-type]


def _in_brackets(share: object) -> str:
    return f" ({_percent(share)})" if _shown(share) else ""  # type: ignore[arg-type]


def _staff_share(share: object) -> str:
    if not _shown(share):
        return ""
    return (
        f" Người dân tộc thiểu số chiếm {_percent(share)} tổng số cán bộ, công chức, viên chức, người "  # type: ignore[arg-type]
        "lao động của các sở, ban, ngành."
    )


def _percent(value: float | str | None) -> str:
    """33.3 -> '33,3%'; None or a hidden value -> '—'."""
    return _DASH if value is None or isinstance(value, str) else f"{format_value(float(value))}%"


def _missing(shown_gap: object) -> str:
    """'chưa đạt, còn thiếu N người', without N when it is hidden."""
    if shown_gap is None or isinstance(shown_gap, str):
        return "chưa đạt"
    return f"chưa đạt, còn thiếu {_count(shown_gap)} người"


def _date(iso: str) -> str:
    return format_date(dt.date.fromisoformat(iso))


def _against(whole: int, part: int, target: float, shown_share: object = None) -> str:
    """'đạt' or 'chưa đạt, còn thiếu N người' for part/whole against target (percent), exactly; without
    N when the share shown beside it is hidden (N would give the count back)."""
    if not whole:
        return "chưa có số liệu"
    share = rational(target) / 100
    if part * share.denominator >= share.numerator * whole:
        return "đạt"
    return _missing(shown_share if isinstance(shown_share, str) else gap(whole, part, target))


def _movement(before: float | str | None, after: float | str | None) -> str:
    """'tăng từ 5% lên 8,3%', 'giảm từ ...', 'giữ ở mức 5%'."""
    if isinstance(before, float | int) and isinstance(after, float | int):
        if after > before:
            return f"tăng từ {_percent(before)} lên {_percent(after)}"
        if after < before:
            return f"giảm từ {_percent(before)} xuống {_percent(after)}"
        return f"giữ ở mức {_percent(after)}"
    return f"từ {_percent(before)} đến {_percent(after)}"


def _verdict(meets: bool | None, *, has_target: bool) -> str:
    if meets is None:
        return _DASH if has_target else ""
    return "Đạt" if meets else "Chưa đạt"


def _count_cell(value: object) -> object:
    return _DASH if value is None else value


def _share_cell(value: float | str | None) -> object:
    return _DASH if value is None or isinstance(value, str) else float(value)


def _counts(row: dict[str, Any], *keys: str) -> list[object]:
    return [_count_cell(row.get(key)) for key in keys]


def _table(b: DocumentBuilder, headers: list[str], rows: list[list[object]], widths_cm: list[float]) -> None:
    """b.table, with every column but the first centred: "<5" and "—" sit where the numbers do."""
    b.table(headers, rows, widths_cm)
    table = b.document.tables[-1]
    for row in table.rows[1:]:
        for cell in row.cells[1:]:
            for paragraph in cell.paragraphs:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
