from django.db import models
from django.utils.translation import gettext_lazy as _


class ProposalKind(models.TextChoices):
    ENTRY = "dua_vao", _("Đề xuất đưa vào quy hoạch")
    # Recorded so that planning is not done at the same time as an appointment (Regulation 377-QĐ/TW).
    APPOINTMENT = "bo_nhiem", _("Đề xuất bổ nhiệm, giới thiệu ứng cử")


class ProposalStatus(models.TextChoices):
    OPEN = "dang_xem_xet", _("Đang xem xét")
    APPROVED = "da_phe_duyet", _("Đã phê duyệt")
    REJECTED = "khong_phe_duyet", _("Không phê duyệt")
    WITHDRAWN = "da_rut", _("Đã rút")


class ExitReason(models.TextChoices):
    """Why someone leaves a pool (Regulation 50-QĐ/TW; Regulation 377-QĐ/TW: the yearly review removes
    those failing the standards, not completing tasks, violating rules)."""

    DISCIPLINE = "ky_luat", _("Bị kỷ luật từ khiển trách trở lên")
    POLITICAL = "tieu_chuan_chinh_tri", _("Kết luận không đủ tiêu chuẩn chính trị")
    AGE = "qua_tuoi", _("Quá tuổi quy hoạch")
    NOT_DONE = "khong_hoan_thanh", _("Không hoàn thành nhiệm vụ")
    REQUEST = "nguyen_vong", _("Theo nguyện vọng cá nhân")
    APPOINTED = "da_bo_nhiem", _("Đã được bổ nhiệm vào chức danh quy hoạch")
    OTHER = "khac", _("Lý do khác")


# The reasons the system finds by itself (planning.selectors.planning_exit_proposals).
AUTOMATIC_REASONS = (ExitReason.DISCIPLINE, ExitReason.POLITICAL, ExitReason.AGE)


class ExitStatus(models.TextChoices):
    PROPOSED = "de_xuat", _("Đề xuất, chờ xác nhận")
    CONFIRMED = "da_dua_ra", _("Đã đưa ra khỏi quy hoạch")
    DISMISSED = "khong_dua_ra", _("Không đưa ra (giữ trong quy hoạch)")
