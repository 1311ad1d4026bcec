"""`canbo bench routine` (issue 17.5) on a small registry: every measure runs, the import takes the
ordinary path, nothing is left behind."""

import pytest
from django.core.management import call_command

from canbo.people.models import Person
from canbo.plans.models import Plan


@pytest.mark.django_db(transaction=True)
def test_bench_routine_measures_and_leaves_nothing(builtin_org, capsys) -> None:
    call_command("bench", "routine", "--persons", "400", "--changed", "10", "--repeat", "1")
    out = capsys.readouterr().out
    assert "canbo bench routine --persons 400 --changed 10 --repeat 1" in out
    for measured in (
        "routine import: end to end",
        "ordinary path (live indexes)",
        "of which the appointment checks",
        "routine import again (nothing changes)",
        "annual report (Word)",
        "targets appendix (Excel)",
        "as the department's focal officer",
    ):
        assert measured in out, measured
    assert not Person.objects.exists() and not Plan.objects.exists()  # all rolled back
