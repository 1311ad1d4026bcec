"""The year's ranking of one agency's people (issue 15.4), as a pure computation over inputs the
services read from the database: each person's general points, task components per period, leader
criteria and forced-case flags in; scores, levels before the quota, the quota per group and the
proposal out. No Django: the benchmark (``canbo bench evaluation``) runs it on 50,000 people.

Order of work, which the rules impose: a leader's unit-results criterion (Decree 335/2025 art. 15(3))
reads the levels of the people they manage, so those are ranked first; the quota (art. 20(5)) only
moves "xuất sắc" to "tốt", never to or from "không hoàn thành", so the criterion reads levels before
the quota.
"""

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Generic, TypeVar

from canbo.evaluation.rules import (
    BANDS,
    TOT,
    XUAT_SAC,
    ExcellentChoice,
    Level,
    Reason,
    TaskComponents,
    choose_excellent,
    excellent_quota,
    leader_task_points,
    leader_unit_result,
    non_leader_task_points,
    rank,
)

__all__ = ["Entry", "GroupQuota", "Outcome", "Parameters", "rank_all"]

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Parameters:
    """The settings in force for the year (RULES-2 §9 eval.*)."""

    general_max: float = 30.0
    task_max: float = 70.0
    bands: tuple[float, float, float] = BANDS
    unit_rate_if_any_failed: float = 0.5
    quota_ratio: Fraction = Fraction(1, 5)


@dataclass(frozen=True)
class Entry(Generic[K]):
    """One person's year. `computes` False: the text in force records the level (Decree 90/2020 up to
    2025, Regulation 366 for cadres…): `recorded_level` is taken as it is."""

    key: K
    group: Hashable  # the agency and its group of similar duties: the quota's scope
    computes: bool = True
    general: float | None = None  # the manager's points for the general criteria (0–30)
    periods: tuple[TaskComponents, ...] = ()  # one per month or quarter with assigned work
    leader: bool = False
    organisation: float | None = None  # a leader's criterion of organising the work, in %
    managed: tuple[K, ...] = ()  # whom a leader manages (their levels make the unit-results criterion)
    degradation: bool = False
    disciplined: bool = False
    unit_corruption: bool = False
    recorded_level: Level | None = None


@dataclass
class Outcome(Generic[K]):
    key: K
    group: Hashable
    complete: bool  # every input the level needs is there
    missing: tuple[str, ...] = ()  # what is missing ("general", "periods", "organisation", "level")
    task_points: float | None = None
    score: float | None = None
    unit_result: float | None = None  # a leader's criterion (art. 15(3)), in %
    level: Level | None = None  # before the quota
    reasons: tuple[Reason, ...] = ()
    recorded: bool = False  # the level was recorded as decided (a text that does not compute it)
    period_points: tuple[float, ...] = ()  # each period's task points, in the order of Entry.periods
    organisation: float | None = None  # a leader's organisation criterion as counted, in %


@dataclass
class GroupQuota(Generic[K]):
    group: Hashable
    good: int  # ranked "tốt" before the quota (art. 20(5)'s base, with those demoted added)
    candidates: int  # scored "xuất sắc" before the quota
    ratio: Fraction
    allowed: int
    choice: ExcellentChoice[K]
    incomplete: int = 0  # people of the group whose level cannot be computed yet
    scores: dict[K, float] = field(default_factory=dict)


