"""Where the leaders of the departments will stand against the plan's targets (item I.4; RULES.md §6)
year by year, what is still missing to meet them, and the fewest appointments of people under 40 that
would. Plain Python and polars: no Django. Messages are Vietnamese, for the user.

The model (the baseline), evaluated on 31/12 of every year from the start year — a plausible future,
each assumption a setting (Settings; CANBO_FORECAST_*) and stated on the page:

- everyone retires on their date (RULES.md §1: at the end of that day, so they still count on it);
- a leader whose term ends is re-appointed (Settings.reappoint; Decree 138/2020/NĐ-CP art. 49(2),
  RULES.md §2): for a full term of 5 years (FULL_TERM_MONTHS) from the appointment, for a term
  until retirement when less than 5 years remain, or extended until retirement when less than 2
  remain — so a leader stays until retirement (last_day_in_post); without it, a leader leaves the
  day before the term ends;
- a post left is filled the next day (Settings.fill_vacancies): the i-th appointment of the
  province (in the order of the days, then agencies, then the persons they replace) is of a person
  under 40, a woman, an ethnic minority at the rates of the appointments of the last
  Settings.rate_window_years years (appointment_rates), handed out as nth_has_share does; the
  appointee is Settings.appointee_ages[0] (under 40) or [1] years old, and then ages, is
  re-appointed and retires like everyone else;
- everyone ages; "under 40" is age_on(birth, 31/12) < 40;
- a Scenario adds appointees on 1 July of each year (the start year included) on top of that.

Counts are of distinct persons, as in measure(): the province counts each person once.
"""

import datetime as dt
import heapq
import math
from collections.abc import Mapping, Sequence
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
    gap,
    leader_predicates,
    measure,
    percent,
    rational,
)
from canbo.indicators.engine.results import ForecastRow, Measured, OutlookYear, Rates
from canbo.people.retirement import FULL_TERM_MONTHS, age_on, reappointment_outcome, retirement_date

__all__ = [
    "APPOINTMENTS_SCHEMA",
    "APPOINTMENT_DAY",
    "FEWEST_AGE",
    "OLDER_AGE",
    "YOUNG_AGE",
    "Scenario",
    "appointment_rates",
    "fewest_appointments",
    "fewest_day",
    "fewest_from",
    "fewest_under_40",
    "forecast",
    "last_day_in_post",
    "nth_has_share",
    "outlook",
    "term_end",
    "years_before",
]

APPOINTMENT_DAY: Final = (7, 1)  # scenario appointments are made on 1 July (month, day)
YOUNG_AGE, OLDER_AGE = Settings().appointee_ages  # the default ages of appointees under 40 and not
FEWEST_AGE = 30  # age of the appointees of fewest_under_40, on the day they are appointed
_PROVINCE: Final = "province"

# The appointments the rates of the baseline come from (the caller picks them: appointments to an
# agency's head or deputy post, a move into one included, neither a re-appointment nor a hand-over).
APPOINTMENTS_SCHEMA: Final = pl.Schema(
    {
        "person_id": pl.Int64,
        "agency_id": pl.Int64,
        "appointed_on": pl.Date,
        "sex": pl.String,
        "birth_date": pl.Date,
        "ethnic_minority": pl.Boolean,
    }
)


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


