"""The demo province: a reproducible, realistic personnel registry for Ninh Thuận on 01/01/2022, then
carried through the 2025 restructurings by people.services.people_follow_restructurings.

generate(persons, seed, actor) places people in every department and district People's Committee in
force on 01/01/2022 (org.selectors.agencies_as_of), with leaders, assignments, languages, evaluations,
planning pools and political-standard conclusions. The same seed gives the same people. Rows are
written with executemany in batches inside one transaction, fast enough for millions of people.

Leaders have a career up to DEMO_TODAY (career, _Generator._promote / _heir, docs/people.md):
re-appointed or extended every 5 years by the age rule (RULES.md §2), retired the day after their
retirement date (§1), their posts filled from the level below. What happens before an agency's 2025
restructuring is written at the agency and carried by people_follow_restructurings; what happens after
it is written at the successor once that has run (_Generator.finish).

Figures marked "estimate" below are believed plausible for the province, not read anywhere: the
headcounts, the shares of women, ethnic groups, religions, qualifications and languages by agency.
Names follow the patterns of DATA.md ("Names, for the demo province"), drawn at random: never the
full name of a real person. DATA.md gives no name patterns for the Hoa, Cơ-ho, Chu-ru and other
groups: they get Kinh-pattern names (the Hoa with common Sino-Vietnamese family names).
"""

import datetime as dt
import itertools
import random
import time
from bisect import bisect_right, insort
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Generic, TypeVar, cast

from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from audit.models import AuditEntry
from audit.services import audit_record
from core.fields import EncryptedTextField, KeyedCodeField, KeyedHashField
from people.retirement import EXTENSION_MONTHS, FULL_TERM_MONTHS
from org.models import Restructuring, Unit, UnitVersion
from org.selectors import agencies_as_of
from people.choices import AssignmentReason
from people.models import (
    Assignment,
    Evaluation,
    LanguageSkill,
    Person,
    PlanningMembership,
    PoliticalConclusion,
    Training,
)
from people.services import people_follow_restructurings, posts_ensure
from people.vnsort import fold, sort_key

REFERENCE_DATE = dt.date(2022, 1, 1)  # the day the demo's staff is drawn for
PROVINCE_CODE = "NT"
CCCD_PROVINCE = "058"  # Ninh Thuận (Circular 07/2016/TT-BCA)
AUDIT_ACTION = "people.demo.generate"
AUDIT_DELETE_ACTION = "people.demo.delete"
BATCH = 20_000  # people per executemany batch
PROGRESS_EVERY = 100_000
SQLITE_CACHE_KIB = -262_144  # PRAGMA cache_size while generating: 256 MiB (negative = KiB)
EVALUATION_YEARS = (2021, 2022, 2023, 2024)
MIN_AGE = 22
LAST_REMOVAL = dt.date(2025, 6, 30).toordinal()  # removals from a planning pool, before the 2025 merger
DEMO_TODAY = dt.date(2026, 11, 26)  # the registry's "today": careers are written up to this day
TERM_YEARS = 5  # the term of an appointment to a leadership post (RULES.md §2)
NEVER = dt.date.max.toordinal()  # the restructuring date of an agency that is never restructured

T = TypeVar("T")


class _Pick(Generic[T]):
    """A weighted choice: pick(r) with r = rng.random()."""

    __slots__ = ("cum", "values")

    def __init__(self, pairs: Iterable[tuple[T, float]]) -> None:
        items = [(v, w) for v, w in pairs if w > 0]
        self.values = [v for v, _ in items]
        acc = list(itertools.accumulate(w for _, w in items))
        self.cum = [a / acc[-1] for a in acc]
        self.cum[-1] = 1.0

    def __call__(self, r: float) -> T:
        return self.values[bisect_right(self.cum, r)]


# --- Retirement (RULES.md §1) --------------------------------------------------------------------


