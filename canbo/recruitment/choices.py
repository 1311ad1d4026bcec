"""Choices of the recruitment app: the method, the steps of a recruitment, the cases of selection without
exam (Decree 170/2025 art. 5)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Method(models.TextChoices):
    EXAM = "thi_tuyen", _("Thi tuyển")
    SELECTION = "xet_tuyen", _("Xét tuyển")
    LEADERSHIP = "thi_tuyen_lanh_dao", _("Thi tuyển chức danh lãnh đạo cấp phòng")


class Status(models.TextChoices):
    """The steps in their order (STEPS): each service moves a recruitment one step forward."""

    DRAFT = "du_thao", _("Dự thảo kế hoạch")
    PUBLISHED = "thong_bao", _("Đã thông báo, đang nhận hồ sơ")
    CLOSED = "het_han_nop", _("Hết hạn nhận hồ sơ")
    ROUND_1 = "vong_1", _("Đã thi vòng 1")
    ROUND_2 = "vong_2", _("Đang chấm vòng 2")
    RESULTS = "ket_qua", _("Đã thông báo kết quả")
    FINISHED = "hoan_thanh", _("Đã tuyển dụng, bổ nhiệm")


STEPS: tuple[str, ...] = tuple(code for code, _label in Status.choices)


class SelectionCase(models.TextChoices):
    """Decree 170/2025 art. 5 (RULES-2 §5.3): the only cases of xét tuyển."""

    DIFFICULT_AREA = (
        "vung_kho_khan",
        _("Cam kết làm việc từ 5 năm trở lên ở vùng có điều kiện kinh tế - xã hội đặc biệt khó khăn"),
    )
    NOMINATED = "cu_tuyen", _("Sinh viên cử tuyển trở về địa phương")
    TALENT = "tai_nang", _("Người tốt nghiệp xuất sắc, nhà khoa học trẻ tài năng")
