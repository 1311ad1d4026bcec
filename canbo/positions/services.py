"""Writes of the positions app: an agency's job positions (created, changed as a new version, ended),
people placed into and out of positions, the staffing quota of a year, the national framework lists.
Each: atomic, checked, scoped to the actor's part of the organisation, audited.

Who may write: Sở Nội vụ (and administrators) anywhere, an agency's focal officer within the agency's
subtree; leaders only read (their role has no "change")."""

import datetime as dt
import logging
from typing import Any

from django.db import transaction
from django.db.models import Q

from canbo.accounts.scope import is_home_affairs, user_can
from canbo.audit.services import audit_record, model_update, snapshot
from canbo.core.actors import Actor
from canbo.core.dates import format_date
from canbo.core.errors import InputRejected, NotAllowed, OutOfScope, clean_or_reject
from canbo.core.locks import serialize
from canbo.core.scoping import visible_unit_ids
from canbo.org.models import Unit
from canbo.people.choices import StaffCategory
from canbo.people.models import Person
from canbo.positions.choices import list_group
from canbo.positions.models import JobPosition, JobPositionFramework, PositionHolding, StaffingQuota

__all__ = [
    "framework_entries_save",
    "holding_end",
    "holding_start",
    "may_change_unit",
    "position_create",
    "position_end",
    "position_update",
    "quota_save",
]

HOLDING_FIELDS = ["person", "position", "valid_from", "valid_to", "note"]
POSITION_FIELDS = [
    "unit",
    "framework",
    "code",
    "name",
    "group",
    "staff_category",
    "rank_code",
    "rank_name",
    "planned_count",
    "valid_from",
    "valid_to",
    "description",
]
EDITABLE = [
    "framework",
    "name",
    "group",
    "staff_category",
    "rank_code",
    "rank_name",
    "planned_count",
    "description",
]
QUOTA_FIELDS = ["civil_servants", "public_employees", "decision_number", "decision_date"]
FRAMEWORK_FIELDS = ["list_code", "code", "name", "rank_code", "rank_name", "source"]
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


def _from_framework(position: JobPosition) -> None:
    """A position picked from the framework takes its name, rank, group and category where the
    agency left them empty."""
    framework = position.framework
    if framework is None:
        return
    position.name = position.name.strip() or framework.name
    position.rank_code = position.rank_code.strip() or framework.rank_code
    position.rank_name = position.rank_name.strip() or framework.rank_name
    position.group = position.group or list_group(framework.list_code)
    if not position.staff_category:
        category = (
            StaffCategory.CIVIL_SERVANT
            if framework.list_code.startswith("cc_")
            else StaffCategory.PUBLIC_EMPLOYEE
        )
        position.staff_category = category


def _code_free(position: JobPosition) -> None:
    """One position of a code in force at a time in an agency (the unique key only forbids the same
    start date)."""
    clash = JobPosition.objects.filter(unit_id=position.unit_id, code=position.code).exclude(pk=position.pk)
    clash = clash.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=position.valid_from))
    if position.valid_to is not None:
        clash = clash.filter(valid_from__lt=position.valid_to)
    found = clash.first()
    if found is not None:
        raise InputRejected.single(
            f"Mã vị trí “{position.code}” đã được dùng cho “{found.name}” từ ngày "
            f"{format_date(found.valid_from)}.",
            field="code",
        )


def position_build(*, unit: Unit, values: dict[str, Any]) -> JobPosition:
    """A new position of the agency, filled and checked, not saved (the import checks every row
    first)."""
    position = JobPosition(unit=unit, **values)
    position.code = position.code.strip()
    _from_framework(position)
    clean_or_reject(position, exclude=["unit"])
    _code_free(position)
    return position


@transaction.atomic
def position_create(*, actor: Actor, unit: Unit, values: dict[str, Any]) -> JobPosition:
    """Add a job position to the agency's list (values: the model's fields but unit)."""
    may_change_unit(actor, unit.pk)
    serialize(f"positions.unit.{unit.pk}")
    position = position_build(unit=unit, values=values)
    position.save()
    audit_record(
        actor=actor,
        action="positions.position.create",
        obj=position,
        after=snapshot(position, POSITION_FIELDS),
    )
    return position


