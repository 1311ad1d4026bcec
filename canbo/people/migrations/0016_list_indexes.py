"""Indexes for the people list at national scale (issue 17.5)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('org', '0004_unit_kind_association'),
        ('people', '0015_language_certified_on'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='person',
            index=models.Index(fields=['unit', 'id'], name='people_unit_id'),
        ),
        migrations.AddIndex(
            model_name='person',
            index=models.Index(fields=['birth_date', 'sort_key', 'id'], name='people_birth_sort'),
        ),
    ]
