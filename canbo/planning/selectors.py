"""Reads of the planning pool, always for a user and within their scope: the pools (one post of one
unit for one term) with their members on a date, each pool's structure against its targets and the same
rolled up to the agency and the province, members missing the training their post requires, pools whose
yearly review is due, and the exits the system proposes. A fixed number of queries whatever the number of
pools or members.

Ethnicity is sensitive personal data (Law 91/2025/QH15): the share of ethnic minorities is shown to every
reader as a figure; which member belongs to one only to the roles that do personnel work
(people.selectors.can_see_sensitive)."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Q

from canbo.core.dates import format_date
from canbo.core.errors import OutOfScope
from canbo.core.scoping import visible_unit_ids
from canbo.org.models import UnitVersion
from canbo.org.selectors import unit_labels
from canbo.people import catalogues, standards
from canbo.people.choices import EvaluationLevel, Sex
from canbo.people.models import (
    Assignment,
    Discipline,
    Evaluation,
    Person,
    PlanningMembership,
    PoliticalConclusion,
    Post,
)
from canbo.people.retirement import months_of_service_left
from canbo.people.rules import age_on
from canbo.people.selectors import can_see_sensitive, training_on_record
from canbo.planning.choices import ExitReason, ExitStatus, ProposalKind, ProposalStatus
from canbo.planning.entry_rules import PLANNING_AGE_RULE, active_on, add_months, rule_or_none
from canbo.planning.models import PoolExit, PoolReview, Proposal

__all__ = [
    "TERMS",
    "ExitCase",
    "Member",
    "Pool",
    "PoolDetail",
    "PoolsView",
    "Share",
    "can_change_pools",
    "planning_exit_proposals",
    "pool_detail",
    "pools_list",
]

# The terms the pages offer (any 5-year term is accepted): the Party congresses' 2020–2025 and 2025–2030,
# the People's Councils' 2026–2031.
TERMS: tuple[tuple[int, int], ...] = ((2020, 2025), (2025, 2030), (2026, 2031))

# Decision 2282/QĐ-TTg (2020), RULES.md §6 (checked there; indicators' copy says "chưa đối chiếu văn bản"):
# women ≥ 40 % (2025) and ≥ 50 % (2030) of the leadership planning pool — the province's pool as a whole.
# The rule sets have no key for it; the same figures are indicators' targets (indicators cannot be read
# from here: a sibling layer).
NATIONAL_WOMEN_TARGETS: tuple[tuple[int, float, str], ...] = (
    (2025, 0.40, "Quyết định 2282/QĐ-TTg: nữ trong quy hoạch lãnh đạo, quản lý ≥ 40 % đến năm 2025"),
    (2030, 0.50, "Quyết định 2282/QĐ-TTg: nữ trong quy hoạch lãnh đạo, quản lý ≥ 50 % đến năm 2030"),
)
# Regulation 50-QĐ/TW: ethnic minorities "phù hợp với địa phương" — no number in the texts read. The share
# the province sets (setting CANBO_PLANNING_MINORITY_SHARE, a fraction); none: shown without a verdict.
MINORITY_SETTING = "CANBO_PLANNING_MINORITY_SHARE"


def can_change_pools(user: Any) -> bool:
    from canbo.accounts.scope import user_can

    return user_can(user, "change")


@dataclass
class Share:
    """One figure of a pool's structure against its target: count of total, and whether it is met."""

    label: str
    count: int
    total: int
    target: float | None  # a fraction (0.15); None: no target
    source: str = ""

    @property
    def percent(self) -> float | None:
        return None if self.total == 0 else 100 * self.count / self.total

    @property
    def target_percent(self) -> float | None:
        return None if self.target is None else 100 * self.target

    @property
    def met(self) -> bool | None:
        """None: no target, or nobody in the pool."""
        if self.target is None or self.total == 0:
            return None
        return self.count >= self.target * self.total - 1e-9


@dataclass
class Member:
    membership: PlanningMembership
    person: Person
    age: int
    woman: bool
    minority: bool  # shown per member only to the roles that may see it
    current_post: str
    missing: list[str]  # the training the post requires that the member lacks


