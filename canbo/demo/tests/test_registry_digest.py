"""The demo's registry is reproducible table by table (issue 17.6): the same seed writes the same rows
in every table the generator fills — not only the same people — and another seed other rows."""

import hashlib
from typing import Any

import pytest
from django.db import models

from canbo.accounts.system import SYSTEM
from canbo.demo.registry import delete_demo_people, generate
from canbo.demo.registry.rows import Rows, Writer
from canbo.people.models import (
    Assignment,
    Evaluation,
    LanguageSkill,
    Person,
    PlanningMembership,
    PoliticalConclusion,
    Training,
)

PERSONS = 400
TABLES: tuple[type[models.Model], ...] = (
    Person,
    Assignment,
    Evaluation,
    LanguageSkill,
    PlanningMembership,
    PoliticalConclusion,
    Training,
)
# Not compared: a row's own key (numbered by the database's sequence, which a deletion does not
# rewind) and the times of writing. People keep their ids (the generator numbers them); personal data
# is compared in the clear, as the ORM reads it (each sealing draws a fresh nonce).
SKIPPED = {"created_at", "updated_at"}


def _digest() -> dict[str, str]:
    """Per table: how many rows, and a SHA-256 of its rows in a stable order."""
    out = {}
    for model in TABLES:
        names = [
            f.attname
            for f in model._meta.concrete_fields
            if f.attname not in SKIPPED and (model is Person or not f.primary_key)
        ]
        rows: list[Any] = sorted(repr(row) for row in model._default_manager.values_list(*names))
        out[model._meta.db_table] = f"{len(rows)} {hashlib.sha256(chr(10).join(rows).encode()).hexdigest()}"
    return out


def test_same_seed_same_rows_in_every_table_other_seed_other_rows(builtin_org: None) -> None:
    first_counts = generate(PERSONS, 11, SYSTEM)
    first = _digest()
    assert all(not value.startswith("0 ") for value in first.values()), first  # every table written
    delete_demo_people(actor=SYSTEM)
    assert not any(model._default_manager.exists() for model in TABLES)

    again_counts = generate(PERSONS, 11, SYSTEM)
    assert _digest() == first
    timing = ("generate_ms", "follow_ms")
    assert {k: v for k, v in again_counts.items() if k not in timing} == {
        k: v for k, v in first_counts.items() if k not in timing
    }
    delete_demo_people(actor=SYSTEM)

    generate(PERSONS, 12, SYSTEM)
    other = _digest()
    assert other[Person._meta.db_table] != first[Person._meta.db_table]
    assert other[Assignment._meta.db_table] != first[Assignment._meta.db_table]
    assert other[Evaluation._meta.db_table] != first[Evaluation._meta.db_table]


class _Failing(Rows):
    def flush(self, rows: list[tuple[Any, ...]]) -> int:
        raise ValueError("hỏng")


@pytest.mark.django_db
def test_an_error_of_the_writer_reaches_the_generator() -> None:
    """On PostgreSQL the rows are written on a thread of their own (rows.Writer): what fails there
    fails the generation, as it does at once on SQLite."""
    failing = _Failing(Evaluation, ["person", "year", "level"])
    with pytest.raises(ValueError, match="hỏng"), Writer() as writer:
        for _ in range(3):
            failing.rows.append((1, 2024, "tot"))
            writer.submit([failing])
    assert failing.rows == [] and failing.count == 0
