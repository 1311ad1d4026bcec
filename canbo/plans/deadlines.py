"""Deadlines as Vietnamese government plans write them: a phrase read into one or more schedules.

"Quý III/2022" is due on 30/09/2022; "Quý I hàng năm (thực hiện từ năm 2022)" is due on 31/03 every
year from 2022; "thực hiện thường xuyên" has no due date, only a yearly report. The original words
are kept. A phrase that cannot be read raises DeadlineError naming it (in Vietnamese): never a guess.

How a phrase is read:

1. A phrase that starts with a bullet ("- Quý I/2022. - Quý I hàng năm …") is split into parts,
   each giving one schedule.
2. Each part is normalized: NFC, spaces collapsed, trailing period dropped; matching uses a
   lower-cased copy ("hằng năm" read as "hàng năm") of the same length, so a note can be cut
   from the original words at the same positions.
3. The part is matched against _RULES, an ordered list of regular expressions, each with one
   function. A rule function may decline (return None) when the words fit but the meaning does not.
4. If no rule reads the whole part, a condition is looked for and kept as the note: before or after
   the date behind a comma ("Theo tình hình thực tế, trước năm 2025"), or in parentheses
   ("Trong năm 2022 (sau khi có hướng dẫn của Bộ Nội vụ)").

Pure Python (no Django import).
"""

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Literal, Self

__all__ = ["FIRST_YEAR", "LAST_YEAR", "Deadline", "DeadlineError", "Schedule", "parse_deadline"]

Kind = Literal["once", "yearly", "none"]

# Years a plan may name; anything else is a typo ("năm 0202"), refused rather than guessed.
FIRST_YEAR = 1900
LAST_YEAR = 2199

# Yearly due days are worked out in a leap year, so that "trước ngày 01/03 hàng năm" is the last
# day of February (29, cut to 28 by Schedule.due_in in other years).
_LEAP_YEAR = 2000


@dataclass(frozen=True)
class Schedule:
    """When something is due.

    once: on `due`. yearly: on `day`/`month` of every year from `from_year` to `to_year` (None: from
    the start / to the end of the plan). none: no due date; `yearly_report` says whether a yearly
    report is still expected (from_year..to_year). `note` keeps the conditions in the original words.
    """

    kind: Kind
    due: dt.date | None = None
    month: int | None = None
    day: int | None = None
    from_year: int | None = None
    to_year: int | None = None
    yearly_report: bool = False
    note: str = ""

    def due_in(self, year: int) -> dt.date | None:
        """The due date in that year, or None: yearly schedules outside their years, 'none' ones,
        'once' ones due in another year. A yearly 29/02 falls on 28/02 in other years."""
        if self.kind == "once":
            return self.due if self.due is not None and self.due.year == year else None
        if self.kind != "yearly" or self.month is None or self.day is None:
            return None
        if self.from_year is not None and year < self.from_year:
            return None
        if self.to_year is not None and year > self.to_year:
            return None
        return dt.date(year, self.month, min(self.day, calendar.monthrange(year, self.month)[1]))


@dataclass(frozen=True)
class Deadline:
    """A deadline phrase (`text`, unchanged) and its schedules, one for each part of the phrase."""

    text: str
    schedules: tuple[Schedule, ...]


class DeadlineError(ValueError):
    """A deadline phrase that cannot be read; the Vietnamese message names the phrase."""

    def __init__(self, text: str, reason: str = "") -> None:
        self.text = text
        self.reason = reason
        message = f"Không đọc được thời hạn “{' '.join(text.split())}”"
        super().__init__(f"{message}: {reason}." if reason else f"{message}.")