@dataclass
class Pool:
    unit_id: int
    unit_name: str
    post: Post
    term_from: int
    term_to: int
    members: list[Member] = field(default_factory=list)
    left: list[PlanningMembership] = field(default_factory=list)  # removed on or before the date
    max_members: int | None = None
    max_cite: str = ""
    open_proposals: int = 0
    last_review: dt.date | None = None
    review_due: dt.date | None = None
    structure: list[Share] = field(default_factory=list)

    @property
    def term(self) -> str:
        return f"{self.term_from}-{self.term_to}"

    @property
    def slug(self) -> str:
        return f"{self.unit_id}/{self.post.pk}/{self.term}"

    @property
    def full(self) -> bool:
        return self.max_members is not None and len(self.members) >= self.max_members

    @property
    def over(self) -> bool:
        """More members than the rule allows (entries from before the rule, or recorded elsewhere)."""
        return self.max_members is not None and len(self.members) > self.max_members

    @property
    def missing_training(self) -> int:
        return sum(1 for m in self.members if m.missing)


@dataclass
class Rollup:
    """The structure of several pools taken together: each person counted once."""

    label: str
    term_from: int
    term_to: int
    pools: int
    people: int
    structure: list[Share]


@dataclass
class PoolsView:
    as_of: dt.date
    pools: list[Pool]
    by_agency: list[Rollup]
    by_term: list[Rollup]
    sensitive: bool
    review_months: int | None
    notes: list[str]
    cases: list["ExitCase"] = field(default_factory=list)  # exits the rules call for, in these pools


@dataclass
class ExitCase:
    """An exit the rules call for, not yet proposed nor decided."""

    membership: PlanningMembership
    reason: str
    source: str
    detail: str
    since: dt.date | None

    @property
    def reason_label(self) -> str:
        return str(ExitReason(self.reason).label)


@dataclass
class PoolDetail:
    pool: Pool
    proposals: list[Proposal]
    reviews: list[PoolReview]
    exits: list[PoolExit]
    cases: list[ExitCase]


# --- the targets -----------------------------------------------------------------------------------


@dataclass
class Targets:
    max_per_post: Any
    young_age: Any
    young_share: Any
    women_share: Any
    review_months: Any
    minority_share: float | None


def _targets(as_of: dt.date) -> Targets:
    return Targets(
        max_per_post=rule_or_none("planning.max_per_post", as_of),
        young_age=rule_or_none("planning.young_age", as_of),
        young_share=rule_or_none("planning.young_share", as_of),
        women_share=rule_or_none("planning.women_share", as_of),
        review_months=rule_or_none("planning.review_months", as_of),
        minority_share=getattr(settings, MINORITY_SETTING, None),
    )


def _national_women(term_to: int) -> tuple[float, str] | None:
    """The national target for the women in the pool of a term ending in `term_to`: the first of
    Decision 2282's years the term reaches (2025 for 2020–2025, 2030 for later terms)."""
    for year, share, text in NATIONAL_WOMEN_TARGETS:
        if term_to <= year:
            return share, text
    return NATIONAL_WOMEN_TARGETS[-1][1], NATIONAL_WOMEN_TARGETS[-1][2]


def _structure(members: Iterable[Member], targets: Targets, *, national: int | None = None) -> list[Share]:
    people = {m.person.pk: m for m in members}.values()
    total = len(people)
    young_age = int(targets.young_age.value) if targets.young_age else 40
    shares = [
        Share(
            f"Dưới {young_age} tuổi",
            sum(1 for m in people if m.age < young_age),
            total,
            float(targets.young_share.value) if targets.young_share else None,
            targets.young_share.cite() if targets.young_share else "",
        ),
        Share(
            "Nữ",
            sum(1 for m in people if m.woman),
            total,
            float(targets.women_share.value) if targets.women_share else None,
            targets.women_share.cite() if targets.women_share else "",
        ),
        Share(
            "Người dân tộc thiểu số",
            sum(1 for m in people if m.minority),
            total,
            targets.minority_share,
            "chỉ tiêu tỉnh đặt (Quy định 50-QĐ/TW: phù hợp với địa phương)"
            if targets.minority_share is not None
            else "chưa đặt chỉ tiêu (Quy định 50-QĐ/TW: phù hợp với địa phương)",
        ),
    ]
    if national is not None:
        target = _national_women(national)
        if target is not None:
            shares.append(Share("Nữ (chỉ tiêu quốc gia)", shares[1].count, total, target[0], target[1]))
    return shares


