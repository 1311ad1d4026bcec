"""`canbo bench`: measures on a small scale end to end, and says what is missing instead of a traceback."""

import pytest
from django.core.management import CommandError, call_command

from canbo.people.models import Person


@pytest.mark.django_db
def test_bench_people_without_an_organisation_says_what_to_run() -> None:
    with pytest.raises(CommandError, match="canbo org load builtin"):
        call_command("bench", "people", "--people", "10", "--repeat", "1")


@pytest.mark.django_db
def test_bench_indicators_without_an_organisation_says_what_to_run() -> None:
    with pytest.raises(CommandError, match="canbo org load builtin"):
        call_command("bench", "indicators", "--persons", "10", "--repeat", "1")


@pytest.mark.django_db(transaction=True)
def test_bench_people_measures_and_leaves_nothing(builtin_org, capsys) -> None:
    call_command("bench", "people", "--people", "40", "--repeat", "1")
    out = capsys.readouterr().out
    assert "people import: end to end" in out and "rows/s" in out
    assert not Person.objects.exists()  # the benchmark's writes are rolled back
