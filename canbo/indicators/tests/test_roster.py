"""A hand-worked roster through the database: every number below was worked out by hand from the
table of people, not by running the code (issue 5, "the targets").

D = 01/03/2026. A person born on 29/02 turns 40 only in a leap year (40 is a multiple of 4), on
29/02 itself, so that date can never decide "under 40"; Khánh, born 29/02/1984, is there only to show
it is read at all. Assignments are [valid_from, valid_to): a post "ended the day before D" has valid_to = D.
Three departments of Khánh Hòa have people; the other ten of the 13 in force on D have none.

    A = KH.STC Sở Tài chính (and its division P1 = KH.STC.P1, whose staff count in A)
    B = KH.SYT Sở Y tế
    C = KH.SNV Sở Nội vụ

key    who                 sex born        eth.    category  lang.     post(s) on D                       why
an     Nguyễn Văn An       nam 20/06/1965  Kinh    cc        en3 fr2   A head since 01/07/2022            retires 31/12/2026 (61y6m, 2026)
binh   Trần Thị Bình       nữ  01/03/1986  Kinh    cc        en4       A deputy since 01/01/2022          40th birthday ON D: not under 40;
                                                                                                          term's last day 31/12/2026
cuong  Lê Văn Cường        nam 02/03/1986  Chăm    cc        en3       A deputy since 01/01/2025 and      40th birthday D+1: under 40;
                                                                       head of P1 (kiêm nhiệm)            two posts in A: counted once
loc    Huỳnh Văn Lộc       nam 05/05/1975  Kinh    cc        –         A deputy since 31/12/2021          term's last day 30/12/2026
em     Hoàng Văn Em        nam 01/01/1987  Kinh    cc        abroad    A deputy FROM D                    counted; under 40 until 31/12/2026
giang  Võ Thị Giang        nữ  12/12/1992  Kinh    cc        –         P1 staff until D (incl.),          leader only from D+1: staff on D,
                                                                       A deputy from D+1                  not a leader
hung   Đặng Văn Hùng       nam 03/03/1980  Kinh    vc        en5       P1 staff                           public employee: not in women test
kim    Bùi Thị Kim         nữ  05/05/1985  Kinh    nld       –         A staff                            worker: not in women test
dung   Phạm Văn Dũng       nam 15/08/1990  Raglai  cc        –         (A deputy to 28/02/2026)           post ended the day before D: nowhere
khanh  Ngô Văn Khánh       nam 29/02/1984  Kinh    cc        –         B deputy since 01/09/2020 and      born 29/02 (42 on D);
                                                                       B head since 01/04/2022            two leader posts in B: counted once
long   Lý Văn Long         nam 01/01/1975  Hoa     cc        en–       B deputy                           minority; a language without level
minh   Đinh Văn Minh       nam 10/10/1990  Raglai  cc        en4       C deputy and B deputy (kiêm nhiệm) two agencies: the province counts once
ngoc   Mai Thị Ngọc        nữ  01/01/1991  Kinh    cc        –         B staff
oanh   Đoàn Thị Oanh       nữ  01/01/1993  Kinh    cc        en3+abr.  B staff                            international by the degree abroad
phuc   Tạ Văn Phúc         nam 04/04/1988  Kinh    cc        –         B staff
quang  Cao Văn Quang       nam 06/06/1989  Kinh    cc        –         B staff until D+1 (excl.)          last day D: counted
huong  Lưu Thị Hương       nữ  09/09/1994  Kinh    vc        –         B staff                            public employee: would make B 3/8
sen    Hà Thị Sen          nữ  02/02/1990  Kinh    cc        –         (B staff to 28/02/2026)            left the day before D: would make B 3/8
son    Trịnh Văn Sơn       nam 15/09/1968  Kinh    cc        en6       C head
tai…   Tài, Thắng, Toàn,   nam 1970–1978   Kinh    cc        –         C deputies (Vinh's post ends D+1,  7 leaders in C, 1 under 40
vinh   Trí, Vinh                                                       so D is its last day: counted)
tam    Quách Thị Tâm       nữ  1987        Chăm    cc        –         C staff                            minority staff, not a leader
uyen…  Uyên (cán bộ), Vân, nữ  1985–1991   Kinh    cb/cc     –         C staff                            C: 4 women of 11 ≥ 1/3
xuan   Xuân

A: counted for women {an, binh, cuong, loc, em, giang} = 6, women {binh, giang} = 2 = exactly 1/3 →
   the test applies; Bình leads → met. Leaders 5, under 40 {cuong, em} = 2.
B: counted {khanh, long, minh, ngoc, oanh, phuc, quang} = 7, women {ngoc, oanh} = 2: 6 < 7, under 1/3
   → not applicable (Hương or Sen counted by mistake would make it 3/8 → violated).
C: counted 11, women 4: 12 ≥ 11 → applies; no woman leads → violated. Leaders 7, under 40 {minh}.
Gaps: ⌈target % × leaders⌉ − under 40, at least 0.
   A: ⌈0.10·5⌉ = 1, ⌈0.15·5⌉ = 1; 2 under 40 → 0 and 0 (clamped from −1).
   B: ⌈0.3⌉ = 1, ⌈0.45⌉ = 1; 1 under 40 → 0 and 0.
   C: ⌈0.7⌉ = 1, ⌈1.05⌉ = 2; 1 under 40 → 0 and 1.
   Province: 5 + 3 + 7 − 1 (Minh) = 14 leaders, under 40 {cuong, em, minh} = 3:
   ⌈1.4⌉ = 2 → 0 (clamped from −1); ⌈2.1⌉ = 3 → 0 (exactly). The sum of the departments' gaps (1)
   is not the province's.
International (issue 12.12): of the cán bộ, công chức only (the women test's staff here):
   A: {binh (en4), em (abroad)} of 6 — Hùng (en5) is a viên chức: not counted; B: {minh, oanh} of 7;
   C: {son, minh} of 11; province: 5 of 23 = 21.7 %.
"""