# --- the pools -------------------------------------------------------------------------------------


def _visible(user: Any, as_of: dt.date) -> set[int] | None:
    return visible_unit_ids(user, "view", as_of=as_of)


def _memberships(
    *,
    user: Any,
    as_of: dt.date,
    unit_id: int | None = None,
    term: tuple[int, int] | None = None,
    post_id: int | None = None,
) -> list[PlanningMembership]:
    """Entries of the pools the user may see, of the terms still running on as_of (or the term asked for),
    decided by then, of units in force on as_of (a merged or dissolved unit's pools ended with it: its
    successor's are shown — the 2025 mergers moved the entries there)."""
    found = PlanningMembership.objects.filter(
        Q(decision_date__isnull=True) | Q(decision_date__lte=as_of),
        unit_id__in=UnitVersion.objects.as_of(as_of).values("unit_id"),
    )
    visible = _visible(user, as_of)
    if visible is not None:
        found = found.filter(unit_id__in=visible)
    if unit_id is not None:
        found = found.filter(unit_id=unit_id)
    if term is not None:
        found = found.filter(term_from=term[0], term_to=term[1])
    else:
        found = found.filter(term_to__gte=as_of.year)
    if post_id is not None:
        found = found.filter(post_id=post_id)
    return list(found.select_related("person", "post").order_by("unit_id", "post__order", "term_from", "pk"))


def _current_posts(person_ids: set[int], as_of: dt.date) -> dict[int, str]:
    held: dict[int, list[tuple[int, str]]] = defaultdict(list)
    rows = (
        Assignment.objects.filter(person_id__in=person_ids, post__isnull=False, valid_from__lte=as_of)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=as_of))
        .values_list("person_id", "post__order", "post__name")
    )
    for person_id, order, name in rows:
        held[person_id].append((order, name))
    return {pid: ", ".join(name for _o, name in sorted(posts)) for pid, posts in held.items()}


def training_missing(person: Person, post: Post, trained: dict[str, tuple[int, str]]) -> list[str]:
    """What the post's standards (people.standards.required_for) ask that the person lacks, by the
    requirement's label: the same rule as the yearly training plan's needs (training.needs)."""
    missing = []
    for requirement in standards.required_for(post.level, post_code=post.code):
        rank, _held = standards.held_level(
            requirement.kind,
            political_theory=person.political_theory,
            state_management=person.state_management,
            trained=trained.get(requirement.kind),
        )
        if standards.lacks(requirement, rank):
            missing.append(requirement.label)
    return missing


def _minority(person: Person) -> bool:
    try:
        return catalogues.is_ethnic_minority(person.ethnicity)
    except KeyError:
        return False


def _reviews(pools: set[tuple[int, int, int, int]]) -> dict[tuple[int, int, int, int], dt.date]:
    """The last review of each pool: of its post, or of every post of its unit for its term."""
    if not pools:
        return {}
    units = {p[0] for p in pools}
    last: dict[tuple[int, int, int, int], dt.date] = {}
    rows = PoolReview.objects.filter(unit_id__in=units).values_list(
        "unit_id", "post_id", "term_from", "term_to", "reviewed_on"
    )
    for unit_id, post_id, term_from, term_to, reviewed_on in rows:
        for key in pools:
            if key[0] == unit_id and key[2:] == (term_from, term_to) and post_id in (None, key[1]):
                if key not in last or reviewed_on > last[key]:
                    last[key] = reviewed_on
    return last


