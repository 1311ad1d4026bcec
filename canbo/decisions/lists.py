"""The lists the plan asks for, on any date (issue 14.4): who retires, whose term ends, who is not old
enough to be re-elected or re-appointed, who is due for a periodic change of post, who is to be
replaced after two years "không hoàn thành nhiệm vụ", which planning pools are due for their yearly
review. Each is a selector `(*, user, as_of, months, filters) -> rows`, within the user's scope, a
fixed number of queries whatever the registry's size; each row names the rule that put it there
(decisions.rulesets.RuleValue.cite). The rules of law are people.retirement's and the rule sets'
values: nothing here decides an age or a period twice. docs/decisions-lists.md says what each list
means and what it does not model."""

import datetime as dt
import functools
import io
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet

from canbo.core.dates import format_date
from canbo.core.errors import InputRejected, RowError
from canbo.core.scoping import visible_unit_ids
from canbo.decisions import holidays
from canbo.decisions.rules import add_months
from canbo.decisions.rulesets import RuleValue, rule_value
from canbo.org.selectors import org_tree_shape, unit_labels
from canbo.people.choices import AssignmentReason, EvaluationLevel, PostLevel, Sex, StaffCategory
from canbo.people.models import Assignment, Evaluation, Person, PlanningMembership, Training
from canbo.people.retirement import months_of_service_left, reappointment_outcome, retirement_date
from canbo.people.selectors import in_force

__all__ = [
    "LISTS",
    "DueFilter",
    "DueList",
    "DueRow",
    "ListSpec",
    "due_counts",
    "due_list",
    "due_list_json",
    "due_list_table",
    "due_list_xlsx",
]

# --- what the code assumes where neither the rules nor the registry say (docs/decisions-lists.md) ----

# The period when the rule set names neither the post nor a default (it does: this is a safety net).
ROTATION_DEFAULT_PERIOD = 36
# Decree 59/2019/NĐ-CP art. 38: deferred while in full-time training of 12 months or more.
ROTATION_TRAINING_DEFER_DAYS = 365
# Which jobs the periodic change of post covers (Decree 59/2019 art. 36 and its appendix: personnel
# work, public finance, public assets, public investment, jobs dealing directly with the public). The
# registry does not say which job a person does, only their unit: the covered jobs are taken as those of
# the non-leaders of these agencies (the last part of the unit code, "-2025" and the like dropped) and
# everything under them. UNVERIFIED: an approximation the province should replace by its own list
# (setting CANBO_ROTATION_COVERED_SECTORS).
ROTATION_COVERED_SECTORS = ("SNV", "STC", "SKHDT", "TTR")
# The unit kinds whose leaders take the reference month of their level in Directive 45-CT/TW
# (reelect.reference_date is keyed by level); any other unit is of the provincial level.
LEVEL_OF_KIND = {"xa": "xa", "huyen": "huyen"}
PROVINCIAL = "tinh"
RETIREMENT_KEY = "retirement.age"  # the Labour Code's roadmap (people.retirement), cited like a rule


def _covered_sectors() -> tuple[str, ...]:
    return tuple(getattr(settings, "CANBO_ROTATION_COVERED_SECTORS", ROTATION_COVERED_SECTORS))


# --- rows -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DueRow:
    """One line of a list. Which fields a list fills and shows is its ListSpec's `columns`."""

    person_id: int | None
    name: str  # the person; for a pool, the post planned for
    sex: str = ""
    birth_date: dt.date | None = None
    birth_year_only: bool = False
    unit_id: int | None = None
    unit_name: str = ""
    post_name: str = ""
    start: dt.date | None = None  # since when: the term's start, the stay's start, the last review
    due: dt.date | None = None  # the date that puts the row on the list
    notice: dt.date | None = None  # the notice deadline (term-ending)
    months_left: int | None = None  # months of service left (at the reference date of the list)
    detail: str = ""  # the threshold failed, the years, the pool's size
    action: str = ""  # what is to be done
    cite: str = ""  # the rule: RuleValue.cite()

    @property
    def sex_label(self) -> str:
        return str(Sex(self.sex).label) if self.sex else ""


@dataclass(frozen=True)
class ListSpec:
    name: str
    slug: str  # the page's address: /quyet-dinh/danh-sach/<name>/
    title: str
    description: str
    default_months: int | None  # None: the list takes no window
    columns: tuple[tuple[str, str], ...]  # (DueRow field, Vietnamese header)
    people: bool = True  # rows are people (False: planning pools)


_PERSON = (("name", "Họ và tên"), ("birth_date", "Ngày sinh"), ("sex", "Giới tính"))
_PLACE = (("unit_name", "Đơn vị"), ("post_name", "Chức vụ"))