def years_before(day: dt.date, years: int) -> dt.date:
    """The same day `years` earlier (28/02 for a 29/02 that the year lacks)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return dt.date(day.year - years, 2, 28)


# Decree 138/2020/NĐ-CP art. 49(2) (RULES.md §2): at the end of a term a leader with 5 years of
# service or more left is re-appointed for a full term; with less, for a term until retirement; with
# less than 2 years, the post is extended until retirement. Retirement: RULES.md §1.
def last_day_in_post(birth: dt.date, sex: str, appointed_on: dt.date, *, reappoint: bool) -> dt.date:
    """The last day a leader appointed on appointed_on holds the post: the retirement date, or, when
    nobody is re-appointed (reappoint False), the day before the term ends if that comes first.
    Re-appointed at each term's end, the leader goes from full term to full term until fewer than 60
    months remain, and then stays until retirement."""
    retirement = retirement_date(birth, sex == "nam")
    last = term_end(appointed_on) - dt.timedelta(days=1)
    while reappoint and last < retirement:
        next_term = last + dt.timedelta(days=1)
        if reappointment_outcome(birth, sex == "nam", next_term) != "reappoint":
            return retirement  # a term until retirement, or an extension until retirement
        last = term_end(next_term) - dt.timedelta(days=1)
    return min(retirement, last)


def _round_half_up(value: Fraction) -> int:
    return math.floor(value + Fraction(1, 2))


def nth_has_share(index: int, share: float | Fraction) -> bool:
    """Whether the index-th appointee (from 0) has an attribute handed out at `share` (0–1)."""
    exact = share if isinstance(share, Fraction) else rational(share)
    return _round_half_up(exact * (index + 1)) > _round_half_up(exact * index)


def _share(part: int, whole: int) -> Fraction:
    return Fraction(part, whole) if whole else Fraction(0)


# The baseline fills a vacancy "at the current rate of appointments" (issue 12.16): the rate of the
# appointments of the last Settings.rate_window_years years, the whole province's.
def appointment_rates(
    appointments: pl.DataFrame, leaders: pl.DataFrame, start: dt.date, settings: Settings
) -> Rates:
    """Of the appointments made from `since` (start − rate_window_years years) to start, both
    included: how many, and how many of them were of a person under 40 on that day, a woman, an
    ethnic minority, with the shares (percent). Without any appointment in that time the rates are
    the start date's leaders' (basis "leaders"): nothing better says who would be appointed."""
    since = years_before(start, settings.rate_window_years)
    table = appointments.select([pl.col(name).cast(dtype) for name, dtype in APPOINTMENTS_SCHEMA.items()])
    made = table.filter(pl.col("appointed_on").is_between(since, start))
    basis = "appointments"
    if made.height:
        young = [age_on(b, on) < UNDER_AGE for b, on in made.select("birth_date", "appointed_on").iter_rows()]
        whole, under, women, minority = (
            made.height,
            sum(young),
            made.filter(pl.col("sex") == "nu").height,
            made.filter(pl.col("ethnic_minority")).height,
        )
    else:
        basis = "leaders"
        people = leaders.unique("person_id", keep="first")
        whole = people.height
        under = sum(age_on(b, start) < UNDER_AGE for b in people["birth_date"])
        women = people.filter(pl.col("sex") == "nu").height
        minority = people.filter(pl.col("ethnic_minority")).height
    return {
        "appointments": whole,
        "under_40": under,
        "women": women,
        "minority": minority,
        "share_under_40": percent(under, whole) or 0.0,
        "share_women": percent(women, whole) or 0.0,
        "share_minority": percent(minority, whole) or 0.0,
        "since": since.isoformat(),
        "basis": basis,  # type: ignore[typeddict-item]
    }


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
_Person = tuple[int, int, str, dt.date, bool, dt.date, dt.date]


def _appointee(
    person_id: int, agency_id: int, day: dt.date, index: int, shares: tuple[Fraction, ...], settings: Settings
) -> _Person:
    """The index-th appointee of a sequence whose attributes are handed out at shares (under 40,
    women, ethnic minorities), appointed on `day` at the age the settings give."""
    under_40, women, minority = shares
    age = settings.appointee_ages[0] if nth_has_share(index, under_40) else settings.appointee_ages[1]
    birth = years_before(day, age)
    sex = "nu" if nth_has_share(index, women) else "nam"
    last = last_day_in_post(birth, sex, day, reappoint=settings.reappoint)
    return (person_id, agency_id, sex, birth, nth_has_share(index, minority), day, last)


def _persons(
    leaders: pl.DataFrame,
    start: dt.date,
    to_year: int,
    settings: Settings,
    rates: Rates | None,
    scenario: Scenario | None,
) -> pl.DataFrame:
    """The leaders, the scenario's appointees and those who fill the posts they leave (up to
    31/12/to_year), each with the first and last day in post. Appointees get negative ids."""
    rows: list[_Person] = [
        (
            row["person_id"],
            row["agency_id"],
            row["sex"],
            row["birth_date"],
            row["ethnic_minority"],
            row["appointed_on"],
            last_day_in_post(
                row["birth_date"], row["sex"], row["appointed_on"], reappoint=settings.reappoint
            ),
        )
        for row in leaders.iter_rows(named=True)
    ]
    next_id = -1
    if scenario is not None:
        chosen = tuple(
            rational(s) for s in (scenario.share_under_40, scenario.share_women, scenario.share_minority)
        )
        for agency_id, count in sorted(scenario.appointments_per_year.items()):
            index = 0
            for year in range(start.year, to_year + 1):
                day = dt.date(year, *APPOINTMENT_DAY)
                for _ in range(count):
                    rows.append(_appointee(next_id, agency_id, day, index, chosen, settings))
                    next_id -= 1
                    index += 1
    if not settings.fill_vacancies:
        return pl.DataFrame(rows, schema=_PERSONS_SCHEMA, orient="row")
    return pl.DataFrame(_filled(rows, start, to_year, settings, rates, next_id), schema=_PERSONS_SCHEMA,
                        orient="row")  # fmt: skip


def _filled(
    rows: list[_Person], start: dt.date, to_year: int, settings: Settings, rates: Rates | None, next_id: int
) -> list[_Person]:
    """rows and, for every post left on or before 31/12/to_year, its new holder from the next day
    (the start date at the earliest), in the order of the days, then agencies, then the persons left."""
    horizon = dt.date(to_year, 12, 31)
    whole = rates["appointments"] if rates else 0
    shares = (
        _share(rates["under_40"], whole) if rates else Fraction(0),
        _share(rates["women"], whole) if rates else Fraction(0),
        _share(rates["minority"], whole) if rates else Fraction(0),
    )
    heap = [(max(r[6] + dt.timedelta(days=1), start), r[1], -r[0]) for r in rows if r[6] < horizon]
    heapq.heapify(heap)
    result, index = list(rows), 0
    while heap:
        day, agency_id, _left = heapq.heappop(heap)
        new = _appointee(next_id, agency_id, day, index, shares, settings)
        result.append(new)
        if new[6] < horizon:
            heapq.heappush(heap, (new[6] + dt.timedelta(days=1), agency_id, -next_id))
        next_id -= 1
        index += 1
    return result


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
    rates: Rates | None = None,
) -> list[ForecastRow]:
    """One row per year (start.year … to_year) and agency (by code), then the province's row:
    {year, unit_code ("province" for the province), leaders, leaders_under_40, share_under_40
    (percent, one decimal; None without leaders), target_under_40 (the year's target or None),
    meets_under_40 (None without a target or without leaders), female_leaders,
    ethnic_minority_leaders}. rates: appointment_rates(), at which the baseline fills vacancies (None:
    nobody under 40, no woman, no minority among them). `staff` is checked but not used: the targets
    forecast are the leaders'."""
    if to_year < start.year:
        raise ValueError(f"Năm cuối dự báo ({to_year}) trước năm bắt đầu ({start.year}).")
    agencies, _staff, leaders = checked_tables(agencies, staff, leaders)
    if scenario is not None:
        unknown = sorted(set(scenario.appointments_per_year) - set(agencies["unit_id"].to_list()))
        if unknown:
            raise ValueError(f"Kịch bản bổ nhiệm cho cơ quan không có trong danh sách: {unknown}.")
    years = _years(start, to_year, settings).lazy()
    in_post = (
        _persons(leaders, start, to_year, settings, rates, scenario)
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


def fewest_day(start: dt.date) -> dt.date:
    """The day the appointees of fewest_added are appointed: 1 July of the start year, or the start
    date when that is later (never a day already past)."""
    return max(start, dt.date(start.year, *APPOINTMENT_DAY))


def _target_year(
    year: int, target: float, start: dt.date, figures: Mapping[str, object], basis: str
) -> OutlookYear:
    leaders, under = int(figures["leaders"]), int(figures["leaders_under_40"])  # type: ignore[call-overload]
    needed = gap(leaders, 0, target)  # ⌈target × leaders⌉
    fewest = None
    if basis == "forecast":
        appointee_birth = years_before(fewest_day(start), FEWEST_AGE)
        young = age_on(appointee_birth, dt.date(year, 12, 31)) < UNDER_AGE
        fewest = fewest_appointments(leaders, under, target, young)
    return {
        "year": year,
        "target": target,
        "on": (dt.date(year, 12, 31) if basis == "forecast" else start).isoformat(),
        "basis": basis,  # type: ignore[typeddict-item]
        "leaders": leaders,
        "leaders_under_40": under,
        "share_under_40": percent(under, leaders),
        "needed": needed,
        "shortfall": max(0, needed - under),
        "fewest_added": fewest,
    }


# Issue 12.16: the cards' "còn thiếu" and the fewest appointments come from the same numbers — the
# baseline's leaders on 31/12 of the target year (the start date's own once the year is over).
def outlook(
    measured: Measured, baseline: Sequence[ForecastRow], start: dt.date, settings: Settings
) -> dict[str, dict[str, OutlookYear]]:
    """For each agency (by code) and "province", for each target year (as a string): the target
    year's figures (results.OutlookYear) — from the baseline forecast on 31/12 of the year when the
    year is not over on `start`, else from what measure() found on `start`. The baseline must start
    on `start` and reach the last target year not over."""
    projected = {(row["unit_code"], row["year"]): row for row in baseline}
    on_start: dict[str, Mapping[str, object]] = {
        d["unit_code"]: d  # type: ignore[misc]
        for d in measured["departments"]
    }
    on_start[_PROVINCE] = measured["province"]  # type: ignore[assignment]
    result: dict[str, dict[str, OutlookYear]] = {}
    for code, figures in on_start.items():
        result[code] = {}
        for year, target in sorted(settings.under_40_targets.items()):
            if year >= start.year:
                row = _target_year(year, target, start, projected[(code, year)], "forecast")
            else:
                row = _target_year(year, target, start, figures, "measured")
            result[code][str(year)] = row
    return result


def fewest_under_40(
    agencies: pl.DataFrame,
    staff: pl.DataFrame,
    leaders: pl.DataFrame,
    start: dt.date,
    settings: Settings,
    rates: Rates | None = None,
) -> dict[str, dict[str, int | None]]:
    """For each agency (by code) and "province": {"<year>": n for each target year, "needed": the
    largest of them}, where n is the outlook's fewest_added: the fewest appointments of people under
    40 (made on fewest_day(start), aged FEWEST_AGE, staying) on top of that year's baseline leaders
    that bring the share of leaders under 40 on 31/12 of the year to the target. n is None for a
    target year before start.year (already past) or when no number of appointments reaches it;
    "needed" is None when every year's n is."""
    measured = measure(agencies, staff, leaders, start, settings)
    open_years = [year for year in settings.under_40_targets if year >= start.year]
    last = max(open_years, default=None)
    baseline = forecast(agencies, staff, leaders, start, last, settings, rates=rates) if last else []
    return fewest_from(outlook(measured, baseline, start, settings))


def fewest_from(table: Mapping[str, Mapping[str, OutlookYear]]) -> dict[str, dict[str, int | None]]:
    """outlook()'s fewest_added by code and year, with "needed", the largest of a code's years."""
    result: dict[str, dict[str, int | None]] = {}
    for code, years in table.items():
        answer: dict[str, int | None] = {year: row["fewest_added"] for year, row in years.items()}
        values = [value for value in answer.values() if value is not None]
        answer["needed"] = max(values) if values else None
        result[code] = answer
    return result
