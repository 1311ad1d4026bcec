"""Writes of the positions app: an agency's job positions (created, changed as a new version, ended),
people placed into and out of positions, the staffing quota of a year, the national framework lists.
Each: atomic, checked, scoped to the actor's part of the organisation, audited.

Who may write: Sở Nội vụ (and administrators) anywhere, an agency's focal officer within the agency's
subtree; leaders only read (their role has no "change")."""

import datetime as dt
import logging

from django.db import transaction
from django.db.models import Q

from canbo.accounts.scope import user_can
from canbo.audit.services import audit_record, snapshot
from canbo.core.actors import Actor
from canbo.core.dates import format_date
from canbo.core.errors import InputRejected, NotAllowed, OutOfScope, clean_or_reject
from canbo.core.locks import serialize
from canbo.core.scoping import visible_unit_ids
from canbo.people.models import Person
from canbo.positions.models import JobPosition, PositionHolding

__all__ = ["holding_end", "holding_start", "may_change_unit"]

HOLDING_FIELDS = ["person", "position", "valid_from", "valid_to", "note"]
logger = logging.getLogger(__name__)


def may_change_unit(actor: Actor, unit_id: int) -> None:
    """NotAllowed for a role that only reads; OutOfScope (404) for a unit outside the actor's scope."""
    if not user_can(actor, "change"):
        raise NotAllowed("Vai trò của bạn chỉ được xem, không được ghi vị trí việc làm, biên chế.")
    scope = visible_unit_ids(actor, "change")
    if scope is not None and unit_id not in scope:
        raise OutOfScope()


def _in_force(position: JobPosition, on: dt.date) -> bool:
    return position.valid_from <= on and (position.valid_to is None or on < position.valid_to)


def _holding_on(person: Person, on: dt.date, *, exclude: int | None = None) -> PositionHolding | None:
    queryset = PositionHolding.objects.filter(person=person, valid_from__lte=on).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=on)
    )
    if exclude is not None:
        queryset = queryset.exclude(pk=exclude)
    return queryset.select_related("position").first()


def _later_holding(person: Person, on: dt.date) -> PositionHolding | None:
    """A holding of the person that starts after `on` (an open-ended one from `on` would overlap it)."""
    return PositionHolding.objects.filter(person=person, valid_from__gt=on).order_by("valid_from").first()


@transaction.atomic
def holding_start(
    *, actor: Actor, person: Person, position: JobPosition, on: dt.date, note: str = ""
) -> PositionHolding:
    """Place the person into the position from `on` (open-ended). Refused if the position is not in
    force that day, or the person already holds a position on it (end that one first) or from a later
    day. The recruitment app calls this when a new civil servant is appointed."""
    may_change_unit(actor, position.unit_id)
    # One writer per person at a time: two placements racing would both pass the check (the
    # exclusion constraint on PostgreSQL and the trigger on SQLite refuse the second anyway).
    serialize(f"positions.person.{person.pk}")
    position = JobPosition.objects.get(pk=position.pk)
    if not _in_force(position, on):
        raise InputRejected.single(
            f"Vị trí việc làm “{position.name}” không có hiệu lực vào ngày {format_date(on)}.",
            field="position",
        )
    if not Person.objects.restrict(actor, "view").filter(pk=person.pk).exists():  # type: ignore[attr-defined]
        raise OutOfScope()
    current = _holding_on(person, on)
    if current is not None:
        raise InputRejected.single(
            f"{person.full_name} đang giữ vị trí “{current.position.name}” từ ngày "
            f"{format_date(current.valid_from)}; hãy kết thúc vị trí đó trước khi bố trí vị trí mới.",
            field="person",
        )
    later = _later_holding(person, on)
    if later is not None:
        raise InputRejected.single(
            f"{person.full_name} đã được bố trí vào một vị trí từ ngày {format_date(later.valid_from)}, "
            f"sau ngày {format_date(on)}.",
            field="valid_from",
        )
    holding = PositionHolding(person=person, position=position, valid_from=on, note=note.strip())
    clean_or_reject(holding)
    holding.save()
    audit_record(
        actor=actor,
        action="positions.holding.start",
        obj=holding,
        after=snapshot(holding, HOLDING_FIELDS),
    )
    return holding


@transaction.atomic
def holding_end(*, actor: Actor, holding: PositionHolding, on: dt.date, note: str = "") -> PositionHolding:
    """End the holding on `on` (the person no longer holds the position from that day)."""
    current = PositionHolding.objects.select_for_update().select_related("position").get(pk=holding.pk)
    may_change_unit(actor, current.position.unit_id)
    if current.valid_to is not None and current.valid_to <= on:
        raise InputRejected.single(
            f"Việc bố trí này đã kết thúc từ ngày {format_date(current.valid_to)}.", field="valid_to"
        )
    if on <= current.valid_from:
        raise InputRejected.single(
            f"Ngày kết thúc phải sau ngày bắt đầu ({format_date(current.valid_from)}).", field="valid_to"
        )
    before = snapshot(current, ["valid_to", "note"])
    current.valid_to = on
    if note.strip():
        current.note = note.strip()
    clean_or_reject(current)
    current.save()
    audit_record(
        actor=actor,
        action="positions.holding.end",
        obj=current,
        before=before,
        after=snapshot(current, ["valid_to", "note"]),
    )
    return current