LISTS: dict[str, ListSpec] = {
    spec.name: spec
    for spec in (
        ListSpec(
            "retiring",
            "retiring",
            "Đến tuổi nghỉ hưu",
            "Người đang công tác có ngày nghỉ hưu trong số tháng tới (Bộ luật Lao động 2019 Điều 169; "
            "Nghị định 135/2020/NĐ-CP).",
            12,
            (*_PERSON, *_PLACE, ("due", "Ngày nghỉ hưu"), ("months_left", "Số tháng còn lại")),
        ),
        ListSpec(
            "term-ending",
            "term-ending",
            "Hết thời hạn giữ chức vụ",
            "Lãnh đạo, quản lý có nhiệm kỳ bổ nhiệm kết thúc trong số tháng tới, với hạn thông báo "
            "(bổ nhiệm lại: 90 ngày làm việc; kéo dài: 90 ngày).",
            6,
            (
                *_PERSON,
                *_PLACE,
                ("start", "Bổ nhiệm từ"),
                ("due", "Hết thời hạn"),
                ("notice", "Hạn thông báo"),
                ("months_left", "Tháng công tác còn lại khi hết hạn"),
                ("action", "Hướng giải quyết"),
            ),
        ),
        ListSpec(
            "not-old-enough",
            "not-old-enough",
            "Không đủ tuổi tái cử, tái bổ nhiệm",
            "Lãnh đạo có thời gian công tác còn lại tại thời điểm tính tuổi của cấp mình dưới ngưỡng "
            "tái cử hoặc tham gia cấp ủy lần đầu (Chỉ thị 45-CT/TW; kế hoạch, nhiệm vụ III.7.h).",
            None,
            (
                *_PERSON,
                *_PLACE,
                ("start", "Thời điểm tính tuổi"),
                ("months_left", "Tháng công tác còn lại"),
                ("detail", "Không đủ ngưỡng"),
            ),
        ),
        ListSpec(
            "rotation-due",
            "rotation-due",
            "Đến hạn định kỳ chuyển đổi vị trí công tác",
            "Công chức, viên chức không giữ chức vụ lãnh đạo ở vị trí thuộc danh mục phải chuyển đổi, "
            "đã ở vị trí đó quá thời hạn (Nghị định 59/2019/NĐ-CP Điều 36–38).",
            0,
            (
                *_PERSON,
                *_PLACE,
                ("start", "Ở vị trí từ"),
                ("due", "Đến hạn chuyển đổi"),
                ("months_left", "Tháng công tác còn lại"),
                ("action", "Tình trạng"),
            ),
        ),
        ListSpec(
            "replacement",
            "replacement",
            "Hai năm liên tiếp không hoàn thành nhiệm vụ",
            "Người có hai năm liền kề gần nhất xếp loại “Không hoàn thành nhiệm vụ”: lãnh đạo thì "
            "miễn nhiệm, thay thế không chờ hết nhiệm kỳ; người khác thì cho thôi việc.",
            None,
            (*_PERSON, *_PLACE, ("detail", "Các năm không hoàn thành"), ("action", "Hướng giải quyết")),
        ),
        ListSpec(
            "pool-review",
            "pool-review",
            "Quy hoạch đến hạn rà soát hằng năm",
            "Danh sách quy hoạch (theo chức danh, đơn vị, nhiệm kỳ) có lần quyết định, rà soát gần "
            "nhất đã quá thời hạn rà soát hằng năm.",
            0,
            (
                ("name", "Chức danh quy hoạch"),
                ("unit_name", "Đơn vị"),
                ("detail", "Nhiệm kỳ, số người"),
                ("start", "Quyết định, rà soát gần nhất"),
                ("due", "Đến hạn rà soát"),
            ),
            people=False,
        ),
    )
}


@dataclass(frozen=True)
class DueFilter:
    unit_id: int | None = None  # the unit and everything under it on as_of
    sex: str = ""
    order: str = ""  # a column's field, "-" before it for the reverse; "" the list's own order


@dataclass
class DueList:
    spec: ListSpec
    as_of: dt.date
    months: int | None
    rows: list[DueRow]
    rules: list[RuleValue] = field(default_factory=list)  # the rules the list applies

    @property
    def window_end(self) -> dt.date | None:
        return None if self.months is None else add_months(self.as_of, self.months)

    @property
    def rule_lines(self) -> list[str]:
        """Each rule applied, by its name, with its value and where it comes from."""
        return [rule_line(rule) for rule in self.rules]

    @property
    def heading(self) -> str:
        """ "Hết thời hạn giữ chức vụ — ngày 01/01/2026, trong 6 tháng" (the file's and the command's)."""
        text = f"{self.spec.title} — ngày {format_date(self.as_of)}"
        if self.months:
            text += f", trong {self.months} tháng tới (đến trước {format_date(self.window_end)})"
        return text


def rule_line(rule: RuleValue) -> str:
    """ "Thời hạn giữ chức vụ lãnh đạo, quản lý: 60 tháng — theo Điều 28 Nghị định 170/2025/NĐ-CP, áp
    dụng từ 01/07/2025" (decisions.rulesets' name and unit of the key)."""
    from canbo.decisions.rulesets import rule_definitions

    if rule.key == RETIREMENT_KEY:
        return f"Tuổi nghỉ hưu theo lộ trình — {rule.cite()}"
    definition = rule_definitions().get(rule.key, {})
    unit = definition.get("unit", "")
    value = rule.value
    if isinstance(value, dict):
        shown = "; ".join(f"{LEVEL_NAMES.get(str(k), k)}: {_value(v, unit)}" for k, v in value.items())
    else:
        shown = _value(value, unit)
    return f"{definition.get('label', rule.key)}: {shown} — {rule.cite()}"


