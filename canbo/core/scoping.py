"""The one scoping mechanism: every read of data that belongs to a unit goes through restrict().

A model opts in with `objects = ScopedQuerySet.as_manager()` and a class attribute
`scope_field`: the lookup path from the model to its org.Unit ("pk" for Unit itself,
"unit" for a model with a unit foreign key, "task__lead_unit" further away).

    Unit.objects.restrict(user, "view", as_of=date)
    get_object_or_404(Unit.objects.restrict(request.user, "view"), pk=pk)

An object outside the scope is simply absent, so views answer 404. Writes re-check with
ensure_in_scope() after saving, inside the same transaction, so that a write that would move an
object out of the user's scope is refused and rolled back.
"""

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any, Literal, Self

from django.conf import settings
from django.db import models
from django.utils.module_loading import import_string
from typing_extensions import TypeVar

from canbo.core.errors import OutOfScope

Action = Literal["view", "change"]


@functools.cache
def _resolver() -> Callable[..., set[int] | None]:
    """The function that says which units a user may see or change on a date, named by the setting
    CANBO_SCOPE_RESOLVER (org.scope.visible_unit_ids): the lowest layer asks without importing the
    app that answers, as Django's AUTHENTICATION_BACKENDS and NetBox's permission backend do."""
    return import_string(settings.CANBO_SCOPE_RESOLVER)  # type: ignore[no-any-return]


def visible_unit_ids(user: Any, action: str, *, as_of: dt.date | None = None) -> set[int] | None:
    """None: the whole organisation; otherwise the ids of the units within the user's scope."""
    return _resolver()(user, action, as_of=as_of)


# The model of the rows; Any where a manager is made with as_manager() and the type cannot be told.
M = TypeVar("M", bound=models.Model, default=Any)


class ScopedQuerySet(models.QuerySet[M]):
    """A queryset whose rows belong to units (the model's `scope_field` leads to org.Unit)."""

    def restrict(self, user: Any, action: Action = "view", *, as_of: dt.date | None = None) -> Self:
        unit_ids = visible_unit_ids(user, action, as_of=as_of)
        if unit_ids is None:  # the whole organisation
            return self
        field = getattr(self.model, "scope_field", "unit")
        return self.filter(**{f"{field}__in": unit_ids})


def ensure_in_scope(
    user: Any, obj: models.Model, action: Action = "change", *, as_of: dt.date | None = None
) -> None:
    """Refuse (OutOfScope, answered 404 like a missing object) when obj is not within the user's scope
    for action."""
    manager = type(obj)._default_manager
    queryset = manager.all()
    if not isinstance(queryset, ScopedQuerySet):
        raise TypeError(f"{type(obj).__name__} is not a scoped model")
    if not queryset.restrict(user, action, as_of=as_of).filter(pk=obj.pk).exists():
        raise OutOfScope()


def get_scoped_or_404(model: type[models.Model], user: Any, pk: int, action: Action = "view") -> Any:
    """The object with this key if it is within the user's scope; OutOfScope otherwise (pages and the
    API answer an object outside the scope exactly like a missing one: 404)."""
    try:
        return model._default_manager.restrict(user, action).get(pk=pk)  # type: ignore[attr-defined]
    except model.DoesNotExist:  # type: ignore[attr-defined]
        raise OutOfScope() from None
