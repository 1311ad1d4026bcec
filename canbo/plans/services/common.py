"""What every plans service shares: who may act on what, and a model checked before it is saved.

The refusals are core.errors' kinds: outside the actor's scope, OutOfScope (answered 404 like a
missing object); a role that may not, NotAllowed (403); a model that does not validate,
InputRejected (422) with each field under the label the forms show."""

from dataclasses import replace
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst

from canbo.accounts.scope import is_home_affairs
from canbo.core.actors import Actor
from canbo.core.errors import InputRejected, NotAllowed, OutOfScope
from canbo.core.scoping import ensure_in_scope
from canbo.plans.models import Occurrence

NOT_THEIRS = "Nhiệm vụ này không thuộc cơ quan của bạn."
HOME_AFFAIRS_ONLY = "Chỉ Sở Nội vụ được thực hiện thao tác này."


def require_change(actor: Actor, occurrence: Occurrence) -> None:
    """Only who may change the occurrence's agency reports on it or asks for more time."""
    try:
        ensure_in_scope(actor, occurrence, "change")
    except OutOfScope:
        raise OutOfScope(NOT_THEIRS) from None


def require_home_affairs(actor: Actor, obj: models.Model) -> None:
    """Sở Nội vụ (within its scope) reviews, decides and answers."""
    if not is_home_affairs(actor):
        raise NotAllowed(HOME_AFFAIRS_ONLY)
    ensure_in_scope(actor, obj, "change")


def labels(model: type[models.Model], **overrides: str) -> dict[str, str]:
    """Each field's label as the forms show it: its verbose name, capitalised, unless overridden."""
    fields = {f.name: str(capfirst(f.verbose_name)) for f in model._meta.fields}
    return {**fields, **overrides}


def clean(obj: models.Model, *, columns: dict[str, str] | None = None, **options: Any) -> None:
    """obj.full_clean(**options), its ValidationError as InputRejected: each field under its label
    (`columns`, by default the forms' labels)."""
    try:
        obj.full_clean(**options)
    except ValidationError as exc:
        rejected = InputRejected.from_validation(exc, model=type(obj))
        names = columns or labels(type(obj))
        raise InputRejected(
            [replace(e, column=names.get(e.field, e.column)) if e.field else e for e in rejected.errors]
        ) from None