@transaction.atomic
def position_update(*, actor: Actor, position: JobPosition, changes: dict[str, Any]) -> JobPosition:
    """Correct a position in place (its name, group, rank, number of people, description). A change
    that should keep the old version readable on past dates is made by ending the position and
    creating a new one."""
    may_change_unit(actor, position.unit_id)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise InputRejected.single(f"Không sửa được: {', '.join(sorted(unknown))}.")
    return model_update(
        actor=actor,
        obj=position,
        changes=changes,
        action="positions.position.update",
        prepare=_from_framework,
    )


@transaction.atomic
def position_end(*, actor: Actor, position: JobPosition, on: dt.date) -> JobPosition:
    """End the position on `on` (not in the list from that day). Refused while someone holds it on or
    after that day: their holding is ended (or moved) first."""
    may_change_unit(actor, position.unit_id)
    current = JobPosition.objects.select_for_update().get(pk=position.pk)
    if on <= current.valid_from:
        raise InputRejected.single(
            f"Ngày kết thúc phải sau ngày bắt đầu ({format_date(current.valid_from)}).", field="valid_to"
        )
    if current.valid_to is not None and current.valid_to <= on:
        raise InputRejected.single(
            f"Vị trí đã hết hiệu lực từ ngày {format_date(current.valid_to)}.", field="valid_to"
        )
    holding = (
        current.holdings.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))
        .select_related("person")
        .first()
    )
    if holding is not None:
        raise InputRejected.single(
            f"{holding.person.full_name} còn giữ vị trí này sau ngày {format_date(on)}; "
            "hãy kết thúc việc bố trí trước.",
            field="valid_to",
        )
    return model_update(actor=actor, obj=current, changes={"valid_to": on}, action="positions.position.end")


@transaction.atomic
def quota_save(*, actor: Actor, unit: Unit, year: int, values: dict[str, Any]) -> StaffingQuota:
    """The staffing quota of the agency for the year: created, or replaced (audited before and after).
    Writing a quota is Sở Nội vụ's or the agency's focal officer's, like the rest of the app."""
    may_change_unit(actor, unit.pk)
    existing = StaffingQuota.objects.select_for_update().filter(unit=unit, year=year).first()
    if existing is not None:
        return model_update(actor=actor, obj=existing, changes=values, action="positions.quota.update")
    quota = StaffingQuota(unit=unit, year=year, **values)
    clean_or_reject(quota)
    quota.save()
    audit_record(
        actor=actor,
        action="positions.quota.create",
        obj=quota,
        after=snapshot(quota, ["unit", "year", *QUOTA_FIELDS]),
    )
    return quota


@transaction.atomic
def framework_entries_save(*, actor: Actor, entries: list[JobPositionFramework]) -> tuple[int, int]:
    """Add or update entries of the national framework lists, matched by (list, code): Sở Nội vụ's
    (or an administrator's) only. Returns (created, updated). The caller has checked every entry."""
    if not is_home_affairs(actor):
        raise NotAllowed("Chỉ Sở Nội vụ cập nhật danh mục khung vị trí việc làm.")
    existing = {(f.list_code, f.code): f for f in JobPositionFramework.objects.select_for_update()}
    created = updated = 0
    for entry in entries:
        found = existing.get((entry.list_code, entry.code))
        if found is None:
            entry.save()
            audit_record(
                actor=actor,
                action="positions.framework.create",
                obj=entry,
                after=snapshot(entry, FRAMEWORK_FIELDS),
            )
            created += 1
            continue
        before = snapshot(found, FRAMEWORK_FIELDS)
        for name in ("name", "rank_code", "rank_name", "source"):
            setattr(found, name, getattr(entry, name))
        after = snapshot(found, FRAMEWORK_FIELDS)
        if after != before:
            found.save()
            audit_record(
                actor=actor, action="positions.framework.update", obj=found, before=before, after=after
            )
            updated += 1
    return created, updated