LEVEL_NAMES = {"tinh": "cấp tỉnh", "huyen": "cấp huyện", "xa": "cấp xã", "default": "mặc định"}


def _value(value: Any, unit: str) -> str:
    if unit == "ngày" and isinstance(value, str):
        try:
            return format_date(dt.date.fromisoformat(value))
        except ValueError:
            return value
    return f"{value} {unit}".strip()


# --- small pieces -----------------------------------------------------------------------------------


def _unit_ids(as_of: dt.date, unit_id: int | None) -> set[int] | None:
    if unit_id is None:
        return None
    return org_tree_shape(as_of=as_of).subtree([unit_id]) | {unit_id}


@functools.lru_cache(maxsize=8192)
def _retirement_of_month(year: int, month: int, male: bool, year_only: bool) -> dt.date:
    # people.retirement counts in months: the day of birth never changes the date
    return retirement_date(dt.date(year, month, 1), male, birth_year_only=year_only)


def _retires(p: Person) -> dt.date:
    """people.retirement.retirement_date, worked out once per birth month (thousands of people)."""
    return _retirement_of_month(p.birth_date.year, p.birth_date.month, p.sex == Sex.MALE, p.birth_year_only)


def _is_leader(assignment: Assignment) -> bool:
    return assignment.post is not None and assignment.post.level != PostLevel.NONE


def _main_assignment(assignments: Iterable[Assignment]) -> Assignment | None:
    """Of a person's assignments in force, the one a list names: the highest post held, a main one
    before a concurrent one."""
    ranked = sorted(
        assignments,
        key=lambda a: (
            a.post is None or a.post.level == PostLevel.NONE,
            a.concurrent,
            a.post.order if a.post else 999,
            a.pk,
        ),
    )
    return ranked[0] if ranked else None


def _names(pairs: set[tuple[int, dt.date]]) -> dict[tuple[int, dt.date], str]:
    return unit_labels(pairs) if pairs else {}


def _chain_starts(rows: list[Assignment], as_of: dt.date) -> dict[int, tuple[dt.date, str]]:
    """The first day of each row's unbroken holding of the same post (or, with no post, of the same
    job): a row opened by a restructuring ("Sắp xếp tổ chức", people_follow_restructurings) goes on
    the row it replaced, so a term or a stay is counted from its real start — and how that began
    (an appointment, an extension …). One query."""
    starts = {a.pk: (a.valid_from, a.start_reason) for a in rows}
    carried = [a for a in rows if a.start_reason == AssignmentReason.REORGANISATION]
    if not carried:
        return starts
    earlier: dict[tuple[int, int | None], list[Assignment]] = defaultdict(list)
    for a in (
        Assignment.objects.filter(person_id__in={a.person_id for a in carried}, valid_to__lte=as_of)
        .only("person_id", "post_id", "valid_from", "valid_to", "start_reason")
        .order_by("-valid_from")
    ):
        earlier[(a.person_id, a.post_id)].append(a)
    for a in carried:
        start, reason = a.valid_from, a.start_reason
        for before in earlier[(a.person_id, a.post_id)]:
            if reason != AssignmentReason.REORGANISATION or before.valid_to != start:
                continue
            start, reason = before.valid_from, before.start_reason
        starts[a.pk] = (start, reason)
    return starts


def _people_rows(
    people: Iterable[tuple[Person, Assignment | None]], as_of: dt.date, build: Callable[..., DueRow]
) -> list[DueRow]:
    """Rows of people, each with the unit of the assignment it names under its name on as_of."""
    people = list(people)
    names = _names({((a.unit_id if a else p.unit_id), as_of) for p, a in people})
    return [build(p, a, names.get(((a.unit_id if a else p.unit_id), as_of), "")) for p, a in people]


def _row(p: Person, a: Assignment | None, unit_name: str, **values: Any) -> DueRow:
    return DueRow(
        person_id=p.pk,
        name=p.full_name,
        sex=p.sex,
        birth_date=p.birth_date,
        birth_year_only=p.birth_year_only,
        unit_id=a.unit_id if a else p.unit_id,
        unit_name=unit_name,
        post_name=a.post.name if a and a.post else "",
        **values,
    )


def _people_in_service(user: Any, as_of: dt.date, f: DueFilter) -> QuerySet[Person]:
    """People within the user's scope on as_of who hold an assignment then (in a unit under f.unit_id
    if given), of f.sex if given."""
    queryset = Person.objects.restrict(user, "view", as_of=as_of)  # type: ignore[attr-defined]
    held = in_force(Assignment.objects.all(), as_of)
    units = _unit_ids(as_of, f.unit_id)
    if units is not None:
        held = held.filter(unit_id__in=units)
    queryset = queryset.filter(pk__in=held.values("person_id"))
    if f.sex:
        queryset = queryset.filter(sex=f.sex)
    return queryset


def _assignments_in_force(user: Any, as_of: dt.date, f: DueFilter) -> QuerySet[Assignment]:
    """Assignments in force on as_of within the user's scope (by their unit), under f.unit_id, of people
    of f.sex; with their person and post."""
    queryset = in_force(Assignment.objects.restrict(user, "view", as_of=as_of), as_of)  # type: ignore[attr-defined]
    units = _unit_ids(as_of, f.unit_id)
    if units is not None:
        queryset = queryset.filter(unit_id__in=units)
    if f.sex:
        queryset = queryset.filter(person__sex=f.sex)
    return queryset.select_related("person", "post")


