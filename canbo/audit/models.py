from typing import Any, NoReturn

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from canbo.audit.actions import action_label


class AppendOnlyError(Exception):
    pass


class AuditQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Nhật ký chỉ được ghi thêm, không được sửa.")

    def delete(self) -> NoReturn:  # type: ignore[override]
        raise AppendOnlyError("Nhật ký chỉ được ghi thêm, không được xóa.")


class AuditEntry(models.Model):
    """One write: who, when, from where, on what object, what changed (before and after).

    Append-only: the application cannot update or delete a row (this model refuses, database
    triggers refuse UPDATE, DELETE and TRUNCATE, and in production the application's database role
    may only SELECT and INSERT: core/append_only.py).
    """

    append_only = True

    at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    actor_name = models.CharField(_("tên người thực hiện"), max_length=150, blank=True)
    source = models.CharField(_("nguồn"), max_length=20, default="web")  # web, api, cli
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    action = models.CharField(_("thao tác"), max_length=50)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(_("mã đối tượng"), max_length=64)
    object_repr = models.CharField(_("đối tượng"), max_length=255)
    changes = models.JSONField(_("thay đổi"), default=dict, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("mục nhật ký")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="audit_object")]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_name} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("Nhật ký chỉ được ghi thêm, không được sửa.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Nhật ký chỉ được ghi thêm, không được xóa.")

    @property
    def action_label(self) -> str:
        """The action in Vietnamese ("Nhập danh sách cán bộ", not `people.import`)."""
        return action_label(self.action)

    @property
    def object_type_label(self) -> str:
        """The kind of object in Vietnamese (its model's verbose name)."""
        model = self.content_type.model_class()
        return str(model._meta.verbose_name).capitalize() if model is not None else self.content_type.model