def _build(
    *, user: Any, memberships: list[PlanningMembership], as_of: dt.date, targets: Targets
) -> list[Pool]:
    person_ids = {m.person_id for m in memberships}
    current = _current_posts(person_ids, as_of)
    trained = training_on_record(person_ids, as_of)
    keys = {(m.unit_id, m.post_id, m.term_from, m.term_to) for m in memberships}
    names = unit_labels({(unit_id, as_of) for unit_id, *_rest in keys})
    open_counts: dict[tuple[int, int, int | None, int | None], int] = defaultdict(int)
    if keys:
        proposals = Proposal.objects.filter(
            kind=ProposalKind.ENTRY, status=ProposalStatus.OPEN, unit_id__in={k[0] for k in keys}
        ).values_list("unit_id", "post_id", "term_from", "term_to")
        for key in proposals:
            open_counts[key] += 1
    reviews = _reviews(keys)
    pools: dict[tuple[int, int, int, int], Pool] = {}
    for m in memberships:
        key = (m.unit_id, m.post_id, m.term_from, m.term_to)
        pool = pools.get(key)
        if pool is None:
            pool = pools[key] = Pool(
                unit_id=m.unit_id,
                unit_name=names.get((m.unit_id, as_of), ""),
                post=m.post,
                term_from=m.term_from,
                term_to=m.term_to,
                max_members=int(targets.max_per_post.value) if targets.max_per_post else None,
                max_cite=targets.max_per_post.cite() if targets.max_per_post else "",
                open_proposals=open_counts.get(key, 0),
                last_review=reviews.get(key),
            )
        if m.removed_on is not None and m.removed_on <= as_of:
            pool.left.append(m)
            continue
        person = m.person
        pool.members.append(
            Member(
                membership=m,
                person=person,
                age=age_on(person.birth_date, as_of) if person.birth_date <= as_of else 0,
                woman=person.sex == Sex.FEMALE,
                minority=_minority(person),
                current_post=current.get(person.pk, ""),
                missing=training_missing(person, m.post, trained.get(person.pk, {})),
            )
        )
    months = int(targets.review_months.value) if targets.review_months else None
    for pool in pools.values():
        decided = [m.membership.decision_date for m in pool.members if m.membership.decision_date]
        decided += [m.removed_on for m in pool.left if m.removed_on]
        last = max([d for d in [pool.last_review, *decided] if d is not None], default=None)
        if months is not None and last is not None and pool.term_to >= as_of.year:
            pool.review_due = add_months(last, months)
        pool.structure = _structure(pool.members, targets)
    return sorted(pools.values(), key=lambda p: (p.unit_name, p.post.order, p.post.name, p.term_from))


def _rollups(pools: list[Pool], targets: Targets) -> tuple[list[Rollup], list[Rollup]]:
    by_agency: dict[tuple[str, int, int, int], list[Pool]] = defaultdict(list)
    by_term: dict[tuple[int, int], list[Pool]] = defaultdict(list)
    for pool in pools:
        by_agency[(pool.unit_name, pool.unit_id, pool.term_from, pool.term_to)].append(pool)
        by_term[(pool.term_from, pool.term_to)].append(pool)

    def rollup(label: str, term_from: int, term_to: int, group: list[Pool], national: bool) -> Rollup:
        members = [m for p in group for m in p.members]
        return Rollup(
            label=label,
            term_from=term_from,
            term_to=term_to,
            pools=len(group),
            people=len({m.person.pk for m in members}),
            structure=_structure(members, targets, national=term_to if national else None),
        )

    agencies = [rollup(k[0], k[2], k[3], g, False) for k, g in sorted(by_agency.items())]
    terms = [rollup(f"Toàn tỉnh (trong phạm vi của bạn), nhiệm kỳ {k[0]}–{k[1]}", k[0], k[1], g, True)
             for k, g in sorted(by_term.items())]  # fmt: skip
    return agencies, terms