class _Unreadable(Exception):
    """Raised inside the parser when the words fit a rule but the values do not (Quý V, 31/02)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def parse_deadline(text: str) -> Deadline:
    """Read a deadline phrase. Empty (or only spaces, a lone dash): no deadline.

    Raises DeadlineError naming the phrase when any part of it cannot be read.
    """
    schedules: list[Schedule] = []
    whole = unicodedata.normalize("NFC", text)
    for part in _BULLET.split(whole) if _BULLET.match(whole) else [whole]:
        phrase = _Phrase.of(part)
        if not phrase.key:
            continue
        try:
            reading = _read(phrase)
        except _Unreadable as error:
            raise DeadlineError(text, error.reason) from None
        if reading is None:
            raise DeadlineError(text)
        schedule, notes = reading
        schedules.append(replace(schedule, note="; ".join(notes)) if notes else schedule)
    return Deadline(text=text, schedules=tuple(schedules) or (Schedule("none"),))


# --- normalization -----------------------------------------------------------------------------

# A phrase that starts with a bullet is a list: the next bullets follow a period, a semicolon or a
# line break. A dash inside a part ("thực hiện thường xuyên - từ năm 2022 …") follows a word and
# does not split; nor does anything in a phrase that does not start with a bullet.
_BULLET = re.compile(r"(?:^|(?<=[.;\n]))\s*[-–—+•]\s*")

_SPACING = (
    (re.compile(r"\s+"), " "),
    (re.compile(r" ?/ ?"), "/"),
    (re.compile(r"\( "), "("),
    (re.compile(r" ([),;])"), r"\1"),
    (re.compile(r"([,;])(?=[^\s,;])"), r"\1 "),
    (re.compile(r"(?<=[^\s(])\("), " ("),
)

# Length-preserving rewrites of the lower-cased copy, so that positions still match the original.
_SAME_LENGTH = (("hằng năm", "hàng năm"), ("–", "-"), ("—", "-"))


@dataclass(frozen=True)
class _Phrase:
    """A normalized part: `key` for matching (lower-cased) and `shown`, its original words."""

    key: str
    shown: str

    @classmethod
    def of(cls, text: str) -> Self:
        shown = unicodedata.normalize("NFC", text)
        for pattern, replacement in _SPACING:
            shown = pattern.sub(replacement, shown)
        shown = shown.strip().rstrip(" .;").strip()
        key = "".join(c.lower() if len(c.lower()) == 1 else c for c in shown)
        for old, new in _SAME_LENGTH:
            key = key.replace(old, new)
        return cls(key, shown)

    def cut(self, start: int, end: int) -> Self:
        """The text between two positions, without surrounding spaces and punctuation."""
        shown = self.shown[start:end]
        left = len(shown) - len(shown.lstrip(" ,;"))
        right = len(shown.rstrip(" ,;"))
        return type(self)(self.key[start:end][left:right], shown[left:right])


# --- the rules ---------------------------------------------------------------------------------

Rule = Callable[[re.Match[str]], Schedule | None]
_RULES: list[tuple[re.Pattern[str], Rule]] = []


def _rule(pattern: str) -> Callable[[Rule], Rule]:
    """Register a rule: the pattern must match the whole lower-cased part."""

    def register(func: Rule) -> Rule:
        _RULES.append((re.compile(pattern), func))
        return func

    return register


_VERB = r"(?:(?:cơ bản )?(?:hoàn thành|hoàn thiện|thực hiện) )?"
_BEFORE = r"(?P<prep>(?:trước|trong|chậm nhất|vào) )?"
_OF_YEAR = r"(?:[/.-]| năm )(?P<year>\d{4})"
_QUARTER = r"quý (?P<quarter>[ivxlcdm]+|\d+)"
_MONTH = r"tháng (?P<month>\d{1,2})"
_DAY = r"(?:ngày )?(?P<day>\d{1,2})(?:[/.-]| tháng )(?P<month>\d{1,2})"
_SPAN = (
    r"(?:(?:kể |thực hiện |bắt đầu )?từ năm (?P<from>\d{4})(?: (?:đến|tới) (?:hết )?(?:năm )?(?P<to>\d{4}))?"
    r"|(?:trong )?giai đoạn (?:năm )?(?P<span_from>\d{4})-(?P<span_to>\d{4}))"
)
# The years, set off by a comma, a dash, a semicolon or a space, maybe in parentheses.
_SPAN_TAIL = rf"(?:(?:, | - |; | )(?P<open>\()?{_SPAN}(?(open)\)))?"
_EVERY_YEAR = r"(?P<every> hàng năm)?"

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


@_rule(rf"{_VERB}(?P<prep>(?:trước|trong|chậm nhất|vào) )?{_DAY}{_OF_YEAR}")
def _on_day(match: re.Match[str]) -> Schedule:
    """'15/03/2023', 'ngày 15/03/2023', 'chậm nhất ngày 15/03/2023': once on that day;
    '(hoàn thành) trước ngày 25/01/2022': once on the day before (24/01/2022)."""
    due = _date(_year(match["year"]), int(match["month"]), int(match["day"]))
    return Schedule("once", due=_day_before(due) if _is_before(match) else due)


@_rule(rf"{_VERB}{_BEFORE}{_MONTH}{_OF_YEAR}")
def _in_month(match: re.Match[str]) -> Schedule:
    """'Tháng 7/2022', '(hoàn thành) trong tháng 01/2022': once on the last day of the month;
    'trước tháng 7/2022': the last day of the month before."""
    year, month = _year(match["year"]), _month(match["month"])
    if _is_before(match):
        return Schedule("once", due=_day_before(dt.date(year, month, 1)))
    return Schedule("once", due=dt.date(year, month, calendar.monthrange(year, month)[1]))


@_rule(rf"{_VERB}{_BEFORE}{_QUARTER}{_OF_YEAR}")
def _in_quarter(match: re.Match[str]) -> Schedule:
    """'Quý III/2022', 'trong quý 3 năm 2022': once on the last day of the quarter (30/09/2022);
    'trước quý III/2022': the last day of the quarter before."""
    year, last_month = _year(match["year"]), 3 * _quarter(match["quarter"])
    if _is_before(match):
        return Schedule("once", due=_day_before(dt.date(year, last_month - 2, 1)))
    return Schedule("once", due=dt.date(year, last_month, calendar.monthrange(year, last_month)[1]))


@_rule(rf"{_VERB}{_BEFORE}năm (?P<year>\d{{4}})")
def _in_year(match: re.Match[str]) -> Schedule:
    """'Trong năm 2022', 'cơ bản hoàn thiện trong năm 2023': once on 31/12 of that year;
    'trước năm 2025': once on 31/12/2024."""
    year = _year(match["year"])
    if _is_before(match):
        return Schedule("once", due=_day_before(dt.date(year, 1, 1)))
    return Schedule("once", due=dt.date(year, 12, 31))


@_rule(rf"{_VERB}{_BEFORE}{_QUARTER}{_EVERY_YEAR}{_SPAN_TAIL}")
def _quarter_every_year(match: re.Match[str]) -> Schedule | None:
    """'Quý I hàng năm (thực hiện từ năm 2022 đến năm 2025)': yearly on the last day of the
    quarter (31/03) in those years. Needs 'hàng năm' or the years; 'Quý I' alone is not read."""
    last_month = 3 * _quarter(match["quarter"])
    last_day = calendar.monthrange(_LEAP_YEAR, last_month)[1]
    return _yearly(match, dt.date(_LEAP_YEAR, last_month - 2, 1), dt.date(_LEAP_YEAR, last_month, last_day))


@_rule(rf"{_VERB}{_BEFORE}{_MONTH}{_EVERY_YEAR}{_SPAN_TAIL}")
def _month_every_year(match: re.Match[str]) -> Schedule | None:
    """'Tháng 6 hàng năm', 'trong tháng 12, kể từ năm 2022': yearly on the last day of the month."""
    month = _month(match["month"])
    last_day = calendar.monthrange(_LEAP_YEAR, month)[1]
    return _yearly(match, dt.date(_LEAP_YEAR, month, 1), dt.date(_LEAP_YEAR, month, last_day))


@_rule(rf"{_VERB}{_BEFORE}{_DAY}{_EVERY_YEAR}{_SPAN_TAIL}")
def _day_every_year(match: re.Match[str]) -> Schedule | None:
    """'Ngày 15/12 hàng năm': yearly on 15/12; 'trước ngày 05/12 kể từ năm 2022': yearly on 04/12
    from 2022."""
    day = _date(_LEAP_YEAR, _month(match["month"]), int(match["day"]), in_year=False)
    return _yearly(match, day, day)


@_rule(rf"(?:thực hiện )?thường xuyên(?:,? liên tục)?{_EVERY_YEAR}{_SPAN_TAIL}")
def _regularly(match: re.Match[str]) -> Schedule:
    """'thực hiện thường xuyên', 'thực hiện thường xuyên - từ năm 2022 đến năm 2025': no due
    date, a yearly report (in those years)."""
    return _ongoing(match)


@_rule(rf"(?:thực hiện|triển khai)(?: hàng năm)? {_SPAN}")
def _from_year(match: re.Match[str]) -> Schedule:
    """'thực hiện từ năm 2022', 'triển khai từ năm 2022 đến năm 2025': no due date, a yearly report."""
    return _ongoing(match)


@_rule(rf"(?:thực hiện )?hàng năm{_SPAN_TAIL}")
def _every_year(match: re.Match[str]) -> Schedule:
    """'Hằng năm, kể từ năm 2022', 'hàng năm': a yearly duty without a due date: a yearly report."""
    return _ongoing(match)


@_rule(r"theo thời gian quy định")
def _as_regulated(match: re.Match[str]) -> Schedule:
    """'theo thời gian quy định' (IV.2: report "theo thời gian quy định" on work folded into the yearly
    evaluation): the document fixes no date; the times are those of the rules on evaluation, which is
    yearly, so: no due date, a yearly report, the words kept as the note."""
    return Schedule("none", yearly_report=True, note="Theo thời gian quy định")


# --- rule helpers ------------------------------------------------------------------------------


def _group(match: re.Match[str], name: str) -> str | None:
    """A named group's text, None when the rule has no such group or it did not take part."""
    return match.groupdict().get(name)


