"""`canbo bench national` on a small generated registry: every row measured, nothing left behind."""

from typing import Any

import pytest

from canbo.demo.bench.national import run
from canbo.people.models import Person

pytestmark = pytest.mark.django_db


def test_the_benchmark_measures_both_formats_at_two_sizes_and_rolls_back(builtin_org: None) -> None:
    rows = run(persons=40, repeat=1, national_formats="jsonl,xlsx", national_chunk=7)
    names = [name for name, _ms, _note in rows]
    assert names == [
        "generate the demo people",
        "national export jsonl, 10 people",
        "national export jsonl, 40 people",
        "national export xlsx, 10 people",
        "national export xlsx, 40 people",
    ]
    assert all("records/s" in note and "peak" in note for _name, _ms, note in rows[1:])
    assert not Person.objects.exists()


def test_an_unknown_format_is_refused_in_vietnamese(builtin_org: Any) -> None:
    with pytest.raises(ValueError, match="chỉ có jsonl và xlsx"):
        run(persons=10, repeat=1, national_formats="csv")
