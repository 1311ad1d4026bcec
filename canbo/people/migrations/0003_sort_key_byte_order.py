"""people_person.sort_key is ASCII built so that its byte order is the Vietnamese order of names
(people.vnsort). PostgreSQL compares text with the database's collation, and a linguistic one
(en_US.UTF-8, vi_VN.UTF-8) skips spaces and punctuation, which would reorder the keys: the column
takes the "C" collation there, whatever the server's default. SQLite already compares bytes."""

from typing import Any

from django.db import migrations


def forwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute('ALTER TABLE people_person ALTER COLUMN sort_key TYPE varchar(400) COLLATE "C"')


def backwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            'ALTER TABLE people_person ALTER COLUMN sort_key TYPE varchar(400) COLLATE "default"'
        )


class Migration(migrations.Migration):
    dependencies = [("people", "0002_import_batches")]
    operations = [migrations.RunPython(forwards, backwards)]