def _with_assignments(queryset: QuerySet[Person], as_of: dt.date) -> list[tuple[Person, Assignment | None]]:
    """Each person with the assignment a list names on as_of (two queries)."""
    people = list(
        queryset.only("id", "full_name", "sex", "birth_date", "birth_year_only", "unit_id", "sort_key")
    )
    held: dict[int, list[Assignment]] = defaultdict(list)
    for a in in_force(Assignment.objects.filter(person_id__in=[p.pk for p in people]), as_of).select_related(
        "post"
    ):
        held[a.person_id].append(a)
    return [(p, _main_assignment(held[p.pk])) for p in people]


# --- the lists --------------------------------------------------------------------------------------


def retiring(*, user: Any, as_of: dt.date, months: int | None, filters: DueFilter) -> DueList:
    """People in service on as_of whose retirement date (people.retirement, RULES.md §1) falls from
    as_of to the day before as_of + `months` (default 12)."""
    spec = LISTS["retiring"]
    months = spec.default_months if months is None else months
    end = add_months(as_of, months or 0)
    # Retirement comes at 55 to 62 years of age: no one born outside these bounds can retire in the window.
    born = Q(birth_date__gt=dt.date(as_of.year - 63, 1, 1), birth_date__lte=dt.date(end.year - 55, 12, 31))
    # Their retirement dates first, on four columns; then the rows of those retiring only.
    retiring_ids = [
        pk
        for pk, birth, sex, year_only in _people_in_service(user, as_of, filters)
        .filter(born)
        .values_list("pk", "birth_date", "sex", "birth_year_only")
        if as_of <= _retirement_of_month(birth.year, birth.month, sex == Sex.MALE, year_only) < end
    ]
    people = _with_assignments(Person.objects.filter(pk__in=retiring_ids).order_by("sort_key", "pk"), as_of)
    cited = _retirement_rule(as_of)
    rows = []
    for p, a in people:
        retires = _retires(p)
        if as_of <= retires < end:
            left = months_of_service_left(
                p.birth_date, p.sex == Sex.MALE, as_of, birth_year_only=p.birth_year_only
            )
            rows.append((p, a, retires, left))
    found = {(p.pk): (retires, left) for p, a, retires, left in rows}
    built = _people_rows(
        ((p, a) for p, a, _r, _l in rows),
        as_of,
        lambda p, a, unit: _row(
            p, a, unit, due=found[p.pk][0], months_left=found[p.pk][1], cite=cited.cite()
        ),
    )
    return DueList(spec, as_of, months, sorted(built, key=lambda r: (r.due, r.name)), [cited])


def _retirement_rule(as_of: dt.date) -> RuleValue:
    """The retirement age is the Labour Code's, in people.retirement (not a rule set): cited as one."""
    return RuleValue(
        key=RETIREMENT_KEY,
        value=None,
        effective_from=dt.date(2021, 1, 1),
        text="Bộ luật Lao động 2019, Nghị định 135/2020/NĐ-CP",
        article="Điều 169; Điều 4",
        checked=True,
    )


OUTCOME_LABELS = {
    "reappoint": "Xem xét bổ nhiệm lại",
    "reappoint_until_retirement": "Xem xét bổ nhiệm lại đến khi nghỉ hưu",
    "extend_until_retirement": "Xem xét kéo dài thời gian giữ chức vụ đến khi nghỉ hưu",
}