def pools_list(
    *,
    user: Any,
    as_of: dt.date,
    unit_id: int | None = None,
    term: tuple[int, int] | None = None,
    post_id: int | None = None,
) -> PoolsView:
    """The pools the user may see on as_of (of the terms still running, or of `term`), with their members,
    their structure against the targets, and the same rolled up to each agency and to the whole."""
    targets = _targets(as_of)
    memberships = _memberships(user=user, as_of=as_of, unit_id=unit_id, term=term, post_id=post_id)
    pools = _build(user=user, memberships=memberships, as_of=as_of, targets=targets)
    by_agency, by_term = _rollups(pools, targets)
    cases = planning_exit_proposals(as_of=as_of, memberships=[m.membership for p in pools for m in p.members])
    notes = []
    if targets.max_per_post is None:
        notes.append(f"Chưa có quy tắc số người tối đa cho một chức danh áp dụng ngày {format_date(as_of)}.")
    return PoolsView(
        as_of=as_of,
        pools=pools,
        by_agency=by_agency,
        by_term=by_term,
        sensitive=can_see_sensitive(user),
        review_months=int(targets.review_months.value) if targets.review_months else None,
        notes=notes,
        cases=cases,
    )


def pool_detail(
    *, user: Any, unit_id: int, post_id: int, term_from: int, term_to: int, as_of: dt.date
) -> PoolDetail:
    """One pool (OutOfScope when its unit is not the user's, or nobody was ever in it nor proposed)."""
    visible = _visible(user, as_of)
    if visible is not None and unit_id not in visible:
        raise OutOfScope()
    post = Post.objects.filter(pk=post_id).first()
    if post is None:
        raise OutOfScope()
    targets = _targets(as_of)
    memberships = _memberships(
        user=user, as_of=as_of, unit_id=unit_id, term=(term_from, term_to), post_id=post_id
    )
    pools = _build(user=user, memberships=memberships, as_of=as_of, targets=targets)
    proposals = list(
        Proposal.objects.restrict(user, "view")  # type: ignore[attr-defined]
        .filter(unit_id=unit_id, post_id=post_id)
        .filter(Q(term_from=term_from, term_to=term_to) | Q(kind=ProposalKind.APPOINTMENT))
        .select_related("person", "decision")
    )
    if pools:
        pool = pools[0]
    elif proposals:
        pool = Pool(
            unit_id=unit_id,
            unit_name=unit_labels([(unit_id, as_of)]).get((unit_id, as_of), ""),
            post=post,
            term_from=term_from,
            term_to=term_to,
            max_members=int(targets.max_per_post.value) if targets.max_per_post else None,
            max_cite=targets.max_per_post.cite() if targets.max_per_post else "",
            structure=_structure([], targets),
        )
    else:
        raise OutOfScope()
    reviews = list(
        PoolReview.objects.restrict(user, "view")  # type: ignore[attr-defined]
        .filter(unit_id=unit_id, term_from=term_from, term_to=term_to)
        .filter(Q(post_id=post_id) | Q(post__isnull=True))
        .prefetch_related("exits__membership__person")
    )
    membership_ids = [m.membership.pk for m in pool.members] + [m.pk for m in pool.left]
    exits = list(
        PoolExit.objects.restrict(user, "view")  # type: ignore[attr-defined]
        .filter(membership_id__in=membership_ids)
        .select_related("membership__person")
    )
    cases = planning_exit_proposals(as_of=as_of, memberships=[m.membership for m in pool.members])
    return PoolDetail(pool=pool, proposals=proposals, reviews=reviews, exits=exits, cases=cases)


