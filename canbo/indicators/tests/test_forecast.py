"""The forecast of the leaders against the plan's I.4 targets (indicators.engine.forecast), on small
tables worked out by hand (the arithmetic is in the comments), and fewest_under_40 against a brute
force. No database.

The baseline's assumptions are settings: the first tests take them away (OLD: nobody re-appointed, no
vacancy filled) to check the mechanics of retirement and terms alone; the tests after "the baseline"
check each assumption (issue 12.16)."""

import datetime as dt
from collections import Counter
from fractions import Fraction
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from canbo.indicators.engine.forecast import (
    APPOINTMENTS_SCHEMA,
    Scenario,
    appointment_rates,
    fewest_appointments,
    fewest_under_40,
    forecast,
    last_day_in_post,
    nth_has_share,
    outlook,
    term_end,
)
from canbo.indicators.engine.measure import AGENCIES_SCHEMA, LEADERS_SCHEMA, STAFF_SCHEMA, Settings, measure
from canbo.people.retirement import age_on, retirement_date

D = dt.date
SETTINGS = Settings()
OLD = Settings(reappoint=False, fill_vacancies=False)  # terms end, nobody replaces anybody
BORN_1970, APPOINTED_2024 = D(1970, 1, 1), D(2024, 1, 1)
NO_STAFF = pl.DataFrame(schema=STAFF_SCHEMA)


def agencies(*rows: tuple[int, str, str]) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema=AGENCIES_SCHEMA, orient="row")


def leader(
    person: int,
    agency: int,
    sex: str = "nam",
    *,
    birth: dt.date = BORN_1970,
    appointed: dt.date = APPOINTED_2024,
    minority: bool = False,
) -> tuple[Any, ...]:
    return (person, agency, "agency_deputy", appointed, sex, birth, minority)


def leaders(*rows: tuple[Any, ...]) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema=LEADERS_SCHEMA, orient="row")


def rows_of(result: list[dict[str, Any]], code: str) -> dict[int, dict[str, Any]]:
    return {row["year"]: row for row in result if row["unit_code"] == code}


ONE = agencies((1, "S01", "Sở Nội vụ"))


# --- baseline: retirement and terms ----------------------------------------------------------------


def test_a_leader_retiring_mid_period_drops_out_the_next_31_december() -> None:
    # A man born 15/05/1964: in 2024 the age is 720 + 3·4 = 732 months (61y) → 5/2025, not in 2024;
    # in 2025 it is 735 (61y3m) → 8/2025, in 2025: he retires on 31/08/2025.
    assert retirement_date(D(1964, 5, 15), True) == D(2025, 8, 31)
    table = leaders(leader(1, 1, birth=D(1964, 5, 15), appointed=D(2022, 3, 1)))  # term until 28/02/2027
    by_year = rows_of(forecast(ONE, NO_STAFF, table, D(2024, 6, 1), 2026, OLD), "S01")
    assert [by_year[y]["leaders"] for y in (2024, 2025, 2026)] == [1, 0, 0]
    assert by_year[2025]["share_under_40"] is None and by_year[2025]["meets_under_40"] is None  # nobody left


def test_a_leader_still_counts_on_the_retirement_date_itself() -> None:
    # A man born 9/1964: 9/1964 + 61y3m (2025's age, 735 months) = 12/2025 → retires on 31/12/2025,
    # at the end of that day (Decree 135/2020 art. 3): he still counts on 31/12/2025, not on 31/12/2026.
    assert retirement_date(D(1964, 9, 10), True) == D(2025, 12, 31)
    table = leaders(leader(1, 1, birth=D(1964, 9, 10), appointed=D(2023, 1, 1)))
    by_year = rows_of(forecast(ONE, NO_STAFF, table, D(2025, 1, 1), 2026, OLD), "S01")
    assert (by_year[2025]["leaders"], by_year[2026]["leaders"]) == (1, 0)


