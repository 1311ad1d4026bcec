"""The recruitment app's tables (issue 16.5): a recruitment of one agency (its plan and public notice),
its lines (a job position, the number to recruit, the conditions), the candidates with their eligibility
and scores, and the head's recorded decision on a tie at a line's quota. Docs: docs/recruitment.md.

A candidate's personal data follows the registry's (decisions/0008): the CCCD encrypted with a keyed hash,
the ethnic group as a keyed code. When a candidate is appointed, the person is created in the registry
(people.records.person_add) and `person` points to them; an internal candidate (the division-level
leadership exam) has `person` from the start."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from canbo.core.constraints import one_of
from canbo.core.fields import EncryptedTextField, KeyedCodeField, KeyedHashField
from canbo.core.scoping import ScopedQuerySet
from canbo.people import catalogues
from canbo.people.choices import Sex
from canbo.recruitment.choices import Method, SelectionCase, Status

SCORE = {"max_digits": 5, "decimal_places": 2, "null": True, "blank": True}
SCORE_RANGE = [MinValueValidator(0), MaxValueValidator(100)]


class Recruitment(models.Model):
    """One recruitment of an agency: the plan (its lines), the notice's content and dates the agency sets
    (RULES-2 §5.3: the law gives no content or timing — "not found"), the step it is at."""

    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan tuyển dụng")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    method = models.CharField(_("hình thức"), max_length=20, choices=Method.choices, default=Method.EXAM)
    title = models.CharField(_("tên kỳ tuyển dụng"), max_length=255)
    status = models.CharField(_("bước"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_on = models.DateField(_("ngày thông báo"), null=True, blank=True)
    applications_from = models.DateField(_("nhận hồ sơ từ ngày"), null=True, blank=True)
    applications_to = models.DateField(_("nhận hồ sơ đến ngày"), null=True, blank=True)
    submit_place = models.CharField(_("địa điểm nhận hồ sơ"), max_length=500, blank=True, default="")
    round_1_on = models.DateField(_("ngày thi vòng 1"), null=True, blank=True)
    round_2_on = models.DateField(_("ngày thi vòng 2"), null=True, blank=True)
    fee = models.CharField(_("phí dự tuyển"), max_length=200, blank=True, default="")
    content = models.TextField(_("nội dung khác của thông báo"), blank=True, default="")
    notice_number = models.CharField(_("số thông báo tuyển dụng"), max_length=60, blank=True, default="")
    result_number = models.CharField(_("số thông báo kết quả"), max_length=60, blank=True, default="")
    result_on = models.DateField(_("ngày thông báo kết quả"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "unit"

    class Meta:
        verbose_name = _("kỳ tuyển dụng")
        verbose_name_plural = _("kỳ tuyển dụng")
        ordering = ["-year", "unit_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "title"], name="recruitment_once"),
            one_of("method", Method, name="recruitment_method_valid"),
            one_of("status", Status, name="recruitment_status_valid"),
            models.CheckConstraint(
                condition=Q(applications_to__isnull=True)
                | Q(applications_from__isnull=True)
                | Q(applications_to__gte=F("applications_from")),
                name="recruitment_applications_order",
                violation_error_message=_("Hạn nhận hồ sơ phải từ ngày bắt đầu nhận trở đi."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Line(models.Model):
    """One job position of the recruitment: how many to recruit, the conditions the agency adds (Decree
    170/2025 art. 4: not lower than the general standards), whether round 1 is sat (not for the nhân viên
    rank) and whether round 2 is written + interview. For the leadership exam: the post competed for."""

    recruitment = models.ForeignKey(
        Recruitment, on_delete=models.CASCADE, related_name="lines", verbose_name=_("kỳ tuyển dụng")
    )
    position = models.ForeignKey(
        "positions.JobPosition", on_delete=models.PROTECT, related_name="+", verbose_name=_("vị trí việc làm")
    )
    post = models.ForeignKey(
        "people.Post",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chức vụ lãnh đạo thi tuyển"),
    )
    quota = models.PositiveSmallIntegerField(_("chỉ tiêu"), validators=[MinValueValidator(1)])
    conditions = models.TextField(_("điều kiện, tiêu chuẩn riêng"), blank=True, default="")
    min_qualification = models.CharField(
        _("trình độ tối thiểu"),
        max_length=20,
        blank=True,
        default="",
        choices=catalogues.QUALIFICATIONS.choices(),
    )
    has_round_1 = models.BooleanField(_("có thi vòng 1"), default=True)
    written_part = models.BooleanField(_("vòng 2 thi viết và phỏng vấn"), default=False)

    objects = ScopedQuerySet.as_manager()
    scope_field = "recruitment__unit"

    class Meta:
        verbose_name = _("chỉ tiêu theo vị trí")
        verbose_name_plural = _("chỉ tiêu theo vị trí")
        ordering = ["recruitment_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["recruitment", "position"], name="recruitment_line_once"),
            models.CheckConstraint(condition=Q(quota__gte=1), name="recruitment_line_quota"),
        ]

    def __str__(self) -> str:
        return f"{self.position.name} ({self.quota})"


class Candidate(models.Model):
    """A candidate for one line: the application (from the form or the Excel import), the eligibility
    verdict with its reasons (each naming its text), the scores, and — once appointed — the person in the
    registry."""

    line = models.ForeignKey(
        Line, on_delete=models.CASCADE, related_name="candidates", verbose_name=_("vị trí")
    )
    number = models.PositiveIntegerField(_("số báo danh"))
    full_name = models.CharField(_("họ và tên"), max_length=150)
    birth_date = models.DateField(_("ngày sinh"))
    sex = models.CharField(_("giới tính"), max_length=3, choices=Sex.choices)
    ethnicity = KeyedCodeField(_("dân tộc"), purpose="ethnicity", codes=catalogues.ethnic_codes, default="01")
    cccd = EncryptedTextField(_("số CCCD"), null=True, blank=True)
    cccd_hash = KeyedHashField(source="cccd", purpose="recruitment.cccd", null=True, blank=True)
    nationality = models.CharField(_("quốc tịch"), max_length=60, default="Việt Nam")
    qualification = models.CharField(
        _("trình độ chuyên môn"),
        max_length=20,
        blank=True,
        default="",
        choices=catalogues.QUALIFICATIONS.choices(),
    )
    qualification_field = models.CharField(_("chuyên ngành"), max_length=200, blank=True, default="")
    priority = models.JSONField(_("đối tượng ưu tiên"), default=list, blank=True)
    selection_case = models.CharField(
        _("trường hợp xét tuyển"), max_length=20, blank=True, default="", choices=SelectionCase.choices
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cán bộ trong hồ sơ"),
    )
    eligible = models.BooleanField(_("đủ điều kiện dự tuyển"), null=True, blank=True)
    eligibility = models.JSONField(_("lý do"), default=list, blank=True)
    round_1_correct = models.PositiveSmallIntegerField(_("số câu đúng vòng 1"), null=True, blank=True)
    professional = models.DecimalField(_("điểm chuyên môn"), validators=SCORE_RANGE, **SCORE)  # type: ignore[arg-type]
    written = models.DecimalField(_("điểm viết"), validators=SCORE_RANGE, **SCORE)  # type: ignore[arg-type]
    appointed_on = models.DateField(_("ngày tuyển dụng, bổ nhiệm"), null=True, blank=True)
    probation_until = models.DateField(_("hết tập sự"), null=True, blank=True)
    decision_number = models.CharField(_("số quyết định tuyển dụng"), max_length=60, blank=True, default="")

    objects = ScopedQuerySet.as_manager()
    scope_field = "line__recruitment__unit"

    class Meta:
        verbose_name = _("thí sinh")
        verbose_name_plural = _("thí sinh")
        ordering = ["line_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["line", "number"], name="recruitment_candidate_number_once"),
            models.UniqueConstraint(
                fields=["line", "person"],
                condition=Q(person__isnull=False),
                name="recruitment_candidate_person_once",
            ),
            models.CheckConstraint(
                condition=Q(round_1_correct__isnull=True) | Q(round_1_correct__lte=60),
                name="recruitment_candidate_round_1",
            ),
            models.CheckConstraint(
                condition=Q(professional__isnull=True) | Q(professional__gte=0, professional__lte=100),
                name="recruitment_candidate_professional",
            ),
            models.CheckConstraint(
                condition=Q(written__isnull=True) | Q(written__gte=0, written__lte=100),
                name="recruitment_candidate_written",
            ),
            models.CheckConstraint(
                condition=Q(appointed_on__isnull=True) | Q(person__isnull=False),
                name="recruitment_candidate_appointed_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number:03d} {self.full_name}"

    @property
    def priority_text(self) -> str:
        """The priority categories by their labels (rules.PRIORITY_CATEGORIES)."""
        from canbo.recruitment.rules import PRIORITY_BY_CODE

        return "; ".join(PRIORITY_BY_CODE[c].label if c in PRIORITY_BY_CODE else c for c in self.priority)


class TieDecision(models.Model):
    """The head's decision on a tie at a line's quota that the scores cannot settle (Decree 170/2025 art.
    10): the candidates chosen in order, who decided, by which decision — recorded, as the rule asks."""

    line = models.OneToOneField(
        Line, on_delete=models.CASCADE, related_name="tie_decision", verbose_name=_("vị trí")
    )
    order = models.JSONField(_("người được chọn, theo thứ tự"), default=list)  # candidates' ids
    head_name = models.CharField(_("người đứng đầu"), max_length=150)
    head_title = models.CharField(_("chức vụ"), max_length=150, default="Giám đốc")
    decision_number = models.CharField(_("số văn bản"), max_length=60, blank=True, default="")
    decided_on = models.DateField(_("ngày quyết định"))
    note = models.TextField(_("lý do, ghi chú"), blank=True, default="")

    objects = ScopedQuerySet.as_manager()
    scope_field = "line__recruitment__unit"

    class Meta:
        verbose_name = _("quyết định của người đứng đầu khi bằng điểm")
        verbose_name_plural = _("quyết định của người đứng đầu khi bằng điểm")

    def __str__(self) -> str:
        return f"{self.line} · {self.head_name}"