def term_ending(*, user: Any, as_of: dt.date, months: int | None, filters: DueFilter) -> DueList:
    """Leadership posts held on as_of (by appointment: not by election, not a concurrent post, not an
    extension until retirement) whose term — appoint.term_months from its start, a restructuring not
    breaking it — ends from as_of to the day before as_of + `months` (default 6), before the holder's
    retirement. The notice deadline: reappoint.notice_working_days working days before the end for a
    re-appointment, extend.notice_days days before it for an extension; which one by
    people.retirement.reappointment_outcome at the term's end (Decree 138/2020 art. 49(2))."""
    spec = LISTS["term-ending"]
    months = spec.default_months if months is None else months
    end = add_months(as_of, months or 0)
    term = rule_value("appoint.term_months", as_of)
    full = rule_value("reappoint.until_retirement_below", as_of)
    extend_below = rule_value("reappoint.extend_below", as_of)
    notice_working = rule_value("reappoint.notice_working_days", as_of)
    notice_days = rule_value("extend.notice_days", as_of)
    held = list(
        _assignments_in_force(user, as_of, filters)
        .exclude(post__isnull=True)
        .exclude(post__level=PostLevel.NONE)
        .filter(concurrent=False)
        .exclude(start_reason=AssignmentReason.EXTENSION)
        .exclude(person__staff_category=StaffCategory.CADRE)
        # a term begun more than one term before the end of the window cannot end in it (a
        # restructuring's row starts later than its term: those are kept)
        .filter(
            Q(valid_from__gt=add_months(as_of, -int(term.value) - 1))
            | Q(start_reason=AssignmentReason.REORGANISATION)
        )
    )
    starts = _chain_starts(held, as_of)
    found: list[tuple[Person, Assignment, dict[str, Any]]] = []
    for a in held:
        p = a.person
        male = p.sex == Sex.MALE
        begun, how = starts[a.pk]
        if how == AssignmentReason.EXTENSION:
            continue  # extended until retirement (carried by a restructuring): no term to end
        ends = add_months(begun, int(term.value))
        if not as_of <= ends < end:
            continue
        if _retires(p) < ends:
            continue  # the term runs until retirement: on the retiring list
        outcome = reappointment_outcome(
            p.birth_date,
            male,
            ends,
            full_term_months=int(full.value),
            extension_months=int(extend_below.value),
            birth_year_only=p.birth_year_only,
        )
        if outcome == "extend_until_retirement":
            notice, rule = ends - dt.timedelta(days=int(notice_days.value)), notice_days
        else:
            notice, rule = holidays.working_days_before(ends, int(notice_working.value)), notice_working
        left = months_of_service_left(p.birth_date, male, ends, birth_year_only=p.birth_year_only)
        values = {
            "start": begun,
            "due": ends,
            "notice": notice,
            "months_left": left,
            "action": OUTCOME_LABELS[outcome],
            "cite": f"Thời hạn {term.value} tháng {term.cite()}; hạn thông báo {rule.cite()}",
        }
        found.append((p, a, values))
    values_of = {a.pk: v for _p, a, v in found}
    names = _names({(a.unit_id, as_of) for _p, a, _v in found})
    rows = [_row(p, a, names.get((a.unit_id, as_of), ""), **values_of[a.pk]) for p, a, _v in found]
    rows.sort(key=lambda r: (r.due, r.name))
    return DueList(spec, as_of, months, rows, [term, full, extend_below, notice_working, notice_days])


def not_old_enough(*, user: Any, as_of: dt.date, months: int | None, filters: DueFilter) -> DueList:
    """Leaders on as_of (a post of a level other than none) whose service left at the reference month of
    their level (reelect.reference_date; a level without one takes the provincial one) is below
    committee.first_entry_min_remaining_months (not old enough to enter a Party committee or be
    appointed for a full term) or below reelect.min_remaining_months (not old enough to be re-elected):
    Directive 45-CT/TW; the plan's task III.7.h. `months` is not used."""
    spec = LISTS["not-old-enough"]
    reelect = rule_value("reelect.min_remaining_months", as_of)
    first = rule_value("committee.first_entry_min_remaining_months", as_of)
    reference = rule_value("reelect.reference_date", as_of)
    dates = {level: dt.date.fromisoformat(str(day)) for level, day in dict(reference.value).items()}
    held = list(
        _assignments_in_force(user, as_of, filters)
        .exclude(post__isnull=True)
        .exclude(post__level=PostLevel.NONE)
    )
    by_person: dict[int, list[Assignment]] = defaultdict(list)
    for a in held:
        by_person[a.person_id].append(a)
    kinds = _unit_kinds({a.unit_id for a in held}, as_of)
    found = []
    for assignments in by_person.values():
        main = _main_assignment(assignments)
        if main is None:
            continue
        a = main
        p = a.person
        level = LEVEL_OF_KIND.get(kinds.get(a.unit_id, ""), PROVINCIAL)
        on = dates.get(level) or dates.get(PROVINCIAL)
        if on is None:
            continue
        left = months_of_service_left(p.birth_date, p.sex == Sex.MALE, on, birth_year_only=p.birth_year_only)
        failed = []
        if left < int(first.value):
            failed.append(
                f"dưới {first.value} tháng: không đủ tuổi tham gia cấp ủy lần đầu, bổ nhiệm đủ nhiệm kỳ"
            )
        if left < int(reelect.value):
            failed.append(f"dưới {reelect.value} tháng: không đủ tuổi tái cử")
        if failed:
            rule = reelect if left < int(reelect.value) else first
            found.append(
                (p, a, {"start": on, "months_left": left, "detail": "; ".join(failed), "cite": rule.cite()})
            )
    names = _names({(a.unit_id, as_of) for _p, a, _v in found})
    rows = [_row(p, a, names.get((a.unit_id, as_of), ""), **v) for p, a, v in found]
    rows.sort(key=lambda r: (r.months_left, r.name))
    return DueList(spec, as_of, None, rows, [first, reelect, reference])


def _unit_kinds(unit_ids: set[int], as_of: dt.date) -> dict[int, str]:
    from canbo.org.models import UnitVersion

    return dict(UnitVersion.objects.as_of(as_of).filter(unit_id__in=unit_ids).values_list("unit_id", "kind"))


def covered_units(as_of: dt.date) -> set[int]:
    """The units whose non-leaders' jobs the periodic change of post covers (ROTATION_COVERED_SECTORS)
    and everything under them, on as_of."""
    from canbo.org.models import UnitVersion

    sectors = set(_covered_sectors())
    roots = [
        unit_id
        for unit_id, code in UnitVersion.objects.as_of(as_of).values_list("unit_id", "unit__code")
        if code.rsplit(".", 1)[-1].split("-", 1)[0] in sectors
    ]
    return org_tree_shape(as_of=as_of).subtree(roots) | set(roots) if roots else set()