def test_a_term_ends_five_years_after_appointment() -> None:
    # Appointed 01/07/2021: the term ends on 01/07/2026, the last day in post is 30/06/2026.
    assert term_end(D(2021, 7, 1)) == D(2026, 7, 1)
    assert term_end(D(2020, 2, 29)) == D(2025, 3, 1)  # no 29/02/2025: the 1st of the next month
    # A woman born 01/01/1988: 37 on 31/12/2025 → under 40; she retires in the 2040s.
    table = leaders(leader(1, 1, "nu", birth=D(1988, 1, 1), appointed=D(2021, 7, 1), minority=True))
    by_year = rows_of(forecast(ONE, NO_STAFF, table, D(2025, 3, 1), 2026, OLD), "S01")
    assert by_year[2025] == {
        "year": 2025,
        "unit_code": "S01",
        "leaders": 1,
        "leaders_under_40": 1,
        "share_under_40": 100.0,
        "target_under_40": 10.0,
        "meets_under_40": True,
        "female_leaders": 1,
        "ethnic_minority_leaders": 1,
    }
    # 31/12/2026 is after 30/06/2026: no re-appointment in the baseline, she no longer counts.
    assert by_year[2026]["leaders"] == 0 and by_year[2026]["target_under_40"] is None


def test_rows_for_every_agency_and_the_province_every_year() -> None:
    two = agencies((2, "S02", "Sở Tài chính"), (1, "S01", "Sở Nội vụ"))
    table = leaders(leader(1, 1), leader(2, 2, birth=D(1990, 5, 5)))
    result = forecast(two, NO_STAFF, table, D(2025, 1, 1), 2027, OLD)
    assert [(r["year"], r["unit_code"]) for r in result] == [
        (year, code) for year in (2025, 2026, 2027) for code in ("S01", "S02", "province")
    ]
    # 2025: S01 born 1970 (55), S02 born 1990 (35): province 2 leaders, 1 under 40 = 50 % ≥ 10 %.
    assert rows_of(result, "province")[2025]["share_under_40"] == 50.0
    assert rows_of(result, "province")[2025]["meets_under_40"] is True
    assert rows_of(result, "S01")[2025]["meets_under_40"] is False  # 0 of 1 < 10 %
    with pytest.raises(ValueError, match="trước năm bắt đầu"):
        forecast(two, NO_STAFF, table, D(2025, 1, 1), 2024, OLD)


def test_meets_under_40_at_the_boundary() -> None:
    # 2025: 10 leaders, 1 under 40 → exactly 10 % → met; 2030 needs 15 %: 3 of 20 → met, 2 of 20 → not.
    ten = leaders(leader(1, 1, birth=D(1990, 1, 1)), *[leader(p, 1) for p in range(2, 11)])
    assert (
        rows_of(forecast(ONE, NO_STAFF, ten, D(2025, 1, 1), 2025, OLD), "S01")[2025]["meets_under_40"] is True
    )
    for young, met in ((3, True), (2, False)):
        table = leaders(
            *[leader(p, 1, birth=D(1995, 1, 1), appointed=D(2026, 1, 1)) for p in range(1, young + 1)],
            *[leader(p, 1, appointed=D(2026, 1, 1)) for p in range(young + 1, 21)],
        )
        row = rows_of(forecast(ONE, NO_STAFF, table, D(2026, 1, 1), 2030, OLD), "S01")[2030]
        assert (row["leaders"], row["leaders_under_40"], row["meets_under_40"]) == (20, young, met)


# --- the baseline: re-appointed, retired, replaced (issue 12.16; RULES.md §1–§2) -------------------