def pool_candidates(
    *, user: Any, unit_id: int, as_of: dt.date, query: str = "", limit: int = 50
) -> list[tuple[int, str]]:
    """People the user may see, for the form that proposes one: with `query`, those whose name contains
    it (without diacritics), anywhere in the user's scope; without, those holding a leadership post in the
    unit or under it on as_of (the usual source of a pool)."""
    from canbo.org.selectors import org_tree_shape
    from canbo.people.vnsort import fold

    people = Person.objects.restrict(user, "view", as_of=as_of)  # type: ignore[attr-defined]
    if query.strip():
        people = people.filter(name_fold__contains=fold(query))
    else:
        units = org_tree_shape(as_of=as_of).subtree([unit_id]) | {unit_id}
        people = people.filter(
            pk__in=Assignment.objects.filter(unit_id__in=units, valid_from__lte=as_of, post__isnull=False)
            .exclude(post__level="none")
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=as_of))
            .values("person_id")
        )
    found = people.order_by("sort_key", "pk").values_list("pk", "full_name", "birth_date")[:limit]
    return [(pk, f"{name} ({born:%d/%m/%Y})") for pk, name, born in found]


def membership_get(*, user: Any, pk: int, action: str = "view") -> PlanningMembership:
    found = PlanningMembership.objects.select_related("person", "post").filter(pk=pk).first()
    scope = visible_unit_ids(user, action)
    if found is None or (scope is not None and found.unit_id not in scope):
        raise OutOfScope()
    return found


