"""Choices of the positions app: the national framework lists and the groups of job positions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ListCode(models.TextChoices):
    """The framework lists: five for civil servants (Decree 361/2025/NĐ-CP, in force 31/12/2025) and
    three appendices for public employees (Decree 232/2026/NĐ-CP, in force 01/07/2026). RULES-2 §5.1–5.2."""

    CC_LEADERSHIP = "cc_lanh_dao", _("Công chức – lãnh đạo, quản lý (89 vị trí)")
    CC_PROFESSIONAL = "cc_chuyen_mon", _("Công chức – chuyên môn, nghiệp vụ (690 vị trí)")
    CC_SUPPORT = "cc_ho_tro", _("Công chức – hỗ trợ, phục vụ (22 vị trí)")
    CC_ASSEMBLY = "cc_doan_dbqh_hdnd", _("Công chức – Văn phòng Đoàn ĐBQH và HĐND (28 vị trí)")
    CC_COMMUNE = "cc_cap_xa", _("Công chức cấp xã (45 vị trí)")
    VC_LEADERSHIP = "vc_lanh_dao", _("Viên chức – lãnh đạo, quản lý (Phụ lục I)")
    VC_PROFESSIONAL = "vc_chuyen_mon", _("Viên chức – chuyên môn, nghiệp vụ (Phụ lục II)")
    VC_SUPPORT = "vc_ho_tro", _("Viên chức – hỗ trợ, phục vụ (Phụ lục III)")


class PositionGroup(models.TextChoices):
    LEADERSHIP = "lanh_dao_quan_ly", _("Lãnh đạo, quản lý")
    PROFESSIONAL = "chuyen_mon", _("Chuyên môn, nghiệp vụ")
    SUPPORT = "ho_tro_phuc_vu", _("Hỗ trợ, phục vụ")


# The decree that sets each framework list (shown with the list; named in verdicts).
CIVIL_SERVANT_DECREE = "Nghị định 361/2025/NĐ-CP"
PUBLIC_EMPLOYEE_DECREE = "Nghị định 232/2026/NĐ-CP"


def list_decree(list_code: str) -> str:
    return CIVIL_SERVANT_DECREE if list_code.startswith("cc_") else PUBLIC_EMPLOYEE_DECREE


def list_group(list_code: str) -> str:
    """The group of positions a framework list holds (the Assembly office's and the commune's lists
    mix groups: professional is taken as theirs unless the agency says otherwise)."""
    if list_code.endswith("lanh_dao"):
        return PositionGroup.LEADERSHIP
    if list_code.endswith("ho_tro"):
        return PositionGroup.SUPPORT
    return PositionGroup.PROFESSIONAL