def test_a_leader_is_reappointed_at_each_term_end_until_retirement() -> None:
    # A man born 10/10/1975 retires at 62 (born from 4/1966): 10/2037 → 31/10/2037. Appointed
    # 01/03/2022: the term ends 01/03/2027 with 127 months left (10/2037 − 3/2027) ≥ 60 → a full term
    # to 29/02/2032 (2032 is a leap year); on 01/03/2032 67 months left ≥ 60 → a full term to 28/02/2037;
    # on 01/03/2037 7 months left < 24 → extended until retirement: 31/10/2037.
    assert retirement_date(D(1975, 10, 10), True) == D(2037, 10, 31)
    assert last_day_in_post(D(1975, 10, 10), "nam", D(2022, 3, 1), reappoint=True) == D(2037, 10, 31)
    assert last_day_in_post(D(1975, 10, 10), "nam", D(2022, 3, 1), reappoint=False) == D(2027, 2, 28)
    # A man born 01/01/1968 retires 31/01/2030 (62). Appointed 01/07/2022, the term ends 01/07/2027 with
    # 30 months left: fewer than 60, at least 24 → a term until retirement.
    assert last_day_in_post(D(1968, 1, 1), "nam", D(2022, 7, 1), reappoint=True) == D(2030, 1, 31)
    # A woman born 15/06/1970 retires at 57y4m (2027's age, 688 months) in 10/2027: 31/10/2027.
    # Appointed 01/01/2021, the term ends 01/01/2026 with 21 months left < 24 → extended until then.
    assert retirement_date(D(1970, 6, 15), False) == D(2027, 10, 31)
    assert last_day_in_post(D(1970, 6, 15), "nu", D(2021, 1, 1), reappoint=True) == D(2027, 10, 31)


RATES_HALF: Any = {"appointments": 2, "under_40": 1, "women": 0, "minority": 0}


def test_the_baseline_reappoints_and_fills_a_vacancy_at_the_rate() -> None:
    # S01 on 01/01/2025: P1, a man born 10/03/1965, appointed 01/01/2023, retires 30/09/2026 (61y6m,
    # 2026's age); P2, a woman born 01/01/1990, appointed 01/01/2022: her term ends on 31/12/2026 and
    # she is re-appointed (decades left). Vacancies are filled at 1 of 2 appointments under 40: the
    # first one (round(1/2) = 1 > 0) is under 40 — P1's successor from 01/10/2026, aged 35 (born
    # 01/10/1991), 39 on 31/12/2030. P2 is 39 on 31/12/2029 and 40 on 31/12/2030.
    assert retirement_date(D(1965, 3, 10), True) == D(2026, 9, 30)
    table = leaders(
        leader(1, 1, birth=D(1965, 3, 10), appointed=D(2023, 1, 1)),
        leader(2, 1, "nu", birth=D(1990, 1, 1), appointed=D(2022, 1, 1)),
    )
    rows = rows_of(forecast(ONE, NO_STAFF, table, D(2025, 1, 1), 2030, SETTINGS, rates=RATES_HALF), "S01")
    assert [(rows[y]["leaders"], rows[y]["leaders_under_40"]) for y in range(2025, 2031)] == [
        (2, 1), (2, 2), (2, 2), (2, 2), (2, 2), (2, 1),
    ]  # fmt: skip
    # The successor is a man (no woman among the appointments the rate comes from): 1 woman throughout.
    assert {rows[y]["female_leaders"] for y in range(2025, 2031)} == {1}
    # Without a rate the successor is 45 and never under 40: 2026–2029 one under 40 (P2), 2030 none.
    plain = rows_of(forecast(ONE, NO_STAFF, table, D(2025, 1, 1), 2030, SETTINGS), "S01")
    assert [plain[y]["leaders_under_40"] for y in (2026, 2029, 2030)] == [1, 1, 0]
    assert {plain[y]["leaders"] for y in range(2025, 2031)} == {2}
    # The old baseline (OLD): P1 gone in 2026, P2's term ends on 31/12/2026 (still counts that day).
    old = rows_of(forecast(ONE, NO_STAFF, table, D(2025, 1, 1), 2030, OLD), "S01")
    assert [old[y]["leaders"] for y in (2025, 2026, 2027)] == [2, 1, 0]
    # Re-appointed but nobody replaced: P1's post stays empty.
    no_fill = Settings(fill_vacancies=False)
    kept = rows_of(forecast(ONE, NO_STAFF, table, D(2025, 1, 1), 2030, no_fill, rates=RATES_HALF), "S01")
    assert [kept[y]["leaders"] for y in (2025, 2026, 2030)] == [2, 1, 1]


