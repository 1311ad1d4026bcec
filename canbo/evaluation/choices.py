"""The evaluation app's closed lists, with their Vietnamese labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    """Decree 335/2025 art. 14: products are tracked "hằng tháng hoặc quý" — the agency's choice."""

    MONTH = "thang", _("Tháng")
    QUARTER = "quy", _("Quý")


class SheetStatus(models.TextChoices):
    DRAFT = "nhap", _("Đang theo dõi")
    CONFIRMED = "xac_nhan", _("Thủ trưởng đã chấm điểm")
    RANKED = "xep_loai", _("Đã xếp loại")


class ExcellentDecision(models.TextChoices):
    """The competent person's decision on a candidate for "xuất sắc" (Decree 335/2025 art. 20(5))."""

    PENDING = "", _("Chưa quyết định")
    KEEP = "giu", _("Giữ mức xuất sắc")
    DEMOTE = "tot", _("Xếp mức tốt do vượt tỷ lệ")


class AppealOutcome(models.TextChoices):
    PENDING = "", _("Chưa trả lời")
    UPHELD = "giu_nguyen", _("Giữ nguyên kết quả")
    CHANGED = "thay_doi", _("Điều chỉnh mức xếp loại")


class AgencyStatus(models.TextChoices):
    DRAFT = "nhap", _("Đang đánh giá")
    RANKED = "xep_loai", _("Đã xếp loại")
