import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from canbo.audit.models import AuditEntry


def audit_entries_for(*, obj: models.Model) -> models.QuerySet[AuditEntry]:
    """An object's history, newest first. The caller has already checked the object's scope."""
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=True)
    return AuditEntry.objects.filter(content_type=content_type, object_id=str(obj.pk)).select_related("actor")


def audit_entries_search(
    *,
    actor_name: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
    content_type: ContentType | None = None,
    object_text: str = "",
    action: str = "",
) -> models.QuerySet[AuditEntry]:
    """The trail, newest first, filtered: by who (the name recorded, exactly), the days (from and to,
    both included, in the project's time zone), the kind of object and words of its name, and the
    action. Who may read the whole trail is the caller's question (accounts.views.audit_list)."""
    entries = AuditEntry.objects.select_related("content_type")
    if actor_name:
        entries = entries.filter(actor_name__iexact=actor_name)
    if since is not None:
        entries = entries.filter(at__gte=timezone.make_aware(dt.datetime.combine(since, dt.time.min)))
    if until is not None:
        next_day = until + dt.timedelta(days=1)
        entries = entries.filter(at__lt=timezone.make_aware(dt.datetime.combine(next_day, dt.time.min)))
    if content_type is not None:
        entries = entries.filter(content_type=content_type)
    if object_text:
        entries = entries.filter(
            models.Q(object_repr__icontains=object_text) | models.Q(object_id=object_text)
        )
    if action:
        entries = entries.filter(action=action)
    return entries
