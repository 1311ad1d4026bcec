"""Personal data at rest (decisions/0008): the CCCD encrypted with a keyed hash beside it for look-up and
uniqueness, ethnicity and religion kept as keyed hashes of their codes, the Party dates encrypted.

The columns first become plain text wide enough, then every value is converted with the key of the
environment (CANBO_DATA_KEY), then the fields take their final types (no change to the columns)."""

from typing import Any

from django.db import migrations, models

import canbo.core.fields
import canbo.people.catalogues

CODED = (("ethnicity", "ethnicity"), ("religion", "religion"))
SEALED = ("party_joined", "party_full")


def _codes(purpose: str) -> list[str]:
    return canbo.people.catalogues.ethnic_codes() if purpose == "ethnicity" else canbo.people.catalogues.religion_codes()


def forwards(apps: Any, schema_editor: Any) -> None:
    from canbo.core.crypto import keyed_hash, seal

    with schema_editor.connection.cursor() as cursor:
        for column, purpose in CODED:
            cursor.execute(f"SELECT DISTINCT {column} FROM people_person")
            for (code,) in cursor.fetchall():
                if code is not None and len(code) < 32:
                    cursor.execute(
                        f"UPDATE people_person SET {column} = %s WHERE {column} = %s",
                        [keyed_hash(code, purpose=purpose), code],
                    )
        cursor.execute(
            "SELECT id, cccd, party_joined, party_full FROM people_person "
            "WHERE cccd IS NOT NULL OR party_joined IS NOT NULL OR party_full IS NOT NULL"
        )
        rows = cursor.fetchall()
        updates = []
        for pk, cccd, joined, full in rows:
            cccd = (cccd or "").strip() or None
            updates.append(
                (
                    seal(cccd, context="people_person.cccd") if cccd else None,
                    keyed_hash(cccd, purpose="cccd") if cccd else None,
                    seal(str(joined)[:10], context="people_person.party_joined") if joined else None,
                    seal(str(full)[:10], context="people_person.party_full") if full else None,
                    pk,
                )
            )
        cursor.executemany(
            "UPDATE people_person SET cccd = %s, cccd_hash = %s, party_joined = %s, party_full = %s WHERE id = %s",
            updates,
        )
        _checks_now(schema_editor, cursor)


def _checks_now(schema_editor: Any, cursor: Any) -> None:
    """PostgreSQL defers the updated rows' foreign-key checks to commit; the ALTER TABLEs that follow in
    this migration cannot run with checks pending: they are done now."""
    if schema_editor.connection.vendor == "postgresql":
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def backwards(apps: Any, schema_editor: Any) -> None:
    from canbo.core.crypto import code_table, unseal

    with schema_editor.connection.cursor() as cursor:
        for column, purpose in CODED:
            for hashed, code in code_table(purpose, tuple(_codes(purpose))).items():
                cursor.execute(f"UPDATE people_person SET {column} = %s WHERE {column} = %s", [code, hashed])
        cursor.execute(
            "SELECT id, cccd, party_joined, party_full FROM people_person "
            "WHERE cccd IS NOT NULL OR party_joined IS NOT NULL OR party_full IS NOT NULL"
        )
        updates = [
            (
                unseal(cccd, context="people_person.cccd") if cccd else None,
                unseal(joined, context="people_person.party_joined") if joined else None,
                unseal(full, context="people_person.party_full") if full else None,
                pk,
            )
            for pk, cccd, joined, full in cursor.fetchall()
        ]
        cursor.executemany(
            "UPDATE people_person SET cccd = %s, party_joined = %s, party_full = %s WHERE id = %s", updates
        )
        _checks_now(schema_editor, cursor)


class Migration(migrations.Migration):
    dependencies = [("people", "0009_assignment_people_assignment_start_valid_and_more")]

    operations = [
        # 1. Plain text columns wide enough for what they will hold.
        migrations.AlterField(
            model_name="person", name="cccd", field=models.TextField(blank=True, null=True, verbose_name="số CCCD")
        ),
        migrations.AlterField(
            model_name="person", name="ethnicity", field=models.CharField(max_length=32, verbose_name="dân tộc")
        ),
        migrations.AlterField(
            model_name="person",
            name="religion",
            field=models.CharField(default="00", max_length=32, verbose_name="tôn giáo"),
        ),
        migrations.AlterField(
            model_name="person",
            name="party_joined",
            field=models.TextField(blank=True, null=True, verbose_name="ngày vào Đảng"),
        ),
        migrations.AlterField(
            model_name="person",
            name="party_full",
            field=models.TextField(blank=True, null=True, verbose_name="ngày chính thức"),
        ),
        migrations.AddField(
            model_name="person",
            name="cccd_hash",
            field=models.CharField(blank=True, editable=False, max_length=32, null=True),
        ),
        # 2. The values, converted with the environment's key.
        migrations.RunPython(forwards, backwards),
        # 3. The final fields (the columns stay as they are).
        migrations.AlterField(
            model_name="person",
            name="cccd",
            field=canbo.core.fields.EncryptedTextField(blank=True, null=True, verbose_name="số CCCD"),
        ),
        migrations.AlterField(
            model_name="person",
            name="cccd_hash",
            field=canbo.core.fields.KeyedHashField(
                blank=True, editable=False, max_length=32, null=True, purpose="cccd", source="cccd", unique=True
            ),
        ),
        migrations.AlterField(
            model_name="person",
            name="ethnicity",
            field=canbo.core.fields.KeyedCodeField(
                codes=canbo.people.catalogues.ethnic_codes, purpose="ethnicity", verbose_name="dân tộc"
            ),
        ),
        migrations.AlterField(
            model_name="person",
            name="religion",
            field=canbo.core.fields.KeyedCodeField(
                codes=canbo.people.catalogues.religion_codes, default="00", purpose="religion", verbose_name="tôn giáo"
            ),
        ),
        migrations.AlterField(
            model_name="person",
            name="party_joined",
            field=canbo.core.fields.EncryptedDateField(blank=True, null=True, verbose_name="ngày vào Đảng"),
        ),
        migrations.AlterField(
            model_name="person",
            name="party_full",
            field=canbo.core.fields.EncryptedDateField(blank=True, null=True, verbose_name="ngày chính thức"),
        ),
    ]
