"""The plan's targets (Kế hoạch triển khai NQ 07-NQ/TU, item I.4; RULES.md §6) measured on a date, for
every department-level agency and the province. Plain Python and polars: no Django. Messages are
Vietnamese, for the user.

Three input tables (the schemas below), built by the caller in a handful of queries:

- AGENCIES: the department-level agencies in force on the date;
- STAFF: one row per person working in an agency on the date (the headcount);
- LEADERS: the holders of an agency's own head and deputy posts on the date.

measure_units() gives the women test and its counts for every unit of any level (department,
division, district, commune ...) from three other tables: UNITS (with their parents), UNIT_STAFF (one
row per assignment in force, at the unit it is in) and UNIT_LEADERS (the holders of any leadership
post, at the unit the post belongs to).

Every number is a count of distinct persons (a person with two rows in one agency counts once). An
agency's numbers come from one grouped polars query over all agencies; the province's numbers count
each person once even when they work in (or lead) two agencies, so a province total can be below the
sum of the departments'. Rows of agencies not in AGENCIES are ignored.

Rates are compared exactly: each setting (a float such as 1/3 or 23.5) is read as the nearest
fraction with a denominator up to 10,000 (1/3 → 1/3, 23.5 → 47/2) and compared in integers.
Percentages are rounded half up to one decimal.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Final, cast

import polars as pl

from canbo.indicators.engine.population import PopulationShare
from canbo.indicators.engine.results import (
    DepartmentFigures,
    Measured,
    ProvinceFigures,
    RuleCounts,
    UnitFigures,
    UnitsMeasured,
)

__all__ = [
    "AGENCIES_SCHEMA",
    "LEADERSHIP_LEVELS",
    "LEADERS_SCHEMA",
    "LEADER_MEASURES",
    "STAFF_MEASURES",
    "STAFF_SCHEMA",
    "UNITS_SCHEMA",
    "UNIT_LEADERS_SCHEMA",
    "UNIT_LEADER_MEASURES",
    "UNIT_STAFF_MEASURES",
    "UNIT_STAFF_SCHEMA",
    "Settings",
    "age_expr",
    "checked_tables",
    "checked_unit_tables",
    "distinct_counts",
    "gap",
    "leader_predicates",
    "measure",
    "measure_units",
    "people_behind",
    "percent",
    "rational",
    "staff_predicates",
    "unit_ancestors",
]

AGENCIES_SCHEMA: Final = pl.Schema({"unit_id": pl.Int64, "code": pl.String, "name": pl.String})
STAFF_SCHEMA: Final = pl.Schema(
    {
        "person_id": pl.Int64,
        "agency_id": pl.Int64,
        "sex": pl.String,
        "birth_date": pl.Date,
        "staff_category": pl.String,
        "ethnic_minority": pl.Boolean,
        "language_level": pl.Int64,
        "degree_abroad": pl.Boolean,
    }
)
LEADERS_SCHEMA: Final = pl.Schema(
    {
        "person_id": pl.Int64,
        "agency_id": pl.Int64,
        "level": pl.String,
        "appointed_on": pl.Date,
        "sex": pl.String,
        "birth_date": pl.Date,
        "ethnic_minority": pl.Boolean,
    }
)
UNITS_SCHEMA: Final = pl.Schema(
    {"unit_id": pl.Int64, "parent_id": pl.Int64, "code": pl.String, "name": pl.String, "kind": pl.String}
)
UNIT_STAFF_SCHEMA: Final = pl.Schema(
    {"person_id": pl.Int64, "unit_id": pl.Int64, "sex": pl.String, "staff_category": pl.String}
)
UNIT_LEADERS_SCHEMA: Final = pl.Schema(
    {"person_id": pl.Int64, "unit_id": pl.Int64, "level": pl.String, "sex": pl.String}
)

SEXES: Final = ("nam", "nu")  # people.choices.Sex
STAFF_CATEGORIES: Final = ("can_bo", "cong_chuc", "vien_chuc", "nguoi_lao_dong")  # people.choices
LEADER_LEVELS: Final = ("agency_head", "agency_deputy")
# Every leadership level of a post (people.choices.PostLevel but "none"): a unit's own leaders.
LEADERSHIP_LEVELS: Final = (*LEADER_LEVELS, "division_head", "division_deputy")
LANGUAGE_LEVELS: Final = range(0, 7)  # 0 = none; 1–6 = A1…C2 (Circular 01/2014/TT-BGDĐT)
UNDER_AGE: Final = 40  # RULES.md §6: "under 40" is age in whole years at the reference date < 40
_MAX_DENOMINATOR: Final = 10_000

# The measures of an agency, in the order of the output; each is "the persons with a row that ...".
STAFF_MEASURES: Final = (
    "headcount",
    "staff_counted_for_women",
    "women_staff",
    "ethnic_minority_staff",
    "staff_counted_for_international",
    "international_capable",
)
LEADER_MEASURES: Final = ("leaders", "leaders_under_40", "female_leaders", "ethnic_minority_leaders")
UNIT_STAFF_MEASURES: Final = ("headcount", "staff_counted_for_women", "women_staff")
UNIT_LEADER_MEASURES: Final = ("leaders", "female_leaders")


@dataclass(frozen=True)
class Settings:
    """The settings of the targets (RULES.md §6), each with the plan's or the law's default.

    under_40_targets: year → minimum share (percent) of leaders under 40 (plan I.4: 10 % by 2025,
    15 % by 2030). women_threshold: the share of women among the counted staff from which an agency
    must have a woman among its leaders (plan I.4: 1/3). women_test_categories: the staff counted for
    that share (the plan says cán bộ, công chức; public employees excluded by default).
    ethnic_minority_population: the ethnic-minority share of the population of the province in force
    on the date, shown beside the leaders' share as a comparison (the plan gives no number: "phù hợp
    với yêu cầu quản lý của ngành"); None when no figure covers the date. international_min_level:
    the level on the 6-level framework from which a person can work internationally (Decision
    1659/QĐ-TTg: level 4 = B2); a degree earned abroad also counts. international_categories: whom the
    international share is of (the plan: "25-30% cán bộ" — cán bộ, công chức; not viên chức or người
    lao động). international_targets: the plan's 25–30 % by 2030.

    The forecast's baseline (engine.forecast): reappoint — a leader whose term ends is re-appointed
    (Decree 138/2020 art. 49(2)); fill_vacancies — a post left at retirement is filled the next day;
    appointee_ages — the ages at appointment of appointees under 40 and of the others;
    rate_window_years — the years before the start whose appointments give the rates at which the
    vacancies are filled (engine.forecast.appointment_rates).
    """

    under_40_targets: dict[int, float] = field(default_factory=lambda: {2025: 10.0, 2030: 15.0})
    women_threshold: float = 1 / 3
    women_test_categories: tuple[str, ...] = ("can_bo", "cong_chuc")
    ethnic_minority_population: PopulationShare | None = None
    international_min_level: int = 4
    international_categories: tuple[str, ...] = ("can_bo", "cong_chuc")
    international_targets: tuple[float, float] = (25.0, 30.0)
    reappoint: bool = True
    fill_vacancies: bool = True
    appointee_ages: tuple[int, int] = (35, 45)
    rate_window_years: int = 5

    def __post_init__(self) -> None:
        problems: list[str] = []
        for year, target in self.under_40_targets.items():
            if not 0 <= target <= 100:
                problems.append(
                    f"Chỉ tiêu lãnh đạo dưới 40 tuổi năm {year} ({target}) phải từ 0 đến 100 (%)."
                )
        if not 0 <= self.women_threshold <= 1:
            problems.append(f"Ngưỡng tỷ lệ nữ ({self.women_threshold}) phải từ 0 đến 1.")
        unknown = sorted(
            (set(self.women_test_categories) | set(self.international_categories)) - set(STAFF_CATEGORIES)
        )
        if unknown:
            problems.append(f"Loại cán bộ không có: {', '.join(unknown)}.")
        young, other = self.appointee_ages
        if not (18 <= young < 40 <= other <= 70):
            problems.append(
                f"Tuổi khi bổ nhiệm ({young}, {other}): người dưới 40 tuổi từ 18 đến 39, "
                "người khác từ 40 đến 70."
            )
        if not 0 < self.rate_window_years <= 20:
            problems.append(f"Số năm tính tỷ lệ bổ nhiệm ({self.rate_window_years}) phải từ 1 đến 20.")
        if not 1 <= self.international_min_level <= 6:
            problems.append(f"Bậc ngoại ngữ tối thiểu ({self.international_min_level}) phải từ 1 đến 6.")
        low, high = self.international_targets
        if not 0 <= low <= high <= 100:
            problems.append(
                f"Chỉ tiêu làm việc trong môi trường quốc tế ({low}–{high}) phải là 0 ≤ thấp ≤ cao ≤ 100."
            )
        if problems:
            raise ValueError(" ".join(problems))


# --- arithmetic ----------------------------------------------------------------------------------


def rational(value: float) -> Fraction:
    """A setting read as the fraction it stands for: 1/3 → 1/3, 23.5 → 47/2, 10.0 → 10."""
    return Fraction(value).limit_denominator(_MAX_DENOMINATOR)


def percent(part: int, whole: int) -> float | None:
    """100 × part / whole rounded half up to one decimal; None when whole is 0. 1/16 → 6.3."""
    if whole == 0:
        return None
    return ((2000 * part + whole) // (2 * whole)) / 10


def gap(leaders: int, under_40: int, target: float) -> int:
    """How many more leaders under 40 an agency with this number of leaders needs to reach the
    target (percent): max(0, ⌈target/100 × leaders⌉ − under_40), computed exactly."""
    share = rational(target) / 100
    needed = -((-share.numerator * leaders) // share.denominator)  # ⌈p·L/q⌉
    return max(0, needed - under_40)


def _gap_expr(target: float) -> pl.Expr:
    share = rational(target) / 100
    needed = -((-share.numerator * pl.col("leaders")) // share.denominator)
    return (needed - pl.col("leaders_under_40")).clip(lower_bound=0)


# Plan I.4: "những cơ quan, đơn vị có từ 1/3 cán bộ, công chức nữ trở lên thì phải có cán bộ lãnh
# đạo là nữ" — below 1/3 (or without cán bộ, công chức) it does not apply; a unit with no leader on
# record has nobody to be a woman yet: "không áp dụng (chưa có lãnh đạo)", not a failure (issue 12.13).
def _women_rule_expr(threshold: float) -> pl.Expr:
    share = rational(threshold)
    counted, women = pl.col("staff_counted_for_women"), pl.col("women_staff")
    below = share.denominator * women < share.numerator * counted
    return (
        pl.when((counted == 0) | below)
        .then(pl.lit("not_applicable"))
        .when(pl.col("leaders") == 0)
        .then(pl.lit("no_leader"))
        .when(pl.col("female_leaders") >= 1)
        .then(pl.lit("met"))
        .otherwise(pl.lit("violated"))
    )


def age_expr(birth: pl.Expr, on: pl.Expr) -> pl.Expr:
    """Age in whole years on `on` (a date column or literal), as age_on computes it: one more year
    on each birthday, and on 1 March for a person born on 29 February in a year without it."""
    before_birthday = (birth.dt.month() > on.dt.month()) | (
        (birth.dt.month() == on.dt.month()) & (birth.dt.day() > on.dt.day())
    )
    return on.dt.year().cast(pl.Int64) - birth.dt.year().cast(pl.Int64) - before_birthday.cast(pl.Int64)


# --- the measures ---------------------------------------------------------------------------------


def staff_predicates(settings: Settings) -> dict[str, pl.Expr]:
    counted = pl.col("staff_category").is_in(list(settings.women_test_categories))
    # Plan I.4: "Phấn đấu từ 25-30% cán bộ đủ khả năng làm việc trong môi trường quốc tế" — a share of
    # cán bộ, công chức (CANBO_INTERNATIONAL_CATEGORIES), not of everyone working in the agency.
    of_cadres = pl.col("staff_category").is_in(list(settings.international_categories))
    capable = (pl.col("language_level") >= settings.international_min_level) | pl.col("degree_abroad")
    return {
        "headcount": pl.lit(True),
        "staff_counted_for_women": counted,
        "women_staff": counted & (pl.col("sex") == "nu"),
        "ethnic_minority_staff": pl.col("ethnic_minority"),
        "staff_counted_for_international": of_cadres,
        "international_capable": of_cadres & capable,
    }


def leader_predicates(on: pl.Expr) -> dict[str, pl.Expr]:
    return {
        "leaders": pl.lit(True),
        "leaders_under_40": age_expr(pl.col("birth_date"), on) < UNDER_AGE,
        "female_leaders": pl.col("sex") == "nu",
        "ethnic_minority_leaders": pl.col("ethnic_minority"),
    }


def distinct_counts(frame: pl.LazyFrame, by: list[str], predicates: Mapping[str, pl.Expr]) -> pl.LazyFrame:
    """For each group of `by`: how many distinct persons have a row satisfying each predicate.
    With `by` empty, one row for the whole frame."""
    flags = frame.group_by([*by, "person_id"]).agg(
        [predicate.any().alias(name) for name, predicate in predicates.items()]
    )
    sums = [pl.col(name).sum().cast(pl.Int64) for name in predicates]
    return flags.group_by(by).agg(sums) if by else flags.select(sums)


# --- input tables ---------------------------------------------------------------------------------


def _checked(
    frame: pl.DataFrame, schema: pl.Schema, table: str, nullable: tuple[str, ...] = ()
) -> pl.DataFrame:
    missing = [name for name in schema.names() if name not in frame.columns]
    if missing:
        raise ValueError(f"Bảng {table} thiếu cột: {', '.join(missing)}.")
    try:
        checked = frame.select([pl.col(name).cast(dtype, strict=True) for name, dtype in schema.items()])
    except (pl.exceptions.InvalidOperationError, pl.exceptions.ComputeError) as error:
        raise ValueError(f"Bảng {table} có cột sai kiểu dữ liệu (cần {dict(schema)}): {error}") from None
    counts = checked.null_count().row(0, named=True)
    with_nulls = [name for name, count in counts.items() if count and name not in nullable]
    if with_nulls:
        raise ValueError(f"Bảng {table} có ô trống ở cột: {', '.join(with_nulls)}.")
    return checked


def _bad_values(frame: pl.DataFrame, column: str, allowed: tuple[str, ...] | range) -> pl.LazyFrame:
    """The values of a column not among those allowed, each once, in order (lazy: the checks of a
    table are collected together, in one pass of the query engine)."""
    return frame.lazy().filter(~pl.col(column).is_in(list(allowed))).select(pl.col(column).unique().sort())


def _bad_messages(checks: list[tuple[pl.LazyFrame, str]]) -> list[str | None]:
    """For each (check, table): None, or what the check found, in words."""
    messages: list[str | None] = []
    for found, (_check, table) in zip(pl.collect_all([check for check, _ in checks]), checks, strict=True):
        column = found.columns[0]
        bad = found[column].to_list()
        text = f"Bảng {table}, cột {column}: giá trị không hợp lệ {', '.join(map(str, bad))}."
        messages.append(text if bad else None)
    return messages


def checked_tables(
    agencies: pl.DataFrame, staff: pl.DataFrame, leaders: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """The three tables with exactly the schema's columns (cast to its types; other columns
    dropped), checked: no missing column, no empty cell, known codes, agencies unique.
    ValueError, in Vietnamese, naming every problem found."""
    agencies = _checked(agencies, AGENCIES_SCHEMA, "AGENCIES")
    staff = _checked(staff, STAFF_SCHEMA, "STAFF")
    leaders = _checked(leaders, LEADERS_SCHEMA, "LEADERS")
    problems = _bad_messages(
        [
            (_bad_values(staff, "sex", SEXES), "STAFF"),
            (_bad_values(staff, "staff_category", STAFF_CATEGORIES), "STAFF"),
            (_bad_values(staff, "language_level", LANGUAGE_LEVELS), "STAFF"),
            (_bad_values(leaders, "sex", SEXES), "LEADERS"),
            (_bad_values(leaders, "level", LEADER_LEVELS), "LEADERS"),
        ]
    )
    for column in ("unit_id", "code"):
        duplicated = agencies.filter(pl.col(column).is_duplicated())[column].unique().sort().to_list()
        if duplicated:
            problems.append(f"Bảng AGENCIES, cột {column}: trùng {', '.join(map(str, duplicated))}.")
    found = [problem for problem in problems if problem]
    if found:
        raise ValueError(" ".join(found))
    known = agencies.select(pl.col("unit_id").alias("agency_id"))
    return (
        agencies,
        staff.join(known, on="agency_id", how="semi"),
        leaders.join(known, on="agency_id", how="semi"),
    )


# --- measure --------------------------------------------------------------------------------------


def _gaps(settings: Settings) -> list[pl.Expr]:
    return [
        _gap_expr(target).alias(f"gap_under_40_{year}")
        for year, target in sorted(settings.under_40_targets.items())
    ]


def measure(
    agencies: pl.DataFrame,
    staff: pl.DataFrame,
    leaders: pl.DataFrame,
    as_of: dt.date,
    settings: Settings = Settings(),
) -> Measured:
    """The plan's I.4 indicators on `as_of`, per agency (sorted by code) and for the province, as a
    JSON-ready dict (see the module docstring for how persons are counted)."""
    agencies, staff, leaders = checked_tables(agencies, staff, leaders)
    on_staff = staff_predicates(settings)
    on_leaders = leader_predicates(pl.lit(as_of))
    gap_columns = [f"gap_under_40_{year}" for year in sorted(settings.under_40_targets)]
    staff_lazy, leaders_lazy = staff.lazy(), leaders.lazy()

    counts = [*STAFF_MEASURES, *LEADER_MEASURES]
    rows = (
        agencies.lazy()
        .rename({"unit_id": "agency_id", "code": "unit_code", "name": "unit_name"})
        .join(distinct_counts(staff_lazy, ["agency_id"], on_staff), on="agency_id", how="left")
        .join(distinct_counts(leaders_lazy, ["agency_id"], on_leaders), on="agency_id", how="left")
        .with_columns(pl.col(counts).fill_null(0))
        .with_columns(*_gaps(settings), _women_rule_expr(settings.women_threshold).alias("women_rule"))
        .sort("unit_code")
        .collect()
        .to_dicts()
    )
    # Shares are formatted here, from the exact counts: polars divides by 10 as × 0.1 (33.300000000000004).
    departments = [
        cast(
            DepartmentFigures,
            {  # the gap keys are the settings' target years
                "unit_code": row["unit_code"],
                "unit_name": row["unit_name"],
                "leaders": row["leaders"],
                "leaders_under_40": row["leaders_under_40"],
                "share_under_40": percent(row["leaders_under_40"], row["leaders"]),
                **{name: row[name] for name in gap_columns},
                "staff_counted_for_women": row["staff_counted_for_women"],
                "women_staff": row["women_staff"],
                "women_share": percent(row["women_staff"], row["staff_counted_for_women"]),
                "female_leaders": row["female_leaders"],
                "women_rule": row["women_rule"],
                "ethnic_minority_leaders": row["ethnic_minority_leaders"],
                "ethnic_minority_staff": row["ethnic_minority_staff"],
                "staff_counted_for_international": row["staff_counted_for_international"],
                "international_capable": row["international_capable"],
                "international_share": percent(
                    row["international_capable"], row["staff_counted_for_international"]
                ),
                "headcount": row["headcount"],
            },
        )
        for row in rows
    ]

    totals = (
        pl.concat(
            [
                distinct_counts(staff_lazy, [], on_staff),
                distinct_counts(leaders_lazy, [], on_leaders),
            ],
            how="horizontal",
        )
        .with_columns(_gaps(settings))
        .collect()
        .row(0, named=True)
    )
    rules: RuleCounts = {"met": 0, "violated": 0, "no_leader": 0, "not_applicable": 0}
    for department in departments:
        rules[department["women_rule"]] += 1
    province: dict[str, Any] = {  # ProvinceFigures; the gap keys, as above
        "leaders": totals["leaders"],
        "leaders_under_40": totals["leaders_under_40"],
        "share_under_40": percent(totals["leaders_under_40"], totals["leaders"]),
        "targets": {
            "under_40": {str(year): target for year, target in sorted(settings.under_40_targets.items())},
            "international": list(settings.international_targets),
        },
        # Not a target: the plan asks for a share "phù hợp"; this is what the leaders' share is shown beside.
        "ethnic_minority_population": (
            settings.ethnic_minority_population.as_dict() if settings.ethnic_minority_population else None
        ),
        **{name: totals[name] for name in gap_columns},
        "headcount": totals["headcount"],
        "women_staff": totals["women_staff"],
        "staff_counted_for_women": totals["staff_counted_for_women"],
        "agencies_women_rule": rules,
        "ethnic_minority_leaders": totals["ethnic_minority_leaders"],
        "ethnic_minority_leader_share": percent(totals["ethnic_minority_leaders"], totals["leaders"]),
        "ethnic_minority_staff": totals["ethnic_minority_staff"],
        "ethnic_minority_staff_share": percent(totals["ethnic_minority_staff"], totals["headcount"]),
        "staff_counted_for_international": totals["staff_counted_for_international"],
        "international_capable": totals["international_capable"],
        "international_share": percent(
            totals["international_capable"], totals["staff_counted_for_international"]
        ),
    }
    return {
        "as_of": as_of.isoformat(),
        "departments": departments,
        "province": cast(ProvinceFigures, province),
    }


def people_behind(
    staff: pl.DataFrame,
    leaders: pl.DataFrame,
    agency_id: int | None,
    measure_name: str,
    as_of: dt.date,
    settings: Settings = Settings(),
) -> list[int]:
    """The ids (ascending, each once) of the persons behind one number of measure(): `measure_name`
    is one of STAFF_MEASURES or LEADER_MEASURES; `agency_id` None means the province. The same
    predicates as measure(), so len(result) is the number shown."""
    staff = _checked(staff, STAFF_SCHEMA, "STAFF")
    leaders = _checked(leaders, LEADERS_SCHEMA, "LEADERS")
    if measure_name in STAFF_MEASURES:
        frame, predicate = staff, staff_predicates(settings)[measure_name]
    elif measure_name in LEADER_MEASURES:
        frame, predicate = leaders, leader_predicates(pl.lit(as_of))[measure_name]
    else:
        known = ", ".join((*STAFF_MEASURES, *LEADER_MEASURES))
        raise ValueError(f"Không có chỉ số “{measure_name}” (có: {known}).")
    if agency_id is not None:
        frame = frame.filter(pl.col("agency_id") == agency_id)
    ids: list[int] = frame.filter(predicate)["person_id"].unique().sort().to_list()
    return ids


# --- every unit of any level: the women test --------------------------------------------------------


def unit_ancestors(units: pl.DataFrame) -> pl.DataFrame:
    """(unit_id, ancestor_id, distance) for every unit of UNITS and each unit above it, the unit
    itself included at distance 0. A parent that is not in UNITS ends the chain (the unit is then a
    root of what is measured, as in the tree on a date); a cycle ends where it would repeat. One
    join per level of the tree."""
    ids = units.select(pl.col("unit_id").alias("parent_id"))
    parents = (
        units.select(pl.col("unit_id").alias("ancestor_id"), "parent_id")
        .drop_nulls("parent_id")
        .join(ids, on="parent_id", how="semi")
    )
    pairs = units.select(
        "unit_id", pl.col("unit_id").alias("ancestor_id"), pl.lit(0, pl.Int64).alias("distance")
    )
    frontier = pairs
    while frontier.height:
        frontier = (
            frontier.join(parents, on="ancestor_id")
            .select("unit_id", pl.col("parent_id").alias("ancestor_id"), pl.col("distance") + 1)
            .join(pairs, on=["unit_id", "ancestor_id"], how="anti")
        )
        pairs = pl.concat([pairs, frontier])
    return pairs


def checked_unit_tables(
    units: pl.DataFrame, staff: pl.DataFrame, leaders: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """UNITS, UNIT_STAFF and UNIT_LEADERS checked as checked_tables() checks its tables (parent_id may
    be empty: a root); rows at units not in UNITS dropped. ValueError naming every problem."""
    units = _checked(units, UNITS_SCHEMA, "UNITS", nullable=("parent_id",))
    staff = _checked(staff, UNIT_STAFF_SCHEMA, "UNIT_STAFF")
    leaders = _checked(leaders, UNIT_LEADERS_SCHEMA, "UNIT_LEADERS")
    problems = _bad_messages(
        [
            (_bad_values(staff, "sex", SEXES), "UNIT_STAFF"),
            (_bad_values(staff, "staff_category", STAFF_CATEGORIES), "UNIT_STAFF"),
            (_bad_values(leaders, "sex", SEXES), "UNIT_LEADERS"),
            (_bad_values(leaders, "level", LEADERSHIP_LEVELS), "UNIT_LEADERS"),
        ]
    )
    for column in ("unit_id", "code"):
        duplicated = units.filter(pl.col(column).is_duplicated())[column].unique().sort().to_list()
        if duplicated:
            problems.append(f"Bảng UNITS, cột {column}: trùng {', '.join(map(str, duplicated))}.")
    found = [problem for problem in problems if problem]
    if found:
        raise ValueError(" ".join(found))
    known = units.select("unit_id")
    return units, staff.join(known, on="unit_id", how="semi"), leaders.join(known, on="unit_id", how="semi")


def measure_units(
    units: pl.DataFrame,
    staff_by_unit: pl.DataFrame,
    unit_leaders: pl.DataFrame,
    as_of: dt.date,
    settings: Settings = Settings(),
) -> UnitsMeasured:
    """The women test of plan I.4 (RULES.md §6: a woman among the leaders of every unit whose staff
    are at least 1/3 women) and its counts for every unit of UNITS, whatever its level, on `as_of`.

    headcount, staff_counted_for_women and women_staff count the distinct persons with a row of
    UNIT_STAFF anywhere in the unit's subtree (the unit and every unit of UNITS below it);
    leaders and female_leaders the distinct holders of the unit's own leadership posts (UNIT_LEADERS
    at that unit only: a division's head leads the division, not its department). women_rule as in
    measure(): not_applicable without counted staff or below the threshold, else no_leader when the
    unit has no leader on record, met with a woman among its leaders and violated without one.

    One grouped computation for all units: each row of UNIT_STAFF is joined to its unit's
    ancestors (unit_ancestors). Units in tree order (depth first, siblings by code), each with its
    kind, depth (0 for a root) and parent's code; and the number of units per outcome of the rule."""
    units, staff, leaders = checked_unit_tables(units, staff_by_unit, unit_leaders)
    ancestors = unit_ancestors(units).lazy()
    on_staff = {name: staff_predicates(settings)[name] for name in UNIT_STAFF_MEASURES}
    on_leaders = {"leaders": pl.lit(True), "female_leaders": pl.col("sex") == "nu"}
    in_subtree = (
        staff.lazy()
        .join(ancestors.select("unit_id", "ancestor_id"), on="unit_id")
        .select("person_id", pl.col("ancestor_id").alias("unit_id"), "sex", "staff_category")
    )
    codes = units.lazy().select("unit_id", "code")
    paths = (
        ancestors.join(codes.rename({"unit_id": "ancestor_id"}), on="ancestor_id")
        .group_by("unit_id")
        .agg(
            pl.col("code").sort_by("distance", descending=True).str.join("\x1f").alias("path"),
            pl.col("distance").max().alias("depth"),
        )
    )
    counts = [*UNIT_STAFF_MEASURES, *UNIT_LEADER_MEASURES]
    rows = (
        units.lazy()
        .join(paths, on="unit_id")
        .join(codes.rename({"unit_id": "parent_id", "code": "parent_code"}), on="parent_id", how="left")
        .join(distinct_counts(in_subtree, ["unit_id"], on_staff), on="unit_id", how="left")
        .join(distinct_counts(leaders.lazy(), ["unit_id"], on_leaders), on="unit_id", how="left")
        .with_columns(pl.col(counts).fill_null(0))
        .with_columns(_women_rule_expr(settings.women_threshold).alias("women_rule"))
        .sort("path")
        .collect()
        .to_dicts()
    )
    result: list[UnitFigures] = [
        {
            "unit_code": row["code"],
            "unit_name": row["name"],
            "kind": row["kind"],
            "depth": row["depth"],
            "parent_code": row["parent_code"],
            "headcount": row["headcount"],
            "staff_counted_for_women": row["staff_counted_for_women"],
            "women_staff": row["women_staff"],
            "women_share": percent(row["women_staff"], row["staff_counted_for_women"]),
            "leaders": row["leaders"],
            "female_leaders": row["female_leaders"],
            "women_rule": row["women_rule"],
        }
        for row in rows
    ]
    rules: RuleCounts = {"met": 0, "violated": 0, "no_leader": 0, "not_applicable": 0}
    for row in result:
        rules[row["women_rule"]] += 1
    return {"as_of": as_of.isoformat(), "units": result, "women_rule": rules}
