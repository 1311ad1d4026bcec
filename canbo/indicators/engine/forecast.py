"""Where the leaders of the departments will stand against the plan's targets (item I.4; RULES.md §6)
year by year, and the fewest appointments of people under 40 that would meet them. Plain Python and
polars: no Django. Messages are Vietnamese, for the user.

The model, evaluated on 31/12 of every year from the start year:

- a leader is in post from appointed_on to the last day of their post, the earlier of their
  retirement date (RULES.md §1: retirement is at the end of that day, so they still count on it)
  and the day before their term ends, 5 years (FULL_TERM_MONTHS) after appointed_on; the baseline
  re-appoints nobody, so a leader no longer counts once the term has ended;
- everyone ages; "under 40" is age_on(birth, 31/12) < 40;
- a Scenario adds appointees on 1 July of each year (the start year included), each with a 5-year
  term, who then age, retire and end their terms like everyone else.

Counts are of distinct persons, as in measure(): the province counts each person once.
"""

import datetime as dt
import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Final

import polars as pl

from canbo.indicators.engine.measure import (
    LEADER_MEASURES,
    UNDER_AGE,
    Settings,
    checked_tables,
    distinct_counts,
    leader_predicates,
    percent,
    rational,
)
from canbo.indicators.engine.results import ForecastRow
from canbo.people.retirement import FULL_TERM_MONTHS, age_on, retirement_date

__all__ = [
    "APPOINTMENT_DAY",
    "FEWEST_AGE",
    "OLDER_AGE",
    "YOUNG_AGE",
    "Scenario",
    "fewest_appointments",
    "fewest_under_40",
    "forecast",
    "nth_has_share",
    "term_end",
]

APPOINTMENT_DAY: Final = (7, 1)  # scenario appointments are made on 1 July (month, day)
YOUNG_AGE, OLDER_AGE = 35, 45  # ages of scenario appointees under 40 and not under 40, on 1 July
FEWEST_AGE = 30  # age of the appointees of fewest_under_40, on 1 July of the start year
_PROVINCE: Final = "province"


@dataclass(frozen=True)
class Scenario:
    """New leaders a year per agency (agency_id → number; none: the baseline) and the shares of
    them who are under 40, women, ethnic minorities (each from 0 to 1). Attributes are handed out
    deterministically: the i-th appointee of an agency (counting across years, i from 0) has an
    attribute of share s when round(s·(i+1)) > round(s·i), rounding half up, so that after n
    appointments exactly round(s·n) have it (3 appointments at 1/3: the second one)."""

    appointments_per_year: dict[int, int] = field(default_factory=dict)
    share_under_40: float = 0.0
    share_women: float = 0.0
    share_minority: float = 0.0

    def __post_init__(self) -> None:
        problems = [
            f"Tỷ lệ {label} ({share}) phải từ 0 đến 1."
            for label, share in (
                ("dưới 40 tuổi", self.share_under_40),
                ("nữ", self.share_women),
                ("người dân tộc thiểu số", self.share_minority),
            )
            if not 0 <= share <= 1
        ]
        problems += [
            f"Số người bổ nhiệm mỗi năm của cơ quan {agency_id} ({count}) không được âm."
            for agency_id, count in self.appointments_per_year.items()
            if count < 0
        ]
        if problems:
            raise ValueError(" ".join(problems))


