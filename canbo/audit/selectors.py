from django.contrib.contenttypes.models import ContentType
from django.db import models

from canbo.audit.models import AuditEntry


def audit_entries_for(*, obj: models.Model) -> models.QuerySet[AuditEntry]:
    """An object's history, newest first. The caller has already checked the object's scope."""
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=True)
    return AuditEntry.objects.filter(content_type=content_type, object_id=str(obj.pk)).select_related("actor")
