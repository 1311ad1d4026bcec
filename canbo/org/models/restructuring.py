from django.db import models
from django.utils.translation import gettext_lazy as _

from canbo.core.constraints import one_of
from canbo.org.choices import RestructuringKind
from canbo.org.models.unit import Unit


class Restructuring(models.Model):
    """A decision that changed the organisation on its effective date."""

    kind = models.CharField(_("loại sắp xếp"), max_length=20, choices=RestructuringKind.choices)
    effective_date = models.DateField(_("ngày hiệu lực"))
    decision_number = models.CharField(_("số quyết định"), max_length=100, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision_issuer = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("sự kiện sắp xếp tổ chức")
        verbose_name_plural = _("sự kiện sắp xếp tổ chức")
        ordering = ["effective_date", "pk"]
        constraints = [one_of("kind", RestructuringKind, name="org_restructuring_kind_valid")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.effective_date:%d/%m/%Y}"


class RestructuringLink(models.Model):
    """One edge of the lineage: predecessor's work went to successor on the event's date.

    A rename or move links a unit to itself; a dissolution without a receiving unit has no
    successor.
    """

    event = models.ForeignKey(Restructuring, on_delete=models.CASCADE, related_name="links")
    predecessor = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="links_out")
    successor = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="links_in", null=True, blank=True
    )

    class Meta:
        verbose_name = _("liên kết kế thừa")
        verbose_name_plural = _("liên kết kế thừa")
        constraints = [
            models.UniqueConstraint(fields=["event", "predecessor", "successor"], name="org_link_unique")
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor or '∅'}"