def proposal_get(*, user: Any, pk: int) -> Proposal:
    found = (
        Proposal.objects.restrict(user, "view")  # type: ignore[attr-defined]
        .select_related("person", "post", "unit")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise OutOfScope()
    return found  # type: ignore[no-any-return]


# --- automatic exits --------------------------------------------------------------------------------


def planning_exit_proposals(
    *,
    as_of: dt.date,
    unit_ids: set[int] | None = None,
    memberships: list[PlanningMembership] | None = None,
) -> list[ExitCase]:
    """The exits the rules call for on as_of, among the entries of pools still running (or `memberships`),
    within `unit_ids` (None: every unit) — as proposals to confirm, never removals: a case already
    proposed, confirmed or dismissed is not found again.

    - a discipline (every form of people.DisciplineForm is a reprimand or more) decided after the entry
      and on or before as_of (Regulation 50-QĐ/TW: removal on a discipline of reprimand or more);
    - the person's latest political-standard conclusion on or before as_of is negative;
    - past the planning age: less service left on as_of than a full term (entry_rules.PLANNING_AGE_RULE);
    - appointed: the member holds the planned post in the planned unit, since the entry (the pool has
      served its purpose);
    - ranked "không hoàn thành nhiệm vụ" for a year from the entry's year on (people.Evaluation, which
      the evaluation app writes when an agency finalises its ranking).
    """
    if memberships is None:
        found = PlanningMembership.objects.filter(active_on(as_of), term_to__gte=as_of.year)
        if unit_ids is not None:
            found = found.filter(unit_id__in=unit_ids)
        memberships = list(found.select_related("person", "post"))
    else:
        memberships = [m for m in memberships if m.removed_on is None or m.removed_on > as_of]
    if not memberships:
        return []
    person_ids = {m.person_id for m in memberships}
    disciplines: dict[int, list[Discipline]] = defaultdict(list)
    for d in Discipline.objects.filter(person_id__in=person_ids, decided_on__lte=as_of).order_by(
        "decided_on", "pk"
    ):
        disciplines[d.person_id].append(d)
    latest: dict[int, PoliticalConclusion] = {}
    for c in PoliticalConclusion.objects.filter(person_id__in=person_ids, concluded_on__lte=as_of).order_by(
        "concluded_on", "pk"
    ):
        latest[c.person_id] = c
    decided = set(
        PoolExit.objects.filter(membership__in=memberships)
        .exclude(source="")
        .values_list("membership_id", "source")
    )
    not_done: dict[int, list[int]] = defaultdict(list)
    for person_id, year in Evaluation.objects.filter(
        person_id__in=person_ids, level=EvaluationLevel.NOT_DONE, year__lte=as_of.year
    ).values_list("person_id", "year"):
        not_done[person_id].append(year)
    age_rule = rule_or_none(PLANNING_AGE_RULE, as_of)
    appointed: dict[tuple[int, int, int], Assignment] = {}
    held = (
        Assignment.objects.filter(
            person_id__in=person_ids, post_id__in={m.post_id for m in memberships}, valid_from__lte=as_of
        )
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=as_of))
        .order_by("valid_from", "pk")
    )
    for a in held:
        appointed.setdefault((a.person_id, a.post_id or 0, a.unit_id), a)
    cases: list[ExitCase] = []
    for m in memberships:
        person = m.person
        entered = m.decision_date or dt.date(m.term_from, 1, 1)
        for d in disciplines.get(person.pk, []):
            source = f"ky_luat:{d.pk}"
            if d.decided_on > entered and (m.pk, source) not in decided:
                detail = f"Kỷ luật {d.get_form_display().lower()} ngày {format_date(d.decided_on)}"
                detail += f", QĐ số {d.decision_number}" if d.decision_number else ""
                cases.append(
                    ExitCase(m, ExitReason.DISCIPLINE, source, detail + " (Quy định 50-QĐ/TW)", d.decided_on)
                )
        for year in sorted(not_done.get(person.pk, [])):
            source = f"xep_loai:{year}"
            if year >= entered.year and (m.pk, source) not in decided:
                detail = (
                    f"Xếp loại “Không hoàn thành nhiệm vụ” năm {year} (Quy định 377-QĐ/TW: rà soát hằng năm "
                    "đưa ra khỏi quy hoạch người không hoàn thành nhiệm vụ)"
                )
                cases.append(ExitCase(m, ExitReason.NOT_DONE, source, detail, None))
        conclusion = latest.get(person.pk)
        if conclusion is not None and not conclusion.meets_standard:
            source = f"ket_luan:{conclusion.pk}"
            if (m.pk, source) not in decided:
                detail = f"Kết luận ngày {format_date(conclusion.concluded_on)}: chưa đủ tiêu chuẩn chính trị"
                cases.append(ExitCase(m, ExitReason.POLITICAL, source, detail, conclusion.concluded_on))
        if age_rule is not None and (m.pk, "tuoi") not in decided:
            left = months_of_service_left(
                person.birth_date, person.sex == Sex.MALE, as_of, birth_year_only=person.birth_year_only
            )
            if left < int(age_rule.value):
                detail = (
                    f"Còn {max(left, 0)} tháng công tác ngày {format_date(as_of)}, dưới một nhiệm kỳ "
                    f"({age_rule.value} tháng)"
                )
                cases.append(ExitCase(m, ExitReason.AGE, "tuoi", detail, None))
        holding = appointed.get((person.pk, m.post_id, m.unit_id))
        source = f"bo_nhiem:{holding.pk}" if holding else ""
        if holding is not None and holding.valid_from >= entered and (m.pk, source) not in decided:
            detail = f"Giữ chức vụ {m.post.name} từ ngày {format_date(holding.valid_from)}"
            detail += f" (QĐ số {holding.decision_number})" if holding.decision_number else ""
            cases.append(ExitCase(m, ExitReason.APPOINTED, source, detail, holding.valid_from))
    return cases


def exit_cases_in_scope(*, user: Any, as_of: dt.date) -> list[ExitCase]:
    return planning_exit_proposals(as_of=as_of, unit_ids=_visible(user, as_of))


def exits_proposed(*, user: Any) -> list[PoolExit]:
    return list(
        PoolExit.objects.restrict(user, "view")  # type: ignore[attr-defined]
        .filter(status=ExitStatus.PROPOSED)
        .select_related("membership__person", "membership__post")
    )


def pool_reviews_done(
    *, unit_ids: Iterable[int] | None, as_of: dt.date
) -> list[tuple[int, int | None, int, int, dt.date]]:
    """The yearly reviews recorded up to as_of, for decisions.lists' pool-review list (the setting
    CANBO_POOL_REVIEWS names this function; decisions sits below this app): (unit, post or None for every
    post of the unit, term from, term to, day). Unscoped: the caller passes the units its user may see."""
    found = PoolReview.objects.filter(reviewed_on__lte=as_of)
    if unit_ids is not None:
        found = found.filter(unit_id__in=list(unit_ids))
    return list(found.values_list("unit_id", "post_id", "term_from", "term_to", "reviewed_on"))
