"""The work on a task: occurrences (one per agency and period), reports, obstacles, extensions,
reminders. All belong to an agency through the occurrence's unit and are read through restrict()."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from canbo.core.constraints import one_of
from canbo.core.scoping import ScopedQuerySet
from canbo.plans.choices import ExtensionState, NotificationKind, Progress, ReminderKind, Review
from canbo.plans.models.plan import Task


class Occurrence(models.Model):
    """One agency's share of a task for one period ("Năm 2023", or the whole task when it is due
    once). `unit` is the agency the task was assigned to; after a restructuring its successor
    holds it (org lineage), and the history stays."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="occurrences")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="task_occurrences")
    period = models.CharField(_("kỳ"), max_length=50)
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    starts_on = models.DateField(_("bắt đầu từ"))
    original_due = models.DateField(_("thời hạn ban đầu"), null=True, blank=True)
    schedule_index = models.PositiveSmallIntegerField(default=0)

    objects = ScopedQuerySet.as_manager()
    scope_field = "unit"

    class Meta:
        verbose_name = _("lượt thực hiện nhiệm vụ")
        verbose_name_plural = _("lượt thực hiện nhiệm vụ")
        ordering = ["task__order", "original_due", "period", "unit__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "unit", "schedule_index", "period"], name="plans_occurrence_unique"
            )
        ]
        indexes = [models.Index(fields=["original_due"], name="plans_occ_due")]

    def __str__(self) -> str:
        return f"{self.task.code} · {self.period} · {self.unit.code}"

    def get_absolute_url(self) -> str:
        return reverse("plans:occurrence", args=[self.pk])


class Report(models.Model):
    """An agency's report on an occurrence. Sở Nội vụ accepts it or returns it with a comment;
    a returned report no longer counts."""

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="reports")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_on = models.DateField(_("ngày báo cáo"))
    submitted_at = models.DateTimeField(_("thời điểm gửi"), auto_now_add=True)
    progress = models.CharField(_("tình trạng"), max_length=10, choices=Progress.choices)
    percent = models.PositiveSmallIntegerField(_("tỷ lệ hoàn thành (%)"), default=0)
    narrative = models.TextField(_("kết quả thực hiện"), blank=True)
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    document_number = models.CharField(_("số văn bản (sản phẩm)"), max_length=100, blank=True)
    document_date = models.DateField(_("ngày văn bản"), null=True, blank=True)
    document_issuer = models.CharField(_("cơ quan ban hành văn bản"), max_length=255, blank=True)
    document_file = models.FileField(_("tệp văn bản"), upload_to="plans/reports/%Y/", blank=True)
    obstacles = models.TextField(_("khó khăn, vướng mắc"), blank=True)
    proposals = models.TextField(_("đề xuất, kiến nghị"), blank=True)
    review = models.CharField(_("xem xét"), max_length=10, choices=Review.choices, default=Review.SUBMITTED)
    review_comment = models.TextField(_("ý kiến của Sở Nội vụ"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_on = models.DateField(_("ngày xem xét"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "occurrence__unit"

    class Meta:
        verbose_name = _("báo cáo thực hiện")
        verbose_name_plural = _("báo cáo thực hiện")
        ordering = ["occurrence_id", "submitted_on", "submitted_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(percent__lte=100), name="plans_report_percent_max_100"),
            one_of("progress", Progress, name="plans_report_progress_valid"),
            one_of("review", Review, name="plans_report_review_valid"),
            models.CheckConstraint(
                condition=~models.Q(progress=Progress.DONE) | models.Q(completed_on__isnull=False),
                name="plans_report_done_has_date",
                violation_error_message=_("Báo cáo hoàn thành phải ghi ngày hoàn thành."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.occurrence} · {self.submitted_on:%d/%m/%Y}"


class Obstacle(models.Model):
    """A difficulty an agency raised; open until Sở Nội vụ answers it (plan, section IV.2)."""

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="obstacles")
    report = models.ForeignKey(Report, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    text = models.TextField(_("khó khăn, vướng mắc"))
    proposal = models.TextField(_("đề xuất"), blank=True)
    raised_on = models.DateField(_("ngày nêu"))
    answer = models.TextField(_("trả lời"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_on = models.DateField(_("ngày trả lời"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "occurrence__unit"

    class Meta:
        verbose_name = _("vướng mắc")
        verbose_name_plural = _("vướng mắc")
        ordering = ["raised_on", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class Extension(models.Model):
    """A request to move an occurrence's deadline. When granted the deadline moves; the original
    deadline and the number of extensions stay on record (RULES.md §7)."""

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="extensions")
    requested_due = models.DateField(_("thời hạn đề nghị"))
    reason = models.TextField(_("lý do"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_on = models.DateField(_("ngày đề nghị"))
    state = models.CharField(
        _("kết quả"), max_length=10, choices=ExtensionState.choices, default=ExtensionState.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision_comment = models.TextField(_("ý kiến"), blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "occurrence__unit"

    class Meta:
        verbose_name = _("gia hạn")
        verbose_name_plural = _("gia hạn")
        ordering = ["requested_on", "pk"]
        constraints = [one_of("state", ExtensionState, name="plans_extension_state_valid")]

    def __str__(self) -> str:
        return f"{self.occurrence} → {self.requested_due:%d/%m/%Y}"


class Reminder(models.Model):
    """A reminder e-mailed about an occurrence; never twice for the same occurrence and day
    (`sent_on`, the day it is for). Recorded first, pending (`sent_at` empty), and marked sent when
    the mail server has taken the message (plans.services.reminders)."""

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="reminders")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    sent_on = models.DateField(_("ngày gửi"))
    kind = models.CharField(_("loại"), max_length=20, choices=ReminderKind.choices)
    recipients = models.TextField(_("người nhận"))
    sent_at = models.DateTimeField(_("thời điểm đã gửi"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "occurrence__unit"

    class Meta:
        verbose_name = _("nhắc việc")
        verbose_name_plural = _("nhắc việc")
        ordering = ["-sent_on"]
        constraints = [
            models.UniqueConstraint(fields=["occurrence", "sent_on"], name="plans_reminder_once_a_day"),
            one_of("kind", ReminderKind, name="plans_reminder_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.occurrence} {self.sent_on:%d/%m/%Y}"


class Notification(models.Model):
    """What one user is told in the application (the bell, the home page's "Việc cần làm") and by
    e-mail: a report returned or accepted, an extension decided, an obstacle answered, a reminder
    from Sở Nội vụ (issue 13.5). Written by the service that made the change, in its transaction;
    the e-mail leaves after commit (`emailed_at` once the mail server took it)."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("loại"), max_length=20, choices=NotificationKind.choices)
    text = models.TextField(_("nội dung"))
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    read_at = models.DateTimeField(_("đã xem lúc"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("đã gửi thư lúc"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "occurrence__unit"

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-pk"]
        constraints = [one_of("kind", NotificationKind, name="plans_notification_kind_valid")]
        indexes = [models.Index(fields=["recipient", "read_at"], name="plans_notif_unread")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.occurrence}"

    def get_absolute_url(self) -> str:
        return reverse("plans:occurrence", args=[self.occurrence_id])
