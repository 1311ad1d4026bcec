"""`field__among=ids` (core.lookups): the same rows as `field__in`, as one parameter."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from canbo.org.models import Unit

pytestmark = pytest.mark.django_db


def test_among_is_in_with_one_parameter() -> None:
    units = [Unit.objects.create(code=f"T.{n}") for n in range(30)]
    wanted = [u.pk for u in units[::3]] + [10**9]  # one id that is nobody
    with CaptureQueriesContext(connection) as queries:
        got = sorted(Unit.objects.filter(pk__among=wanted).values_list("pk", flat=True))
    assert got == sorted(Unit.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    assert len(got) == 10
    sql = queries.captured_queries[0]["sql"]
    assert ("= ANY(" in sql) if connection.vendor == "postgresql" else ("json_each(" in sql)
    assert Unit.objects.filter(pk__among=[]).count() == 0
    assert Unit.objects.exclude(pk__among=wanted).filter(code__startswith="T.").count() == 20


def test_among_takes_integers_only() -> None:
    with pytest.raises(ValueError):
        list(Unit.objects.filter(pk__among=["1; DROP TABLE org_unit"]))
