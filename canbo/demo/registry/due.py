"""What makes the demo's lists of decisions.lists (issue 14.4) worth looking at: each non-empty and not
everybody, on 01/01/2026 and on the demo's today. Written after the careers (generate), with
a random generator of its own, so that the people the seed draws stay exactly who they were.

- Periodic change of post (Decree 59/2019): half of the non-leaders in the covered jobs (the agencies
  of decisions.lists.covered_units) changed job in their agency between 07/2023 and 02/2025 (a
  transfer, "Điều động"), the others have sat in theirs since they came.
- Replacement (two years "không hoàn thành nhiệm vụ"): a few people, leaders among them, ranked
  "Hoàn thành nhiệm vụ" in 2023 and 2024 are ranked "Không hoàn thành nhiệm vụ" both years instead
  (never a "tốt" or "xuất sắc" changed: the 20 % quota of each agency holds as it did).
- Planning pools of 2025–2030 of a merged agency go to its successor, as its people did; of those
  pools, some were reviewed in the second half of 2025, some in 2026 (a review adds someone from the
  level below, the decision's day the review's), the others not since their decision.

Estimates, not read anywhere: the shares below."""

import datetime as dt
import random
from collections import defaultdict
from typing import Any

from django.db import models, transaction

from canbo.decisions.lists import covered_units
from canbo.demo.registry.agencies import DEMO_TODAY, Agency
from canbo.people.choices import AssignmentReason, EvaluationLevel, PostLevel, StaffCategory
from canbo.people.models import Assignment, Evaluation, PlanningMembership, Post
from canbo.people.selectors import in_force

ROTATED_SHARE = 0.5  # of the non-leaders in covered jobs: changed job since 07/2023
# Before the 2025 mergers, which carry the new job to the successor unchanged.
ROTATED_FROM, ROTATED_TO = dt.date(2023, 7, 1), dt.date(2025, 2, 28)
NOT_DONE_STAFF_PER = 400  # one person in so many ranked "không hoàn thành" in 2023 and 2024
NOT_DONE_LEADERS = 4
REVIEWED_2025, REVIEWED_2026 = 0.3, 0.3  # shares of the pools reviewed then
POOL_TERM = 2025
# A pool for a post of this level is topped up at its review from holders of these levels.
FED_BY: dict[str, tuple[str, ...]] = {
    PostLevel.AGENCY_HEAD: (PostLevel.AGENCY_DEPUTY,),
    PostLevel.AGENCY_DEPUTY: (PostLevel.DIVISION_HEAD,),
    PostLevel.DIVISION_HEAD: (PostLevel.DIVISION_DEPUTY,),
    PostLevel.DIVISION_DEPUTY: (PostLevel.NONE,),
}


@transaction.atomic
def shape_due_lists(
    *, seed: int, first_id: int, last_id: int, agencies: list[Agency], persons: int
) -> dict[str, int]:
    """Change the generated people first_id..last_id as the module says; the counts of what changed."""
    rng = random.Random(seed * 1_000_003 + 14)
    return {
        "job_changes": _job_changes(rng, first_id, last_id, agencies),
        "not_done_twice": _not_done_twice(rng, first_id, last_id, persons),
        **_pools(rng, first_id, last_id, agencies),
        "pool_trimmed": _pools_within_limit(first_id, last_id),
    }


