"""The decisions app's tables."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from canbo.core.fields import EncryptedTextField


class RuleOrigin(models.TextChoices):
    DATA = "data", _("Theo văn bản (tệp dữ liệu)")
    MANUAL = "so_noi_vu", _("Sở Nội vụ bổ sung")


class RuleSetting(models.Model):
    """One version of a rule setting (a threshold a text gives or leaves to the authority), in force
    from `effective_from` until the next version of the same key. Versions are never edited on the
    rule page: a change is a new version (decisions.services.rule_setting_change). Those of the data
    file (origin "data") are kept in step with it after every migrate; those Sở Nội vụ added are not
    touched."""

    key = models.CharField(_("mã quy tắc"), max_length=80)
    value = models.JSONField(_("giá trị"))
    effective_from = models.DateField(_("áp dụng từ ngày"))
    text = models.CharField(_("văn bản"), max_length=200)
    article = models.CharField(_("điều, khoản"), max_length=200, blank=True, default="")
    checked = models.BooleanField(_("đã kiểm chứng"), default=False)
    source_url = models.URLField(_("nguồn"), max_length=500, blank=True, default="")
    origin = models.CharField(
        _("nguồn gốc"), max_length=10, choices=RuleOrigin.choices, default=RuleOrigin.DATA
    )
    reason = models.TextField(_("lý do"), blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by_name = models.CharField(max_length=150, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phiên bản quy tắc")
        verbose_name_plural = _("phiên bản quy tắc")
        ordering = ["key", "effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["key", "effective_from"], name="decisions_rule_one_per_day"),
            models.CheckConstraint(
                condition=Q(origin__in=[c.value for c in RuleOrigin]), name="decisions_rule_origin_valid"
            ),
            models.CheckConstraint(
                condition=Q(origin="data") | ~Q(reason=""), name="decisions_rule_manual_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} từ {self.effective_from:%d/%m/%Y}"


class InformationReport(models.Model):
    """Information received about a cadre (thông tin phản ánh, plan II.5): who sent it, when, what it
    says, who verifies it, and the conclusion. Visible only to personnel-work roles, each read logged
    (as the sensitive fields of the registry); an open one is a soft reason of the appointment checker.
    The content and the conclusion are encrypted at rest. Its scope is its person's: every read and
    write goes through the person, fetched within the user's scope (decisions.services)."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="information_reports")
    source = models.CharField(_("nguồn phản ánh"), max_length=255)
    received_on = models.DateField(_("ngày nhận"))
    content = EncryptedTextField(_("nội dung"))
    verifier = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người xác minh"),
    )
    conclusion = EncryptedTextField(_("kết luận"), blank=True, default="")
    concluded_on = models.DateField(_("ngày kết luận"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("thông tin phản ánh")
        verbose_name_plural = _("thông tin phản ánh")
        ordering = ["person_id", "received_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(concluded_on__isnull=True) | Q(concluded_on__gte=F("received_on")),
                name="decisions_information_concluded_after_received",
                violation_error_message=_("Ngày kết luận không được trước ngày nhận."),
            ),
        ]

    def __str__(self) -> str:
        return f"Thông tin phản ánh ngày {self.received_on:%d/%m/%Y}"