def rotation_due(*, user: Any, as_of: dt.date, months: int | None, filters: DueFilter) -> DueList:
    """Civil servants and public employees without a leadership post, in a covered job (see
    ROTATION_COVERED_SECTORS) on as_of, whose stay in the same job (a restructuring not breaking it)
    reaches rotation_change.period_months (by post code, else "default") by as_of + `months` (default
    0: already due). Not listed with less than rotation_change.min_months_left months of service left; shown
    as deferred while seconded or in full-time training of a year or more (Decree 59/2019 arts. 37–38).
    Deferrals the registry does not know (disciplinary review, inspection, illness, pregnancy, a child
    under 36 months) are not applied."""
    spec = LISTS["rotation-due"]
    months = spec.default_months if months is None else months
    end = add_months(as_of, months or 0)
    period = rule_value("rotation_change.period_months", as_of)
    # Decree 59/2019/NĐ-CP art. 37: no periodic change of post with less than 18 months to retirement.
    exempt = rule_value("rotation_change.min_months_left", as_of)
    periods: dict[str, int] = {str(k): int(v) for k, v in dict(period.value).items()}
    covered = covered_units(as_of)
    held_all = list(
        _assignments_in_force(user, as_of, filters)
        .filter(unit_id__in=covered)
        .filter(person__staff_category__in=[StaffCategory.CIVIL_SERVANT, StaffCategory.PUBLIC_EMPLOYEE])
    )
    by_person: dict[int, list[Assignment]] = defaultdict(list)
    for a in held_all:
        by_person[a.person_id].append(a)
    held: list[Assignment] = []
    for assignments in by_person.values():
        if any(_is_leader(x) for x in assignments):
            continue
        main = min((x for x in assignments if not x.concurrent), key=lambda x: x.valid_from, default=None)
        if main is not None and main.start_reason != AssignmentReason.SECONDMENT:
            held.append(main)
    starts = _chain_starts(held, as_of)
    seconded = set(
        in_force(Assignment.objects.filter(person_id__in=[a.person_id for a in held]), as_of)
        .filter(start_reason=AssignmentReason.SECONDMENT)
        .values_list("person_id", flat=True)
    )
    training = {
        person_id
        for person_id, started, finished in Training.objects.filter(
            person_id__in=[a.person_id for a in held], started_on__lte=as_of, finished_on__gte=as_of
        ).values_list("person_id", "started_on", "finished_on")
        if started and finished and (finished - started).days >= ROTATION_TRAINING_DEFER_DAYS
    }
    found = []
    for a in held:
        p = a.person
        post_code = a.post.code if a.post else ""
        period_months = periods.get(post_code, periods.get("default", ROTATION_DEFAULT_PERIOD))
        since = starts[a.pk][0]
        due = add_months(since, period_months)
        if due > end:
            continue
        left = months_of_service_left(
            p.birth_date, p.sex == Sex.MALE, as_of, birth_year_only=p.birth_year_only
        )
        if left < int(exempt.value):
            continue
        if p.pk in seconded:
            status = "Tạm hoãn: đang biệt phái"
        elif p.pk in training:
            status = "Tạm hoãn: đang đào tạo tập trung từ 12 tháng trở lên"
        else:
            status = "Đến hạn chuyển đổi" if due <= as_of else "Sắp đến hạn"
        found.append(
            (p, a, {"start": since, "due": due, "months_left": left, "action": status,
                    "cite": f"Thời hạn {period_months} tháng {period.cite()}"})
        )  # fmt: skip
    names = _names({(a.unit_id, as_of) for _p, a, _v in found})
    rows = [_row(p, a, names.get((a.unit_id, as_of), ""), **v) for p, a, v in found]
    rows.sort(key=lambda r: (r.due, r.name))
    return DueList(spec, as_of, months, rows, [period, exempt])


def replacement(*, user: Any, as_of: dt.date, months: int | None, filters: DueFilter) -> DueList:
    """People in service on as_of whose latest replacement.consecutive_not_done_years evaluations of
    the years ended before as_of are of consecutive years, all "Không hoàn thành nhiệm vụ" (Law on
    Cadres and Civil Servants; Decree 90/2020, Decree 335/2025 art. 23; RULES.md §4): a leader is
    relieved of the post without waiting for the end of the term, anyone else leaves the service.
    `months` is not used."""
    spec = LISTS["replacement"]
    years_rule = rule_value("replacement.consecutive_not_done_years", as_of)
    needed = int(years_rule.value)
    ended = Q(year__lt=as_of.year)
    candidates = (
        Evaluation.objects.filter(ended, level=EvaluationLevel.NOT_DONE)
        .values("person_id")
        .annotate(n=Count("id"))
        .filter(n__gte=needed)
        .values("person_id")
    )
    people = _with_assignments(_people_in_service(user, as_of, filters).filter(pk__in=candidates), as_of)
    years: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for person_id, year, level in (
        Evaluation.objects.filter(ended, person_id__in=[p.pk for p, _a in people])
        .order_by("person_id", "-year")
        .values_list("person_id", "year", "level")
    ):
        years[person_id].append((year, level))
    found = []
    for p, a in people:
        latest = years[p.pk][:needed]
        if len(latest) < needed or any(level != EvaluationLevel.NOT_DONE for _y, level in latest):
            continue
        if latest[0][0] - latest[-1][0] != needed - 1:
            continue  # not consecutive years
        leader = a is not None and _is_leader(a)
        action = "Miễn nhiệm, thay thế không chờ hết nhiệm kỳ" if leader else "Cho thôi việc"
        values = {
            "due": dt.date(latest[0][0], 12, 31),
            "detail": ", ".join(str(y) for y, _l in reversed(latest)),
            "action": action,
            "cite": years_rule.cite(),
        }
        found.append((p, a, values))
    names = _names({((a.unit_id if a else p.unit_id), as_of) for p, a, _v in found})
    rows = [_row(p, a, names.get(((a.unit_id if a else p.unit_id), as_of), ""), **v) for p, a, v in found]
    rows.sort(key=lambda r: (r.unit_name, r.name))
    return DueList(spec, as_of, None, rows, [years_rule])


