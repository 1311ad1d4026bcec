"""The demo's rows on their way to the database: kept per model, written in batches through
core.bulk.insert_many (plain INSERTs on SQLite, COPY on PostgreSQL; personal data sealed and hashed
there, docs/decisions/0005 and 0008)."""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import connection, models

from canbo.core.bulk import insert_many


class Rows:
    """One model's rows waiting to be written, each a tuple in the order of `fields` (model attribute
    names; values as the database driver takes them, personal data in the clear). A field not named
    is left to its database default or NULL."""

    def __init__(self, model: type[models.Model], fields: Sequence[str]) -> None:
        self.model = model
        self.fields = tuple(fields)
        self.rows: list[tuple[Any, ...]] = []
        self.count = 0  # rows written so far

    def write(self) -> None:
        if self.rows:
            self.count += insert_many(self.model, self.fields, self.rows)
            self.rows = []


class Dates(dict[int, Any]):
    """Day number (date.toordinal()) → the value the database takes, computed once per day."""

    def __missing__(self, ordinal: int) -> Any:
        value = self[ordinal] = connection.ops.adapt_datefield_value(dt.date.fromordinal(ordinal))
        return value