def retirement_date(birth: dt.date, male: bool) -> dt.date:
    """The last day of the retirement month under Labour Code 2019 art. 169 and Decree 135/2020
    (RULES.md §1): men 60y3m in 2021, +3 months a year to 62; women 55y4m, +4 months a year to 60;
    before 2021 60 / 55. The month is birth month + age, in the one year Y whose age puts it there."""
    start = birth.year * 12 + birth.month - 1
    for year in range(birth.year + 55, birth.year + 63):
        if year <= 2020:
            months = 720 if male else 660
        elif male:
            months = min(720 + 3 * (year - 2020), 744)
        else:
            months = min(660 + 4 * (year - 2020), 720)
        index = start + months
        if index // 12 == year:
            after = index + 1
            return dt.date(after // 12, after % 12 + 1, 1) - dt.timedelta(days=1)
    raise AssertionError(f"no retirement year for {birth}")  # pragma: no cover - exactly one Y exists


def _earliest_birth(male: bool, on: dt.date) -> dt.date:
    """The first day of the earliest birth month of a person not yet retired on `on`."""
    year, month = on.year - 63, 1
    while retirement_date(dt.date(year, month, 1), male) < on:
        year, month = (year, month + 1) if month < 12 else (year + 1, 1)
    return dt.date(year, month, 1)


# --- Terms of leadership posts (RULES.md §2) -----------------------------------------------------

RETIREMENT = AssignmentReason.RETIREMENT.value
APPOINTMENT = AssignmentReason.APPOINTMENT.value
REAPPOINTMENT = AssignmentReason.REAPPOINTMENT.value
EXTENSION = AssignmentReason.EXTENSION.value

# A post to fill: (the day it is filled, the level of the post, post code); days are date ordinals.
Vacancy = tuple[int, int, str]

# One post held without a break: [post code, first day, start reason, first day after it (None: still
# held), end reason]; days are date ordinals.
Segment = list[Any]


def months_left(retires: dt.date, day: int) -> int:
    """Months of service left on `day` (an ordinal) for a person retiring on `retires`: the month index
    of the retirement month minus that of the day, as people.retirement counts them (RULES.md
    §2). The demo computes it from its cached retirement date: the engine's function costs too much for
    millions of people."""
    on = dt.date.fromordinal(day)
    return 12 * (retires.year - on.year) + retires.month - on.month


def at_term_end(retires: dt.date, day: int) -> str:
    """How a term ending on `day` goes on, as people.retirement.reappointment_outcome decides
    (Decree 138/2020/NĐ-CP art. 49(2)): re-appointed ("bo_nhiem_lai": for a full term, or until
    retirement if less than FULL_TERM_MONTHS are left), or extended until retirement ("keo_dai") if
    less than EXTENSION_MONTHS are left."""
    return REAPPOINTMENT if months_left(retires, day) >= EXTENSION_MONTHS else EXTENSION


def years_later(day: int, years: int) -> int:
    """The day (an ordinal) `years` later, or earlier if negative: the same day and month, 1 March for
    29 February in a year without it (as a term's end is computed by the forecast)."""
    date = dt.date.fromordinal(day)
    try:
        return date.replace(year=date.year + years).toordinal()
    except ValueError:
        return dt.date(date.year + years, 3, 1).toordinal()


def career(
    post: str,
    start: int,
    reason: str,
    *,
    retires: dt.date,
    horizon: int,
    shift: Callable[[int], int] = lambda day: day,
    reappointed: bool = True,
) -> list[Segment]:
    """A leadership post held from `start` (reason `reason`) to the day after retirement (RULES.md §1:
    they still hold it on their retirement date), each term of TERM_YEARS ending as at_term_end
    decides. (A term begun with less than a full term of service left runs until retirement: the
    retirement comes first.) Nothing after `horizon` is written: the last segment is then still held
    (end None). shift(day) moves a decision that would fall while the agency is being restructured.
    reappointed=False for an elected post: it ends only at retirement."""
    segments: list[Segment] = []
    leaves = retires.toordinal() + 1
    while True:
        change: tuple[int, str] | None = None
        if reappointed:
            due = shift(years_later(start, TERM_YEARS))
            if due < leaves and due <= horizon:
                change = (due, at_term_end(retires, due))
        if leaves <= horizon and (change is None or leaves <= change[0]):
            segments.append([post, start, reason, leaves, RETIREMENT])
            return segments
        if change is None:
            segments.append([post, start, reason, None, ""])
            return segments
        segments.append([post, start, reason, change[0], change[1]])
        start, reason = change


# --- Agencies (estimates) ------------------------------------------------------------------------


@dataclass(frozen=True)
class AgencyProfile:
    headcount: int  # relative size, estimate (public-service units included)
    women: float  # share of women among the staff
    # staff categories of non-leaders: (can_bo, cong_chuc, vien_chuc, nguoi_lao_dong)
    staff: tuple[float, float, float, float]
    ethnic: str  # key of _ETHNIC_MIX
    fields: str  # key of _FIELDS
    # division-head posts besides the specials (an office, an inspectorate)
    division: tuple[tuple[str, float], ...] = (("truong_phong", 1.0),)
    languages: float = 1.0  # how much likelier than usual its people have English at level 4+
    woman_leader: bool | None = None  # a woman among the head and deputies (None: drawn, 80 %)


_DEPT = (0.0, 0.72, 0.18, 0.10)
_OFFICE = (0.0, 0.85, 0.05, 0.10)
_CENTRES = (("truong_phong", 0.6), ("giam_doc_trung_tam", 0.4))
_DISTRICT_STAFF = (0.04, 0.20, 0.70, 0.06)

# languages: estimates — the office of the People's Committee took over foreign affairs; investment,
# trade, science and tourism deal with foreign partners; schools have English teachers anyway.
# woman_leader=False: two departments with many women on their staff and none among their leaders, so
# that the demo shows the plan's rule broken (estimates, like the rest).
PROFILES: dict[str, AgencyProfile] = {
    "NT.VP": AgencyProfile(80, 0.45, _OFFICE, "dept", "admin", languages=1.5, woman_leader=False),
    "NT.TTR": AgencyProfile(45, 0.35, _OFFICE, "dept", "law", languages=0.7),
    "NT.SNV": AgencyProfile(75, 0.52, _DEPT, "dept", "admin"),
    "NT.STP": AgencyProfile(60, 0.50, _DEPT, "dept", "law", languages=1.1),
    "NT.SKHDT": AgencyProfile(55, 0.48, _DEPT, "dept", "economy", languages=1.6, woman_leader=False),
    "NT.STC": AgencyProfile(60, 0.55, _DEPT, "dept", "economy", languages=1.4),
    "NT.SCT": AgencyProfile(80, 0.35, _DEPT, "dept", "trade", languages=1.5),
    "NT.SNNPTNT": AgencyProfile(
        600,
        0.38,
        (0.0, 0.45, 0.45, 0.10),
        "dept",
        "agriculture",
        (("truong_phong", 0.4), ("chi_cuc_truong", 0.35), ("giam_doc_trung_tam", 0.25)),
        languages=0.8,
    ),
    "NT.SGTVT": AgencyProfile(90, 0.25, _DEPT, "dept", "building", languages=0.8),
    "NT.SXD": AgencyProfile(70, 0.28, _DEPT, "dept", "building", languages=0.9),
    "NT.STNMT": AgencyProfile(150, 0.42, (0.0, 0.55, 0.37, 0.08), "dept", "environment", _CENTRES),
    "NT.STTTT": AgencyProfile(50, 0.45, _DEPT, "dept", "technology", _CENTRES, languages=1.5),
    "NT.SLDTBXH": AgencyProfile(
        250, 0.55, (0.0, 0.25, 0.65, 0.10), "dept", "social", _CENTRES, languages=0.9
    ),
    "NT.SVHTTDL": AgencyProfile(
        250, 0.48, (0.0, 0.20, 0.70, 0.10), "dept", "culture", _CENTRES, languages=1.6
    ),
    "NT.SKHCN": AgencyProfile(60, 0.45, _DEPT, "dept", "technology", _CENTRES, languages=1.6),
    "NT.SGDDT": AgencyProfile(
        4000, 0.68, (0.0, 0.04, 0.93, 0.03), "education", "education", _CENTRES, languages=1.1
    ),
    "NT.SYT": AgencyProfile(3000, 0.65, (0.0, 0.05, 0.90, 0.05), "health", "health", _CENTRES, languages=1.3),
    "NT.BDT": AgencyProfile(30, 0.40, _OFFICE, "ethnic_committee", "admin", languages=0.5),
    "NT.PRTC": AgencyProfile(3500, 0.52, _DISTRICT_STAFF, "prtc", "district", languages=0.8),
    "NT.BACAI": AgencyProfile(1300, 0.47, _DISTRICT_STAFF, "bacai", "district", languages=0.5),
    "NT.NINHSON": AgencyProfile(2200, 0.50, _DISTRICT_STAFF, "ninhson", "district", languages=0.6),
    "NT.NINHHAI": AgencyProfile(2200, 0.50, _DISTRICT_STAFF, "ninhhai", "district", languages=0.7),
    "NT.NINHPHUOC": AgencyProfile(3000, 0.50, _DISTRICT_STAFF, "ninhphuoc", "district", languages=0.7),
    "NT.THUANBAC": AgencyProfile(1200, 0.48, _DISTRICT_STAFF, "thuanbac", "district", languages=0.6),
    "NT.THUANNAM": AgencyProfile(1500, 0.48, _DISTRICT_STAFF, "thuannam", "district", languages=0.6),
}
_DEFAULT_PROFILES = {
    "so_nganh": AgencyProfile(60, 0.48, _DEPT, "dept", "admin"),
    "huyen": AgencyProfile(2000, 0.50, _DISTRICT_STAFF, "prtc", "district", languages=0.7),
}

# The head and deputy posts of each agency (post catalogue codes), by unit code, else by kind.
_TOP_POSTS = {
    "NT.VP": ("chanh_van_phong_ubnd_tinh", "pho_chanh_van_phong_ubnd_tinh"),
    "NT.TTR": ("chanh_thanh_tra_tinh", "pho_chanh_thanh_tra_tinh"),
    "NT.BDT": ("truong_ban", "pho_truong_ban"),
}
_TOP_BY_KIND = {
    "so_nganh": ("giam_doc_so", "pho_giam_doc_so"),
    "huyen": ("chu_tich_ubnd_huyen", "pho_chu_tich_ubnd_huyen"),
}
# Division-level posts every agency of a kind has once (an office and an inspectorate); the office of
# the provincial People's Committee and the provincial inspectorate have neither.
_SPECIAL_DIVISIONS = {
    "so_nganh": ("chanh_van_phong_so", "chanh_thanh_tra_so"),
    "huyen": ("chanh_van_phong_huyen", "chanh_thanh_tra_huyen"),
}
_NO_SPECIAL_DIVISIONS = {"NT.VP", "NT.TTR"}
_DEPUTY_OF = {
    "truong_phong": "pho_truong_phong",
    "chi_cuc_truong": "pho_chi_cuc_truong",
    "giam_doc_trung_tam": "pho_giam_doc_trung_tam",
    "chanh_van_phong_so": "pho_chanh_van_phong_so",
    "chanh_thanh_tra_so": "pho_chanh_thanh_tra_so",
    "chanh_van_phong_huyen": "pho_chanh_van_phong_huyen",
    "chanh_thanh_tra_huyen": "pho_chanh_thanh_tra_huyen",
}
_HEAD_OF = {deputy: head for head, deputy in _DEPUTY_OF.items()}
_PUBLIC_SERVICE_POSTS = {"giam_doc_trung_tam", "pho_giam_doc_trung_tam"}


def _category_of(post: str | None) -> str:
    """The staff category of the holder of an appointed leadership post."""
    return "vien_chuc" if post in _PUBLIC_SERVICE_POSTS else "cong_chuc"


# Roles of a person in the demo.
HEAD, DEPUTY, DIV_HEAD, DIV_DEPUTY, STAFF = range(5)

# --- Ethnic groups and religions (estimates) -----------------------------------------------------

KINH, HOA, COHO, CHAM, RAGLAI, CHURU = "01", "04", "16", "17", "21", "36"
# Tày, Mường, Nùng, Khơ-me, Ê-đê
_OTHER_MINORITIES = (("02", 0.3), ("06", 0.3), ("07", 0.2), ("05", 0.1), ("12", 0.1))

# Share of each group (the rest Kinh), estimate: "other" = the groups of _OTHER_MINORITIES.
_ETHNIC_MIX: dict[str, dict[str, float]] = {
    "dept": {CHAM: 0.075, RAGLAI: 0.01, HOA: 0.008, COHO: 0.003, CHURU: 0.003, "other": 0.004},
    "ethnic_committee": {CHAM: 0.30, RAGLAI: 0.20, CHURU: 0.03, COHO: 0.03, HOA: 0.01, "other": 0.01},
    "education": {CHAM: 0.08, RAGLAI: 0.015, HOA: 0.008, COHO: 0.004, CHURU: 0.004, "other": 0.006},
    "health": {CHAM: 0.07, RAGLAI: 0.01, HOA: 0.01, COHO: 0.003, CHURU: 0.003, "other": 0.005},
    "prtc": {CHAM: 0.08, RAGLAI: 0.01, HOA: 0.02, COHO: 0.002, CHURU: 0.002, "other": 0.004},
    "bacai": {RAGLAI: 0.42, CHAM: 0.03, COHO: 0.01, CHURU: 0.01, "other": 0.005},
    "ninhson": {RAGLAI: 0.05, CHAM: 0.02, CHURU: 0.03, COHO: 0.03, HOA: 0.005, "other": 0.01},
    "ninhhai": {CHAM: 0.09, RAGLAI: 0.04, HOA: 0.005, "other": 0.003},
    "ninhphuoc": {CHAM: 0.26, RAGLAI: 0.02, HOA: 0.005, "other": 0.003},
    "thuanbac": {RAGLAI: 0.07, CHAM: 0.06, HOA: 0.003, "other": 0.003},
    "thuannam": {CHAM: 0.19, RAGLAI: 0.03, HOA: 0.003, "other": 0.003},
}

_RELIGIONS: dict[str, list[tuple[str, float]]] = {
    KINH: [("00", 0.80), ("01", 0.12), ("02", 0.07), ("05", 0.005), ("08", 0.005)],
    CHAM: [("04", 0.50), ("13", 0.45), ("00", 0.05)],  # Hồi giáo (Bàni) or Bà La Môn
    RAGLAI: [("00", 0.85), ("08", 0.08), ("02", 0.07)],
    HOA: [("01", 0.50), ("00", 0.50)],
    "other": [("00", 0.80), ("08", 0.10), ("02", 0.10)],
}

# --- Names (DATA.md "Names, for the demo province") ----------------------------------------------

# fmt: off

_KINH_FAMILY = [
    ("Nguyễn", 38), ("Trần", 12), ("Lê", 9.5), ("Phạm", 7), ("Huỳnh", 3.2), ("Hoàng", 1.8),
    ("Phan", 4.5), ("Võ", 2.9), ("Vũ", 1.0), ("Đặng", 2.1), ("Bùi", 2), ("Đỗ", 1.4), ("Hồ", 1.3),
    ("Ngô", 1.3), ("Dương", 1), ("Lý", 0.5), ("Trương", 1.2), ("Đinh", 0.9), ("Mai", 0.7),
    ("Cao", 0.6), ("Lưu", 0.5), ("Đoàn", 0.8), ("Châu", 0.5), ("Tô", 0.4), ("Thái", 0.4), ("Lương", 0.5),
    ("Văn", 0.3), ("Tạ", 0.3), ("Hà", 0.5), ("Lâm", 0.4),
]
_CHAM_FAMILY = [
    ("Đàng", 18), ("Quảng", 12), ("Báo", 6), ("Tài", 6), ("Sử", 5), ("Thông", 5), ("Quách", 4),
    ("Lượng", 4), ("Phú", 4), ("Lâm", 3), ("Hứa", 3), ("Trượng", 3), ("Thiên", 3), ("Lưu", 3),
    ("Chế", 3), ("Trà", 4), ("Huỳnh", 3), ("Nguyễn", 5),
    # unchecked in DATA.md, so rarer here
    ("Thành", 0.6), ("Châu", 0.6), ("Thuận", 0.6), ("Hán", 0.6), ("Lộ", 0.6),
]
# Raglai clan names, and the Vietnamese forms DATA.md lists (Mấu for Chamaléa, Bo Bo for Katơr).
_RAGLAI_CLANS = [
    ("Chamaléa", 22), ("Mấu", 8), ("Katơr", 18), ("Bo Bo", 4), ("Pinăng", 15), ("Pi Năng", 3),
    ("Patâu Axá", 12), ("Pupur", 10),
]
_HOA_FAMILY = [
    ("Lý", 3), ("Trương", 3), ("Lâm", 3), ("Quách", 2), ("Hứa", 2), ("Mã", 2), ("Tăng", 1.5),
    ("Diệp", 1), ("Lưu", 2), ("Châu", 1.5), ("Tạ", 1), ("Huỳnh", 2),
]
_WOMEN_GIVEN: tuple[str, ...] = (
    "Hoa", "Lan", "Hương", "Hằng", "Hạnh", "Mai", "Linh", "Trang", "Thảo", "Ngọc", "Nhung", "Phương",
    "Thủy", "Hà", "Hiền", "Huyền", "Loan", "Nga", "Oanh", "Quyên", "Thanh", "Thu", "Trinh", "Tuyết", "Vân",
    "Yến", "Xuân", "Diệu", "Dung", "Giang", "Hồng", "My", "Nhi", "Ly", "Uyên", "Vy", "Thúy", "Lệ", "Liên",
    "Anh", "Châu", "Duyên", "Hậu", "Kiều", "Khánh", "Mỹ", "Nguyệt", "Sương", "Tâm", "Thắm", "Ánh", "Bích",
    "Cúc", "Diễm", "Hải", "Hòa", "Lài", "Ngân", "Nhàn", "Phượng", "Quỳnh", "Sen", "Thơ", "Thương", "Trâm",
    "Tú", "Vi",
)
_MEN_GIVEN: tuple[str, ...] = (
    "Anh", "Bình", "Cường", "Dũng", "Đạt", "Đức", "Hải", "Hiếu", "Hoàng", "Hùng", "Huy", "Khang", "Khoa",
    "Kiên", "Lâm", "Long", "Lộc", "Minh", "Nam", "Nghĩa", "Nhân", "Phong", "Phúc", "Phương", "Quang",
    "Quân", "Sơn", "Tài", "Tâm", "Thắng", "Thành", "Thịnh", "Toàn", "Trí", "Trung", "Tuấn", "Tùng", "Việt",
    "Vinh", "Vũ", "Hòa", "Khải", "Thái", "Tín", "Trọng", "Bảo", "Định", "Hưng", "Lợi", "Thuận", "Châu",
    "Danh", "Duy", "Hậu", "Hiển", "Khánh", "Lực", "Mạnh", "Nhật", "Phát", "Sang", "Tiến", "Toản", "Tường",
    "Vương",
)
_WOMEN_MIDDLE = [
    ("Thị", 62), ("Ngọc", 5), ("Thu", 3), ("Thanh", 4), ("Minh", 2), ("Kim", 3), ("Hồng", 3),
    ("Thùy", 3), ("Mỹ", 3), ("Bảo", 1), ("Phương", 2), ("Diễm", 1), ("Hoài", 2), ("Khánh", 1),
    ("Quỳnh", 1), ("Như", 2), ("Bích", 2), ("Thị Thu", 2), ("Thị Ngọc", 2),
]
_MEN_MIDDLE = [
    ("Văn", 30), ("Đức", 8), ("Minh", 8), ("Quốc", 7), ("Hữu", 7), ("Thanh", 6), ("Công", 5),
    ("Ngọc", 4), ("Xuân", 4), ("Đình", 4), ("Trung", 3), ("Hoàng", 3), ("Tấn", 4), ("Như", 2),
    ("Bá", 2), ("Thế", 2), ("Anh", 3), ("Quang", 3), ("Văn Minh", 1),
]
_CHAM_MEN_MIDDLE = [
    ("Văn", 35), ("Năng", 12), ("Minh", 10), ("Đại", 6), ("Thanh", 10), ("Ngọc", 8), ("Hữu", 8), ("Quang", 6),
]
_CHAM_WOMEN_MIDDLE = [("Thị", 80), ("Ngọc", 6), ("Thanh", 6), ("Mỹ", 4), ("Thu", 4)]
_RAGLAI_WOMEN: tuple[str, ...] = (
    "Hoa", "Lan", "Mai", "Hương", "Nga", "Thủy", "Hồng", "Liên", "Hiền", "Duyên", "Nhung", "Thanh", "Thu",
    "Hà", "Ny", "Na", "Sen", "Lê", "Ái", "Bé",
)
_RAGLAI_MEN: tuple[str, ...] = (
    "Hùng", "Đức", "Lực", "Thắng", "Sang", "Bình", "Dũng", "Hải", "Tiến", "Phúc", "Minh", "Vinh", "Quý",
    "Sơn", "Chiến", "Lập", "Tâm", "Hòa", "Thanh", "Đông",
)

# fmt: on

_NT_PLACES = (
    "Phan Rang - Tháp Chàm",
    "Ninh Phước",
    "Ninh Hải",
    "Ninh Sơn",
    "Thuận Bắc",
    "Thuận Nam",
    "Bác Ái",
)
_OTHER_PROVINCES = (
    ("Quảng Nam", 3),
    ("Quảng Ngãi", 3),
    ("Bình Định", 3),
    ("Khánh Hòa", 2),
    ("Bình Thuận", 2),
    ("Nghệ An", 2),
    ("Hà Tĩnh", 1.5),
    ("Thanh Hóa", 1.5),
    ("Thừa Thiên Huế", 1.5),
    ("Phú Yên", 1.5),
    ("Quảng Trị", 1),
    ("Nam Định", 1),
    ("Thái Bình", 1),
    ("Lâm Đồng", 1),
)
# Where each district's People's Committee is, for hometowns of its staff.
_DISTRICT_PLACE = {
    "NT.PRTC": "Phan Rang - Tháp Chàm",
    "NT.BACAI": "Bác Ái",
    "NT.NINHSON": "Ninh Sơn",
    "NT.NINHHAI": "Ninh Hải",
    "NT.NINHPHUOC": "Ninh Phước",
    "NT.THUANBAC": "Thuận Bắc",
    "NT.THUANNAM": "Thuận Nam",
}
_CHAM_PLACES = (
    ("Ninh Phước", 45),
    ("Thuận Nam", 20),
    ("Ninh Hải", 12),
    ("Phan Rang - Tháp Chàm", 12),
    ("Thuận Bắc", 8),
    ("Ninh Sơn", 3),
)
_RAGLAI_PLACES = (
    ("Bác Ái", 45),
    ("Ninh Sơn", 20),
    ("Thuận Bắc", 15),
    ("Thuận Nam", 12),
    ("Ninh Hải", 5),
    ("Ninh Phước", 3),
)

# --- Qualifications, fields, languages (estimates) -----------------------------------------------

_FIELDS: dict[str, tuple[str, ...]] = {
    "admin": (
        "Luật",
        "Hành chính học",
        "Quản lý nhà nước",
        "Kinh tế",
        "Ngữ văn",
        "Lưu trữ học",
        "Xã hội học",
        "Công nghệ thông tin",
    ),
    "law": ("Luật", "Luật kinh tế", "Kinh tế", "Kế toán", "Hành chính học"),
    "economy": (
        "Kinh tế",
        "Tài chính - Ngân hàng",
        "Kế toán",
        "Kinh tế đầu tư",
        "Quản trị kinh doanh",
        "Luật kinh tế",
    ),
    "trade": ("Kinh tế", "Quản trị kinh doanh", "Kỹ thuật điện", "Luật", "Kinh doanh thương mại"),
    "agriculture": (
        "Nông học",
        "Lâm nghiệp",
        "Nuôi trồng thủy sản",
        "Chăn nuôi - Thú y",
        "Kỹ thuật thủy lợi",
        "Kinh tế nông nghiệp",
        "Bảo vệ thực vật",
    ),
    "building": (
        "Xây dựng dân dụng và công nghiệp",
        "Kiến trúc",
        "Xây dựng cầu đường",
        "Quy hoạch vùng và đô thị",
        "Kinh tế xây dựng",
    ),
    "environment": ("Quản lý đất đai", "Khoa học môi trường", "Địa chính", "Địa chất", "Trắc địa - Bản đồ"),
    "technology": ("Công nghệ thông tin", "Điện tử - Viễn thông", "Báo chí", "Vật lý", "Hóa học", "Sinh học"),
    "social": ("Công tác xã hội", "Luật", "Kinh tế", "Quản trị nhân lực", "Tâm lý học"),
    "culture": ("Văn hóa học", "Du lịch", "Quản lý văn hóa", "Giáo dục thể chất", "Âm nhạc", "Mỹ thuật"),
    "education": (
        "Sư phạm Toán",
        "Sư phạm Ngữ văn",
        "Sư phạm Tiếng Anh",
        "Sư phạm Vật lý",
        "Sư phạm Hóa học",
        "Sư phạm Sinh học",
        "Sư phạm Lịch sử",
        "Sư phạm Địa lý",
        "Giáo dục thể chất",
        "Quản lý giáo dục",
        "Sư phạm Tin học",
    ),
    "health": (
        "Y đa khoa",
        "Điều dưỡng",
        "Dược",
        "Y học cổ truyền",
        "Y tế công cộng",
        "Hộ sinh",
        "Kỹ thuật xét nghiệm y học",
        "Răng - Hàm - Mặt",
    ),
    "district": (
        "Giáo dục mầm non",
        "Giáo dục tiểu học",
        "Sư phạm Toán",
        "Sư phạm Ngữ văn",
        "Sư phạm Tiếng Anh",
        "Luật",
        "Kinh tế",
        "Hành chính học",
        "Quản lý đất đai",
        "Kế toán",
        "Nông học",
    ),
}
_QUALIFICATIONS: dict[str, list[tuple[str, float]]] = {
    "staff": [
        ("dai_hoc", 72),
        ("thac_si", 9),
        ("tien_si", 0.4),
        ("cao_dang", 9),
        ("trung_cap", 8),
        ("so_cap", 1),
        ("khac", 0.6),
    ],
    "leader": [("dai_hoc", 57), ("thac_si", 39), ("tien_si", 4)],
}
_THEORY: dict[int, list[tuple[str, float]]] = {
    HEAD: [("cao_cap", 88), ("cu_nhan", 7), ("trung_cap", 5)],
    DEPUTY: [("cao_cap", 80), ("cu_nhan", 5), ("trung_cap", 15)],
    DIV_HEAD: [("cao_cap", 35), ("trung_cap", 62), ("so_cap", 3)],
    DIV_DEPUTY: [("cao_cap", 20), ("trung_cap", 72), ("so_cap", 8)],
    STAFF: [("", 45), ("so_cap", 27), ("trung_cap", 24), ("cao_cap", 3), ("cu_nhan", 1)],
}
_STATE_MANAGEMENT: dict[int | str, list[tuple[str, float]]] = {
    HEAD: [("chuyen_vien_cao_cap", 70), ("chuyen_vien_chinh", 30)],
    DEPUTY: [("chuyen_vien_cao_cap", 35), ("chuyen_vien_chinh", 65)],
    DIV_HEAD: [("chuyen_vien_chinh", 65), ("chuyen_vien", 35)],
    DIV_DEPUTY: [("chuyen_vien_chinh", 45), ("chuyen_vien", 55)],
    "cong_chuc": [("chuyen_vien", 55), ("", 40), ("chuyen_vien_chinh", 5)],
    "other": [("", 85), ("chuyen_vien", 15)],
}
# English of those who have some (60 %): level 4 or more with a chance of _B2_CHANCE times factors for
# the agency (AgencyProfile.languages), age and qualification, else level 1–3. English teachers: 4–6.
_ENGLISH_LEVELS = [(1, 9), (2, 40), (3, 38)]
_ENGLISH_B2_LEVELS = [(4, 70), (5, 24), (6, 6)]
_TEACHER_ENGLISH_LEVELS = [(4, 25), (5, 65), (6, 10)]
_B2_CHANCE = 0.2
_B2_BY_QUALIFICATION = {"tien_si": 2.5, "thac_si": 1.8, "dai_hoc": 1.0, "cao_dang": 0.5, "trung_cap": 0.3}
_LANGUAGE_TEACHERS = {"Sư phạm Tiếng Anh"}
_OTHER_LANGUAGES = [("fr", 25), ("zh", 25), ("ru", 20), ("ja", 12), ("ko", 12), ("de", 6)]
_ABROAD = (
    ("Úc", "en"),
    ("Anh", "en"),
    ("Hoa Kỳ", "en"),
    ("Pháp", "fr"),
    ("Bỉ", "fr"),
    ("Liên bang Nga", "ru"),
    ("Nhật Bản", "ja"),
    ("Hàn Quốc", "ko"),
    ("Trung Quốc", "zh"),
    ("Đức", "de"),
    ("Thái Lan", "en"),
)
_CONCLUSIONS = {
    True: "Đủ tiêu chuẩn chính trị.",
    False: "Chưa đủ tiêu chuẩn chính trị: còn nội dung chưa được thẩm tra, kết luận.",
}
_DEGREE_NAMES = {"thac_si": "Thạc sĩ", "tien_si": "Tiến sĩ"}
_IT_LEVELS = [
    ("Ứng dụng CNTT cơ bản", 68),
    ("Ứng dụng CNTT nâng cao", 10),
    ("Chứng chỉ A", 7),
    ("Chứng chỉ B", 5),
    ("", 10),
]

# Civil-service ranks (ngạch; Circular 02/2021/TT-BNV codes) and their salary scales (Decree
# 204/2004: first coefficient, step, number of steps) — believed, unchecked.
_RANKS = {
    "cvcc": ("01.001", "Chuyên viên cao cấp", Decimal("6.20"), Decimal("0.36"), 6),
    "cvc": ("01.002", "Chuyên viên chính", Decimal("4.40"), Decimal("0.34"), 8),
    "cv": ("01.003", "Chuyên viên", Decimal("2.34"), Decimal("0.33"), 9),
    "cs": ("01.004", "Cán sự", Decimal("2.10"), Decimal("0.31"), 10),
    "nv": ("01.005", "Nhân viên", Decimal("1.86"), Decimal("0.20"), 12),
}

# Evaluation levels: (xuất sắc, tốt, hoàn thành, không hoàn thành), leaders and others.
_LEVELS = ("xuat_sac", "tot", "hoan_thanh", "khong_hoan_thanh")
_EVALUATION: dict[str, list[tuple[int, float]]] = {
    "leader": [(0, 20), (1, 74), (2, 5.5), (3, 0.5)],
    "staff": [(0, 12), (1, 78), (2, 9), (3, 1)],
}

# Age bands (years on the reference date, inclusive) and their weights, by role.
_AGES: dict[str, list[tuple[tuple[int, int], float]]] = {
    "staff": [((22, 29), 18), ((30, 39), 33), ((40, 49), 28), ((50, 62), 21)],
    "top": [((40, 44), 10), ((45, 49), 30), ((50, 62), 60)],
    "division": [((40, 44), 25), ((45, 49), 30), ((50, 62), 45)],
}
_YOUNG_LEADER = (32, 39)
_DEGREES = ("dai_hoc", "thac_si", "tien_si")
# A post nobody took goes to the last person of the level below (or to a non-leader), aged 35 at least
# then, and under 40 with these chances (the plan asks for young leaders; estimates).
_HEIR_MIN_AGE = 12784  # days: 35 years
_YOUNG_HEIR_HEAD = 0.1
_YOUNG_HEIR = 0.4
_POOL_2025 = dt.date(2025, 3, 1).toordinal()  # appointments from then on come from the 2025–2030 pool
# Who takes a vacant post (estimates): someone from the next level down, always if under 40, else with
# this chance each; from further down, rarely.
_ACCEPT_NEXT_LEVEL = 0.6
_ACCEPT_FURTHER = 0.25
_ACCEPT_FURTHER_YOUNG = 0.1
_YOUNG_SHARE = {HEAD: 0.03, DEPUTY: 0.12, DIV_HEAD: 0.12, DIV_DEPUTY: 0.16}


class _Names:
    """Name patterns per ethnic group (DATA.md)."""

    def __init__(self) -> None:
        self.kinh_family = _Pick((n, float(w)) for n, w in _KINH_FAMILY)
        self.cham_family = _Pick((n, float(w)) for n, w in _CHAM_FAMILY)
        self.hoa_family = _Pick((n, float(w)) for n, w in _HOA_FAMILY)
        self.clans = _Pick((n, float(w)) for n, w in _RAGLAI_CLANS)
        self.women_middle = _Pick((n, float(w)) for n, w in _WOMEN_MIDDLE)
        self.men_middle = _Pick((n, float(w)) for n, w in _MEN_MIDDLE)
        self.cham_women_middle = _Pick((n, float(w)) for n, w in _CHAM_WOMEN_MIDDLE)
        self.cham_men_middle = _Pick((n, float(w)) for n, w in _CHAM_MEN_MIDDLE)

    def make(self, r: Callable[[], float], ethnicity: str, male: bool) -> str:
        if ethnicity == RAGLAI:
            given = _RAGLAI_MEN if male else _RAGLAI_WOMEN
            name = given[int(r() * len(given))]
            if not male and r() < 0.65:
                return f"{self.clans(r())} Thị {name}"
            return f"{self.clans(r())} {name}"
        given = _MEN_GIVEN if male else _WOMEN_GIVEN
        index = int(r() * len(given))
        if ethnicity == CHAM:
            middle = self.cham_men_middle(r()) if male else self.cham_women_middle(r())
            family = self.cham_family(r())
        else:
            family = self.hoa_family(r()) if ethnicity == HOA else self.kinh_family(r())
            middle = self.men_middle(r()) if male else self.women_middle(r())
        name = given[index]
        if middle.rsplit(" ", 1)[-1] == name:  # not "Thị Thu Thu"
            name = given[index - 1]
        return f"{family} {middle} {name}"


# --- Rows ----------------------------------------------------------------------------------------


PROTECTED_FIELDS = (EncryptedTextField, KeyedCodeField)


class _Table:
    """INSERTs of one model's rows with executemany. Columns come from the model's _meta; a concrete
    field this module does not fill gets its default."""

    def __init__(self, model: type[models.Model], names: Sequence[str]) -> None:
        opts = model._meta
        known = {f.name for f in opts.concrete_fields}
        unknown = set(names) - known
        if unknown:
            raise ValueError(f"{opts.label}: no fields {sorted(unknown)}")
        fields = [opts.get_field(n) for n in names]
        # A keyed hash is worked out from its source field's value (core.fields.KeyedHashField).
        hashed = [f for f in opts.concrete_fields if isinstance(f, KeyedHashField) and f.name not in names]
        extra = [
            f for f in opts.concrete_fields if f.name not in names and not f.primary_key and f not in hashed
        ]
        self.extra = tuple(f.get_db_prep_save(f.get_default(), connection) for f in extra)
        # Protected values are written as their columns hold them (sealed or hashed): the field prepares
        # them, as the ORM would.
        self.prepared = [i for i, f in enumerate(fields) if isinstance(f, PROTECTED_FIELDS)]
        self.hashes = [(names.index(f.source), f) for f in hashed]
        self.fields = fields
        columns = [cast(str, f.column) for f in fields] + [cast(str, f.column) for f in hashed]  # type: ignore[union-attr]
        columns += [cast(str, f.column) for f in extra]  # type: ignore[union-attr]
        qn = connection.ops.quote_name
        self.sql = (
            f"INSERT INTO {qn(opts.db_table)} ({', '.join(qn(c) for c in columns)}) "
            f"VALUES ({', '.join(['%s'] * len(columns))})"
        )
        self.rows: list[tuple[Any, ...]] = []
        self.count = 0

    def flush(self, cursor: Any) -> None:
        if not self.rows:
            return
        rows = self.rows
        if self.prepared or self.hashes:
            rows = [self._protected(r) for r in rows]
        rows = [r + self.extra for r in rows] if self.extra else rows
        cursor.executemany(self.sql, rows)
        self.count += len(rows)
        self.rows = []

    def _protected(self, row: tuple[Any, ...]) -> tuple[Any, ...]:
        values = list(row)
        for i in self.prepared:
            values[i] = self.fields[i].get_db_prep_save(values[i], connection)  # type: ignore[union-attr]
        return (*values, *(field.of(row[source]) for source, field in self.hashes))


@dataclass
class _Agency:
    unit_id: int
    code: str
    kind: str
    name: str
    short_name: str
    profile: AgencyProfile
    size: int = 0
    issuer: str = ""
    abbreviation: str = ""
    party_issuer: str = ""
    top_posts: tuple[str, str] = ("", "")
    specials: tuple[str, ...] = ()
    # The 2025 restructurings as people_follow_restructurings carries the agency's people: the first and
    # last day its lineage is restructured (NEVER if never), the unit they end up in (None: dissolved),
    # whether other agencies were merged into it, and the successor's name for decisions after `last`.
    first: int = NEVER
    last: int = NEVER
    final_unit_id: int | None = None
    merged: bool = False
    later_issuer: str = ""
    later_abbreviation: str = ""
    horizon: int = 0  # the last day a change of post is written: DEMO_TODAY, or the day before dissolution
    elected: bool = False  # the head and deputies are elected (a district's People's Committee)
    men_only: bool = False  # only men are appointed head or deputy (see _roles)


def _sizes(persons: int, weights: list[int]) -> list[int]:
    """persons split by weight (largest remainder), each agency getting a small floor first."""
    n = len(weights)
    floor = min(6, persons // (2 * n)) if n else 0
    rest = persons - floor * n
    total = sum(weights)
    raw = [rest * w / total for w in weights]
    sizes = [int(x) for x in raw]
    order = sorted(range(n), key=lambda i: raw[i] - sizes[i], reverse=True)
    for i in order[: rest - sum(sizes)]:
        sizes[i] += 1
    return [s + floor for s in sizes]


class _Dates(dict[int, Any]):
    """Day number (date.toordinal()) → the value the database takes, computed once per day."""

    def __missing__(self, ordinal: int) -> Any:
        value = self[ordinal] = connection.ops.adapt_datefield_value(dt.date.fromordinal(ordinal))
        return value


class _Generator:
    def __init__(self, seed: int, progress: Callable[[int], None] | None) -> None:
        self.rng = random.Random(seed)
        self.progress = progress
        self.names = _Names()
        self.name_keys: dict[str, tuple[str, str]] = {}
        self.cccd_used: dict[str, bytearray] = {}
        self.dates = _Dates()
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        self.now = now
        self.posts = {code: post.pk for code, post in posts_ensure().items()}
        self.religions = {k: _Pick(v) for k, v in _RELIGIONS.items()}
        self.other_minorities = _Pick(_OTHER_MINORITIES)
        self.qualifications = {k: _Pick((c, float(w)) for c, w in v) for k, v in _QUALIFICATIONS.items()}
        self.theory = {k: _Pick((c, float(w)) for c, w in v) for k, v in _THEORY.items()}
        self.state_management = {k: _Pick((c, float(w)) for c, w in v) for k, v in _STATE_MANAGEMENT.items()}
        self.english = _Pick((c, float(w)) for c, w in _ENGLISH_LEVELS)
        self.english_b2 = _Pick((c, float(w)) for c, w in _ENGLISH_B2_LEVELS)
        self.teacher_english = _Pick((c, float(w)) for c, w in _TEACHER_ENGLISH_LEVELS)
        self.other_language = _Pick((c, float(w)) for c, w in _OTHER_LANGUAGES)
        self.it_levels = _Pick((c, float(w)) for c, w in _IT_LEVELS)
        self.evaluation = {k: _Pick((c, float(w)) for c, w in v) for k, v in _EVALUATION.items()}
        self.provinces = _Pick((p, float(w)) for p, w in _OTHER_PROVINCES)
        self.cham_places = _Pick((p, float(w)) for p, w in _CHAM_PLACES)
        self.raglai_places = _Pick((p, float(w)) for p, w in _RAGLAI_PLACES)
        self.ages = {k: _Pick(v) for k, v in _AGES.items()}
        self.ref = REFERENCE_DATE.toordinal()
        self.earliest = {
            True: _earliest_birth(True, REFERENCE_DATE).toordinal(),
            False: _earliest_birth(False, REFERENCE_DATE).toordinal(),
        }
        self.latest = dt.date(
            REFERENCE_DATE.year - MIN_AGE, REFERENCE_DATE.month, REFERENCE_DATE.day
        ).toordinal()
        self.retirement: dict[tuple[int, int, bool], dt.date] = {}
        self.salaries = {
            key: [
                (code, name, step, connection.ops.adapt_decimalfield_value(base + inc * (step - 1), 4, 2))
                for step in range(1, steps + 1)
            ]
            for key, (code, name, base, inc, steps) in _RANKS.items()
        }
        self.people = _Table(
            Person,
            [
                "id", "full_name", "other_names", "name_fold", "sort_key", "birth_date", "birth_year_only",
                "sex", "ethnicity", "religion", "hometown", "cccd", "unit", "staff_category", "rank_code",
                "rank_name", "salary_step", "salary_coefficient", "general_education", "qualification",
                "qualification_field", "political_theory", "state_management", "it_level", "degree_abroad",
                "party_joined", "party_full", "recruited_on", "version", "created_at", "updated_at",
            ],
        )  # fmt: skip
        self.assignments = _Table(
            Assignment,
            [
                "person", "unit", "post", "valid_from", "valid_to", "concurrent", "decision_number",
                "decision_date", "decision_issuer", "start_reason", "end_reason",
            ],
        )  # fmt: skip
        self.languages = _Table(LanguageSkill, ["person", "language", "level"])
        self.evaluations = _Table(Evaluation, ["person", "year", "level"])
        self.planning = _Table(
            PlanningMembership,
            [
                "person",
                "post",
                "unit",
                "term_from",
                "term_to",
                "decision_number",
                "decision_date",
                "removed_on",
            ],
        )
        self.conclusions = _Table(
            PoliticalConclusion, ["person", "concluded_on", "conclusion", "meets_standard", "issuer"]
        )
        self.trainings = _Table(
            Training, ["kind", "person", "level", "institution", "started_on", "finished_on", "abroad"]
        )
        self.tables = (
            self.people,
            self.assignments,
            self.languages,
            self.evaluations,
            self.planning,
            self.conclusions,
            self.trainings,
        )
        self.stats = {
            "leaders": 0,
            "women": 0,
            "minorities": 0,
            "without_cccd": 0,
            "retired": 0,
            "reappointed": 0,
            "promoted": 0,
        }
        # the posts of the agency being generated that are to be filled, by the day they are filled
        self.vacancies: list[Vacancy] = []
        # what is written after people_follow_restructurings, at the successors (see _write)
        self.later_close: list[tuple[Any, str, int]] = []
        self.later_retire: list[tuple[int, int]] = []
        self.later_rows: list[tuple[Any, ...]] = []

    # --- dates ---

    def _retires(self, birth: dt.date, male: bool) -> dt.date:
        key = (birth.year, birth.month, male)
        found = self.retirement.get(key)
        if found is None:
            found = self.retirement[key] = retirement_date(birth, male)
        return found

    def _birth(self, role: int, male: bool) -> int:
        """A birth date (ordinal) for the role: 22 to retirement age on the reference date."""
        r = self.rng.random
        if role == STAFF:
            low, high = self.ages["staff"](r())
        elif r() < _YOUNG_SHARE[role]:
            low, high = _YOUNG_LEADER
        else:
            low, high = self.ages["top" if role in (HEAD, DEPUTY) else "division"](r())
        first = max(self.earliest[male], self.ref - int((high + 1) * 365.25) + 1)
        last = min(self.latest, self.ref - int(low * 365.25))
        if first > last:
            first = self.earliest[male]
        return first + int(r() * (last - first + 1))

    # --- CCCD ---

    def _cccd(self, birth: dt.date, male: bool) -> str:
        century_sex = 2 * ((birth.year - 1900) // 100) + (0 if male else 1)
        prefix = f"{CCCD_PROVINCE}{century_sex}{birth.year % 100:02d}"
        used = self.cccd_used.get(prefix)
        if used is None:
            used = self.cccd_used[prefix] = bytearray(125_000)
        r = self.rng.random
        for _ in range(1000):
            serial = int(r() * 1_000_000)
            byte, bit = serial >> 3, 1 << (serial & 7)
            if not used[byte] & bit:
                used[byte] |= bit
                return f"{prefix}{serial:06d}"
        raise RuntimeError(f"Hết số CCCD còn trống cho tiền tố {prefix}.")  # pragma: no cover

    def reserve_cccds(self, numbers: Iterable[str]) -> None:
        """Numbers already in the registry are never drawn."""
        for number in numbers:
            if len(number) == 12 and number.isdigit():
                used = self.cccd_used.setdefault(number[:6], bytearray(125_000))
                serial = int(number[6:])
                used[serial >> 3] |= 1 << (serial & 7)

    # --- agencies ---

    def agencies(self, persons: int) -> list[_Agency]:
        units = agencies_as_of(as_of=REFERENCE_DATE)
        if not units:
            raise ValueError(
                "Chưa có cơ cấu tổ chức ngày 01/01/2022: hãy nạp dữ liệu tổ chức trước "
                "(canbo org load builtin)."
            )
        versions = {v.unit_id: v for v in UnitVersion.objects.as_of(REFERENCE_DATE).filter(unit__in=units)}
        agencies = []
        for unit in units:
            version = versions[unit.pk]
            profile = PROFILES.get(unit.code) or _DEFAULT_PROFILES.get(
                version.kind, _DEFAULT_PROFILES["so_nganh"]
            )
            agencies.append(
                _Agency(
                    unit.pk,
                    unit.code,
                    version.kind,
                    version.name,
                    version.short_name or version.name,
                    profile,
                )
            )
        for agency, size in zip(
            agencies, _sizes(persons, [a.profile.headcount for a in agencies]), strict=True
        ):
            agency.size = size
            self._describe(agency)
        self._restructurings(agencies)
        return agencies

    def _restructurings(self, agencies: list[_Agency]) -> None:
        """Where each agency's people go in the 2025 restructurings, walking the events in the order
        people_follow_restructurings does (renames and moves carry nobody)."""
        province = Unit.objects.get(code=PROVINCE_CODE)
        units = [a.unit_id for a in agencies] + [province.pk]
        first = dict.fromkeys(units, NEVER)
        last = dict.fromkeys(units, NEVER)
        current: dict[int, int | None] = {unit_id: unit_id for unit_id in units}
        events = (
            Restructuring.objects.exclude(kind__in=("rename", "move"))
            .prefetch_related("links")
            .order_by("effective_date", "pk")
        )
        for event in events:
            targets: dict[int, int | None] = {}
            for link in event.links.all():
                targets.setdefault(link.predecessor_id, link.successor_id)
            day = event.effective_date.toordinal()
            for unit_id, now in current.items():
                if now is not None and now in targets:
                    first[unit_id], last[unit_id] = min(first[unit_id], day), day
                    current[unit_id] = None if event.kind == "dissolve" else targets[now]

        def name_on(unit_id: int, day: int) -> UnitVersion:
            return UnitVersion.objects.as_of(dt.date.fromordinal(day)).get(unit_id=unit_id)

        finals = [current[a.unit_id] for a in agencies]
        today = DEMO_TODAY.toordinal()
        for agency in agencies:
            final = current[agency.unit_id]
            agency.first, agency.last, agency.final_unit_id = (
                first[agency.unit_id],
                last[agency.unit_id],
                final,
            )
            agency.merged = final is not None and finals.count(final) > 1
            agency.horizon = today if final is not None else agency.last - 1
            agency.elected = agency.kind == "huyen"
            if final is not None and agency.last != NEVER:
                successor = name_on(final, agency.last)
                agency.later_issuer = successor.name
                short = successor.short_name or successor.name
                agency.later_abbreviation = "".join(c for c in short if c.isalnum())
        self.province_change = last[province.pk]
        self.province_issuer = self.province_issuer_later = name_on(province.pk, self.ref).name
        final = current[province.pk]
        if final is not None and self.province_change != NEVER:
            self.province_issuer_later = name_on(final, self.province_change).name

    def _describe(self, agency: _Agency) -> None:
        district = agency.kind == "huyen"
        agency.top_posts = _TOP_POSTS.get(agency.code) or _TOP_BY_KIND["huyen" if district else "so_nganh"]
        agency.specials = (
            ()
            if agency.code in _NO_SPECIAL_DIVISIONS
            else _SPECIAL_DIVISIONS["huyen" if district else "so_nganh"]
        )
        if district:
            agency.issuer = agency.name
            agency.abbreviation = "UBND"
            place = agency.name.split("huyện ", 1)[-1].split("thành phố ", 1)[-1]
            committee = "Thành ủy" if "thành phố" in agency.name else "Huyện ủy"
            agency.party_issuer = f"Ban Thường vụ {committee} {place}"
        else:
            agency.issuer = agency.name
            agency.abbreviation = {"NT.VP": "VPUB", "NT.TTR": "TTr"}.get(
                agency.code, "".join(c for c in agency.short_name if c.isalnum())
            )
            agency.party_issuer = "Đảng ủy Khối các cơ quan tỉnh Ninh Thuận"

    def _roles(self, agency: _Agency) -> list[tuple[int, str | None, bool | None]]:
        """(role, post code, forced sex: True male / False female / None) for each person."""
        r = self.rng.random
        s = agency.size
        district = agency.kind == "huyen"
        if s == 0:
            return []
        wanted_deputies = 2 + int(r() * (2 if district else 3))  # districts 2–3, departments 2–4
        deputies = min(wanted_deputies, s // 8)
        leaders = max(round(s * (0.07 + 0.02 * r())), 1 + deputies)
        leaders = min(leaders, s)
        division = leaders - 1 - deputies
        division_heads = round(division * 0.4)
        head_post, deputy_post = agency.top_posts
        roles: list[tuple[int, str | None, bool | None]] = [(HEAD, head_post, None)]
        roles += [(DEPUTY, deputy_post, None) for _ in range(deputies)]
        pick = _Pick(agency.profile.division)
        heads: list[str] = []
        for i in range(division_heads):
            heads.append(agency.specials[i] if i < len(agency.specials) else pick(r()))
        roles += [(DIV_HEAD, post, None) for post in heads]
        for _ in range(division - division_heads):
            head = heads[int(r() * len(heads))] if heads and r() < 0.8 else pick(r())
            roles.append((DIV_DEPUTY, _DEPUTY_OF[head], None))
        roles += [(STAFF, None, None)] * (s - len(roles))
        # A woman among the agency's leaders: in most agencies whose staff are >= 1/3 women, not all
        # (AgencyProfile.woman_leader, else drawn). An agency without one appoints men to those posts.
        top = 1 + deputies
        women = agency.profile.women
        sexes: list[bool] = [r() >= women * 0.45 for _ in range(top)]
        if women >= 1 / 3:
            woman_leader = agency.profile.woman_leader
            if woman_leader is None:
                woman_leader = r() < 0.8
            if woman_leader:
                if all(sexes):
                    sexes[int(r() * top)] = False
            else:
                sexes = [True] * top
                agency.men_only = True
        for i in range(top):
            roles[i] = (roles[i][0], roles[i][1], sexes[i])
        return roles

    # --- people ---

    def run(self, persons: int) -> dict[str, int]:
        agencies = self.agencies(persons)
        self.all_agencies = agencies
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":  # ids are given here: no one else may take them meanwhile
                cursor.execute(
                    f"LOCK TABLE {connection.ops.quote_name(Person._meta.db_table)} IN EXCLUSIVE MODE"
                )
            cache_size = None
            if connection.vendor == "sqlite":  # a larger page cache for this connection while inserting
                cursor.execute("PRAGMA cache_size")
                cache_size = int(cursor.fetchone()[0])
                cursor.execute(f"PRAGMA cache_size = {SQLITE_CACHE_KIB}")
            try:
                self.reserve_cccds(
                    Person.objects.exclude(cccd=None).values_list("cccd", flat=True).iterator()
                )
                self.first_id = self.next_id = (Person.objects.aggregate(m=Max("id"))["m"] or 0) + 1
                self.reported = 0
                for agency in agencies:
                    self._agency(agency, cursor)
                self._flush(cursor)
            finally:
                if cache_size is not None:
                    cursor.execute(f"PRAGMA cache_size = {cache_size}")
            if connection.vendor == "postgresql":
                for sql in connection.ops.sequence_reset_sql(no_style(), [Person]):
                    cursor.execute(sql)
        self.last_id = self.next_id - 1
        return {
            "people": self.people.count,
            "assignments": self.assignments.count,
            "languages": self.languages.count,
            "evaluations": self.evaluations.count,
            "planning": self.planning.count,
            "political_conclusions": self.conclusions.count,
            "trainings": self.trainings.count,
            **self.stats,
        }

    def _flush(self, cursor: Any) -> None:
        for t in self.tables:
            t.flush(cursor)
        done = self.next_id - self.first_id
        if self.progress and done >= self.reported + PROGRESS_EVERY:
            self.reported = done // PROGRESS_EVERY * PROGRESS_EVERY
            self.progress(done)

    def _agency(self, agency: _Agency, cursor: Any) -> None:
        chunk: list[tuple[int, int, int]] = []  # evaluations of this agency: (person, year, level index)
        self.vacancies = []
        roles = self._roles(agency)
        last_of_role = {role: index for index, (role, _, _) in enumerate(roles)}
        for index, (role, post, sex) in enumerate(roles):
            heir = None
            if self.vacancies and (role == STAFF or index == last_of_role[role]):
                heir = self._heir(role, post)
            self._person(agency, role, post, sex, chunk, heir)
            if len(self.people.rows) >= BATCH:
                self._evaluations(chunk)
                chunk = []
                self._flush(cursor)
        self._evaluations(chunk)

    def _evaluations(self, chunk: list[tuple[int, int, int]]) -> None:
        """Keep "xuất sắc" within 20 % of "tốt" in each year of the chunk (a part of one agency,
        so the agency keeps it too): the excess becomes "tốt"."""
        counts = {year: [0, 0, 0, 0] for year in EVALUATION_YEARS}
        for _, year, level in chunk:
            counts[year][level] += 1
        # x excellent of x + g kept if x <= (x + g - x) / 5, i.e. x <= (x + g) / 6
        allowed = {year: (c[0] + c[1]) // 6 for year, c in counts.items() if c[0] > (c[0] + c[1]) // 6}
        if allowed:
            for i, (person, year, level) in enumerate(chunk):
                if level == 0 and year in allowed:
                    if allowed[year] > 0:
                        allowed[year] -= 1
                    else:
                        chunk[i] = (person, year, 1)
        self.evaluations.rows.extend((person, year, _LEVELS[level]) for person, year, level in chunk)

    def _person(
        self,
        agency: _Agency,
        role: int,
        post: str | None,
        forced_male: bool | None,
        evaluations: list[tuple[int, int, int]],
        heir: Vacancy | None = None,
    ) -> None:
        """One person of the agency, with all their rows. `heir`: a vacant post this person is
        appointed to (_heir); they are drawn to fit it."""
        r = self.rng.random
        D = self.dates
        profile = agency.profile
        leader = role != STAFF
        person_id = self.next_id
        self.next_id += 1

        # sex, ethnicity, religion, name
        if heir is not None and agency.men_only and heir[1] in (HEAD, DEPUTY):
            forced_male = True
        if forced_male is not None:
            male = forced_male
        else:
            male = r() >= (profile.women * 0.85 if leader else profile.women)
        ethnicity = KINH
        mix = _ETHNIC_MIX[profile.ethnic]
        x = r()
        for group, share in mix.items():
            if x < share:
                ethnicity = self.other_minorities(r()) if group == "other" else group
                break
            x -= share
        religion = self.religions.get(ethnicity, self.religions["other"])(r())
        full_name = self.names.make(r, ethnicity, male)
        keys = self.name_keys.get(full_name)
        if keys is None:
            keys = self.name_keys[full_name] = (fold(full_name), sort_key(full_name))

        # birth, CCCD
        birth_ord = self._birth(role, male)
        if heir is not None:
            heir_on = heir[0]
            if r() < (_YOUNG_HEIR_HEAD if heir[1] == HEAD else _YOUNG_HEIR):  # 35 to 39 then
                birth_ord = heir_on - _HEIR_MIN_AGE - int(r() * 1826)
            for _ in range(50):  # old enough, with a full term of service left then (RULES.md §2)
                retires = self._retires(dt.date.fromordinal(birth_ord), male)
                if heir_on - birth_ord >= _HEIR_MIN_AGE and months_left(retires, heir_on) >= FULL_TERM_MONTHS:
                    break
                birth_ord = self._birth(role, male)
        birth = dt.date.fromordinal(birth_ord)
        year_only = heir is None and r() < 0.02
        if year_only:
            birth = dt.date(birth.year, 1, 1)
            if birth.toordinal() < self.earliest[male]:
                birth = dt.date(birth.year + 1, 1, 1)
            birth_ord = birth.toordinal()
        cccd = self._cccd(birth, male) if r() >= 0.05 else None
        retires = self._retires(birth, male)

        # hometown
        if ethnicity == CHAM:
            place = self.cham_places(r())
        elif ethnicity == RAGLAI:
            place = self.raglai_places(r())
        elif agency.code in _DISTRICT_PLACE and r() < 0.6:
            place = _DISTRICT_PLACE[agency.code]
        elif r() < 0.3:
            place = ""
        else:
            place = _NT_PLACES[int(r() * len(_NT_PLACES))]
        hometown = f"{place}, Ninh Thuận" if place else self.provinces(r())

        # recruitment at 21½ to 30 (at least 20), before the reference date. A leader's current term
        # began in the five years before it, at least two years after recruitment: a first appointment
        # if a full term was left (RULES.md §2), else — and for half of those appointed after 45 — the
        # second term of a post first held five years earlier (re-appointed, or extended if less than
        # two years were left). The elected head and deputies of a district are never re-appointed.
        ref = self.ref
        recruited = min(birth_ord + 7850 + int(r() * 3100), ref - 30 - int(r() * 300))
        appointed = first_appointed = 0
        reason = AssignmentReason.RECRUITMENT.value
        if leader:
            appointed = ref - 1 - int(r() * 1826)
            if heir is not None:  # two years in the post before the appointment to the vacant one
                appointed = min(appointed, heir[0] - 730)
            reason = APPOINTMENT
            if not (agency.elected and role in (HEAD, DEPUTY)):
                older = appointed - birth_ord > 16436  # 45 years old
                if months_left(retires, appointed) < FULL_TERM_MONTHS or (older and r() < 0.5):
                    first_appointed = years_later(appointed, -TERM_YEARS)
                    reason = at_term_end(retires, appointed)
            recruited = min(recruited, (first_appointed or appointed) - 730 - int(r() * 365))
        recruited = max(recruited, birth_ord + 7300)
        if heir is not None and not leader:
            recruited = min(recruited, heir[0] - 730)

        # staff category and post
        district = agency.kind == "huyen"
        if role in (HEAD, DEPUTY):
            category = "can_bo" if district else "cong_chuc"
        elif leader:
            category = "vien_chuc" if post in _PUBLIC_SERVICE_POSTS else "cong_chuc"
        else:
            cb, cc, vc, _ = profile.staff
            x = r()
            category = (
                "can_bo"
                if x < cb
                else "cong_chuc"
                if x < cb + cc
                else "vien_chuc"
                if x < cb + cc + vc
                else "nguoi_lao_dong"
            )
            if heir is not None:
                category = _category_of(heir[2])
            if category == "cong_chuc":
                x = r()
                post = "chuyen_vien" if x < 0.8 or heir is not None else "can_su" if x < 0.95 else "nhan_vien"
            elif category == "nguoi_lao_dong":
                post = "nhan_vien" if r() < 0.6 else None

        # rank and salary (civil servants and cadres only)
        rank_code = rank_name = ""
        salary_step: int | None = None
        salary_coefficient: Any = None
        if category in ("cong_chuc", "can_bo"):
            if role == HEAD:
                rank = "cvcc" if r() < 0.5 else "cvc"
            elif role == DEPUTY:
                rank = "cvcc" if r() < 0.2 else "cvc"
            elif leader:
                rank = "cvc" if r() < 0.55 else "cv"
            elif post == "can_su":
                rank = "cs"
            elif post == "nhan_vien":
                rank = "nv"
            else:
                rank = "cvc" if r() < 0.08 else "cv"
            scale = self.salaries[rank]
            years = (ref - recruited) // 365
            step_index = min(len(scale) - 1, years // 3 if rank in ("cv", "cs", "nv") else years // 6)
            rank_code, rank_name, salary_step, salary_coefficient = scale[step_index]

        # education
        qualification = self.qualifications["leader" if leader or heir is not None else "staff"](r())
        fields = _FIELDS[profile.fields]
        qualification_field = (
            fields[int(r() * len(fields))] if qualification not in ("so_cap", "khac") else ""
        )
        theory = self.theory[role](r())
        if role in (HEAD, DEPUTY, DIV_HEAD, DIV_DEPUTY):
            management = self.state_management[role](r())
        else:
            management = self.state_management["cong_chuc" if category == "cong_chuc" else "other"](r())
        abroad = r() < (0.08 if leader else 0.025)
        it_level = self.it_levels(r())

        # Party membership
        party_joined = party_full = None
        if r() < (0.97 if leader else 0.35):
            joined = birth_ord + 8000 + int(r() * 5000)
            if joined < ref - 30:
                party_joined = D[joined]
                full = joined + 365 + int(r() * 20)
                if full < ref:
                    party_full = D[full]

        keys_fold, keys_sort = keys
        self.people.rows.append(
            (
                person_id, full_name, "", keys_fold, keys_sort, D[birth_ord], year_only,
                "nam" if male else "nu", ethnicity, religion, hometown, cccd, agency.unit_id, category,
                rank_code, rank_name, salary_step, salary_coefficient, "12/12", qualification,
                qualification_field, theory, management, it_level, abroad, party_joined, party_full,
                D[recruited], 1, self.now, self.now,
            )
        )  # fmt: skip
        stats = self.stats
        if leader:
            stats["leaders"] += 1
        if not male:
            stats["women"] += 1
        if ethnicity != KINH:
            stats["minorities"] += 1
        if cccd is None:
            stats["without_cccd"] += 1

        # assignments: the history before the reference date, then the career after it (re-appointments,
        # retirement, a promotion to a post left vacant in the agency)
        post_id = self.posts[post] if post else None
        assignments = self.assignments.rows
        if leader:
            top = role in (HEAD, DEPUTY)
            first = first_appointed or appointed
            number, issuer, decided = self._decision(agency, top, appointed)
            held_from = max(recruited, first - 730 - int(r() * 2200))
            if r() < 0.3 and held_from < first:  # the post held before
                before = self._post_below(agency, role, post)
                assignments.append(
                    (
                        person_id, agency.unit_id, self.posts[before] if before else None, D[held_from],
                        D[first], False, "", None, "",
                        "tuyen_dung" if held_from == recruited else APPOINTMENT, APPOINTMENT,
                    )
                )  # fmt: skip
            if first_appointed:  # the first term of the post
                number_before, issuer_before, decided_before = self._decision(agency, top, first_appointed)
                assignments.append(
                    (
                        person_id, agency.unit_id, post_id, D[first_appointed], D[appointed], False,
                        number_before, D[decided_before], issuer_before, APPOINTMENT, reason,
                    )
                )  # fmt: skip
            valid_from = appointed
            segments = self._career(agency, cast(str, post), appointed, reason, retires)
        else:
            number, issuer = f"{1 + int(r() * 900)}/QĐ-{agency.abbreviation}", agency.issuer
            valid_from = recruited
            if heir is None and r() < 0.025 and ref - recruited > 1200:  # transferred from another agency
                other = self.all_agencies[int(r() * len(self.all_agencies))]
                if other is not agency:
                    moved = recruited + 730 + int(r() * (ref - recruited - 1000))
                    assignments.append(
                        (
                            person_id, other.unit_id, post_id, D[recruited], D[moved],
                            False, f"{1 + int(r() * 900)}/QĐ-{other.abbreviation}", D[recruited - 10],
                            other.issuer, "tuyen_dung", "dieu_dong",
                        )
                    )  # fmt: skip
                    valid_from, reason = moved, "dieu_dong"
            decided = valid_from - 5 - int(r() * 20)
            segments = [[post, valid_from, reason, None, ""]]
        promoted = None
        if heir is not None:
            promoted = self._appoint(agency, role, heir, retires, segments)
        elif self.vacancies:
            promoted = self._promote(
                agency, role, post, category, qualification, birth, male, retires, segments
            )
        if segments[-1][4] == RETIREMENT:
            stats["retired"] += 1
            if leader:
                self._vacate(agency, role, segments[-1][0], segments[-1][3])
        self._write(agency, person_id, segments, number, issuer, decided)

        # languages
        languages = self.languages.rows
        abroad_language = ""
        if abroad:
            country, abroad_language = _ABROAD[int(r() * len(_ABROAD))]
            languages.append((person_id, abroad_language, 4 + int(r() * 3)))
            finished = min(recruited + 365 + int(r() * max(1, ref - recruited - 400)), ref - 1)
            self.trainings.rows.append(
                (
                    "chuyen_mon", person_id, _DEGREE_NAMES.get(qualification, "Đại học"),
                    f"Trường đại học tại {country}", D[finished - 730], D[finished], True,
                )
            )  # fmt: skip
        if qualification_field in _LANGUAGE_TEACHERS:
            if abroad_language != "en":
                languages.append((person_id, "en", self.teacher_english(r())))
        elif abroad_language != "en" and r() < 0.6:
            # level 4 (B2) and up, the level to work internationally (RULES.md §6), is likelier for the
            # young, the better qualified and in agencies that deal with foreign partners (estimates)
            age = (ref - birth_ord) // 365
            chance = (
                _B2_CHANCE
                * profile.languages
                * (1.8 if age < 35 else 1.0 if age < 45 else 0.5)
                * _B2_BY_QUALIFICATION.get(qualification, 0.2)
            )
            level = self.english_b2(r()) if r() < chance else self.english(r())
            languages.append((person_id, "en", level))
        if r() < 0.05:
            other_language = self.other_language(r())
            if other_language != abroad_language:
                languages.append((person_id, other_language, 1 + int(r() * 4)))

        # evaluations 2021–2024, while in service
        pick = self.evaluation["leader" if leader else "staff"]
        recruited_year = dt.date.fromordinal(recruited).year
        for year in EVALUATION_YEARS:
            if recruited_year < year and retires.year >= year:
                evaluations.append((person_id, year, pick(r())))

        # planning pool, and conclusions on political standards
        in_pool = r() < (0.35 if role in (DEPUTY, DIV_HEAD, DIV_DEPUTY) else 0.06 if role == STAFF else 0.0)
        age = (ref - birth_ord) // 365
        if role == STAFF and (age < 28 or age > 45 or qualification not in ("dai_hoc", "thac_si", "tien_si")):
            in_pool = False
        pools = []
        if promoted is not None:  # in the pool for the post they were appointed to, before it (RULES.md §2)
            target, on = promoted
            term_from = 2025 if on >= _POOL_2025 else 2020
            decided = min(dt.date(term_from - 1, 1, 1).toordinal() + int(r() * 420), on - 60 - int(r() * 120))
            if role in (DEPUTY, DIV_HEAD) and not district:
                number = f"{1 + int(r() * 900)}-QĐ/TU"
            else:
                number = f"{1 + int(r() * 900)}/QĐ-{agency.abbreviation}"
            self.planning.rows.append(
                (
                    person_id, self.posts[target], agency.unit_id, term_from, term_from + 5, number,
                    D[max(decided, recruited + 1)], None,
                )
            )  # fmt: skip
            pools.append(max(decided, recruited + 1))
        elif in_pool:
            target = self._post_above(agency, role, post)
            terms = [t for t in ((2020, 2025), (2025, 2030)) if retires.year >= t[0] + 4]
            x = r()
            if len(terms) == 2:
                terms = terms if x < 0.4 else terms[:1] if x < 0.7 else terms[1:]
            for term_from, term_to in terms:
                decided = dt.date(term_from - 1, 1, 1).toordinal() + int(r() * 420)
                if decided <= recruited:
                    continue
                removed = D[min(decided + 200 + int(r() * 900), LAST_REMOVAL)] if r() < 0.03 else None
                if role in (DEPUTY, DIV_HEAD) and not district:
                    number = f"{1 + int(r() * 900)}-QĐ/TU"
                else:
                    number = f"{1 + int(r() * 900)}/QĐ-{agency.abbreviation}"
                self.planning.rows.append(
                    (
                        person_id, self.posts[target], agency.unit_id, term_from, term_to, number,
                        D[decided], removed,
                    )
                )  # fmt: skip
                pools.append(decided)
        if promoted is not None or (leader and r() < 0.9) or (pools and r() < 0.95):
            on = (min(pools) if pools else first_appointed or valid_from) - 30 - int(r() * 150)
            meets = promoted is not None or r() >= 0.005
            self.conclusions.rows.append(
                (
                    person_id, D[max(on, recruited + 1)],
                    _CONCLUSIONS[meets],
                    meets,
                    "Ban Tổ chức Tỉnh ủy Ninh Thuận" if role in (HEAD, DEPUTY) else agency.party_issuer,
                )
            )  # fmt: skip

    # --- careers ---

    def _shift(self, agency: _Agency, day: int) -> int:
        """A decision due while the agency is being restructured (from its first to its last
        restructuring day) is taken by the successor, ten days to three months after the last."""
        if agency.first <= day <= agency.last:
            return agency.last + 10 + int(self.rng.random() * 80)
        return day

    def _career(self, agency: _Agency, post: str, start: int, reason: str, retires: dt.date) -> list[Segment]:
        return career(
            post,
            start,
            reason,
            retires=retires,
            horizon=agency.horizon,
            shift=lambda day: self._shift(agency, day),
            reappointed=not (agency.elected and post in agency.top_posts),
        )

    def _vacate(self, agency: _Agency, role: int, post: str, since: int) -> None:
        """A post falls vacant on `since`; it is to be filled one to eight months later from within the
        agency (_promote, _heir), unless that is after the horizon, or the agency was merged by then
        (the merged department has leaders to spare), or it is an elected post."""
        if agency.elected and role in (HEAD, DEPUTY):
            return
        on = self._shift(agency, since + 30 + int(self.rng.random() * 210))
        if on > agency.horizon or (agency.merged and on >= agency.first):
            return
        insort(self.vacancies, (on, role, post))

    def _promote(
        self,
        agency: _Agency,
        role: int,
        post: str | None,
        category: str,
        qualification: str,
        birth: dt.date,
        male: bool,
        retires: dt.date,
        segments: list[Segment],
    ) -> tuple[str, int] | None:
        """Appoint this person to a vacant post one to three levels up, if they fit: the right staff
        category, at least two years in their post, 30 years old, a full term of service left (RULES.md
        §2), a degree for a non-leader, a man if the agency appoints only men. The plan asks for young
        leaders: the next level down is preferred and, there, people under 40 always accept. Changes
        `segments`; returns (post, day) or None."""
        r = self.rng.random
        since_post = segments[0][1]
        birth_ord = birth.toordinal()
        if role == STAFF and (qualification not in _DEGREES or post not in (None, "chuyen_vien")):
            return None
        for vacancy in self.vacancies:
            on, vacant_role, vacant_post = vacancy
            if not 0 < role - vacant_role <= 3 or category != _category_of(vacant_post):
                continue
            if agency.men_only and vacant_role in (HEAD, DEPUTY) and not male:
                continue
            if on < since_post + 730 or on - birth_ord < 10958 or months_left(retires, on) < FULL_TERM_MONTHS:
                continue
            young = on - birth_ord < 14610  # under 40
            if role == vacant_role + 1:
                accept = 1.0 if young else _ACCEPT_NEXT_LEVEL
            else:
                accept = _ACCEPT_FURTHER_YOUNG if young else _ACCEPT_FURTHER
            if r() < accept:
                return self._appoint(agency, role, vacancy, retires, segments)
        return None

    def _heir(self, role: int, post: str | None) -> Vacancy | None:
        """The vacant post nobody took that this person — the last of their level in the agency, or a
        non-leader — must take: the first one of a level one to three above theirs (and of their
        staff category, for a leader)."""
        for vacancy in self.vacancies:
            _, vacant_role, vacant_post = vacancy
            if 0 < role - vacant_role <= 3 and (
                role == STAFF or _category_of(post) == _category_of(vacant_post)
            ):
                return vacancy
        return None

    def _appoint(
        self, agency: _Agency, role: int, vacancy: Vacancy, retires: dt.date, segments: list[Segment]
    ) -> tuple[str, int] | None:
        """Appoint the person to the vacant post on the day it is filled, if they have a full term of
        service left then (RULES.md §2): the post they hold that day ends, the new one starts, theirs
        falls vacant. Changes `segments`; returns (post, day) or None."""
        on, _, vacant_post = vacancy
        if months_left(retires, on) < FULL_TERM_MONTHS or on <= segments[0][1]:
            return None
        self.vacancies.remove(vacancy)
        held = next(s for s in reversed(segments) if s[1] < on)
        del segments[segments.index(held) + 1 :]
        held[3], held[4] = on, APPOINTMENT
        segments += self._career(agency, vacant_post, on, APPOINTMENT, retires)
        if role != STAFF:
            self._vacate(agency, role, held[0], on)
        self.stats["promoted"] += 1
        return vacant_post, on

    def _decision(self, agency: _Agency, top: bool, on: int) -> tuple[str, str, int]:
        """The number, issuer and day of the decision that starts a post on `on`: the province's
        People's Committee for a head or deputy, the agency (or its successor) for the others."""
        r = self.rng.random
        if top:
            issuer = self.province_issuer_later if on >= self.province_change else self.province_issuer
            number = f"{1 + int(r() * 2800)}/QĐ-UBND"
        elif on >= agency.first:
            issuer, number = agency.later_issuer, f"{1 + int(r() * 900)}/QĐ-{agency.later_abbreviation}"
        else:
            issuer, number = agency.issuer, f"{1 + int(r() * 900)}/QĐ-{agency.abbreviation}"
        return number, issuer, on - 5 - int(r() * 20)

    def _write(
        self, agency: _Agency, person_id: int, segments: list[Segment], number: str, issuer: str, decided: int
    ) -> None:
        """The rows of a career. What starts before the agency's first restructuring is written now, at
        the agency, and still open then if it lasts past that day, so that people_follow_restructurings
        carries it; what happens after the last is kept for finish(), at the successor: closing the row
        the restructuring opened, and the rows after it. A retirement between the two days ends the
        row the restructuring had opened on that day (changes of post are never due then: _shift)."""
        D = self.dates
        rows = self.assignments.rows
        first, last = agency.first, agency.last
        for index, (post, start, reason, end, end_reason) in enumerate(segments):
            if index:
                number, issuer, decided = self._decision(agency, post in agency.top_posts, start)
                if reason == AssignmentReason.REAPPOINTMENT:
                    self.stats["reappointed"] += 1
            post_id = self.posts[post] if post else None
            if start >= first:
                self.later_rows.append(
                    (
                        person_id, agency.final_unit_id, post_id, D[start], None if end is None else D[end],
                        False, number, D[decided], issuer, reason, end_reason,
                    )
                )  # fmt: skip
                continue
            carried = end is not None and (end > first or (end == first and end_reason != RETIREMENT))
            rows.append(
                (
                    person_id, agency.unit_id, post_id, D[start], None if end is None or carried else D[end],
                    False, number, D[decided], issuer, reason, "" if carried else end_reason,
                )
            )  # fmt: skip
            if carried:
                if end_reason == RETIREMENT and end <= last:
                    self.later_retire.append((person_id, end))
                else:
                    self.later_close.append((D[end], end_reason, person_id))

    def finish(self) -> int:
        """After people_follow_restructurings: the changes of post and retirements after the agencies'
        restructurings (see _write). Returns the number of rows written."""
        qn = connection.ops.quote_name
        table = qn(Assignment._meta.db_table)
        columns = {field.name: qn(field.column) for field in Assignment._meta.concrete_fields}
        person, valid_from, valid_to, end_reason = (
            columns[name] for name in ("person", "valid_from", "valid_to", "end_reason")
        )
        D = self.dates
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {table} SET {valid_to} = %s, {end_reason} = %s "
                f"WHERE {person} = %s AND {valid_to} IS NULL",
                self.later_close,
            )
            retired = [
                (D[day], RETIREMENT, person_id, D[day], D[day]) for person_id, day in self.later_retire
            ]
            cursor.executemany(
                f"UPDATE {table} SET {valid_to} = %s, {end_reason} = %s "
                f"WHERE {person} = %s AND {valid_from} < %s AND {valid_to} >= %s",
                retired,
            )
            cursor.executemany(
                f"DELETE FROM {table} WHERE {person} = %s AND {valid_from} >= %s",
                [(person_id, D[day]) for person_id, day in self.later_retire],
            )
            before = self.assignments.count
            for start in range(0, len(self.later_rows), BATCH * 2):
                self.assignments.rows = self.later_rows[start : start + BATCH * 2]
                self.assignments.flush(cursor)
        return self.assignments.count - before

    def _post_below(self, agency: _Agency, role: int, post: str | None) -> str | None:
        """The post a leader held before this one."""
        if role == HEAD:
            return agency.top_posts[1]
        if role == DEPUTY:
            return "truong_phong"
        if role == DIV_HEAD and post in _DEPUTY_OF:
            return _DEPUTY_OF[post]
        return "chuyen_vien"

    def _post_above(self, agency: _Agency, role: int, post: str | None) -> str:
        """The post one level up, for the planning pool."""
        if role == DEPUTY:
            return agency.top_posts[0]
        if role == DIV_HEAD:
            return agency.top_posts[1]
        if role == DIV_DEPUTY and post in _HEAD_OF:
            return _HEAD_OF[post]
        return "pho_truong_phong"


# --- Entry points --------------------------------------------------------------------------------


def _province() -> Unit:
    unit = Unit.objects.filter(code=PROVINCE_CODE).first()
    if unit is None:
        raise ValueError(
            "Chưa có tỉnh Ninh Thuận (mã NT) trong cơ cấu tổ chức: hãy chạy “canbo org load builtin” trước."
        )
    return unit


@transaction.atomic
def generate(
    persons: int, seed: int, actor: Any, *, progress: Callable[[int], None] | None = None
) -> dict[str, int]:
    """Generate `persons` people of the demo province from `seed` (the same seed, the same people),
    move them through the 2025 restructurings, then write the leaders' changes after them. One audit
    entry records the generation. Returns the counts of rows written, of leaders, women, minorities,
    people without CCCD, leaders retired, re-appointments and promotions, and the milliseconds spent
    generating (generate_ms) and following the restructurings (follow_ms)."""
    if persons < 1:
        raise ValueError("Số người phải lớn hơn 0.")
    province = _province()
    started = time.monotonic()
    generator = _Generator(seed, progress)
    counts = generator.run(persons)
    generated = time.monotonic()
    counts["assignments_moved"] = people_follow_restructurings(actor=actor)
    followed = time.monotonic()
    counts["assignments"] += generator.finish()
    counts["generate_ms"] = round((generated - started + time.monotonic() - followed) * 1000)
    counts["follow_ms"] = round((followed - generated) * 1000)
    audit_record(
        actor=actor,
        action=AUDIT_ACTION,
        obj=province,
        after={"seed": seed, "first_id": generator.first_id, "last_id": generator.last_id, "counts": counts},
        note=f"Tạo dữ liệu mẫu: {counts['people']} người (seed {seed}).",
    )
    return counts


def demo_id_ranges() -> list[tuple[int, int]]:
    """The id ranges of the people the demo generated (from its audit entries)."""
    ranges = []
    for changes in AuditEntry.objects.filter(action=AUDIT_ACTION).values_list("changes", flat=True):
        after = (changes or {}).get("after") or {}
        if isinstance(after.get("first_id"), int) and isinstance(after.get("last_id"), int):
            ranges.append((after["first_id"], after["last_id"]))
    return ranges


@transaction.atomic
def delete_demo_people(*, actor: Any) -> int:
    """Delete the people the demo generated, with what hangs on them. One audit entry."""
    deleted = 0
    for first, last in demo_id_ranges():
        deleted += _delete_range(first, last)
    if deleted:
        audit_record(
            actor=actor,
            action=AUDIT_DELETE_ACTION,
            obj=_province(),
            after={"people": deleted},
            note=f"Xóa {deleted} người của dữ liệu mẫu.",
        )
    return deleted


def _delete_range(first: int, last: int) -> int:
    """Delete people first..last: their dependent rows by one query per relation, then the people."""
    for rel in Person._meta.related_objects:
        if rel.many_to_many or rel.field is None:
            raise ValueError(f"Không xóa được dữ liệu mẫu: quan hệ {rel} chưa được hỗ trợ.")
        model = cast(type[models.Model], rel.related_model)
        related = model._base_manager.filter(
            **{f"{rel.field.attname}__gte": first, f"{rel.field.attname}__lte": last}
        )
        on_delete = rel.on_delete
        if on_delete is models.CASCADE:
            related.delete()
        elif on_delete is models.SET_NULL:
            related.update(**{rel.field.attname: None})
        elif on_delete is not models.DO_NOTHING and related.exists():
            raise ValueError(
                f"Không xóa được dữ liệu mẫu: {model._meta.verbose_name} còn tham chiếu đến những người "
                "cần xóa."
            )
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {qn(Person._meta.db_table)} WHERE {qn('id')} BETWEEN %s AND %s", [first, last]
        )
        return int(cursor.rowcount)