def test_successors_are_handed_out_in_order_across_the_province() -> None:
    # Three men born 15/01/1965 (retire at 61y6m in 7/2026: 31/07/2026), one per agency; at 1 of 3
    # appointments under 40, the 3 successors of 01/08/2026 (by agency) are: round(1/3) = 0 no,
    # round(2/3) = 1 yes, round(1) = 1 no → S02's successor only; ages 45, 35, 45.
    assert retirement_date(D(1965, 1, 15), True) == D(2026, 7, 31)
    three = agencies((1, "S01", "Sở Một"), (2, "S02", "Sở Hai"), (3, "S03", "Sở Ba"))
    table = leaders(*[leader(a, a, birth=D(1965, 1, 15), appointed=D(2022, 1, 1)) for a in (1, 2, 3)])
    rates: Any = {"appointments": 3, "under_40": 1, "women": 0, "minority": 0}
    result = forecast(three, NO_STAFF, table, D(2026, 1, 1), 2026, SETTINGS, rates=rates)
    young = {r["unit_code"]: r["leaders_under_40"] for r in result}
    assert young == {"S01": 0, "S02": 1, "S03": 0, "province": 1}


def appointments(*rows: tuple[Any, ...]) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema=APPOINTMENTS_SCHEMA, orient="row")


def test_the_rate_of_appointments_of_the_last_five_years() -> None:
    # Start 30/06/2025, 5 years: from 30/06/2020 to 30/06/2025, both included.
    made = appointments(
        (1, 1, D(2020, 6, 30), "nu", D(1980, 7, 1), False),  # in (first day); 39 that day → under 40
        (2, 1, D(2020, 6, 29), "nu", D(1990, 1, 1), False),  # the day before: not counted
        (3, 1, D(2024, 1, 1), "nam", D(1984, 1, 1), True),  # 40 that day → not under 40; minority
        (4, 1, D(2025, 6, 30), "nam", D(1990, 1, 1), False),  # the start date: counted, 35
        (5, 1, D(2025, 7, 1), "nu", D(1995, 1, 1), False),  # after the start: not counted
    )
    rates = appointment_rates(made, leaders(), D(2025, 6, 30), SETTINGS)
    assert rates == {
        "appointments": 3,
        "under_40": 2,
        "women": 1,
        "minority": 1,
        "share_under_40": 66.7,
        "share_women": 33.3,
        "share_minority": 33.3,
        "since": "2020-06-30",
        "basis": "appointments",
    }
    # No appointment in the 5 years: the start date's leaders (2, one aged 35, one woman) stand in.
    current = leaders(leader(1, 1, birth=D(1990, 1, 1)), leader(2, 1, "nu"))
    fallback = appointment_rates(appointments(), current, D(2025, 6, 30), SETTINGS)
    assert (fallback["basis"], fallback["appointments"], fallback["under_40"], fallback["women"]) == (
        "leaders",
        2,
        1,
        1,
    )


TEN_AND_SEVEN = (
    agencies((1, "G10", "Sở Mười"), (2, "G07", "Sở Bảy")),
    NO_STAFF,
    # G10: 10 men born 1970 (retire 31/01/2032); G07: one born 01/01/1990 (35 on 31/12/2025, 40 on
    # 31/12/2030) and 6 born 1970; all appointed 01/01/2024 and re-appointed: in post through 2030.
    leaders(
        *[leader(p, 1) for p in range(1, 11)],
        leader(11, 2, birth=D(1990, 1, 1)),
        *[leader(p, 2) for p in range(12, 18)],
    ),
)


