"""The evaluation app's tables (issue 15): the year's sheet of each person (phiếu đánh giá, xếp loại),
the products tracked month by month or quarter by quarter, the catalogue of product types with their
conversion coefficient, groups of similar duties (the quota's scope), the quota exception, the agency's
ranking decision, appeals, and the agency's own 100-point year.

The level an agency finalises is written to the registry (people.Evaluation): the decisions checker,
the planning pool and the indicators read it there."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from canbo.core.constraints import one_of
from canbo.core.scoping import ScopedQuerySet
from canbo.evaluation.choices import AgencyStatus, AppealOutcome, ExcellentDecision, PeriodKind, SheetStatus
from canbo.people.choices import EvaluationLevel, StaffCategory


class ProductType(models.Model):
    """A kind of product or work of an agency with its conversion coefficient (hệ số quy đổi, Decree
    335/2025 art. 13: the method is the agency's; default 1)."""

    unit = models.ForeignKey(
        "org.Unit", on_delete=models.CASCADE, related_name="+", verbose_name=_("cơ quan")
    )
    name = models.CharField(_("loại sản phẩm, công việc"), max_length=255)
    coefficient = models.DecimalField(
        _("hệ số quy đổi"), max_digits=6, decimal_places=2, default=1, validators=[MinValueValidator(0)]
    )
    note = models.CharField(_("ghi chú"), max_length=500, blank=True, default="")

    objects = ScopedQuerySet.as_manager()
    scope_field = "unit"

    class Meta:
        verbose_name = _("loại sản phẩm")
        verbose_name_plural = _("danh mục sản phẩm")
        ordering = ["unit_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="evaluation_product_type_once"),
            models.CheckConstraint(condition=Q(coefficient__gte=0), name="evaluation_product_type_coef"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (hệ số {self.coefficient:g})"


class DutyGroup(models.Model):
    """A group of civil servants with similar duties in one agency and year: art. 20(5) counts the quota
    "trong từng nhóm công chức có nhiệm vụ tương đồng". Defined by the agency."""

    unit = models.ForeignKey(
        "org.Unit", on_delete=models.CASCADE, related_name="+", verbose_name=_("cơ quan")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    name = models.CharField(_("nhóm nhiệm vụ tương đồng"), max_length=255)

    objects = ScopedQuerySet.as_manager()
    scope_field = "unit"

    class Meta:
        verbose_name = _("nhóm nhiệm vụ tương đồng")
        verbose_name_plural = _("nhóm nhiệm vụ tương đồng")
        ordering = ["unit_id", "year", "name"]
        constraints = [models.UniqueConstraint(fields=["unit", "year", "name"], name="evaluation_group_once")]

    def __str__(self) -> str:
        return self.name


class Sheet(models.Model):
    """One person's evaluation of one year, kept by the agency that ranks them (the new one after a
    transfer, with the old one's periods: Decree 335/2025 art. 21)."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="evaluation_sheets", verbose_name=_("cán bộ")
    )
    year = models.PositiveSmallIntegerField(_("năm đánh giá"))
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan xếp loại")
    )
    group = models.ForeignKey(
        DutyGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sheets",
        verbose_name=_("nhóm nhiệm vụ tương đồng"),
    )
    category = models.CharField(_("loại cán bộ"), max_length=20, choices=StaffCategory.choices)
    rule_text = models.CharField(_("văn bản áp dụng"), max_length=200)
    computes = models.BooleanField(_("tính mức từ điểm"), default=True)
    period_kind = models.CharField(
        _("kỳ theo dõi"), max_length=10, choices=PeriodKind.choices, default=PeriodKind.QUARTER
    )
    leader = models.BooleanField(_("lãnh đạo, quản lý"), default=False)
    deputy = models.BooleanField(_("cấp phó"), default=False)
    post_name = models.CharField(_("chức vụ"), max_length=150, blank=True, default="")
    # Inputs the manager gives.
    general_points = models.DecimalField(
        _("điểm tiêu chí chung"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    organisation_rate = models.DecimalField(
        _("tiêu chí tổ chức triển khai (%)"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Để trống: tính từ nhiệm vụ của Kế hoạch mà đơn vị được giao (người đứng đầu)."),
    )
    degradation = models.BooleanField(_("có kết luận suy thoái (điều 20 khoản 4 điểm b)"), default=False)
    unit_corruption = models.BooleanField(
        _("đơn vị trực tiếp phụ trách bị xử lý tham nhũng, lãng phí (điều 20 khoản 4 điểm d)"), default=False
    )
    recorded_level = models.CharField(
        _("mức xếp loại do cấp có thẩm quyền quyết định"),
        max_length=20,
        choices=EvaluationLevel.choices,
        blank=True,
        default="",
    )
    evidence = models.TextField(_("căn cứ, nhận xét"), blank=True, default="")
    # Computed (evaluation.services.ranking_compute): the last figures, shown on the pages.
    task_points = models.DecimalField(
        _("điểm kết quả nhiệm vụ"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    score = models.DecimalField(_("tổng điểm"), max_digits=8, decimal_places=4, null=True, blank=True)
    unit_result = models.DecimalField(
        _("kết quả của đơn vị (%)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    computed_level = models.CharField(
        _("mức theo điểm"), max_length=20, choices=EvaluationLevel.choices, blank=True, default=""
    )
    forced_reasons = models.CharField(_("lý do không hoàn thành"), max_length=200, blank=True, default="")
    excellent_decision = models.CharField(
        _("quyết định về tỷ lệ xuất sắc"),
        max_length=5,
        choices=ExcellentDecision.choices,
        blank=True,
        default="",
    )
    level = models.CharField(
        _("mức xếp loại"), max_length=20, choices=EvaluationLevel.choices, blank=True, default=""
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=SheetStatus.choices, default=SheetStatus.DRAFT
    )
    confirmed_by_name = models.CharField(_("người chấm điểm"), max_length=150, blank=True, default="")
    confirmed_on = models.DateField(_("ngày chấm điểm"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "unit"

    class Meta:
        verbose_name = _("phiếu đánh giá, xếp loại")
        verbose_name_plural = _("phiếu đánh giá, xếp loại")
        ordering = ["unit_id", "year", "person_id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "year"], name="evaluation_sheet_once_a_year"),
            one_of("status", SheetStatus, name="evaluation_sheet_status_valid"),
            one_of("period_kind", PeriodKind, name="evaluation_sheet_period_valid"),
            models.CheckConstraint(
                condition=Q(general_points__isnull=True) | Q(general_points__gte=0),
                name="evaluation_sheet_general_positive",
            ),
        ]
        indexes = [models.Index(fields=["unit", "year"], name="evaluation_sheet_unit_year")]

    def __str__(self) -> str:
        return f"{self.person} · {self.year}"


class WorkItem(models.Model):
    """A product or work assigned to the person for a month or quarter (Decree 335/2025 art. 14):
    completed or not, failed quality reviews and delays, those with an objective cause confirmed (with
    who confirmed it). Entered for the civil servant, confirmed by the manager."""

    sheet = models.ForeignKey(Sheet, on_delete=models.CASCADE, related_name="items")
    period = models.PositiveSmallIntegerField(
        _("kỳ"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    product_type = models.ForeignKey(
        ProductType,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("loại sản phẩm"),
    )
    title = models.CharField(_("sản phẩm, công việc"), max_length=500)
    weight = models.DecimalField(
        _("hệ số quy đổi"), max_digits=6, decimal_places=2, default=1, validators=[MinValueValidator(0)]
    )
    completed = models.BooleanField(_("đã hoàn thành"), default=False)
    failed_reviews = models.PositiveSmallIntegerField(_("số lần đánh giá chất lượng chưa đạt"), default=0)
    excused_failed_reviews = models.PositiveSmallIntegerField(
        _("trong đó có nguyên nhân khách quan"), default=0
    )
    delays = models.PositiveSmallIntegerField(_("số lần chậm tiến độ"), default=0)
    excused_delays = models.PositiveSmallIntegerField(_("trong đó có nguyên nhân khách quan"), default=0)
    excuse_confirmed_by = models.CharField(
        _("người xác nhận nguyên nhân khách quan"), max_length=150, blank=True, default=""
    )
    source_unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan theo dõi")
    )
    entered_by_name = models.CharField(_("người nhập"), max_length=150, blank=True, default="")
    confirmed_by_name = models.CharField(_("người xác nhận"), max_length=150, blank=True, default="")
    confirmed_on = models.DateField(_("ngày xác nhận"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True, default="")

    objects = ScopedQuerySet.as_manager()
    scope_field = "sheet__unit"

    class Meta:
        verbose_name = _("sản phẩm, công việc được giao")
        verbose_name_plural = _("sản phẩm, công việc được giao")
        ordering = ["sheet_id", "period", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(excused_failed_reviews__lte=F("failed_reviews")),
                name="evaluation_item_excused_reviews",
            ),
            models.CheckConstraint(
                condition=Q(excused_delays__lte=F("delays")), name="evaluation_item_excused_delays"
            ),
            models.CheckConstraint(condition=Q(weight__gte=0), name="evaluation_item_weight_positive"),
            models.CheckConstraint(
                condition=Q(period__gte=1, period__lte=12), name="evaluation_item_period_range"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class QuotaException(models.Model):
    """The exception of art. 20(5)(b) for an agency with outstanding results: a higher ratio for one
    year, with the decision that allows it (the ceiling is the setting eval.quota_exception_ceiling)."""

    unit = models.ForeignKey(
        "org.Unit", on_delete=models.CASCADE, related_name="+", verbose_name=_("cơ quan")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    ratio = models.DecimalField(_("tỷ lệ xuất sắc so với số tốt"), max_digits=4, decimal_places=3)
    decision_number = models.CharField(_("số quyết định"), max_length=100)
    decided_on = models.DateField(_("ngày quyết định"))
    note = models.TextField(_("lý do"), blank=True, default="")
    created_by_name = models.CharField(max_length=150, blank=True, default="")

    objects = ScopedQuerySet.as_manager()
    scope_field = "unit"

    class Meta:
        verbose_name = _("ngoại lệ tỷ lệ xuất sắc")
        verbose_name_plural = _("ngoại lệ tỷ lệ xuất sắc")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="evaluation_quota_exception_once"),
            models.CheckConstraint(
                condition=Q(ratio__gt=0, ratio__lte=1), name="evaluation_quota_ratio_range"
            ),
        ]

    def __str__(self) -> str:
        return f"QĐ số {self.decision_number} ngày {self.decided_on:%d/%m/%Y}"


class Ranking(models.Model):
    """An agency's finalised ranking of a year: the decision of the competent person; its levels are
    written to the registry (people.Evaluation)."""

    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    decision_number = models.CharField(_("số quyết định"), max_length=100)
    decided_on = models.DateField(_("ngày quyết định"))
    decided_by_name = models.CharField(_("người ghi"), max_length=150, blank=True, default="")
    people = models.PositiveIntegerField(_("số người được xếp loại"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "unit"

    class Meta:
        verbose_name = _("quyết định xếp loại")
        verbose_name_plural = _("quyết định xếp loại")
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="evaluation_ranking_once")]

    def __str__(self) -> str:
        return f"QĐ số {self.decision_number} ngày {self.decided_on:%d/%m/%Y}"


class Appeal(models.Model):
    """A public employee's petition against their ranking (Law on Public Employees 2025 art. 27: within
    5 days of publication; the answer within 10 working days; no review of the answer)."""

    sheet = models.ForeignKey(Sheet, on_delete=models.CASCADE, related_name="appeals")
    published_on = models.DateField(_("ngày công khai kết quả"))
    lodged_on = models.DateField(_("ngày kiến nghị"))
    content = models.TextField(_("nội dung kiến nghị"))
    answer_due = models.DateField(_("hạn trả lời"))
    answered_on = models.DateField(_("ngày trả lời"), null=True, blank=True)
    answer = models.TextField(_("nội dung trả lời"), blank=True, default="")
    outcome = models.CharField(
        _("kết quả"), max_length=12, choices=AppealOutcome.choices, blank=True, default=""
    )
    new_level = models.CharField(
        _("mức xếp loại sau điều chỉnh"),
        max_length=20,
        choices=EvaluationLevel.choices,
        blank=True,
        default="",
    )

    objects = ScopedQuerySet.as_manager()
    scope_field = "sheet__unit"

    class Meta:
        verbose_name = _("kiến nghị về kết quả xếp loại")
        verbose_name_plural = _("kiến nghị về kết quả xếp loại")
        ordering = ["-lodged_on", "-pk"]

    def __str__(self) -> str:
        return f"Kiến nghị ngày {self.lodged_on:%d/%m/%Y}"


class AgencyEvaluation(models.Model):
    """A state administrative agency's 100-point year (Decree 335/2025, chapter on agencies): general
    criteria scored by Sở Nội vụ, task results from the plan's occurrences the agency held. While a draft
    the task results are computed live; finalising keeps the figures it was decided on."""

    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    general_points = models.DecimalField(
        _("điểm tiêu chí chung"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    note = models.TextField(_("nhận xét"), blank=True, default="")
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=AgencyStatus.choices, default=AgencyStatus.DRAFT
    )
    task_points = models.DecimalField(
        _("điểm kết quả nhiệm vụ"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    score = models.DecimalField(_("tổng điểm"), max_digits=8, decimal_places=4, null=True, blank=True)
    level = models.CharField(
        _("mức xếp loại"), max_length=20, choices=EvaluationLevel.choices, blank=True, default=""
    )
    counts = models.JSONField(_("số liệu nhiệm vụ khi xếp loại"), default=dict, blank=True)
    decision_number = models.CharField(_("số quyết định"), max_length=100, blank=True, default="")
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = ScopedQuerySet.as_manager()
    scope_field = "unit"

    class Meta:
        verbose_name = _("đánh giá, xếp loại cơ quan")
        verbose_name_plural = _("đánh giá, xếp loại cơ quan")
        ordering = ["year", "unit_id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="evaluation_agency_once_a_year"),
            one_of("status", AgencyStatus, name="evaluation_agency_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.year}"


__all__ = [
    "AgencyEvaluation",
    "Appeal",
    "DutyGroup",
    "ProductType",
    "QuotaException",
    "Ranking",
    "Sheet",
    "WorkItem",
]
