"""Optimistic locking of a person's whole dossier (hồ sơ): the record, the work history and every
sub-record share the person's `version`. A form is read with a version; every write to the dossier
checks that it is still the current one and moves it on, in one conditional UPDATE (the row stays
locked until the write commits, on both databases); a stale version raises StaleVersion, which says
who changed what since that version (read from the audit trail) and writes nothing."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import F
from django.utils import timezone

from canbo.audit.models import AuditEntry
from canbo.audit.services import audit_record
from canbo.core.actors import Actor
from canbo.core.dates import format_date
from canbo.core.scoping import ensure_in_scope
from canbo.people.models import Person

# The key of an audit entry's `after` that holds the version the write moved the dossier to.
VERSION_KEY = "dossier_version"
SENSITIVE_AUDITED = ("cccd", "cccd_hash", "ethnicity", "religion", "party_joined", "party_full")
CHANGES_SHOWN = 20


@dataclass(frozen=True)
class ChangeLine:
    """One write to the dossier since a version: when, who, what (sensitive fields named, not shown)."""

    at: dt.datetime
    actor_name: str
    action: str
    detail: str

    def __str__(self) -> str:
        when = timezone.localtime(self.at).strftime("%d/%m/%Y %H:%M")
        return f"{when}, {self.actor_name}: {self.action}" + (f" — {self.detail}" if self.detail else "")


def dossier_lock(*, actor: Actor, person: Person, version: int) -> Person:
    """Inside the caller's transaction: the person within the actor's change scope (OutOfScope
    otherwise), still at `version` (StaleVersion otherwise, with what changed), moved on to the next
    version. Returns the person as stored, with the new version."""
    ensure_in_scope(actor, person, "change")
    moved = Person.objects.filter(pk=person.pk, version=version).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    current = Person.objects.select_related("unit").get(pk=person.pk)
    if not moved:
        raise stale_version(current, version)
    return current


def dossier_record(
    *,
    actor: Actor,
    person: Person,
    action: str,
    text: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """The audit entry of a write to the dossier, on the person (their page lists it): what it did in
    words (`text`, the note), the values before and after, and the version it moved the dossier to."""
    audit_record(
        actor=actor,
        action=action,
        obj=person,
        before=before,
        after={**(after or {}), VERSION_KEY: person.version},
        note=text,
    )


def stale_version(current: Person, version: int) -> Exception:
    """StaleVersion for a form read at `version` of a dossier now at current.version: who changed
    what since, in the message (for the API) and as `changes` (for the page)."""
    from canbo.people.services import StaleVersion

    changes = changes_since(current, version)
    head = (
        f"Hồ sơ của {current.full_name} đã được người khác sửa sau khi bạn mở biểu mẫu (phiên bản "
        f"{current.version}, bạn đang sửa phiên bản {version}); chưa ghi gì. Hãy xem lại rồi ghi lần nữa."
    )
    lines = "; ".join(str(c) for c in changes)
    return StaleVersion(head + (f" Đã thay đổi: {lines}." if lines else ""), changes=changes)


def _moves_version(entry: AuditEntry) -> bool:
    after = (entry.changes or {}).get("after") or {}
    if not isinstance(after, dict):
        return False
    if VERSION_KEY in after:
        return True
    # The record's own update (people.services.person_update, an import's update); a language the
    # import added or changed is audited on the person too, without a version of its own.
    return entry.action == "people.person.update" and not set(after) <= {"language", "level"}


def changes_since(person: Person, version: int) -> list[ChangeLine]:
    """The writes to the dossier after it was at `version`, oldest first (at most CHANGES_SHOWN):
    the audit entries on the person, newest first, until as many writes that moved the version have
    been counted as the version moved."""
    missing = person.version - version
    if missing <= 0:
        return []
    from canbo.audit.selectors import audit_entries_for

    found: list[AuditEntry] = []
    for entry in audit_entries_for(obj=person).order_by("-at", "-pk")[: CHANGES_SHOWN * 3]:
        after = (entry.changes or {}).get("after") or {}
        reached = after.get(VERSION_KEY) if isinstance(after, dict) else None
        if isinstance(reached, int) and reached <= version:
            break
        found.append(entry)
        if _moves_version(entry):
            missing -= 1
            if missing == 0:
                break
    return [_line(e) for e in reversed(found[:CHANGES_SHOWN])]


def _line(entry: AuditEntry) -> ChangeLine:
    detail = entry.note
    if not detail and entry.action == "people.person.update":
        detail = fields_changed(entry.changes or {})
    return ChangeLine(entry.at, entry.actor_name, entry.action_label, detail)


def fields_changed(changes: dict[str, Any]) -> str:
    """ "Họ và tên: “A” → “B”; Số CCCD (đã đổi)": each field by its label; a sensitive one by its name
    only (the trail holds its keyed hash, and the reader may not be allowed to see it)."""
    before, after = changes.get("before") or {}, changes.get("after") or {}
    parts = []
    for name in sorted(after):
        label = _label(name)
        if name in SENSITIVE_AUDITED:
            parts.append(f"{label} (đã đổi)")
        else:
            parts.append(f"{label}: “{_shown(before.get(name))}” → “{_shown(after.get(name))}”")
    return "; ".join(parts)


def _label(name: str) -> str:
    from django.core.exceptions import FieldDoesNotExist

    field_name = {"unit_id": "unit", "cccd_hash": "cccd"}.get(name, name)
    if name == "language":
        return "Ngoại ngữ"
    if name == "level":
        return "Bậc ngoại ngữ"
    try:
        label = str(getattr(Person._meta.get_field(field_name), "verbose_name", name))
        return label[:1].upper() + label[1:]  # "Số CCCD", not "Số cccd"
    except FieldDoesNotExist:
        return name


def _shown(value: Any) -> str:
    if value in (None, ""):
        return ""
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return format_date(dt.date.fromisoformat(value))
        except ValueError:
            return value
    return str(value)