def test_the_outlook_gives_the_shortfall_and_the_fewest_from_the_same_numbers() -> None:
    start = D(2025, 1, 1)
    measured = measure(*TEN_AND_SEVEN, start, SETTINGS)
    baseline = forecast(*TEN_AND_SEVEN, start, 2030, SETTINGS)
    table = outlook(measured, baseline, start, SETTINGS)
    # G10, 31/12/2025: 10 leaders, 0 under 40: 10 % needs ⌈1⌉ = 1 → 1 short; on top of the 10,
    # n/(10 + n) ≥ 1/10 ⇔ 9n ≥ 10 → 2 appointments. 31/12/2030: ⌈1.5⌉ = 2 short; n/(10 + n) ≥ 3/20 ⇔
    # 17n ≥ 30 → 2 (appointees aged 30 on 01/07/2025 are 35 then).
    assert table["G10"]["2025"] == {
        "year": 2025, "target": 10.0, "on": "2025-12-31", "basis": "forecast", "leaders": 10,
        "leaders_under_40": 0, "share_under_40": 0.0, "needed": 1, "shortfall": 1, "fewest_added": 2,
    }  # fmt: skip
    assert (table["G10"]["2030"]["needed"], table["G10"]["2030"]["shortfall"]) == (2, 2)
    assert table["G10"]["2030"]["fewest_added"] == 2
    # G07 on 01/01/2025 is 1 of 7 under 40: on that day ⌈1.05⌉ − 1 = 1 short of 15 % (measure()'s gap).
    # But on 31/12/2030 she is 40: 0 of 7 → ⌈1.05⌉ = 2 short; n/(7 + n) ≥ 3/20 ⇔ 17n ≥ 21 → 2.
    assert measured["departments"][0]["unit_code"] == "G07"
    assert measured["departments"][0]["gap_under_40_2030"] == 1
    g07 = table["G07"]["2030"]
    assert (g07["leaders"], g07["leaders_under_40"], g07["needed"], g07["shortfall"], g07["fewest_added"]) == (
        7, 0, 2, 2, 2,
    )  # fmt: skip
    # The province, 31/12/2030: 17 leaders, 0 under 40: ⌈2.55⌉ = 3 short; 17n ≥ 51 → 3.
    assert (table["province"]["2030"]["shortfall"], table["province"]["2030"]["fewest_added"]) == (3, 3)
    # fewest_under_40 reads the same rows.
    assert fewest_under_40(*TEN_AND_SEVEN, start, SETTINGS)["G07"] == {"2025": 0, "2030": 2, "needed": 2}


def test_a_target_year_that_is_over_is_read_on_the_start_date() -> None:
    # From 01/03/2026 the year 2025 is over: its figures are those of 01/03/2026 (G07: 1 of 7 under 40,
    # ⌈0.7⌉ = 1 → 0 short), and no appointment can still help it.
    start = D(2026, 3, 1)
    measured = measure(*TEN_AND_SEVEN, start, SETTINGS)
    table = outlook(measured, forecast(*TEN_AND_SEVEN, start, 2030, SETTINGS), start, SETTINGS)
    assert table["G07"]["2025"] == {
        "year": 2025, "target": 10.0, "on": "2026-03-01", "basis": "measured", "leaders": 7,
        "leaders_under_40": 1, "share_under_40": 14.3, "needed": 1, "shortfall": 0, "fewest_added": None,
    }  # fmt: skip
    assert table["G10"]["2025"]["shortfall"] == measured["departments"][1]["gap_under_40_2025"] == 1


def reference_reappointed(table: list[tuple[Any, ...]], year: int) -> Counter[tuple[int, str]]:
    """(agency, "L" | "u") on 31/12/year with re-appointment and no vacancy filled: in post from the
    appointment to the retirement date, whatever the terms."""
    on, counts = D(year, 12, 31), Counter[tuple[int, str]]()
    for _person, agency, _level, appointed, sex, birth, _minority in table:
        if appointed <= on <= retirement_date(birth, sex == "nam"):
            counts[(agency, "L")] += 1
            counts[(agency, "u")] += age_on(birth, on) < 40
    return counts


# --- scenario ---------------------------------------------------------------------------------------


def test_attributes_are_handed_out_deterministically() -> None:
    # Share 1/3 over 3 appointees: round(1/3) = 0, round(2/3) = 1, round(3/3) = 1 → only the 2nd.
    assert [nth_has_share(i, 1 / 3) for i in range(3)] == [False, True, False]
    # Share 1/2: round(0.5) = 1 (half up), round(1) = 1, round(1.5) = 2 → 1st, 3rd, 5th …
    assert [nth_has_share(i, 0.5) for i in range(6)] == [True, False, True, False, True, False]
    # After n appointees exactly round(s·n) have it: 10 % of 25 → round(2.5) = 3.
    assert sum(nth_has_share(i, 0.1) for i in range(25)) == 3