def _job_changes(rng: random.Random, first_id: int, last_id: int, agencies: list[Agency]) -> int:
    covered = covered_units(DEMO_TODAY)
    ours = Assignment.objects.filter(person_id__gte=first_id, person_id__lte=last_id)
    held = list(
        in_force(ours, DEMO_TODAY)
        .filter(unit_id__in=covered, concurrent=False)
        .filter(person__staff_category__in=[StaffCategory.CIVIL_SERVANT, StaffCategory.PUBLIC_EMPLOYEE])
        .select_related("post")
        .order_by("person_id")
    )
    staff = sorted({a.person_id for a in held if a.post is None or a.post.level == PostLevel.NONE})
    leaders = {a.person_id for a in held if a.post is not None and a.post.level != PostLevel.NONE}
    span = (ROTATED_TO - ROTATED_FROM).days
    chosen = {
        person_id: ROTATED_FROM + dt.timedelta(days=int(rng.random() * span))
        for person_id in staff
        if person_id not in leaders and rng.random() < ROTATED_SHARE
    }
    if not chosen:
        return 0
    names = {a.unit_id: (a.issuer, a.abbreviation) for a in agencies}
    names |= {
        a.final_unit_id: (a.later_issuer, a.later_abbreviation)
        for a in agencies
        if a.final_unit_id and a.later_issuer
    }
    rows = ours.filter(person_id__in=chosen, concurrent=False).order_by("person_id", "valid_from")
    closed, opened = [], []
    for a in rows:
        day = chosen[a.person_id]
        if not (a.valid_from < day and (a.valid_to is None or a.valid_to > day)):
            continue
        issuer, abbreviation = names.get(a.unit_id, ("", "UBND"))
        opened.append(
            Assignment(
                person_id=a.person_id, unit_id=a.unit_id, post_id=a.post_id,
                valid_from=day, valid_to=a.valid_to,
                decision_number=f"{1 + int(rng.random() * 900)}/QĐ-{abbreviation}",
                decision_date=day - dt.timedelta(days=5 + int(rng.random() * 20)), decision_issuer=issuer,
                start_reason=AssignmentReason.TRANSFER, end_reason=a.end_reason,
            )
        )  # fmt: skip
        a.valid_to, a.end_reason = day, AssignmentReason.TRANSFER
        closed.append(a)
    _update_by_value(
        Assignment, [(a.pk, {"valid_to": a.valid_to, "end_reason": a.end_reason}) for a in closed]
    )
    Assignment.objects.bulk_create(opened, batch_size=500)
    return len(opened)


