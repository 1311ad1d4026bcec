"""The careers of the demo's leaders, by the registry's own rules: retirement and the service left
(people.retirement, RULES.md §1–§2) and the end of a term (indicators.engine.forecast.term_end). No
second copy of a rule lives here: this module only walks a post's terms with them.

Days are date ordinals (date.toordinal()): the generator works on integers, cheaper than dates for
millions of people."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from canbo.indicators.engine.forecast import term_end
from canbo.people.choices import AssignmentReason
from canbo.people.retirement import FULL_TERM_MONTHS, meets_term_age, reappointment_outcome, retirement_date

RECRUITMENT = AssignmentReason.RECRUITMENT.value
APPOINTMENT = AssignmentReason.APPOINTMENT.value
REAPPOINTMENT = AssignmentReason.REAPPOINTMENT.value
EXTENSION = AssignmentReason.EXTENSION.value
RETIREMENT = AssignmentReason.RETIREMENT.value
TRANSFER = AssignmentReason.TRANSFER.value

# A post to fill: (the day it is filled, the role of the post, post code); days are date ordinals.
Vacancy = tuple[int, int, str]

# One post held without a break: [post code, first day, start reason, first day after it (None: still
# held), end reason]; days are date ordinals.
Segment = list[Any]


@dataclass(frozen=True, slots=True)
class Service:
    """A person's service as the age rules see it: born on `birth` (1 January when only the year is
    known), a man or a woman, retiring on `retires` (people.retirement.retirement_date; the generator
    works it out once per birth month, see service_of)."""

    birth: dt.date
    male: bool
    retires: dt.date

    def full_term_left(self, day: int) -> bool:
        """Whether a full term of service is left on `day` (people.retirement.meets_term_age): what
        a first appointment needs (RULES.md §2)."""
        return meets_term_age(self.birth, self.male, dt.date.fromordinal(day))

    def at_term_end(self, day: int) -> str:
        """How a term ending on `day` goes on, as people.retirement.reappointment_outcome decides
        (Decree 138/2020/NĐ-CP art. 49(2)): re-appointed ("bo_nhiem_lai": for a full term, or until
        retirement), or extended until retirement ("keo_dai")."""
        outcome = reappointment_outcome(self.birth, self.male, dt.date.fromordinal(day))
        return EXTENSION if outcome == "extend_until_retirement" else REAPPOINTMENT


def service_of(birth: dt.date, male: bool) -> Service:
    return Service(birth, male, retirement_date(birth, male))


def earliest_birth(male: bool, on: dt.date) -> dt.date:
    """The first day of the earliest birth month of a person not yet retired on `on`."""
    year, month = on.year - 63, 1
    while retirement_date(dt.date(year, month, 1), male) < on:
        year, month = (year, month + 1) if month < 12 else (year + 1, 1)
    return dt.date(year, month, 1)


def next_term(start: int) -> int:
    """The first day after a term begun on `start` (indicators.engine.forecast.term_end)."""
    return term_end(dt.date.fromordinal(start)).toordinal()


def previous_term(start: int) -> int:
    """The first day of the term before one begun on `start`: a term's length back."""
    return term_end(dt.date.fromordinal(start), -FULL_TERM_MONTHS).toordinal()


def career(
    post: str,
    start: int,
    reason: str,
    *,
    service: Service,
    horizon: int,
    shift: Callable[[int], int] = lambda day: day,
    reappointed: bool = True,
) -> list[Segment]:
    """A leadership post held from `start` (reason `reason`) to the day after retirement (RULES.md §1:
    they still hold it on their retirement date), each term ending as Service.at_term_end decides. (A
    term begun with less than a full term of service left runs until retirement: the retirement comes
    first.) Nothing after `horizon` is written: the last segment is then still held (end None).
    shift(day) moves a decision that would fall while the agency is being restructured.
    reappointed=False for an elected post: it ends only at retirement."""
    segments: list[Segment] = []
    leaves = service.retires.toordinal() + 1
    while True:
        change: tuple[int, str] | None = None
        if reappointed:
            due = shift(next_term(start))
            if due < leaves and due <= horizon:
                change = (due, service.at_term_end(due))
        if leaves <= horizon and (change is None or leaves <= change[0]):
            segments.append([post, start, reason, leaves, RETIREMENT])
            return segments
        if change is None:
            segments.append([post, start, reason, None, ""])
            return segments
        segments.append([post, start, reason, change[0], change[1]])
        start, reason = change
