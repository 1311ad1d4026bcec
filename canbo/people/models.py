"""The personnel registry: people (the core of Mẫu 2C-BNV/2008) and what they held, by date."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from canbo.core.constraints import one_of
from canbo.core.crypto import keyed_hash
from canbo.core.fields import EncryptedDateField, EncryptedTextField, KeyedCodeField, KeyedHashField
from canbo.core.scoping import ScopedQuerySet
from canbo.people import catalogues
from canbo.people.choices import (
    AssignmentReason,
    DisciplineForm,
    EvaluationLevel,
    PostLevel,
    Sex,
    StaffCategory,
    TrainingKind,
)


class Person(models.Model):
    """A person in the registry. `unit` is the agency that keeps the person's file (cơ quan quản lý
    hồ sơ); what the person holds, and where, is in their assignments. Fields the import template
    does not carry have their default in the database too (db_default), so that a bulk load sends
    only the columns it has (core.bulk)."""

    full_name = models.CharField(_("họ và tên"), max_length=150)
    other_names = models.CharField(_("tên gọi khác"), max_length=150, blank=True, default="", db_default="")
    name_fold = models.CharField(max_length=150, editable=False)  # "nguyen thi hoa", for search
    sort_key = models.CharField(max_length=400, editable=False)  # Vietnamese order: given name first
    birth_date = models.DateField(_("ngày sinh"))
    birth_year_only = models.BooleanField(_("chỉ biết năm sinh"), default=False)
    sex = models.CharField(_("giới tính"), max_length=3, choices=Sex.choices)
    # Sensitive data and the CCCD are kept encrypted or as keyed hashes (core/fields.py, decisions/0008):
    # the ORM reads and writes them in the clear; the columns hold neither codes nor numbers.
    ethnicity = KeyedCodeField(
        _("dân tộc"), purpose="ethnicity", codes=catalogues.ethnic_codes
    )  # Decision 121-TCTK/PPCĐ
    religion = KeyedCodeField(
        _("tôn giáo"), purpose="religion", codes=catalogues.religion_codes, default="00"
    )
    hometown = models.CharField(_("quê quán"), max_length=255, blank=True, default="", db_default="")
    cccd = EncryptedTextField(_("số CCCD"), null=True, blank=True)
    cccd_hash = KeyedHashField(source="cccd", purpose="cccd", null=True, blank=True, unique=True)
    unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        related_name="people",
        verbose_name=_("cơ quan quản lý hồ sơ"),
        db_index=False,  # the index people_unit_sort (unit, sort_key) serves look-ups by unit
    )
    staff_category = models.CharField(_("loại cán bộ"), max_length=20, choices=StaffCategory.choices)
    rank_code = models.CharField(_("mã ngạch"), max_length=20, blank=True, default="", db_default="")
    rank_name = models.CharField(_("ngạch"), max_length=100, blank=True, default="", db_default="")
    salary_step = models.PositiveSmallIntegerField(_("bậc lương"), null=True, blank=True)
    salary_coefficient = models.DecimalField(
        _("hệ số lương"), max_digits=4, decimal_places=2, null=True, blank=True
    )
    general_education = models.CharField(
        _("giáo dục phổ thông"), max_length=10, blank=True, default="", db_default=""
    )
    qualification = models.CharField(_("trình độ chuyên môn cao nhất"), max_length=20, blank=True)
    qualification_field = models.CharField(
        _("chuyên ngành"), max_length=200, blank=True, default="", db_default=""
    )
    political_theory = models.CharField(_("lý luận chính trị"), max_length=20, blank=True)
    state_management = models.CharField(
        _("quản lý nhà nước"), max_length=30, blank=True, default="", db_default=""
    )
    it_level = models.CharField(_("tin học"), max_length=100, blank=True, default="", db_default="")
    degree_abroad = models.BooleanField(_("có bằng đào tạo ở nước ngoài"), default=False, db_default=False)
    party_joined = EncryptedDateField(_("ngày vào Đảng"), null=True, blank=True)
    party_full = EncryptedDateField(_("ngày chính thức"), null=True, blank=True)
    recruited_on = models.DateField(_("ngày tuyển dụng"), null=True, blank=True)
    # Optimistic locking: every update adds one.
    version = models.PositiveIntegerField(default=1, db_default=1)
    # The import that created the person, and the row of the file that described them (None when
    # entered by hand). Two columns of the person rather than a row in a table of their own: the
    # cheapest record of 50,000 people created at once. No database constraint, like the audit
    # trail's references (a per-row check of the one import would cost every insert).
    created_by_import = models.ForeignKey(
        "people.PeopleImport",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    import_row = models.PositiveIntegerField(_("dòng của tệp nhập"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "unit"

    class Meta:
        verbose_name = _("cán bộ, công chức, viên chức")
        verbose_name_plural = _("cán bộ, công chức, viên chức")
        ordering = ["sort_key", "pk"]
        indexes = [
            models.Index(fields=["unit", "sort_key"], name="people_unit_sort"),
            models.Index(fields=["name_fold", "birth_date"], name="people_name_birth"),
            models.Index(fields=["sort_key"], name="people_sort"),
            # The list filtered by a unit within a scope counts people by (unit, id) from the index
            # alone; sorted by birth date it walks this index and stops at the page (issue 17.5: at
            # 2,000,000 people, 810 → 305 ms and 1,879 → 228 ms for a department of 330,000).
            models.Index(fields=["unit", "id"], name="people_unit_id"),
            models.Index(fields=["birth_date", "sort_key", "id"], name="people_birth_sort"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(party_full__isnull=True) | Q(party_joined__isnull=False),
                name="people_party_full_after_joined",
            ),
            one_of("sex", Sex, name="people_person_sex_valid"),
            one_of("staff_category", StaffCategory, name="people_person_category_valid"),
            # Ethnicity and religion hold keyed hashes: their codes are checked by clean() and the
            # services only (the hashes depend on the key, which no migration may know).
            one_of(
                "qualification",
                catalogues.QUALIFICATIONS.codes(),
                blank=True,
                name="people_person_degree_valid",
            ),
            one_of(
                "political_theory",
                catalogues.POLITICAL_THEORY.codes(),
                blank=True,
                name="people_person_theory_valid",
            ),
            one_of(
                "state_management",
                catalogues.STATE_MANAGEMENT.codes(),
                blank=True,
                name="people_person_qlnn_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("people:person", args=[self.pk])

    def clean(self) -> None:
        """Every coded field holds a code of its catalogue (people.catalogues), said in Vietnamese."""
        from django.core.exceptions import ValidationError

        coded = (
            ("ethnicity", catalogues.ETHNIC_GROUPS, False),
            ("religion", catalogues.RELIGIONS, False),
            ("qualification", catalogues.QUALIFICATIONS, True),
            ("political_theory", catalogues.POLITICAL_THEORY, True),
            ("state_management", catalogues.STATE_MANAGEMENT, True),
        )
        problems = {}
        for name, catalogue, blank in coded:
            value = getattr(self, name)
            if value not in catalogue and not (blank and value == ""):
                problems[name] = f"“{value}” không có trong danh mục {catalogue.title.lower()}."
        if problems:
            raise ValidationError(problems)


def cccd_is(number: str, *, prefix: str = "") -> Q:
    """The filter for the person with this CCCD: by its keyed hash (the number itself is encrypted and
    cannot be compared). `prefix`: the path to the person (`person__`)."""
    return Q(**{f"{prefix}cccd_hash": keyed_hash(number.strip(), purpose="cccd")})


class LanguageSkill(models.Model):
    """A foreign language and its level on the 6-level framework (Circular 01/2014/TT-BGDĐT)."""

    # db_index off: the unique constraint (person, language) is the index by person.
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="languages", db_index=False)
    language = models.CharField(_("ngoại ngữ"), max_length=50)
    level = models.PositiveSmallIntegerField(_("bậc"), null=True, blank=True)
    # The level counts from this date (the certificate's, or the day a class was completed: issue
    # 16.3); blank for a level recorded without one, which counts on every date. One row per language:
    # a higher certificate replaces the level and its date (the level before stays in the class record).
    certified_on = models.DateField(_("ngày cấp chứng chỉ"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "language"], name="people_language_unique"),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=6) | Q(level__isnull=True),
                name="people_language_level_1_6",
            ),
        ]

    def __str__(self) -> str:
        name = catalogues.LANGUAGES.label(self.language) or self.language  # "Tiếng Anh", not "en"
        text = f"{name} bậc {self.level}" if self.level else name
        return f"{text} (từ {self.certified_on:%d/%m/%Y})" if self.certified_on else text


class Post(models.Model):
    """A post (chức vụ) of the catalogue, and whether and at what level it leads."""

    code = models.CharField(_("mã chức vụ"), max_length=40, unique=True)
    name = models.CharField(_("chức vụ"), max_length=150)
    level = models.CharField(_("cấp"), max_length=20, choices=PostLevel.choices, default=PostLevel.NONE)
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        verbose_name = _("chức vụ")
        verbose_name_plural = _("chức vụ")
        ordering = ["order", "name"]
        constraints = [one_of("level", PostLevel, name="people_post_level_valid")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_leadership(self) -> bool:
        return self.level != PostLevel.NONE


class Assignment(models.Model):
    """Who worked where and in which post, from valid_from (inclusive) to valid_to (exclusive;
    empty = still). Several at once are allowed (kiêm nhiệm)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="assignments")
    # The unit and post indexes are people_assign_unit_period and people_assign_post_period (they start
    # with the key), so the foreign keys have none of their own: one index less to write per row.
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="assignments", db_index=False)
    post = models.ForeignKey(
        Post, on_delete=models.PROTECT, null=True, blank=True, related_name="assignments", db_index=False
    )
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến ngày (không kể ngày này)"), null=True, blank=True)
    concurrent = models.BooleanField(_("kiêm nhiệm"), default=False, db_default=False)
    decision_number = models.CharField(
        _("số quyết định"), max_length=100, blank=True, default="", db_default=""
    )
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision_issuer = models.CharField(
        _("cơ quan quyết định"), max_length=255, blank=True, default="", db_default=""
    )
    start_reason = models.CharField(_("lý do bắt đầu"), max_length=20, choices=AssignmentReason.choices)
    end_reason = models.CharField(
        _("lý do kết thúc"),
        max_length=20,
        choices=AssignmentReason.choices,
        blank=True,
        default="",
        db_default="",
    )
    # What the authority wrote with the decision (its reasons, an exception it allows), and the soft
    # reasons the appointment checks returned (settings.CANBO_APPOINTMENT_CHECKS): [{rule, text, source}].
    note = models.TextField(_("ghi chú / lý do của cấp có thẩm quyền"), blank=True, default="", db_default="")
    check_reasons = models.JSONField(
        _("các lưu ý khi thẩm định"), default=list, blank=True, db_default=Value([], models.JSONField())
    )

    objects = ScopedQuerySet.as_manager()
    scope_field = "unit"

    class Meta:
        verbose_name = _("quá trình công tác")
        verbose_name_plural = _("quá trình công tác")
        ordering = ["person_id", "valid_from"]
        indexes = [
            models.Index(fields=["unit", "valid_from", "valid_to"], name="people_assign_unit_period"),
            # Only assignments with a post: nine in ten have none (a place in a unit), and every query
            # by post names one (post = …, post IS NOT NULL).
            models.Index(
                fields=["post", "valid_from", "valid_to"],
                name="people_assign_post_period",
                condition=Q(post__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=F("valid_from")),
                name="people_assignment_period_order",
                violation_error_message=_("Ngày kết thúc phải sau ngày bắt đầu."),
            ),
            one_of("start_reason", AssignmentReason, name="people_assignment_start_valid"),
            one_of("end_reason", AssignmentReason, blank=True, name="people_assignment_end_valid"),
            # One open main assignment per person, post and unit: the same place twice is a double entry
            # (a race of two writers, a script); concurrent posts (kiêm nhiệm) are flagged `concurrent`.
            models.UniqueConstraint(
                "person",
                "unit",
                Coalesce("post", Value(0)),
                condition=Q(valid_to__isnull=True, concurrent=False),
                name="people_assignment_open_once",
                violation_error_message=_(
                    "Người này đã đang giữ đúng vị trí này (một quá trình công tác đang mở)."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.post or 'công tác'} · {self.unit}"


class PlanningMembership(models.Model):
    """In the planning pool (quy hoạch) for a post for a term, by a decision."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="planning")
    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    term_from = models.PositiveSmallIntegerField(_("nhiệm kỳ từ năm"))
    term_to = models.PositiveSmallIntegerField(_("đến năm"))
    decision_number = models.CharField(_("số quyết định"), max_length=100, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    removed_on = models.DateField(_("đưa ra khỏi quy hoạch ngày"), null=True, blank=True)

    class Meta:
        ordering = ["person_id", "term_from"]

    def __str__(self) -> str:
        return f"{self.person} · {self.post} · {self.term_from}-{self.term_to}"


class PoliticalConclusion(models.Model):
    """A conclusion on political standards (kết luận tiêu chuẩn chính trị): the plan's II.7 gate."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="political_conclusions")
    concluded_on = models.DateField(_("ngày kết luận"))
    conclusion = models.TextField(_("kết luận"))
    meets_standard = models.BooleanField(_("đủ tiêu chuẩn chính trị"), default=True)
    issuer = models.CharField(_("cơ quan kết luận"), max_length=255, blank=True)

    class Meta:
        ordering = ["person_id", "concluded_on"]

    def __str__(self) -> str:
        return f"{self.person} · {self.concluded_on:%d/%m/%Y}"


class Evaluation(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="evaluations")
    year = models.PositiveSmallIntegerField(_("năm"))
    level = models.CharField(_("mức xếp loại"), max_length=20, choices=EvaluationLevel.choices)

    class Meta:
        ordering = ["person_id", "year"]
        constraints = [
            models.UniqueConstraint(fields=["person", "year"], name="people_evaluation_once_a_year"),
            one_of("level", EvaluationLevel, name="people_evaluation_level_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.year} · {self.get_level_display()}"


class Discipline(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="disciplines")
    decided_on = models.DateField(_("ngày quyết định"))
    form = models.CharField(_("hình thức"), max_length=20, choices=DisciplineForm.choices)
    decision_number = models.CharField(_("số quyết định"), max_length=100, blank=True)
    reason = models.TextField(_("lý do"), blank=True)

    class Meta:
        ordering = ["person_id", "decided_on"]
        constraints = [one_of("form", DisciplineForm, name="people_discipline_form_valid")]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_form_display()}"


class Training(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="trainings")
    kind = models.CharField(_("loại"), max_length=20, choices=TrainingKind.choices)
    level = models.CharField(_("trình độ"), max_length=100, blank=True)
    institution = models.CharField(_("cơ sở đào tạo"), max_length=255, blank=True)
    started_on = models.DateField(_("từ ngày"), null=True, blank=True)
    finished_on = models.DateField(_("đến ngày"), null=True, blank=True)
    abroad = models.BooleanField(_("ở nước ngoài"), default=False)

    class Meta:
        ordering = ["person_id", "started_on"]
        constraints = [one_of("kind", TrainingKind, name="people_training_kind_valid")]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_kind_display()} {self.level}"


class SensitiveAccess(models.Model):
    """Each read of personal data the law protects (Law 91/2025/QH15, Decree 356/2025; RULES.md §8):
    one person's CCCD and sensitive data (ethnicity, religion, Party membership) on their page or
    through the API, or a list of people filtered by a sensitive field, the people behind a sensitive
    indicator, an export. Who, when, from which address, what (the filter or the file, never the
    values), how many people and which ones. It outlives the person's row: no cascade, no database
    constraint on the person (a deleted person's reads stay on record)."""

    append_only = True  # core/append_only.py: only SELECT and INSERT

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        Person, on_delete=models.DO_NOTHING, db_constraint=False, null=True, blank=True, related_name="+"
    )
    where = models.CharField(max_length=50)  # page, api, export, filter, drilldown, template
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    detail = models.CharField(_("nội dung"), max_length=500, blank=True, default="")  # the filter, the file
    count = models.PositiveIntegerField(_("số người"), default=1)
    reason = models.CharField(_("lý do"), max_length=500, blank=True, default="")
    people = models.JSONField(_("những người"), default=list, blank=True)  # ids, for a list or an export

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor} → {self.person_id or self.detail} ({self.where})"


