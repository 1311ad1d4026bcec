"""The planning pool's tables. The pool's entries are people.PlanningMembership rows (a person, a post,
a unit, a term, the decision, the day they left); a pool is one post of one unit for one term. Here:
what leads to an entry (a proposal and the approval decision), the yearly reviews, and exits with
their reasons (proposed by the system or by an officer, confirmed or dismissed by Sở Nội vụ)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from canbo.core.constraints import one_of
from canbo.core.scoping import ScopedQuerySet
from canbo.planning.choices import ExitReason, ExitStatus, ProposalKind, ProposalStatus

TERM_ORDER = Q(term_to__gt=F("term_from"))


class PoolDecision(models.Model):
    """A decision approving entries of a unit's pools for a term (quyết định phê duyệt quy hoạch):
    the proposals it approved point to it."""

    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    term_from = models.PositiveSmallIntegerField(_("nhiệm kỳ từ năm"))
    term_to = models.PositiveSmallIntegerField(_("đến năm"))
    number = models.CharField(_("số quyết định"), max_length=100)
    decided_on = models.DateField(_("ngày quyết định"))
    issuer = models.CharField(_("cơ quan quyết định"), max_length=255, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "unit"

    class Meta:
        verbose_name = _("quyết định phê duyệt quy hoạch")
        verbose_name_plural = _("quyết định phê duyệt quy hoạch")
        ordering = ["-decided_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=TERM_ORDER, name="planning_decision_term_order"),
            models.UniqueConstraint(
                fields=["unit", "term_from", "term_to", "number", "decided_on"], name="planning_decision_once"
            ),
        ]

    def __str__(self) -> str:
        return f"QĐ số {self.number} ngày {self.decided_on:%d/%m/%Y}"


class Proposal(models.Model):
    """A proposal about one person and one post of a unit: to enter the pool for a term, or to be
    appointed (or nominated) — recorded so that no planning is done while it is open."""

    kind = models.CharField(_("loại đề xuất"), max_length=20, choices=ProposalKind.choices)
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="+", verbose_name=_("cán bộ")
    )
    post = models.ForeignKey(
        "people.Post", on_delete=models.PROTECT, related_name="+", verbose_name=_("chức danh")
    )
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    term_from = models.PositiveSmallIntegerField(_("nhiệm kỳ từ năm"), null=True, blank=True)
    term_to = models.PositiveSmallIntegerField(_("đến năm"), null=True, blank=True)
    proposed_on = models.DateField(_("ngày đề xuất"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    proposed_by_name = models.CharField(_("người đề xuất"), max_length=150, blank=True, default="")
    note = models.TextField(_("nội dung đề xuất"), blank=True, default="")
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.OPEN
    )
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decided_by_name = models.CharField(_("người ghi quyết định"), max_length=150, blank=True, default="")
    decision = models.ForeignKey(
        PoolDecision, on_delete=models.PROTECT, null=True, blank=True, related_name="proposals"
    )
    decision_note = models.TextField(_("ý kiến khi quyết định"), blank=True, default="")
    # The pool entry an approved entry proposal created.
    membership = models.OneToOneField(
        "people.PlanningMembership", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()
    scope_field = "unit"

    class Meta:
        verbose_name = _("đề xuất quy hoạch, bổ nhiệm")
        verbose_name_plural = _("đề xuất quy hoạch, bổ nhiệm")
        ordering = ["-proposed_on", "-pk"]
        constraints = [
            one_of("kind", ProposalKind, name="planning_proposal_kind_valid"),
            one_of("status", ProposalStatus, name="planning_proposal_status_valid"),
            models.CheckConstraint(
                condition=Q(kind=ProposalKind.APPOINTMENT)
                | Q(term_from__isnull=False, term_to__isnull=False, term_to__gt=F("term_from")),
                name="planning_proposal_entry_has_term",
                violation_error_message=_(
                    "Đề xuất đưa vào quy hoạch phải có nhiệm kỳ (năm đầu trước năm cuối)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status=ProposalStatus.OPEN) | Q(decided_on__isnull=False),
                name="planning_proposal_decided_has_date",
            ),
            models.UniqueConstraint(
                fields=["person", "post", "unit", "term_from", "term_to"],
                condition=Q(status=ProposalStatus.OPEN, kind=ProposalKind.ENTRY),
                name="planning_proposal_entry_open_once",
                violation_error_message=_(
                    "Đã có một đề xuất đưa người này vào quy hoạch chức danh này đang xem xét."
                ),
            ),
            models.UniqueConstraint(
                fields=["person", "post", "unit"],
                condition=Q(status=ProposalStatus.OPEN, kind=ProposalKind.APPOINTMENT),
                name="planning_proposal_appointment_open_once",
                violation_error_message=_(
                    "Đã có một đề xuất bổ nhiệm người này vào chức danh này đang xem xét."
                ),
            ),
        ]

    def __str__(self) -> str:
        term = f" {self.term_from}–{self.term_to}" if self.term_from else ""
        return f"{self.get_kind_display()}: {self.person} · {self.post}{term}"


class PoolReview(models.Model):
    """A yearly review of a unit's pools for a term (rà soát, bổ sung quy hoạch): one post's pool, or
    every post of the unit when `post` is empty. The exits it decided point to it."""

    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    post = models.ForeignKey(
        "people.Post",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chức danh (trống: mọi chức danh)"),
    )
    term_from = models.PositiveSmallIntegerField(_("nhiệm kỳ từ năm"))
    term_to = models.PositiveSmallIntegerField(_("đến năm"))
    reviewed_on = models.DateField(_("ngày rà soát"))
    decision_number = models.CharField(_("số quyết định, văn bản"), max_length=100, blank=True, default="")
    note = models.TextField(_("kết quả rà soát"), blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by_name = models.CharField(_("người ghi"), max_length=150, blank=True, default="")

    objects = ScopedQuerySet.as_manager()
    scope_field = "unit"

    class Meta:
        verbose_name = _("rà soát quy hoạch")
        verbose_name_plural = _("rà soát quy hoạch")
        ordering = ["-reviewed_on", "-pk"]
        constraints = [models.CheckConstraint(condition=TERM_ORDER, name="planning_review_term_order")]

    def __str__(self) -> str:
        return f"Rà soát ngày {self.reviewed_on:%d/%m/%Y}"


class PoolExit(models.Model):
    """Leaving a pool, with its reason: proposed (by the system for a discipline, a negative political-
    standard conclusion or the age; or by an officer), then confirmed — the entry's removed_on is set —
    or dismissed with a reason (the case is then not proposed again)."""

    membership = models.ForeignKey(
        "people.PlanningMembership", on_delete=models.CASCADE, related_name="+", verbose_name=_("quy hoạch")
    )
    reason = models.CharField(_("lý do"), max_length=30, choices=ExitReason.choices)
    # What raised it: "ky_luat:12" (the discipline's id), "ket_luan:5", "tuoi"; "" for an officer's.
    source = models.CharField(max_length=50, blank=True, default="")
    detail = models.CharField(_("căn cứ"), max_length=500, blank=True, default="")
    status = models.CharField(_("trạng thái"), max_length=20, choices=ExitStatus.choices)
    proposed_on = models.DateField(_("ngày đề xuất"))
    proposed_by_name = models.CharField(_("người đề xuất"), max_length=150, blank=True, default="")
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decided_by_name = models.CharField(_("người ghi quyết định"), max_length=150, blank=True, default="")
    decision_number = models.CharField(_("số quyết định"), max_length=100, blank=True, default="")
    note = models.TextField(_("ghi chú"), blank=True, default="")
    review = models.ForeignKey(
        PoolReview, on_delete=models.SET_NULL, null=True, blank=True, related_name="exits"
    )

    objects = ScopedQuerySet.as_manager()
    scope_field = "membership__unit"

    class Meta:
        verbose_name = _("đưa ra khỏi quy hoạch")
        verbose_name_plural = _("đưa ra khỏi quy hoạch")
        ordering = ["-proposed_on", "-pk"]
        constraints = [
            one_of("reason", ExitReason, name="planning_exit_reason_valid"),
            one_of("status", ExitStatus, name="planning_exit_status_valid"),
            models.CheckConstraint(
                condition=Q(status=ExitStatus.PROPOSED) | Q(decided_on__isnull=False),
                name="planning_exit_decided_has_date",
            ),
            models.UniqueConstraint(
                fields=["membership", "reason", "source"],
                condition=~Q(source=""),
                name="planning_exit_case_once",
                violation_error_message=_("Trường hợp này đã được đề xuất hoặc quyết định."),
            ),
            models.UniqueConstraint(
                fields=["membership"],
                condition=Q(status=ExitStatus.CONFIRMED),
                name="planning_exit_confirmed_once",
                violation_error_message=_("Người này đã được đưa ra khỏi quy hoạch này."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} ({self.get_status_display()})"
