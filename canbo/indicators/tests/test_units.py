"""The women test for every unit of any level (indicators.engine.measure.measure_units): on a small
tree worked out by hand, without a database; then the selector on the built-in organisation.

The tree (code, kind; a unit's parent above it):

    T  province                      staff 50 (man, cán bộ; agency_head)
    ├── T.A  department              staff 40, 41 (women); no leader
    └── T.B  department              staff 30 (man; agency_head), 31 (man; agency_deputy), 32 (woman),
        │                            and 10 again (a second assignment: counted once)
        ├── PB1 division             staff 10 (woman), 11 (man; division_head), 12 (man)
        └── PB2 division             staff 20 (woman; division_head), 21 (woman, viên chức), 22, 23 (men)
    X  commune whose parent is not in the table: a root    staff 60 (man, người lao động)

Everyone is công chức unless said otherwise. A row at unit 99 (not in the table) is ignored.
"""

import datetime as dt
from io import StringIO
from typing import Any

import polars as pl
import pytest
from django.core.management import call_command

from canbo.indicators.engine.measure import (
    UNIT_LEADERS_SCHEMA,
    UNIT_STAFF_SCHEMA,
    UNITS_SCHEMA,
    Settings,
    measure_units,
    unit_ancestors,
)

AS_OF = dt.date(2026, 1, 1)
T, A, B, PB1, PB2, X = 1, 5, 2, 3, 4, 6

UNITS = pl.DataFrame(
    [
        (T, None, "T", "Tỉnh", "tinh"),
        (B, T, "T.B", "Sở B", "so_nganh"),
        (PB1, B, "PB1", "Phòng 1 của sở B", "phong"),
        (PB2, B, "PB2", "Phòng 2 của sở B", "phong"),
        (A, T, "T.A", "Sở A", "so_nganh"),
        (X, 99, "X", "Xã lẻ", "xa"),
    ],
    schema=UNITS_SCHEMA,
    orient="row",
)
STAFF = pl.DataFrame(
    [
        (50, T, "nam", "can_bo"),
        (40, A, "nu", "cong_chuc"),
        (41, A, "nu", "cong_chuc"),
        (30, B, "nam", "cong_chuc"),
        (31, B, "nam", "cong_chuc"),
        (32, B, "nu", "cong_chuc"),
        (10, B, "nu", "cong_chuc"),  # concurrently at the department and at its division PB1
        (10, PB1, "nu", "cong_chuc"),
        (11, PB1, "nam", "cong_chuc"),
        (12, PB1, "nam", "cong_chuc"),
        (20, PB2, "nu", "cong_chuc"),
        (21, PB2, "nu", "vien_chuc"),
        (22, PB2, "nam", "cong_chuc"),
        (23, PB2, "nam", "cong_chuc"),
        (60, X, "nam", "nguoi_lao_dong"),
        (70, 99, "nu", "cong_chuc"),  # not a unit of the table: ignored
    ],
    schema=UNIT_STAFF_SCHEMA,
    orient="row",
)
LEADERS = pl.DataFrame(
    [
        (50, T, "agency_head", "nam"),
        (30, B, "agency_head", "nam"),
        (31, B, "agency_deputy", "nam"),
        (11, PB1, "division_head", "nam"),
        (20, PB2, "division_head", "nu"),
        (70, 99, "agency_head", "nu"),  # ignored
    ],
    schema=UNIT_LEADERS_SCHEMA,
    orient="row",
)
KEYS = (
    "depth",
    "parent_code",
    "headcount",
    "staff_counted_for_women",
    "women_staff",
    "women_share",
    "leaders",
    "female_leaders",
    "women_rule",
)


def table(result: dict[str, Any]) -> dict[str, tuple[Any, ...]]:
    return {row["unit_code"]: tuple(row[key] for key in KEYS) for row in result["units"]}


