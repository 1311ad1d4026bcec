"""The plans' choices with their Vietnamese labels. Progress and Status take their values from the
pure rules (plans.rules), which know no Django: the same values, the same member names."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from canbo.plans import rules


class ProductKind(models.TextChoices):
    NQ_HDND = "nq_hdnd", _("Nghị quyết HĐND tỉnh")
    QD_UBND = "qd_ubnd", _("Quyết định UBND tỉnh")
    KH_UBND = "kh_ubnd", _("Kế hoạch UBND tỉnh")
    THONG_BAO = "thong_bao", _("Thông báo")
    BAO_CAO = "bao_cao", _("Báo cáo")
    KHAC = "khac", _("Khác")


class Progress(models.TextChoices):
    NOT_STARTED = rules.Progress.NOT_STARTED.value, _("Chưa thực hiện")
    IN_PROGRESS = rules.Progress.IN_PROGRESS.value, _("Đang thực hiện")
    DONE = rules.Progress.DONE.value, _("Hoàn thành")


class Review(models.TextChoices):
    SUBMITTED = "cho", _("Chờ xem xét")
    ACCEPTED = "nhan", _("Đã chấp nhận")
    RETURNED = "tra", _("Trả lại")
    SUPERSEDED = "thay", _("Đã có báo cáo sau thay thế")


class Status(models.TextChoices):
    """Task status as of a date (RULES.md §7; Decision 42/2014/QĐ-TTg as amended by 23/2018)."""

    DONE_ON_TIME = rules.Status.DONE_ON_TIME.value, _("Hoàn thành đúng hạn")
    DONE_LATE = rules.Status.DONE_LATE.value, _("Hoàn thành quá hạn")
    ON_TIME = rules.Status.ON_TIME.value, _("Đang thực hiện trong hạn")
    OVERDUE = rules.Status.OVERDUE.value, _("Đang thực hiện quá hạn")
    SUBMITTED = rules.Status.SUBMITTED.value, _("Đã báo cáo, chờ xem xét")
    NO_DEADLINE = rules.Status.NO_DEADLINE.value, _("Không có thời hạn")
    NOT_YET = rules.Status.NOT_YET.value, _("Chưa đến hạn")


class ExtensionState(models.TextChoices):
    PENDING = "cho", _("Chờ xem xét")
    GRANTED = "dong_y", _("Đồng ý gia hạn")
    REFUSED = "tu_choi", _("Không đồng ý")


class ReminderKind(models.TextChoices):
    DUE_SOON = "sap_den_han", _("Sắp đến hạn")
    OVERDUE = "qua_han", _("Quá hạn")


class NotificationKind(models.TextChoices):
    """What a notification tells its reader (issue 13.5)."""

    RETURNED = "tra_lai", _("Báo cáo bị trả lại")
    ACCEPTED = "chap_nhan", _("Báo cáo được chấp nhận")
    EXTENSION_GRANTED = "gia_han_dong_y", _("Đồng ý gia hạn")
    EXTENSION_REFUSED = "gia_han_tu_choi", _("Không đồng ý gia hạn")
    OBSTACLE_ANSWERED = "tra_loi", _("Vướng mắc đã được trả lời")
    REMINDER = "nhac_viec", _("Nhắc việc")