def test_a_scenario_of_young_appointees_raises_the_share() -> None:
    # S01: 10 men born 1975 appointed 01/01/2024 (last day in post 31/12/2028). Each year from 2025,
    # on 1 July, 2 appointees with share_under_40 = share_women = 1/2: the 1st of each pair a woman
    # aged 35, the 2nd a man aged 45; each serves 5 years (the 2025 pair until 30/06/2030).
    two = agencies((1, "S01", "Sở Nội vụ"), (2, "S02", "Sở Tài chính"))
    table = leaders(*[leader(p, 1, birth=D(1975, 1, 1)) for p in range(1, 11)], leader(11, 2))
    scenario = Scenario({1: 2}, share_under_40=0.5, share_women=0.5)
    result = forecast(two, NO_STAFF, table, D(2025, 1, 1), 2030, OLD, scenario)
    s01 = rows_of(result, "S01")
    # 2025: 10 + 2 = 12, 1 under 40 → 8.3 % < 10 %;  2026: 14, 2 → 14.3 %;  2027: 16, 3 → 18.75 → 18.8 %;
    # 2028: 18, 4 → 22.2 %;  2029: the 10 are gone, the 2025–2029 appointees: 10, 5 → 50 %
    # (the 2025 young one, born 01/07/1990, is 39 on 31/12/2029);  2030: the 2025 pair is gone,
    # 2026–2030: 10, 5 → 50 % ≥ 15 %.
    assert [(s01[y]["leaders"], s01[y]["leaders_under_40"], s01[y]["share_under_40"]) for y in range(2025, 2031)] == [
        (12, 1, 8.3), (14, 2, 14.3), (16, 3, 18.8), (18, 4, 22.2), (10, 5, 50.0), (10, 5, 50.0),
    ]  # fmt: skip
    assert (s01[2025]["meets_under_40"], s01[2030]["meets_under_40"]) == (False, True)
    assert [s01[y]["female_leaders"] for y in range(2025, 2031)] == [1, 2, 3, 4, 5, 5]
    # The baseline: 0 under 40 of 10 until 2028, nobody from 2029.
    baseline = rows_of(forecast(two, NO_STAFF, table, D(2025, 1, 1), 2030, OLD), "S01")
    assert [(baseline[y]["leaders"], baseline[y]["share_under_40"]) for y in (2025, 2028, 2029)] == [
        (10, 0.0),
        (10, 0.0),
        (0, None),
    ]
    # S02 has no appointments; the province adds it: 2025: 13 leaders, 1 under 40 → 7.7 %.
    assert rows_of(result, "S02")[2025]["leaders"] == 1
    assert (
        rows_of(result, "province")[2025]["leaders"],
        rows_of(result, "province")[2025]["share_under_40"],
    ) == (13, 7.7)


def test_scenario_is_checked() -> None:
    with pytest.raises(ValueError, match="phải từ 0 đến 1"):
        Scenario({1: 1}, share_under_40=1.5)
    with pytest.raises(ValueError, match="không được âm"):
        Scenario({1: -1})
    with pytest.raises(ValueError, match="không có trong danh sách"):
        forecast(ONE, NO_STAFF, leaders(), D(2025, 1, 1), 2026, SETTINGS, Scenario({99: 1}))


# --- fewest_under_40 -------------------------------------------------------------------------------


