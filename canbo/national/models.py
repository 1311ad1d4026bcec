"""The record of each export to the national database's format (the audit trail points at it)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ExportFormat(models.TextChoices):
    JSONL = "jsonl", _("JSON Lines")
    XLSX = "xlsx", _("Excel")


class NationalExport(models.Model):
    """One export of the records in the national database's 10 groups: who, when, in which format, the
    records as on which date, over which part of the organisation, and how many people it held (those
    in scope; the ones without a valid personal identification number are left out of the file and
    listed by it). Written once, when the export begins, never changed (append-only); its audit entry
    (`national.export`) and the record of the read of personal data (people.SensitiveAccess, `export`)
    are written with it."""

    append_only = True

    at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(_("người xuất"), max_length=150)
    format = models.CharField(_("định dạng"), max_length=10, choices=ExportFormat.choices)
    as_of = models.DateField(_("dữ liệu tại ngày"))
    scope = models.CharField(_("phạm vi"), max_length=255)  # "toàn tỉnh" or the role units' names
    people = models.PositiveIntegerField(_("số người trong phạm vi"), default=0)

    class Meta:
        verbose_name = _("lần xuất dữ liệu cơ sở dữ liệu quốc gia")
        verbose_name_plural = _("các lần xuất dữ liệu cơ sở dữ liệu quốc gia")
        ordering = ["-at"]

    def __str__(self) -> str:
        return (
            f"Xuất {self.get_format_display()} dữ liệu ngày {self.as_of:%d/%m/%Y} "
            f"({self.people} người, {self.scope})"
        )
