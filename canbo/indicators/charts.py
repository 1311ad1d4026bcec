"""The charts of the targets page, as the JSON that static/canbo/app.js draws (no inline code):
{type, labels, series: [{label, data, kind, color, dashed, points_only}], y_title}."""

from typing import Any

from canbo.core.text import vn_number
from canbo.indicators.engine.measure import percent

BLUE, GREEN, ORANGE, RED, PURPLE, GREY = "#0d6efd", "#198754", "#fd7e14", "#dc3545", "#6f42c1", "#6c757d"
TARGET_COLOURS = {"2025": ORANGE, "2030": RED}


def _flat(value: float | None, count: int, label: str, colour: str) -> dict[str, Any]:
    return {"label": label, "data": [value] * count, "kind": "line", "color": colour, "dashed": True}


def under_40_chart(departments: list[dict[str, Any]], targets: dict[str, float]) -> dict[str, Any]:
    """The share of leaders under 40 per department, with the target lines."""
    labels = [d["unit_name"] for d in departments]  # names on the axis, not codes
    series: list[dict[str, Any]] = [
        {
            "label": "Lãnh đạo dưới 40 tuổi (%)",
            "data": [d["share_under_40"] for d in departments],
            "color": BLUE,
        }
    ]
    series += [
        _flat(value, len(labels), f"Chỉ tiêu {year} ({vn_number(value)} %)", TARGET_COLOURS.get(year, GREY))
        for year, value in targets.items()
    ]
    return {"type": "bar", "labels": labels, "series": series, "y_title": "%"}


def minority_international_chart(
    departments: list[dict[str, Any]], population: dict[str, Any] | None, international: list[float]
) -> dict[str, Any]:
    """Per department: the share of ethnic-minority leaders and of cán bộ, công chức able to work
    internationally, with the 25–30 % band and — for comparison, not as a target — the
    ethnic-minority share of the population of the province on the date."""
    labels = [d["unit_name"] for d in departments]  # names on the axis, not codes
    series: list[dict[str, Any]] = [
        {"label": "Lãnh đạo người DTTS (%)", "color": PURPLE,
         "data": [percent(d["ethnic_minority_leaders"], d["leaders"]) for d in departments]},
        {"label": "CB, CC làm việc được trong môi trường quốc tế (%)", "color": GREEN,
         "data": [percent(d["international_capable"], d["staff_counted_for_international"])
                  for d in departments]},
    ]  # fmt: skip
    if population:
        share = population["share"]
        label = f"Người DTTS trong dân số tỉnh {population['province']} ({vn_number(share, 2)} %, để so sánh)"
        series.append(_flat(share, len(labels), label, PURPLE))
    series += [
        _flat(v, len(labels), f"Chỉ tiêu quốc tế 2030 ({vn_number(v)} %)", GREEN) for v in international[:1]
    ]
    return {"type": "bar", "labels": labels, "series": series, "y_title": "%"}


def forecast_chart(
    baseline: list[dict[str, Any]],
    unit_code: str,
    targets: dict[str, float],
    scenario: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The share of leaders under 40 of one agency (or "province") year by year: the baseline, the
    scenario if any, and each target as a point in its year."""
    rows = [r for r in baseline if r["unit_code"] == unit_code]
    years = [r["year"] for r in rows]
    series: list[dict[str, Any]] = [
        {"label": "Dự báo cơ sở (%)", "data": [r["share_under_40"] for r in rows], "color": BLUE}
    ]
    if scenario is not None:
        by_year = {r["year"]: r["share_under_40"] for r in scenario if r["unit_code"] == unit_code}
        series.append({"label": "Theo kịch bản (%)", "data": [by_year.get(y) for y in years], "color": GREEN})
    for year, value in targets.items():
        points = [value if str(y) == year else None for y in years]
        series.append(
            {"label": f"Chỉ tiêu {year} ({vn_number(value, 1)} %)", "kind": "line", "points_only": True,
             "color": TARGET_COLOURS.get(year, GREY), "data": points}
        )  # fmt: skip
    return {"type": "line", "labels": years, "series": series, "y_title": "%"}


def international_chart(points: list[dict[str, Any]]) -> dict[str, Any]:
    """The share of cán bộ, công chức able to work internationally on 31/12 of each year, without and
    with the language programme, and the plan's 25–30 % as two points in 2030."""
    years = [p["year"] for p in points]
    series: list[dict[str, Any]] = [
        {"label": "Dự báo cơ sở (%)", "data": [p["share"] for p in points], "color": BLUE},
        {"label": "Có chương trình ngoại ngữ (%)", "data": [p["share_with_programme"] for p in points],
         "color": GREEN},
    ]  # fmt: skip
    for index, colour in ((0, ORANGE), (1, RED)):
        values = [p["target"][index] if p["target"] else None for p in points]
        value = next((v for v in values if v is not None), None)
        if value is not None:
            series.append(
                {"label": f"Chỉ tiêu 2030 ({vn_number(value)} %)", "kind": "line", "points_only": True,
                 "color": colour, "data": values}
            )  # fmt: skip
    return {"type": "line", "labels": years, "series": series, "y_title": "%"}


def trend_chart(points: list[dict[str, Any]]) -> dict[str, Any]:
    """The province's shares at each saved date (snapshots): [{"as_of": date, "province": {...}}]."""
    labels = [f"{p['as_of']:%d/%m/%Y}" for p in points]
    province = [p["province"] for p in points]
    lines = (
        ("Lãnh đạo dưới 40 tuổi (%)", "share_under_40", BLUE),
        ("Lãnh đạo người DTTS (%)", "ethnic_minority_leader_share", PURPLE),
        ("CB, CC làm việc được trong môi trường quốc tế (%)", "international_share", GREEN),
    )
    series = [{"label": label, "data": [p.get(key) for p in province], "color": c} for label, key, c in lines]
    return {"type": "line", "labels": labels, "series": series, "y_title": "%"}


LEVEL_COLOURS = {"xuat_sac": GREEN, "tot": BLUE, "hoan_thanh": ORANGE, "khong_hoan_thanh": RED}


def evaluation_levels_chart(rows: list[dict[str, Any]], labels: dict[str, str]) -> dict[str, Any]:
    """Per agency, the share of its people at each level of the year's ranking (stacked to 100 %)."""
    series = [
        {"label": f"{name} (%)", "color": LEVEL_COLOURS.get(code, GREY),
         "data": [percent(r["levels"][code], r["total"]) for r in rows]}
        for code, name in labels.items()
    ]  # fmt: skip
    return {"type": "bar", "labels": [r["unit_name"] for r in rows], "series": series, "y_title": "%",
            "stacked": True, "y_max": 100}  # fmt: skip
