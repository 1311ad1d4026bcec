"""The one way to write the audit trail. Every service that writes calls audit_record()."""

import datetime as dt
import decimal
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from audit.context import current
from audit.models import AuditEntry


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def actor_identity(actor: Any) -> tuple[Any, str]:
    """(the user to link, or None for the system or a command; the name to record)."""
    user = actor if isinstance(actor, AbstractBaseUser) else None
    return user, user.get_username() if user else str(actor or "hệ thống")


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    """The named fields of obj as JSON-friendly values (foreign keys by their id)."""
    result = {}
    for name in fields:
        field = obj._meta.get_field(name)
        result[name] = _plain(getattr(obj, getattr(field, "attname", name)))
    return result


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    before: Any = None,
    after: Any = None,
    note: str = "",
) -> AuditEntry:
    entry = audit_entry(actor=actor, action=action, obj=obj, before=before, after=after, note=note)
    entry.save()
    return entry


def audit_record_many(entries: list[AuditEntry]) -> None:
    """Write entries built with audit_entry() in one statement (bulk imports)."""
    AuditEntry.objects.bulk_create(entries, batch_size=500)


def audit_entry(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    before: Any = None,
    after: Any = None,
    note: str = "",
) -> AuditEntry:
    """An unsaved entry; audit_record() saves one, audit_record_many() saves many."""
    context = current.get()
    user, name = actor_identity(actor)
    changes: dict[str, Any] = {}
    if before is not None:
        changes["before"] = _plain(before)
    if after is not None:
        changes["after"] = _plain(after)
    return AuditEntry(
        actor=user,
        actor_name=name,
        source=context.source,
        ip_address=context.ip_address,
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        changes=changes,
        note=note,
    )


def audit_record_bulk(
    *, actor: Any, action: str, model: type[models.Model], items: Iterable[tuple[Any, str, Any, Any]]
) -> int:
    """One entry per (pk, text, before, after), written with plain inserts: for imports of tens of
    thousands of rows, where building model instances would cost more than the import itself."""
    from core.bulk import insert_many

    context = current.get()
    user, name = actor_identity(actor)
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=True).pk
    now = timezone.now()
    rows = []
    for pk, text, before, after in items:
        changes: dict[str, Any] = {}
        if before is not None:
            changes["before"] = _plain(before)
        if after is not None:
            changes["after"] = _plain(after)
        rows.append(
            (
                now,
                user.pk if user else None,
                name,
                context.source,
                context.ip_address,
                action,
                content_type,
                str(pk),
                text[:255],
                changes,
                "",
            )
        )
    fields = [
        "at",
        "actor",
        "actor_name",
        "source",
        "ip_address",
        "action",
        "content_type",
        "object_id",
        "object_repr",
        "changes",
        "note",
    ]
    return insert_many(AuditEntry, fields, rows)