def term_end(appointed_on: dt.date, months: int = FULL_TERM_MONTHS) -> dt.date:
    """The first day after a term of `months` from appointed_on: the same day `months` later, or
    the 1st of the next month when that month is too short (29/02/2020 + 5 years → 01/03/2025, as
    age_on moves the birthday of a person born on 29 February)."""
    index = 12 * appointed_on.year + appointed_on.month - 1 + months
    year, month = index // 12, index % 12 + 1
    try:
        return dt.date(year, month, appointed_on.day)
    except ValueError:
        return dt.date(year + month // 12, month % 12 + 1, 1)


def _last_day(birth: dt.date, sex: str, appointed_on: dt.date) -> dt.date:
    return min(retirement_date(birth, sex == "nam"), term_end(appointed_on) - dt.timedelta(days=1))


def _round_half_up(value: Fraction) -> int:
    return math.floor(value + Fraction(1, 2))


def nth_has_share(index: int, share: float) -> bool:
    """Whether the index-th appointee (from 0) has an attribute handed out at `share` (0–1)."""
    exact = rational(share)
    return _round_half_up(exact * (index + 1)) > _round_half_up(exact * index)


_PERSONS_SCHEMA: Final = pl.Schema(
    {
        "person_id": pl.Int64,
        "agency_id": pl.Int64,
        "sex": pl.String,
        "birth_date": pl.Date,
        "ethnic_minority": pl.Boolean,
        "first_day": pl.Date,
        "last_day": pl.Date,
    }
)


def _persons(leaders: pl.DataFrame, start: dt.date, to_year: int, scenario: Scenario | None) -> pl.DataFrame:
    """The leaders and the scenario's appointees, each with the first and last day in post."""
    rows = [
        (
            row["person_id"],
            row["agency_id"],
            row["sex"],
            row["birth_date"],
            row["ethnic_minority"],
            row["appointed_on"],
            _last_day(row["birth_date"], row["sex"], row["appointed_on"]),
        )
        for row in leaders.iter_rows(named=True)
    ]
    if scenario is None:
        return pl.DataFrame(rows, schema=_PERSONS_SCHEMA, orient="row")
    next_id = -1  # appointees get negative ids, never a real person's
    for agency_id, count in sorted(scenario.appointments_per_year.items()):
        index = 0
        for year in range(start.year, to_year + 1):
            appointed = dt.date(year, *APPOINTMENT_DAY)
            for _ in range(count):
                age = YOUNG_AGE if nth_has_share(index, scenario.share_under_40) else OLDER_AGE
                birth = dt.date(year - age, *APPOINTMENT_DAY)
                sex = "nu" if nth_has_share(index, scenario.share_women) else "nam"
                minority = nth_has_share(index, scenario.share_minority)
                rows.append(
                    (next_id, agency_id, sex, birth, minority, appointed, _last_day(birth, sex, appointed))
                )
                next_id -= 1
                index += 1
    return pl.DataFrame(rows, schema=_PERSONS_SCHEMA, orient="row")


def _years(start: dt.date, to_year: int, settings: Settings) -> pl.DataFrame:
    years = list(range(start.year, to_year + 1))
    targets = [settings.under_40_targets.get(year) for year in years]
    exact = [rational(target) / 100 if target is not None else None for target in targets]
    return pl.DataFrame(
        {
            "year": years,
            "on": [dt.date(year, 12, 31) for year in years],
            "target_under_40": targets,
            "target_p": [share.numerator if share is not None else None for share in exact],
            "target_q": [share.denominator if share is not None else None for share in exact],
        },
        schema={
            "year": pl.Int64,
            "on": pl.Date,
            "target_under_40": pl.Float64,
            "target_p": pl.Int64,
            "target_q": pl.Int64,
        },
    )


def forecast(
    agencies: pl.DataFrame,
    staff: pl.DataFrame,
    leaders: pl.DataFrame,
    start: dt.date,
    to_year: int,
    settings: Settings,
    scenario: Scenario | None = None,
) -> list[ForecastRow]:
    """One row per year (start.year … to_year) and agency (by code), then the province's row:
    {year, unit_code ("province" for the province), leaders, leaders_under_40, share_under_40
    (percent, one decimal; None without leaders), target_under_40 (the year's target or None),
    meets_under_40 (None without a target or without leaders), female_leaders,
    ethnic_minority_leaders}. `staff` is checked but not used: the targets forecast are the
    leaders'."""
    if to_year < start.year:
        raise ValueError(f"Năm cuối dự báo ({to_year}) trước năm bắt đầu ({start.year}).")
    agencies, _staff, leaders = checked_tables(agencies, staff, leaders)
    if scenario is not None:
        unknown = sorted(set(scenario.appointments_per_year) - set(agencies["unit_id"].to_list()))
        if unknown:
            raise ValueError(f"Kịch bản bổ nhiệm cho cơ quan không có trong danh sách: {unknown}.")
    years = _years(start, to_year, settings).lazy()
    in_post = (
        _persons(leaders, start, to_year, scenario)
        .lazy()
        .join(years.select("year", "on"), how="cross")
        .filter((pl.col("first_day") <= pl.col("on")) & (pl.col("on") <= pl.col("last_day")))
    )
    predicates = leader_predicates(pl.col("on"))
    units = agencies.lazy().select(pl.col("unit_id").alias("agency_id"), pl.col("code").alias("unit_code"))
    per_agency = (
        units.join(years, how="cross")
        .join(
            distinct_counts(in_post, ["year", "agency_id"], predicates), on=["year", "agency_id"], how="left"
        )
        .drop("agency_id")
        .with_columns(pl.lit(0).alias("order"))
    )
    province = (
        years.join(distinct_counts(in_post, ["year"], predicates), on="year", how="left")
        .with_columns(pl.lit(_PROVINCE).alias("unit_code"), pl.lit(1).alias("order"))
        .select(per_agency.collect_schema().names())
    )
    leaders_, under = pl.col("leaders"), pl.col("leaders_under_40")
    rows = (
        pl.concat([per_agency, province])
        .with_columns(pl.col(list(LEADER_MEASURES)).fill_null(0))
        .with_columns(
            meets_under_40=pl.when(pl.col("target_p").is_not_null() & (leaders_ > 0)).then(
                under * pl.col("target_q") >= pl.col("target_p") * leaders_
            )
        )
        .sort("year", "order", "unit_code")
        .select(
            "year",
            "unit_code",
            "leaders",
            "leaders_under_40",
            "target_under_40",
            "meets_under_40",
            "female_leaders",
            "ethnic_minority_leaders",
        )
        .collect()
        .to_dicts()
    )
    return [
        {
            "year": row["year"],
            "unit_code": row["unit_code"],
            "leaders": row["leaders"],
            "leaders_under_40": row["leaders_under_40"],
            "share_under_40": percent(row["leaders_under_40"], row["leaders"]),
            "target_under_40": row["target_under_40"],
            "meets_under_40": row["meets_under_40"],
            "female_leaders": row["female_leaders"],
            "ethnic_minority_leaders": row["ethnic_minority_leaders"],
        }
        for row in rows
    ]


def fewest_appointments(
    leaders: int, under_40: int, target: float, appointees_under_40: bool = True
) -> int | None:
    """The smallest n ≥ 0 with (under_40 + n)/(leaders + n) ≥ target/100 and leaders + n > 0 (a
    share needs a leader), or None if no n reaches it. With target/100 = p/q in lowest terms:
    q(u + n) ≥ p(L + n) ⇔ n(q − p) ≥ pL − qu, so for p < q, n = max(0, ⌈(pL − qu)/(q − p)⌉), raised to
    1 when L = 0. For p = q (100 %) only u = L works. If the appointees are no longer under 40 in
    the target year (appointees_under_40 False), they only add to the leaders: n = 0 if the share
    is already met, else None."""
    if not 0 <= under_40 <= leaders:
        raise ValueError(f"Số lãnh đạo dưới 40 tuổi ({under_40}) phải từ 0 đến số lãnh đạo ({leaders}).")
    share = rational(target) / 100
    p, q = share.numerator, share.denominator
    if not appointees_under_40:
        if leaders > 0:
            return 0 if q * under_40 >= p * leaders else None
        return 1 if p == 0 else None
    if p == q:
        return (0 if under_40 == leaders else None) if leaders > 0 else 1
    n = max(0, -((q * under_40 - p * leaders) // (q - p)))  # ⌈(pL − qu)/(q − p)⌉
    return n if leaders + n > 0 else 1


def fewest_under_40(
    agencies: pl.DataFrame,
    staff: pl.DataFrame,
    leaders: pl.DataFrame,
    start: dt.date,
    settings: Settings,
) -> dict[str, dict[str, int | None]]:
    """For each agency (by code) and "province": {"<year>": n for each target year, "needed": the
    largest of them}, where n is the fewest appointments of people under 40 (made on 1 July of
    start.year, aged FEWEST_AGE, assumed to stay) that bring that year's baseline share of leaders
    under 40 to the target (fewest_appointments on the baseline forecast's leaders and leaders under
    40 on 31/12 of the year). n is None for a target year before start.year (already past) or when
    no number of appointments reaches it; "needed" is None when every year's n is."""
    target_years = sorted(settings.under_40_targets)
    agencies, staff, leaders = checked_tables(agencies, staff, leaders)
    codes = sorted(agencies["code"].to_list())
    open_years = [year for year in target_years if year >= start.year]
    baseline = forecast(agencies, staff, leaders, start, max(open_years), settings) if open_years else []
    projected = {(row["unit_code"], row["year"]): row for row in baseline}
    appointee_birth = dt.date(start.year - FEWEST_AGE, *APPOINTMENT_DAY)
    result: dict[str, dict[str, int | None]] = {}
    for code in [*codes, _PROVINCE]:
        answer: dict[str, int | None] = {}
        for year in target_years:
            if year < start.year:
                answer[str(year)] = None
                continue
            row = projected[(code, year)]
            young = age_on(appointee_birth, dt.date(year, 12, 31)) < UNDER_AGE
            answer[str(year)] = fewest_appointments(
                row["leaders"], row["leaders_under_40"], settings.under_40_targets[year], young
            )
        values = [value for value in answer.values() if value is not None]
        answer["needed"] = max(values) if values else None
        result[code] = answer
    return result
