"""The plan's I.4 indicators on a date (indicators.engine.measure), on small tables worked out by hand:
the arithmetic is in the comments. No database."""

import datetime as dt
import math
import random
from collections import defaultdict
from fractions import Fraction
from typing import Any

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from canbo.indicators.engine.measure import (
    AGENCIES_SCHEMA,
    LEADER_MEASURES,
    LEADERS_SCHEMA,
    STAFF_MEASURES,
    STAFF_SCHEMA,
    Settings,
    age_expr,
    gap,
    measure,
    people_behind,
    percent,
)
from canbo.people.retirement import age_on

D = dt.date
AS_OF = D(2025, 6, 30)
BORN_1970, BORN_1980, APPOINTED_2024 = D(1970, 1, 1), D(1980, 1, 1), D(2024, 1, 1)


def agencies(*rows: tuple[int, str, str]) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema=AGENCIES_SCHEMA, orient="row")


def staff_row(
    person: int,
    agency: int,
    sex: str = "nam",
    category: str = "cong_chuc",
    *,
    birth: dt.date = BORN_1980,
    minority: bool = False,
    level: int = 0,
    abroad: bool = False,
) -> tuple[Any, ...]:
    return (person, agency, sex, birth, category, minority, level, abroad)


def leader_row(
    person: int,
    agency: int,
    sex: str = "nam",
    *,
    birth: dt.date = BORN_1970,
    level: str = "agency_deputy",
    appointed: dt.date = APPOINTED_2024,
    minority: bool = False,
) -> tuple[Any, ...]:
    return (person, agency, level, appointed, sex, birth, minority)


def staff(*rows: tuple[Any, ...]) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema=STAFF_SCHEMA, orient="row")


def leaders(*rows: tuple[Any, ...]) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema=LEADERS_SCHEMA, orient="row")


