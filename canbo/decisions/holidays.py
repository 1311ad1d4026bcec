"""Vietnamese public holidays and working days (pure: no Django).

Public holidays (Labour Code 2019 art. 112): Tết Dương lịch (01/01), Tết Nguyên đán (5 days), Giỗ Tổ
Hùng Vương (10/3 lunar), Ngày Chiến thắng (30/04), Quốc tế Lao động (01/05), Quốc khánh (02/09 and one
adjacent day from 2021; 02/09 alone before). A holiday on a Saturday or Sunday gives a substitute day,
the next working day (art. 111(3)). The days the government fixed each year, and the weekend days it
swapped (làm bù), are in data/holidays.toml with their source; a holiday the file does not give is
computed by the rule below (`computed_days_off`) and said to be so.

Working days are Monday to Friday (civil servants, Decree 45/2013: 40 hours a week), except the days
off, plus any swapped Saturday. Dates in the lunar calendar are computed with Hồ Ngọc Đức's algorithm
for the Vietnamese calendar (time zone UTC+7), as published at www.informatik.uni-leipzig.de/~duc/amlich/.
"""

import datetime as dt
import math
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "holidays.toml"
VN_TZ = 7.0  # hours east of UTC: the Vietnamese lunar calendar is computed for this meridian

GROUPS = {
    "tet_duong_lich": "Tết Dương lịch",
    "tet_nguyen_dan": "Tết Nguyên đán",
    "gio_to": "Giỗ Tổ Hùng Vương",
    "30_4_1_5": "Ngày Chiến thắng và Quốc tế Lao động",
    "quoc_khanh": "Quốc khánh",
}
SUBSTITUTE = "nghỉ bù"

__all__ = [
    "GROUPS",
    "HolidayGroup",
    "computed_days_off",
    "days_off",
    "extra_working_days",
    "is_working_day",
    "lunar_new_year",
    "lunar_to_solar",
    "working_days_before",
    "year_groups",
]


# --- The lunar calendar (Hồ Ngọc Đức) -------------------------------------------------------------


def _jd(day: dt.date) -> int:
    """The Julian day number of a (Gregorian) date."""
    return day.toordinal() + 1721425


def _date(jd: int) -> dt.date:
    return dt.date.fromordinal(jd - 1721425)


def _new_moon(k: int) -> float:
    """The Julian day (with its fraction, UTC) of the k-th new moon after 1 January 1900."""
    t = k / 1236.85
    t2, t3 = t * t, t * t * t
    dr = math.pi / 180
    jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
    jd1 += 0.00033 * math.sin((166.56 + 132.87 * t - 0.009173 * t2) * dr)
    m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3
    mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3
    f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3
    c1 = (0.1734 - 0.000393 * t) * math.sin(m * dr) + 0.0021 * math.sin(2 * dr * m)
    c1 -= 0.4068 * math.sin(mpr * dr) - 0.0161 * math.sin(dr * 2 * mpr)
    c1 -= 0.0004 * math.sin(dr * 3 * mpr)
    c1 += 0.0104 * math.sin(dr * 2 * f) - 0.0051 * math.sin(dr * (m + mpr))
    c1 -= 0.0074 * math.sin(dr * (m - mpr)) + 0.0004 * math.sin(dr * (2 * f + m))
    c1 -= 0.0004 * math.sin(dr * (2 * f - m)) - 0.0006 * math.sin(dr * (2 * f + mpr))
    c1 += 0.0010 * math.sin(dr * (2 * f - mpr)) + 0.0005 * math.sin(dr * (2 * mpr + m))
    if t < -11:
        delta_t = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
    else:
        delta_t = -0.000278 + 0.000265 * t + 0.000262 * t2
    return jd1 + c1 - delta_t


def _new_moon_day(k: int) -> int:
    return math.floor(_new_moon(k) + 0.5 + VN_TZ / 24)


