"""The rules of entry into a planning pool (RULES-2 §3, RULES.md §3), each in one function that names
its rule and cites its text. `entry_problems` gathers every reason an entry is refused;
`planning_entry_check` raises them at once (InputRejected), for this app's services and, through a
setting, for the registry's own form of a planning entry.

Thresholds are the effective-dated rule sets' (decisions.rulesets): the version in force on the day
the entry is decided. What the rule sets do not hold is a constant here, with its source, and said to be
unverified where it is (docs/planning-pool.md)."""

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet

from canbo.core.actors import Actor
from canbo.core.dates import format_date
from canbo.core.errors import InputRejected, RowError
from canbo.decisions.rulesets import RuleMissing, RuleValue, rule_value
from canbo.people.appointment_checks import level_rank
from canbo.people.choices import PostLevel, Sex
from canbo.people.models import Assignment, Discipline, Person, PlanningMembership, Post
from canbo.people.retirement import months_of_service_left
from canbo.people.selectors import political_conclusion_on
from canbo.planning.choices import ProposalKind, ProposalStatus

__all__ = [
    "REGULATION_377_FROM",
    "TERM_YEARS",
    "active_on",
    "add_months",
    "discipline_wait_months",
    "entry_problems",
    "planning_entry_check",
    "rule_or_none",
]