def pool_review(*, user: Any, as_of: dt.date, months: int | None, filters: DueFilter) -> DueList:
    """Planning pools in force on as_of (a post, a unit, a term that includes as_of's year, people in it
    then) within the user's scope, whose last decision or review (the latest decision date of a member,
    or removal from it, up to as_of) plus planning.review_months falls on or before as_of + `months`
    (default 0: already due), or the latest review recorded for it (_recorded_reviews). The sex
    filter does not apply to a pool."""
    spec = LISTS["pool-review"]
    months = spec.default_months if months is None else months
    end = add_months(as_of, months or 0)
    review = rule_value("planning.review_months", as_of)
    from canbo.org.models import UnitVersion

    # A pool of a unit no longer in force on as_of (merged, dissolved) is not reviewed: its successor's is.
    pools = PlanningMembership.objects.filter(
        term_from__lte=as_of.year,
        term_to__gte=as_of.year,
        decision_date__lte=as_of,
        unit_id__in=UnitVersion.objects.as_of(as_of).values("unit_id"),
    )
    visible = visible_unit_ids(user, "view", as_of=as_of)
    if visible is not None:
        pools = pools.filter(unit_id__in=visible)
    units = _unit_ids(as_of, filters.unit_id)
    if units is not None:
        pools = pools.filter(unit_id__in=units)
    active = Q(removed_on__isnull=True) | Q(removed_on__gt=as_of)
    grouped = (
        pools.values("post_id", "post__name", "unit_id", "term_from", "term_to")
        .annotate(
            last_decision=Max("decision_date"),
            last_removal=Max("removed_on", filter=Q(removed_on__lte=as_of)),
            members=Count("id", filter=active),
        )
        .filter(members__gt=0)
        .order_by("unit_id", "post_id", "term_from")
    )
    reviewed = _recorded_reviews(visible if units is None else units, as_of)
    found = []
    for pool in grouped:
        key = (pool["unit_id"], pool["term_from"], pool["term_to"])
        recorded = [
            day for post_id, day in reviewed.get(key, ()) if post_id is None or post_id == pool["post_id"]
        ]
        last = max(d for d in (pool["last_decision"], pool["last_removal"], *recorded) if d is not None)
        due = add_months(last, int(review.value))
        if due > end:
            continue
        found.append(pool | {"last": last, "due_on": due})
    names = _names({(pool["unit_id"], as_of) for pool in found})
    rows = [
        DueRow(
            person_id=None,
            name=pool["post__name"],
            unit_id=pool["unit_id"],
            unit_name=names.get((pool["unit_id"], as_of), ""),
            start=pool["last"],
            due=pool["due_on"],
            detail=f"{pool['term_from']}–{pool['term_to']}, {pool['members']} người",
            action="Rà soát, bổ sung quy hoạch",
            cite=f"Rà soát sau {review.value} tháng {review.cite()}",
        )
        for pool in found
    ]
    rows.sort(key=lambda r: (r.due, r.unit_name, r.name))
    return DueList(spec, as_of, months, rows, [review])


def _recorded_reviews(
    unit_ids: set[int] | None, as_of: dt.date
) -> dict[tuple[int, int, int], list[tuple[int | None, dt.date]]]:
    """The reviews of pools recorded elsewhere, up to as_of, by (unit, term from, term to): (post or
    None for every post of the unit, day). The planning app (issue 14.3) records them and sits above
    this one: it hands them down through the setting CANBO_POOL_REVIEWS, the dotted path of a
    function (*, unit_ids, as_of) -> iterable of (unit_id, post_id | None, term_from, term_to,
    reviewed_on). Without the setting, none: the decisions stand for the reviews."""
    path = getattr(settings, "CANBO_POOL_REVIEWS", "")
    if not path:
        return {}
    from django.utils.module_loading import import_string

    found: dict[tuple[int, int, int], list[tuple[int | None, dt.date]]] = defaultdict(list)
    for unit_id, post_id, term_from, term_to, day in import_string(path)(unit_ids=unit_ids, as_of=as_of):
        if day <= as_of:
            found[(unit_id, term_from, term_to)].append((post_id, day))
    return found