def _is_before(match: re.Match[str]) -> bool:
    return (_group(match, "prep") or "").strip() == "trước"


def _year(text: str) -> int:
    year = int(text)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise _Unreadable(f"năm {text} nằm ngoài khoảng {FIRST_YEAR}–{LAST_YEAR}")
    return year


def _month(text: str) -> int:
    month = int(text)
    if not 1 <= month <= 12:
        raise _Unreadable(f"tháng {text} không có (tháng từ 1 đến 12)")
    return month


def _quarter(text: str) -> int:
    quarter = _ROMAN.get(text)
    if quarter is None:
        raise _Unreadable(f"quý {text.upper()} không có (quý từ I đến IV)")
    return quarter


def _date(year: int, month: int, day: int, *, in_year: bool = True) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        shown = f"{day:02d}/{month:02d}/{year}" if in_year else f"{day:02d}/{month:02d}"
        raise _Unreadable(f"ngày {shown} không có thật") from None


def _day_before(day: dt.date) -> dt.date:
    before = day - dt.timedelta(days=1)
    _year(str(before.year))
    return before


def _span(match: re.Match[str]) -> tuple[int | None, int | None]:
    """The years of a 'từ năm … đến năm …' or 'giai đoạn …-…', (None, None) when absent."""
    first = _group(match, "from") or _group(match, "span_from")
    last = _group(match, "to") or _group(match, "span_to")
    from_year = _year(first) if first else None
    to_year = _year(last) if last else None
    if from_year is not None and to_year is not None and to_year < from_year:
        raise _Unreadable(f"năm kết thúc {to_year} trước năm bắt đầu {from_year}")
    return from_year, to_year


