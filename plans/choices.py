from django.db import models
from django.utils.translation import gettext_lazy as _


class ProductKind(models.TextChoices):
    NQ_HDND = "nq_hdnd", _("Nghị quyết HĐND tỉnh")
    QD_UBND = "qd_ubnd", _("Quyết định UBND tỉnh")
    KH_UBND = "kh_ubnd", _("Kế hoạch UBND tỉnh")
    THONG_BAO = "thong_bao", _("Thông báo")
    BAO_CAO = "bao_cao", _("Báo cáo")
    KHAC = "khac", _("Khác")


class Progress(models.TextChoices):
    NOT_STARTED = "chua", _("Chưa thực hiện")
    IN_PROGRESS = "dang", _("Đang thực hiện")
    DONE = "xong", _("Hoàn thành")


class Review(models.TextChoices):
    SUBMITTED = "cho", _("Chờ xem xét")
    ACCEPTED = "nhan", _("Đã chấp nhận")
    RETURNED = "tra", _("Trả lại")


class Status(models.TextChoices):
    """Task status as of a date (RULES.md §7; Decision 42/2014/QĐ-TTg as amended by 23/2018)."""

    DONE_ON_TIME = "hoan_thanh_dung_han", _("Hoàn thành đúng hạn")
    DONE_LATE = "hoan_thanh_qua_han", _("Hoàn thành quá hạn")
    ON_TIME = "dang_trong_han", _("Đang thực hiện trong hạn")
    OVERDUE = "dang_qua_han", _("Đang thực hiện quá hạn")
    NO_DEADLINE = "khong_thoi_han", _("Không có thời hạn")
    NOT_YET = "chua_den_han", _("Chưa đến hạn")


class ExtensionState(models.TextChoices):
    PENDING = "cho", _("Chờ xem xét")
    GRANTED = "dong_y", _("Đồng ý gia hạn")
    REFUSED = "tu_choi", _("Không đồng ý")


class ReminderKind(models.TextChoices):
    DUE_SOON = "sap_den_han", _("Sắp đến hạn")
    OVERDUE = "qua_han", _("Quá hạn")