def test_every_unit_of_any_level_worked_by_hand() -> None:
    result = measure_units(UNITS, STAFF, LEADERS, AS_OF)
    assert table(result) == {
        # T: all 13 people of the tree (70 is outside it); counted: all but 21 (viên chức) and
        # 60 (not under T) = 12; women 10, 20, 32, 40, 41 = 5 → 5/12 = 41.7 % ≥ 1/3; its one leader
        # (50) is a man → violated.
        "T": (0, None, 13, 12, 5, 41.7, 1, 0, "violated"),
        # T.A: two women, no leader at all → 100 %, but nobody leads yet: "không áp dụng (chưa có lãnh
        # đạo)", not a failure (issue 12.13).
        "T.A": (1, "T", 2, 2, 2, 100.0, 0, 0, "no_leader"),
        # T.B: 30, 31, 32, 10 (twice: counted once), 11, 12, 20, 21, 22, 23 = 10; counted 9 (not 21);
        # women 10, 20, 32 = 3 → exactly 1/3: the rule applies. Its own leaders 30 and 31 are men:
        # violated, although a woman (20) heads its division PB2 — she leads PB2 only.
        "T.B": (1, "T", 10, 9, 3, 33.3, 2, 0, "violated"),
        # PB1: 10, 11, 12, all counted, one woman → exactly 1/3; its head 11 is a man → violated.
        "PB1": (2, "T.B", 3, 3, 1, 33.3, 1, 0, "violated"),
        # PB2: 4 people, counted 20, 22, 23 (21 is viên chức) with one woman → exactly 1/3; its head
        # 20 is a woman → met.
        "PB2": (2, "T.B", 4, 3, 1, 33.3, 1, 1, "met"),
        # X: its parent (99) is not in the table, so it is a root; no công chức → not applicable.
        "X": (0, None, 1, 0, 0, None, 0, 0, "not_applicable"),
    }
    # Tree order: depth first, siblings by code (T.A before T.B, PB1 and PB2 under T.B).
    assert [row["unit_code"] for row in result["units"]] == ["T", "T.A", "T.B", "PB1", "PB2", "X"]
    assert result["women_rule"] == {"met": 1, "violated": 3, "no_leader": 1, "not_applicable": 1}
    assert result["as_of"] == "2026-01-01"
    assert {row["unit_code"]: row["kind"] for row in result["units"]}["PB2"] == "phong"


def test_the_threshold_and_the_categories_counted_are_the_settings() -> None:
    # Threshold 0.4: the three units at exactly 1/3 fall below it; T (41.7 %) and T.A stay.
    above = table(measure_units(UNITS, STAFF, LEADERS, AS_OF, Settings(women_threshold=0.4)))
    assert {code: row[-1] for code, row in above.items()} == {
        "T": "violated",
        "T.A": "no_leader",
        "T.B": "not_applicable",
        "PB1": "not_applicable",
        "PB2": "not_applicable",
        "X": "not_applicable",
    }
    # Viên chức counted too: PB2 has 4 counted of whom 2 women (50 %), still met; X's người lao động
    # is still not counted.
    wider = Settings(women_test_categories=("can_bo", "cong_chuc", "vien_chuc"))
    rows = table(measure_units(UNITS, STAFF, LEADERS, AS_OF, wider))
    assert rows["PB2"][2:6] == (4, 4, 2, 50.0)
    assert rows["T.B"][2:6] == (10, 10, 4, 40.0)


def test_ancestors_of_each_unit_with_their_distance() -> None:
    pairs = unit_ancestors(UNITS).sort("unit_id", "distance").rows()
    assert [(u, a, d) for u, a, d in pairs if u == PB2] == [(PB2, PB2, 0), (PB2, B, 1), (PB2, T, 2)]
    assert [(u, a, d) for u, a, d in pairs if u == X] == [(X, X, 0)]
    assert len(pairs) == 1 + 2 + 3 + 3 + 2 + 1


def test_a_cycle_in_the_parents_ends() -> None:
    cycle = pl.DataFrame(
        [(1, 2, "U1", "Một", "phong"), (2, 1, "U2", "Hai", "phong")], schema=UNITS_SCHEMA, orient="row"
    )
    assert sorted(unit_ancestors(cycle).rows()) == [(1, 1, 0), (1, 2, 1), (2, 1, 1), (2, 2, 0)]