def _yearly(match: re.Match[str], first: dt.date, last: dt.date) -> Schedule | None:
    """A yearly schedule for the period first..last (days of _LEAP_YEAR): due on its last day, or
    on the day before its first day after 'trước'. None (the rule declines) unless the phrase says
    'hàng năm' or names the years."""
    from_year, to_year = _span(match)
    if _group(match, "every") is None and from_year is None:
        return None
    due = last
    if _is_before(match):
        due = first - dt.timedelta(days=1)
        if due.year != _LEAP_YEAR:
            raise _Unreadable("hạn trước ngày đầu năm rơi vào năm trước")
    return Schedule("yearly", month=due.month, day=due.day, from_year=from_year, to_year=to_year)


def _ongoing(match: re.Match[str]) -> Schedule:
    from_year, to_year = _span(match)
    return Schedule("none", from_year=from_year, to_year=to_year, yearly_report=True)


# --- reading a part ----------------------------------------------------------------------------

# Words that open a condition kept as a note rather than read as a date.
_CONDITION = re.compile(r"(?:theo|tùy|tuỳ|căn cứ|sau khi|khi|trên cơ sở|nếu|phụ thuộc)\b")
_PAREN_LAST = re.compile(r"(?P<rest>[^()]*) ?\((?P<inner>[^()]*)\)")
_PAREN_FIRST = re.compile(r"\((?P<inner>[^()]*)\) ?(?P<rest>[^()]*)")

