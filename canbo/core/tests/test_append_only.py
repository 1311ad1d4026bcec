"""The audit trail, the record of reads of personal data and the import records are only ever added to
(issue 10.10): the database refuses UPDATE, DELETE (and TRUNCATE on PostgreSQL) whoever asks, and the
application's role in production may only SELECT and INSERT them."""

import pytest
from django.db import DatabaseError, connection, transaction

from canbo.audit.models import AuditEntry
from canbo.audit.services import audit_record
from canbo.core.append_only import append_only_tables, grant_statements

pytestmark = pytest.mark.django_db
POSTGRES = pytest.mark.skipif(connection.vendor != "postgresql", reason="roles and TRUNCATE: PostgreSQL")


@pytest.fixture
def written(builtin_org, make_user) -> dict[str, int]:
    """One row in each append-only table."""
    from canbo.org.models import Unit
    from canbo.people.models import PeopleImport, SensitiveAccess
    from canbo.people.services import person_create, posts_ensure

    posts_ensure()
    user = make_user("admin")
    person = person_create(
        actor=user,
        data={
            "full_name": "Nguyễn Văn An",
            "birth_date": __import__("datetime").date(1980, 1, 1),
            "sex": "nam",
            "ethnicity": "01",
            "unit": Unit.objects.get(code="KH.SNV"),
            "staff_category": "cong_chuc",
        },
    )
    access = SensitiveAccess.objects.create(actor=user, person=person, where="page")
    batch = PeopleImport.objects.create(actor=user, actor_name=user.username, rows=1)
    entry = audit_record(actor=user, action="test", obj=person)
    return {
        "audit_auditentry": entry.pk,
        "people_sensitiveaccess": access.pk,
        "people_peopleimport": batch.pk,
    }


def test_the_append_only_tables_are_the_four_records() -> None:
    assert append_only_tables() == [
        "audit_auditentry",
        "national_nationalexport",  # the exports for the national database (issue 17.7)
        "people_peopleimport",
        "people_sensitiveaccess",
    ]


@pytest.mark.parametrize("table", ["audit_auditentry", "people_sensitiveaccess", "people_peopleimport"])
def test_the_database_refuses_to_change_or_delete_a_row(written, table: str) -> None:
    pk = written[table]
    column = {
        "audit_auditentry": "note",
        "people_sensitiveaccess": "detail",
        "people_peopleimport": "file_name",
    }[table]
    for statement in (
        f"UPDATE {table} SET {column} = 'x' WHERE id = %s",
        f"DELETE FROM {table} WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as c,
        ):
            c.execute(statement, [pk])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE id = %s", [pk])
        assert cursor.fetchone()[0] == 1


@POSTGRES
@pytest.mark.parametrize("table", ["audit_auditentry", "people_sensitiveaccess", "people_peopleimport"])
def test_postgresql_refuses_truncate(written, table: str) -> None:
    with connection.cursor() as cursor:  # the rows' foreign-key checks, deferred to commit, done now
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as c:
        c.execute(f"TRUNCATE {table} CASCADE")


def test_the_models_refuse_too(written) -> None:
    from canbo.audit.models import AppendOnlyError

    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()


@POSTGRES
def test_the_application_role_may_only_read_and_add_to_them(written) -> None:
    """The deployment of docs/operations.md: migrations as the owner, the application as a role granted
    by `canbo db grant`. As that role: the append-only tables take INSERT and SELECT and refuse UPDATE,
    DELETE, TRUNCATE and disabling their triggers; the ordinary tables are read and written."""
    role = "canbo_app_test"
    with connection.cursor() as cursor:  # all inside the test's transaction: rolled back after it
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"CREATE ROLE {role} NOLOGIN")
        for statement in grant_statements(role):
            cursor.execute(statement)
        cursor.execute(f"SET LOCAL ROLE {role}")
        cursor.execute("SELECT COUNT(*) FROM audit_auditentry")
        assert cursor.fetchone()[0] >= 1
        refused = [
            "UPDATE audit_auditentry SET note = 'x'",
            "DELETE FROM people_sensitiveaccess",
            "TRUNCATE people_peopleimport",
            "ALTER TABLE audit_auditentry DISABLE TRIGGER ALL",
            "DROP TABLE audit_auditentry",
        ]
        for statement in refused:
            with pytest.raises(DatabaseError), transaction.atomic():
                cursor.execute(statement)
        cursor.execute("UPDATE people_person SET hometown = 'Phan Rang'")  # an ordinary table
        cursor.execute("RESET ROLE")
    # INSERT through the application's own code, as that role.
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {role}")
    from canbo.people.models import Person

    audit_record(actor=None, action="test.as_app_role", obj=Person.objects.get())
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")
    assert AuditEntry.objects.filter(action="test.as_app_role").exists()


@POSTGRES
def test_a_large_load_as_the_application_role_loads_the_ordinary_way(written, monkeypatch) -> None:
    """The application's role owns no table, so it cannot set indexes aside: a large import then loads
    with them in place instead of failing."""
    from canbo.core import bulk
    from canbo.people.models import LanguageSkill, Person

    role = "canbo_app_test"
    monkeypatch.setattr(bulk, "LARGE_LOAD_MIN_ROWS", 1)
    person = Person.objects.get()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"CREATE ROLE {role} NOLOGIN")
        for statement in grant_statements(role):
            cursor.execute(statement)
        cursor.execute(f"SET LOCAL ROLE {role}")
    with bulk.large_load(LanguageSkill, 1):
        bulk.insert_many(LanguageSkill, ("person", "language", "level"), [(person.pk, "en", 4)])
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")
    assert LanguageSkill.objects.filter(person=person, level=4).exists()