def test_fewest_under_40_by_hand() -> None:
    # G10: 10 leaders born 1970, appointed 01/01/2024 (in post until 31/12/2028); G07: 7 leaders,
    # one born 1990 (35 on 31/12/2025).
    two = agencies((1, "G10", "Sở Mười"), (2, "G07", "Sở Bảy"))
    table = leaders(
        *[leader(p, 1) for p in range(1, 11)],
        leader(11, 2, birth=D(1990, 1, 1)),
        *[leader(p, 2) for p in range(12, 18)],
    )
    result = fewest_under_40(two, NO_STAFF, table, D(2025, 1, 1), OLD)
    # G10, 2025: n/(10 + n) ≥ 1/10 ⇔ 10n ≥ 10 + n ⇔ n ≥ 10/9 → 2 (1/11 = 9.1 % fails, 2/12 = 16.7 %).
    # (measure()'s gap says 1: it keeps today's 10 leaders; here the appointees add to them.)
    # 2030: every term has ended, 0 leaders → 1 appointee (a share needs a leader).
    assert result["G10"] == {"2025": 2, "2030": 1, "needed": 2}
    # G07, 2025: 1/7 = 14.3 % ≥ 10 % → 0.
    assert result["G07"] == {"2025": 0, "2030": 1, "needed": 1}
    # Province, 2025: 17 leaders, 1 under 40: 10(1 + n) ≥ 17 + n ⇔ 9n ≥ 7 → 1.
    assert result["province"] == {"2025": 1, "2030": 1, "needed": 1}


def test_fewest_under_40_after_2025_reports_none_for_2025() -> None:
    # Start 01/03/2026: 2025 is past. G10's leaders appointed 01/01/2026 are in post until 31/12/2030:
    # 2030: n/(10 + n) ≥ 3/20 ⇔ 20n ≥ 30 + 3n ⇔ n ≥ 30/17 = 1.76 → 2 (1/11 = 9.1 %, 2/12 = 16.7 %).
    table = leaders(*[leader(p, 1, appointed=D(2026, 1, 1)) for p in range(1, 11)])
    result = fewest_under_40(agencies((1, "G10", "Sở Mười")), NO_STAFF, table, D(2026, 3, 1), OLD)
    assert result == {
        "G10": {"2025": None, "2030": 2, "needed": 2},
        "province": {"2025": None, "2030": 2, "needed": 2},
    }
    later = fewest_under_40(agencies((1, "G10", "Sở Mười")), NO_STAFF, table, D(2031, 1, 1), OLD)
    assert later["G10"] == {"2025": None, "2030": None, "needed": None}


def test_appointees_no_longer_under_40_cannot_help() -> None:
    # Start 2020: appointees aged 30 on 01/07/2020 (born 01/07/1990) are 40 on 31/12/2030.
    assert age_on(D(1990, 7, 1), D(2030, 12, 31)) == 40
    table = leaders(leader(1, 1, appointed=D(2020, 1, 1)))  # in post until 31/12/2024
    result = fewest_under_40(ONE, NO_STAFF, table, D(2020, 6, 1), OLD)
    # 2025: nobody left, an appointee (35 then) → 1; 2030: adding people aged 40 never makes a share.
    assert result["S01"] == {"2025": 1, "2030": None, "needed": 1}
    assert fewest_appointments(10, 2, 15.0, appointees_under_40=False) == 0  # 2·20 = 40 ≥ 3·10 = 30
    assert fewest_appointments(10, 1, 15.0, appointees_under_40=False) is None
    assert fewest_appointments(4, 3, 100.0) is None and fewest_appointments(4, 4, 100.0) == 0


def brute_force(leaders_: int, under: int, target: float, young: bool, limit: int = 31_000) -> int | None:
    share = Fraction(target).limit_denominator(10_000) / 100
    for n in range(limit):
        if leaders_ + n > 0 and (under + n * young) >= share * (leaders_ + n):
            return n
    return None


@given(st.integers(0, 30), st.data(), st.integers(0, 1000), st.booleans())
def test_fewest_appointments_is_the_brute_force_minimum(
    leaders_: int, data: st.DataObject, tenths: int, young: bool
) -> None:
    # Targets 0.0–100.0 %, at most 30 leaders: the largest finite answer is ⌈0.999·30/0.001⌉ = 29,970
    # appointments (99.9 %, none under 40), within the search limit of 31,000.
    under = data.draw(st.integers(0, leaders_))
    assert fewest_appointments(leaders_, under, tenths / 10, young) == brute_force(
        leaders_, under, tenths / 10, young
    )


