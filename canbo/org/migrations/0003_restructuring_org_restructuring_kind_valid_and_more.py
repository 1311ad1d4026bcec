"""Kinds of units and of restructurings only from their catalogues.

On SQLite, adding a constraint rebuilds the table, which drops its triggers: the ones that refuse
overlapping versions (0002) are created again afterwards."""

import importlib

from django.db import migrations, models

_overlap = importlib.import_module("canbo.org.migrations.0002_no_overlapping_versions")


def _triggers_again(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in _overlap.SQLITE_DOWN + _overlap.SQLITE_UP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ('org', '0002_no_overlapping_versions'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='restructuring',
            constraint=models.CheckConstraint(condition=models.Q(('kind', 'absorb'), ('kind', 'dissolve'), ('kind', 'merge'), ('kind', 'move'), ('kind', 'rename'), ('kind', 'split'), _connector='OR'), name='org_restructuring_kind_valid', violation_error_message='Giá trị của “kind” không có trong danh mục.'),
        ),
        migrations.AddConstraint(
            model_name='unitversion',
            constraint=models.CheckConstraint(condition=models.Q(('kind', 'huyen'), ('kind', 'khac'), ('kind', 'phong'), ('kind', 'so_nganh'), ('kind', 'su_nghiep'), ('kind', 'tinh'), ('kind', 'xa'), _connector='OR'), name='org_unitversion_kind_valid', violation_error_message='Giá trị của “kind” không có trong danh mục.'),
        ),
        migrations.RunPython(_triggers_again, migrations.RunPython.noop),
    ]