import datetime as dt
import json
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from canbo.indicators.engine.measure import LEADER_MEASURES, STAFF_MEASURES, people_behind
from canbo.indicators.selectors import engine_settings, forecast_from, indicator_tables, indicators_on
from canbo.org.models import Unit, UnitVersion
from canbo.people.models import Assignment, LanguageSkill, Person, Post
from canbo.people.services import person_names, posts_ensure

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, params=["database", "facts"])
def read_from(request: Any, settings: Any) -> Iterator[str]:
    """Every test twice: the tables read from the database, and from the facts kept in memory
    (indicators.facts, decisions/0015), which must give the same hand-worked numbers."""
    from canbo.indicators import facts

    settings.CANBO_INDICATOR_FACTS = "always" if request.param == "facts" else False
    facts.forget()
    yield request.param
    facts.forget()


D = dt.date(2026, 3, 1)
NEXT = dt.date(2026, 3, 2)
A, P1, B, C = "KH.STC", "KH.STC.P1", "KH.SYT", "KH.SNV"
HEAD, DEPUTY, DIVISION_HEAD = "giam_doc_so", "pho_giam_doc_so", "truong_phong"
KINH, HOA, CHAM, RAGLAI = "01", "04", "17", "21"
Y = dt.date

# key: (full name, sex, born, ethnicity, category, {language: level}, degree abroad,
#       [(unit, post, valid_from, valid_to)])
ROSTER: dict[str, tuple[Any, ...]] = {
    # --- A = Sở Tài chính ---
    "an": ("Nguyễn Văn An", "nam", Y(1965, 6, 20), KINH, "cong_chuc", {"en": 3, "fr": 2}, False,
           [(A, HEAD, Y(2022, 7, 1), None)]),
    "binh": ("Trần Thị Bình", "nu", Y(1986, 3, 1), KINH, "cong_chuc", {"en": 4}, False,
             [(A, DEPUTY, Y(2022, 1, 1), None)]),
    "cuong": ("Lê Văn Cường", "nam", Y(1986, 3, 2), CHAM, "cong_chuc", {"en": 3}, False,
              [(A, DEPUTY, Y(2025, 1, 1), None), (P1, DIVISION_HEAD, Y(2025, 6, 1), None)]),
    "loc": ("Huỳnh Văn Lộc", "nam", Y(1975, 5, 5), KINH, "cong_chuc", {}, False,
            [(A, DEPUTY, Y(2021, 12, 31), None)]),
    "em": ("Hoàng Văn Em", "nam", Y(1987, 1, 1), KINH, "cong_chuc", {}, True,
           [(A, DEPUTY, D, None)]),
    "giang": ("Võ Thị Giang", "nu", Y(1992, 12, 12), KINH, "cong_chuc", {}, False,
              [(P1, None, Y(2020, 1, 1), NEXT), (A, DEPUTY, NEXT, None)]),
    "hung": ("Đặng Văn Hùng", "nam", Y(1980, 3, 3), KINH, "vien_chuc", {"en": 5}, False,
             [(P1, None, Y(2015, 1, 1), None)]),
    "kim": ("Bùi Thị Kim", "nu", Y(1985, 5, 5), KINH, "nguoi_lao_dong", {}, False,
            [(A, None, Y(2018, 1, 1), None)]),
    "dung": ("Phạm Văn Dũng", "nam", Y(1990, 8, 15), RAGLAI, "cong_chuc", {}, False,
             [(A, DEPUTY, Y(2021, 1, 1), D)]),
    # --- B = Sở Y tế ---
    "khanh": ("Ngô Văn Khánh", "nam", Y(1984, 2, 29), KINH, "cong_chuc", {}, False,
              [(B, DEPUTY, Y(2020, 9, 1), None), (B, HEAD, Y(2022, 4, 1), None)]),
    "long": ("Lý Văn Long", "nam", Y(1975, 1, 1), HOA, "cong_chuc", {"en": None}, False,
             [(B, DEPUTY, Y(2023, 1, 1), None)]),
    "minh": ("Đinh Văn Minh", "nam", Y(1990, 10, 10), RAGLAI, "cong_chuc", {"en": 4}, False,
             [(C, DEPUTY, Y(2023, 6, 1), None), (B, DEPUTY, Y(2024, 1, 1), None)]),
    "ngoc": ("Mai Thị Ngọc", "nu", Y(1991, 1, 1), KINH, "cong_chuc", {}, False,
             [(B, None, Y(2019, 1, 1), None)]),
    "oanh": ("Đoàn Thị Oanh", "nu", Y(1993, 1, 1), KINH, "cong_chuc", {"en": 3}, True,
             [(B, None, Y(2019, 1, 1), None)]),
    "phuc": ("Tạ Văn Phúc", "nam", Y(1988, 4, 4), KINH, "cong_chuc", {}, False,
             [(B, None, Y(2016, 1, 1), None)]),
    "quang": ("Cao Văn Quang", "nam", Y(1989, 6, 6), KINH, "cong_chuc", {}, False,
              [(B, None, Y(2016, 1, 1), NEXT)]),
    "huong": ("Lưu Thị Hương", "nu", Y(1994, 9, 9), KINH, "vien_chuc", {}, False,
              [(B, None, Y(2020, 1, 1), None)]),
    "sen": ("Hà Thị Sen", "nu", Y(1990, 2, 2), KINH, "cong_chuc", {}, False,
            [(B, None, Y(2018, 1, 1), D)]),
    # --- C = Sở Nội vụ ---
    "son": ("Trịnh Văn Sơn", "nam", Y(1968, 9, 15), KINH, "cong_chuc", {"en": 6}, False,
            [(C, HEAD, Y(2022, 1, 1), None)]),
    "tai": ("Lâm Văn Tài", "nam", Y(1970, 3, 3), KINH, "cong_chuc", {}, False,
            [(C, DEPUTY, Y(2022, 5, 1), None)]),
    "thang": ("Vương Văn Thắng", "nam", Y(1972, 7, 7), KINH, "cong_chuc", {}, False,
              [(C, DEPUTY, Y(2023, 5, 1), None)]),
    "toan": ("Kiều Văn Toàn", "nam", Y(1974, 11, 11), KINH, "cong_chuc", {}, False,
             [(C, DEPUTY, Y(2024, 5, 1), None)]),
    "tri": ("Dương Văn Trí", "nam", Y(1976, 1, 20), KINH, "cong_chuc", {}, False,
            [(C, DEPUTY, Y(2025, 5, 1), None)]),
    "vinh": ("Châu Văn Vinh", "nam", Y(1978, 12, 31), KINH, "cong_chuc", {}, False,
             [(C, DEPUTY, Y(2021, 3, 1), NEXT)]),
    "tam": ("Quách Thị Tâm", "nu", Y(1987, 4, 4), CHAM, "cong_chuc", {}, False,
            [(C, None, Y(2015, 1, 1), None)]),
    "uyen": ("Phan Thị Uyên", "nu", Y(1990, 5, 5), KINH, "can_bo", {}, False,
             [(C, None, Y(2017, 1, 1), None)]),
    "van": ("Tô Thị Vân", "nu", Y(1985, 6, 6), KINH, "cong_chuc", {}, False,
            [(C, None, Y(2012, 1, 1), None)]),
    "xuan": ("Lạc Thị Xuân", "nu", Y(1991, 7, 7), KINH, "cong_chuc", {}, False,
             [(C, None, Y(2019, 1, 1), None)]),
}  # fmt: skip