def reference_baseline(table: list[tuple[Any, ...]], year: int) -> Counter[tuple[int, str]]:
    """(agency, "L" | "u") → count on 31/12/year, person by person: appointed on or before the day,
    not yet retired (in post through the retirement date), term (5 years) not yet ended."""
    on, counts = D(year, 12, 31), Counter[tuple[int, str]]()
    for _person, agency, _level, appointed, sex, birth, _minority in table:
        try:
            end = appointed.replace(year=appointed.year + 5)
        except ValueError:  # 29/02
            end = D(appointed.year + 5, 3, 1)
        if appointed <= on <= retirement_date(birth, sex == "nam") and on < end:
            counts[(agency, "L")] += 1
            counts[(agency, "u")] += age_on(birth, on) < 40
    return counts


leader_rows = st.lists(
    st.tuples(
        st.sampled_from([1, 2]),
        st.sampled_from(["nam", "nu"]),
        st.dates(D(1960, 1, 1), D(1998, 12, 31)),
        st.dates(D(2018, 1, 1), D(2031, 12, 31)),
    ),
    max_size=8,
)


@settings(max_examples=60, deadline=None)
@given(leader_rows, st.dates(D(2021, 1, 1), D(2031, 12, 31)))
def test_fewest_under_40_against_a_brute_force_search(
    rows: list[tuple[int, str, dt.date, dt.date]], start: dt.date
) -> None:
    table = [
        (i + 1, agency, "agency_deputy", appointed, sex, birth, False)
        for i, (agency, sex, birth, appointed) in enumerate(rows)
    ]
    two = agencies((1, "S01", "Sở Một"), (2, "S02", "Sở Hai"))
    result = fewest_under_40(two, NO_STAFF, leaders(*table), start, OLD)
    # The baseline itself, year by year, against the person-by-person reference.
    for row in forecast(two, NO_STAFF, leaders(*table), start, start.year + 2, OLD):
        counts = reference_baseline(table, row["year"])
        agency_ids = {"S01": [1], "S02": [2], "province": [1, 2]}[row["unit_code"]]
        expected_l = sum(counts[(a, "L")] for a in agency_ids)
        expected_u = sum(counts[(a, "u")] for a in agency_ids)
        assert (row["leaders"], row["leaders_under_40"]) == (expected_l, expected_u)
    for year, target in ((2025, 10.0), (2030, 15.0)):
        counts = reference_baseline(table, year)
        counts.update(
            {(0, "L"): counts[(1, "L")] + counts[(2, "L")], (0, "u"): counts[(1, "u")] + counts[(2, "u")]}
        )
        young = age_on(D(start.year - 30, 7, 1), D(year, 12, 31)) < 40
        for agency, code in ((1, "S01"), (2, "S02"), (0, "province")):
            expected = (
                None
                if year < start.year
                else brute_force(counts[(agency, "L")], counts[(agency, "u")], target, young)
            )
            assert result[code][str(year)] == expected, (code, year)


@settings(max_examples=40, deadline=None)
@given(leader_rows, st.dates(D(2021, 1, 1), D(2031, 12, 31)))
def test_reappointed_leaders_stay_until_retirement(
    rows: list[tuple[int, str, dt.date, dt.date]], start: dt.date
) -> None:
    table = [
        (i + 1, agency, "agency_deputy", appointed, sex, birth, False)
        for i, (agency, sex, birth, appointed) in enumerate(rows)
    ]
    two = agencies((1, "S01", "Sở Một"), (2, "S02", "Sở Hai"))
    kept = Settings(fill_vacancies=False)
    for row in forecast(two, NO_STAFF, leaders(*table), start, start.year + 3, kept):
        counts = reference_reappointed(table, row["year"])
        agency_ids = {"S01": [1], "S02": [2], "province": [1, 2]}[row["unit_code"]]
        assert row["leaders"] == sum(counts[(a, "L")] for a in agency_ids)
        assert row["leaders_under_40"] == sum(counts[(a, "u")] for a in agency_ids)
