"""Kinds of units and of restructurings only from their catalogues.

On SQLite, adding a constraint rebuilds the table, which drops its triggers: the ones that refuse
overlapping versions (0002) are created again afterwards."""

import importlib

from django.db import migrations, models

_overlap = importlib.import_module("org.migrations.0002_no_overlapping_versions")


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
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['absorb', 'dissolve', 'merge', 'move', 'rename', 'split'])), name='org_restructuring_kind_valid', violation_error_message='Giá trị của “kind” không có trong danh mục.'),
        ),
        migrations.AddConstraint(
            model_name='unitversion',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['huyen', 'khac', 'phong', 'so_nganh', 'su_nghiep', 'tinh', 'xa'])), name='org_unitversion_kind_valid', violation_error_message='Giá trị của “kind” không có trong danh mục.'),
        ),
        migrations.RunPython(_triggers_again, migrations.RunPython.noop),
    ]
