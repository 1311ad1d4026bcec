import pytest
from django.db import DatabaseError, connection, transaction

from canbo.accounts.system import SYSTEM
from canbo.audit.models import AppendOnlyError, AuditEntry
from canbo.audit.selectors import audit_entries_for
from canbo.audit.services import audit_record
from canbo.org.models import Unit

pytestmark = pytest.mark.django_db


def test_record_and_read_an_objects_history(make_user) -> None:
    unit = Unit.objects.create(code="A")
    user = make_user()
    audit_record(actor=user, action="x.create", obj=unit, after={"name": "Một"})
    audit_record(actor=SYSTEM, action="x.update", obj=unit, before={"name": "Một"}, after={"name": "Hai"})
    history = list(audit_entries_for(obj=unit))
    assert [e.action for e in history] == ["x.update", "x.create"]
    assert history[0].actor is None and history[0].actor_name == "hệ thống" and history[0].source == "cli"
    assert history[1].actor == user and history[1].changes == {"after": {"name": "Một"}}
    assert history[0].changes == {"before": {"name": "Một"}, "after": {"name": "Hai"}}


def test_the_application_cannot_change_or_delete_an_entry() -> None:
    entry = audit_record(actor=SYSTEM, action="x", obj=Unit.objects.create(code="B"))
    entry.note = "sửa"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(note="sửa")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()


def test_the_database_refuses_an_update_too() -> None:
    entry = audit_record(actor=SYSTEM, action="x", obj=Unit.objects.create(code="C"))
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET note = 'x' WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).note == ""
