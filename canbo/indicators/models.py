"""The targets the indicators are measured against, and saved snapshots of the indicators."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from canbo.core.constraints import one_of


class Indicator(models.TextChoices):
    LEADERS_UNDER_40 = "leaders_under_40", _("Lãnh đạo Sở, ngành dưới 40 tuổi")
    WOMEN_LEADER_RULE = "women_leader_rule", _("Cơ quan có từ 1/3 nữ phải có lãnh đạo nữ")
    ETHNIC_MINORITY_LEADERS = "ethnic_minority_leaders", _("Lãnh đạo người dân tộc thiểu số")
    INTERNATIONAL_CAPABLE = "international_capable", _("Làm việc được trong môi trường quốc tế")
    WOMEN_KEY_LEADER_AGENCIES = "women_key_leader_agencies", _("Cơ quan có lãnh đạo chủ chốt là nữ")
    WOMEN_IN_PLANNING_POOL = "women_in_planning_pool", _("Nữ trong quy hoạch lãnh đạo, quản lý")


class TargetScope(models.TextChoices):
    PROVINCE = "province", _("Toàn tỉnh")
    AGENCY = "agency", _("Từng cơ quan")


class Target(models.Model):
    """A target: its indicator, scope, year, threshold (percent; a range for 25–30 %), the text as
    the source document words it, and that document. The plan's targets are kept in step with the
    plan (plans.PlanTarget, linked); the national ones come from indicators/data/national.toml."""

    code = models.CharField(_("mã"), max_length=60, unique=True)
    indicator = models.CharField(_("chỉ số"), max_length=40, choices=Indicator.choices)
    scope = models.CharField(_("phạm vi"), max_length=10, choices=TargetScope.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    threshold = models.DecimalField(_("ngưỡng (%)"), max_digits=6, decimal_places=2, null=True, blank=True)
    threshold_to = models.DecimalField(_("đến (%)"), max_digits=6, decimal_places=2, null=True, blank=True)
    text = models.TextField(_("chỉ tiêu"))
    source = models.CharField(_("văn bản"), max_length=400)
    plan_target = models.OneToOneField(
        "plans.PlanTarget", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["indicator", "year", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(threshold__isnull=True) | Q(threshold__gte=0, threshold__lte=100),
                name="indicators_target_threshold_percent",
            ),
            models.CheckConstraint(
                condition=Q(threshold_to__isnull=True) | Q(threshold_to__gte=models.F("threshold")),
                name="indicators_target_range_order",
            ),
            one_of("indicator", Indicator, name="indicators_target_indicator_valid"),
            one_of("scope", TargetScope, name="indicators_target_scope_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.text[:80]}"


class Snapshot(models.Model):
    """The indicators of the whole province on a date, as measured then (the JSON of
    selectors.indicators_on and the national indicators), kept so that later corrections of the
    registry do not rewrite what was reported. One per date: saving again replaces the figures
    (and is audited). The annual report uses the yearly snapshot of 31/12."""

    as_of = models.DateField(_("ngày số liệu"), unique=True)
    taken_at = models.DateTimeField(_("thời điểm lưu"), default=timezone.now)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    taken_by_name = models.CharField(_("người lưu"), max_length=150)
    data = models.JSONField(_("số liệu"))

    class Meta:
        verbose_name = _("số liệu chỉ tiêu đã lưu")
        verbose_name_plural = _("số liệu chỉ tiêu đã lưu")
        ordering = ["as_of"]

    def __str__(self) -> str:
        return f"Số liệu chỉ tiêu ngày {self.as_of:%d/%m/%Y}"


class RegistryChange(models.Model):
    """One line of the registry's change log, written by database triggers on the people, their
    assignments, language levels and posts (migration 0005): the person whose indicator facts changed,
    or none for "everything" (a post's level changed, a table emptied, a bulk statement of more than
    10,000 rows). The in-memory indicator facts of every application server (indicators.facts) read
    what changed since they were last brought up to date (decisions/0015). On PostgreSQL, `xid` is
    the writing transaction's id: a change is read from the oldest transaction still running when the
    facts were last refreshed, so that a transaction committing late is never skipped."""

    person_id = models.BigIntegerField(null=True)
    xid = models.BigIntegerField(null=True)

    class Meta:
        indexes = [models.Index(fields=["xid"], name="indicators_change_xid")]
        verbose_name = _("thay đổi của sổ cán bộ")

    def __str__(self) -> str:
        return f"{self.pk}: {self.person_id if self.person_id is not None else 'tất cả'}"
