"""The one way to write the audit trail. Every service that writes calls audit_record()."""

import datetime as dt
import decimal
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from canbo.audit.context import current
from canbo.audit.models import AuditEntry
from canbo.core.actors import Actor


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


def actor_identity(actor: Actor) -> tuple[Any, str]:
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
    actor: Actor,
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
    actor: Actor,
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
    *, actor: Actor, action: str, model: type[models.Model], items: Iterable[tuple[Any, str, Any, Any]]
) -> int:
    """One entry per (pk, text, before, after), written with plain inserts: for imports of tens of
    thousands of rows, where building model instances would cost more than the import itself."""
    from canbo.core.bulk import insert_many

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


M = TypeVar("M", bound=models.Model)


def model_update(
    *,
    actor: Actor,
    obj: M,
    changes: dict[str, Any],
    action: str,
    version: int | None = None,
    protected: Iterable[str] = (),
    scope_action: str | None = "change",
    prepare: Callable[[M], None] | None = None,
) -> M:
    """The one way a service changes a saved object: inside the caller's transaction, the row is
    locked and read again; `version` (optimistic locking, when the model has a `version` field) must
    be the one the user read (Conflict otherwise); the changes are applied, `prepare(obj)` fills what
    derives from them and checks what crosses fields, and the whole object is checked (`full_clean`:
    InputRejected, each field by its label); it is saved with its version
    moved on; for a scoped model, the object must still be within the actor's scope afterwards
    (OutOfScope otherwise, everything rolled back); and one audit entry records the fields that
    changed, before and after (`protected` ones — a CCCD, an ethnicity — only as keyed hashes).
    Returns the saved object (a fresh instance: the caller's may be stale)."""
    from django.core.exceptions import ValidationError
    from django.db import transaction

    from canbo.core.crypto import keyed_hash
    from canbo.core.errors import Conflict, InputRejected
    from canbo.core.scoping import ScopedQuerySet, ensure_in_scope

    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("model_update() must run inside the service's transaction.")
    model = type(obj)
    current = model._default_manager.select_for_update(of=("self",)).get(pk=obj.pk)
    has_version = any(f.name == "version" for f in model._meta.concrete_fields)
    if has_version and version is not None and current.version != version:  # type: ignore[attr-defined]
        raise Conflict(
            f"Dữ liệu đã được người khác sửa (phiên bản {current.version}, bạn đang sửa phiên bản "  # type: ignore[attr-defined]
            f"{version}); hãy tải lại rồi sửa tiếp."
        )
    names = [model._meta.get_field(name).attname for name in changes]  # type: ignore[union-attr]
    before = {name: getattr(current, name) for name in names}
    for name, value in changes.items():
        setattr(current, name, value)
    if prepare is not None:
        prepare(current)
    try:
        current.full_clean()
    except ValidationError as exc:
        raise InputRejected.from_validation(exc, model=model) from None
    after = {name: getattr(current, name) for name in names}
    changed = sorted(name for name in names if before[name] != after[name])
    if has_version:
        current.version += 1  # type: ignore[attr-defined]
    current.save()
    if scope_action and isinstance(model._default_manager.all(), ScopedQuerySet):
        ensure_in_scope(actor, current, scope_action)  # type: ignore[arg-type]
    hidden = set(protected)

    def shown(name: str, value: Any) -> Any:
        if name in hidden and value not in (None, ""):
            return "#" + keyed_hash(str(value), purpose=f"audit.{name}")
        return value

    if changed:
        audit_record(
            actor=actor,
            action=action,
            obj=current,
            before={name: shown(name, before[name]) for name in changed},
            after={name: shown(name, after[name]) for name in changed},
        )
    return current
