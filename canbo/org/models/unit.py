import datetime as dt

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from canbo.core.constraints import one_of
from canbo.core.scoping import ScopedQuerySet
from canbo.org.choices import UnitKind


class Unit(models.Model):
    """A unit's stable identity. Its name, kind and place in the tree live in its versions.

    The code is the identity users and files refer to ("NT.SNV"); it never changes. A
    restructuring that creates an agency creates a new unit with a new code.
    """

    code = models.CharField(_("mã đơn vị"), max_length=50, unique=True)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "pk"

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("org:unit_detail", args=[self.pk])


class UnitVersionQuerySet(models.QuerySet["UnitVersion"]):
    def as_of(self, date: dt.date) -> "UnitVersionQuerySet":
        """Versions in force on date: valid_from <= date < valid_to (valid_to exclusive)."""
        return self.filter(valid_from__lte=date).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=date))


class UnitVersion(models.Model):
    """What a unit was from valid_from (inclusive) to valid_to (exclusive; empty = still so).

    The database forbids valid_to <= valid_from (a check constraint) and overlapping versions of
    one unit (an exclusion constraint on PostgreSQL, a trigger on SQLite; migration 0002).
    """

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="versions")
    name = models.CharField(_("tên đơn vị"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=100, blank=True)
    kind = models.CharField(_("loại đơn vị"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="child_versions",
        verbose_name=_("đơn vị cấp trên"),
    )
    valid_from = models.DateField(_("hiệu lực từ ngày"))
    valid_to = models.DateField(_("hiệu lực đến ngày (không kể ngày này)"), null=True, blank=True)

    objects = UnitVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("phiên bản đơn vị")
        verbose_name_plural = _("phiên bản đơn vị")
        ordering = ["unit_id", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="org_unitversion_valid_to_after_from",
                violation_error_message=_("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("unit")),
                name="org_unitversion_not_own_parent",
                violation_error_message=_("Đơn vị không thể là cấp trên của chính nó."),
            ),
            models.UniqueConstraint(fields=["unit", "valid_from"], name="org_unitversion_unique_start"),
            one_of("kind", UnitKind, name="org_unitversion_kind_valid"),
        ]
        indexes = [models.Index(fields=["valid_from", "valid_to"], name="org_version_period")]

    def __str__(self) -> str:
        return self.name

    def in_force(self, date: dt.date) -> bool:
        return self.valid_from <= date and (self.valid_to is None or date < self.valid_to)