def _sun_longitude_sector(jd: int) -> int:
    """Which of the 12 thirty-degree sectors the sun is in at the start of local day jd."""
    t = (jd - 0.5 - VN_TZ / 24 - 2451545.0) / 36525
    t2 = t * t
    dr = math.pi / 180
    m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2
    l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2
    dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * math.sin(dr * m)
    dl += (0.019993 - 0.000101 * t) * math.sin(dr * 2 * m) + 0.000290 * math.sin(dr * 3 * m)
    longitude = (l0 + dl) * dr
    longitude -= math.pi * 2 * math.floor(longitude / (math.pi * 2))
    return math.floor(longitude / math.pi * 6)


def _lunar_month_11(year: int) -> int:
    """The Julian day of the first day of the 11th lunar month of `year` (the month of the solstice)."""
    off = _jd(dt.date(year, 12, 31)) - 2415021
    k = math.floor(off / 29.530588853)
    new_moon = _new_moon_day(k)
    if _sun_longitude_sector(new_moon) >= 9:
        new_moon = _new_moon_day(k - 1)
    return new_moon


def _leap_month_offset(a11: int) -> int:
    k = math.floor((a11 - 2415021.076998695) / 29.530588853 + 0.5)
    i = 1
    arc = _sun_longitude_sector(_new_moon_day(k + i))
    while True:
        last = arc
        i += 1
        arc = _sun_longitude_sector(_new_moon_day(k + i))
        if arc == last or i >= 14:
            return i - 1


def lunar_to_solar(day: int, month: int, year: int) -> dt.date:
    """The solar date of a day of the Vietnamese lunar calendar (a non-leap month)."""
    if month < 11:
        a11, b11 = _lunar_month_11(year - 1), _lunar_month_11(year)
    else:
        a11, b11 = _lunar_month_11(year), _lunar_month_11(year + 1)
    k = math.floor(0.5 + (a11 - 2415021.076998695) / 29.530588853)
    off = (month - 11) % 12
    if b11 - a11 > 365 and off >= _leap_month_offset(a11):
        off += 1  # a leap month comes before this one in the lunar year
    return _date(_new_moon_day(k + off) + day - 1)


def lunar_new_year(year: int) -> dt.date:
    """Mùng 1 Tết: the first day of the first lunar month of `year`."""
    return lunar_to_solar(1, 1, year)


# --- The rule, for years the government has not fixed (or the file does not know) ------------------


def _weekend(day: dt.date) -> bool:
    return day.weekday() >= 5


def _next_weekday(day: dt.date) -> dt.date:
    while _weekend(day):
        day += dt.timedelta(days=1)
    return day


# Labour Code 2019 art. 112(1): Tết Nguyên đán is 5 days; the government fixes which. Every schedule
# of 2020–2026 is the 5 weekdays counted from the 2nd day before mùng 1 (data/holidays.toml).
def _tet_days(year: int) -> list[dt.date]:
    day = _next_weekday(lunar_new_year(year) - dt.timedelta(days=2))
    days: list[dt.date] = []
    while len(days) < 5:
        days.append(day)
        day = _next_weekday(day + dt.timedelta(days=1))
    return days


# Labour Code 2019 art. 112(1)(đ): 02/09 and one adjacent day (01/09 or 03/09) from 2021. The adjacent
# day the government chose in 2021–2025 makes the longest break with the weekend; for a Wednesday
# (no such choice) 01/09 is taken.
def _national_day(year: int) -> list[dt.date]:
    second = dt.date(year, 9, 2)
    if year <= 2020:
        return [second]
    after = second.weekday() in (0, 3)  # Monday → 03/09 (2024); Thursday → 03/09 (2021)
    return sorted([second, second + dt.timedelta(days=1 if after else -1)])


