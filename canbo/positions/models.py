"""The positions app's tables (issue 16.4): the national framework lists of job positions (Decree
361/2025/NĐ-CP for civil servants, Decree 232/2026/NĐ-CP for public employees), each agency's job
positions by date, who holds which position by date, and the staffing quota (biên chế) of an agency
for a year. docs/positions.md."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from canbo.core.constraints import one_of
from canbo.core.scoping import ScopedQuerySet
from canbo.people.choices import StaffCategory
from canbo.positions.choices import ListCode, PositionGroup


class JobPositionFramework(models.Model):
    """One entry of a national framework list (danh mục khung vị trí việc làm). Not scoped: the lists
    are the same for every agency."""

    list_code = models.CharField(_("danh mục"), max_length=30, choices=ListCode.choices)
    code = models.CharField(_("mã"), max_length=30)
    name = models.CharField(_("tên vị trí việc làm"), max_length=500)
    rank_code = models.CharField(_("mã ngạch"), max_length=20, blank=True, default="")
    rank_name = models.CharField(_("ngạch"), max_length=100, blank=True, default="")
    source = models.CharField(_("nguồn"), max_length=500, blank=True, default="")

    class Meta:
        verbose_name = _("vị trí việc làm trong danh mục khung")
        verbose_name_plural = _("danh mục khung vị trí việc làm")
        ordering = ["list_code", "code"]
        constraints = [
            models.UniqueConstraint(fields=["list_code", "code"], name="positions_framework_once"),
            one_of("list_code", ListCode, name="positions_framework_list_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"


class JobPosition(models.Model):
    """A job position of one agency, in force from valid_from (inclusive) to valid_to (exclusive; empty
    = still). A change of the list (a new name, another number of people) ends the old row and opens a
    new one, so the list on any past date can be read back."""

    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan")
    )
    framework = models.ForeignKey(
        JobPositionFramework,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="positions",
        verbose_name=_("vị trí trong danh mục khung"),
    )
    code = models.CharField(_("mã vị trí"), max_length=30)
    name = models.CharField(_("tên vị trí việc làm"), max_length=500)
    group = models.CharField(_("nhóm"), max_length=20, choices=PositionGroup.choices)
    staff_category = models.CharField(
        _("loại cán bộ"), max_length=20, choices=StaffCategory.choices, default=StaffCategory.CIVIL_SERVANT
    )
    rank_code = models.CharField(_("mã ngạch"), max_length=20, blank=True, default="")
    rank_name = models.CharField(_("ngạch"), max_length=100, blank=True, default="")
    planned_count = models.PositiveSmallIntegerField(_("số người làm việc"), default=1)
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến ngày (không kể ngày này)"), null=True, blank=True)
    description = models.TextField(_("bản mô tả công việc"), blank=True, default="")

    objects = ScopedQuerySet.as_manager()
    scope_field = "unit"

    class Meta:
        verbose_name = _("vị trí việc làm")
        verbose_name_plural = _("vị trí việc làm")
        ordering = ["unit_id", "group", "code", "valid_from"]
        indexes = [models.Index(fields=["unit", "valid_from", "valid_to"], name="positions_pos_unit_period")]
        constraints = [
            models.UniqueConstraint(fields=["unit", "code", "valid_from"], name="positions_position_once"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=F("valid_from")),
                name="positions_position_period_order",
                violation_error_message=_("Ngày kết thúc phải sau ngày bắt đầu."),
            ),
            one_of("group", PositionGroup, name="positions_position_group_valid"),
            one_of("staff_category", StaffCategory, name="positions_position_category_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"


class PositionHolding(models.Model):
    """A person in a job position from valid_from (inclusive) to valid_to (exclusive; empty = still).
    One position at a time per person: the service says so in Vietnamese, and the database refuses an
    overlap (migration 0002: an exclusion constraint on PostgreSQL, triggers on SQLite)."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="position_holdings", verbose_name=_("cán bộ")
    )
    position = models.ForeignKey(
        JobPosition, on_delete=models.PROTECT, related_name="holdings", verbose_name=_("vị trí việc làm")
    )
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến ngày (không kể ngày này)"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True, default="")

    objects = ScopedQuerySet.as_manager()
    scope_field = "position__unit"

    class Meta:
        verbose_name = _("bố trí vào vị trí việc làm")
        verbose_name_plural = _("bố trí vào vị trí việc làm")
        ordering = ["position_id", "valid_from", "pk"]
        indexes = [models.Index(fields=["person", "valid_from"], name="positions_holding_person")]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=F("valid_from")),
                name="positions_holding_period_order",
                violation_error_message=_("Ngày kết thúc phải sau ngày bắt đầu."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.position}"


class StaffingQuota(models.Model):
    """The staffing quota (biên chế) of an agency for a year: civil servants, and the people paid by the
    state budget in its public service units (số người làm việc)."""

    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    civil_servants = models.PositiveIntegerField(_("biên chế công chức"))
    public_employees = models.PositiveIntegerField(_("số lượng người làm việc (viên chức)"), default=0)
    decision_number = models.CharField(_("số quyết định giao"), max_length=100, blank=True, default="")
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "unit"

    class Meta:
        verbose_name = _("biên chế được giao")
        verbose_name_plural = _("biên chế được giao")
        ordering = ["unit_id", "-year"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="positions_quota_once")]

    def __str__(self) -> str:
        return f"{self.unit} · {self.year}"
