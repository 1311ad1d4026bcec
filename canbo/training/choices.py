"""The training app's closed lists, with their Vietnamese labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ClassStatus(models.TextChoices):
    PLANNED = "du_kien", _("Dự kiến mở lớp")
    RUNNING = "dang_hoc", _("Đang học")
    COMPLETED = "ket_thuc", _("Đã kết thúc")
    CANCELLED = "huy", _("Đã hủy")


class EnrolmentStatus(models.TextChoices):
    """An agency proposes, Sở Nội vụ approves or refuses, the class records attendance, then results."""

    PROPOSED = "de_nghi", _("Cơ quan đề nghị")
    APPROVED = "duyet", _("Sở Nội vụ đã duyệt")
    REFUSED = "tu_choi", _("Sở Nội vụ không duyệt")
    ATTENDED = "tham_du", _("Đã tham dự")
    ABSENT = "vang", _("Không tham dự")
    PASSED = "dat", _("Hoàn thành, đạt")
    FAILED = "khong_dat", _("Không đạt")


# The enrolments that still hold a place in the class (a refused or absent one does not).
HOLDS_PLACE = (
    EnrolmentStatus.PROPOSED,
    EnrolmentStatus.APPROVED,
    EnrolmentStatus.ATTENDED,
    EnrolmentStatus.PASSED,
    EnrolmentStatus.FAILED,
)
# Counted as enrolled in the plan's progress and the language cohorts.
ENROLLED = (EnrolmentStatus.APPROVED, EnrolmentStatus.ATTENDED, EnrolmentStatus.PASSED)


class DefenceGroup(models.IntegerChoices):
    """Defence–security education by group of learners (đối tượng 1–4, Decree 13/2014/NĐ-CP,
    amended by Decree 139/2020/NĐ-CP) — the groups' membership is not checked here."""

    ONE = 1, _("Đối tượng 1")
    TWO = 2, _("Đối tượng 2")
    THREE = 3, _("Đối tượng 3")
    FOUR = 4, _("Đối tượng 4")


class PlanStatus(models.TextChoices):
    DRAFT = "nhap", _("Dự thảo")
    APPROVED = "ban_hanh", _("Đã ban hành")


class NeedSource(models.TextChoices):
    """The need a line of the yearly plan answers."""

    POOL = "quy_hoach", _("Cán bộ trong quy hoạch (mục III.7.c)")
    POST = "chuc_vu", _("Tiêu chuẩn của chức vụ đang giữ")
    LANGUAGE = "ngoai_ngu", _("Chương trình ngoại ngữ (mục III.7.d)")
    KEY_CADRE_UPDATE = "cap_nhat_kien_thuc", _("Cập nhật kiến thức cho cán bộ chủ chốt (mục III.7.d)")
    OTHER = "khac", _("Nhu cầu khác của cơ quan")