def computed_days_off(year: int) -> dict[str, list[dt.date]]:
    """Each holiday group's days off that fall on working days, by the rule: the holidays themselves,
    and for each one on a Saturday or Sunday a substitute, the next weekday that is no holiday and no
    other substitute (Labour Code 2019 art. 111(3)), taken in date order."""
    holidays: list[tuple[dt.date, str]] = [(dt.date(year, 1, 1), "tet_duong_lich")]
    holidays += [(day, "tet_nguyen_dan") for day in _tet_days(year)]
    holidays.append((lunar_to_solar(10, 3, year), "gio_to"))
    holidays += [(dt.date(year, 4, 30), "30_4_1_5"), (dt.date(year, 5, 1), "30_4_1_5")]
    holidays += [(day, "quoc_khanh") for day in _national_day(year)]
    holidays.sort()
    taken = {day for day, _ in holidays}
    result: dict[str, list[dt.date]] = {group: [] for group in GROUPS}
    for day, group in holidays:
        if not _weekend(day):
            result[group].append(day)
            continue
        substitute = day + dt.timedelta(days=1)
        while _weekend(substitute) or substitute in taken:
            substitute += dt.timedelta(days=1)
        taken.add(substitute)
        result[group].append(substitute)
    return {group: sorted(days) for group, days in result.items()}


# --- The schedules the government fixed (data/holidays.toml) ---------------------------------------


@dataclass(frozen=True)
class HolidayGroup:
    group: str  # a key of GROUPS
    off: tuple[dt.date, ...]  # the working days given off (holidays, substitutes, swapped days)
    work: tuple[dt.date, ...]  # weekend days worked instead (làm bù)
    status: str  # "checked" (the schedule read at `source`), "believed", or "computed" (by the rule)
    source: str

    @property
    def name(self) -> str:
        return GROUPS[self.group]


@cache
def _data() -> dict[int, dict[str, HolidayGroup]]:
    with DATA.open("rb") as handle:
        raw = tomllib.load(handle)
    years: dict[int, dict[str, HolidayGroup]] = {}
    for entry in raw["holiday"]:
        if entry["group"] not in GROUPS:
            raise ValueError(f"data/holidays.toml: nhóm ngày nghỉ lạ “{entry['group']}”.")
        if entry["status"] not in {"checked", "believed"}:
            raise ValueError(f"data/holidays.toml: trạng thái lạ “{entry['status']}”.")
        years.setdefault(entry["year"], {})[entry["group"]] = HolidayGroup(
            group=entry["group"],
            off=tuple(sorted(entry["off"])),
            work=tuple(sorted(entry.get("work", []))),
            status=entry["status"],
            source=entry.get("source", ""),
        )
    return years


@cache
def year_groups(year: int) -> tuple[HolidayGroup, ...]:
    """The year's holiday groups: the government's schedule where the data file gives it, otherwise
    computed by the rule (status "computed")."""
    known = _data().get(year, {})
    computed = computed_days_off(year)
    return tuple(
        known.get(group)
        or HolidayGroup(group=group, off=tuple(computed[group]), work=(), status="computed", source="")
        for group in GROUPS
    )


@cache
def days_off(year: int) -> dict[dt.date, str]:
    """The working days of `year` given off, each with the name of its holiday."""
    return {day: group.name for group in year_groups(year) for day in group.off}


@cache
def extra_working_days(year: int) -> frozenset[dt.date]:
    """Saturdays (or Sundays) of `year` worked in exchange for a day off (làm bù)."""
    return frozenset(day for group in year_groups(year) for day in group.work)


def is_working_day(day: dt.date) -> bool:
    if day in extra_working_days(day.year):
        return True
    return not _weekend(day) and day not in days_off(day.year)


def working_days_before(day: dt.date, n: int) -> dt.date:
    """The date n working days before `day`: the working day d such that there are exactly n working
    days from d up to the day before `day`. "Chậm nhất 90 ngày làm việc trước ngày hết thời hạn" is
    working_days_before(term_end, 90): the notice is due on that day at the latest."""
    if n < 1:
        raise ValueError(f"Số ngày làm việc ({n}) phải từ 1 trở lên.")
    counted = 0
    while counted < n:
        day -= dt.timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day
