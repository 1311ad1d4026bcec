"""The people an import created point to it (Person.created_by_import, import_row) instead of a row
each in ImportedPerson: the links are copied, then the table dropped."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0005_import_file_path"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="created_by_import",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="people.peopleimport",
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="import_row",
            field=models.PositiveIntegerField(
                blank=True, editable=False, null=True, verbose_name="dòng của tệp nhập"
            ),
        ),
        migrations.RunSQL(
            """
            UPDATE people_person SET
                created_by_import_id = (
                    SELECT MIN(i.batch_id) FROM people_importedperson i WHERE i.person_id = people_person.id
                ),
                import_row = (
                    SELECT MIN(i."row") FROM people_importedperson i WHERE i.person_id = people_person.id
                )
            WHERE id IN (SELECT person_id FROM people_importedperson)
            """,
            # Back: the links again, one row per created person.
            """
            INSERT INTO people_importedperson (batch_id, person_id, "row")
            SELECT created_by_import_id, id, COALESCE(import_row, 0) FROM people_person
            WHERE created_by_import_id IS NOT NULL
            """,
        ),
        migrations.DeleteModel(
            name="ImportedPerson",
        ),
    ]
