"""The training app's tables (issue 16.1–3): the catalogue of programmes (Course), the classes that
teach them (TrainingClass), who is proposed, approved, attends and passes (Enrolment), the yearly
training plan of the People's Committee and its lines (TrainingPlan, PlanLine, PL.8), and the
foreign-language programme's cohorts (ProgrammeCohort).

A completed class writes the registry (people.Training, the person's highest political-theory and
state-management levels, people.LanguageSkill with its certificate date): training.services."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from canbo.core.constraints import one_of
from canbo.core.scoping import ScopedQuerySet
from canbo.people import catalogues
from canbo.people.choices import TrainingKind
from canbo.training.choices import ClassStatus, DefenceGroup, EnrolmentStatus, NeedSource, PlanStatus

LEVEL_CATALOGUES = {
    TrainingKind.POLITICAL: catalogues.POLITICAL_THEORY,
    TrainingKind.STATE_MANAGEMENT: catalogues.STATE_MANAGEMENT,
}


class Course(models.Model):
    """A programme of the catalogue: what is taught and to which level (political theory sơ cấp,
    trung cấp, cao cấp; state management chuyên viên … chuyên viên cao cấp; defence–security by group;
    knowledge update for key cadres; a foreign language to a level of the 6-level framework; IT;
    professional)."""

    code = models.SlugField(_("mã chương trình"), max_length=60, unique=True)
    name = models.CharField(_("tên chương trình"), max_length=255)
    kind = models.CharField(_("loại"), max_length=20, choices=TrainingKind.choices)
    level = models.CharField(
        _("trình độ đạt được"),
        max_length=40,
        blank=True,
        default="",
        help_text=_("Lý luận chính trị, quản lý nhà nước: mã trong danh mục (cao_cap, chuyen_vien_chinh…)."),
    )
    language = models.CharField(_("ngoại ngữ"), max_length=10, blank=True, default="")
    language_level = models.PositiveSmallIntegerField(
        _("bậc ngoại ngữ (khung 6 bậc)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(6)],
    )
    defence_group = models.PositiveSmallIntegerField(
        _("đối tượng bồi dưỡng quốc phòng - an ninh"), null=True, blank=True, choices=DefenceGroup.choices
    )
    key_cadre_update = models.BooleanField(
        _("bồi dưỡng cập nhật kiến thức cho cán bộ chủ chốt"), default=False
    )
    duration_days = models.PositiveSmallIntegerField(_("thời lượng (ngày)"), null=True, blank=True)
    cost_per_person = models.DecimalField(
        _("kinh phí dự kiến một người (đồng)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    note = models.CharField(_("ghi chú"), max_length=500, blank=True, default="")

    class Meta:
        verbose_name = _("chương trình đào tạo, bồi dưỡng")
        verbose_name_plural = _("danh mục chương trình")
        ordering = ["kind", "name"]
        constraints = [
            one_of("kind", TrainingKind, name="training_course_kind_valid"),
            # A language course names its language and level; no other course has them.
            models.CheckConstraint(
                condition=(
                    Q(kind=TrainingKind.LANGUAGE, language_level__gte=1, language_level__lte=6)
                    & ~Q(language="")
                )
                | (~Q(kind=TrainingKind.LANGUAGE) & Q(language_level__isnull=True) & Q(language="")),
                name="training_course_language_level",
            ),
            models.CheckConstraint(
                condition=Q(defence_group__isnull=True) | Q(kind=TrainingKind.DEFENCE),
                name="training_course_defence_group",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        errors: dict[str, str] = {}
        catalogue = LEVEL_CATALOGUES.get(self.kind)  # type: ignore[call-overload]
        if catalogue is not None and self.level not in catalogue:
            errors["level"] = (
                f"Trình độ phải là một mã của danh mục {catalogue.title}: {', '.join(catalogue.codes())}."
            )
        if self.kind == TrainingKind.LANGUAGE:
            if self.language not in catalogues.LANGUAGES:
                errors["language"] = "Chọn ngoại ngữ trong danh mục."
            if self.language_level is None:
                errors["language_level"] = "Chương trình ngoại ngữ phải có bậc (1–6)."
        elif self.language or self.language_level is not None:
            errors["language"] = "Chỉ chương trình ngoại ngữ mới ghi ngoại ngữ và bậc."
        if self.defence_group is not None and self.kind != TrainingKind.DEFENCE:
            errors["defence_group"] = "Đối tượng chỉ ghi cho chương trình quốc phòng - an ninh."
        if errors:
            raise ValidationError(errors)

    def level_label(self) -> str:
        """The level reached, in words: 'Cao cấp', 'Bậc 4 (B2)', 'Đối tượng 3', or the level as typed."""
        catalogue = LEVEL_CATALOGUES.get(self.kind)  # type: ignore[call-overload]
        if catalogue is not None:
            return str(catalogue.label(self.level) or self.level)
        if self.language_level:
            return catalogues.language_level_name(self.language_level)
        if self.defence_group:
            return str(DefenceGroup(self.defence_group).label)
        return self.level


class TrainingClass(models.Model):
    """A class (lớp) of a course: when, where, by whom, at what cost, for how many. Every user may see
    the province's classes (an agency proposes its people to them); only Sở Nội vụ writes them."""

    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="classes", verbose_name=_("chương trình")
    )
    name = models.CharField(_("tên lớp"), max_length=255)
    year = models.PositiveSmallIntegerField(_("năm"))
    starts_on = models.DateField(_("ngày khai giảng"))
    ends_on = models.DateField(_("ngày bế giảng"))
    place = models.CharField(_("địa điểm"), max_length=255, blank=True, default="")
    provider = models.CharField(_("cơ sở đào tạo"), max_length=255, blank=True, default="")
    cost = models.DecimalField(_("kinh phí (đồng)"), max_digits=14, decimal_places=0, null=True, blank=True)
    capacity = models.PositiveIntegerField(_("số học viên tối đa"), validators=[MinValueValidator(1)])
    organiser = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan tổ chức")
    )
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=ClassStatus.choices, default=ClassStatus.PLANNED
    )
    # A language class: the certificates' date, from which the level counts (issue 16.3).
    certified_on = models.DateField(_("ngày cấp chứng chỉ"), null=True, blank=True)
    plan_line = models.ForeignKey(
        "PlanLine",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="classes",
        verbose_name=_("thuộc nội dung kế hoạch"),
    )
    completed_on = models.DateField(_("ngày ghi kết quả vào hồ sơ"), null=True, blank=True)

    class Meta:
        verbose_name = _("lớp đào tạo, bồi dưỡng")
        verbose_name_plural = _("lớp đào tạo, bồi dưỡng")
        ordering = ["-year", "starts_on", "name"]
        constraints = [
            one_of("status", ClassStatus, name="training_class_status_valid"),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="training_class_dates"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="training_class_capacity"),
            models.CheckConstraint(
                condition=Q(certified_on__isnull=True) | Q(certified_on__gte=F("starts_on")),
                name="training_class_certified_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        errors: dict[str, str] = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = "Ngày bế giảng phải không trước ngày khai giảng."
        if self.starts_on and self.year and self.starts_on.year != self.year:
            errors["year"] = "Năm của lớp là năm khai giảng."
        if self.certified_on and self.starts_on and self.certified_on < self.starts_on:
            errors["certified_on"] = "Ngày cấp chứng chỉ phải không trước ngày khai giảng."
        if errors:
            raise ValidationError(errors)


class Enrolment(models.Model):
    """A person in a class: proposed by their agency, approved or refused by Sở Nội vụ, present or
    absent, passed or failed; for a language class the level before and the certificate."""

    training_class = models.ForeignKey(
        TrainingClass, on_delete=models.CASCADE, related_name="enrolments", verbose_name=_("lớp")
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="training_enrolments",
        verbose_name=_("học viên"),
    )
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan cử đi học")
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người đề nghị")
    )
    proposed_on = models.DateField(_("ngày đề nghị"))
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=EnrolmentStatus.choices, default=EnrolmentStatus.PROPOSED
    )
    decided_on = models.DateField(_("ngày Sở Nội vụ quyết định"), null=True, blank=True)
    decision_note = models.CharField(_("ý kiến của Sở Nội vụ"), max_length=500, blank=True, default="")
    level_before = models.PositiveSmallIntegerField(_("bậc ngoại ngữ trước khóa học"), null=True, blank=True)
    result = models.CharField(_("kết quả"), max_length=100, blank=True, default="")
    certificate_number = models.CharField(_("số chứng chỉ"), max_length=60, blank=True, default="")
    certificate_date = models.DateField(_("ngày cấp chứng chỉ"), null=True, blank=True)
    recorded = models.BooleanField(_("đã ghi vào hồ sơ"), default=False)

    objects = ScopedQuerySet.as_manager()
    scope_field = "unit"

    class Meta:
        verbose_name = _("học viên")
        verbose_name_plural = _("học viên")
        ordering = ["training_class_id", "person__sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["training_class", "person"], name="training_enrolment_once"),
            one_of("status", EnrolmentStatus, name="training_enrolment_status_valid"),
            models.CheckConstraint(
                condition=Q(level_before__isnull=True) | Q(level_before__gte=1, level_before__lte=6),
                name="training_enrolment_level_before",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.training_class}"


class TrainingPlan(models.Model):
    """The People's Committee's yearly plan of training and fostering (Kế hoạch đào tạo, bồi dưỡng cán
    bộ, công chức, viên chức hằng năm — appendix row 8 of the plan of Resolution 07-NQ/TU names it as
    the product), drafted by Sở Nội vụ from the needs, edited, then issued."""

    year = models.PositiveSmallIntegerField(_("năm"), unique=True)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    number = models.CharField(_("số, ký hiệu"), max_length=60, blank=True, default="")
    signed_on = models.DateField(_("ngày ký"), null=True, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=150, blank=True, default="")
    signer_title = models.CharField(_("chức vụ người ký"), max_length=150, blank=True, default="PHÓ CHỦ TỊCH")
    needs_on = models.DateField(_("nhu cầu tính đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("kế hoạch đào tạo, bồi dưỡng năm")
        verbose_name_plural = _("kế hoạch đào tạo, bồi dưỡng")
        ordering = ["-year"]
        constraints = [one_of("status", PlanStatus, name="training_plan_status_valid")]

    def __str__(self) -> str:
        return f"Kế hoạch đào tạo, bồi dưỡng năm {self.year}"


class PlanLine(models.Model):
    """One content of the yearly plan: a course (or a title of its own), for whom, how many (and who,
    when the need names them), who organises it, in which quarter, where, from which fund, at what
    estimated cost, and the need it answers."""

    plan = models.ForeignKey(TrainingPlan, on_delete=models.CASCADE, related_name="lines")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    course = models.ForeignKey(
        Course,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chương trình"),
    )
    title = models.CharField(_("nội dung"), max_length=255)
    kind = models.CharField(_("loại"), max_length=20, choices=TrainingKind.choices)
    target_group = models.CharField(_("đối tượng"), max_length=500, blank=True, default="")
    people_count = models.PositiveIntegerField(_("số người"), default=0)
    organiser = models.CharField(_("cơ quan tổ chức"), max_length=255, default="Sở Nội vụ")
    quarter = models.PositiveSmallIntegerField(
        _("quý"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    place = models.CharField(_("địa điểm"), max_length=255, blank=True, default="")
    funding = models.CharField(_("nguồn kinh phí"), max_length=255, default="Ngân sách tỉnh")
    estimated_cost = models.DecimalField(
        _("kinh phí dự kiến (đồng)"), max_digits=16, decimal_places=0, null=True, blank=True
    )
    need = models.CharField(
        _("nhu cầu đáp ứng"), max_length=30, choices=NeedSource.choices, default=NeedSource.OTHER
    )

    class Meta:
        verbose_name = _("nội dung kế hoạch")
        verbose_name_plural = _("nội dung kế hoạch")
        ordering = ["plan_id", "order", "pk"]
        constraints = [
            one_of("need", NeedSource, name="training_line_need_valid"),
            one_of("kind", TrainingKind, name="training_line_kind_valid"),
            models.CheckConstraint(
                condition=Q(quarter__isnull=True) | Q(quarter__gte=1, quarter__lte=4),
                name="training_line_quarter",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def person_ids(self) -> list[int]:
        """The people the line names (from the needs), by id."""
        return list(self.named.order_by("person_id").values_list("person_id", flat=True))


class PlanLinePerson(models.Model):
    """A person a line of the plan names (a need of theirs). A foreign key of its own rather than a
    many-to-many field: a person deleted takes their rows with them (the demo's reload deletes people
    relation by relation)."""

    line = models.ForeignKey(PlanLine, on_delete=models.CASCADE, related_name="named")
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="training_plan_lines",
        verbose_name=_("cán bộ"),
    )

    class Meta:
        verbose_name = _("người có tên trong nội dung kế hoạch")
        verbose_name_plural = _("người có tên trong nội dung kế hoạch")
        constraints = [models.UniqueConstraint(fields=["line", "person"], name="training_line_person_once")]

    def __str__(self) -> str:
        return f"{self.line} · {self.person_id}"


class ProgrammeCohort(models.Model):
    """A cohort of the foreign-language programme (plan III.7.d, appendix row 9): a language class
    (its enrolled people by name) or a planned cohort of unnamed places, with the year, the level it
    aims at and the day it completes. The indicators' outlook counts it (selectors.language_cohorts)."""

    name = models.CharField(_("tên khóa"), max_length=255)
    year = models.PositiveSmallIntegerField(_("năm"))
    language = models.CharField(_("ngoại ngữ"), max_length=10, default="en")
    level = models.PositiveSmallIntegerField(
        _("bậc mục tiêu"), validators=[MinValueValidator(1), MaxValueValidator(6)]
    )
    completes_on = models.DateField(_("ngày hoàn thành"))
    places = models.PositiveIntegerField(_("chỉ tiêu chưa có tên"), default=0)
    training_class = models.OneToOneField(
        TrainingClass,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cohort",
        verbose_name=_("lớp"),
    )

    class Meta:
        verbose_name = _("khóa của chương trình ngoại ngữ")
        verbose_name_plural = _("chương trình ngoại ngữ")
        ordering = ["completes_on", "name"]
        constraints = [
            models.UniqueConstraint(fields=["name"], name="training_cohort_name_once"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=6), name="training_cohort_level"),
        ]

    def __str__(self) -> str:
        return self.name