def test_bad_tables_are_refused_with_every_problem_named() -> None:
    leaders = pl.DataFrame([(1, T, "none", "nam")], schema=UNIT_LEADERS_SCHEMA, orient="row")
    twice = pl.concat([UNITS, UNITS.head(1)])
    with pytest.raises(ValueError) as error:
        measure_units(twice, STAFF, leaders, AS_OF)
    message = str(error.value)
    assert "UNIT_LEADERS, cột level: giá trị không hợp lệ none" in message
    assert "UNITS, cột unit_id: trùng 1" in message and "UNITS, cột code: trùng T" in message


# --- the selector, on the built-in organisation -----------------------------------------------------


def test_the_minority_codes_are_every_group_but_the_kinh_and_foreigners() -> None:
    from canbo.indicators.selectors import MINORITY_CODES
    from canbo.people.catalogues import ETHNIC_GROUPS

    # 54 ethnic groups of Việt Nam (code 01: Kinh, the majority) and 55 for foreigners.
    assert len(MINORITY_CODES) == 53 and "01" not in MINORITY_CODES and "55" not in MINORITY_CODES
    assert set(ETHNIC_GROUPS.codes()) - set(MINORITY_CODES) == {"01", "55"}


@pytest.fixture
def division_registry(builtin_org: None) -> None:
    """Sở Tài chính (KH.STC) and a division under it on 01/01/2026, and Sở Y tế beside them.

    KH.STC itself: the director and a deputy (men), a woman officer. Its division: a woman head and
    two men officers. Sở Y tế: one man, its director."""
    from canbo.org.models import Unit, UnitVersion
    from canbo.people.models import Assignment, Person, Post
    from canbo.people.services import person_names, posts_ensure

    posts_ensure()
    stc = Unit.objects.get(code="KH.STC")
    division = Unit.objects.create(code="KH.STC.PKH")
    UnitVersion.objects.create(
        unit=division, name="Phòng Kế hoạch", kind="phong", parent=stc, valid_from=dt.date(2025, 7, 1)
    )

    def person(name: str, unit: str, sex: str, post: str | None = None) -> None:
        p = Person(
            full_name=name,
            birth_date=dt.date(1980, 1, 1),
            sex=sex,
            ethnicity="01",
            unit=Unit.objects.get(code=unit),
            staff_category="cong_chuc",
        )
        person_names(p)
        p.save()
        Assignment.objects.create(
            person=p,
            unit=p.unit,
            post=Post.objects.get(code=post) if post else None,
            valid_from=dt.date(2025, 7, 1),
            start_reason="bo_nhiem" if post else "tuyen_dung",
        )

    person("Nguyễn Văn Giám", "KH.STC", "nam", "giam_doc_so")
    person("Trần Văn Phó", "KH.STC", "nam", "pho_giam_doc_so")
    person("Lê Thị Chuyên", "KH.STC", "nu")
    person("Phạm Thị Trưởng", "KH.STC.PKH", "nu", "truong_phong")
    person("Võ Văn Một", "KH.STC.PKH", "nam")
    person("Đỗ Văn Hai", "KH.STC.PKH", "nam")
    person("Hồ Văn Y", "KH.SYT", "nam", "giam_doc_so")


@pytest.mark.django_db
def test_the_selector_scoped_to_a_department(division_registry: None, make_user: Any) -> None:
    from canbo.indicators.selectors import unit_indicators_on

    focal = make_user("dau_moi", "KH.STC")
    result = unit_indicators_on(user=focal, as_of=AS_OF)
    # Only KH.STC and its division: the province and Sở Y tế are outside the focal officer's scope.
    # KH.STC: 6 people, 2 women → exactly 1/3; its own leaders (director, deputy) are men → violated,
    # although its division is headed by a woman. The division: 3 people, 1 woman → 1/3; met.
    assert {row["unit_code"]: tuple(row[key] for key in KEYS) for row in result["units"]} == {
        "KH.STC": (0, None, 6, 6, 2, 33.3, 2, 0, "violated"),
        "KH.STC.PKH": (1, "KH.STC", 3, 3, 1, 33.3, 1, 1, "met"),
    }