def by_code(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {d["unit_code"]: d for d in result["departments"]}


# --- the women rule: every outcome, the 1/3 boundary, viên chức by setting ------------------------

WOMEN_AGENCIES = agencies((1, "S01", "Sở Nội vụ"), (2, "S02", "Sở Tài chính"), (3, "S03", "Sở Xây dựng"))
WOMEN_STAFF = staff(
    # S01: 9 cán bộ/công chức, 3 women (101–103): 3/9 = 1/3 exactly; + 2 viên chức women (110, 111).
    staff_row(101, 1, "nu", "can_bo"),
    staff_row(102, 1, "nu"),
    staff_row(103, 1, "nu"),
    *[staff_row(p, 1) for p in range(104, 110)],
    staff_row(110, 1, "nu", "vien_chuc"),
    staff_row(111, 1, "nu", "vien_chuc"),
    # S02: 9 công chức, 3 women (201–203): 1/3 exactly; + 1 viên chức man (210).
    *[staff_row(p, 2, "nu") for p in (201, 202, 203)],
    *[staff_row(p, 2) for p in range(204, 210)],
    staff_row(210, 2, "nam", "vien_chuc"),
    # S03: 7 công chức, 2 women (301, 302): 2/7 < 1/3; + 2 viên chức women (308, 309)
    # + 1 woman "người lao động" (310), never counted for the rule.
    *[staff_row(p, 3, "nu") for p in (301, 302)],
    *[staff_row(p, 3) for p in range(303, 308)],
    staff_row(308, 3, "nu", "vien_chuc"),
    staff_row(309, 3, "nu", "vien_chuc"),
    staff_row(310, 3, "nu", "nguoi_lao_dong"),
)
WOMEN_LEADERS = leaders(
    leader_row(101, 1, "nu", level="agency_head"),  # S01: a woman leads
    leader_row(104, 1),
    leader_row(204, 2, level="agency_head"),  # S02: men only
    leader_row(205, 2),
    leader_row(303, 3, level="agency_head"),  # S03: a man only
)


def test_women_rule_every_outcome_at_the_one_third_boundary() -> None:
    result = measure(WOMEN_AGENCIES, WOMEN_STAFF, WOMEN_LEADERS, AS_OF)
    d = by_code(result)
    # S01: 3 women of 9 counted: 3·3 = 9 ≥ 9 → the rule applies; 1 female leader → met.
    assert (d["S01"]["staff_counted_for_women"], d["S01"]["women_staff"]) == (9, 3)
    assert d["S01"]["women_share"] == 33.3 and d["S01"]["female_leaders"] == 1
    assert d["S01"]["women_rule"] == "met"
    # S02: the same 3 of 9, but no woman among the 2 leaders → violated.
    assert (d["S02"]["staff_counted_for_women"], d["S02"]["women_staff"], d["S02"]["female_leaders"]) == (
        9,
        3,
        0,
    )
    assert d["S02"]["women_rule"] == "violated"
    # S03: 2 of 7: 2·3 = 6 < 7 → below 1/3 → not applicable (28.57 % → 28.6).
    assert (d["S03"]["staff_counted_for_women"], d["S03"]["women_staff"]) == (7, 2)
    assert d["S03"]["women_share"] == 28.6 and d["S03"]["women_rule"] == "not_applicable"
    # The headcount counts everyone: S01 9 + 2 = 11, S02 9 + 1 = 10, S03 7 + 2 + 1 = 10.
    assert [d[c]["headcount"] for c in ("S01", "S02", "S03")] == [11, 10, 10]
    province = result["province"]
    assert province["agencies_women_rule"] == {"met": 1, "violated": 1, "no_leader": 0, "not_applicable": 1}
    # 9 + 9 + 7 = 25 counted, 3 + 3 + 2 = 8 women, 11 + 10 + 10 = 31 people.
    assert (province["staff_counted_for_women"], province["women_staff"], province["headcount"]) == (
        25,
        8,
        31,
    )


def test_women_rule_counts_vien_chuc_when_the_setting_says_so() -> None:
    settings = Settings(women_test_categories=("can_bo", "cong_chuc", "vien_chuc"))
    d = by_code(measure(WOMEN_AGENCIES, WOMEN_STAFF, WOMEN_LEADERS, AS_OF, settings))
    # S01: 11 counted, 5 women: 15 ≥ 11 → applies, a female leader → still met (5/11 = 45.45 → 45.5).
    assert (d["S01"]["staff_counted_for_women"], d["S01"]["women_staff"], d["S01"]["women_share"]) == (
        11,
        5,
        45.5,
    )
    assert d["S01"]["women_rule"] == "met"
    # S02: 10 counted, 3 women: 9 < 10 → below 1/3 → not applicable (was violated).
    assert (d["S02"]["staff_counted_for_women"], d["S02"]["women_staff"]) == (10, 3)
    assert d["S02"]["women_rule"] == "not_applicable"
    # S03: 9 counted, 4 women: 12 ≥ 9 → applies, no female leader → violated (was not applicable);
    # the "người lao động" woman is still not counted.
    assert (d["S03"]["staff_counted_for_women"], d["S03"]["women_staff"]) == (9, 4)
    assert d["S03"]["women_rule"] == "violated"


def test_women_rule_without_any_leader_is_not_applicable_yet() -> None:
    # Issue 12.13: S02 with its leaders gone — 3 women of 9 (the rule would apply), nobody leads:
    # "không áp dụng (chưa có lãnh đạo)", not "chưa đạt". S03 without leaders stays below 1/3:
    # plain "not applicable" (the share decides first).
    only_s01 = WOMEN_LEADERS.filter(pl.col("agency_id") == 1)
    result = measure(WOMEN_AGENCIES, WOMEN_STAFF, only_s01, AS_OF)
    d = by_code(result)
    assert [d[c]["women_rule"] for c in ("S01", "S02", "S03")] == ["met", "no_leader", "not_applicable"]
    assert result["province"]["agencies_women_rule"] == {
        "met": 1,
        "violated": 0,
        "no_leader": 1,
        "not_applicable": 1,
    }


def test_women_threshold_is_a_setting() -> None:
    # With a threshold of 40 %: S01's 3/9 = 33.3 % is below it (5·3 = 15 < 2·9 = 18) → not applicable.
    d = by_code(measure(WOMEN_AGENCIES, WOMEN_STAFF, WOMEN_LEADERS, AS_OF, Settings(women_threshold=0.4)))
    assert d["S01"]["women_rule"] == "not_applicable"


# --- leaders under 40: the age boundary and the gaps ---------------------------------------------


def test_age_40_boundary() -> None:
    tables = (
        agencies((1, "S01", "Sở Nội vụ")),
        staff(),
        leaders(
            # Born 30/06/1985, on 30/06/2025: 2025 − 1985 = 40, birthday reached → 40 → not under 40.
            leader_row(1, 1, birth=D(1985, 6, 30)),
            # Born 01/07/1985: birthday not yet reached → 39 → under 40.
            leader_row(2, 1, birth=D(1985, 7, 1)),
        ),
    )
    assert age_on(D(1985, 6, 30), AS_OF) == 40 and age_on(D(1985, 7, 1), AS_OF) == 39
    d = by_code(measure(*tables, AS_OF))["S01"]
    assert (d["leaders"], d["leaders_under_40"], d["share_under_40"]) == (2, 1, 50.0)
    assert people_behind(tables[1], tables[2], 1, "leaders_under_40", AS_OF) == [2]
    # A day earlier (29/06/2025) the first one is still 39: both are under 40.
    assert by_code(measure(*tables, D(2025, 6, 29)))["S01"]["leaders_under_40"] == 2


GAP_TABLES = (
    agencies((1, "G10", "Sở Mười"), (2, "G07", "Sở Bảy")),
    staff(),
    leaders(
        *[leader_row(p, 1) for p in range(1, 11)],  # G10: 10 leaders born 1970, none under 40
        leader_row(11, 2, birth=D(1990, 1, 1)),  # G07: 7 leaders, one aged 35
        *[leader_row(p, 2) for p in range(12, 18)],
    ),
)


def test_gap_arithmetic() -> None:
    result = measure(*GAP_TABLES, AS_OF)
    d = by_code(result)
    # G10: 10 leaders, 0 under 40: ⌈0.10·10⌉ − 0 = 1 (2025); ⌈0.15·10⌉ = ⌈1.5⌉ = 2 − 0 = 2 (2030).
    assert (d["G10"]["share_under_40"], d["G10"]["gap_under_40_2025"], d["G10"]["gap_under_40_2030"]) == (
        0.0,
        1,
        2,
    )
    # G07: 7 leaders, 1 under 40 (1/7 = 14.29 % → 14.3): ⌈0.7⌉ − 1 = 0; ⌈1.05⌉ − 1 = 2 − 1 = 1.
    assert (d["G07"]["share_under_40"], d["G07"]["gap_under_40_2025"], d["G07"]["gap_under_40_2030"]) == (
        14.3,
        0,
        1,
    )
    # Province: 17 leaders, 1 under 40 (5.88 % → 5.9): ⌈1.7⌉ − 1 = 1; ⌈2.55⌉ − 1 = 2.
    province = result["province"]
    assert (province["leaders"], province["leaders_under_40"], province["share_under_40"]) == (17, 1, 5.9)
    assert (province["gap_under_40_2025"], province["gap_under_40_2030"]) == (1, 2)
    assert province["targets"] == {"under_40": {"2025": 10.0, "2030": 15.0}, "international": [25.0, 30.0]}
    # The population share is a comparison, not a target: none set here.
    assert province["ethnic_minority_population"] is None


def test_gap_is_exact_where_floats_are_not() -> None:
    # A target of 7 %, 100 leaders: 7.0 / 100 × 100 = 7.000000000000001 in floats (⌈⌉ = 8); exactly 7.
    assert math.ceil(7.0 / 100 * 100) == 8
    assert gap(100, 0, 7.0) == 7 and gap(100, 7, 7.0) == 0 and gap(100, 5, 7.0) == 2
    assert gap(20, 0, 15.0) == 3 and gap(0, 0, 10.0) == 0


@given(st.integers(0, 500), st.integers(0, 500), st.integers(0, 1000))
def test_gap_against_the_definition(leaders_: int, under: int, tenths: int) -> None:
    target = tenths / 10
    expected = max(0, math.ceil(Fraction(tenths, 1000) * leaders_) - under)
    assert gap(leaders_, under, target) == expected


@given(st.integers(1, 200), st.integers(0, 200))
def test_percent_rounds_half_up(whole: int, part: int) -> None:
    exact = Fraction(100 * part, whole)
    assert Fraction(str(percent(part, whole))) == math.floor(exact * 10 + Fraction(1, 2)) / Fraction(10)
    assert percent(1, 16) == 6.3  # 6.25 → 6.3 (Python's round(6.25, 1) gives 6.2)
    assert percent(0, 0) is None


@given(st.dates(D(1900, 1, 1), D(2100, 12, 31)), st.dates(D(1900, 1, 1), D(2100, 12, 31)))
def test_age_expr_is_age_on(birth: dt.date, on: dt.date) -> None:
    if on < birth:
        birth, on = on, birth
    frame = pl.DataFrame({"birth": [birth], "on": [on]})
    assert frame.select(age_expr(pl.col("birth"), pl.col("on")))[0, 0] == age_on(birth, on)


def test_age_expr_on_29_february() -> None:
    # Born 29/02/1988: 2027 − 1988 = 39, but on 28/02/2027 (no 29/02 in 2027) the birthday is not
    # reached → 38; on 01/03/2027 → 39; on 29/02/2028, 40 — as age_on.
    frame = pl.DataFrame({"on": [D(2027, 2, 28), D(2027, 3, 1), D(2028, 2, 29)]})
    ages = frame.select(age_expr(pl.lit(D(1988, 2, 29)), pl.col("on")).alias("age"))["age"].to_list()
    assert ages == [38, 39, 40] == [age_on(D(1988, 2, 29), on) for on in frame["on"]]


# --- international, ethnic minorities, an agency without staff, province totals -----------------


INTERNATIONAL_STAFF = staff(
    staff_row(1, 1, level=4),  # level 4 (B2) → yes
    staff_row(2, 1, level=3),  # level 3 → no
    staff_row(3, 1, level=3, abroad=True),  # a degree abroad → yes
    staff_row(4, 1, level=6),  # level 6 (C2) → yes
    staff_row(5, 1, abroad=True),  # no language recorded, degree abroad → yes
    staff_row(6, 1),  # neither → no
)
# Issue 12.12: the same people plus a viên chức at level 6 and a người lao động with a degree abroad:
# both can work internationally, neither is a cán bộ or công chức — the plan's "25-30% cán bộ".
WITH_EMPLOYEES = pl.concat(
    [
        INTERNATIONAL_STAFF,
        staff(
            staff_row(7, 1, category="vien_chuc", level=6),
            staff_row(8, 1, category="nguoi_lao_dong", abroad=True),
        ),
    ]
)


def test_international_by_language_level_or_degree_abroad() -> None:
    result = measure(agencies((1, "S01", "Sở Ngoại vụ")), INTERNATIONAL_STAFF, leaders(), AS_OF)
    # 1, 3, 4, 5: 4 of 6 = 66.67 % → 66.7.
    assert by_code(result)["S01"]["international_capable"] == 4
    assert result["province"]["international_share"] == 66.7
    assert people_behind(INTERNATIONAL_STAFF, leaders(), 1, "international_capable", AS_OF) == [1, 3, 4, 5]
    # With level 3 as the threshold, person 2 counts too: 5 of 6 → 83.3.
    lower = measure(
        agencies((1, "S01", "Sở Ngoại vụ")),
        INTERNATIONAL_STAFF,
        leaders(),
        AS_OF,
        Settings(international_min_level=3),
    )
    assert (
        lower["province"]["international_capable"] == 5 and lower["province"]["international_share"] == 83.3
    )


def test_international_counts_cadres_and_civil_servants_only() -> None:
    result = measure(agencies((1, "S01", "Sở Ngoại vụ")), WITH_EMPLOYEES, leaders(), AS_OF)
    s01, province = by_code(result)["S01"], result["province"]
    # Still 4 of the 6 cán bộ, công chức (66.7 %), not 6 of 8 people (75 %); the headcount is 8.
    assert (s01["international_capable"], s01["staff_counted_for_international"], s01["headcount"]) == (
        4,
        6,
        8,
    )
    assert s01["international_share"] == province["international_share"] == 66.7
    assert people_behind(WITH_EMPLOYEES, leaders(), 1, "staff_counted_for_international", AS_OF) == [
        1,
        2,
        3,
        4,
        5,
        6,
    ]
    assert people_behind(WITH_EMPLOYEES, leaders(), 1, "international_capable", AS_OF) == [1, 3, 4, 5]
    # Counting viên chức too (a setting): 5 of 7 = 71.43 % → 71.4.
    wider = measure(
        agencies((1, "S01", "Sở Ngoại vụ")),
        WITH_EMPLOYEES,
        leaders(),
        AS_OF,
        Settings(international_categories=("can_bo", "cong_chuc", "vien_chuc")),
    )["province"]
    assert (wider["international_capable"], wider["staff_counted_for_international"]) == (5, 7)
    assert wider["international_share"] == 71.4


def test_an_agency_without_staff_or_leaders_appears_with_zeros() -> None:
    result = measure(
        agencies((1, "S01", "Sở Nội vụ"), (9, "S00", "Sở Mới")), INTERNATIONAL_STAFF, leaders(), AS_OF
    )
    assert [d["unit_code"] for d in result["departments"]] == ["S00", "S01"]  # sorted by code
    assert result["departments"][0] == {
        "unit_code": "S00",
        "unit_name": "Sở Mới",
        "leaders": 0,
        "leaders_under_40": 0,
        "share_under_40": None,
        "gap_under_40_2025": 0,
        "gap_under_40_2030": 0,
        "staff_counted_for_women": 0,
        "women_staff": 0,
        "women_share": None,
        "female_leaders": 0,
        "women_rule": "not_applicable",
        "ethnic_minority_leaders": 0,
        "ethnic_minority_staff": 0,
        "staff_counted_for_international": 0,
        "international_capable": 0,
        "international_share": None,
        "headcount": 0,
    }


def test_province_totals_count_each_person_once() -> None:
    tables = (
        agencies((1, "S01", "Sở Nội vụ"), (2, "S02", "Sở Tài chính")),
        staff(
            staff_row(1, 1, "nu", minority=True, level=5),  # works in S01 and S02 (concurrently)
            staff_row(1, 2, "nu", minority=True, level=5),
            staff_row(2, 1, minority=True),
            staff_row(3, 2),
            staff_row(4, 2, "nu", "vien_chuc"),
            staff_row(5, 99),  # an agency not in the list: ignored
        ),
        leaders(
            leader_row(1, 1, "nu", birth=D(1988, 3, 1), level="agency_head", minority=True),  # heads both
            leader_row(1, 2, "nu", birth=D(1988, 3, 1), level="agency_head", minority=True),
            leader_row(3, 2),
        ),
    )
    result = measure(*tables, AS_OF)
    d = by_code(result)
    assert (d["S01"]["headcount"], d["S02"]["headcount"]) == (2, 3)
    assert (d["S01"]["leaders"], d["S02"]["leaders"]) == (1, 2)
    assert (d["S01"]["ethnic_minority_staff"], d["S02"]["ethnic_minority_staff"]) == (2, 1)
    province = result["province"]
    # Persons 1–4 (person 5's agency is not a department): 4, not 2 + 3 = 5.
    assert province["headcount"] == 4
    # Leaders 1 and 3: 2 (not 1 + 2 = 3); person 1, aged 37, is the one under 40 and the minority leader.
    assert (province["leaders"], province["leaders_under_40"], province["share_under_40"]) == (2, 1, 50.0)
    assert (province["ethnic_minority_leaders"], province["ethnic_minority_leader_share"]) == (1, 50.0)
    # Minority staff: persons 1, 2 → 2 of 4 = 50 %; women among counted staff: person 1 of persons 1, 2, 3.
    assert (province["ethnic_minority_staff"], province["ethnic_minority_staff_share"]) == (2, 50.0)
    assert (province["women_staff"], province["staff_counted_for_women"]) == (1, 3)
    # International: only person 1 (level 5), of the cán bộ, công chức 1, 2, 3 (4 is a viên chức):
    # 1 of 3 = 33.3 %.
    assert (province["international_capable"], province["staff_counted_for_international"]) == (1, 3)
    assert province["international_share"] == 33.3
    assert people_behind(tables[1], tables[2], None, "leaders", AS_OF) == [1, 3]
    assert people_behind(tables[1], tables[2], 2, "headcount", AS_OF) == [1, 3, 4]


def test_people_behind_every_number() -> None:
    result = measure(WOMEN_AGENCIES, WOMEN_STAFF, WOMEN_LEADERS, AS_OF)
    ids = dict(zip(WOMEN_AGENCIES["code"], WOMEN_AGENCIES["unit_id"], strict=True))
    for department in result["departments"]:
        for name in (*STAFF_MEASURES, *LEADER_MEASURES):
            behind = people_behind(WOMEN_STAFF, WOMEN_LEADERS, ids[department["unit_code"]], name, AS_OF)
            assert len(behind) == department[name], (department["unit_code"], name)
    assert people_behind(WOMEN_STAFF, WOMEN_LEADERS, 1, "women_staff", AS_OF) == [101, 102, 103]
    assert people_behind(WOMEN_STAFF, WOMEN_LEADERS, 1, "female_leaders", AS_OF) == [101]
    with pytest.raises(ValueError, match="Không có chỉ số"):
        people_behind(WOMEN_STAFF, WOMEN_LEADERS, 1, "nobody", AS_OF)


# --- input tables and settings --------------------------------------------------------------------


def test_input_tables_are_checked() -> None:
    with pytest.raises(ValueError, match="STAFF thiếu cột: degree_abroad"):
        measure(WOMEN_AGENCIES, WOMEN_STAFF.drop("degree_abroad"), WOMEN_LEADERS, AS_OF)
    with pytest.raises(ValueError, match="cột sex: giá trị không hợp lệ nữ"):
        measure(WOMEN_AGENCIES, WOMEN_STAFF.with_columns(sex=pl.lit("nữ")), WOMEN_LEADERS, AS_OF)
    with pytest.raises(ValueError, match="cột level: giá trị không hợp lệ chief"):
        measure(WOMEN_AGENCIES, WOMEN_STAFF, WOMEN_LEADERS.with_columns(level=pl.lit("chief")), AS_OF)
    with pytest.raises(ValueError, match="ô trống ở cột: birth_date"):
        measure(
            WOMEN_AGENCIES, WOMEN_STAFF.with_columns(birth_date=pl.lit(None, pl.Date)), WOMEN_LEADERS, AS_OF
        )
    with pytest.raises(ValueError, match="cột code: trùng S01"):
        measure(
            pl.concat([WOMEN_AGENCIES, WOMEN_AGENCIES.head(1).with_columns(unit_id=pl.lit(7, pl.Int64))]),
            WOMEN_STAFF,
            WOMEN_LEADERS,
            AS_OF,
        )
    # Narrower integer types and extra columns are accepted.
    narrow = WOMEN_STAFF.with_columns(pl.col("language_level").cast(pl.Int8), extra=pl.lit("x"))
    assert measure(WOMEN_AGENCIES, narrow, WOMEN_LEADERS, AS_OF) == measure(
        WOMEN_AGENCIES, WOMEN_STAFF, WOMEN_LEADERS, AS_OF
    )


def test_settings_are_checked() -> None:
    with pytest.raises(ValueError, match="Loại cán bộ không có: giao_vien"):
        Settings(women_test_categories=("giao_vien",))
    with pytest.raises(ValueError, match="Bậc ngoại ngữ"):
        Settings(international_min_level=7)
    with pytest.raises(ValueError, match="Loại cán bộ không có: giang_vien"):
        Settings(international_categories=("giang_vien",))
    with pytest.raises(ValueError, match="Tuổi khi bổ nhiệm"):
        Settings(appointee_ages=(40, 45))
    with pytest.raises(ValueError, match="Số năm tính tỷ lệ bổ nhiệm"):
        Settings(rate_window_years=0)


# --- one grouped computation: 20,000 rows, and a slow reference ------------------------------------


def synthetic(seed: int, people: int, agency_count: int) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    rng = random.Random(seed)
    agency_frame = agencies(
        *[(1000 + a, f"S{a:02d}", f"Sở {a}") for a in range(agency_count + 1)]
    )  # the last has nobody
    staff_rows, leader_rows = [], []
    for person in range(1, people + 1):
        agency = 1000 + rng.randrange(agency_count)
        sex = rng.choice(["nam", "nu"])
        birth = D(1962, 1, 1) + dt.timedelta(days=rng.randrange(40 * 365))
        minority = rng.random() < 0.25
        staff_rows.append(
            staff_row(person, agency, sex, rng.choice(["can_bo", "cong_chuc", "vien_chuc", "nguoi_lao_dong"]),
                      birth=birth, minority=minority, level=rng.randrange(7), abroad=rng.random() < 0.05)
        )  # fmt: skip
        if rng.random() < 0.01:
            leader_rows.append(leader_row(person, agency, sex, birth=birth, minority=minority))
    return agency_frame, staff(*staff_rows), leaders(*leader_rows)


def reference(
    agency_frame: pl.DataFrame,
    staff_frame: pl.DataFrame,
    leader_frame: pl.DataFrame,
    on: dt.date,
    settings: Settings,
) -> dict[str, dict[str, Any]]:
    """measure()'s departments, row by row in plain Python (each person once per agency here)."""
    out: dict[int, dict[str, Any]] = defaultdict(lambda: defaultdict(int))
    for s in staff_frame.iter_rows(named=True):
        row = out[s["agency_id"]]
        counted = s["staff_category"] in settings.women_test_categories
        cadre = s["staff_category"] in settings.international_categories
        row["headcount"] += 1
        row["staff_counted_for_international"] += cadre
        row["staff_counted_for_women"] += counted
        row["women_staff"] += counted and s["sex"] == "nu"
        row["ethnic_minority_staff"] += s["ethnic_minority"]
        row["international_capable"] += cadre and (
            s["language_level"] >= settings.international_min_level or s["degree_abroad"]
        )
    for lead in leader_frame.iter_rows(named=True):
        row = out[lead["agency_id"]]
        row["leaders"] += 1
        row["leaders_under_40"] += age_on(lead["birth_date"], on) < 40
        row["female_leaders"] += lead["sex"] == "nu"
        row["ethnic_minority_leaders"] += lead["ethnic_minority"]
    result = {}
    for agency in agency_frame.iter_rows(named=True):
        row = dict(out[agency["unit_id"]])
        n, u = row.get("leaders", 0), row.get("leaders_under_40", 0)
        counted, women = row.get("staff_counted_for_women", 0), row.get("women_staff", 0)
        applies = counted > 0 and Fraction(women, counted) >= Fraction(1, 3)
        result[agency["code"]] = {
            "leaders": n,
            "leaders_under_40": u,
            "share_under_40": None
            if n == 0
            else math.floor(Fraction(1000 * u, n) + Fraction(1, 2)) / 10,  # half up
            "gap_under_40_2025": max(0, math.ceil(Fraction(n, 10)) - u),
            "gap_under_40_2030": max(0, math.ceil(Fraction(15 * n, 100)) - u),
            "staff_counted_for_women": counted,
            "women_staff": women,
            "female_leaders": row.get("female_leaders", 0),
            "women_rule": "not_applicable"
            if not applies
            else "no_leader"
            if n == 0
            else "met"
            if row.get("female_leaders", 0)
            else "violated",
            "ethnic_minority_leaders": row.get("ethnic_minority_leaders", 0),
            "ethnic_minority_staff": row.get("ethnic_minority_staff", 0),
            "staff_counted_for_international": row.get("staff_counted_for_international", 0),
            "international_capable": row.get("international_capable", 0),
            "headcount": row.get("headcount", 0),
        }
    return result


def test_twenty_thousand_rows_in_one_grouped_computation() -> None:
    agency_frame, staff_frame, leader_frame = synthetic(seed=7, people=20_000, agency_count=20)
    result = measure(agency_frame, staff_frame, leader_frame, AS_OF)
    assert len(result["departments"]) == 21
    assert sum(d["headcount"] for d in result["departments"]) == result["province"]["headcount"] == 20_000
    assert (
        sum(d["leaders"] for d in result["departments"])
        == result["province"]["leaders"]
        == leader_frame.height
    )
    assert result["departments"][-1]["unit_code"] == "S20" and result["departments"][-1]["headcount"] == 0


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_matches_a_slow_reference(seed: int) -> None:
    agency_frame, staff_frame, leader_frame = synthetic(seed=seed, people=2_000, agency_count=20)
    settings = Settings()
    expected = reference(agency_frame, staff_frame, leader_frame, AS_OF, settings)
    for department in measure(agency_frame, staff_frame, leader_frame, AS_OF, settings)["departments"]:
        got = {k: v for k, v in department.items() if k in expected[department["unit_code"]]}
        assert got == expected[department["unit_code"]], department["unit_code"]
