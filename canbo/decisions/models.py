"""The decisions app's tables."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


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
