"""Database constraints that several apps declare the same way."""

from collections.abc import Iterable

from django.db import models
from django.db.models import Q


def one_of(
    field: str, values: type[models.Choices] | Iterable[str], *, name: str, blank: bool = False
) -> models.CheckConstraint:
    """The column holds one of the values (a choice or catalogue code; or empty, with blank=True).

    The form or service says so first, in Vietnamese; this is the guarantee that no other path (the
    API, a bulk load, a script) stores a code that every page reading it would then fail on.

    Written as `field = a OR field = b …` rather than `field IN (a, b, …)`: SQLite evaluates a CHECK's
    IN list by building a temporary index for every row, which cost a quarter of a second on an import
    of 50,000 people; the equalities cost a tenth of that (docs/performance.md)."""
    allowed = list(values.values if isinstance(values, type) else values)
    if blank:
        allowed = ["", *allowed]
    condition = Q()
    for value in sorted(set(allowed)):
        condition |= Q(**{field: value})
    return models.CheckConstraint(
        condition=condition,
        name=name,
        violation_error_message=f"Giá trị của “{field}” không có trong danh mục.",
    )