# RULES-2 §0: Regulation 377-QĐ/TW replaced Regulation 50-QĐ/TW on 08/10/2025, in force the same day.
# From then, (a) a person's limit of 3 posts counts posts "ở cùng cấp" only, and (b) no planning at the same
# time as a proposal to appoint or nominate the person. The rule sets have no key for either: this date.
REGULATION_377_FROM = dt.date(2025, 10, 8)
REGULATION_377 = "Quy định 377-QĐ/TW, áp dụng từ 08/10/2025"
# A term of office is 5 years (Decree 170/2025/NĐ-CP art. 28; Party congress terms): 2020–2025, 2025–2030,
# 2026–2031 (People's Councils).
TERM_YEARS = 5
# The planning age (RULES-2 §3, Regulation 50-QĐ/TW, checked: enough age for at least one full term):
# read here as the rule set's appoint.min_remaining_months (60 months of service left) at the start of the
# pool's term, or on the day of the entry if later — a pool is for an appointment, and a first or higher
# appointment needs a full term. Regulation 377's age clause was not read (unverified).
PLANNING_AGE_RULE = "appoint.min_remaining_months"
# A discipline in effect bars the entry for the waits of discipline.appoint_wait_months (Regulation 377:
# appointment to a higher post only 24/36/60 months after a reprimand, warning, removal). Applying them to
# planning is our reading (unverified); a form the rule set does not name waits the longest of its waits.
DISCIPLINE_RULE = "discipline.appoint_wait_months"


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the 1st of the next month when that month is too short)."""
    index = 12 * day.year + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    try:
        return dt.date(year, month, day.day)
    except ValueError:
        return dt.date(year + month // 12, month % 12 + 1, 1)


def rule_or_none(key: str, on: dt.date) -> RuleValue | None:
    """The rule in force on `on`, or None before its first version (no check then)."""
    try:
        return rule_value(key, on)
    except RuleMissing:
        return None


def active_on(on: dt.date) -> Q:
    """Entries still in their pool on `on` (not removed on or before it)."""
    return Q(removed_on__isnull=True) | Q(removed_on__gt=on)


def _pool_name(post: Post, unit: Any, term_from: int, term_to: int) -> str:
    from canbo.org.selectors import unit_names

    name = unit_names(units=[unit]).get(unit.pk, str(unit))
    return f"chức danh {post.name} của {name}, nhiệm kỳ {term_from}–{term_to}"


def _problem(rule: str, message: str) -> RowError:
    return RowError(message, field=rule)


# Decree 170/2025/NĐ-CP art. 28: a term of office is 5 years.
def _term(term_from: int, term_to: int) -> list[RowError]:
    if term_to - term_from != TERM_YEARS:
        return [
            _problem(
                "planning.term",
                f"Nhiệm kỳ {term_from}–{term_to} không hợp lệ: một nhiệm kỳ là {TERM_YEARS} năm "
                "(ví dụ 2020–2025, 2025–2030, 2026–2031).",
            )
        ]
    return []


# Regulation 377-QĐ/TW: "mỗi chức danh lãnh đạo, quản lý quy hoạch…" — a pool is for a leadership post.
def _leadership_post(post: Post) -> list[RowError]:
    if post.level == PostLevel.NONE:
        return [
            _problem(
                "planning.leadership_post",
                f"“{post.name}” không phải chức danh lãnh đạo, quản lý: chỉ quy hoạch chức danh lãnh đạo, "
                "quản lý (Quy định 50-QĐ/TW, Quy định 377-QĐ/TW).",
            )
        ]
    return []


# The plan, section II.7 (RULES.md §3): no planning without a conclusion on political standards.
def _political_gate(person: Person, on: dt.date) -> list[RowError]:
    gate = rule_or_none("gate.political_conclusion_from", on)
    if gate is None or on < dt.date.fromisoformat(str(gate.value)):
        return []
    latest = political_conclusion_on(person=person, on=on)
    if latest is None:
        return [
            _problem(
                "gate.political_conclusion",
                f"{person.full_name} chưa có kết luận tiêu chuẩn chính trị: không được quy hoạch khi chưa "
                f"có kết luận về tiêu chuẩn chính trị ({gate.article} {gate.text}).",
            )
        ]
    if not latest.meets_standard:
        return [
            _problem(
                "gate.political_conclusion",
                f"Kết luận tiêu chuẩn chính trị ngày {format_date(latest.concluded_on)} của "
                f"{person.full_name}: chưa đủ tiêu chuẩn chính trị — không được quy hoạch "
                f"({gate.article} {gate.text}).",
            )
        ]
    return []


def _duplicate(
    person: Person, post: Post, unit: Any, term_from: int, term_to: int, on: dt.date
) -> list[RowError]:
    already = PlanningMembership.objects.filter(
        active_on(on), person=person, post=post, unit=unit, term_from=term_from, term_to=term_to
    ).exists()
    if already:
        return [
            _problem(
                "planning.duplicate",
                f"{person.full_name} đã ở trong quy hoạch {_pool_name(post, unit, term_from, term_to)}.",
            )
        ]
    return []


# Regulation 50-QĐ/TW and Regulation 377-QĐ/TW: "mỗi chức danh … quy hoạch không quá 3 cán bộ".
def _max_per_post(
    person: Person, post: Post, unit: Any, term_from: int, term_to: int, on: dt.date
) -> list[RowError]:
    rule = rule_or_none("planning.max_per_post", on)
    if rule is None:
        return []
    others = (
        PlanningMembership.objects.filter(
            active_on(on), post=post, unit=unit, term_from=term_from, term_to=term_to
        )
        .exclude(person=person)
        .values("person_id")
        .distinct()
        .count()
    )
    if others >= int(rule.value):
        return [
            _problem(
                rule.key,
                f"Quy hoạch {_pool_name(post, unit, term_from, term_to)} đã có {others} người: mỗi chức danh "
                f"quy hoạch không quá {rule.value} cán bộ ({rule.cite()}).",
            )
        ]
    return []


# Regulation 50-QĐ/TW: "1 cán bộ không quá 3 chức danh"; Regulation 377-QĐ/TW: "… không quá 3 chức danh ở
# cùng cấp". The level of a post is its leadership level (people.PostLevel): our reading of "cấp".
def _max_posts_per_person(
    person: Person, post: Post, unit: Any, term_from: int, term_to: int, on: dt.date
) -> list[RowError]:
    rule = rule_or_none("planning.max_posts_per_person_same_level", on)
    if rule is None:
        return []
    held = (
        PlanningMembership.objects.filter(active_on(on), person=person, term_from=term_from, term_to=term_to)
        .exclude(post=post, unit=unit)
        .select_related("post")
    )
    same_level = on >= REGULATION_377_FROM
    if same_level:
        held = held.filter(post__level=post.level)
    count = held.count()
    if count >= int(rule.value):
        where = f" cùng cấp ({post.get_level_display().lower()})" if same_level else ""
        return [
            _problem(
                rule.key,
                f"{person.full_name} đã được quy hoạch {count} chức danh{where} nhiệm kỳ "
                f"{term_from}–{term_to}: một cán bộ quy hoạch không quá {rule.value} chức danh"
                f"{' ở cùng cấp' if same_level else ''} "
                f"({rule.cite()}).",
            )
        ]
    return []


def held_posts(person: Person, on: dt.date) -> QuerySet[Assignment]:
    """The posts the person holds on `on`."""
    return (
        Assignment.objects.filter(person=person, post__isnull=False, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))
        .select_related("post")
    )


# Regulation 377-QĐ/TW: "Chỉ quy hoạch chức danh cao hơn" (planning.only_higher, true from 08/10/2025).
def _only_higher(person: Person, post: Post, on: dt.date) -> list[RowError]:
    rule = rule_or_none("planning.only_higher", on)
    if rule is None or not rule.value:
        return []
    held = list(held_posts(person, on))
    top = max(held, key=lambda a: level_rank(a.post.level if a.post else None), default=None)
    if top is None or top.post is None or level_rank(top.post.level) == 0:
        return []
    if level_rank(post.level) <= level_rank(top.post.level):
        return [
            _problem(
                rule.key,
                f"{person.full_name} đang giữ chức vụ {top.post.name} "
                f"({top.post.get_level_display().lower()}); chức danh {post.name} không cao hơn: chỉ quy "
                f"hoạch chức danh cao hơn chức vụ hiện giữ ({rule.cite()}).",
            )
        ]
    return []


# Regulation 377-QĐ/TW: "không thực hiện quy hoạch đồng thời với việc đề xuất bổ nhiệm, giới thiệu cán bộ
# ứng cử" — from 08/10/2025.
def _appointment_open(person: Person, on: dt.date) -> list[RowError]:
    if on < REGULATION_377_FROM:
        return []
    from canbo.planning.models import Proposal

    open_ = (
        Proposal.objects.filter(
            person=person, kind=ProposalKind.APPOINTMENT, status=ProposalStatus.OPEN, proposed_on__lte=on
        )
        .select_related("post")
        .first()
    )
    if open_ is not None:
        return [
            _problem(
                "planning.no_entry_while_appointment_open",
                f"Đang có đề xuất bổ nhiệm, giới thiệu ứng cử {person.full_name} vào chức vụ "
                f"{open_.post.name} (ngày {format_date(open_.proposed_on)}): không thực hiện quy hoạch "
                f"đồng thời "
                f"với việc đề xuất bổ nhiệm, giới thiệu cán bộ ứng cử ({REGULATION_377}).",
            )
        ]
    return []


def planning_age_reference(term_from: int, on: dt.date) -> dt.date:
    return max(on, dt.date(term_from, 1, 1))


# RULES-2 §3 (Regulation 50-QĐ/TW): age enough for at least one full term — see PLANNING_AGE_RULE.
def _age(person: Person, term_from: int, on: dt.date) -> list[RowError]:
    rule = rule_or_none(PLANNING_AGE_RULE, on)
    if rule is None:
        return []
    reference = planning_age_reference(term_from, on)
    left = months_of_service_left(
        person.birth_date, person.sex == Sex.MALE, reference, birth_year_only=person.birth_year_only
    )
    if left < int(rule.value):
        return [
            _problem(
                "planning.age",
                f"{person.full_name} còn {max(left, 0)} tháng công tác tính từ {format_date(reference)}: "
                f"quy hoạch phải đủ tuổi công tác ít nhất trọn một nhiệm kỳ ({rule.value} tháng; "
                f"Quy định 50-QĐ/TW; "
                f"cách tính theo {rule.cite()}; cách hiểu của hệ thống, chưa kiểm chứng).",
            )
        ]
    return []


def discipline_wait_months(form: str, waits: dict[str, Any]) -> int:
    if form in waits:
        return int(waits[form])
    return max((int(v) for v in waits.values()), default=0)


# Regulation 377-QĐ/TW (the waits of discipline.appoint_wait_months), applied to planning: unverified.
def _discipline(person: Person, on: dt.date) -> list[RowError]:
    rule = rule_or_none(DISCIPLINE_RULE, on)
    if rule is None or not isinstance(rule.value, dict):
        return []
    problems = []
    for d in Discipline.objects.filter(person=person, decided_on__lte=on).order_by("-decided_on"):
        wait = discipline_wait_months(d.form, rule.value)
        until = add_months(d.decided_on, wait)
        if on < until:
            problems.append(
                _problem(
                    "planning.discipline",
                    f"{person.full_name} bị kỷ luật {d.get_form_display().lower()} ngày "
                    f"{format_date(d.decided_on)}: chưa quy hoạch trước ngày {format_date(until)} "
                    f"({wait} tháng {rule.cite()}; áp dụng cho quy hoạch là cách hiểu của hệ thống, "
                    "chưa kiểm chứng).",
                )
            )
    return problems[:1]


def entry_problems(
    *, person: Person, post: Post, unit: Any, term_from: int, term_to: int, on: dt.date
) -> list[RowError]:
    """Every reason the entry of `person` into the pool of `post` of `unit` for the term is refused on
    `on` (the day it is decided): each a RowError whose `field` is the rule's key and whose message names
    the rule's text. Empty: the entry may be made."""
    problems = _term(term_from, term_to) + _leadership_post(post)
    problems += _political_gate(person, on)
    problems += _duplicate(person, post, unit, term_from, term_to, on)
    problems += _max_per_post(person, post, unit, term_from, term_to, on)
    problems += _max_posts_per_person(person, post, unit, term_from, term_to, on)
    problems += _only_higher(person, post, on)
    problems += _appointment_open(person, on)
    problems += _age(person, term_from, on)
    problems += _discipline(person, on)
    return problems


def planning_entry_check(
    *, actor: Actor, person: Person, post: Post, unit: Any, term_from: int, term_to: int, on: dt.date
) -> None:
    """Refuse (InputRejected, with every reason, each naming its rule and text) an entry into a planning
    pool that the rules forbid on `on`. The hook for the registry's own planning form (setting
    CANBO_PLANNING_ENTRY_CHECKS, or however people wires it); `actor` is not used by the rules."""
    problems = entry_problems(
        person=person, post=post, unit=unit, term_from=term_from, term_to=term_to, on=on
    )
    if problems:
        raise InputRejected(problems)
