"""Reminders are recorded pending, then marked sent (plans.services.reminders). Every reminder recorded
before this migration was sent in the same transaction that recorded it: it is marked sent on its day
(the time of day was not kept: midnight, in the project's time zone)."""

import datetime as dt

from django.db import migrations, models
from django.utils import timezone


def mark_sent(apps, schema_editor):
    Reminder = apps.get_model("plans", "Reminder")
    for day in Reminder.objects.values_list("sent_on", flat=True).distinct():
        at = timezone.make_aware(dt.datetime.combine(day, dt.time()))
        Reminder.objects.filter(sent_on=day, sent_at__isnull=True).update(sent_at=at)


class Migration(migrations.Migration):

    dependencies = [
        ("plans", "0002_extension_plans_extension_state_valid_and_more"),
    ]

    operations = [
        migrations.AddField(
            model_name="reminder",
            name="sent_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="thời điểm đã gửi"),
        ),
        migrations.RunPython(mark_sent, migrations.RunPython.noop),
    ]