class PeopleImport(models.Model):
    """One import of a template file that changed the registry: who, when, the file (kept, so that
    every value it brought can be read again), and what it did. The people it created point to it
    (Person.created_by_import, with their row) instead of one audit entry per person; an update of
    an existing person still gets its own audit entry with the values before and after. Written once,
    complete, never changed (append-only)."""

    append_only = True

    at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(_("người nhập"), max_length=150)
    file_name = models.CharField(_("tên tệp"), max_length=255, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    file = models.FileField(_("tệp"), upload_to="imports/people/", blank=True)  # named by its SHA-256
    rows = models.PositiveIntegerField(_("số dòng"), default=0)
    created = models.PositiveIntegerField(_("thêm mới"), default=0)
    updated = models.PositiveIntegerField(_("cập nhật"), default=0)
    unchanged = models.PositiveIntegerField(_("không đổi"), default=0)
    assignments_opened = models.PositiveIntegerField(default=0)
    assignments_closed = models.PositiveIntegerField(default=0)
    # The roster's date ("Danh sách tính đến ngày"): where a new person's place in the unit begins when
    # the row gives no "Ngày vào đơn vị". Empty for imports made before it was asked (their day).
    as_of = models.DateField(_("danh sách tính đến ngày"), null=True, blank=True)
    # New people whose place in the unit began on that date because their row gave no start: before
    # it, they are missing (people.selectors.registry_first_day).
    as_of_starts = models.PositiveIntegerField(_("số người tính từ ngày của danh sách"), default=0)

    class Meta:
        verbose_name = _("lần nhập danh sách cán bộ")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"Nhập tệp {self.file_name or '(không tên)'} lúc {timezone.localtime(self.at):%d/%m/%Y %H:%M}"