def _not_done_twice(rng: random.Random, first_id: int, last_id: int, persons: int) -> int:
    """People in service on the demo's today ranked "Hoàn thành nhiệm vụ" both in 2023 and 2024."""
    done = EvaluationLevel.DONE
    both = (
        Evaluation.objects.filter(
            person_id__gte=first_id, person_id__lte=last_id, year__in=(2023, 2024), level=done
        )
        .values_list("person_id", flat=True)
        .order_by("person_id")
    )
    counted: dict[int, int] = defaultdict(int)
    for person_id in both:
        counted[person_id] += 1
    serving = in_force(
        Assignment.objects.filter(person_id__in=[p for p, n in counted.items() if n == 2]), DEMO_TODAY
    )
    leaders: set[int] = set()
    staff: set[int] = set()
    for person_id, level in serving.values_list("person_id", "post__level"):
        (leaders if level not in (None, PostLevel.NONE) else staff).add(person_id)
    staff -= leaders
    picked = rng.sample(sorted(leaders), min(NOT_DONE_LEADERS, len(leaders)))
    picked += rng.sample(sorted(staff), min(max(2, persons // NOT_DONE_STAFF_PER), len(staff)))
    Evaluation.objects.filter(person_id__in=picked, year__in=(2023, 2024)).update(
        level=EvaluationLevel.NOT_DONE
    )
    return len(picked)


def _pools(rng: random.Random, first_id: int, last_id: int, agencies: list[Agency]) -> dict[str, int]:
    finals = {
        a.unit_id: a.final_unit_id for a in agencies if a.final_unit_id and a.final_unit_id != a.unit_id
    }
    ours = PlanningMembership.objects.filter(
        person_id__gte=first_id, person_id__lte=last_id, term_from=POOL_TERM
    )
    moved = 0
    for old, new in finals.items():
        moved += ours.filter(unit_id=old).update(unit_id=new)
    pools: dict[tuple[int, int], set[int]] = defaultdict(set)
    for person_id, post_id, unit_id in ours.filter(removed_on__isnull=True).values_list(
        "person_id", "post_id", "unit_id"
    ):
        pools[(post_id, unit_id)].add(person_id)
    levels: dict[int, str] = dict(Post.objects.values_list("pk", "level"))
    holders: dict[tuple[int, str], list[tuple[int, dt.date]]] = defaultdict(list)
    for person_id, unit_id, level, since in (
        in_force(
            Assignment.objects.filter(person_id__gte=first_id, person_id__lte=last_id, concurrent=False),
            DEMO_TODAY,
        )
        .values_list("person_id", "unit_id", "post__level", "valid_from")
        .order_by("person_id", "pk")
    ):
        holders[(unit_id, level or PostLevel.NONE)].append((person_id, since))
    added = []
    for (post_id, unit_id), members in sorted(pools.items()):
        x = rng.random()
        if x < REVIEWED_2025:
            day = dt.date(2025, 7, 15) + dt.timedelta(days=int(rng.random() * 155))
        elif x < REVIEWED_2025 + REVIEWED_2026:
            day = dt.date(2026, 1, 15) + dt.timedelta(days=int(rng.random() * 305))
        else:
            continue
        candidates = [
            person_id
            for level in FED_BY.get(levels.get(post_id, PostLevel.NONE), ())
            for person_id, since in holders[(unit_id, level)]
            if since <= day and person_id not in members
        ]
        if not candidates:
            continue
        person_id = candidates[int(rng.random() * len(candidates))]
        added.append(
            PlanningMembership(
                person_id=person_id, post_id=post_id, unit_id=unit_id,
                term_from=POOL_TERM, term_to=POOL_TERM + 5,
                decision_number=f"{1 + int(rng.random() * 900)}-QĐ/TU", decision_date=day,
            )
        )  # fmt: skip
    PlanningMembership.objects.bulk_create(added, batch_size=500)
    return {"pool_moved": moved, "pool_reviews": len(added)}


POOL_LIMIT = 3  # Regulation 50-QĐ/TW and 377-QĐ/TW: "mỗi chức danh quy hoạch không quá 3 cán bộ" (RULES-2 §3)


def _pools_within_limit(first_id: int, last_id: int) -> int:
    """The generator draws pools person by person, and the 2025 mergers put the pools of several
    agencies into one: a pool (post, unit, term) may hold more than three. As a yearly review would,
    the extra members leave it (removed_on), keeping first those later appointed to the post, then the
    earliest decisions; how many left. Their history stays (the entry, the day it ended)."""
    ours = PlanningMembership.objects.filter(
        person_id__gte=first_id, person_id__lte=last_id, removed_on__isnull=True
    )
    appointed = set(
        Assignment.objects.filter(
            person_id__gte=first_id, person_id__lte=last_id, post__isnull=False
        ).values_list("person_id", "post_id")
    )
    pools: dict[tuple[int, int, int], list[PlanningMembership]] = defaultdict(list)
    for entry in ours.order_by("decision_date", "pk"):
        pools[(entry.post_id, entry.unit_id, entry.term_from)].append(entry)
    leaving = []
    for (_post, _unit, term_from), members in pools.items():
        if len(members) <= POOL_LIMIT:
            continue
        members.sort(
            key=lambda e: ((e.person_id, e.post_id) not in appointed, e.decision_date or dt.date.min)
        )
        # The review that trims it: after the merger for the 2025–2030 term, at the end of 2022 before.
        review = dt.date(2025, 8, 15) if term_from >= POOL_TERM else dt.date(2022, 12, 30)
        for entry in members[POOL_LIMIT:]:
            entry.removed_on = max(review, (entry.decision_date or review) + dt.timedelta(days=1))
            if entry.removed_on <= DEMO_TODAY:
                leaving.append(entry)
    _update_by_value(PlanningMembership, [(entry.pk, {"removed_on": entry.removed_on}) for entry in leaving])
    return len(leaving)


UPDATE_CHUNK = 5000  # ids in one UPDATE … WHERE id IN (…)


def _update_by_value(model: type[models.Model], changes: list[tuple[int, dict[str, Any]]]) -> None:
    """Set the values of each row (pk, {field: value}): one UPDATE per set of values and chunk of ids.
    The rows take a few values (a review's day, a transfer's): bulk_update's CASE per row cost a
    second for 7,000 pools trimmed out of 100,000 people."""
    by_values: dict[tuple[tuple[str, Any], ...], list[int]] = defaultdict(list)
    for pk, values in changes:
        by_values[tuple(sorted(values.items()))].append(pk)
    for key, pks in by_values.items():
        for start in range(0, len(pks), UPDATE_CHUNK):
            model._base_manager.filter(pk__in=pks[start : start + UPDATE_CHUNK]).update(**dict(key))
