"""The demo province exported and imported back: nothing changes."""

import pytest

from canbo.accounts.system import SYSTEM
from canbo.core.dates import today
from canbo.demo.registry import generate
from canbo.org.models import Unit, UnitVersion
from canbo.people.io.excel import rows_from_excel
from canbo.people.io.export import people_export_xlsx
from canbo.people.models import Assignment, Person
from canbo.people.services import people_import

pytestmark = pytest.mark.django_db


def test_exported_demo_imports_back_unchanged(builtin_org) -> None:
    generate(600, 7, SYSTEM)
    people, assignments = Person.objects.count(), Assignment.objects.count()
    data, _ids = people_export_xlsx(user=SYSTEM)
    units = dict(Unit.objects.values_list("code", "id"))
    kinds = dict(UnitVersion.objects.as_of(today()).values_list("unit__code", "kind"))
    result = people_import(
        actor=SYSTEM, rows=rows_from_excel(data, units=units, today=today(), kinds=kinds), on=today()
    )
    assert (result.created, result.updated, result.assignments_opened, result.assignments_closed) == (
        0,
        0,
        0,
        0,
    )
    assert result.unchanged == people
    assert (Person.objects.count(), Assignment.objects.count()) == (people, assignments)