_Reading = tuple[Schedule, list[str]]


def _by_rules(phrase: _Phrase) -> Schedule | None:
    """The first rule whose pattern matches the whole part and which does not decline."""
    for pattern, rule in _RULES:
        match = pattern.fullmatch(phrase.key)
        if match:
            schedule = rule(match)
            if schedule is not None:
                return schedule
    return None


def _with_condition(phrase: _Phrase) -> _Reading | None:
    """A date alone, or a date and a condition set off by a comma, either way round:
    'Theo tình hình thực tế, trước năm 2025', 'Trong năm 2022, sau khi có hướng dẫn'."""
    schedule = _by_rules(phrase)
    if schedule is not None:
        return schedule, []
    for comma in (m.start() for m in re.finditer(",", phrase.key)):
        head, tail = phrase.cut(0, comma), phrase.cut(comma + 1, len(phrase.key))
        for condition, rest in ((head, tail), (tail, head)):
            if condition.key and _CONDITION.match(condition.key):
                schedule = _by_rules(rest)
                if schedule is not None:
                    return schedule, [condition.shown]
    return None


def _read(phrase: _Phrase) -> _Reading | None:
    """A part read as a date with its conditions (see _with_condition); or one parenthesised
    remark at the start or the end: a remark that is not a date is a note ('Trong năm 2022 (sau
    khi …)'); a date in parentheses after a condition is the date ('Theo tình hình … (cơ bản hoàn
    thiện trong năm 2023)'). A date both inside and outside the parentheses is not read."""
    reading = _with_condition(phrase)
    if reading is not None:
        return reading
    match = _PAREN_LAST.fullmatch(phrase.key) or _PAREN_FIRST.fullmatch(phrase.key)
    if match is None:
        return None
    rest = phrase.cut(*match.span("rest"))
    inner = phrase.cut(*match.span("inner"))
    inner_reading = _with_condition(inner)
    if not rest.key:
        return inner_reading
    rest_reading = _with_condition(rest)
    if rest_reading is not None and inner_reading is not None:
        raise _Unreadable("có hai thời hạn, trong và ngoài ngoặc")
    if rest_reading is not None:
        schedule, notes = rest_reading
        return schedule, [*notes, inner.shown] if inner.key else notes
    if inner_reading is not None and _CONDITION.match(rest.key):
        schedule, notes = inner_reading
        return schedule, [rest.shown, *notes]
    return None
