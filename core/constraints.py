"""Database constraints that several apps declare the same way."""

from collections.abc import Iterable

from django.db import models
from django.db.models import Q


def one_of(
    field: str, values: type[models.Choices] | Iterable[str], *, name: str, blank: bool = False
) -> models.CheckConstraint:
    """The column holds one of the values (a choice or catalogue code; or empty, with blank=True).

    The form or service says so first, in Vietnamese; this is the guarantee that no other path (the
    API, a bulk load, a script) stores a code that every page reading it would then fail on."""
    allowed = list(values.values if isinstance(values, type) else values)
    if blank:
        allowed = ["", *allowed]
    return models.CheckConstraint(
        condition=Q(**{f"{field}__in": sorted(set(allowed))}),
        name=name,
        violation_error_message=f"Giá trị của “{field}” không có trong danh mục.",
    )