def _outcome(
    entry: Entry[K], levels: Mapping[K, Level | None], p: Parameters, *, partial: bool = False
) -> Outcome[K]:
    """`partial`: a leader caught in a cycle of leaders managing each other is ranked on the levels of
    those already known (the others do not count)."""
    if not entry.computes:
        if entry.recorded_level is None:
            return Outcome(entry.key, entry.group, False, ("level",))
        return Outcome(entry.key, entry.group, True, level=entry.recorded_level, recorded=True)
    missing: list[str] = []
    if entry.general is None:
        missing.append("general")
    if not entry.periods:
        missing.append("periods")
    unit_result = None
    if entry.leader:
        managed = [levels.get(key) for key in entry.managed]
        if partial:
            managed = [level for level in managed if level is not None]
        if any(level is None for level in managed):
            missing.append("managed")
        else:
            unit_result = leader_unit_result(
                [m for m in managed if m is not None], rate_if_any_failed=p.unit_rate_if_any_failed
            )
        if entry.organisation is None:
            missing.append("organisation")
    if missing:
        return Outcome(entry.key, entry.group, False, tuple(missing), unit_result=unit_result)
    if entry.leader:
        assert unit_result is not None and entry.organisation is not None
        criteria = (unit_result, entry.organisation)
        points = [leader_task_points(c, criteria, task_max=p.task_max) for c in entry.periods]
    else:
        points = [non_leader_task_points(c, task_max=p.task_max) for c in entry.periods]
    task_points = sum(points) / len(points)  # art. 21: the average of the periods (unverified rule)
    organisation = entry.organisation if entry.leader else None
    assert entry.general is not None
    score = min(entry.general, p.general_max) + task_points
    ranking = rank(
        score,
        degradation_concluded=entry.degradation,
        disciplined_in_year=entry.disciplined,
        leader=entry.leader,
        unit_corruption_or_waste=entry.unit_corruption,
        bands=p.bands,
    )
    return Outcome(
        entry.key, entry.group, True, (), task_points, score, unit_result, ranking.level, ranking.reasons,
        period_points=tuple(points), organisation=organisation,
    )  # fmt: skip


def rank_all(
    entries: Sequence[Entry[K]], p: Parameters, ratios: Mapping[Hashable, Fraction] | None = None
) -> tuple[dict[K, Outcome[K]], dict[Hashable, GroupQuota[K]]]:
    """Every entry's outcome (leaders after the people they manage), then the quota of each group.
    `ratios` overrides the quota ratio per group (the exception of art. 20(5)(b), decided per unit)."""
    outcomes: dict[K, Outcome[K]] = {}
    levels: dict[K, Level | None] = {}
    pending = list(entries)
    keys = {e.key for e in entries}
    while pending:
        waiting: list[Entry[K]] = []
        for entry in pending:
            if entry.leader and any(m in keys and m not in outcomes for m in entry.managed if m != entry.key):
                waiting.append(entry)
                continue
            outcome = _outcome(entry, levels, p)
            outcomes[entry.key] = outcome
            levels[entry.key] = outcome.level
        if len(waiting) == len(pending):  # a cycle of leaders managing each other: rank them as they are
            for entry in waiting:
                outcome = _outcome(entry, levels, p, partial=True)
                outcomes[entry.key] = outcome
                levels[entry.key] = outcome.level
            break
        pending = waiting
    return outcomes, quotas(outcomes.values(), ratios or {}, p.quota_ratio)


def quotas(
    outcomes: Iterable[Outcome[K]], ratios: Mapping[Hashable, Fraction], default: Fraction
) -> dict[Hashable, GroupQuota[K]]:
    """Decree 335/2025 art. 20(5)(a): per agency and group, the largest number of "xuất sắc" and the
    proposal by score (ties at the cut-off left to the competent person). Levels recorded under another
    text (Decree 90/2020's judgements, Regulation 366) are outside this quota: they are not counted."""
    by_group: dict[Hashable, list[Outcome[K]]] = {}
    for outcome in outcomes:
        if not outcome.recorded:
            by_group.setdefault(outcome.group, []).append(outcome)
    result: dict[Hashable, GroupQuota[K]] = {}
    for group, members in by_group.items():
        candidates = {o.key: float(o.score) for o in members if o.level == XUAT_SAC and o.score is not None}
        good = sum(1 for o in members if o.level == TOT)
        ratio = ratios.get(group, default)
        allowed = excellent_quota(len(candidates), good, ratio=ratio)
        choice = choose_excellent(candidates, allowed)
        result[group] = GroupQuota(
            group,
            good,
            len(candidates),
            ratio,
            allowed,
            choice,
            incomplete=sum(1 for o in members if not o.complete),
            scores=candidates,
        )
    return result
