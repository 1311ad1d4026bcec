"""The demo province's personnel registry: a reproducible, realistic registry for Ninh Thuận on
01/01/2022, then carried through the 2025 restructurings by people.services.people_follow_restructurings.

generate(persons, seed, actor) places people in every department and district People's Committee in
force on 01/01/2022 (org.selectors.agencies_as_of), with leaders, assignments, languages, evaluations,
planning pools and political-standard conclusions. The same seed gives the same rows in every table.
Each person's rows are written once, already as the restructurings left them (the generator applies
the events people_follow_restructurings would, Generator._settle): through core.bulk.insert_many (COPY on
PostgreSQL, on a thread of its own while the next batch is drawn: rows.Writer), in batches inside one
transaction, the tables' indexes and keys built after them (core.bulk.large_load). 2,000,000 people
take minutes (docs/performance.md).

Leaders have a career up to DEMO_TODAY (careers.py, generator.py; docs/people.md): re-appointed or
extended at the end of each term by the age rule (RULES.md §2, people.retirement), retired the day
after their retirement date (§1), their posts filled from the level below. Then due.py gives the lists
of decisions.lists something to show (changes of job, two years "không hoàn thành", pool reviews),
with a random generator of its own.

What the people are drawn from is data (demo/data/): names follow the patterns of DATA.md ("Names, for
the demo province"), drawn at random — never the full name of a real person; the headcounts and the
shares of women, ethnic groups, religions, qualifications and languages by agency are estimates,
believed plausible for the province, not read anywhere.
"""

import time
from collections.abc import Callable
from typing import cast

from django.db import connection, models, transaction

from canbo.audit.models import AuditEntry
from canbo.audit.services import audit_record
from canbo.core.actors import Actor
from canbo.demo.registry.agencies import DEMO_TODAY, REFERENCE_DATE, province_unit
from canbo.demo.registry.due import shape_due_lists
from canbo.demo.registry.generator import Generator
from canbo.people.models import Person
from canbo.people.services import people_follow_restructurings

__all__ = [
    "AUDIT_ACTION",
    "AUDIT_DELETE_ACTION",
    "DEMO_TODAY",
    "REFERENCE_DATE",
    "delete_demo_people",
    "demo_id_ranges",
    "generate",
]

# The names the audit trail has always used (delete_demo_people finds earlier generations by them).
AUDIT_ACTION = "people.demo.generate"
AUDIT_DELETE_ACTION = "people.demo.delete"
FOLLOW_ACTION = "people.restructuring.follow"  # people_follow_restructurings' own


@transaction.atomic
def generate(
    persons: int, seed: int, actor: Actor, *, progress: Callable[[int], None] | None = None
) -> dict[str, int]:
    """Generate `persons` people of the demo province from `seed` (the same seed, the same people),
    move them through the 2025 restructurings, then write the leaders' changes after them. One audit
    entry records the generation. Returns the counts of rows written, of leaders, women, minorities,
    people without CCCD, leaders retired, re-appointments and promotions, and the milliseconds spent
    generating (generate_ms) and following the restructurings (follow_ms)."""
    if persons < 1:
        raise ValueError("Số người phải lớn hơn 0.")
    province = province_unit()
    started = time.monotonic()
    # Whoever the registry already holds follows the restructurings first; the generated people's rows
    # follow them before they are written (Generator._settle), so nothing is updated afterwards.
    moved_before = people_follow_restructurings(actor=actor)
    followed = time.monotonic()
    generator = Generator(seed, progress)
    counts = generator.run(persons)
    for event, moved in zip(generator.events, generator.moved_by_event, strict=True):
        if moved:  # as people_follow_restructurings records what it moved
            audit_record(
                actor=actor,
                action=FOLLOW_ACTION,
                obj=event,
                after={"assignments_moved": moved, "date": event.effective_date},
            )
    counts["assignments_moved"] += moved_before
    shaped = shape_due_lists(
        seed=seed,
        first_id=generator.first_id,
        last_id=generator.last_id,
        agencies=generator.all_agencies,
        persons=persons,
    )
    counts["assignments"] += shaped["job_changes"]  # a change of job splits a row in two
    counts["planning"] += shaped["pool_reviews"]  # a review adds someone to the pool
    counts |= shaped
    counts["generate_ms"] = round((time.monotonic() - followed) * 1000)
    counts["follow_ms"] = round((followed - started) * 1000)
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
def delete_demo_people(*, actor: Actor) -> int:
    """Delete the people the demo generated, with what hangs on them. One audit entry."""
    deleted = 0
    for first, last in demo_id_ranges():
        deleted += _delete_range(first, last)
    if deleted:
        audit_record(
            actor=actor,
            action=AUDIT_DELETE_ACTION,
            obj=province_unit(),
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