# The persons behind every number on D (the drill-down), by hand from the table above.
BEHIND: dict[str, dict[str, set[str]]] = {
    A: {
        "headcount": {"an", "binh", "cuong", "loc", "em", "giang", "hung", "kim"},
        "staff_counted_for_women": {"an", "binh", "cuong", "loc", "em", "giang"},
        "women_staff": {"binh", "giang"},
        "ethnic_minority_staff": {"cuong"},
        "staff_counted_for_international": {"an", "binh", "cuong", "loc", "em", "giang"},
        "international_capable": {"binh", "em"},
        "leaders": {"an", "binh", "cuong", "loc", "em"},
        "leaders_under_40": {"cuong", "em"},
        "female_leaders": {"binh"},
        "ethnic_minority_leaders": {"cuong"},
    },
    B: {
        "headcount": {"khanh", "long", "minh", "ngoc", "oanh", "phuc", "quang", "huong"},
        "staff_counted_for_women": {"khanh", "long", "minh", "ngoc", "oanh", "phuc", "quang"},
        "women_staff": {"ngoc", "oanh"},
        "ethnic_minority_staff": {"long", "minh"},
        "staff_counted_for_international": {"khanh", "long", "minh", "ngoc", "oanh", "phuc", "quang"},
        "international_capable": {"minh", "oanh"},
        "leaders": {"khanh", "long", "minh"},
        "leaders_under_40": {"minh"},
        "female_leaders": set(),
        "ethnic_minority_leaders": {"long", "minh"},
    },
    C: {
        "headcount": {"son", "minh", "tai", "thang", "toan", "tri", "vinh", "tam", "uyen", "van", "xuan"},
        "staff_counted_for_women": {
            "son", "minh", "tai", "thang", "toan", "tri", "vinh", "tam", "uyen", "van", "xuan",
        },
        "women_staff": {"tam", "uyen", "van", "xuan"},
        "ethnic_minority_staff": {"minh", "tam"},
        "staff_counted_for_international": {
            "son", "minh", "tai", "thang", "toan", "tri", "vinh", "tam", "uyen", "van", "xuan",
        },
        "international_capable": {"son", "minh"},
        "leaders": {"son", "minh", "tai", "thang", "toan", "tri", "vinh"},
        "leaders_under_40": {"minh"},
        "female_leaders": set(),
        "ethnic_minority_leaders": {"minh"},
    },
}  # fmt: skip
# The province: each person once (Minh is in B and C).
BEHIND_PROVINCE: dict[str, set[str]] = {
    "headcount": {
        "an", "binh", "cuong", "loc", "em", "giang", "hung", "kim",
        "khanh", "long", "minh", "ngoc", "oanh", "phuc", "quang", "huong",
        "son", "tai", "thang", "toan", "tri", "vinh", "tam", "uyen", "van", "xuan",
    },
    "staff_counted_for_women": {
        "an", "binh", "cuong", "loc", "em", "giang",
        "khanh", "long", "minh", "ngoc", "oanh", "phuc", "quang",
        "son", "tai", "thang", "toan", "tri", "vinh", "tam", "uyen", "van", "xuan",
    },
    "women_staff": {"binh", "giang", "ngoc", "oanh", "tam", "uyen", "van", "xuan"},
    "ethnic_minority_staff": {"cuong", "long", "minh", "tam"},
    "staff_counted_for_international": {
        "an", "binh", "cuong", "loc", "em", "giang",
        "khanh", "long", "minh", "ngoc", "oanh", "phuc", "quang",
        "son", "tai", "thang", "toan", "tri", "vinh", "tam", "uyen", "van", "xuan",
    },
    "international_capable": {"binh", "em", "minh", "oanh", "son"},
    "leaders": {
        "an", "binh", "cuong", "loc", "em", "khanh", "long", "minh", "son", "tai", "thang", "toan", "tri",
        "vinh",
    },
    "leaders_under_40": {"cuong", "em", "minh"},
    "female_leaders": {"binh"},
    "ethnic_minority_leaders": {"cuong", "long", "minh"},
}  # fmt: skip

