"""`canbo bench evaluation` on a small scale: the province's ranking in memory, and through the
database, produce their rows and leave nothing behind (no timing is asserted)."""

import pytest
from django.core.management import call_command

from canbo.demo.bench.evaluation import province, run_pure
from canbo.evaluation.models import Sheet, WorkItem


def test_the_synthetic_province_has_agencies_leaders_and_four_quarters() -> None:
    agencies = province(600)
    everyone = [e for entries in agencies for e in entries]
    assert len(everyone) == 600 and len({e.key for e in everyone}) == 600
    assert all(20 <= len(a) <= 200 for a in agencies[:-1])
    assert all(len(e.periods) == 4 for e in everyone)
    leaders = [e for e in everyone if e.leader]
    assert 0.05 < len(leaders) / len(everyone) < 0.15
    assert all(e.managed for e in leaders)


def test_the_pure_bench_produces_its_rows() -> None:
    rows = run_pure(persons=300, repeat=1)
    names = [name for name, _ms, _note in rows]
    assert names == [
        "evaluation: build the entries (in memory)",
        "evaluation: rank_all, agency by agency",
        "evaluation: rank_all, the province in one call",
    ]
    assert "300 levels" in rows[1][2]


@pytest.mark.django_db(transaction=True)
def test_the_bench_through_the_database_measures_and_leaves_nothing(builtin_org, capsys) -> None:
    call_command("bench", "evaluation", "--persons", "60", "--repeat", "1")
    out = capsys.readouterr().out
    for row in (
        "rank_all, agency by agency",
        "generate the demo people",
        "open the sheets (sheets_open)",
        "ranking_view, every agency",
    ):
        assert row in out
    assert not Sheet.objects.exists() and not WorkItem.objects.exists()  # rolled back