SELECTORS: dict[str, Callable[..., DueList]] = {
    "retiring": retiring,
    "term-ending": term_ending,
    "not-old-enough": not_old_enough,
    "rotation-due": rotation_due,
    "replacement": replacement,
    "pool-review": pool_review,
}


def due_list(
    *, user: Any, name: str, as_of: dt.date, months: int | None = None, filters: DueFilter | None = None
) -> DueList:
    """The list `name` on as_of for the user, filtered and sorted. InputRejected for an unknown list or
    a negative window; NotFound when a rule it needs has no version in force on as_of."""
    if name not in SELECTORS:
        raise InputRejected(
            [RowError(f"Không có danh sách “{name}”. Các danh sách: {', '.join(LISTS)}.", column="Danh sách")]
        )
    if months is not None and not 0 <= months <= 240:
        raise InputRejected([RowError("Số tháng phải từ 0 đến 240.", column="Số tháng")])
    filters = filters or DueFilter()
    result = SELECTORS[name](user=user, as_of=as_of, months=months, filters=filters)
    if filters.order:
        result.rows = _sorted(result.rows, result.spec, filters.order)
    return result


def _sorted(rows: list[DueRow], spec: ListSpec, order: str) -> list[DueRow]:
    key = order.removeprefix("-")
    if key not in {column for column, _label in spec.columns}:
        return rows
    from canbo.people.vnsort import sort_key

    def value(row: DueRow) -> tuple[bool, Any]:
        v = getattr(row, key)
        if isinstance(v, str):
            v = sort_key(v) if key == "name" else v
        return (v is None, v if v is not None else 0)

    return sorted(rows, key=value, reverse=order.startswith("-"))


def due_counts(*, user: Any, as_of: dt.date) -> list[tuple[ListSpec, int | None, str]]:
    """Each list with its number of rows on as_of (None and the reason when a rule is missing)."""
    from canbo.core.errors import ApplicationError

    counts: list[tuple[ListSpec, int | None, str]] = []
    for name, spec in LISTS.items():
        try:
            counts.append((spec, len(due_list(user=user, name=name, as_of=as_of).rows), ""))
        except ApplicationError as exc:
            counts.append((spec, None, exc.message))
    return counts


# --- out --------------------------------------------------------------------------------------------


def _cell(row: DueRow, column: str) -> Any:
    if column == "sex":
        return row.sex_label
    if column == "birth_date" and row.birth_year_only and row.birth_date:
        return str(row.birth_date.year)
    return getattr(row, column)


def due_list_json(result: DueList) -> dict[str, Any]:
    """The list as JSON-ready data: dates ISO, each row with its columns and the person's id."""
    keys = ["person_id", *(column for column, _label in result.spec.columns), "action", "cite"]
    rows = []
    for row in result.rows:
        data = asdict(row)
        rows.append(
            {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in data.items() if k in keys}
        )
    return {
        "list": result.spec.name,
        "title": result.spec.title,
        "as_of": result.as_of.isoformat(),
        "months": result.months,
        "rules": result.rule_lines,
        "count": len(rows),
        "rows": rows,
    }


def due_list_xlsx(result: DueList) -> bytes:
    """The list as Excel: its title, date and rules above the table, then one line per row."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    title = book.add_format({"bold": True, "font_size": 13})
    bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet = book.add_worksheet(result.spec.title[:31])
    sheet.write_string(0, 0, result.heading, title)
    sheet.write_string(1, 0, result.spec.description)
    line = 2
    for text in result.rule_lines:
        sheet.write_string(line, 0, f"Quy tắc: {text}")
        line += 1
    sheet.write_string(line, 0, f"Số dòng: {len(result.rows)}")
    header = line + 2
    columns = [*result.spec.columns, ("cite", "Căn cứ")]
    for col, (_key, label) in enumerate(columns):
        sheet.write_string(header, col, label, bold)
        sheet.set_column(col, col, max(12, min(40, len(label) + 4)))
    sheet.freeze_panes(header + 1, 0)
    for r, row in enumerate(result.rows, start=header + 1):
        for col, (key, _label) in enumerate(columns):
            value = _cell(row, key)
            if isinstance(value, dt.date):
                sheet.write_datetime(r, col, dt.datetime.combine(value, dt.time()), date_format)
            elif value is None:
                continue
            elif isinstance(value, int) and not isinstance(value, bool):
                sheet.write_number(r, col, value)
            else:
                sheet.write_string(r, col, str(value))
    book.close()
    return buffer.getvalue()


def due_list_table(result: DueList) -> str:
    """The list as plain text for a terminal: the heading, the rules, then aligned columns."""
    columns = result.spec.columns
    lines = [[label for _key, label in columns]]
    for row in result.rows:
        cells = []
        for key, _label in columns:
            value = _cell(row, key)
            cells.append(
                format_date(value) if isinstance(value, dt.date) else "" if value is None else str(value)
            )
        lines.append(cells)
    widths = [max(len(line[i]) for line in lines) for i in range(len(columns))]
    text = [
        result.heading,
        *(f"Quy tắc: {text}" for text in result.rule_lines),
        f"Số dòng: {len(result.rows)}",
        "",
    ]
    text += [
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in lines
    ]
    return "\n".join(text)