DEPARTMENTS: dict[str, dict[str, Any]] = {
    A: {
        "unit_code": A,
        "unit_name": "Sở Tài chính",
        "leaders": 5,
        "leaders_under_40": 2,
        "share_under_40": 40.0,  # 2/5
        "gap_under_40_2025": 0,  # ⌈0.5⌉ − 2 = −1 → 0
        "gap_under_40_2030": 0,  # ⌈0.75⌉ − 2 = −1 → 0
        "staff_counted_for_women": 6,
        "women_staff": 2,
        "women_share": 33.3,  # exactly 1/3
        "female_leaders": 1,
        "women_rule": "met",
        "ethnic_minority_leaders": 1,
        "ethnic_minority_staff": 1,
        "staff_counted_for_international": 6,
        "international_capable": 2,  # not Hùng, a viên chức
        "international_share": 33.3,  # 2/6
        "headcount": 8,
    },
    B: {
        "unit_code": B,
        "unit_name": "Sở Y tế",
        "leaders": 3,
        "leaders_under_40": 1,
        "share_under_40": 33.3,  # 1/3
        "gap_under_40_2025": 0,  # ⌈0.3⌉ − 1
        "gap_under_40_2030": 0,  # ⌈0.45⌉ − 1
        "staff_counted_for_women": 7,
        "women_staff": 2,
        "women_share": 28.6,  # 2/7 = 28.57…
        "female_leaders": 0,
        "women_rule": "not_applicable",
        "ethnic_minority_leaders": 2,
        "ethnic_minority_staff": 2,
        "staff_counted_for_international": 7,
        "international_capable": 2,
        "international_share": 28.6,  # 2/7 = 28.57…
        "headcount": 8,
    },
    C: {
        "unit_code": C,
        "unit_name": "Sở Nội vụ",
        "leaders": 7,
        "leaders_under_40": 1,
        "share_under_40": 14.3,  # 1/7 = 14.28…
        "gap_under_40_2025": 0,  # ⌈0.7⌉ − 1
        "gap_under_40_2030": 1,  # ⌈1.05⌉ − 1
        "staff_counted_for_women": 11,
        "women_staff": 4,
        "women_share": 36.4,  # 4/11 = 36.36…
        "female_leaders": 0,
        "women_rule": "violated",
        "ethnic_minority_leaders": 1,
        "ethnic_minority_staff": 2,
        "staff_counted_for_international": 11,
        "international_capable": 2,
        "international_share": 18.2,  # 2/11 = 18.18…
        "headcount": 11,
    },
}

