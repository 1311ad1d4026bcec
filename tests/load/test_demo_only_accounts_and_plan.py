"""`canbo demo load --only-accounts-and-plan`: what the load test needs on a registry loaded by other
means (the 2,000,000-person copy of issue 17) — the accounts of the mix and the plan — and nothing that
grows with the registry."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from canbo.demo.bench import load as bench
from canbo.evaluation.models import Sheet
from canbo.people.models import Person
from canbo.plans.models import Occurrence, Report
from canbo.positions.models import JobPosition
from canbo.training.models import TrainingClass


@pytest.mark.django_db
def test_only_the_accounts_and_the_plan_are_loaded() -> None:
    out = io.StringIO()
    call_command("demo", "load", "--only-accounts-and-plan", stdout=out)
    accounts = bench.mix_accounts(bench.load_mix())
    assert set(
        get_user_model().objects.filter(username__in=accounts).values_list("username", flat=True)
    ) == set(accounts)
    assert Occurrence.objects.exists() and Report.objects.exists()
    assert not Person.objects.exists()  # an empty registry stays empty: its people come from elsewhere
    assert not Sheet.objects.exists() and not JobPosition.objects.exists()
    assert not TrainingClass.objects.exists()
    assert "Tài khoản trình diễn" in out.getvalue()
