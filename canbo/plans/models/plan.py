import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from canbo.core.constraints import one_of
from canbo.org.choices import UnitKind

# Who "các cơ quan, đơn vị, địa phương" are when a plan does not say: the departments and the
# district level. A plan lists its own (Plan.addressee_kinds: NQ07's "Nơi nhận" adds the public
# service units under the People's Committee and the special associations).
DEFAULT_ADDRESSEE_KINDS = [UnitKind.DEPARTMENT.value, UnitKind.DISTRICT.value]


def default_addressee_kinds() -> list[str]:
    return list(DEFAULT_ADDRESSEE_KINDS)


class Plan(models.Model):
    """A plan document: its number, issuer, date, the documents it rests on, its period."""

    code = models.SlugField(_("mã kế hoạch"), max_length=50, unique=True)
    number = models.CharField(_("số hiệu"), max_length=100, blank=True)
    title = models.TextField(_("tên kế hoạch"))
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255)
    issuer_unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    issued_text = models.CharField(_("ngày ban hành (như văn bản ghi)"), max_length=100, blank=True)
    based_on = models.TextField(_("căn cứ"), blank=True, help_text=_("Mỗi văn bản một dòng."))
    period_from = models.PositiveSmallIntegerField(_("từ năm"))
    period_to = models.PositiveSmallIntegerField(_("đến năm"))
    starts_on = models.DateField(_("theo dõi từ ngày"), null=True, blank=True)
    addressee_kinds = models.JSONField(
        _("các cơ quan, đơn vị, địa phương gồm"),
        default=default_addressee_kinds,
        blank=True,
        help_text=_(
            "Loại đơn vị trực thuộc UBND tỉnh nhận nhiệm vụ giao chung (theo “Nơi nhận” của kế hoạch)."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-period_from", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_to__gte=models.F("period_from")), name="plans_plan_period_order"
            )
        ]

    def __str__(self) -> str:
        return self.title[:120]

    def clean(self) -> None:
        unknown = [k for k in self.addressee_kinds or [] if k not in UnitKind.values]
        if unknown or not isinstance(self.addressee_kinds, list):
            raise ValidationError({"addressee_kinds": _("Loại đơn vị không có trong danh mục: %s") % unknown})

    @property
    def follows_from(self) -> "dt.date":
        """The day the plan is followed from (its first year's 1 January when not recorded)."""
        return self.starts_on or dt.date(self.period_from, 1, 1)


class PlanSection(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    code = models.CharField(_("mục"), max_length=20)
    title = models.CharField(_("tên mục"), max_length=255)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["plan_id", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="plans_section_unique")]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class PlanTarget(models.Model):
    """A measurable target of the plan (section I.4): what, by when, how much."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    code = models.CharField(_("mã chỉ tiêu"), max_length=30)
    text = models.TextField(_("chỉ tiêu"))
    indicator = models.CharField(_("chỉ số"), max_length=50)
    year = models.PositiveSmallIntegerField(_("năm"))
    threshold = models.DecimalField(_("ngưỡng (%)"), max_digits=6, decimal_places=2, null=True, blank=True)
    threshold_to = models.DecimalField(_("đến (%)"), max_digits=6, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["plan_id", "year", "code"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="plans_target_unique")]

    def __str__(self) -> str:
        return self.text[:120]


class Task(models.Model):
    """A task of the plan. Occurrences (one per agency and period) carry the work and reports."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    section = models.ForeignKey(PlanSection, on_delete=models.PROTECT, related_name="tasks")
    code = models.CharField(_("mã nhiệm vụ"), max_length=30)
    title = models.CharField(_("nhiệm vụ (ngắn)"), max_length=300)
    text = models.TextField(_("nội dung"))
    lead_unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_tasks",
        verbose_name=_("cơ quan chủ trì"),
    )
    all_agencies = models.BooleanField(
        _("giao các cơ quan, đơn vị, địa phương"),
        default=False,
        help_text=_("Nhiệm vụ chia cho mọi cơ quan, đơn vị, địa phương có hiệu lực vào ngày của kỳ."),
    )
    co_lead_units = models.ManyToManyField(
        "org.Unit", blank=True, related_name="co_led_tasks", verbose_name=_("cùng chủ trì")
    )
    cooperating_text = models.CharField(_("cơ quan phối hợp"), max_length=255, blank=True)
    product_kinds = models.JSONField(_("loại sản phẩm"), default=list, blank=True)
    product_text = models.TextField(_("sản phẩm"), blank=True)
    deadline_text = models.TextField(_("thời gian hoàn thành (như văn bản ghi)"), blank=True)
    schedules = models.JSONField(_("thời hạn đã tính"), default=list, blank=True)
    detailed_in = models.CharField(
        _("chi tiết tại"), max_length=100, blank=True, help_text=_("Mã các dòng Phụ lục cụ thể hóa nhiệm vụ.")
    )
    notes = models.TextField(_("ghi chú"), blank=True)
    level = models.CharField(
        _("cấp thực hiện sản phẩm"),
        max_length=20,
        choices=UnitKind.choices,
        blank=True,
        help_text=_(
            "Sản phẩm thuộc một cấp (ví dụ quy hoạch sử dụng đất cấp huyện): không giao cho kỳ "
            "khi cấp đó không còn."
        ),
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["plan_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="plans_task_unique"),
            models.CheckConstraint(
                condition=models.Q(all_agencies=True) | models.Q(lead_unit__isnull=False),
                name="plans_task_has_lead",
                violation_error_message=_("Nhiệm vụ phải có cơ quan chủ trì hoặc giao cho mọi cơ quan."),
            ),
            one_of("level", UnitKind, name="plans_task_level_valid", blank=True),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("plans:task", args=[self.pk])