PROVINCE: dict[str, Any] = {
    "leaders": 14,  # 5 + 3 + 7 − Minh
    "leaders_under_40": 3,
    "share_under_40": 21.4,  # 3/14 = 21.43…
    "targets": {"under_40": {"2025": 10.0, "2030": 15.0}, "international": [25.0, 30.0]},
    # D is after 01/07/2025: the province in force is the new Khánh Hòa (settings).
    "ethnic_minority_population": {
        "province": "Khánh Hòa", "share": 13.15, "valid_from": "2025-07-01", "valid_to": None,
        "source": "Nghị quyết 202/2025/QH15: tỉnh Khánh Hòa mới có 36 dân tộc thiểu số, khoảng 293.000 "
        "người (13,15% dân số)",
    },
    "gap_under_40_2025": 0,  # ⌈1.4⌉ − 3 = −1 → 0
    "gap_under_40_2030": 0,  # ⌈2.1⌉ − 3 = 0
    "headcount": 26,  # 8 + 8 + 11 − Minh
    "women_staff": 8,
    "staff_counted_for_women": 23,  # 6 + 7 + 11 − Minh
    "agencies_women_rule": {"met": 1, "violated": 1, "no_leader": 0, "not_applicable": 11},  # 10 empty ones
    "ethnic_minority_leaders": 3,
    "ethnic_minority_leader_share": 21.4,  # 3/14
    "ethnic_minority_staff": 4,
    "ethnic_minority_staff_share": 15.4,  # 4/26 = 15.38…
    "staff_counted_for_international": 23,  # cán bộ, công chức: 6 + 7 + 11 − Minh
    "international_capable": 5,  # Bình, Em, Minh, Oanh, Sơn (not Hùng, a viên chức)
    "international_share": 21.7,  # 5/23 = 21.74… (over everyone it would be 6/26)
}  # fmt: skip