@pytest.mark.django_db
def test_the_selector_for_the_whole_province_and_the_command(division_registry: None) -> None:
    from canbo.accounts.system import SYSTEM
    from canbo.indicators.selectors import unit_indicators_on

    rows = {row["unit_code"]: row for row in unit_indicators_on(user=SYSTEM, as_of=AS_OF)["units"]}
    assert (rows["KH"]["headcount"], rows["KH"]["leaders"]) == (7, 0)  # the province's own posts: none
    assert (rows["KH.SYT"]["headcount"], rows["KH.SYT"]["women_rule"]) == (1, "not_applicable")
    assert rows["KH.STC.PKH"]["depth"] == 2 and rows["KH.STC"]["parent_code"] == "KH"
    assert "NT.STC" not in rows  # Ninh Thuận's units are no longer in force on 01/01/2026

    out = StringIO()
    call_command("indicators", "--units", "--as-of", "01/01/2026", stdout=out)
    lines = out.getvalue().splitlines()
    division = next(line for line in lines if "KH.STC.PKH" in line)
    assert division.startswith("    KH.STC.PKH") and "nữ 1/3 ( 33.3%)" in division and "Đạt" in division
    assert lines[-1].startswith("Đạt: 1, chưa đạt: ")


def test_a_term_runs_on_through_restructurings(builtin_org) -> None:
    """A deputy appointed on 01/06/2023 whose post was handed over twice in 2025 (01/03 and 01/07):
    their term still starts on 01/06/2023; a deputy appointed on 01/08/2025 after the merger keeps
    that date."""
    import datetime as dt

    from canbo.accounts.system import SYSTEM
    from canbo.indicators.selectors import indicator_tables, term_starts
    from canbo.org.models import Unit
    from canbo.people.models import Assignment, Person, Post
    from canbo.people.services import person_names, posts_ensure

    posts_ensure()
    deputy = Post.objects.get(code="pho_giam_doc_so")
    stc = Unit.objects.get(code="KH.STC")

    def person(name: str) -> Person:
        p = Person(full_name=name, birth_date=dt.date(1980, 1, 1), sex="nam", ethnicity="01", unit=stc,
                   staff_category="cong_chuc")  # fmt: skip
        person_names(p)
        p.save()
        return p

    carried, fresh = person("Nguyễn Văn Chuyển"), person("Trần Văn Mới")
    old_unit = Unit.objects.get(code="NT.STC")
    for start, end, unit, reason in (
        (dt.date(2023, 6, 1), dt.date(2025, 3, 1), old_unit, "bo_nhiem"),
        (dt.date(2025, 3, 1), dt.date(2025, 7, 1), old_unit, "sap_xep"),
        (dt.date(2025, 7, 1), None, stc, "sap_xep"),
    ):
        Assignment.objects.create(person=carried, unit=unit, post=deputy, valid_from=start, valid_to=end,
                                  start_reason=reason)  # fmt: skip
    Assignment.objects.create(person=fresh, unit=stc, post=deputy, valid_from=dt.date(2025, 8, 1),
                              start_reason="bo_nhiem")  # fmt: skip
    # A concurrent post of the same person ending on the day of the first hand-over is not followed.
    Assignment.objects.create(person=carried, unit=old_unit, post=deputy, valid_from=dt.date(2024, 5, 1),
                              valid_to=dt.date(2025, 3, 1), concurrent=True, start_reason="bo_nhiem")  # fmt: skip
    assert term_starts({carried.pk, fresh.pk}) == {
        (carried.pk, dt.date(2025, 3, 1)): dt.date(2023, 6, 1),
        (carried.pk, dt.date(2025, 7, 1)): dt.date(2023, 6, 1),
    }
    _agencies, _staff, leaders = indicator_tables(user=SYSTEM, as_of=dt.date(2026, 1, 1))
    appointed = dict(zip(leaders["person_id"].to_list(), leaders["appointed_on"].to_list(), strict=True))
    assert (appointed[carried.pk], appointed[fresh.pk]) == (dt.date(2023, 6, 1), dt.date(2025, 8, 1))