EMPTY_DEPARTMENT = {
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


@pytest.fixture
def roster(builtin_org: None) -> dict[str, int]:
    """The people of the table above; returns key → person id."""
    posts = posts_ensure()
    division = Unit.objects.create(code=P1)
    UnitVersion.objects.create(
        unit=division,
        name="Phòng Kế hoạch - Tài chính",
        kind="phong",
        parent=Unit.objects.get(code=A),
        valid_from=dt.date(2025, 7, 1),
    )
    units = {u.code: u for u in Unit.objects.filter(code__in=[A, P1, B, C])}
    ids: dict[str, int] = {}
    for key, (name, sex, born, ethnicity, category, languages, abroad, held) in ROSTER.items():
        person = Person(
            full_name=name,
            birth_date=born,
            sex=sex,
            ethnicity=ethnicity,
            unit=units[held[0][0]],
            staff_category=category,
            degree_abroad=abroad,
        )
        person_names(person)
        person.save()
        for index, (unit, post, since, until) in enumerate(held):
            Assignment.objects.create(
                person=person,
                unit=units[unit],
                post=posts[post] if post else None,
                valid_from=since,
                valid_to=until,
                concurrent=index > 0 and (held[0][3] is None or held[0][3] > since),  # kiêm nhiệm
                start_reason="bo_nhiem" if post else "tuyen_dung",
            )
        for language, level in languages.items():
            LanguageSkill.objects.create(person=person, language=language, level=level)
        ids[key] = person.pk
    assert Post.objects.filter(code__in=[HEAD, DEPUTY, DIVISION_HEAD]).count() == 3
    return ids


@pytest.fixture
def home_affairs(make_user: Any) -> Any:
    return make_user("noi_vu", "KH")


def by_code(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {d["unit_code"]: d for d in result["departments"]}


def test_the_roster_tables_agree_with_each_other() -> None:
    # The two hand-worked tables (numbers and persons) were written separately: they must agree.
    for code, behind in BEHIND.items():
        for name, keys in behind.items():
            assert len(keys) == DEPARTMENTS[code][name], (code, name)
    for name, keys in BEHIND_PROVINCE.items():
        if name != "female_leaders":  # the province has no female_leaders number
            assert len(keys) == PROVINCE[name], name


def test_the_departments_on_d_are_the_hand_worked_numbers(roster, home_affairs) -> None:
    result = indicators_on(user=home_affairs, as_of=D)
    assert result["as_of"] == "2026-03-01"
    departments = by_code(result)
    assert len(departments) == 13  # every department of Khánh Hòa in force on D
    for code in (A, B, C):
        assert departments[code] == DEPARTMENTS[code]
    for code, row in departments.items():
        if code not in (A, B, C):
            assert {k: v for k, v in row.items() if k not in ("unit_code", "unit_name")} == EMPTY_DEPARTMENT


def test_the_province_on_d_counts_each_person_once(roster, home_affairs) -> None:
    assert indicators_on(user=home_affairs, as_of=D)["province"] == PROVINCE


def test_the_drill_down_gives_the_hand_picked_people(roster, home_affairs) -> None:
    agencies, staff, leaders = indicator_tables(user=home_affairs, as_of=D)
    settings = engine_settings(D)
    agency_ids = dict(zip(agencies["code"].to_list(), agencies["unit_id"].to_list(), strict=True))
    for code, behind in BEHIND.items():
        for name in (*STAFF_MEASURES, *LEADER_MEASURES):
            expected = sorted(roster[key] for key in behind[name])
            got = people_behind(staff, leaders, agency_ids[code], name, D, settings)
            assert got == expected, (code, name)
    for name in (*STAFF_MEASURES, *LEADER_MEASURES):
        expected = sorted(roster[key] for key in BEHIND_PROVINCE[name])
        assert people_behind(staff, leaders, None, name, D, settings) == expected, name


def who(user: Any, roster: dict[str, int], code: str | None, measure_name: str, on: dt.date) -> set[str]:
    """The keys of the persons behind one number on a date (code None: the province)."""
    agencies, staff, leaders = indicator_tables(user=user, as_of=on)
    agency_id = None if code is None else agencies.filter(agencies["code"] == code)["unit_id"].item()
    names = {person_id: key for key, person_id in roster.items()}
    return {names[i] for i in people_behind(staff, leaders, agency_id, measure_name, on, engine_settings(on))}


def test_the_day_before_and_the_day_after(roster, home_affairs) -> None:
    # On 28/02/2026 Dũng and Sen are still there, Em not yet; Bình and Cường are 39 (Bình's 40th
    # birthday is D).
    before = D - dt.timedelta(days=1)
    assert who(home_affairs, roster, A, "leaders", before) == {"an", "binh", "cuong", "loc", "dung"}
    assert who(home_affairs, roster, None, "leaders_under_40", before) == {"binh", "cuong", "dung", "minh"}
    assert who(home_affairs, roster, B, "headcount", before) == {
        "khanh", "long", "minh", "ngoc", "oanh", "phuc", "quang", "huong", "sen",
    }  # fmt: skip
    # On D + 1: Quang and Vinh have gone, Giang leads A; Cường is 40 on 02/03/2026.
    assert who(home_affairs, roster, A, "leaders", NEXT) == {"an", "binh", "cuong", "loc", "em", "giang"}
    assert who(home_affairs, roster, A, "leaders_under_40", NEXT) == {"em", "giang"}
    result = by_code(indicators_on(user=home_affairs, as_of=NEXT))
    assert (result[B]["headcount"], result[C]["leaders"], result[C]["gap_under_40_2030"]) == (7, 6, 0)


def test_the_command_gives_the_same_numbers(roster) -> None:
    out = StringIO()
    call_command("indicators", "--as-of", "01/03/2026", "--format", "json", stdout=out)
    result = json.loads(out.getvalue())
    departments = by_code(result)
    assert {code: departments[code] for code in (A, B, C)} == DEPARTMENTS
    assert result["province"] == PROVINCE


def test_a_focal_officer_of_b_sees_b_alone(roster, make_user) -> None:
    # Minh's row in C is outside the scope: the province of this user is B.
    result = indicators_on(user=make_user("dau_moi", B), as_of=D)
    assert [d["unit_code"] for d in result["departments"]] == [B]
    province = result["province"]
    assert (province["leaders"], province["leaders_under_40"], province["headcount"]) == (3, 1, 8)
    assert province["gap_under_40_2030"] == 0 and province["international_capable"] == 2


def test_public_employees_counted_for_women_when_set(roster, home_affairs, settings) -> None:
    # With viên chức counted: A adds Hùng (a man) → 2/7 < 1/3 → not applicable; B adds Hương →
    # 3/8 ≥ 1/3 and no woman leads → violated; C is unchanged.
    settings.CANBO_WOMEN_TEST_CATEGORIES = ["can_bo", "cong_chuc", "vien_chuc"]
    result = indicators_on(user=home_affairs, as_of=D)
    departments = by_code(result)
    counted = [(departments[c]["staff_counted_for_women"], departments[c]["women_staff"]) for c in (A, B, C)]
    assert counted == [(7, 2), (8, 3), (11, 4)]
    assert [departments[c]["women_rule"] for c in (A, B, C)] == ["not_applicable", "violated", "violated"]
    assert result["province"]["agencies_women_rule"] == {
        "met": 0,
        "violated": 2,
        "no_leader": 0,
        "not_applicable": 11,
    }
    assert (result["province"]["staff_counted_for_women"], result["province"]["women_staff"]) == (25, 9)


def test_the_forecast_of_a_one_year_ahead(roster, home_affairs) -> None:
    # The rates the baseline fills vacancies at (issue 12.16): appointments to a head or deputy post of
    # a department from 01/03/2021 to D, both included: An, Bình, Cường, Lộc, Em (on D), Khánh (head,
    # 01/04/2022), Long, Minh twice (C 2023, B 2024), Sơn, Tài, Thắng, Toàn, Trí, Vinh (01/03/2021)
    # = 15 (Dũng's of 01/01/2021 and Khánh's deputy post of 2020 are before; Giang's after D; Cường's
    # division post is not an agency's). Under 40 that day: Bình 35, Cường 38, Em 39, Khánh 38, Minh
    # 32 and 33 = 6 → 40 %; women: Bình = 1 (6.7 %); minorities: Cường, Long, Minh twice = 4 (26.7 %).
    result = forecast_from(user=home_affairs, start=D, to_year=2027)
    rates = result["rates"]
    assert (rates["appointments"], rates["under_40"], rates["women"], rates["minority"]) == (15, 6, 1, 4)
    assert (rates["share_under_40"], rates["since"], rates["basis"]) == (40.0, "2021-03-01", "appointments")
    # A's leaders on D and their last day in post, re-appointed at each term's end (RULES.md §2):
    #   An    born 20/06/1965 nam: retires 6/1965 + 61y6m (2026's age) = 12/2026 → 31/12/2026
    #   Bình  term ends 01/01/2027, decades left → re-appointed; 40 on 31/12/2026
    #   Cường in post; 40 on 31/12/2026
    #   Lộc   term ends 31/12/2026 with 125 months left (5/2037) → re-appointed (was: gone on 31/12/2026)
    #   Em    appointed on D; born 01/01/1987: 39 on 31/12/2026, 40 on 31/12/2027
    # An's post is filled on 01/01/2027: the province's first vacancy, round(2/5 · 1) = 0 → not under
    # 40 (45), a man (round(1/15) = 0), not a minority (round(4/15) = 0).
    # 31/12/2026: An, Bình, Cường, Lộc, Em = 5, under 40 {Em}; 31/12/2027: An's successor instead, 0.
    rows = {(r["year"], r["unit_code"]): r for r in result["baseline"]}
    assert rows[(2026, A)] == {
        "year": 2026,
        "unit_code": A,
        "leaders": 5,
        "leaders_under_40": 1,
        "share_under_40": 20.0,
        "target_under_40": None,
        "meets_under_40": None,
        "female_leaders": 1,
        "ethnic_minority_leaders": 1,
    }
    assert (rows[(2027, A)]["leaders"], rows[(2027, A)]["leaders_under_40"]) == (5, 0)
    # 2030 for A: the same 5 (none retires before 2037 but the successor, 48), 0 under 40: 15 % needs
    # ⌈0.75⌉ = 1 → 1 short; on top of them n/(5 + n) ≥ 3/20 ⇔ 17n ≥ 15 → 1 (an appointee aged 30 on
    # 01/07/2026 is 34). 2025 is over on D: measured on D (2 of 5 under 40) → 0 short, no appointment.
    assert result["fewest_under_40"][A] == {"2025": None, "2030": 1, "needed": 1}
    a_2030 = result["outlook"][A]["2030"]
    assert (a_2030["basis"], a_2030["leaders"], a_2030["needed"], a_2030["shortfall"]) == (
        "forecast",
        5,
        1,
        1,
    )
    a_2025 = result["outlook"][A]["2025"]
    assert (a_2025["basis"], a_2025["on"], a_2025["shortfall"]) == ("measured", "2026-03-01", 0)


# The province on 31/12/2030: the 14 leaders of D; An replaced on 01/01/2027 (index 0, not under
# 40, born 01/01/1982); Sơn (born 15/09/1968, 62 in 9/2030) retires on 30/09/2030 and is replaced on
# 01/10/2030 by the province's second appointee: round(2/5 · 2) = 1 > round(2/5) = 0 → under 40, 35.
# Under 40 on 31/12/2030: only that successor — Minh (10/10/1990) is 40, the others older: 1 of 14.
# 15 % of 14: ⌈2.1⌉ = 3 → 2 short; on top of them 20(1 + n) ≥ 3(14 + n) ⇔ 17n ≥ 22 → 2.
# 2025 is over on D: 3 of 14 on D, ⌈1.4⌉ = 2 → 0 short.
PROVINCE_OUTLOOK = {"2025": (14, 3, 2, 0, None), "2030": (14, 1, 3, 2, 2)}


def outlook_numbers(outlook: dict[str, Any]) -> dict[str, tuple[Any, ...]]:
    return {
        year: (r["leaders"], r["leaders_under_40"], r["needed"], r["shortfall"], r["fewest_added"])
        for year, r in outlook.items()
    }


def test_the_cards_the_forecast_and_the_commands_say_the_same_shortfall(roster, home_affairs) -> None:
    # Issue 12.16: one "còn thiếu" per target year — the page's card, the page's forecast table, the
    # department table, `canbo forecast` and `canbo indicators` — from the same numbers.
    from django.test import Client

    assert outlook_numbers(
        forecast_from(user=home_affairs, start=D, to_year=2030)["outlook"]["province"]
    ) == (PROVINCE_OUTLOOK)
    client = Client()
    client.force_login(home_affairs)
    page = client.get("/chi-tieu/", {"ngay": "01/03/2026"})
    assert outlook_numbers(page.context["outlook"]["province"]) == PROVINCE_OUTLOOK
    html = page.content.decode()
    card = html[html.index('id="card-shortfall"') :].split("</div>")[0]
    assert "<strong>0</strong> người (2025, năm đã qua)" in card
    assert "<strong>2</strong> người (2030, dự báo ngày 31/12/2030)" in card
    c_row = next(d for d in page.context["departments"] if d["unit_code"] == C)
    assert (c_row["shortfall_2025"], c_row["shortfall_2030"]) == (
        page.context["outlook"][C]["2025"]["shortfall"],
        page.context["outlook"][C]["2030"]["shortfall"],
    )
    out = StringIO()
    call_command("forecast", "--from", "01/03/2026", stdout=out)
    text = out.getvalue()
    assert (
        "2030 (15%): ngày 31/12/2030 (dự báo) 14 lãnh đạo, 1 dưới 40 tuổi; cần 3; còn thiếu 2 người, " in text
    )
    assert "hoặc bổ nhiệm thêm ít nhất 2 người dưới 40 tuổi" in text
    assert (
        "2025 (10%): ngày 01/03/2026 (năm 2025 đã qua) 14 lãnh đạo, 3 dưới 40 tuổi; cần 2; còn thiếu 0"
        in text
    )
    out = StringIO()
    call_command("indicators", "--as-of", "01/03/2026", stdout=out)
    assert "Chỉ tiêu dưới 40 tuổi 2030 (15%): ngày 31/12/2030 (dự báo) 14 lãnh đạo" in out.getvalue()
    out = StringIO()
    call_command("indicators", "--as-of", "01/03/2026", "--format", "json", stdout=out)
    assert outlook_numbers(json.loads(out.getvalue())["outlook"]["province"]) == PROVINCE_OUTLOOK
